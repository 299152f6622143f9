"""The session index and streaks; part of the statistics (import them from ``coach.domain.stats``).

Pure functions over records already read from storage. Build a :class:`SessionIndex` once
(``SessionIndex.build(sessions, tz)``, O(sessions)) and pass it to the functions; every function
then walks calendar days at most once (O(days)), never sessions x days.

Counting rules shared by everything here:

- Days are the client's *local* calendar days: each aware datetime is converted with
  ``astimezone(tz)`` before ``.date()`` (so DST changes never move a session to another day).
  A session belongs to the day it started. A naive datetime (never written by coach) is read as UTC.
- A session counts toward the prescription only when its status is ``"complete"``. ``"partial"``
  sessions are visible (``partial`` in day summaries and today's plan) but never count;
  ``"abandoned"`` and ``"in_progress"`` ones are ignored.
- A routine's day is *done* when its complete sessions that day reach ``per_day``.
- A program routine is only measured from its ``since`` date on.
- Excused days (rest, flare, ill) are days the client was told, or chose, not to exercise.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from coach.domain.clinical import MAX_EXCUSED_IN_A_ROW as MAX_EXCUSED_IN_A_ROW  # re-export
from coach.domain.records import SessionLike
from coach.domain.routine import Frequency

Excuse = Literal["rest", "flare", "ill"]
# Excused days and their reason (an Excuse; storage hands back plain strings, and any reason
# excuses the day).
Excused = Mapping[date, str]
Unit = Literal["days", "weeks"]
ONE_DAY = timedelta(days=1)

# Status of one ISO week for a streak.
MET, FROZEN, BROKEN, PENDING = "met", "frozen", "broken", "pending"


def local_date(at: datetime, tz: tzinfo) -> date:
    """The client's local calendar day of an aware datetime (naive is read as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def monday_of(day: date) -> date:
    """The Monday that starts the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class ProgramItem:
    """One routine the client follows: its prescription and the day it entered the program."""

    routine_id: str
    title: str
    frequency: Frequency
    since: date

    @property
    def daily(self) -> bool:
        """True when the routine is due every day (``days_per_week`` 7)."""
        return self.frequency.days_per_week == 7


class SessionIndex:
    """Complete and partial sessions counted per routine per local day (built once, O(n))."""

    def __init__(self) -> None:
        self._complete: dict[str, dict[date, int]] = {}
        self._partial: dict[str, dict[date, int]] = {}
        self._first_run: dict[str, date] = {}
        self.titles: dict[str, str] = {}

    @classmethod
    def build(cls, sessions: Iterable[SessionLike], tz: tzinfo) -> SessionIndex:
        """Index ``sessions`` by routine and local start day in ``tz``."""
        index = cls()
        first_run, complete, partial = index._first_run, index._complete, index._partial
        for s in sessions:
            at = s.started_at
            day = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(tz).date()
            rid = s.routine_id
            first = first_run.get(rid)
            if first is None:
                index.titles[rid] = s.routine_title
            if first is None or day < first:
                first_run[rid] = day
            if s.status == "complete":
                bucket = complete.get(rid) or complete.setdefault(rid, {})
            elif s.status == "partial":
                bucket = partial.get(rid) or partial.setdefault(rid, {})
            else:
                continue
            bucket[day] = bucket.get(day, 0) + 1
        return index

    def complete_by_day(self, routine_id: str) -> Mapping[date, int]:
        """Complete sessions of a routine per local day (days without any are absent)."""
        return self._complete.get(routine_id, {})

    def partial_by_day(self, routine_id: str) -> Mapping[date, int]:
        """Partial sessions of a routine per local day (visible, never counted)."""
        return self._partial.get(routine_id, {})

    def done_days(self, routine_id: str, per_day: int) -> set[date]:
        """Days on which the routine's complete sessions reached ``per_day``."""
        return {d for d, n in self.complete_by_day(routine_id).items() if n >= per_day}

    def first_run(self, routine_id: str) -> date | None:
        """The local day of the routine's first session of any status, or None."""
        return self._first_run.get(routine_id)

    def routine_ids(self) -> list[str]:
        """Every routine id that has at least one session, sorted."""
        return sorted(self._first_run)


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


def _tally(statuses: Iterable[str]) -> tuple[int, int]:
    """(current, longest) of a status sequence: met adds, broken resets, frozen/pending hold."""
    run = longest = 0
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
) -> tuple[int, int]:
    """(current, longest) run of met days from ``start`` to ``today``.

    A met day adds one (even when excused). An unmet excused day freezes the run while it is at
    most the MAX_EXCUSED_IN_A_ROW-th unmet excused day in a row, else breaks it. An unmet today
    is pending (the streak stays alive until today ends); any other unmet day breaks it. A day in
    ``resets`` breaks the run after it is counted.
    """
    run = longest = in_a_row = 0
    day = start
    while day <= today:
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
    return run, longest


def _week_statuses(
    counts: Mapping[date, int], item: ProgramItem, excused: Excused, today: date
) -> Iterator[tuple[date, str]]:
    """Status of each ISO week (keyed by Monday) of a routine, from its ``since`` to today.

    A week is MET when its done days reach ``days_per_week`` (the first week, entered mid-week,
    needs ceil(days_per_week x days in the program / 7)). The current week is MET or PENDING:
    unfinished, it never breaks. A finished week that fell short is FROZEN when its excused days
    make up the shortfall and none of them was more than MAX_EXCUSED_IN_A_ROW excused days in a
    row (counted across week boundaries); otherwise BROKEN.
    """
    per_day, target = item.frequency.per_day, item.frequency.days_per_week
    current_monday = monday_of(today)
    monday = monday_of(item.since)
    in_a_row = 0
    while monday <= current_monday:
        done = excused_n = 0
        over_limit = False
        first = max(monday, item.since)
        day, end = first, min(monday + timedelta(days=6), today)
        while day <= end:
            if counts.get(day, 0) >= per_day:
                done += 1
                in_a_row = 0
            elif day in excused:
                excused_n += 1
                in_a_row += 1
                over_limit = over_limit or in_a_row > MAX_EXCUSED_IN_A_ROW
            else:
                in_a_row = 0
            day += ONE_DAY
        in_program = 7 - (first - monday).days
        week_target = -(-target * in_program // 7)  # ceil, exact for a full week
        if done >= week_target:
            yield monday, MET
        elif monday == current_monday:
            yield monday, PENDING
        elif not over_limit and done + excused_n >= week_target:
            yield monday, FROZEN
        else:
            yield monday, BROKEN
        monday += timedelta(days=7)


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
        met_days = index.done_days(item.routine_id, item.frequency.per_day)
        current, longest = _daily_run(item.since, today, met_days, excused)
    else:
        counts = index.complete_by_day(item.routine_id)
        current, longest = _tally(s for _, s in _week_statuses(counts, item, excused, today))
    return Streak(current, longest, unit)


def overall_streak(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Excused,
    today: date,
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
    """
    active = [p for p in program if p.since <= today]
    if not active:
        return Streak(0, 0, "weeks" if program and not any(p.daily for p in program) else "days")
    daily = [p for p in active if p.daily]
    weekly = [p for p in active if not p.daily]
    week_status = [
        dict(_week_statuses(index.complete_by_day(p.routine_id), p, excused, today)) for p in weekly
    ]
    if daily:
        resets = {m + timedelta(days=6) for ws in week_status for m, s in ws.items() if s == BROKEN}
        due = [(p.since, index.done_days(p.routine_id, p.frequency.per_day)) for p in daily]
        candidates = set().union(*(days for _, days in due))
        met_days = {d for d in candidates if all(d in days for since, days in due if since <= d)}
        start = min(since for since, _ in due)
        current, longest = _daily_run(start, today, met_days, excused, resets)
        return Streak(current, longest, "days")

    def week_combined() -> Iterator[str]:
        monday, current_monday = min(monday_of(p.since) for p in weekly), monday_of(today)
        while monday <= current_monday:
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

    current, longest = _tally(week_combined())
    return Streak(current, longest, "weeks")
