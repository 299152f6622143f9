"""The calendar: each local day across the program, from the judged days (pure).

Every program routine's day is judged by :func:`coach.domain.days.judge_day` (the same
judgement the streaks, "this week" and adherence read); :attr:`DaySummary.state` combines them
into the day's colour and legend word. Import from ``coach.domain.stats``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach.domain.days import (
    NO_FACTS,
    Prescription,
    ProgramItem,
    RoutineDay,
    SessionIndex,
    routine_days,
)

Excused = Mapping[date, str]


CalendarState = Literal[
    "complete", "partial", "missed", "excused", "practice", "rest", "future", "before"
]
"""One calendar day across the program: all done, some done, none done, excused, only practice
runs, nothing due, today still to do or after today, before the program."""


@dataclass(frozen=True)
class DaySummary:
    """One local day across the program, for a calendar.

    ``routines``: every program routine (in program order) followed by any other routine run
    that day (judged as a routine owed on no particular day), each judged by
    :func:`coach.domain.days.judge_day`.
    """

    day: date
    routines: tuple[RoutineDay, ...]
    excused: str | None
    today: date

    @property
    def due(self) -> int:
        """Bouts owed that day across the program (daily routines, not excused)."""
        return sum(r.owed for r in self.routines)

    @property
    def done(self) -> int:
        """Done bouts (each routine capped at its ``per_day``)."""
        return sum(r.done for r in self.routines)

    @property
    def bouts(self) -> int:
        """All complete sessions that count that day, due or not."""
        return sum(r.facts.complete for r in self.routines)

    @property
    def fraction(self) -> float | None:
        """done / due (at most 1), or None when nothing was due."""
        return min(1.0, self.done / self.due) if self.due else None

    @property
    def state(self) -> CalendarState:
        """The day's state (the calendar's colour and the legend's words).

        complete: every routine judged that day is all done (and one was); partial: some work
        but not all (an excused day shows excused instead); missed: a daily routine owed
        and nothing done; ``future`` also for today with bouts still to do; then excused,
        practice (practice runs only), rest (nothing owed) and before (before the program).
        """
        if self.day > self.today:
            return "future"
        judged = [r.state for r in self.routines]
        worked = [s for s in judged if s in ("done", "some", "none", "open")]
        if worked and all(s == "done" for s in worked):
            return "complete"
        if self.excused is not None:
            return "excused"
        if "done" in worked or "some" in worked:
            return "partial"
        if "none" in worked:
            return "missed"
        if "open" in worked:
            return "future"
        if "practice" in judged:
            return "practice"
        if any(s != "before" for s in judged):
            return "rest"
        return "before"


def calendar(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Excused,
    start: date,
    end: date,
    today: date | None = None,
) -> list[DaySummary]:
    """A :class:`DaySummary` for each local date from ``start`` to ``end`` inclusive.

    ``today`` (default ``end``): days after it are ``future``.
    """
    today = end if today is None else today
    known = {p.routine_id for p in program}
    others = [
        ProgramItem(rid, index.titles.get(rid, rid), Prescription(per_day=1, days_per_week=1),
                    date.min)
        for rid in index.routine_ids() if rid not in known
    ]  # fmt: skip
    columns = [routine_days(index, p, excused, start, end, today) for p in program]
    extra = [routine_days(index, p, excused, start, end, today) for p in others]
    days = []
    for i in range((end - start).days + 1):
        day = start + timedelta(days=i)
        routines = [col[i] for col in columns]
        routines += [col[i] for col in extra if col[i].facts != NO_FACTS]
        days.append(DaySummary(day, tuple(routines), excused.get(day), today))
    return days
