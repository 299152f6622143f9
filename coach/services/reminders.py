"""The reminder daemon: what is due now (from the data folder and the routines), firing it once.

Each check reads the program (only active program routines remind), the routines (the library,
else the file the program entry names), the settings (:mod:`coach.services.reminder_settings`),
the last week's complete sessions and next-morning check-ins, and the fired keys; then the pure
schedule (:func:`coach.domain.schedule.due_reminders`) decides from the wall clock. Each
reminder shown is first claimed with ``Repository.record_fired`` (atomic across processes), so
the daemon, a cron ``once``, a restarted daemon and the TUI never show the same reminder twice.
Claims are keyed by (routine, local date, slot), and old claims are only forgotten once later
days have their own, so a clock set ahead and corrected never fires a reminder twice. A claimed
reminder whose notification failed or timed out is released for the next check, at most
``MAX_SEND_TRIES`` tries in all, and each failure is reported.

Who shows it: while the TUI is open it writes a heartbeat (``reminders.tui_open``) every poll
and shows reminders itself (a toast, and a desktop notification); the daemon then leaves them
alone. When desktop notifications can't be shown, the daemon does not claim a reminder: it stays
due (within the schedule's catch-up window) for the TUI, or for when the desktop comes back.

Not due: a routine with a session in progress (started in the last ``BUSY_FOR``), routine
reminders on a day marked excused (``Repository.set_excused``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from coach.domain.plan import expand
from coach.domain.schedule import (
    Done,
    Reminder,
    ReminderSettings,
    ScheduledRoutine,
    due_reminders,
    next_reminder,
    prune_fired,
)
from coach.domain.validation import RoutineInvalid
from coach.library import (
    Library,
    LoadedRoutine,
    default_sources,
    files_signature,
    load_file,
    load_library,
)
from coach.localtime import local_tz
from coach.services.notify import Notifier, SendResult
from coach.services.reminder_presence import LAST_RUN, tui_is_open
from coach.services.reminder_settings import ReminderPrefs, load_prefs
from coach.storage.errors import StorageError
from coach.storage.repo import Repository

DEFAULT_INTERVAL_S = 30.0
"""Seconds between two checks of the daemon."""
LAST_RUN_EVERY = timedelta(minutes=5)
"""How often a running daemon notes in the data folder that it is checking."""
KEEP_FIRED = timedelta(days=8)
MAX_SEND_TRIES = 3
"""A reminder whose notification failed (or timed out) is tried on this many checks at most."""
BUSY_FOR = timedelta(hours=3)
"""A session in progress that started less than this ago holds its routine's reminders."""

Clock = Callable[[], datetime]


def wall_now() -> datetime:
    """The wall-clock time now, in the client's time zone."""
    return datetime.now(local_tz())


@dataclass(frozen=True)
class Schedule:
    """Everything the schedule needs at one moment, read from the data folder."""

    routines: list[ScheduledRoutine]
    done: Done
    fired: set[str]
    prefs: ReminderPrefs
    loaded: dict[str, LoadedRoutine] = field(default_factory=dict)
    busy: frozenset[str] = frozenset()
    excused: frozenset[date] = frozenset()
    problems: list[str] = field(default_factory=list)

    @property
    def settings(self) -> ReminderSettings:
        """The schedule settings."""
        return self.prefs.settings()

    def held(self, reminder: Reminder, now: datetime) -> bool:
        """True when a reminder the schedule finds due must not be shown now."""
        if reminder.kind == "next_morning":
            return False
        return reminder.routine_id in self.busy or now.date() in self.excused


def program_routines(repo: Any, library: Library) -> tuple[list[LoadedRoutine], list[str]]:
    """The active program's routines (library first, else the entry's file) and problems."""
    found, problems = [], []
    for entry in repo.program():
        loaded = library.routines.get(entry.routine_id)
        if loaded is None:
            try:
                loaded = load_file(Path(entry.path))
            except RoutineInvalid:
                loaded = None
        if loaded is None or loaded.routine.id != entry.routine_id:
            problems.append(
                f"'{entry.routine_id}' is in your program but its routine file is missing "
                "or has problems, so it gets no reminders"
            )
            continue
        found.append(loaded)
    return found, problems


def load_schedule(repo: Any, library: Library, now: datetime) -> Schedule:
    """Read what the schedule needs at ``now`` (tz-aware) from the repository."""
    prefs = load_prefs(repo)
    loaded, problems = program_routines(repo, library)
    routines = [
        ScheduledRoutine.from_routine(
            lr.routine,
            estimate_s=expand(lr.routine).estimate_s,
            times=prefs.explicit(lr.routine.id),
        )
        for lr in loaded
    ]
    since = now - KEEP_FIRED
    sessions, checkins = repo.history(since, context="next_morning")
    done_sessions: dict[str, list[datetime]] = {}
    busy = set()
    for rec in sessions:
        if rec.status == "complete":
            done_sessions.setdefault(rec.routine_id, []).append(rec.started_at)
        elif rec.status == "in_progress" and now - BUSY_FOR <= rec.started_at <= now:
            busy.add(rec.routine_id)
    done = Done(done_sessions, [c.at for c in checkins])
    fired = prune_fired(repo.fired_reminders(), now.date(), keep_days=KEEP_FIRED.days)
    excused = frozenset(day for day in repo.excused_days() if day >= now.date() - timedelta(1))
    by_id = {lr.routine.id: lr for lr in loaded}
    return Schedule(routines, done, fired, prefs, by_id, frozenset(busy), excused, problems)


def due_now(
    schedule: Schedule, now: datetime, last_check: datetime | None = None
) -> list[Reminder]:
    """The reminders to show at ``now`` (not yet claimed)."""
    found = due_reminders(
        now,
        schedule.routines,
        schedule.done,
        schedule.fired,
        last_check,
        schedule.prefs.snoozed_until,
        schedule.settings,
    )
    return [r for r in found if not schedule.held(r, now)]


def _next_shown(
    schedule: Schedule,
    now: datetime,
    routines: Sequence[ScheduledRoutine],
    settings: ReminderSettings,
) -> tuple[datetime, list[Reminder]] | None:
    """The next moment with a reminder that would be shown (held ones skipped), and which."""
    fired = set(schedule.fired)
    snoozed = schedule.prefs.snoozed_until
    for _ in range(50):  # skip moments whose reminders are held (excused day, busy routine)
        at = next_reminder(now, routines, schedule.done, fired, snoozed, settings)
        if at is None:
            return None
        found = due_reminders(at, routines, schedule.done, fired, None, snoozed, settings)
        shown = [r for r in found if not schedule.held(r, at)]
        if shown:
            return at, shown
        fired.update(r.key for r in found)
    return None


@dataclass(frozen=True)
class Upcoming:
    """The one answer to "when is the next reminder": overall and per program routine."""

    first: tuple[datetime, list[Reminder]] | None
    """When the next reminder comes and which (assuming nothing more is done), or None."""
    by_routine: dict[str, datetime | None]
    """Each program routine's next reminder (held ones skipped, as for ``first``)."""


def upcoming(schedule: Schedule, now: datetime) -> Upcoming:
    """When the next reminders come: ``coach doctor``, ``coach remind list``, ``coach remind
    status`` and the reminder settings screen all read this one function.

    A reminder that would be held when it comes (an excused day, a session under way) is
    skipped, the same way for the whole program and for each routine.
    """
    routine_only = replace(schedule.settings, next_morning=False)
    by_routine = {}
    for sr in schedule.routines:
        found = _next_shown(schedule, now, [sr], routine_only)
        by_routine[sr.routine_id] = found[0] if found else None
    first = _next_shown(schedule, now, schedule.routines, schedule.settings)
    return Upcoming(first, by_routine)


def next_due(schedule: Schedule, now: datetime) -> tuple[datetime, list[Reminder]] | None:
    """When the next reminder comes and which (assuming nothing more is done), or None."""
    return upcoming(schedule, now).first


def next_for_routine(schedule: Schedule, routine_id: str, now: datetime) -> datetime | None:
    """When the next reminder for one routine comes (assuming nothing more is done), or None."""
    return upcoming(schedule, now).by_routine.get(routine_id)


def claim(repo: Any, reminder: Reminder, now: datetime) -> bool:
    """Record the reminder as fired; False when another process (or the TUI) already did."""
    return bool(repo.record_fired(reminder.key, now))


@dataclass
class CheckResult:
    """What one check did. ``deferred``: left to the open TUI; ``unavailable``: desktop
    notifications can't be shown (``reason``), left due."""

    now: datetime
    sent: list[tuple[Reminder, SendResult]] = field(default_factory=list)
    deferred: list[Reminder] = field(default_factory=list)
    unavailable: list[Reminder] = field(default_factory=list)
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    failed: list[tuple[Reminder, SendResult, bool]] = field(default_factory=list)
    """Claimed but not shown: (reminder, what happened, whether a later check tries again)."""


class ReminderService:
    """Checks the data folder for due reminders and shows them through one Notifier.

    ``now`` is the wall clock (tests pass a fake one); ``how`` names the caller in the
    ``reminders.last_run`` note (``run``, ``once``; ``tui`` writes none); ``open_repo`` opens
    the repository (default: ``Repository.open(data_dir)``).
    """

    def __init__(
        self,
        data_dir: Path,
        extra_dirs: Sequence[Path] = (),
        *,
        notifier: Notifier | None = None,
        now: Clock = wall_now,
        how: str = "run",
        open_repo: Callable[[], Any] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.extra_dirs = list(extra_dirs)
        self.notifier = notifier if notifier is not None else Notifier()
        self.now = now
        self.how = how
        self.last_check: datetime | None = None
        self._open_repo = open_repo
        self._repo: Any = None
        self._noted: datetime | None = None
        self._pruned: date | None = None
        self._library: tuple[object, Library] | None = None

    def repo(self) -> Any:
        """The data folder's repository (opened on first use, with ``open_repo`` if given)."""
        if self._repo is None:
            if self._open_repo is not None:
                self._repo = self._open_repo()
            else:
                self._repo = Repository.open(self.data_dir)
        return self._repo

    def library(self) -> Library:
        """The routines, read again when a routine file was added, changed or removed."""
        sources = default_sources(self.data_dir, self.extra_dirs)
        signature = files_signature([folder for folder, _ in sources])
        if self._library is None or signature != self._library[0]:
            self._library = (signature, load_library(sources))
        return self._library[1]

    def due(self, now: datetime) -> tuple[Schedule, list[Reminder]]:
        """Read the schedule at ``now`` and what is due; prunes old fired keys once a day."""
        repo, library = self.repo(), self.library()
        with repo.transaction():  # one lock and one read of the files for the whole check
            if self._pruned != now.date():
                repo.forget_fired_before(now - KEEP_FIRED)
                self._pruned = now.date()
            if self.how != "tui" and (
                self._noted is None or abs(now - self._noted) >= LAST_RUN_EVERY
            ):
                note = {"at": now.isoformat(), "pid": os.getpid(), "how": self.how}
                repo.set_setting(LAST_RUN, note)
                self._noted = now
            schedule = load_schedule(repo, library, now)
        found = due_now(schedule, now, self.last_check)
        self.last_check = now
        return schedule, found

    def check(self) -> CheckResult:
        """One check: show what is due (unless the TUI is open or the desktop can't show it)."""
        now = self.now()
        schedule, found = self.due(now)
        result = CheckResult(now, problems=list(schedule.problems))
        if not found:
            return result
        repo = self.repo()
        if tui_is_open(repo, now):
            result.deferred = found
            return result
        status = self.notifier.checker.check()
        if not status.ok:
            result.unavailable, result.reason = found, status.reason
            return result
        for reminder in found:
            if claim(repo, reminder, now):
                sent = self.notifier.send(reminder.title, reminder.body)
                result.sent.append((reminder, sent))
                if not sent.sent:  # not shown: try again on the next check, a few times
                    again = repo.send_failed(reminder.key, now, MAX_SEND_TRIES)
                    result.failed.append((reminder, sent, again))
        return result

    def run(
        self,
        stop: threading.Event,
        interval: float = DEFAULT_INTERVAL_S,
        report: Callable[[CheckResult], object] = lambda result: None,
        trouble: Callable[[str], object] = lambda message: None,
    ) -> None:
        """Check every ``interval`` seconds until ``stop`` is set; a failed check is reported
        (``trouble``) and the loop goes on."""
        while not stop.is_set():
            try:
                report(self.check())
            except StorageError as exc:
                trouble(str(exc))
            except Exception as exc:  # the daemon keeps going; the next check may work
                trouble(f"coach could not check for reminders ({type(exc).__name__}: {exc})")
            stop.wait(interval)
