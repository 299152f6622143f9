"""The review's figures from the log's per-day facts: ``coach stats`` without reading every record.

:func:`load_summary_review` gives the :class:`~coach.services.review.Review` that
:func:`~coach.services.review.load_review` gives, with the same summary (streaks, adherence,
today's plan, every trend and flare day), read from the current year's log plus the past years'
facts files (:mod:`coach.storage.facts`). Its ``sessions`` and ``checkins`` are left out
(``record_count`` says how many there are; ``index`` holds the sessions' per-day facts): use
:func:`~coach.services.review.load_review` for anything that lists records (the report, the
history screen). When the facts cannot stand for the records (e.g. a naive time), it is
:func:`~coach.services.review.load_review` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from coach.domain.clinical import MeasureSpec
from coach.domain.dayfacts import NotFacts
from coach.domain.days import without_practice
from coach.domain.past_facts import StatsFacts
from coach.domain.stats import ProgramItem, SessionIndex, local_date, summarise
from coach.localtime import local_tz
from coach.services.review import (
    Review,
    load_review,
    measure_specs,
    only_routine,
    program_items,
    program_regions,
)

if TYPE_CHECKING:  # the models bring pydantic (a review from kept inputs does without them)
    from coach.domain.dayfacts import LogFacts
    from coach.domain.past import Past, PastCache
    from coach.domain.record_types import CheckInLike, SessionLike
    from coach.domain.routine import Routine
    from coach.library import Library
    from coach.storage.models import ProgramEntry


def day_facts(repo: Any, tz: tzinfo, today: date) -> LogFacts | None:
    """The log's facts in ``tz`` from ``repo`` (None if it keeps none, or they cannot be used)."""
    reader = getattr(repo, "day_facts", None)
    return None if reader is None else reader(tz, today)  # type: ignore[no-any-return]


def load_summary_review(
    repo: Any,
    library: Library,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    since: date | None = None,
    routine_id: str | None = None,
    pasts: PastCache | None = None,
) -> Review:
    """:func:`~coach.services.review.load_review`'s review, from the log's facts (blocking;
    ``pasts``: where the programs' pasts are kept, see :func:`facts_review`)."""
    tz = tz or local_tz()
    now = now or datetime.now(tz)
    facts = day_facts(repo, tz, local_date(now, tz))
    if facts is None:
        return load_review(repo, library, now, tz, since, routine_id)
    entries = [e for e in repo.program() if e.active]
    activities = {a.id: a.name for a in repo.psfs_activities()}
    return review_from_facts(
        facts, entries, library, repo.excused_days(), activities, now, tz, since, routine_id,
        pasts,
    )  # fmt: skip


def review_from_facts(
    facts: LogFacts,
    entries: Sequence[ProgramEntry],
    library: Library,
    excused: Mapping[date, str],
    activities: Mapping[str, str],
    now: datetime,
    tz: tzinfo,
    since: date | None = None,
    routine_id: str | None = None,
    pasts: PastCache | None = None,
) -> Review:
    """What :func:`~coach.services.review.build_review` makes of the records, from their facts."""
    entries = only_routine(entries, routine_id)
    index = facts.session_index()
    program, routines, missing = program_items(entries, library, tz, index)
    regions = None if routine_id is None else program_regions(routines.values())

    def specs(recorded: set[str]) -> list[MeasureSpec]:
        return measure_specs(routines.values(), library, recorded, only=routine_id is not None)

    return facts_review(
        facts, index, program, missing, regions, specs, excused, activities, now, tz, since,
        routines, pasts,
    )  # fmt: skip


def facts_review(
    facts: LogFacts | StatsFacts,
    index: SessionIndex,
    program: Sequence[ProgramItem],
    missing: Sequence[str],
    regions: Sequence[str] | None,
    specs: Callable[[set[str]], Sequence[MeasureSpec]],
    excused: Mapping[date, str],
    activities: Mapping[str, str],
    now: datetime,
    tz: tzinfo,
    since: date | None = None,
    routines: Mapping[str, Routine] | None = None,
    pasts: PastCache | None = None,
) -> Review:
    """The review of ``program`` (measured from its items' days) from the log's facts
    (``index``: their :meth:`~coach.domain.dayfacts.LogFacts.session_index`).

    ``regions``: only these pain regions (one routine's), None: all; ``specs``: the measures to
    trend, given the ids of those recorded; ``routines``: the program's routines by id, if they
    were read (a review from kept inputs has none: ``coach stats`` does not show them);
    ``pasts``: where the programs' pasts are kept (:mod:`coach.domain.past`; the same figures).

    ``facts`` may be the past years summed up with this year's facts
    (:class:`~coach.domain.past_facts.StatsFacts`): then ``index`` lacks the days before this
    year's checkpoint and each past must be kept (raises NotFacts, a ValueError, when one is
    not, or when ``since`` asks for days summed up: read every facts file then).
    """
    digests = facts.digests if isinstance(facts, StatsFacts) else None
    if digests is not None and pasts is None:
        raise NotFacts("the pasts are not kept")
    if since is not None:
        program = [replace(p, since=max(p.since, since)) for p in program]
        facts = facts.since(since)
        index = facts.session_index()
    log = facts.checkin_index(None if regions is None else list(regions))
    measures = list(specs(facts.measures_recorded()))
    summary = summarise(
        (), log, program, excused, tz, now, measures,
        activities=set(activities) or None, index=index,
        past_of=None if pasts is None else _pasts(pasts, index, excused, local_date(now, tz),
                                                  digests),
    )  # fmt: skip
    return Review(
        now, tz, since, tuple(program), dict(routines or {}), tuple(missing), (), (),
        dict(excused), tuple(measures), dict(activities), summary, index,
        record_count=facts.record_count(),
    )  # fmt: skip


def with_records_from(
    review: Review,
    sessions: Sequence[SessionLike],
    checkins: Sequence[CheckInLike],
    first: date,
    include_practice: bool = False,
) -> Review:
    """``review`` (made from the facts) listing the records from the local day ``first`` on:
    what the report lists of a period, without reading every record (``sessions`` and
    ``checkins``: validated, read from a little before ``first``). A review that lists its
    records already is returned as it is. Practice runs and their check-ins are left out unless
    ``include_practice`` (a check-in is told from its practice run when that run was read)."""
    if review.record_count is None:
        return review
    tz = review.tz
    if not include_practice:
        sessions, checkins = without_practice(sessions, checkins)
    return replace(
        review,
        sessions=tuple(s for s in sessions if local_date(s.started_at, tz) >= first),
        checkins=tuple(c for c in checkins if local_date(c.at, tz) >= first),
    )


def _pasts(
    cache: PastCache,
    index: SessionIndex,
    excused: Mapping[date, str],
    today: date,
    summed: Mapping[str, str] | None = None,
) -> Callable[[Sequence[ProgramItem]], Past]:
    """The past of a list of program routines, kept in ``cache`` (made when it is not). Each
    routine's days before the checkpoint are digested once for all the pasts asked for (every
    routine's alone and the whole program's). ``summed``: each routine's digest, when ``index``
    lacks those days (the past must then be kept: NotFacts when it is not)."""
    # lazy: the pasts (only when kept)
    from coach import __version__
    from coach.domain.past import checkpoint, kept_past_for, past_for
    from coach.domain.past_facts import day_rows, rows_digest

    cut = checkpoint(today).toordinal()
    digests: dict[str, str] = {}

    def past_of(program: Sequence[ProgramItem]) -> Past:
        if summed is not None:
            found = kept_past_for(index, program, excused, today, cache.kept_past, summed,
                                  __version__)  # fmt: skip
            if found is None:
                raise NotFacts("a past is not kept")
            return found
        for p in program:
            if p.routine_id not in digests:
                digests[p.routine_id] = rows_digest(day_rows(index.facts_by_day(p.routine_id), cut))
        return past_for(index, program, excused, today, cache.kept_past, cache.keep_past,
                        __version__, digests)  # fmt: skip

    return past_of
