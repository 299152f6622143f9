"""The program's past summed up (coach.domain.past): resuming the walks from it gives the same
streak and consistency figures as walking every day, and its key tells every input apart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.days import DayFacts, Prescription, ProgramItem, SessionIndex
from coach.domain.past import (
    Past,
    checkpoint,
    from_plain,
    past_for,
    past_key,
    summarize,
    to_plain,
)
from coach.domain.progress import consistency
from coach.domain.streaks import overall_streak

FIRST = date(2023, 1, 1)
DAYS = 3 * 366  # three years: two checkpoints inside


@st.composite
def histories(draw: Any) -> tuple[SessionIndex, list[ProgramItem], dict[date, str], date]:
    """A program of 1-3 routines, their logged days, excused days and a today."""
    n = draw(st.integers(1, 3))
    program = []
    facts: dict[str, dict[date, DayFacts]] = {}
    for i in range(n):
        rid = f"r{i}"
        per_day = draw(st.integers(1, 2))
        per_week = draw(st.sampled_from([7, 7, 5, 3, 1]))
        since = FIRST + timedelta(days=draw(st.integers(0, DAYS - 30)))
        program.append(ProgramItem(rid, rid, Prescription(per_day, per_week), since))
        share = draw(st.sampled_from([0.95, 0.8, 0.5]))  # how often the client does it
        seed = draw(st.integers(0, 2**31))
        days = {}
        for k in range(DAYS):
            x = (seed * 1103515245 + k * 12345 + i) % 1000 / 1000
            if x < share:
                done = per_day if x < share * 0.9 else per_day - 1
                days[FIRST + timedelta(days=k)] = DayFacts(
                    complete=done, partial=int(x > share * 0.85), flare=int(x < 0.02),
                    logged=done + int(x > share * 0.85) or 1, practice=int(x > 0.97),
                )  # fmt: skip
        facts[rid] = days
    excused = {
        FIRST + timedelta(days=k): draw(st.sampled_from(["rest", "flare", "ill"]))
        for k in draw(st.lists(st.integers(0, DAYS), max_size=40))
    }
    for k in draw(st.lists(st.integers(0, DAYS - 10), max_size=3)):  # runs of excused days
        for j in range(draw(st.integers(2, 6))):
            excused[FIRST + timedelta(days=k + j)] = "ill"
    today = FIRST + timedelta(days=draw(st.integers(370, DAYS)))
    return SessionIndex.from_facts(facts), program, excused, today


@settings(max_examples=150, deadline=None)
@given(histories())
def test_resumed_from_the_past_the_figures_are_the_same(
    history: tuple[SessionIndex, list[ProgramItem], dict[date, str], date],
) -> None:
    index, program, excused, today = history
    at = checkpoint(today)
    assert at.weekday() == 0 and at <= date(today.year, 1, 1) <= today
    past = summarize(index, program, excused, at, today)
    fresh = SessionIndex.from_facts({r: index.facts_by_day(r) for r in index.routine_ids()})
    assert overall_streak(index, program, excused, today, past) == overall_streak(
        fresh, program, excused, today
    )
    assert consistency(index, program, excused, today, past) == consistency(
        fresh, program, excused, today
    )
    assert from_plain(to_plain(past), at) == past


def _history() -> tuple[SessionIndex, list[ProgramItem], dict[date, str], date]:
    days = {FIRST + timedelta(days=k): DayFacts(complete=1, logged=1) for k in range(800)
            if k % 9}  # fmt: skip
    index = SessionIndex.from_facts({"neck": days, "knee": dict(list(days.items())[::2])})
    program = [
        ProgramItem("neck", "Neck", Prescription(1, 7), FIRST),
        ProgramItem("knee", "Knee", Prescription(1, 3), FIRST + timedelta(days=40)),
    ]
    return index, program, {FIRST + timedelta(days=100): "rest"}, date(2025, 3, 5)


def test_kept_past_is_used_only_under_its_key_and_when_whole() -> None:
    index, program, excused, today = _history()
    kept: dict[str, Any] = {}
    made = past_for(index, program, excused, today, kept.get, kept.__setitem__)
    assert len(kept) == 1 and made.at == date(2024, 12, 30)
    (key, plain), = kept.items()
    assert key == past_key(index, program, excused, made.at)
    assert past_for(index, program, excused, today, kept.get) == made
    # A kept past that does not read back whole is made again (and kept again).
    for damaged in ({**plain, "effort": [1, 2, 3]}, {**plain, "at": plain["at"] + 7}, "x", None,
                    {**plain, "daily_run": [True, 0, 0]}, {**plain, "best_week": [0] * 6}):
        again: dict[str, Any] = {key: damaged}
        assert past_for(index, program, excused, today, again.get, again.__setitem__) == made
        assert again[key] == plain
    # Nothing before the checkpoint: nothing to keep.
    late = [ProgramItem("neck", "Neck", Prescription(1, 7), date(2025, 2, 1))]
    nothing: dict[str, Any] = {}
    assert past_for(index, late, excused, today, nothing.get, nothing.__setitem__) == Past(
        date(2024, 12, 30)
    )
    assert not nothing


def test_the_key_tells_every_input_apart() -> None:
    index, program, excused, today = _history()
    at = checkpoint(today)
    key = past_key(index, program, excused, at)
    facts = {r: dict(index.facts_by_day(r)) for r in index.routine_ids()}
    later = {**facts, "neck": {**facts["neck"], at + timedelta(days=3): DayFacts(complete=2)}}
    assert past_key(SessionIndex.from_facts(later), program, excused, at) == key  # this year
    earlier = {**facts, "neck": {**facts["neck"], at - timedelta(days=2): DayFacts(partial=1)}}
    others = [
        past_key(SessionIndex.from_facts(earlier), program, excused, at),
        past_key(index, program, {**excused, at - timedelta(days=1): "ill"}, at),
        past_key(index, program, {**excused, FIRST + timedelta(days=100): "ill"}, at),
        past_key(index, program[:1], excused, at),
        past_key(index, [program[0], ProgramItem("knee", "Knee", Prescription(2, 3),
                                                  program[1].since)], excused, at),
        past_key(index, [program[0], ProgramItem("knee", "Knee", Prescription(1, 3),
                                                  program[1].since + timedelta(days=1))],
                 excused, at),
        past_key(index, program, excused, at - timedelta(days=7)),
        past_key(index, program, excused, at, version="0.2"),
    ]  # fmt: skip
    assert key not in others and len(set(others)) == len(others)
    assert past_key(index, program, {**excused, at + timedelta(days=1): "ill"}, at) == key
