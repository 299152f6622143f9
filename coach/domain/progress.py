"""Credit for effort: consistency, this week and the best week, beside the strict streak.

A strict streak breaks on the first missed day or week; someone who does 64 % of a demanding
prescription sees "0". These figures say what they *did* do, from the same judged days and weeks
as the streak (:mod:`coach.domain.days`), so they never disagree with it:

- *good weeks*: ISO weeks in which at least :data:`GOOD_WEEK` (80 %) of the bouts owed were done
  (owed: the prescription prorated to the week's days in the program, excused days left out).
  Finished weeks count; the current week only once it is already good (never held against).
- *active days*: days with some work (a complete or partial session, practice left out) out of
  the days in the program up to today (excused days without work left out; today only once
  worked on).
- *best week*: the week with the largest share of its owed bouts done (then the most bouts).
- *this week*: done days and done bouts of the current week against the prescription.

Across several routines the bouts of each week are added up, and a day is active when any
routine was worked on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.domain.days import ProgramItem, SessionIndex, monday_of, routine_days
from coach.domain.weeks import GOOD_WEEK as GOOD_WEEK  # (named from here too)
from coach.domain.weeks import WeekTotal as WeekTotal  # (named from here too)
from coach.domain.weeks import weeks_between

if TYPE_CHECKING:
    from coach.domain.past_state import Past

@dataclass(frozen=True)
class Consistency:
    """The forgiving figures (see the module docstring)."""

    good_weeks: int
    weeks: int
    active_days: int
    days: int
    this_week: WeekTotal | None
    best_week: WeekTotal | None

    @property
    def percent_active(self) -> int | None:
        """Active days as a whole percentage, or None before the first day."""
        return None if not self.days else int(self.active_days * 100 / self.days + 0.5)


def week_totals(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    past: Past | None = None,
    last: date | None = None,
) -> list[WeekTotal]:
    """Each ISO week from the program's first week (or ``past``'s Monday) to the current one
    (or the week of ``last``), summed over routines."""
    sums: dict[date, list[float]] = {}
    runs = {} if past is None else dict(past.excused_runs)
    end = monday_of(today if last is None else last)
    for item in program:
        if item.since > today:
            continue
        first = monday_of(item.since) if past is None else max(monday_of(item.since), past.at)
        weeks, _ = weeks_between(index, item, excused, first, end, today,
                                 runs.get(item.routine_id, 0))  # fmt: skip
        for w in weeks:
            row = sums.setdefault(w.monday, [0, 0.0, 0, 0, 0])
            row[0] += w.bouts_done
            row[1] += w.bouts_owed
            row[2] += w.bouts_target
            row[3] += w.days_met
            row[4] += w.days_target
    return [
        WeekTotal(m, int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]))
        for m, r in sorted(sums.items())
    ]


def consistency(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    past: Past | None = None,
) -> Consistency:
    """Good weeks, active days, this week and the best week of ``program`` up to ``today``
    (``past``: the weeks and days before its Monday summed up, see :mod:`coach.domain.past`)."""
    active = [p for p in program if p.since <= today]
    weeks = week_totals(index, active, excused, today, past)
    current = monday_of(today)
    this_week = next((w for w in weeks if w.monday == current), None)
    good, judged, best = effort_weeks(weeks, current)
    first = None if past is None else past.at
    active_days, days = effort_days(index, active, excused, today, first, today)
    if past is not None:
        good, judged = good + past.good_weeks, judged + past.weeks
        active_days, days = active_days + past.active_days, days + past.days
        best = max((w for w in (best, past.best_week) if w is not None), key=_best_key,
                   default=None)  # fmt: skip
    return Consistency(good, judged, active_days, days, this_week, best)


def _best_key(week: WeekTotal) -> tuple[float, int, date]:
    return week.fraction or 0.0, week.bouts_done, week.monday


def effort_weeks(
    weeks: Sequence[WeekTotal], current: date
) -> tuple[int, int, WeekTotal | None]:
    """(good weeks, weeks judged, the best week) of ``weeks``: finished weeks with bouts owed
    are judged, the current one (Monday ``current``) only once it is good."""
    judged = [w for w in weeks if w.bouts_owed > 0 and (w.monday < current or w.good)]
    best = max((w for w in weeks if w.bouts_owed > 0 and w.bouts_done > 0), key=_best_key,
               default=None)  # fmt: skip
    return sum(w.good for w in judged), len(judged), best


def effort_days(
    index: SessionIndex,
    active: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    first: date | None,
    last: date,
) -> tuple[int, int]:
    """(active days, days counted) from the program's first day (or ``first``, if later) to
    ``last``: a day with work on any routine is active; a day without is counted unless it is
    excused or today."""
    if not active:
        return 0, 0
    start = min(p.since for p in active)
    if first is not None:
        start = max(start, first)
    if start > last:
        return 0, 0
    active_days = days = 0
    columns = [routine_days(index, p, excused, start, last, today) for p in active]
    for i in range((last - start).days + 1):
        day = start + timedelta(days=i)
        if any(col[i].worked for col in columns):
            active_days += 1
            days += 1
        elif day != today and day not in excused:
            days += 1
    return active_days, days


def week_text(week: WeekTotal) -> str:
    """``3 of 5 days, 9 of 15 sessions`` (sessions left out when they are the days)."""
    text = f"{week.days_met} of {week.days_target} day{'' if week.days_target == 1 else 's'}"
    if week.bouts_target != week.days_target:
        text += f", {week.bouts_done} of {week.bouts_target} sessions"
    return text


def consistency_lines(c: Consistency, streak_current: int) -> list[str]:
    """Plain sentences of the figures, encouraging but true (for screens, stats and the report).

    Good weeks first when there are some (else last), then active days, this week and the best
    week. When the strict streak is 0 the effort comes first, in words (:func:`encouragement`).
    """
    weeks = ""
    if c.weeks:
        weeks = (
            f"Consistency: {c.good_weeks} of {c.weeks} week{'s' * (c.weeks != 1)} with at "
            f"least {int(GOOD_WEEK * 100)} % of sessions done"
        )
    lines = [weeks] if weeks and c.good_weeks else []
    # the encouragement may say the active days already: never the same figure twice
    if c.days and not (streak_current == 0 and _days_credited(c)):
        lines.append(f"Active on {c.active_days} of {c.days} day{'s' * (c.days != 1)}")
    if c.this_week is not None and c.this_week.days_target:
        lines.append(f"This week: {week_text(c.this_week)}")
    if c.best_week is not None:
        b = c.best_week
        lines.append(
            f"Best week so far: {b.bouts_done} of {b.bouts_target} sessions "
            f"(week of {b.monday.day} {b.monday:%b})"
        )
    if weeks and not c.good_weeks:
        lines.append(weeks)
    if streak_current == 0:
        lines.insert(0, encouragement(c))
    return lines


def _days_credited(c: Consistency) -> bool:
    """True when :func:`encouragement` credits the active days (so no line repeats them)."""
    return bool(c.active_days) and not (c.this_week is not None and c.this_week.bouts_done)


def encouragement(c: Consistency) -> str:
    """One true, kind sentence about the effort so far: this week's sessions, else the active
    days (``on 5 of 9 days``: the figure of the ``Active on`` line, which then is left out)."""
    week = c.this_week
    if week is not None and week.bouts_done:
        return f"You have done {week.bouts_done} session{'s' * (week.bouts_done != 1)} this " \
            "week: every one counts."
    if _days_credited(c):
        of = f" of {c.days}" if c.days > c.active_days else ""
        return (
            f"You have exercised on {c.active_days}{of} day{'s' * (c.days != 1)} so far. "
            "One session today starts a new streak."
        )
    return "One session today starts your first streak."
