"""What the today panel shows (:class:`TodayData`) and reading it: from a whole review
(:func:`today_data`), from the log reading only what the panel shows (:func:`load_today`,
blocking: call it from a worker) or from the kept facts and program before any routine or
record model is imported (:func:`today_from_kept`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from coach.tui.widgets.today_pain import LastPain, last_pain, last_pain_from_facts, last_pain_of

if TYPE_CHECKING:  # imported where used, off the path to the first frame
    from coach.domain.dayfacts import LogFacts
    from coach.domain.days import ProgramItem, SessionIndex
    from coach.domain.past import PastCache
    from coach.domain.past_facts import PanelFacts
    from coach.domain.progress import Consistency
    from coach.domain.streaks import Streak
    from coach.domain.today_plan import TodayItem
    from coach.library import Library
    from coach.listing import Planned
    from coach.services.review import Review


@dataclass(frozen=True)
class TodayData:
    """What the today panel shows."""

    today: date
    plan: tuple[TodayItem, ...]
    streak: Streak
    last_pain: LastPain | None
    missing: tuple[str, ...]
    consistency: Consistency | None = None


def today_data(review: Review) -> TodayData:
    """Today's plan, the program streak and the last pain rating."""
    s = review.summary
    return TodayData(
        s.today, s.plan, s.overall, last_pain(review), review.missing,
        s.consistency if s.routines else None,
    )


def load_today(
    repo: Any, library: Library, now: datetime, tz: tzinfo, cache: PastCache | None = None
) -> TodayData:
    """What :func:`today_data` gives for ``load_review(repo, library, now, tz)``, reading only
    what the panel shows (blocking: call it from a worker thread).

    The streak counts from the program's first day and the last pain rating's trend is
    measured against its first week, so both need the whole log: its per-day facts
    (``repo.day_facts``: the facts files, made from the log when missing or out of date), or
    when there are none, every record as small read-only copies (``repo.history_facts``). No
    review is built: no adherence, calendar, measures or function. ``cache``: where the
    program's past (:mod:`coach.domain.past`) is kept: the streak and the effort figures walk
    only this year's days when it holds the current one (made and kept when it does not).
    """
    # lazy: off the first frame
    from coach.domain.days import SessionIndex, local_date

    # lazy: off the first frame (platformdirs, pydantic, the record models)
    from coach.services.review import program_items
    from coach.services.review_facts import day_facts

    today = local_date(now, tz)
    entries = [e for e in repo.program() if e.active]
    excused = repo.excused_days()
    facts = day_facts(repo, tz, today)
    if facts is not None:  # the per-day facts of every year
        index = facts.session_index()
        pain = last_pain_from_facts(facts, tz)
    else:
        # One pass over the log files (reading them is most of the cost); no sessions without a
        # program. The sessions are indexed and let go before the check-ins are worked on.
        sessions, checkins = repo.history_facts(sessions=bool(entries))
        index = SessionIndex.build(sessions, tz)
        del sessions
        pain = last_pain_of(checkins, tz)
    program, _, missing = program_items(entries, library, tz, index)
    found = _today_of(index, program, excused, today, pain, tuple(missing), cache, keep=True)
    assert found is not None  # (the whole log: a past not kept is made)
    return found


def today_from_kept(
    facts: LogFacts | PanelFacts,
    program: Sequence[Planned],
    missing: Sequence[str],
    excused: Sequence[tuple[str, str]],
    now: datetime,
    tz: tzinfo,
    cache: PastCache | None = None,
) -> TodayData | None:
    """:func:`load_today`'s data from the log's facts and the program as kept by
    :mod:`coach.listing` (ISO times and days; ValueError when one cannot be read). Imports no
    routine or record models. ``cache``: as for :func:`load_today`, read only (a past made
    here is kept by the :func:`load_today` that follows). ``facts``: the whole log's, or what
    the panel reads of it (:class:`~coach.domain.past_facts.PanelFacts`: the past before this
    year's checkpoint only as the kept past; None when that is not kept)."""
    # lazy: off the first frame
    from coach.domain.days import Prescription, ProgramItem, local_date, program_start
    from coach.domain.past_facts import PanelFacts

    digests = None
    if isinstance(facts, PanelFacts):
        if cache is None:
            return None
        digests, index, facts = facts.digests, facts.facts.session_index(facts.firsts), facts.facts
    else:
        index = facts.session_index()
    items = [
        ProgramItem(
            p.routine_id, p.title, Prescription(p.per_day, p.days_per_week),
            program_start(local_date(datetime.fromisoformat(p.added_at), tz),
                          index.first_run(p.routine_id),
                          None if p.since is None else date.fromisoformat(p.since)),
        )
        for p in program
    ]  # fmt: skip
    days = {date.fromisoformat(day): reason for day, reason in excused}
    today = local_date(now, tz)
    pain = last_pain_from_facts(facts, tz)
    return _today_of(index, items, days, today, pain, tuple(missing), cache, keep=False,
                     digests=digests)  # fmt: skip


def _today_of(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    pain: LastPain | None,
    missing: tuple[str, ...],
    cache: PastCache | None = None,
    keep: bool = False,
    digests: Mapping[str, str] | None = None,
) -> TodayData | None:
    # lazy: off the first frame
    from coach import __version__
    from coach.domain.past import kept_past_for, past_for
    from coach.domain.progress import consistency
    from coach.domain.streaks import overall_streak
    from coach.domain.today_plan import today_plan

    past = None
    if cache is not None and digests is not None:  # the days before the checkpoint: summed up
        past = kept_past_for(index, program, excused, today, cache.kept_past, digests,
                             __version__)  # fmt: skip
        if past is None:
            return None
    elif cache is not None:
        keeper = cache.keep_past if keep else None
        past = past_for(index, program, excused, today, cache.kept_past, keeper, __version__)
    plan = tuple(today_plan(index, program, excused, today))
    streak = overall_streak(index, program, excused, today, past)
    effort = consistency(index, program, excused, today, past) if program else None
    return TodayData(today, plan, streak, pain, missing, effort)
