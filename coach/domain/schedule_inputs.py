"""What the reminder schedule (:mod:`coach.domain.schedule`) reads and gives back. Pure.

The client's settings (quiet hours, snooze, waking window, next-morning check-in), a routine as
the schedule sees it (prescription, reminder times, weekdays), what was done (from the log), and
a :class:`Reminder` to show; reading a time written ``HH:MM``, the default times, the snooze end.

- Default times (:func:`default_times`): in the waking window (default 08:00-20:00) the first
  bout is an hour after it opens, the last two hours before it closes, the others evenly between,
  rounded to 5 minutes: 1/day 09:00; 2/day 09:00, 18:00; 3/day 09:00, 13:30, 18:00.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from coach.domain.routine import Routine


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local times between which nothing pops up; ``start == end`` means none."""

    start: time = time(21, 30)
    end: time = time(8, 0)

    def contains(self, t: time) -> bool:
        """True when the wall-clock time ``t`` is inside the quiet hours."""
        t = t.replace(tzinfo=None, fold=0)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """The client's reminder settings (apply to every routine)."""

    quiet: QuietHours = field(default_factory=QuietHours)
    snooze: timedelta = timedelta(minutes=15)
    catch_up: timedelta = timedelta(hours=6)
    """A reminder shown later than this after its time (machine asleep, daemon stopped) is
    dropped; the routine's next time still comes."""
    waking_start: time = time(8, 0)
    waking_end: time = time(20, 0)
    next_morning: bool = True
    next_morning_at: time = time(9, 0)


@dataclass(frozen=True, slots=True)
class ScheduledRoutine:
    """A routine as the schedule sees it: the prescription plus its reminder settings.

    ``times``: local reminder times (None: :func:`default_times` for ``per_day``; empty: no
    reminders); ``days``:
    weekdays reminders may come on (0 = Monday; None: every day); ``minutes``: the estimated
    length shown in the text (None: not shown).
    """

    routine_id: str
    title: str
    per_day: int = 1
    days_per_week: int = 7
    minutes: int | None = None
    times: tuple[time, ...] | None = None
    days: frozenset[int] | None = None
    enabled: bool = True

    @classmethod
    def from_routine(
        cls,
        routine: Routine,
        *,
        estimate_s: float | None = None,
        times: Sequence[time] | None = None,
        days: Collection[int] | None = None,
        enabled: bool = True,
    ) -> ScheduledRoutine:
        """Build from a routine file (``estimate_s``: the plan's total estimate)."""
        return cls(
            routine_id=routine.id,
            title=routine.title,
            per_day=routine.frequency.per_day,
            days_per_week=routine.frequency.days_per_week,
            minutes=None if estimate_s is None else max(1, round(estimate_s / 60)),
            times=None if times is None else tuple(times),
            days=None if days is None else frozenset(days),
            enabled=enabled,
        )

    def reminder_times(self, settings: ReminderSettings) -> tuple[time, ...]:
        """The day's reminder times, sorted (explicit ones, else the defaults)."""
        if self.times is not None:
            return tuple(sorted({t.replace(second=0, microsecond=0) for t in self.times}))
        return default_times(self.per_day, settings.waking_start, settings.waking_end)


@dataclass(frozen=True, slots=True)
class Done:
    """What the client has done, from the log: per routine id, the start times of its sessions
    that count as a bout (status ``complete``, as the stats count them), and the times of
    next-morning check-ins (``CheckInRecord.at`` with context ``next_morning``)."""

    sessions: Mapping[str, Sequence[datetime]] = field(default_factory=dict)
    morning_check_ins: Sequence[datetime] = ()


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder to show. ``due_at``: when it became due (local); ``catch_up``: it is shown
    late (its body then says when it was due); title and body are plain text."""

    key: str
    routine_id: str
    kind: Literal["routine", "next_morning"]
    due_at: datetime
    title: str
    body: str
    catch_up: bool = False


def parse_time(text: str) -> time:
    """A reminder time written ``HH:MM`` (24-hour); ValueError with a plain message if not."""
    match = re.fullmatch(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", text.strip(), re.ASCII)
    if match:
        return time(int(match[1]), int(match[2]))
    raise ValueError(f"'{text}' is not a time of day like 09:00 or 18:30")


def default_times(
    per_day: int, waking_start: time = time(8, 0), waking_end: time = time(20, 0)
) -> tuple[time, ...]:
    """Default reminder times for ``per_day`` bouts (rule in the module docstring)."""
    start = waking_start.hour * 60 + waking_start.minute
    end = waking_end.hour * 60 + waking_end.minute
    if end <= start:
        end += 24 * 60
    first, last = start + 60, end - 120
    if per_day <= 1:
        slots = [float(first if first < end else start)]
    elif last > first:
        slots = [first + (last - first) * i / (per_day - 1) for i in range(per_day)]
    else:  # a short window: the middles of per_day equal parts
        slots = [start + (end - start) * (i + 0.5) / per_day for i in range(per_day)]
    minutes = sorted({(5 * round(m / 5)) % (24 * 60) for m in slots})
    return tuple(time(m // 60, m % 60) for m in minutes)


def snooze_until(now: datetime, settings: ReminderSettings) -> datetime:
    """When a snooze pressed at ``now`` ends."""
    return (now.astimezone(UTC) + settings.snooze).astimezone(now.tzinfo)
