"""The day-status model: one judgement of each local day and routine, read by everything.

The calendar, the streaks, "this week", adherence, the consistency figures, ``coach stats``, the
report and the exports all count from here, so that they tell one story.

Per-day *facts* (:class:`DayFacts`: how many sessions of a routine were complete, partial,
practice or of the flare version on one local day) are the only input; :class:`SessionIndex`
builds them from session records once (O(sessions)), or a cache of per-day facts can hand them
over with :meth:`SessionIndex.from_facts`. Everything below is a pure function of those facts,
the prescription, the excused days and today.

Rules:

- Days are the client's *local* calendar days; a session belongs to the day it started.
- A *practice* run (``practice: true``, or a speed other than 1) never counts; it is shown.
- A *flare* session (the routine's gentler flare version) counts like any other: done is done.
- Only ``complete`` sessions are done bouts; ``partial`` ones make a day "some done" but never
  count as bouts; ``abandoned`` and ``in_progress`` ones are ignored.
- A routine's day is *done* ("all done") only when its complete bouts reach ``per_day``; with
  fewer bouts or only partial sessions it is *some* ("some done").
- Daily routines (7 days a week) owe ``per_day`` bouts every day: a past day with nothing is
  *none* ("none done"); today, not done yet, is *open*.
- Weekly routines (fewer than 7 days a week) are judged per ISO week (Monday to Sunday): a week
  is met when its done days reach ``days_per_week`` (the first week, entered mid-week, a
  prorated share). A day with nothing done is *free*: no single day is owed.
- An excused day (rest, flare, ill) that is not done is *excused*: neither owed nor missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

if TYPE_CHECKING:  # (the shapes, for types: record_types' NamedTuples cost `coach stats` ~3 ms)
    from coach.domain.record_types import CheckInLike, SessionLike

ONE_DAY = timedelta(days=1)
S = TypeVar("S", bound="SessionLike")
C = TypeVar("C", bound="CheckInLike")

DayState = Literal[
    "done", "some", "none", "open", "free", "excused", "practice", "before", "future"
]
"""One routine's day: all done, some done, none done (owed), today not done yet, nothing owed
that day (weekly routine), excused, only practice runs, before the routine's start, after today."""



@dataclass(frozen=True, slots=True)
class DayFacts:
    """What was logged of one routine on one local day (the facts a summary cache may keep)."""

    complete: int = 0
    """Complete sessions that count (not practice; flare ones included)."""
    partial: int = 0
    """Partial sessions that count (not practice): visible, never bouts."""
    practice: int = 0
    """Practice runs of any status: shown, never counted."""
    flare: int = 0
    """Of the counting sessions (complete or partial), those of the flare version."""
    logged: int = 0
    """Every session that is not practice, whatever its status (for the routine's first day)."""

    def __add__(self, other: DayFacts) -> DayFacts:
        return DayFacts(
            self.complete + other.complete, self.partial + other.partial,
            self.practice + other.practice, self.flare + other.flare, self.logged + other.logged,
        )  # fmt: skip


NO_FACTS = DayFacts()


def is_practice(session: SessionLike) -> bool:
    """True for a practice run: marked ``practice``, or run at a speed other than 1."""
    if getattr(session, "practice", False):
        return True
    speed = getattr(session, "speed", 1.0)
    return speed is not None and speed != 1.0


def without_practice(
    sessions: Iterable[S], checkins: Iterable[C]
) -> tuple[list[S], list[C]]:
    """The sessions and check-ins that count: practice runs and the check-ins of practice runs
    left out (for trends, reports and exports, unless ``--include-practice``)."""
    kept, practice = [], set()
    for s in sessions:
        if is_practice(s):
            practice.add(s.id)
        else:
            kept.append(s)
    return kept, [c for c in checkins if c.session_id is None or c.session_id not in practice]


def is_flare(session: SessionLike) -> bool:
    """True for a session of the routine's flare version."""
    return bool(getattr(session, "flare", False))


def session_facts(session: SessionLike, include_practice: bool = False) -> DayFacts:
    """The facts one session adds to its day (a practice run counts like any other session
    only with ``include_practice``)."""
    if not include_practice and is_practice(session):
        return DayFacts(practice=1)
    flare = int(is_flare(session))
    if session.status == "complete":
        return DayFacts(complete=1, flare=flare, logged=1)
    if session.status == "partial":
        return DayFacts(partial=1, flare=flare, logged=1)
    return DayFacts(logged=1)


class SessionIndex:
    """Per-day facts of every routine (built once, O(sessions)); read-only once built."""

    def __init__(self) -> None:
        self._facts: dict[str, dict[date, DayFacts]] = {}
        self._first: dict[str, date] = {}
        self.titles: dict[str, str] = {}
        # Days already judged, per (routine, prescription, excused days, today): the first day
        # of the run and the run (see routine_days).
        self._judged: dict[tuple[object, ...], tuple[date, list[RoutineDay]]] = {}
        # The weeks judged, per routine, prescription, range, today and excused days: the
        # RoutineWeeks (domain.weeks) and the excused days in a row at the end.
        self._weeks: dict[tuple[object, ...], tuple[list[Any], int]] = {}

    @classmethod
    def build(
        cls, sessions: Iterable[SessionLike], tz: tzinfo, include_practice: bool = False
    ) -> SessionIndex:
        """Index ``sessions`` by routine and local start day in ``tz`` (practice runs count
        only with ``include_practice``: ``--include-practice``)."""
        index = cls()
        facts = index._facts
        for s in sessions:
            at = s.started_at
            day = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(tz).date()
            rid = s.routine_id
            if rid not in index.titles:
                index.titles[rid] = s.routine_title
            days = facts.get(rid) or facts.setdefault(rid, {})
            days[day] = days.get(day, NO_FACTS) + session_facts(s, include_practice)
        index._find_firsts()
        return index

    @classmethod
    def from_facts(
        cls,
        facts: Mapping[str, Mapping[date, DayFacts]],
        titles: Mapping[str, str] | None = None,
        firsts: Mapping[str, date] | None = None,
    ) -> SessionIndex:
        """An index from per-day facts already summed (e.g. by a per-year summary cache);
        ``firsts``: each routine's first logged day, when ``facts`` lack the early days."""
        index = cls()
        index._facts = {rid: dict(days) for rid, days in facts.items()}
        index.titles = dict(titles or {})
        index._find_firsts()
        if firsts is not None:
            index._first = dict(firsts)
        return index

    def _find_firsts(self) -> None:
        for rid, days in self._facts.items():
            logged = [d for d, f in days.items() if f.logged]
            if logged:
                self._first[rid] = min(logged)

    def facts(self, routine_id: str, day: date) -> DayFacts:
        """The facts of one routine on one day (empty when nothing was logged)."""
        return self._facts.get(routine_id, {}).get(day, NO_FACTS)

    def facts_by_day(self, routine_id: str) -> Mapping[date, DayFacts]:
        """Every day with something logged for the routine."""
        return self._facts.get(routine_id, {})

    def complete_by_day(self, routine_id: str) -> dict[date, int]:
        """Complete (counting) sessions of a routine per local day (days without any absent)."""
        return {d: f.complete for d, f in self.facts_by_day(routine_id).items() if f.complete}

    def partial_by_day(self, routine_id: str) -> dict[date, int]:
        """Partial (counting) sessions of a routine per local day (visible, never counted)."""
        return {d: f.partial for d, f in self.facts_by_day(routine_id).items() if f.partial}

    def first_run(self, routine_id: str) -> date | None:
        """The local day of the routine's first logged session (not practice), or None."""
        return self._first.get(routine_id)

    def first_day(self) -> date | None:
        """The first day with any session logged (practice included), or None."""
        days = [d for by_day in self._facts.values() for d in by_day]
        return min(days, default=None)

    def routine_ids(self) -> list[str]:
        """Every routine id that has at least one session, sorted."""
        return sorted(self._facts)


class Cadence(Protocol):
    """What the day-status model reads of a prescription (a routine's
    :class:`~coach.domain.routine.Frequency`, or a :class:`Prescription`)."""

    @property
    def per_day(self) -> int: ...  # noqa: D102
    @property
    def days_per_week(self) -> int: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class Prescription:
    """A prescription without the routine models (e.g. read back from a cache)."""

    per_day: int
    days_per_week: int


@dataclass(frozen=True)
class ProgramItem:
    """One routine the client follows: its prescription and the first day it is measured from.

    ``since``: the earlier of the day it entered the program and its first logged session
    (imported or not), unless the client set the day (``coach add --since``).
    """

    routine_id: str
    title: str
    frequency: Cadence
    since: date

    @property
    def daily(self) -> bool:
        """True when the routine is due every day (``days_per_week`` 7)."""
        return self.frequency.days_per_week == 7


def program_start(added: date, first_logged: date | None, chosen: date | None = None) -> date:
    """The first day a program routine is measured from.

    ``chosen`` (the client's own ``coach add --since``) wins; else the earlier of the day it
    entered the program and its first logged session (imported or not), so that history that
    happened before the routine was (re)added counts.
    """
    if chosen is not None:
        return chosen
    return added if first_logged is None else min(added, first_logged)


# --- one routine, one day ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoutineDay:
    """One routine on one local day, judged (see the module rules)."""

    routine_id: str
    day: date
    state: DayState
    per_day: int
    """Bouts asked on a day the routine is done (its ``per_day``)."""
    owed: int
    """Bouts owed that day: ``per_day`` for a daily routine in the program, not excused; else 0."""
    facts: DayFacts

    @property
    def done(self) -> int:
        """Complete bouts that count (capped at ``per_day``: extra never makes up a missed day)."""
        return min(self.facts.complete, self.per_day)

    @property
    def partial(self) -> int:
        """Partial sessions that count (visible, never bouts)."""
        return self.facts.partial

    @property
    def due(self) -> int:
        """Bouts owed that day (``owed``)."""
        return self.owed

    @property
    def met(self) -> bool:
        """True when the day is all done."""
        return self.state == "done"

    @property
    def worked(self) -> bool:
        """True when some counting work was done (a complete or partial session)."""
        return self.state in ("done", "some") or (
            self.state == "excused" and (self.facts.complete + self.facts.partial) > 0
        )


def judge_day(
    routine_id: str,
    day: date,
    facts: DayFacts,
    per_day: int,
    daily: bool,
    excused: str | None,
    since: date,
    today: date,
) -> RoutineDay:
    """The one judgement of a routine's day (see the module rules)."""
    owed = per_day if daily and since <= day <= today and excused is None else 0
    state: DayState
    if day > today:
        state = "future"
    elif day < since:
        state = "before"
    elif facts.complete >= per_day:
        state = "done"
    elif excused is not None:
        state = "excused"
    elif facts.complete or facts.partial:
        state = "some"
    elif facts.practice:
        state = "practice"
    elif not daily:
        state = "free"
    else:
        state = "open" if day == today else "none"
    return RoutineDay(routine_id, day, state, per_day, owed, facts)


# --- a routine over time --------------------------------------------------------------------------


def routine_days(
    index: SessionIndex,
    item: ProgramItem,
    excused: Mapping[date, str],
    start: date,
    end: date,
    today: date,
) -> list[RoutineDay]:
    """Each day of ``start``..``end`` (inclusive) of one program routine, judged.

    Each day is judged once per index: the streak, adherence, this week and consistency read
    the same days, so a later call is a slice of the days already judged.
    """
    if end < start:
        return []
    per_day, daily, since = item.frequency.per_day, item.daily, item.since
    key = (item.routine_id, per_day, daily, since, today, tuple(sorted(excused.items())))
    known = index._judged.get(key)
    facts = index.facts_by_day(item.routine_id)

    def judged(lo: date, hi: date) -> list[RoutineDay]:
        out = []
        day = lo
        while day <= hi:
            out.append(
                judge_day(item.routine_id, day, facts.get(day, NO_FACTS), per_day, daily,
                          excused.get(day), since, today)
            )  # fmt: skip
            day += ONE_DAY
        return out

    if known is None:
        lo, run = start, judged(start, end)
    else:  # judge only the days before and after those already judged
        lo, run = known
        last = lo + timedelta(days=len(run) - 1)
        if lo <= start and end <= last:
            return run[(start - lo).days : (end - lo).days + 1]
        run = judged(start, lo - ONE_DAY) + run + judged(last + ONE_DAY, end)
        lo = min(start, lo)
    index._judged[key] = (lo, run)
    return run[(start - lo).days : (end - lo).days + 1]


def monday_of(day: date) -> date:
    """The Monday that starts the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def local_date(at: datetime, tz: tzinfo) -> date:
    """The client's local calendar day of an aware datetime (naive is read as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()
