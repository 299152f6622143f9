"""Reminder use cases: ``coach remind ...``, ``coach doctor`` and the TUI's reminder and set-up
screens call these, so that all of them read, check and say the same.

Every change is checked in full first (a bad time, an unknown routine, a routine not in the
program: :class:`SettingsError`, nothing written). "When is the next reminder" has one answer
(:func:`coach.services.reminders.upcoming`), worded here once. Blocking (they read the data
folder): the TUI calls them from worker threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from coach.domain.schedule import QuietHours, Reminder
from coach.library import LoadedRoutine
from coach.services import reminder_settings as rs
from coach.services.reminder_presence import last_run, tui_is_open
from coach.services.reminder_settings import (
    ReminderPrefs,
    SettingsError,
    hhmm,
    parse_times,
    quiet_text,
    times_text,
)
from coach.services.reminders import (
    ReminderService,
    Schedule,
    Upcoming,
    load_schedule,
    program_routines,
    upcoming,
)

if TYPE_CHECKING:
    from coach.app.context import AppContext

__all__ = [
    "SNOOZE_DEFAULT_MIN", "SNOOZE_MAX_MIN", "Overview", "ReminderRow", "SettingsError",
    "Status", "TimesChanged", "change_times", "clock_text", "describe_next", "hhmm",
    "next_reminder_text", "overview", "parse_snooze", "parse_times", "program_routines",
    "quiet_text", "service", "set_quiet", "set_times", "snooze", "status", "times_text",
    "when_text",
]  # fmt: skip

SNOOZE_DEFAULT_MIN = 15
SNOOZE_MAX_MIN = 12 * 60
TimesAction = Literal["add", "remove", "off", "reset"]


# --- words ---------------------------------------------------------------------------------


def clock_text(at: datetime, now: datetime, *, long_dates: bool = False) -> str:
    """``18:00 today``, ``09:00 tomorrow``, ``07:10 yesterday``, ``09:00 Wed 02 Dec`` (with
    ``long_dates``: ``09:00 on Wednesday 02 December``)."""
    days = (at.date() - now.date()).days
    other = f"on {at:%A %d %B}" if long_dates else f"{at:%a %d %b}"
    return f"{at:%H:%M} " + {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(days, other)


def when_text(at: datetime, now: datetime, *, long_dates: bool = False) -> str:
    """When a reminder comes: ``now`` once due, else :func:`clock_text`."""
    return "now" if at <= now else clock_text(at, now, long_dates=long_dates)


def describe_next(
    at: datetime, reminders: Sequence[Reminder], schedule: Schedule, now: datetime
) -> str:
    """``18:00 today: Neck and desk posture``; when due, ``Neck and desk posture, due now``
    (plain text)."""
    names = []
    for r in reminders:
        if r.kind == "next_morning":
            names.append("morning check-in")
        else:
            lr = schedule.loaded.get(r.routine_id)
            names.append(lr.routine.title if lr else r.routine_id)
    what = ", ".join(dict.fromkeys(names))
    if at <= now:
        return f"{what}, due now"
    return f"{clock_text(at, now, long_dates=True)}: {what}"


def next_reminder_text(schedule: Schedule, now: datetime, coming: Upcoming | None = None) -> str:
    """``18:00 today: Neck`` or ``none this week`` (after "Next reminder: ")."""
    found = (coming or upcoming(schedule, now)).first
    return describe_next(*found, schedule, now) if found else "none this week"


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRow:
    """One program routine's reminder settings, as the list and the settings screen show it."""

    routine_id: str
    title: str
    times: str
    """``09:00, 18:00`` or ``off``."""
    default: bool
    """The prescription's default times (none set by the client)."""
    days: str
    """``every day`` / ``5 days a week``."""
    next: str
    """``09:00 tomorrow``, ``now`` or ``-`` (none this week)."""


@dataclass(frozen=True)
class Overview:
    """Every program routine's reminders, the settings and the next reminder."""

    schedule: Schedule
    rows: list[ReminderRow]
    coming: Upcoming
    next: str
    """:func:`next_reminder_text`: ``18:00 today: Neck`` or ``none this week``."""

    @property
    def prefs(self) -> ReminderPrefs:
        return self.schedule.prefs

    @property
    def quiet(self) -> QuietHours:
        return self.schedule.prefs.quiet

    @property
    def problems(self) -> list[str]:
        """Program routines that get no reminders, and why."""
        return self.schedule.problems

    @property
    def loaded(self) -> dict[str, LoadedRoutine]:
        return dict(self.schedule.loaded)


def overview(ctx: AppContext, now: datetime | None = None) -> Overview:
    """Read the program, the settings and the next times (as of ``now``, default the context's
    wall clock)."""
    now = now or ctx.now()
    schedule = load_schedule(ctx.repo(), ctx.library(), now)
    coming = upcoming(schedule, now)
    rows = [
        ReminderRow(
            sr.routine_id,
            sr.title,
            times_text(sr.reminder_times(schedule.settings)),
            sr.times is None,
            "every day" if sr.days_per_week >= 7 else f"{sr.days_per_week} days a week",
            when_text(at, now) if (at := coming.by_routine.get(sr.routine_id)) else "-",
        )
        for sr in schedule.routines
    ]
    return Overview(schedule, rows, coming, next_reminder_text(schedule, now, coming))


@dataclass(frozen=True)
class Status:
    """How the reminders are doing (``coach remind status``; the service is asked apart)."""

    last_check: tuple[str, str] | None
    """(``18:00 today``, who checked: ``run`` / ``once``) of the daemon's last note."""
    tui_open: bool
    snoozed_until: datetime | None
    next: str


def status(ctx: AppContext, now: datetime | None = None) -> Status:
    """When the daemon last checked, whether the TUI is open, snoozing and the next reminder."""
    now = now or ctx.now()
    repo = ctx.repo()
    seen = last_run(repo, now)
    checked = None
    if seen is not None:
        checked = (clock_text(seen[0].astimezone(now.tzinfo), now), seen[1])
    schedule = load_schedule(repo, ctx.library(), now)
    until = schedule.prefs.snoozed_until
    snoozed = until.astimezone(now.tzinfo) if until is not None and until > now else None
    return Status(checked, tui_is_open(repo, now), snoozed, next_reminder_text(schedule, now))


# --- changing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimesChanged:
    """A routine's reminder times after a change, and a note when quiet hours move some."""

    loaded: LoadedRoutine
    times: tuple[time, ...]
    note: str | None

    @property
    def name(self) -> str:
        return f"{self.loaded.routine.title} ({self.loaded.routine.id})"


def _program_routine(ctx: AppContext, routine_id: str) -> LoadedRoutine:
    ids = [e.routine_id for e in ctx.repo().program()]
    return rs.program_routine(routine_id, ids, ctx.library())


def change_times(
    ctx: AppContext, routine_id: str, action: TimesAction, times: Sequence[time] = ()
) -> TimesChanged:
    """Add ``times`` to a program routine's reminders, remove one (``times[0]``), turn them all
    off, or go back to the prescription's times. SettingsError: nothing changed. A time new to
    the routine that already passed today first reminds tomorrow (not at once, late)."""
    repo = ctx.repo()
    loaded = _program_routine(ctx, routine_id)
    if action == "add":
        result = rs.add_times(repo, loaded, times, ctx.now())
    elif action == "remove":
        result = rs.remove_times(repo, loaded, times[0])
    elif action == "off":
        result = rs.remove_times(repo, loaded, None)
    else:
        result = rs.reset_times(repo, loaded, ctx.now())
    return TimesChanged(loaded, result, rs.quiet_note(result, rs.load_prefs(repo).quiet))


def set_times(ctx: AppContext, routine_id: str, times: Sequence[time]) -> TimesChanged:
    """Set a program routine's reminder times to exactly these (none: no reminders); one new to
    the routine that already passed today first reminds tomorrow."""
    repo = ctx.repo()
    loaded = _program_routine(ctx, routine_id)
    result = rs.set_times(repo, loaded, times, ctx.now())
    return TimesChanged(loaded, result, rs.quiet_note(result, rs.load_prefs(repo).quiet))


def set_quiet(ctx: AppContext, start: time, end: time) -> QuietHours:
    """Set the quiet hours (``start == end``: none). A reminder time they held that they now
    let through, already passed today, first reminds tomorrow."""
    repo = ctx.repo()
    loaded, _ = program_routines(repo, ctx.library())
    return rs.set_quiet(repo, start, end, ctx.now(), loaded)


def parse_snooze(text: str | None) -> int:
    """Minutes to snooze (default :data:`SNOOZE_DEFAULT_MIN`); SettingsError when not 0 to
    :data:`SNOOZE_MAX_MIN`."""
    text = text if text is not None else str(SNOOZE_DEFAULT_MIN)
    if not text.isascii() or not text.isdigit() or int(text) > SNOOZE_MAX_MIN:
        raise SettingsError(f"'{text}' is not a number of minutes from 0 to {SNOOZE_MAX_MIN}")
    return int(text)


def snooze(ctx: AppContext, minutes: int, now: datetime | None = None) -> datetime | None:
    """Postpone reminders for ``minutes`` (0: stop snoozing); until when (None when stopped)."""
    if minutes == 0:
        rs.set_snoozed(ctx.repo(), None)
        return None
    until = (now or ctx.now()) + timedelta(minutes=minutes)
    rs.set_snoozed(ctx.repo(), until)
    return until


def service(ctx: AppContext, how: str) -> ReminderService:
    """The reminder checker of this data folder (``how``: ``run`` or ``once``)."""
    return ReminderService(ctx.data_dir, ctx.extra_dirs, how=how)
