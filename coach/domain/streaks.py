"""Streaks; part of the statistics (import them from ``coach.domain.stats``).

Pure functions over the day-status model (:mod:`coach.domain.days`): build a
:class:`SessionIndex` once (``SessionIndex.build(sessions, tz)``, O(sessions)) and pass it to the
functions; each then walks calendar days at most once (O(days)), never sessions x days. Every day
and week is judged by :func:`coach.domain.days.judge_day` / :func:`~coach.domain.weeks.judge_week`
(the rules are in that module), so the streaks agree with the calendar, "this week" and
adherence.

Excused days (rest, flare, ill) are days the client was told, or chose, not to exercise: up to
``MAX_EXCUSED_IN_A_ROW`` in a row freeze a streak; the next one breaks it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from coach.domain.clinical import MAX_EXCUSED_IN_A_ROW as MAX_EXCUSED_IN_A_ROW  # re-export
from coach.domain.days import ONE_DAY as ONE_DAY
from coach.domain.days import ProgramItem as ProgramItem
from coach.domain.days import SessionIndex as SessionIndex
from coach.domain.days import local_date as local_date
from coach.domain.days import monday_of as monday_of
from coach.domain.days import routine_days
from coach.domain.weeks import routine_weeks, weeks_between

if TYPE_CHECKING:
    from coach.domain.past_state import Past

Excuse = Literal["rest", "flare", "ill"]
# Excused days and their reason (an Excuse; storage hands back plain strings, and any reason
# excuses the day).
Excused = Mapping[date, str]
Unit = Literal["days", "weeks"]

# Status of one ISO week for a streak.
MET, FROZEN, BROKEN, PENDING = "met", "frozen", "broken", "pending"


def met_days(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    today: date,
    first: date | None = None,
    last: date | None = None,
) -> set[date]:
    """The days from ``since`` (or ``first``, if later) to today (or ``last``) on which the
    routine was all done."""
    start = item.since if first is None else max(item.since, first)
    end = today if last is None else last
    if start > end:
        return set()
    days = routine_days(index, item, excused, start, end, today)
    return {d.day for d in days if d.met}


# --- streaks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Streak:
    """Current and longest run of met days or weeks."""

    current: int
    longest: int
    unit: Unit

    @property
    def text(self) -> str:
        """The current streak in words, e.g. "5 days", "1 week"."""
        noun = self.unit if self.current != 1 else self.unit[:-1]
        return f"{self.current} {noun}"


def streak_text(streak: Streak) -> str:
    """``5 days (longest 12 days)``."""
    longest = Streak(streak.longest, streak.longest, streak.unit).text
    return f"{streak.text} (longest {longest})"


def _tally(statuses: Iterable[str], carry: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """(current, longest) of a status sequence: met adds, broken resets, frozen/pending hold
    (``carry``: the (current, longest) of the statuses before)."""
    run, longest = carry
    for status in statuses:
        if status == MET:
            run += 1
            longest = max(longest, run)
        elif status == BROKEN:
            run = 0
    return run, longest


def _daily_run(
    start: date,
    today: date,
    met_days: Collection[date],
    excused: Excused,
    resets: Collection[date] = (),
    end: date | None = None,
    carry: tuple[int, int, int] = (0, 0, 0),
) -> tuple[int, int, int]:
    """(current, longest, unmet excused days in a row) of the run of met days from ``start`` to
    ``today`` (or ``end``, if earlier); ``carry``: the same three at the end of the day before
    ``start``.

    A met day adds one (even when excused). An unmet excused day freezes the run while it is at
    most the MAX_EXCUSED_IN_A_ROW-th unmet excused day in a row, else breaks it. An unmet today
    is pending (the streak stays alive until today ends); any other unmet day breaks it. A day in
    ``resets`` breaks the run after it is counted.
    """
    run, longest, in_a_row = carry
    day, last = start, today if end is None else min(end, today)
    while day <= last:
        if day in met_days:
            in_a_row = 0
            run += 1
            longest = max(longest, run)
        elif day in excused:
            in_a_row += 1
            if in_a_row > MAX_EXCUSED_IN_A_ROW:
                run = 0
        else:
            in_a_row = 0
            if day != today:
                run = 0
        if day in resets:
            run = 0
        day += ONE_DAY
    return run, longest, in_a_row


def _week_statuses(
    index: SessionIndex, item: ProgramItem, excused: Excused, today: date
) -> Iterator[tuple[date, str]]:
    """State of each ISO week (keyed by Monday) of a routine, from its ``since`` to today."""
    for week in routine_weeks(index, item, excused, today):
        yield week.monday, week.state


def routine_streak(index: SessionIndex, item: ProgramItem, excused: Excused, today: date) -> Streak:
    """Current and longest streak of one routine against its prescription.

    ``days_per_week`` 7: consecutive done days (unit "days"); below 7: consecutive ISO weeks
    (Mon-Sun) that met the target (unit "weeks"). Today not yet done, and the current week not
    yet met, do not break the streak. Up to MAX_EXCUSED_IN_A_ROW excused days in a row freeze it
    (they neither add nor break); the next one breaks it. Days before ``since`` are not measured.
    """
    unit: Unit = "days" if item.daily else "weeks"
    if item.since > today:
        return Streak(0, 0, unit)
    if item.daily:
        met = met_days(index, item, excused, today)
        current, longest, _ = _daily_run(item.since, today, met, excused)
    else:
        current, longest = _tally(s for _, s in _week_statuses(index, item, excused, today))
    return Streak(current, longest, unit)


def overall_streak(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Excused,
    today: date,
    past: Past | None = None,
) -> Streak:
    """The streak across the whole program.

    With at least one daily routine the unit is days: a day is met when every daily routine in the
    program that day (``since`` on or before it) met its ``per_day``; today not yet met and
    excused days behave as in :func:`routine_streak`. Weekly routines count at the week level: a
    finished ISO week in which any weekly routine BROKE (see :func:`routine_streak`; frozen is not
    broken) resets the run at the end of that Sunday.

    With only weekly routines the unit is weeks: a week is met when every weekly routine in the
    program that week met its target, broken when any broke, frozen otherwise; the current week
    only adds (when all met) and never breaks.

    ``past``: the days before its Monday summed up (:mod:`coach.domain.past`, made for this
    program, excused days and index): only the days from that Monday on are walked.
    """
    active = [p for p in program if p.since <= today]
    if not active:
        return Streak(0, 0, "weeks" if program and not any(p.daily for p in program) else "days")
    unit, state = program_run(index, active, excused, today, today, past)
    return Streak(state[0], state[1], unit)


def program_run(
    index: SessionIndex,
    active: Sequence[ProgramItem],
    excused: Excused,
    today: date,
    last: date,
    past: Past | None = None,
) -> tuple[Unit, tuple[int, ...]]:
    """Where the program's streak (:func:`overall_streak`) stands at the end of ``last`` (at most
    today), for the routines ``active`` on it: "days" and (current, longest, unmet excused days
    in a row), or "weeks" and (current, longest). With ``past``, walked from its Monday on."""
    first = None if past is None else past.at
    runs = {} if past is None else dict(past.excused_runs)
    daily = [p for p in active if p.daily]
    weekly = [p for p in active if not p.daily]
    week_status = []
    for p in weekly:  # (the weeks of each weekly routine: their states)
        lo = monday_of(p.since) if first is None else max(monday_of(p.since), first)
        weeks, _ = weeks_between(index, p, excused, lo, monday_of(last), today,
                                 runs.get(p.routine_id, 0))  # fmt: skip
        week_status.append({w.monday: w.state for w in weeks})
    if daily:
        resets = {m + timedelta(days=6) for ws in week_status for m, s in ws.items() if s == BROKEN}
        due = [(p.since, met_days(index, p, excused, today, first, last)) for p in daily]
        candidates = set().union(*(days for _, days in due))
        met = {d for d in candidates if all(d in days for since, days in due if since <= d)}
        start = min(since for since, _ in due)
        carry = (0, 0, 0) if past is None or start >= past.at else past.daily_run
        start = start if first is None else max(start, first)
        return "days", _daily_run(start, today, met, excused, resets, last, carry)

    def week_combined(monday: date) -> Iterator[str]:
        current_monday = monday_of(today)
        while monday <= last:
            found = [ws[monday] for ws in week_status if monday in ws]
            if found and all(s == MET for s in found):
                yield MET
            elif monday == current_monday:
                yield PENDING
            elif BROKEN in found:
                yield BROKEN
            else:
                yield FROZEN
            monday += timedelta(days=7)

    monday = min(monday_of(p.since) for p in weekly)
    carry_weeks = (0, 0) if past is None or monday >= past.at else past.weekly_run
    monday = monday if first is None else max(monday, first)
    return "weeks", _tally(week_combined(monday), carry_weeks)
