"""How long words take to say (the estimate) and the get ready that leaves time for them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.plan import COUNTDOWN_FROM, GET_READY_S, Phase, expand
from coach.domain.routine import Exercise, Routine
from coach.domain.spoken import (
    VOICE_SLACK_S,
    fits,
    get_ready_phrase,
    get_ready_seconds,
    speaking_time,
)


def exercise(**spec: Any) -> Exercise:
    full = {"name": "Chin tuck", "kind": "posture", **spec}
    routine = Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": [full]})
    return routine.exercises[0]


@pytest.mark.parametrize(
    ("words", "low", "high"),
    [
        ("3", 0.4, 0.8),  # espeak-ng: 0.61 s (its closing pause included)
        ("Release", 0.5, 0.9),  # 0.72 s
        ("Rep 12, hold", 1.35, 1.8),  # 1.59 s
        ("Rep 6 of 10. Hold.", 1.85, 2.35),  # 2.12 s
        ("Rest, 45 seconds. Then the last set.", 3.0, 3.6),  # 3.32 s
        (
            "Straight-leg raise. 2 sets of 10 reps each side, 2 seconds down, 1 second pause, "
            "2 seconds up. Left side.",
            7.7,
            8.6,
        ),  # 8.11 s
    ],
)
def test_speaking_time_is_near_what_espeak_ng_takes(words: str, low: float, high: float) -> None:
    assert low <= speaking_time(words) <= high


def test_numbers_are_timed_as_the_words_said() -> None:
    assert speaking_time("Rest, 120 seconds") > speaking_time("Rest, 10 seconds")
    assert speaking_time("Rep 7") > speaking_time("Rep 1")  # "seven" is longer than "one"
    assert speaking_time("") == 0 and speaking_time(" , . ") == 0


@given(st.text(max_size=200), st.text(min_size=1, max_size=50))
def test_more_words_never_take_less_time(words: str, more: str) -> None:
    assert speaking_time(f"{words} {more}") >= speaking_time(words) - 1e-9


def test_fits_leaves_the_slack() -> None:
    t = speaking_time("Rep 6, hold")
    assert fits("Rep 6, hold", t + VOICE_SLACK_S)
    assert not fits("Rep 6, hold", t + VOICE_SLACK_S - 0.01)
    assert fits("anything at all, however long it is", None)


def test_a_short_get_ready_keeps_its_10_seconds() -> None:
    ex = exercise(reps=10, hold_s=5)
    assert get_ready_phrase(ex, None) == "Chin tuck. 10 reps, hold 5 seconds."
    assert get_ready_seconds(ex, None, GET_READY_S, COUNTDOWN_FROM) == GET_READY_S


def test_a_long_name_and_dose_get_a_longer_get_ready_that_ends_in_3_2_1() -> None:
    ex = exercise(
        name="Prone Y-T-W raise, thumbs up, shoulder blades drawn back",
        reps=10,
        sets=3,
        rest_s=30,
        tempo="3-1-3",
        side="each",
    )
    phrase = get_ready_phrase(ex, "left")
    assert phrase.endswith("3 seconds up. Left side.")
    seconds = get_ready_seconds(ex, "left", GET_READY_S, COUNTDOWN_FROM)
    assert seconds > GET_READY_S and seconds == int(seconds)
    assert speaking_time(phrase) + VOICE_SLACK_S <= seconds - COUNTDOWN_FROM
    assert seconds - COUNTDOWN_FROM - speaking_time(phrase) < 2.5  # not much longer than needed
    ready = expand(Routine.model_validate({
        "format": 1, "id": "t", "title": "T",
        "exercises": [{"name": ex.name, "kind": "strength", "reps": 10, "sets": 3,
                       "rest_s": 30, "tempo": "3-1-3", "side": "each"}],
    })).steps[0]  # fmt: skip
    assert ready.phase is Phase.GET_READY and ready.duration_s == seconds
    assert ready.estimate_s == seconds
