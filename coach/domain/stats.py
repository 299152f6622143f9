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

Adherence and its rules: :mod:`coach.domain.adherence`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from coach.domain.adherence import (
    Adherence,
    RoutineAdherence,
    adherence,
    adherence_end,
    adherence_start,
    routine_adherence,
)
from coach.domain.calendar_days import CalendarState, DaySummary, calendar
from coach.domain.days import RoutineDay
from coach.domain.progress import Consistency, consistency
from coach.domain.streaks import (
    MAX_EXCUSED_IN_A_ROW,
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
    from coach.domain.record_types import CheckInLike, SessionLike  # (~3 ms off `coach stats`)

__all__ = [
    "MAX_EXCUSED_IN_A_ROW", "Adherence", "CalendarState", "Consistency", "DaySummary", "Excuse",
    "Excused", "ProgramItem", "RoutineAdherence", "RoutineDay", "RoutineSummary", "SessionIndex",
    "Streak", "Summary", "TodayItem", "WeekProgress", "adherence", "adherence_end",
    "adherence_start", "calendar", "consistency", "local_date", "monday_of", "overall_streak",
    "routine_adherence", "routine_streak", "summarise", "today_plan", "week_progress",
]
# fmt: on


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
    routines = tuple(_routine_summary(index, p, excused, today, past_of) for p in program)
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


def _routine_summary(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    today: date,
    past_of: Callable[[Sequence[ProgramItem]], Past | None] | None,
) -> RoutineSummary:
    """One routine's figures; with its past (the program of this routine alone), the streak,
    adherence since the start and consistency walk only this year's days."""
    past = past_of([item]) if past_of is not None else None
    if past is None:
        streak = routine_streak(index, item, excused, today)
        carry = None
    else:  # (the streak of a one-routine program is the routine's streak)
        streak = overall_streak(index, [item], excused, today, past)
        carry = next(((past.at, (done, counted, excused_n))
                      for rid, done, counted, excused_n in past.adherence
                      if rid == item.routine_id), None)  # fmt: skip
    return RoutineSummary(
        item,
        streak,
        routine_adherence(index, item, excused, today, carry),
        week_progress(index, item, today, excused),
        consistency(index, [item], excused, today, past),
    )
