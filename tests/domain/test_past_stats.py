"""The past years' check-ins reduced to what ``coach stats`` reads of them
(coach.domain.past_stats): with any later values after them, every trend's baseline, current
level, verdict and count, and the flare days, are those of the whole series."""

from __future__ import annotations

from datetime import UTC, date
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
from coach.domain.trends import CheckInIndex, PartValues, Values, flare_days, function_trend

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
