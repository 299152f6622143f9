"""Dosage warnings: present just past each threshold, absent at it, with their exact wording."""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.dosage import DosageWarning, dosage_warnings
from coach.domain.plan import Plan, expand
from coach.domain.routine import Routine

NEUTRAL = {"name": "Chin tuck", "kind": "strength", "reps": 10}


def routine(*exercises: dict[str, Any], **top: Any) -> Routine:
    return Routine.model_validate(
        {"format": 1, "id": "t", "title": "T", "exercises": list(exercises), **top}
    )


def stretch(**fields: Any) -> dict[str, Any]:
    return {"name": "Hamstring stretch", "kind": "stretch", **fields}


def test_neutral_routine_has_no_warnings() -> None:
    assert dosage_warnings(routine(NEUTRAL)) == []


def test_warning_is_frozen() -> None:
    w = DosageWarning("pain_stop", "x")
    with pytest.raises(AttributeError):
        w.path = "y"  # type: ignore[misc]


# --- short stretch hold (under 10 s) ---

def test_short_stretch_hold_message() -> None:
    # 6 reps x 5 s = 30 s in total, so only the short-hold warning applies.
    assert dosage_warnings(routine(stretch(hold_s=5, reps=6))) == [
        DosageWarning("exercises[0].hold_s",
                      "stretch hold of 5 s is short; holds of 10-30 s are usual"),
    ]


@pytest.mark.parametrize(("hold", "warned"), [(9.5, True), (10, False), (30, False)])
def test_short_stretch_hold_boundary(hold: float, warned: bool) -> None:
    found = dosage_warnings(routine(NEUTRAL, stretch(hold_s=hold, reps=6)))
    assert [w.path for w in found] == (["exercises[1].hold_s"] if warned else [])
    if warned:
        assert found[0].message == "stretch hold of 9.5 s is short; holds of 10-30 s are usual"


def test_short_hold_not_flagged_for_other_kinds() -> None:
    assert dosage_warnings(routine({"name": "Chin tuck", "kind": "posture", "hold_s": 3})) == []


# --- total stretching per side (under 30 s) ---

def test_too_little_stretching_per_side_message() -> None:
    found = dosage_warnings(routine(stretch(hold_s=10, sets=2, side="each")))
    assert found == [
        DosageWarning("exercises[0]", "20 s of stretching per side in total (2 holds of 10 s) "
                                      "is short; at least 30 s per side is usual"),
    ]


def test_too_little_stretching_without_side_says_no_side() -> None:
    found = dosage_warnings(routine(stretch(duration_s=25)))
    assert found == [
        DosageWarning("exercises[0]", "25 s of stretching in total (1 set of 25 s) is short; "
                                      "at least 30 s is usual"),
    ]


@pytest.mark.parametrize(
    ("fields", "warned"),
    [
        ({"hold_s": 10, "sets": 2, "side": "left"}, True),  # 20 s
        ({"hold_s": 10, "sets": 3, "side": "left"}, False),  # 30 s
        ({"hold_s": 14.5, "sets": 2, "side": "each"}, True),  # 29 s per side
        ({"hold_s": 15, "sets": 2, "side": "each"}, False),  # 30 s per side
        ({"hold_s": 10, "reps": 3, "side": "each"}, False),  # 3 reps x 10 s
        ({"hold_s": 10, "reps": 2, "sets": 1}, True),  # 20 s
        ({"hold_s": 10, "reps": 1, "sets": 3, "side": "alternate"}, False),  # 30 s per side
        ({"hold_s": 12, "reps": 2, "side": "alternate"}, True),  # 24 s per side
        ({"duration_s": 29, "side": "right"}, True),
        ({"duration_s": 30, "side": "right"}, False),
        ({"duration_s": 15, "sets": 2}, False),
        ({"reps": 3, "tempo": "1-1-1"}, False),  # no hold time to add up
        ({"reps": 3}, False),  # rep-counted: unknown length
    ],
)
def test_stretching_total_boundary(fields: dict[str, Any], warned: bool) -> None:
    found = dosage_warnings(routine(stretch(**fields)))
    assert [w.path for w in found] == (["exercises[0]"] if warned else [])


def test_stretching_total_counts_reps_and_sets() -> None:
    (w,) = dosage_warnings(routine(stretch(hold_s=12, reps=2, side="alternate")))
    assert w.message == ("24 s of stretching per side in total (2 holds of 12 s) is short; "
                         "at least 30 s per side is usual")


def test_stretching_total_not_flagged_for_other_kinds() -> None:
    assert dosage_warnings(routine({"name": "Roll", "kind": "release", "duration_s": 20})) == []


def test_short_hold_and_short_total_both_reported_in_order() -> None:
    found = dosage_warnings(routine(stretch(hold_s=5, sets=2, side="each")))
    assert [w.path for w in found] == ["exercises[0].hold_s", "exercises[0]"]
    assert found[1].message.startswith("10 s of stretching per side in total (2 holds of 5 s)")


# --- number of exercises (more than 8) ---

def test_eight_exercises_is_fine_nine_is_warned() -> None:
    assert dosage_warnings(routine(*[NEUTRAL] * 8)) == []
    assert dosage_warnings(routine(*[NEUTRAL] * 9)) == [
        DosageWarning("exercises", "9 exercises is a lot for one session; 8 or fewer are usual"),
    ]


# --- estimated time (over 45 min) ---

def test_estimate_at_45_min_is_fine_just_over_is_warned() -> None:
    # get ready 10 s + 2690 s = 2700 s = 45 min exactly
    assert dosage_warnings(routine({"name": "Walk", "kind": "cardio", "duration_s": 2690})) == []
    # 10 + 2691 = 2701 s
    assert dosage_warnings(routine({"name": "Walk", "kind": "cardio", "duration_s": 2691})) == [
        DosageWarning("exercises", "the routine is estimated at 45 min 1 s, longer than 45 min; "
                                   "shorter sessions are easier to keep up"),
    ]


def test_estimate_uses_the_plan_given() -> None:
    r = routine(NEUTRAL)
    long_plan = Plan(routine=r, steps=expand(r).steps, estimate_s=3000)
    (w,) = dosage_warnings(r, long_plan)
    assert w.message.startswith("the routine is estimated at 50 min, longer than 45 min")


# --- pain stop (above 7) ---

@pytest.mark.parametrize(("pain_stop", "warned"), [(5, False), (7, False), (8, True), (10, True)])
def test_pain_stop_boundary(pain_stop: int, warned: bool) -> None:
    found = dosage_warnings(routine(NEUTRAL, pain_stop=pain_stop))
    expected = [DosageWarning(
        "pain_stop",
        f"pain stop of {pain_stop}/10 is high: the session pauses only for pain above "
        f"{pain_stop}/10; the usual limit is 5/10",
    )]
    assert found == (expected if warned else [])


def test_routine_level_warnings_come_first() -> None:
    found = dosage_warnings(routine(stretch(hold_s=5, reps=6), *[NEUTRAL] * 8, pain_stop=9))
    assert [w.path for w in found] == ["pain_stop", "exercises", "exercises[0].hold_s"]
