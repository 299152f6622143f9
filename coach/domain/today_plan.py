"""Today for each program routine (:func:`today_plan`: due, done, left) and the current ISO week
(:func:`week_progress`); part of the statistics (named from ``coach.domain.stats`` too), in a
module of its own so that the today panel imports only what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.domain.days import ProgramItem, SessionIndex, monday_of, routine_days
from coach.domain.streaks import Excused


@dataclass(frozen=True)
class WeekProgress:
    """The current ISO week of a routine: done days and bouts against the prescription."""

    routine_id: str
    days_done: int
    target: int
    sessions_done: int = 0
    sessions_target: int = 0

    @property
    def text(self) -> str:
        """E.g. "3 of 5 days, 9 of 15 sessions this week" (sessions left out at once a day)."""
        text = f"{self.days_done} of {self.target} day{'' if self.target == 1 else 's'}"
        if self.sessions_target > self.target:
            text += f", {self.sessions_done} of {self.sessions_target} sessions"
        return text + " this week"


def week_progress(
    index: SessionIndex, item: ProgramItem, today: date, excused: Excused | None = None
) -> WeekProgress:
    """Done days and done bouts this ISO week up to today (days from ``since`` only).

    In the week the routine entered the program the target is prorated as the weekly streak
    prorates it (ceil(days_per_week x days in the program / 7)): joined on a Thursday, a daily
    routine asks 4 days that week, not 7.
    """
    freq = item.frequency
    if item.since > today:
        return WeekProgress(item.routine_id, 0, freq.days_per_week, 0,
                            freq.days_per_week * freq.per_day)
    monday = monday_of(today)
    in_program = 7 - max(0, (item.since - monday).days)
    target = -(-freq.days_per_week * in_program // 7)  # ceil, exact for a full week
    days = routine_days(index, item, excused or {}, monday, today, today)
    return WeekProgress(
        item.routine_id,
        sum(d.met for d in days),
        target,
        min(sum(d.done for d in days), target * freq.per_day),
        target * freq.per_day,
    )


@dataclass(frozen=True)
class TodayItem:
    """One program routine today: is it due, bouts done / due, how many are left."""

    routine_id: str
    title: str
    due_today: bool
    done: int
    due: int
    partial: int
    excused: str | None
    week: WeekProgress

    @property
    def left(self) -> int:
        """Bouts still to do today."""
        return max(0, self.due - self.done)


def today_plan(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Excused,
    today: date,
) -> list[TodayItem]:
    """Today for each program routine, in program order.

    A routine is due today when it is in the program (``since`` on or before today), today is not
    excused, and it is daily or its week's target was not yet met before today. ``due`` is
    ``per_day`` when due, else 0; ``done`` counts complete sessions today (done beyond ``due`` is
    shown as is; practice runs never count).
    """
    items = []
    excuse = excused.get(today)
    for p in program:
        week = week_progress(index, p, today, excused)
        facts = index.facts(p.routine_id, today)
        done = facts.complete
        done_before = week.days_done - (done >= p.frequency.per_day and p.since <= today)
        due_today = (
            p.since <= today
            and excuse is None
            and (p.daily or done_before < p.frequency.days_per_week)
        )
        items.append(
            TodayItem(
                p.routine_id,
                p.title,
                due_today,
                done,
                p.frequency.per_day if due_today else 0,
                facts.partial,
                excuse,
                week,
            )
        )
    return items
