"""The whole summary (each routine's streak, adherence since its start and consistency, and the
program's) resumed from the pasts (coach.domain.past) equals the walk of every day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings

from coach.domain.adherence import adherence, tally
from coach.domain.days import DayFacts, Prescription, ProgramItem, SessionIndex
from coach.domain.past import Past, checkpoint, from_plain, past_for, summarize, to_plain
from coach.domain.stats import summarise
from tests.domain.test_past import FIRST, histories


def _fresh(index: SessionIndex) -> SessionIndex:
    """The same facts, no day judged yet."""
    return SessionIndex.from_facts({r: index.facts_by_day(r) for r in index.routine_ids()})


@settings(max_examples=150, deadline=None)
@given(histories())
def test_the_summary_from_the_pasts_is_the_walk_of_every_day(
    history: tuple[SessionIndex, list[ProgramItem], dict[date, str], date],
) -> None:
    index, program, excused, today = history
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20)
    made: list[Sequence[ProgramItem]] = []

    def past_of(items: Sequence[ProgramItem]) -> Past:
        made.append(items)
        return past_for(index, items, excused, today)

    resumed = summarise((), [], program, excused, UTC, now, index=index, past_of=past_of)
    walked = summarise((), [], program, excused, UTC, now, index=_fresh(index))
    assert resumed == walked
    assert [list(m) for m in made] == [[p] for p in program] + [list(program)]


@settings(max_examples=60, deadline=None)
@given(histories())
def test_a_tally_carried_over_a_monday_adds_up_to_the_walk(
    history: tuple[SessionIndex, list[ProgramItem], dict[date, str], date],
) -> None:
    index, program, excused, today = history
    at = checkpoint(today)
    for p in program:
        if p.since >= at:
            continue
        before = tally(index, p, excused, p.since, at - timedelta(days=1), today)
        for last in (at - timedelta(days=1), at, at + timedelta(days=9), today):
            whole = adherence(_fresh(index), p, excused, date.min, last, today)
            assert adherence(index, p, excused, date.min, last, today, (at, before)) == whole
        past = summarize(index, [p], excused, at, today)
        assert past.adherence == ((p.routine_id, *before),)
        assert from_plain(to_plain(past), at) == past


def test_a_kept_past_without_tallies_or_with_bad_ones_is_made_again() -> None:
    days = {FIRST + timedelta(days=k): DayFacts(complete=1, logged=1) for k in range(800)
            if k % 5}  # fmt: skip
    index = SessionIndex.from_facts({"neck": days})
    program = [ProgramItem("neck", "Neck", Prescription(1, 7), FIRST)]
    today = date(2025, 3, 5)
    kept: dict[str, Any] = {}
    made = past_for(index, program, {}, today, kept.get, kept.__setitem__)
    assert made.adherence and made.adherence[0][0] == "neck"
    ((key, plain),) = kept.items()
    old = {k: v for k, v in plain.items() if k != "adherence"}  # as kept by the rules before
    for damaged in (old, {**plain, "adherence": [["neck", -1, 3, 0]]},
                    {**plain, "adherence": [["neck", 1, 2]]}, {**plain, "adherence": "x"},
                    {**plain, "adherence": [["neck", True, 2, 0]]}):  # fmt: skip
        again: dict[str, Any] = {key: damaged}
        assert past_for(index, program, {}, today, again.get, again.__setitem__) == made
        assert again[key] == plain


@settings(max_examples=40, deadline=None)
@given(histories())
def test_pasts_asked_for_by_the_review_are_kept_under_the_keys_of_every_day(
    history: tuple[SessionIndex, list[ProgramItem], dict[date, str], date],
) -> None:
    """The review digests each routine's days once for all its pasts: the same keys."""
    from coach import __version__
    from coach.domain.past import past_key
    from coach.services.review_facts import _pasts

    index, program, excused, today = history
    kept: dict[str, Any] = {}

    class Cache:
        kept_past = staticmethod(kept.get)
        keep_past = staticmethod(kept.__setitem__)

    past_of = _pasts(Cache(), index, excused, today)
    asked = [[p] for p in program] + [program]
    made = [past_of(items) for items in asked]
    at = checkpoint(today)
    keys = {past_key(_fresh(index), items, excused, at, __version__) for items in asked
            if any(p.since < at for p in items)}  # fmt: skip
    assert set(kept) == keys
    assert made == [past_for(_fresh(index), items, excused, today) for items in asked]
