"""The client's reminder settings, kept in the data folder (Repository settings).

Shared by ``coach remind ...``, the TUI's reminder screen and the daemon, so that all three
accept the same input with the same words. Every change is checked in full first (a bad time,
an unknown routine, a routine not in the program: :class:`SettingsError`, nothing written), then
written in one transaction.

Settings (JSON values):

- ``reminders.times``: ``{routine id: ["09:00", ...]}``; a routine not listed gets the default
  times of its prescription (:func:`coach.domain.schedule_inputs.default_times`); an empty list
  means no reminders for it.
- ``reminders.quiet``: ``{"start": "21:30", "end": "08:00"}``; nothing pops up in between.
- ``reminders.snoozed_until``: an ISO time; nothing pops up before it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Protocol

from coach.domain.schedule import passed_today
from coach.domain.schedule_inputs import (
    QuietHours,
    ReminderSettings,
    ScheduledRoutine,
    default_times,
    parse_time,
)
from coach.library import Library, LoadedRoutine

TIMES = "reminders.times"
QUIET = "reminders.quiet"
SNOOZED = "reminders.snoozed_until"
MAX_TIMES = 12
"""Most reminder times one routine may have."""


class SettingsRepo(Protocol):
    """The part of :class:`coach.storage.repo.Repository` the settings use."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's value, or ``default``."""

    def set_setting(self, key: str, value: Any) -> None:
        """Set a setting (a JSON value)."""

    def transaction(self) -> Any:
        """Make the calls inside the block one transaction."""

    def record_fired(self, key: str, at: datetime) -> bool:
        """Record reminder ``key`` as shown (or not to be shown)."""


class SettingsError(ValueError):
    """Input the reminder settings refuse; ``str()`` is a plain message for the client."""


def hhmm(t: time) -> str:
    """A time as ``HH:MM``."""
    return f"{t:%H:%M}"


def times_text(times: Sequence[time]) -> str:
    """``09:00, 18:00``, or ``off`` for none."""
    return ", ".join(hhmm(t) for t in times) or "off"


@dataclass(frozen=True)
class ReminderPrefs:
    """The stored reminder settings; values that can't be read are left at their defaults."""

    times: Mapping[str, tuple[time, ...]] = field(default_factory=dict)
    quiet: QuietHours = field(default_factory=QuietHours)
    snoozed_until: datetime | None = None

    def settings(self) -> ReminderSettings:
        """The schedule's settings (quiet hours; the rest default)."""
        return ReminderSettings(quiet=self.quiet)

    def explicit(self, routine_id: str) -> tuple[time, ...] | None:
        """The times the client set for a routine, or None (defaults)."""
        return self.times.get(routine_id)

    def effective(self, routine_id: str, per_day: int) -> tuple[time, ...]:
        """The times a routine reminds at: those set, else the defaults for ``per_day``."""
        found = self.times.get(routine_id)
        if found is not None:
            return found
        cfg = self.settings()
        return default_times(per_day, cfg.waking_start, cfg.waking_end)


def _times(raw: object) -> tuple[time, ...] | None:
    if not isinstance(raw, list):
        return None
    try:
        return tuple(sorted({parse_time(str(t)) for t in raw}))
    except ValueError:
        return None


def load_prefs(repo: SettingsRepo) -> ReminderPrefs:
    """Read the reminder settings (tolerant: a damaged value counts as not set)."""
    raw_times = repo.get_setting(TIMES, {})
    times: dict[str, tuple[time, ...]] = {}
    if isinstance(raw_times, dict):
        for rid, raw in raw_times.items():
            parsed = _times(raw)
            if parsed is not None:
                times[str(rid)] = parsed
    quiet = QuietHours()
    raw_quiet = repo.get_setting(QUIET)
    if isinstance(raw_quiet, dict):
        with contextlib.suppress(KeyError, ValueError):
            start, end = parse_time(str(raw_quiet["start"])), parse_time(str(raw_quiet["end"]))
            quiet = QuietHours(start, end)
    snoozed = None
    raw_snooze = repo.get_setting(SNOOZED)
    if isinstance(raw_snooze, str):
        try:
            snoozed = datetime.fromisoformat(raw_snooze)
        except ValueError:
            snoozed = None
        if snoozed is not None and snoozed.tzinfo is None:
            snoozed = snoozed.astimezone()
    return ReminderPrefs(times, quiet, snoozed)


def parse_times(texts: Iterable[str]) -> tuple[time, ...]:
    """Times written ``HH:MM``, sorted without repeats; SettingsError naming the first bad one."""
    found: set[time] = set()
    for text in texts:
        try:
            found.add(parse_time(text))
        except ValueError as exc:
            raise SettingsError(str(exc)) from None
    if not found:
        raise SettingsError("give at least one time, like 09:00")
    return tuple(sorted(found))


def program_routine(routine_id: str, program_ids: Sequence[str], library: Library) -> LoadedRoutine:
    """The program routine with this id; SettingsError saying why it can't have reminders."""
    mine = ", ".join(program_ids) or "empty"
    if routine_id not in program_ids:
        if routine_id in library.routines:
            raise SettingsError(
                f"'{routine_id}' is not in your program, so it gets no reminders. Add it to "
                "your program first (from the coach screen, or with `coach add FILE`)."
            )
        raise SettingsError(f"there is no routine '{routine_id}' in your program ({mine})")
    loaded = library.routines.get(routine_id)
    if loaded is None:
        raise SettingsError(
            f"the routine file of '{routine_id}' is missing or has problems; "
            "run `coach doctor` to see what is wrong"
        )
    return loaded


def _write_times(
    repo: SettingsRepo,
    loaded: LoadedRoutine,
    times: Sequence[time] | None,
    now: datetime | None,
) -> None:
    """Store a routine's times (None: the defaults); with ``now``, times new to it that already
    passed today wait for tomorrow (:func:`skip_passed_today`). Call inside a transaction."""
    routine = loaded.routine
    before = load_prefs(repo).effective(routine.id, routine.frequency.per_day)
    stored = repo.get_setting(TIMES, {})
    table = dict(stored) if isinstance(stored, dict) else {}
    if times is None:
        table.pop(routine.id, None)
    else:
        table[routine.id] = [hhmm(t) for t in sorted(set(times))]
    repo.set_setting(TIMES, table)
    if now is not None:
        skip_passed_today(repo, loaded, now, before)


def skip_passed_today(
    repo: SettingsRepo,
    loaded: LoadedRoutine,
    now: datetime,
    before: Collection[time] = (),
    before_settings: ReminderSettings | None = None,
) -> list[str]:
    """Record a routine's reminder times not in ``before`` whose time today has passed as done
    with, so that each first reminds at its next occurrence instead of at once as a late "This
    was due at 09:00" (:func:`coach.domain.schedule.passed_today`); the keys recorded. With
    ``before_settings`` (the quiet hours changed): only the times they kept from coming at all
    today (22:00 under quiet hours from 21:30, when the quiet hours go off at 23:00); one they
    only moved (07:00 to 08:00) still comes."""
    prefs = load_prefs(repo)
    times = prefs.explicit(loaded.routine.id)
    scheduled = ScheduledRoutine.from_routine(loaded.routine, times=times)
    keys = passed_today(now, scheduled, prefs.settings(), before)
    if before_settings is not None:
        day_end = now.replace(hour=23, minute=59, second=59)
        came = set(passed_today(day_end, scheduled, before_settings, before))
        keys = [key for key in keys if key not in came]
    for key in keys:
        repo.record_fired(key, now)
    return keys


def add_times(
    repo: SettingsRepo, loaded: LoadedRoutine, new: Sequence[time], now: datetime | None = None
) -> tuple[time, ...]:
    """Add reminder times to a routine; the new times. With ``now`` (the use cases always give
    it; None only for seeding data), one already passed today first reminds tomorrow.

    The first times a client sets replace the default times (asking for 10:00 and 15:30 on a
    twice-a-day routine means those two, not four); later calls add to what was set.
    """
    routine = loaded.routine
    with repo.transaction():
        current = load_prefs(repo).times.get(routine.id) or ()
        result = tuple(sorted(set(current) | set(new)))
        if len(result) > MAX_TIMES:
            raise SettingsError(
                f"'{routine.id}' would have {len(result)} reminder times; at most {MAX_TIMES}"
            )
        _write_times(repo, loaded, result, now)
    return result


def remove_times(
    repo: SettingsRepo, loaded: LoadedRoutine, which: time | None = None
) -> tuple[time, ...]:
    """Remove one reminder time of a routine, or all of them (``which`` None); the times left."""
    routine = loaded.routine
    with repo.transaction():
        current = load_prefs(repo).effective(routine.id, routine.frequency.per_day)
        if which is None:
            result: tuple[time, ...] = ()
        elif which not in current:
            raise SettingsError(
                f"'{routine.id}' has no reminder at {hhmm(which)} "
                f"(its times: {times_text(current)})"
            )
        else:
            result = tuple(t for t in current if t != which)
        _write_times(repo, loaded, result, None)
    return result


def set_times(
    repo: SettingsRepo, loaded: LoadedRoutine, times: Sequence[time], now: datetime | None = None
) -> tuple[time, ...]:
    """Set a routine's reminder times to exactly these (none: no reminders); those times. With
    ``now``, a new one already passed today first reminds tomorrow (as :func:`add_times`)."""
    result = tuple(sorted(set(times)))
    if len(result) > MAX_TIMES:
        raise SettingsError(f"at most {MAX_TIMES} reminder times; got {len(result)}")
    with repo.transaction():
        _write_times(repo, loaded, result, now)
    return result


def reset_times(
    repo: SettingsRepo, loaded: LoadedRoutine, now: datetime | None = None
) -> tuple[time, ...]:
    """Go back to the default times of the routine's prescription; those times. With ``now``,
    a new one already passed today first reminds tomorrow (as :func:`add_times`)."""
    with repo.transaction():
        _write_times(repo, loaded, None, now)
        prefs = load_prefs(repo)
    return prefs.effective(loaded.routine.id, loaded.routine.frequency.per_day)


def set_quiet(
    repo: SettingsRepo,
    start: time,
    end: time,
    now: datetime | None = None,
    routines: Sequence[LoadedRoutine] = (),
) -> QuietHours:
    """Set the quiet hours (``start == end``: none). With ``now``, a time of ``routines`` that
    the old quiet hours held and the new ones let through, already passed today, first reminds
    tomorrow (not at once, late)."""
    with repo.transaction():
        old = load_prefs(repo).settings()
        repo.set_setting(QUIET, {"start": hhmm(start), "end": hhmm(end)})
        if now is not None:
            for loaded in routines:
                skip_passed_today(repo, loaded, now, before_settings=old)
    return QuietHours(start, end)


def quiet_text(quiet: QuietHours) -> str:
    """``21:30-08:00``, or ``none``."""
    return "none" if quiet.start == quiet.end else f"{hhmm(quiet.start)}-{hhmm(quiet.end)}"


def quiet_note(times: Sequence[time], quiet: QuietHours) -> str | None:
    """A plain note about times that fall in the quiet hours, or None."""
    inside = [t for t in times if quiet.contains(t)]
    if not inside:
        return None
    moved = [t for t in inside if quiet.end > t]
    parts = []
    if moved:
        parts.append(f"{times_text(moved)} will come at {hhmm(quiet.end)} instead")
    dropped = [t for t in inside if t not in moved]
    if dropped:
        parts.append(f"{times_text(dropped)} will not come at all")
    return f"Note: your quiet hours are {quiet_text(quiet)}: " + "; ".join(parts) + "."


def set_snoozed(repo: SettingsRepo, until: datetime | None) -> None:
    """Postpone reminders until ``until`` (None: stop snoozing)."""
    repo.set_setting(SNOOZED, None if until is None else until.isoformat())
