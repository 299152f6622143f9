"""Pain, measure and function trends, their exact sentences, flare days and sparklines.

Baseline: values in the first 7 days (or the first 3); current: the trailing 7-day mean at the
latest day (or the last 3). Expected numbers are worked out by hand next to each assertion.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.clinical import (
    PAIN_MCID_PERCENT,
    PAIN_MCID_POINTS,
    PSFS_MCID_POINTS,
    MeasureSpec,
    describe_function,
    describe_measure,
    describe_pain,
    round_half_up,
)
from coach.domain.records import CheckInRecord, PainRating
from coach.domain.routine import Measure
from coach.domain.trends import (
    DayPoint,
    Values,
    flare_days,
    function_trend,
    measure_trends,
    pain_trends,
    sparkline,
)

LONDON = ZoneInfo("Europe/London")


def d(day: int, month: int = 1) -> date:
    return date(2024, month, day)


def pain(
    day: date, value: int | None, region: str = "neck", context: str = "before_session", hour=9
) -> CheckInRecord:
    return CheckInRecord(
        at=datetime.combine(day, time(hour), tzinfo=LONDON),
        context=context,  # type: ignore[arg-type]
        pain=[PainRating(region=region, value=value)],
    )


# --- the sentences at their thresholds -----------------------------------------------------------


def test_the_thresholds_are_the_published_mcids() -> None:
    assert (PAIN_MCID_POINTS, PAIN_MCID_PERCENT, PSFS_MCID_POINTS) == (2.0, 30.0, 2.0)


@pytest.mark.parametrize(
    ("baseline", "current", "status", "flag", "sentence"),
    [
        # 6 -> 3.5: -2.5 points, -41.7 % -> -42 %
        (
            6,
            3.5,
            "improved",
            False,
            "Neck pain is down 2.5 points (−42 %) since you started: "
            "a change that is clinically meaningful",
        ),
        # exactly 2 points: 6 -> 4 is -33 %
        (
            6,
            4,
            "improved",
            False,
            "Neck pain is down 2.0 points (−33 %) since you started: "
            "a change that is clinically meaningful",
        ),
        # exactly 30 % with only 1.5 points: 5 -> 3.5
        (
            5,
            3.5,
            "improved",
            False,
            "Neck pain is down 1.5 points (−30 %) since you started: "
            "a change that is clinically meaningful",
        ),
        # 1.9 points and 19 %: neither threshold
        (
            10,
            8.1,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(down 1.9 points): within day-to-day variation",
        ),
        # 28 %: 5 -> 3.6
        (
            5,
            3.6,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(down 1.4 points): within day-to-day variation",
        ),
        (
            4,
            3.5,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(down 0.5 points): within day-to-day variation",
        ),
        (
            4,
            4,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(no change): within day-to-day variation",
        ),
        # a rise of exactly 2.0 points is flagged; 4 -> 6 is +50 %
        (
            4,
            6,
            "worse",
            True,
            "Neck pain is up 2.0 points (+50 %) since you started. Please tell your therapist.",
        ),
        # a rise of 1.9 (+48 %) is not: only the points count for a rise
        (
            4,
            5.9,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(up 1.9 points): within day-to-day variation",
        ),
        # baseline 0: no percentage, never a division by zero
        (
            0,
            2,
            "worse",
            True,
            "Neck pain is up 2.0 points since you started. Please tell your therapist.",
        ),
        (
            0,
            0.5,
            "same",
            False,
            "Neck pain is about the same as when you started "
            "(up 0.5 points): within day-to-day variation",
        ),
    ],
)
def test_pain_sentences(
    baseline: float, current: float, status: str, flag: bool, sentence: str
) -> None:
    verdict = describe_pain("neck", baseline, current)
    assert (verdict.status, verdict.flag, verdict.sentence) == (status, flag, sentence)
    assert verdict.meaningful == (status != "same")


def test_pain_percent_is_undefined_for_a_zero_baseline() -> None:
    assert describe_pain("neck", 0, 3).percent is None
    assert describe_pain("neck", 4, 3).percent == -25


def test_region_is_capitalised_only_at_the_sentence_start() -> None:
    assert describe_pain("low-back", 6, 3.5).sentence.startswith("Low back pain is down 2.5")
    assert describe_pain("low-back", None, None).sentence == (
        "Not enough low back pain ratings yet to compare with when you started"
    )
    assert describe_pain("neck", 4, 6, "after_session").sentence.startswith(
        "Neck pain after sessions is up 2.0 points"
    )


def test_rounding_is_half_up_and_classifies_what_is_shown() -> None:
    assert (round_half_up(2.25, 1), round_half_up(-2.25, 1), round_half_up(-0.04, 1)) == (
        2.3,
        -2.3,
        0.0,
    )
    # -1.95 shows as "down 2.0 points": it is called meaningful, as shown
    assert describe_pain("neck", 9, 7.05).sentence.startswith("Neck pain is down 2.0 points")
    assert describe_pain("neck", 9, 7.05).status == "improved"


# --- pain trends from check-ins ------------------------------------------------------------------


def test_pain_trend_baseline_current_and_series() -> None:
    checkins = [pain(d(1), 6), pain(d(3), 6), pain(d(5), 6), pain(d(5), None)]  # skipped: ignored
    checkins += [pain(d(20), 4), pain(d(22), 3), pain(d(24), 3)]
    (trend,) = pain_trends(checkins, LONDON)
    # baseline: Jan 1..7 holds 3 ratings: 6. current: Jan 18..24: (4 + 3 + 3) / 3 = 3.33
    assert trend.baseline == 6
    assert trend.current == pytest.approx(10 / 3)
    # -2.67 -> -2.7 points; -44.4 % -> -44 %
    assert trend.sentence == (
        "Neck pain is down 2.7 points (−44 %) since you started: "
        "a change that is clinically meaningful"
    )
    assert (trend.subject, trend.context) == ("neck", "before_session")
    # rolling: Jan 22 = mean of Jan 16..22 = (4 + 3) / 2; Jan 5's rolling = Jan 1..5
    assert trend.series[-2] == DayPoint(d(22), 3.0, 1, 3.5)
    assert trend.series[2] == DayPoint(d(5), 6.0, 1, 6.0)
    assert [p.day for p in trend.series] == [d(1), d(3), d(5), d(20), d(22), d(24)]


def test_pain_baseline_falls_back_to_the_first_three_and_current_to_the_last_three() -> None:
    # first week (Jan 1..7) has 2 ratings -> baseline = first 3: (8 + 6 + 7) / 3 = 7
    # last 7 days (Jan 24..30) hold only Jan 30 -> current = last 3: (5 + 4 + 3) / 3 = 4
    values = {d(1): 8, d(3): 6, d(10): 7, d(15): 5, d(20): 4, d(30): 3}
    (trend,) = pain_trends([pain(day, v) for day, v in values.items()], LONDON)
    assert (trend.baseline, trend.current) == (7, 4)
    assert trend.verdict.change == -3.0


def test_a_daily_mean_and_a_rolling_mean_over_several_ratings() -> None:
    checkins = [pain(d(1), 2), pain(d(1), 4, hour=20), pain(d(8), 9)]
    (trend,) = pain_trends(checkins, LONDON)
    # Jan 1: mean 3 of 2 ratings; Jan 8's window is Jan 2..8: just 9
    assert trend.series == (DayPoint(d(1), 3.0, 2, 3.0), DayPoint(d(8), 9.0, 1, 9.0))


@pytest.mark.parametrize(
    "values",
    [
        [],
        [5],  # one rating
        [5, 2, 1],  # three ratings, all in the first week: all baseline
        [None, None, 4],  # skipped ratings do not count
    ],
)
def test_not_enough_pain_data(values: list[int | None]) -> None:
    checkins = [pain(d(1 + i), v) for i, v in enumerate(values)]
    trends = pain_trends(checkins, LONDON)
    if not any(v is not None for v in values):
        assert trends == []
        return
    (trend,) = trends
    assert (trend.baseline, trend.current, trend.flag) == (None, None, False)
    assert trend.sentence == "Not enough neck pain ratings yet to compare with when you started"


def test_two_ratings_a_week_apart_are_enough() -> None:
    # first week holds 1 rating -> baseline = first 3 = both -> all baseline: not enough
    (trend,) = pain_trends([pain(d(1), 5), pain(d(9), 2)], LONDON)
    assert trend.verdict.status == "not_enough"
    # with four, the fourth is outside the baseline (8 + 6 + 7) / 3 = 7 vs last 3 (6 + 7 + 2) / 3
    checkins = [pain(d(1), 8), pain(d(9), 6), pain(d(20), 7), pain(d(30), 2)]
    (trend,) = pain_trends(checkins, LONDON)
    assert (trend.baseline, trend.current) == (7, 5)


def test_regions_and_contexts_are_separate_series_and_named_when_needed() -> None:
    checkins = [pain(d(n), 6, "low-back", "before_session") for n in (1, 2, 3)]
    checkins += [pain(d(n), 3, "low-back", "before_session") for n in (20, 21, 22)]
    checkins += [pain(d(n), 2, "low-back", "after_session") for n in (1, 2, 3, 20)]
    checkins += [pain(d(n), 1, "hip", "at_rest") for n in (1, 2, 3, 20)]
    trends = pain_trends(checkins, LONDON)
    assert [(t.subject, t.context) for t in trends] == [
        ("hip", "at_rest"),
        ("low-back", "before_session"),
        ("low-back", "after_session"),
    ]
    hip, before, after = trends
    assert hip.sentence.startswith("Hip pain is about the same")  # one context: not named
    assert before.sentence.startswith("Low back pain before sessions is down 3.0 points (−50 %)")
    assert after.sentence.startswith("Low back pain after sessions is about the same")


def test_days_of_check_ins_follow_the_clients_zone() -> None:
    # 23:30 UTC on Mar 31 is 00:30 BST on Apr 1 (after the spring-forward)
    checkin = CheckInRecord(
        at=datetime(2024, 3, 31, 23, 30, tzinfo=UTC),
        context="at_rest",
        pain=[PainRating(region="neck", value=3)],
    )
    (trend,) = pain_trends([checkin], LONDON)
    assert trend.series[0].day == date(2024, 4, 1)


# --- measures ------------------------------------------------------------------------------------


FLOOR = MeasureSpec("fingertip-floor", "Fingertip to floor", "cm", "lower")


def measured(day: date, value: float, measure: str = "fingertip-floor") -> CheckInRecord:
    return CheckInRecord(
        at=datetime.combine(day, time(9), tzinfo=LONDON),
        context="after_session",
        measures={measure: value},
    )


def test_measure_directions_without_a_threshold() -> None:
    assert describe_measure(FLOOR, 20, 14).sentence == (
        "Fingertip to floor improved by 6 cm since you started"
    )
    assert describe_measure(FLOOR, 20, 23).sentence == (
        "Fingertip to floor got worse by 3 cm since you started"
    )
    assert (
        describe_measure(FLOOR, 20, 20).sentence
        == "Fingertip to floor is unchanged since you started"
    )
    flexion = MeasureSpec("hip-flexion", "hip flexion", "°", "higher")
    verdict = describe_measure(flexion, 90, 97.5)
    assert verdict.sentence == "Hip flexion improved by 7.5° since you started"
    # without a threshold no change is ever called meaningful
    assert (verdict.status, verdict.meaningful) == ("improved", False)
    assert describe_measure(flexion, 90, 80).status == "worse"


def test_measure_with_a_therapist_threshold() -> None:
    spec = MeasureSpec("fingertip-floor", "Fingertip to floor", "cm", "lower", threshold=5)
    big = describe_measure(spec, 20, 15)  # exactly the threshold
    assert (big.meaningful, big.sentence) == (
        True,
        "Fingertip to floor improved by 5 cm since you started: a meaningful change",
    )
    small = describe_measure(spec, 20, 17)
    assert (small.meaningful, small.status, small.sentence) == (
        False,
        "same",
        "Fingertip to floor is about the same as when you started "
        "(improved by 3 cm): within day-to-day variation",
    )


def test_measure_trends_from_check_ins() -> None:
    checkins = [measured(d(1), 24), measured(d(2), 22), measured(d(3), 20), measured(d(4), 20)]
    checkins += [measured(d(20), 15), measured(d(21), 14), measured(d(22), 13)]
    checkins.append(measured(d(22), 99, "other"))
    spec = MeasureSpec.from_measure(
        Measure(id="fingertip-floor", label="Fingertip to floor", unit="cm", better="lower")
    )
    turn = MeasureSpec("neck-turn", "Neck turn", "°", "higher")
    (trend, never) = measure_trends(checkins, [spec, turn], LONDON)
    # baseline (24 + 22 + 20 + 20) / 4 = 21.5, current (15 + 14 + 13) / 3 = 14 -> 7.5 better
    assert (trend.baseline, trend.current) == (21.5, 14)
    assert trend.sentence == "Fingertip to floor improved by 7.5 cm since you started"
    assert (
        never.sentence
        == "Not enough measurements of Neck turn yet to compare with when you started"
    )


# --- function (PSFS) -----------------------------------------------------------------------------


def scored(day: date, **scores: int) -> CheckInRecord:
    return CheckInRecord(
        at=datetime.combine(day, time(9), tzinfo=LONDON), context="at_rest", function=scores
    )


def test_psfs_mean_over_active_activities_and_its_mcid() -> None:
    checkins = [scored(d(n), stairs=3, walk=5, garden=0) for n in (1, 2, 3)]
    checkins += [scored(d(n), stairs=6, walk=7, garden=0) for n in (20, 21, 22)]
    checkins.append(scored(d(22)))  # nothing rated: ignored
    active = function_trend(checkins, LONDON, {"stairs", "walk"})
    # active only: 4 -> 6.5, up 2.5
    assert (active.baseline, active.current) == (4, 6.5)
    assert active.sentence == (
        "Your activity scores are up 2.5 points since you started: "
        "a change that is clinically meaningful"
    )
    every = function_trend(checkins, LONDON)
    # all three: 8 / 3 -> 13 / 3, up 1.67 -> 1.7: below the MCID
    assert every.sentence == (
        "Your activity scores are about the same as when you started (up 1.7 points): "
        "within day-to-day variation"
    )


def test_psfs_thresholds() -> None:
    assert describe_function(5, 7).status == "improved"  # exactly +2
    down = describe_function(6, 4)  # exactly -2
    assert (down.flag, down.sentence) == (
        True,
        "Your activity scores are down 2.0 points since you started. Please tell your therapist.",
    )
    assert describe_function(6, 4.1).status == "same"
    assert describe_function(None, None).sentence == (
        "Not enough activity scores yet to compare with when you started"
    )


# --- flare days and sparklines -------------------------------------------------------------------


def test_flare_days_from_pain_rises_and_marked_days() -> None:
    # baseline Jan 1..7: (3 + 3 + 3) / 3 = 3. Jan 10: 5 is +2 (flare); Jan 11: 4 is +1 (not)
    checkins = [pain(d(n), 3) for n in (1, 2, 3)] + [pain(d(10), 5), pain(d(11), 4)]
    # another context has its own baseline: after-session 5s are not a flare
    checkins += [pain(d(n), 5, context="after_session") for n in (1, 2, 3, 11)]
    assert flare_days(checkins, {d(15): "flare", d(16): "rest"}, LONDON) == [d(10), d(15)]
    assert flare_days([], {}, LONDON) == []


def test_sparkline() -> None:
    assert sparkline([0, 5, 10], 10, lo=0, hi=10) == "▁▅█"  # 5/10 x 7 = 3.5 -> level 4
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8) == "▁▂▃▄▅▆▇█"
    # 8 values into 4 buckets of 2: means 1.5, 3.5, 5.5, 7.5 on a 1..8 scale: levels
    # 0.5, 2.5, 4.5, 6.5, rounded half up
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8], 4, lo=1, hi=8) == "▂▄▆█"
    assert sparkline([3, None, 3], 5) == "▄ ▄"  # flat: mid-height; a gap is a space
    assert sparkline([], 5) == "" and sparkline([1, 2], 0) == ""
    assert sparkline([None, None], 4) == "  "
    assert sparkline([-5, 20], 2, lo=0, hi=10) == "▁█"  # clamped to the scale


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), max_size=80),
    st.integers(-5, 70),
)
def test_a_series_from_a_day_is_the_tail_of_the_whole_series(
    ratings: list[tuple[int, int]], offset: int
) -> None:
    """The report draws a period: its points (and rolling means) from that day on are the
    whole series' points from that day on."""
    start = date(2026, 1, 1)
    pairs = sorted(ratings)
    values = Values([start + timedelta(days=d) for d, _ in pairs], [float(v) for _, v in pairs])
    first = start + timedelta(days=offset)
    tail = [p for p in values.series() if p.day >= first]
    got = values.series(first)
    assert [(p.day, p.mean, p.n) for p in got] == [(p.day, p.mean, p.n) for p in tail]
    assert [p.rolling for p in got] == pytest.approx([p.rolling for p in tail])


def test_trends_order_contexts_as_the_check_in_words_list_them() -> None:
    """Pain trends are ordered by context as :data:`PainContext` lists them; the trends read
    that order from ``CONTEXT_LABELS`` (its keys), which therefore names every context, in order."""
    from typing import get_args

    from coach.domain.checkin_words import CONTEXT_LABELS
    from coach.domain.record_types import PainContext

    assert list(CONTEXT_LABELS) == list(get_args(PainContext))
