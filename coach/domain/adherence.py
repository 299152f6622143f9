"""Adherence: completed against prescribed bouts over a window of days; part of the statistics
(import it from ``coach.domain.stats``).

Rules:

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

The window since the start walks every day since then; with the tally of the days before a
Monday (:func:`tally`, kept in the program's past, :mod:`coach.domain.past`) it walks only the
days from that Monday on, with the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.days import ONE_DAY, ProgramItem, SessionIndex, routine_days

Excused = Mapping[date, str]
Tally = tuple[int, int, int]
"""What the days of a window add up to: (done bouts, counted days, excused days)."""
Carry = tuple[date, Tally]
"""The :data:`Tally` of a routine's days from its start to the Sunday before a Monday."""


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


def tally(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    first: date,
    last: date,
    today: date,
    carry: Tally = (0, 0, 0),
) -> Tally:
    """The :data:`Tally` of the days ``first``..``last`` (judged as of ``today``), added to
    ``carry`` (that of the days before ``first``, which is then a Monday: a week's cap holds
    within the week)."""
    per_day, per_week = item.frequency.per_day, item.frequency.days_per_week
    week_cap = per_week * per_day
    done, counted, excused_n = carry
    week_done = 0
    for d in routine_days(index, item, excused, first, last, today):
        if d.day.weekday() == 0:  # a new ISO week: close the previous one at its cap
            done += min(week_done, week_cap)
            week_done = 0
        if d.state == "excused":
            excused_n += 1
        else:
            counted += 1
            week_done += d.done
    return done + min(week_done, week_cap), counted, excused_n


def adherence(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    first: date,
    last: date,
    today: date | None = None,
    carry: Carry | None = None,
) -> Adherence:
    """Adherence of one routine over the days ``first``..``last`` (inclusive; see module rules).

    Reads the judged days (:func:`coach.domain.days.routine_days`): an excused day not done is
    left out; every other day adds its done bouts (capped at ``per_day``). ``today`` (at least
    ``last``; default ``last``) only says which days were judged already: a day before today
    is judged "none" where it would be "open" as today, which adherence reads alike.
    ``carry``: the tally of the routine's days from its start to the Sunday before a Monday
    (:mod:`coach.domain.past`), used when the window starts at the routine's start.
    """
    first = max(first, adherence_start(index, item))
    if first > last:
        return Adherence(None, None, 0.0, 0.0, 0)
    judged_as_of = max(last, first, today or last)
    if carry is not None and first == item.since and first < carry[0] <= last + ONE_DAY:
        at, before = carry
        counts = tally(index, item, excused, at, last, judged_as_of, before)
    else:
        counts = tally(index, item, excused, first, last, judged_as_of)
    done, counted, excused_n = counts
    prescribed = item.frequency.days_per_week * item.frequency.per_day * counted / 7
    return Adherence(first, last, min(float(done), prescribed), prescribed, excused_n)


def routine_adherence(
    index: SessionIndex,
    item: ProgramItem,
    excused: Excused,
    today: date,
    carry: Carry | None = None,
) -> RoutineAdherence:
    """Adherence over the last 7 days, the last 28 days and since the routine's start
    (``carry``: see :func:`adherence`)."""
    last = adherence_end(index, item, today)
    return RoutineAdherence(
        item.routine_id,
        adherence(index, item, excused, last - timedelta(days=6), last, today),
        adherence(index, item, excused, last - timedelta(days=27), last, today),
        adherence(index, item, excused, date.min, last, today, carry),
    )
