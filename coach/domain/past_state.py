"""The state of the streak and effort walks at the start of a Monday (:class:`Past`): made,
kept and checked by :mod:`coach.domain.past`, resumed from by :mod:`coach.domain.streaks` and
:mod:`coach.domain.progress` (a module of its own, so that they import it without a cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.domain.weeks import WeekTotal


@dataclass(frozen=True)
class Past:
    """The walks' state at the start of ``at`` (a Monday): what the days before it add up to."""

    at: date
    daily_run: tuple[int, int, int] = (0, 0, 0)
    """The program's daily streak: (current, longest, unmet excused days in a row)."""
    weekly_run: tuple[int, int] = (0, 0)
    """The program's weekly streak (only weekly routines): (current, longest)."""
    excused_runs: tuple[tuple[str, int], ...] = ()
    """Each routine's excused days in a row at the end of the Sunday before ``at``."""
    good_weeks: int = 0
    weeks: int = 0
    """Good weeks, and weeks judged, before ``at``."""
    active_days: int = 0
    days: int = 0
    """Active days, and days counted, before ``at``."""
    best_week: WeekTotal | None = None
    adherence: tuple[tuple[str, int, int, int], ...] = ()
    """Each routine's adherence tally before ``at`` (:func:`coach.domain.adherence.tally`):
    (routine id, done bouts, counted days, excused days)."""
