"""The day-status model, per ISO week: one judgement of each routine's week, from its judged days.

Weekly routines (fewer than 7 days a week) are judged per ISO week (Monday to Sunday); the
streaks, "this week" and the consistency figures read these weeks. The rules are in
:mod:`coach.domain.days`; the days come from :func:`coach.domain.days.routine_days` and the
weeks are judged once per :class:`~coach.domain.days.SessionIndex`, like the days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach.domain.clinical import MAX_EXCUSED_IN_A_ROW
from coach.domain.days import ProgramItem, RoutineDay, SessionIndex, monday_of, routine_days

WeekState = Literal["met", "frozen", "broken", "pending"]


GOOD_WEEK = 0.8
"""The share of a week's owed bouts that makes it a good week."""


@dataclass(frozen=True)
class WeekTotal:
    """One ISO week across the routines asked about (:func:`coach.domain.progress.week_totals`)."""

    monday: date
    bouts_done: int
    bouts_owed: float
    bouts_target: int
    days_met: int
    days_target: int

    @property
    def fraction(self) -> float | None:
        """Bouts done / owed (at most 1), or None when nothing was owed."""
        return None if self.bouts_owed <= 0 else min(1.0, self.bouts_done / self.bouts_owed)

    @property
    def good(self) -> bool:
        """At least 80 % of the owed bouts done."""
        fraction = self.fraction
        return fraction is not None and fraction >= GOOD_WEEK - 1e-9


# --- one routine, one ISO week -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoutineWeek:
    """One routine over one ISO week (``monday``), from its days up to today."""

    routine_id: str
    monday: date
    state: WeekState
    days_met: int
    days_target: int
    bouts_done: int
    bouts_target: int
    """Bouts prescribed for the week: ``days_target x per_day``."""
    bouts_owed: float
    """Bouts prescribed for the week's days in the program and not excused, prorated."""
    excused_days: int
    worked_days: int
    days_in_program: int

    @property
    def fraction(self) -> float | None:
        """Bouts done / bouts owed (at most 1), or None when nothing was owed."""
        if self.bouts_owed <= 0:
            return None
        return min(1.0, self.bouts_done / self.bouts_owed)


def judge_week(
    monday: date,
    days: list[RoutineDay],
    per_day: int,
    days_per_week: int,
    today: date,
    excused_run_before: int,
    max_excused_in_a_row: int,
) -> tuple[RoutineWeek, int]:
    """Judge one ISO week of a routine from its judged days (Monday..Sunday, in order).

    Returns the week and the excused days in a row at its end (carried into the next week).
    A week is MET when its done days reach the target (prorated when the routine entered the
    program mid-week). The current week is MET or PENDING: unfinished, it never breaks. A
    finished week that fell short is FROZEN when its excused days make up the shortfall and
    none of them was more than ``max_excused_in_a_row`` excused days in a row (counted across
    weeks); otherwise BROKEN.
    """
    met = excused_n = worked = in_program = 0
    bouts = 0
    in_a_row = excused_run_before
    over_limit = False
    for d in days:  # (RoutineDay's done, met and worked, inlined: this runs for every day)
        day_state = d.state
        if day_state == "before":
            continue
        in_program += 1
        if day_state == "future":
            continue
        facts = d.facts
        bouts += min(facts.complete, d.per_day)
        if day_state == "done":
            worked += 1
            met += 1
            in_a_row = 0
        elif day_state == "excused":
            worked += (facts.complete + facts.partial) > 0
            excused_n += 1
            in_a_row += 1
            over_limit = over_limit or in_a_row > max_excused_in_a_row
        else:
            worked += day_state == "some"
            in_a_row = 0
    days_target = -(-days_per_week * in_program // 7)  # ceil, exact for a full week
    bouts_target = days_target * per_day
    counted = in_program - excused_n
    week_cap = days_per_week * per_day
    bouts_done = min(bouts, week_cap)
    owed = week_cap * counted / 7
    current = monday <= today <= monday + timedelta(days=6)
    state: WeekState
    if met >= days_target:
        state = "met"
    elif current:
        state = "pending"
    elif not over_limit and met + excused_n >= days_target:
        state = "frozen"
    else:
        state = "broken"
    week = RoutineWeek(
        days[0].routine_id if days else "", monday, state, met, days_target, bouts_done,
        bouts_target, owed, excused_n, worked, in_program,
    )  # fmt: skip
    return week, in_a_row



def routine_weeks(
    index: SessionIndex, item: ProgramItem, excused: Mapping[date, str], today: date
) -> list[RoutineWeek]:
    """Every ISO week of a routine from the week of its ``since`` to the current week (judged
    once per index, like the days)."""
    if item.since > today:
        return []
    return weeks_between(index, item, excused, monday_of(item.since), monday_of(today), today)[0]


def weeks_between(
    index: SessionIndex,
    item: ProgramItem,
    excused: Mapping[date, str],
    first: date,
    last: date,
    today: date,
    run: int = 0,
) -> tuple[list[RoutineWeek], int]:
    """The ISO weeks of a routine from the Monday ``first`` to the Monday ``last`` (weeks before
    its ``since`` left out), ``run`` excused days in a row before ``first``; and the excused days
    in a row at the end of ``last``'s week. Judged once per index and range."""
    first = max(first, monday_of(item.since))
    key = (item.routine_id, item.frequency.per_day, item.frequency.days_per_week, item.since,
           today, first, last, run, tuple(sorted(excused.items())))  # fmt: skip
    known = index._weeks.get(key)
    if known is not None:
        return list(known[0]), known[1]
    days = routine_days(index, item, excused, first, last + timedelta(days=6), today)
    weeks = []
    freq = item.frequency
    for i in range(0, len(days), 7):
        week, run = judge_week(
            days[i].day, days[i : i + 7], freq.per_day, freq.days_per_week, today, run,
            MAX_EXCUSED_IN_A_ROW,
        )  # fmt: skip
        weeks.append(week)
    index._weeks[key] = (weeks, run)
    return list(weeks), run
