"""The review of the client's progress, assembled once for every place that shows it.

``coach stats``, ``coach report``, the history screen and the home screen's today panel all call
:func:`load_review` (or :func:`build_review` with records already read), so the program items,
measures and activities are put together in one place only::

    review = load_review(repo, library)            # blocking: storage and routine files
    review.summary.routines[0].streak.text          # "5 days"
    today_data(review)                              # what the today panel shows
    heatmap_weeks(review)                           # 26 weeks of day statuses for a calendar

The wording every place shares (dates, adherence, trends, the calendar's legend) is in
:mod:`coach.services.review_words` (also importable from here).

Days are the client's local calendar days in :func:`local_tz` (DST-aware when the zone is known).
A program routine is measured from the local day it was added to the program; ``since`` moves
that day later (never earlier) and leaves out records before it. Routines dropped from the
program are not measured (their sessions still show in the calendar).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from coach.domain.clinical import MeasureSpec
from coach.domain.days import program_start, without_practice
from coach.domain.stats import (
    CalendarState,
    DaySummary,
    ProgramItem,
    SessionIndex,
    Summary,
    calendar,
    local_date,
    monday_of,
    summarise,
)
from coach.domain.trends import Trend
from coach.localtime import local_tz  # noqa: F401 (callers import it from here)
from coach.services.dates import ReviewError as ReviewError  # (re-exported: raised here too)
from coach.services.dates import parse_since as parse_since  # (re-exported)
from coach.services.review_words import STATUS_WORDS as STATUS_WORDS  # (the wording, re-exported)
from coach.services.review_words import adherence_text as adherence_text
from coach.services.review_words import frequency_text as frequency_text
from coach.services.review_words import long_date as long_date
from coach.services.review_words import number as number
from coach.services.review_words import pain_label as pain_label
from coach.services.review_words import short_date as short_date
from coach.services.review_words import streak_text as streak_text
from coach.services.review_words import trend_numbers as trend_numbers

if TYPE_CHECKING:  # the models bring pydantic: `coach stats` from kept facts does without them
    from coach.domain.record_types import CheckInLike, SessionLike
    from coach.domain.routine import Routine
    from coach.library import Library
    from coach.storage.models import ProgramEntry

HEATMAP_WEEKS = 26
DayStatus = CalendarState


# --- the review ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Everything the review screens and reports show, as of ``now`` in ``tz``."""

    now: datetime
    tz: tzinfo
    since: date | None
    program: tuple[ProgramItem, ...]
    routines: Mapping[str, Routine]
    missing: tuple[str, ...]
    sessions: tuple[SessionLike, ...]
    checkins: tuple[CheckInLike, ...]
    excused: Mapping[date, str]
    measures: tuple[MeasureSpec, ...]
    activities: Mapping[str, str]
    summary: Summary
    index: SessionIndex | None = field(default=None, repr=False, compare=False)
    """The sessions indexed by routine and local day (built once, for the calendar)."""
    record_count: int | None = field(default=None, repr=False, compare=False)
    """How many sessions and check-ins, when they were left out (a review made from the log's
    per-day facts: ``sessions`` and ``checkins`` are empty)."""

    @property
    def today(self) -> date:
        """The client's local day."""
        return self.summary.today

    @property
    def empty(self) -> bool:
        """True when nothing at all was logged (in the period asked for)."""
        if self.record_count is not None:
            return self.record_count == 0
        return not self.sessions and not self.checkins

    @property
    def first_day(self) -> date | None:
        """The local day of the first session or check-in in the review, or None."""
        days = [local_date(s.started_at, self.tz) for s in self.sessions]
        days += [local_date(c.at, self.tz) for c in self.checkins]
        return min(days, default=None)

    def measure(self, measure_id: str) -> MeasureSpec | None:
        """The spec of a trended measure, or None."""
        return next((m for m in self.measures if m.id == measure_id), None)

    def trend_label(
        self, trend: Trend, function_label: str = "everyday activities"
    ) -> tuple[str, str]:
        """(label, unit) of a trend: ``neck, before sessions`` for pain, ``function_label`` for
        the activities, a measure's own label and unit."""
        if trend.context is not None:
            return pain_label(trend), ""
        if trend.subject == "function":
            return function_label, ""
        spec = self.measure(trend.subject)
        return (spec.label, spec.unit) if spec else (trend.subject, "")


def measure_specs(
    program_routines: Iterable[Routine], library: Library, recorded: set[str], only: bool
) -> list[MeasureSpec]:
    """Program routines' measures first, then other routines' measures that have data."""
    program = (m for routine in program_routines for m in routine.check_in.measures)
    others = (m for loaded in library.ordered() for m in loaded.routine.check_in.measures)
    specs = merge_specs(map(MeasureSpec.from_measure, program),
                        map(MeasureSpec.from_measure, others), recorded, only)  # fmt: skip
    return specs


def merge_specs(
    program: Iterable[MeasureSpec], others: Iterable[MeasureSpec], recorded: set[str], only: bool
) -> list[MeasureSpec]:
    """The measures to trend: the program's (``program``, first one of an id wins), then, unless
    ``only``, those of ``others`` (the library's, in order) that have data (``recorded``)."""
    specs: dict[str, MeasureSpec] = {}
    for m in program:
        specs.setdefault(m.id, m)
    if not only:
        for m in others:
            if m.id in recorded:
                specs.setdefault(m.id, m)
    return list(specs.values())


def build_review(
    sessions: Sequence[SessionLike],
    checkins: Sequence[CheckInLike],
    entries: Sequence[ProgramEntry],
    library: Library,
    excused: Mapping[date, str],
    activities: Mapping[str, str],
    now: datetime,
    tz: tzinfo,
    since: date | None = None,
    routine_id: str | None = None,
    include_practice: bool = False,
) -> Review:
    """Put the review together from records already read (pure apart from the routines given).

    ``entries``: the active program entries; a routine whose file is missing is listed in
    ``missing`` and not measured. ``activities``: the active PSFS activity ids and names (none:
    every rated activity counts).
    ``routine_id`` narrows everything to one program routine (its pain regions and measures);
    raises :class:`ReviewError` when it is not in the program.
    Practice runs (and their check-ins) are shown in the calendar but never counted, and are
    left out of ``sessions``/``checkins``, unless ``include_practice``.
    """
    entries = only_routine(entries, routine_id)
    index = SessionIndex.build(sessions, tz, include_practice)
    if not include_practice:
        all_sessions = sessions
        sessions, checkins = without_practice(sessions, checkins)
    program, routines, missing = program_items(entries, library, tz, index)
    if since is not None:
        program = [replace(p, since=max(p.since, since)) for p in program]
    if since is not None:
        sessions = [s for s in sessions if local_date(s.started_at, tz) >= since]
        checkins = [c for c in checkins if local_date(c.at, tz) >= since]
    if routine_id is not None:
        checkins = [_only_regions(c, set(program_regions(routines.values()))) for c in checkins]
    recorded = {m for c in checkins for m in c.measures}
    specs = measure_specs(routines.values(), library, recorded, only=routine_id is not None)
    if since is not None:
        shown = sessions if include_practice else all_sessions
        index = SessionIndex.build(
            [s for s in shown if local_date(s.started_at, tz) >= since], tz, include_practice
        )
    summary = summarise(
        sessions, checkins, program, excused, tz, now, specs,
        activities=set(activities) or None, index=index,
    )
    return Review(
        now, tz, since, tuple(program), routines, tuple(missing), tuple(sessions),
        tuple(checkins), dict(excused), tuple(specs), dict(activities), summary, index,
    )


class _OfRoutine(Protocol):
    @property
    def routine_id(self) -> str: ...  # noqa: D102


_Entry = TypeVar("_Entry", bound=_OfRoutine)


def only_routine(entries: Sequence[_Entry], routine_id: str | None) -> list[_Entry]:
    """The program entries, or only ``routine_id``'s (:class:`ReviewError` if not in them)."""
    if routine_id is None:
        return list(entries)
    found = [e for e in entries if e.routine_id == routine_id]
    if not found:
        raise ReviewError(f"'{routine_id}' is not in your program (see `coach program`)")
    return found


def program_items(
    entries: Sequence[ProgramEntry], library: Library, tz: tzinfo, index: SessionIndex
) -> tuple[list[ProgramItem], dict[str, Routine], list[str]]:
    """The program as measured: (items, routines by id, ids whose file is missing).

    Each item is measured from :func:`coach.domain.days.program_start`: the day the client
    chose, else the earlier of the day it entered the program and its first logged session
    (``index``: every session, so that imported history counts).
    """
    program: list[ProgramItem] = []
    routines: dict[str, Routine] = {}
    missing: list[str] = []
    for entry in entries:
        loaded = library.routines.get(entry.routine_id)
        if loaded is None:
            missing.append(entry.routine_id)
            continue
        routine = loaded.routine
        routines[routine.id] = routine
        start = program_start(
            local_date(entry.added_at, tz), index.first_run(routine.id), entry.since
        )
        program.append(ProgramItem(routine.id, routine.title, routine.frequency, start))
    return program, routines, missing


def program_regions(routines: Iterable[Routine]) -> list[str]:
    """The pain regions of these routines (their check-in regions and exercise regions), sorted."""
    # lazy: brings pydantic and the record models (only with `--routine`)
    from coach.domain.checkin import routine_regions

    return sorted({r for routine in routines for r in routine_regions(routine)})


def _only_regions(checkin: CheckInLike, regions: set[str]) -> CheckInLike:
    pain = [p for p in checkin.pain if p.region in regions]
    if len(pain) == len(checkin.pain):
        return checkin
    if isinstance(checkin, tuple):  # a CheckInFacts (a NamedTuple), not a record model
        return checkin._replace(pain=tuple(pain))  # type: ignore[attr-defined, no-any-return]
    return checkin.model_copy(update={"pain": pain})  # type: ignore[attr-defined, no-any-return]


def load_review(
    repo: Any,
    library: Library,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    since: date | None = None,
    routine_id: str | None = None,
    include_practice: bool = False,
) -> Review:
    """Read the log, program, excused days and activities from ``repo`` and build the review.

    Blocking (reads the data files): call it from a worker thread in the TUI. The records are
    read as small read-only copies (:meth:`~coach.storage.repo.Repository.history_facts`), and
    with ``since``, only from a little before it (every record on or after it, exactly, is kept
    below).
    """
    tz = tz or local_tz()
    now = now or datetime.now(tz)
    # Any time zone is less than a day from UTC; 3 days also covers naive times (never written).
    lower = None if since is None else datetime.combine(since, time(), UTC) - timedelta(days=3)
    sessions, checkins = repo.history_facts(lower)
    entries = [e for e in repo.program() if e.active]
    activities = {a.id: a.name for a in repo.psfs_activities()}
    return build_review(
        sessions, checkins, entries, library, repo.excused_days(), activities, now, tz,
        since, routine_id, include_practice,
    )


def open_review(
    data_dir: Path,
    extra_dirs: Sequence[Path] = (),
    repo: Any = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Review:
    """Load the routine library of ``data_dir`` (plus ``extra_dirs``) and the review (blocking)."""
    # lazy: brings pydantic; this module loads with `coach stats`, `report`, the home screen
    from coach.library import default_sources, load_library

    # lazy: brings TinyDB; this module loads with `coach stats`, `report`, the home screen
    from coach.storage.repo import Repository

    library = load_library(default_sources(data_dir, extra_dirs))
    return load_review(repo or Repository.open(data_dir), library, now, tz)


# --- the calendar --------------------------------------------------------------------------------


def day_status(day: DaySummary, today: date | None = None, first: date | None = None) -> DayStatus:
    """How a calendar day is coloured: the day's judged state (:attr:`DaySummary.state`)."""
    return day.state


def heatmap_start(today: date, weeks: int = HEATMAP_WEEKS) -> date:
    """The first day (a Monday) of the last ``weeks`` ISO weeks up to ``today``'s."""
    return monday_of(today) + timedelta(days=6) - timedelta(days=7 * weeks - 1)


def calendar_weeks(review: Review, index: SessionIndex | None = None) -> int:
    """How many weeks the calendar shows: from the week of the client's first day (the program's
    first day or the first session logged, the earlier) to this week, at most
    :data:`HEATMAP_WEEKS`: on the first day one week, not 25 empty ones; it grows with the
    history."""
    index = index or review.index or SessionIndex.build(review.sessions, review.tz)
    days = [p.since for p in review.program]
    logged = index.first_day()
    days += [logged] if logged is not None else []
    first = min(days, default=review.today)
    weeks = (monday_of(review.today) - monday_of(min(first, review.today))).days // 7 + 1
    return min(weeks, HEATMAP_WEEKS)


def calendar_title(weeks: int) -> str:
    """The calendar's heading: ``This week``, ``The last 3 weeks``."""
    return "This week" if weeks == 1 else f"The last {weeks} weeks"


def heatmap_weeks(
    review: Review, weeks: int | None = None
) -> list[list[tuple[date, DayStatus]]]:
    """The last ``weeks`` ISO weeks (Monday first, the current one last) of day statuses
    (None: :func:`calendar_weeks`)."""
    index = review.index or SessionIndex.build(review.sessions, review.tz)
    weeks = calendar_weeks(review, index) if weeks is None else weeks
    start = heatmap_start(review.today, weeks)
    end = start + timedelta(days=7 * weeks - 1)
    days = calendar(index, review.program, review.excused, start, end, review.today)
    statuses = [(d.day, d.state) for d in days]
    return [statuses[i : i + 7] for i in range(0, len(statuses), 7)]
