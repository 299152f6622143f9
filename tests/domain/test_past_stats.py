"""The past years' check-ins reduced to what ``coach stats`` reads of them
(coach.domain.past_stats): with any later values after them, every trend's baseline, current
level, verdict and count, and the flare days, are those of the whole series."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.past_stats import (
    days_of_bits,
    flare_bits,
    flare_days_of,
    reduced,
    reduced_function,
    settled,
)
from coach.domain.trends import (
    CheckInIndex,
    MeasureSpec,
    PartValues,
    Values,
    flare_days,
    function_trend,
)

START = 740_000
ACTIVITIES = ("stairs", "kneel", "garden", "walk")


@st.composite
def series(draw: Any, start: int = START, values: Any = None) -> tuple[list[int], list[Any]]:
    """Days (ascending, repeats allowed, gaps of any size) and one value each."""
    gaps = draw(st.lists(st.sampled_from([0, 0, 1, 1, 1, 2, 3, 6, 7, 8, 20]), max_size=60))
    days, day = [], start
    for gap in gaps:
        day += gap
        days.append(day)
    pick = values or st.integers(0, 10)
    return days, [draw(pick) for _ in days]


def _dates(days: list[int]) -> list[date]:
    return [date.fromordinal(d) for d in days]


def _figures(vals: Values) -> tuple[Any, ...]:
    return vals.baseline_current(), vals.count


@settings(max_examples=300, deadline=None)
@given(series(), st.data())
def test_a_reduced_series_with_later_values_gives_the_whole_figures_and_flare_days(
    past: tuple[list[int], list[int]], data: Any
) -> None:
    days, values = past
    last = days[-1] if days else START
    later = data.draw(series(start=last + data.draw(st.integers(1, 9))))
    r_days, r_values = reduced(days, values)
    whole = Values(_dates(days + later[0]), [*values, *later[1]])
    left_out = len(values) - len(r_values)
    kept_days, kept_values = _dates(r_days + later[0]), [*r_values, *later[1]]
    part: Values = (
        PartValues(kept_days, kept_values, len(kept_values) + left_out)
        if left_out
        else Values(kept_days, kept_values)
    )
    assert _figures(part) == _figures(whole)
    if left_out:
        assert settled(days)  # only a settled series loses values
    flares = flare_days_of(days, values) if settled(days) else []
    index = CheckInIndex.of_values([], {("neck", "at_rest"): part}, {}, [], (), _dates(flares))
    truth = CheckInIndex.of_values([], {("neck", "at_rest"): whole}, {}, [])
    assert flare_days(index, {}, UTC) == flare_days(truth, {}, UTC)


@st.composite
def function_entries(draw: Any, start: int = START) -> list[tuple[int, dict[str, int]]]:
    """Check-ins' activity scores: ascending days, each rating one or more activities."""
    days, _ = draw(series(start=start))
    rate = st.dictionaries(st.sampled_from(ACTIVITIES), st.integers(0, 10), min_size=1)
    return [(day, draw(rate)) for day in days]


def _function_index(entries: list[tuple[int, dict[str, int]]], left_out: Any) -> CheckInIndex:
    return CheckInIndex.of_values(
        [], {}, {}, [(date.fromordinal(d), s) for d, s in entries], left_out
    )


@settings(max_examples=300, deadline=None)
@given(function_entries(), st.data())
def test_the_activity_scores_reduced_give_the_function_trend_for_any_list(
    past: list[tuple[int, dict[str, int]]], data: Any
) -> None:
    last = past[-1][0] if past else START
    later = data.draw(function_entries(start=last + data.draw(st.integers(1, 9))))
    kept, counted = reduced_function(past)
    assert sum(n for _, n in counted) == len(past) - len(kept)
    assert all(k in past for k in kept)
    left_out = [(frozenset(rated), n) for rated, n in counted]
    for activities in (None, *[{a} for a in ACTIVITIES], {"stairs", "walk"}, set(ACTIVITIES)):
        whole = function_trend(_function_index(past + later, []), UTC, activities)
        part = function_trend(_function_index(kept + later, left_out), UTC, activities)
        assert (part.baseline, part.current, part.verdict) == (
            whole.baseline,
            whole.current,
            whole.verdict,
        )
        assert part.values.count == whole.values.count


def test_long_series_are_cut_and_cannot_be_drawn() -> None:
    days = list(range(START, START + 400))
    r_days, _ = reduced(days, [5] * 400)
    assert len(r_days) == 7 + 14
    entries = [(d, {"stairs": 5}) for d in days]
    kept, counted = reduced_function(entries)
    assert len(kept) == 7 + 14 and counted == [[["stairs"], 400 - 21]]
    part = PartValues(_dates(r_days), [5.0] * len(r_days), 400)
    try:
        part.series()
    except ValueError:
        pass
    else:
        raise AssertionError("a summed-up series was drawn")


@given(st.lists(st.integers(1, 4000), max_size=80))
def test_flare_days_as_bits_read_back(offsets: list[int]) -> None:
    days = [START + o for o in offsets]
    first, bits = flare_bits(days)
    assert days_of_bits(first, bits) == sorted(set(days))


# --- the past summed up and this year's facts, put together --------------------------------------


@st.composite
def checkin_years(draw: Any) -> tuple[list[Any], list[Any]]:
    """Check-ins of two past years and this one (pain in two regions and contexts, skipped
    ratings, a measure, activity scores), in the log's order."""
    from types import SimpleNamespace

    out: list[Any] = []
    day = datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 700)))
    for i in range(draw(st.integers(0, 70))):
        day += timedelta(days=draw(st.sampled_from([0, 1, 1, 2, 5, 9, 30])), minutes=7)
        pain = [SimpleNamespace(region=r, value=draw(st.sampled_from([None, 0, 2, 5, 8, 10])))
                for r in draw(st.lists(st.sampled_from(["neck", "knee"]), max_size=2,
                                       unique=True))]  # fmt: skip
        measures = draw(st.sampled_from([{}, {"m": 3.5}, {"m": 7.0}]))
        scores = draw(st.dictionaries(st.sampled_from(ACTIVITIES), st.integers(0, 10), max_size=2))
        out.append(SimpleNamespace(
            id=f"c{i:03d}", at=day, context=draw(st.sampled_from(["at_rest", "before_session"])),
            session_id=None, routine_id=None, pain=pain, measures=measures, function=scores,
        ))  # fmt: skip
    now = datetime(2026, 12, 3, 20, tzinfo=UTC)  # (later ones: left out)
    this_year = [c for c in out if c.at.year == 2026 and c.at < now]
    return [c for c in out if c.at.year < 2026], this_year


@settings(max_examples=150, deadline=None)
@given(checkin_years(), st.sampled_from([None, {"stairs"}, {"kneel", "walk"}]))
def test_the_past_summed_up_with_this_year_gives_every_trend_of_the_whole_log(
    years: tuple[list[Any], list[Any]], activities: set[str] | None
) -> None:
    from coach.domain import dayfacts, past_facts
    from coach.domain.past import checkpoint
    from coach.domain.trends import measure_trends, pain_trends

    past, current = years
    at = checkpoint(date(2026, 12, 3))
    parts = [dayfacts.build([], [c for c in past if c.at.year == y], UTC) for y in (2024, 2025)]
    now = dayfacts.build([], current, UTC)
    whole = dayfacts.LogFacts.merge([*parts, now])
    summed = past_facts.combine_stats(
        json.loads(json.dumps(past_facts.summarize(parts, at))), dayfacts.LogFacts.merge([now]), at
    )
    assert summed is not None
    assert summed.record_count() == whole.record_count() == len(past) + len(current)
    assert summed.measures_recorded() == whole.measures_recorded()
    spec = [MeasureSpec("m", "M", "cm", "higher", None)]
    for regions in (None, ["neck"], ["knee"]):
        got, want = summed.checkin_index(regions), whole.checkin_index(regions)

        def figures(index: CheckInIndex) -> Any:
            trends = [*pain_trends(index, UTC), *measure_trends(index, spec, UTC),
                      function_trend(index, UTC, activities)]  # fmt: skip
            return [(t.subject, t.context, t.baseline, t.current, t.verdict, t.values.count)
                    for t in trends], flare_days(index, {}, UTC)  # fmt: skip

        assert figures(got) == figures(want)
