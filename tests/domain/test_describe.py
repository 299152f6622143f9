"""Plain-English wording of plans: exact lines, durations, the table and the summary."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from coach.domain.describe import (
    describe_step,
    format_duration,
    format_minutes,
    plain_number,
    plan_summary,
    plan_table,
    spoken_duration,
)
from coach.domain.plan import Phase, expand
from coach.domain.routine import Routine


def routine(*exercises: dict[str, Any]) -> Routine:
    return Routine.model_validate(
        {"format": 1, "id": "t", "title": "T", "exercises": [{"kind": "strength", **e}
                                                             for e in exercises]}
    )


def lines(*exercises: dict[str, Any]) -> list[str]:
    return [describe_step(s) for s in expand(routine(*exercises)).steps]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"), (0.4, "0 s"), (0.5, "1 s"), (45, "45 s"), (59.4, "59 s"), (59.5, "1 min"),
        (60, "1 min"), (90, "1 min 30 s"), (720, "12 min"), (725.6, "12 min 6 s"),
        (3599, "59 min 59 s"), (3600, "1 h"), (3629, "1 h"), (3630, "1 h 1 min"),
        (3900, "1 h 5 min"), (7200, "2 h"), (-3, "0 s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "under 1 min"), (59.9, "under 1 min"), (60, "about 1 min"), (89, "about 1 min"),
        (90, "about 2 min"), (14 * 60 + 10, "about 14 min"), (3540, "about 59 min"),
        (3600, "about 1 h"), (3900, "about 1 h 5 min"),
    ],
)
def test_format_minutes(seconds: float, text: str) -> None:
    assert format_minutes(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (5, "5 seconds"), (2.5, "2.5 seconds"), (60, "60 seconds"),
     (119, "119 seconds"), (120, "2 minutes"), (150, "2 minutes 30 seconds"),
     (181, "3 minutes 1 second"), (600, "10 minutes")],
)
def test_spoken_duration(seconds: float, text: str) -> None:
    assert spoken_duration(seconds) == text


def test_plain_number() -> None:
    assert [plain_number(x) for x in (5, 5.0, 2.5, 2.26, 10.04)] == ["5", "5", "2.5", "2.3", "10"]


def test_rep_hold_lines_keep_set_1_of_1() -> None:
    assert lines({"name": "Chin tuck", "reps": 10, "hold_s": 5})[:4] == [
        "Get ready: Chin tuck (10 seconds)",
        "Chin tuck, set 1 of 1, rep 1 of 10: hold 5 seconds",
        "Release 3 seconds",
        "Chin tuck, set 1 of 1, rep 2 of 10: hold 5 seconds",
    ]


def test_each_side_hold_lines() -> None:
    ex = {"name": "Upper trapezius stretch", "kind": "stretch", "hold_s": 30, "sets": 2,
          "rest_s": 30, "side": "each"}
    assert lines(ex) == [
        "Get ready: Upper trapezius stretch, left side (10 seconds)",
        "Upper trapezius stretch, left side, set 1 of 2: hold 30 seconds",
        "Rest 30 seconds",
        "Upper trapezius stretch, left side, set 2 of 2: hold 30 seconds",
        "Rest 30 seconds",
        "Switch sides: 5 seconds, then right side",
        "Upper trapezius stretch, right side, set 1 of 2: hold 30 seconds",
        "Rest 30 seconds",
        "Upper trapezius stretch, right side, set 2 of 2: hold 30 seconds",
    ]


def test_untimed_lines() -> None:
    assert lines({"name": "Bird-dog", "reps": 10, "sets": 3, "side": "alternate"})[1] == (
        "Bird-dog, set 1 of 3: 10 reps each side, alternating; press Enter when done"
    )
    assert lines({"name": "Quad sets", "reps": 10, "sets": 3})[2] == (
        "Quad sets, set 2 of 3: 10 reps; press Enter when done"
    )
    assert lines({"name": "Clam", "reps": 1, "side": "right"}) == [
        "Get ready: Clam, right side (10 seconds)",
        "Clam, right side, set 1 of 1: 1 rep; press Enter when done",
    ]
    assert lines({"name": "Step", "reps": 1, "side": "alternate"})[1] == (
        "Step, set 1 of 1: 1 rep each side, alternating; press Enter when done"
    )


def test_duration_line() -> None:
    assert lines({"name": "Foam roll thigh", "kind": "release", "duration_s": 60}) == [
        "Get ready: Foam roll thigh (10 seconds)",
        "Foam roll thigh, set 1 of 1: 60 seconds",
    ]
    assert lines({"name": "March", "duration_s": 150})[1] == (
        "March, set 1 of 1: 2 minutes 30 seconds"
    )


def test_tempo_lines() -> None:
    assert lines({"name": "Squat", "reps": 10, "sets": 3, "tempo": "3-1-2"})[4] == (
        "Squat, set 1 of 3, rep 4 of 10: 3 down, 1 pause, 2 up"
    )
    assert lines({"name": "Lunge", "reps": 2, "tempo": "2-0-2", "side": "alternate"})[1:] == [
        "Lunge, left side, set 1 of 1, rep 1 of 2: 2 down, 2 up",
        "Lunge, right side, set 1 of 1, rep 1 of 2: 2 down, 2 up",
        "Lunge, left side, set 1 of 1, rep 2 of 2: 2 down, 2 up",
        "Lunge, right side, set 1 of 1, rep 2 of 2: 2 down, 2 up",
    ]


def test_hold_without_reps_and_fractional_hold() -> None:
    assert lines({"name": "Plank", "hold_s": 20, "sets": 2, "side": "left"})[1] == (
        "Plank, left side, set 1 of 2: hold 20 seconds"
    )
    assert lines({"name": "Squeeze", "reps": 2, "hold_s": 2.5})[1] == (
        "Squeeze, set 1 of 1, rep 1 of 2: hold 2.5 seconds"
    )


def test_markup_like_names_pass_through_unchanged() -> None:
    assert lines({"name": "Squat [3/4 depth]", "duration_s": 5})[1] == (
        "Squat [3/4 depth], set 1 of 1: 5 seconds"
    )


def test_done_phase_line() -> None:
    step = expand(routine({"name": "X", "duration_s": 5})).steps[1]
    assert describe_step(replace(step, phase=Phase.DONE)) == "Done"


def test_plan_table_rows() -> None:
    plan = expand(routine({"name": "Quad sets", "reps": 10, "sets": 2, "rest_s": 90},
                          {"name": "Foam roll", "duration_s": 75}))
    assert plan_table(plan) == [
        ("Get ready: Quad sets (10 seconds)", "10 s"),
        ("Quad sets, set 1 of 2: 10 reps; press Enter when done", "untimed (est. 30 s)"),
        ("Rest 90 seconds", "1 min 30 s"),
        ("Quad sets, set 2 of 2: 10 reps; press Enter when done", "untimed (est. 30 s)"),
        ("Get ready: Foam roll (10 seconds)", "10 s"),
        ("Foam roll, set 1 of 1: 75 seconds", "1 min 15 s"),
    ]


def test_plan_summary_mentions_3_s_rule_only_with_untimed_steps() -> None:
    # 10 + 30 + 90 + 30 + 10 + 75 = 245 s -> about 4 min
    plan = expand(routine({"name": "Quad sets", "reps": 10, "sets": 2, "rest_s": 90},
                          {"name": "Foam roll", "duration_s": 75}))
    assert plan_summary(plan) == (
        "Total: about 4 min (2 rep-counted sets estimated at 3 s a rep)"
    )
    one = expand(routine({"name": "Quad sets", "reps": 10}))  # 10 + 30 = 40 s
    assert plan_summary(one) == "Total: under 1 min (1 rep-counted set estimated at 3 s a rep)"
    timed = expand(routine({"name": "Hold", "hold_s": 60, "sets": 14}))  # 10 + 14*60 = 850 s
    assert plan_summary(timed) == "Total: about 14 min"
