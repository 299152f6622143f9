"""Statistics over the client's log for the review screens, ``coach stats``, exports and reports.

Pure: records in, frozen dataclasses out. Typical use::

    index = SessionIndex.build(sessions, tz)
    log = CheckInIndex(checkins, tz)
    today = local_date(now, tz)
    routine_streak(index, item, excused, today); routine_adherence(index, item, excused, today)
    calendar(index, program, excused, start, end); today_plan(index, program, excused, today)

or everything at once with :func:`summarise`. The counting rules (local days, only ``complete``
sessions count, partial ones are visible but never count, ``since``) are in
:mod:`coach.domain.streaks`, which also holds the index and the streaks, re-exported here.

Adherence rules:

- A window is a run of whole local days. It ends today when today's bouts are all done, else
  yesterday (an unfinished today is never held against the client). It starts no earlier than the
  routine's *start*: the later of the day it entered the program and the day it was first run
  (any status); never run: the day it entered the program.
- Excused days are left out of a window entirely (neither prescribed nor counted) and reported.
- prescribed = days_per_week x per_day x (counted days) / 7: exact (per_day a day) for daily
  routines, prorated for weekly ones (a 3/week routine over 7 days: 3; over 10 days: 30/7).
- done: complete bouts capped at ``per_day`` each day (3 bouts on a 1/day prescription count 1),
  at ``days_per_week x per_day`` within each ISO week, and in total at the prescription: extra
  work never makes up for a missed day or week. The fraction is therefore at most 1 (100 %).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from coach.domain.calendar_days import CalendarState, DaySummary, calendar
from coach.domain.days import RoutineDay, routine_days
from coach.domain.progress import Consistency, consistency
from coach.domain.record_types import CheckInLike, SessionLike
from coach.domain.streaks import (
    MAX_EXCUSED_IN_A_ROW,
    ONE_DAY,
    Excuse,
    Excused,
    ProgramItem,
    SessionIndex,
    Streak,
    local_date,
    monday_of,
    overall_streak,
    routine_streak,
)
from coach.domain.today_plan import TodayItem, WeekProgress, today_plan, week_progress
from coach.domain.trends import (
    CheckInIndex,
    MeasureSpec,
    Trend,
    flare_days,
    function_trend,
    measure_trends,
    pain_trends,
)

# fmt: off
if TYPE_CHECKING:
    from coach.domain.past_state import Past

__all__ = [
    "MAX_EXCUSED_IN_A_ROW", "Adherence", "CalendarState", "Consistency", "DaySummary", "Excuse",
    "Excused", "ProgramItem", "RoutineAdherence", "RoutineDay", "RoutineSummary", "SessionIndex",
    "Streak", "Summary", "TodayItem", "WeekProgress", "adherence", "adherence_end",
    "adherence_start", "calendar", "consistency", "local_date", "monday_of", "overall_streak",
    "routine_adherence", "routine_streak", "summarise", "today_plan", "week_progress",
]
# fmt: on


# --- adherence -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adherence:
    """Completed against prescribed bouts over a window (``first``/``last`` None when empty)."""

    first: date | None
    last: date | None
    done: float
    prescribed: float
    excused_days: int

    @property
    def fraction(self) -> float | None:
        """done / prescribed in 0..1, or None when nothing was prescribed."""
        return None if self.prescribed <= 0 else min(1.0, self.done / self.prescribed)

    @property
    def percent(self) -> int | None:
        """The fraction as a whole percentage (half rounds up), or None."""
        fraction = self.fraction
        return None if fraction is None else int(fraction * 100 + 0.5)


@dataclass(frozen=True)
class RoutineAdherence:
    """A routine's adherence over the last 7 and 28 days and since its start."""

    routine_id: str
    last_7: Adherence
    last_28: Adherence
    since_start: Adherence


def adherence_start(index: SessionIndex, item: ProgramItem) -> date:
    """The first day of a routine's adherence window: its ``since`` (the earlier of the day it
    entered the program and its first logged session, or the day the client set)."""
    return item.since


def adherence_end(index: SessionIndex, item: ProgramItem, today: date) -> date:
    """Today when today's bouts are all done, else yesterday."""
    done_today = index.facts(item.routine_id, today).complete
    return today if done_today >= item.frequency.per_day else today - ONE_DAY


def adherence(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    first: date,
    last: date,
    today: date | None = None,
) -> Adherence:
    """Adherence of one routine over the days ``first``..``last`` (inclusive; see module rules).

    Reads the judged days (:func:`coach.domain.days.routine_days`): an excused day not done is
    left out; every other day adds its done bouts (capped at ``per_day``). ``today`` (at least
    ``last``; default ``last``) only says which days were judged already: a day before today
    is judged "none" where it would be "open" as today, which adherence reads alike.
    """
    first = max(first, adherence_start(index, item))
    if first > last:
        return Adherence(None, None, 0.0, 0.0, 0)
    per_day, per_week = item.frequency.per_day, item.frequency.days_per_week
    week_cap = per_week * per_day
    done = 0.0
    counted = excused_n = week_done = 0
    for d in routine_days(index, item, excused, first, last, max(last, first, today or last)):
        if d.day.weekday() == 0:  # a new ISO week: close the previous one at its cap
            done += min(week_done, week_cap)
            week_done = 0
        if d.state == "excused":
            excused_n += 1
        else:
            counted += 1
            week_done += d.done
    done += min(week_done, week_cap)
    prescribed = week_cap * counted / 7
    return Adherence(first, last, min(done, prescribed), prescribed, excused_n)


def routine_adherence(
    index: SessionIndex, item: ProgramItem, excused: Excused, today: date
) -> RoutineAdherence:
    """Adherence over the last 7 days, the last 28 days and since the routine's start."""
    last = adherence_end(index, item, today)
    return RoutineAdherence(
        item.routine_id,
        adherence(index, item, excused, last - timedelta(days=6), last, today),
        adherence(index, item, excused, last - timedelta(days=27), last, today),
        adherence(index, item, excused, date.min, last, today),
    )


# --- everything at once --------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineSummary:
    """One program routine's streak, adherence and week."""

    item: ProgramItem
    streak: Streak
    adherence: RoutineAdherence
    week: WeekProgress
    consistency: Consistency


@dataclass(frozen=True)
class Summary:
    """All the statistics a review screen or report shows, as of ``today``."""

    today: date
    routines: tuple[RoutineSummary, ...]
    overall: Streak
    plan: tuple[TodayItem, ...]
    pain: tuple[Trend, ...]
    measures: tuple[Trend, ...]
    function: Trend
    flare_days: tuple[date, ...]
    consistency: Consistency
    """The whole program's good weeks, active days, this week and best week."""


def summarise(
    sessions: Iterable[SessionLike],
    checkins: Iterable[CheckInLike] | CheckInIndex,
    program: Sequence[ProgramItem],
    excused: Excused,
    tz: tzinfo,
    now: datetime,
    measures: Sequence[MeasureSpec] = (),
    activities: Collection[str] | None = None,
    index: SessionIndex | None = None,
    past_of: Callable[[Sequence[ProgramItem]], Past | None] | None = None,
) -> Summary:
    """Streaks, adherence, today's plan and every trend, as of ``now`` in ``tz``.

    ``checkins`` may be a ready :class:`CheckInIndex` (e.g. built from the per-day facts).
    ``measures``: the mobility measures to trend; ``activities``: the active PSFS activity ids
    (None: every activity rated in a check-in); ``index``: ``SessionIndex.build(sessions, tz)``
    if the caller has it already; ``past_of``: the past (:mod:`coach.domain.past`) of a list of
    program routines, so that the streaks and effort figures walk only this year's days (the
    same figures).
    """
    index = index or SessionIndex.build(sessions, tz)
    log = checkins if isinstance(checkins, CheckInIndex) else CheckInIndex(checkins, tz)
    today = local_date(now, tz)
    routines = tuple(
        RoutineSummary(
            p,
            routine_streak(index, p, excused, today),
            routine_adherence(index, p, excused, today),
            week_progress(index, p, today, excused),
            consistency(index, [p], excused, today, past_of and past_of([p])),
        )
        for p in program
    )
    whole = past_of and past_of(program)
    return Summary(
        today,
        routines,
        overall_streak(index, program, excused, today, whole),
        tuple(today_plan(index, program, excused, today)),
        tuple(pain_trends(log, tz)),
        tuple(measure_trends(log, measures, tz)),
        function_trend(log, tz, activities),
        tuple(flare_days(log, excused, tz)),
        consistency(index, program, excused, today, whole),
    )
