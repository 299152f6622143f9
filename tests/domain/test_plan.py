"""Plan expansion: the exact step sequence for every dosing x side combination, and estimates.

Expected sequences and estimates are written out by hand from the rules in ROUTINE_FORMAT.md and
the plan module docstring (get ready 10 s, untimed reps 3 s each).
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.plan import (
    GET_READY_S,
    RELEASE_S,
    UNTIMED_REP_ESTIMATE_S,
    Phase,
    Plan,
    expand,
    expand_exercise,
)
from coach.domain.routine import Exercise, Routine

G, W, H, R, S = Phase.GET_READY, Phase.WORK, Phase.HOLD, Phase.REST, Phase.SWITCH
X = Phase.RELEASE
L, RT = "left", "right"

Row = tuple[Phase, int, int | None, int | None, str | None, float | None, float]


def routine(*exercises: dict[str, Any]) -> Routine:
    """A valid routine with the given exercises (name/kind defaulted)."""
    full = [{"name": f"Ex{i}", "kind": "strength", **ex} for i, ex in enumerate(exercises)]
    return Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": full})


def t(phase: Phase, set_no: int, side: str | None, seconds: float, rep: int | None = None,
      reps: int | None = None) -> Row:
    """A timed step row: its estimate is its duration."""
    return (phase, set_no, rep, reps, side, seconds, seconds)


def u(set_no: int, side: str | None, reps: int, estimate: float) -> Row:
    """An untimed rep-counted WORK step row."""
    return (W, set_no, None, reps, side, None, estimate)


def rows(plan: Plan) -> list[Row]:
    return [(s.phase, s.set, s.rep, s.reps, s.side, s.duration_s, s.estimate_s) for s in plan.steps]


def test_constants_are_the_documented_ones() -> None:
    assert GET_READY_S == 10
    assert UNTIMED_REP_ESTIMATE_S == 3
    assert RELEASE_S == 3


CASES: list[tuple[str, dict[str, Any], list[Row], float]] = [
    # --- duration_s ---
    ("duration/none", {"duration_s": 60, "sets": 2, "rest_s": 20},
     [t(G, 1, None, 10), t(W, 1, None, 60), t(R, 1, None, 20), t(W, 2, None, 60)], 150),
    ("duration/left", {"duration_s": 60, "sets": 2, "rest_s": 20, "side": "left"},
     [t(G, 1, L, 10), t(W, 1, L, 60), t(R, 1, L, 20), t(W, 2, L, 60)], 150),
    ("duration/right", {"duration_s": 45, "side": "right"},
     [t(G, 1, RT, 10), t(W, 1, RT, 45)], 55),
    ("duration/each", {"duration_s": 30, "sets": 2, "rest_s": 15, "side": "each", "switch_s": 5},
     [t(G, 1, L, 10), t(W, 1, L, 30), t(R, 1, L, 15), t(W, 2, L, 30), t(R, 2, L, 15),
      t(S, 1, RT, 5), t(W, 1, RT, 30), t(R, 1, RT, 15), t(W, 2, RT, 30)], 180),
    # --- hold_s without reps ---
    ("hold/none", {"hold_s": 30, "sets": 3, "rest_s": 10},
     [t(G, 1, None, 10), t(H, 1, None, 30), t(R, 1, None, 10), t(H, 2, None, 30),
      t(R, 2, None, 10), t(H, 3, None, 30)], 120),
    ("hold/left", {"hold_s": 30, "sets": 2, "rest_s": 10, "side": "left"},
     [t(G, 1, L, 10), t(H, 1, L, 30), t(R, 1, L, 10), t(H, 2, L, 30)], 80),
    ("hold/right", {"hold_s": 20, "side": "right"},
     [t(G, 1, RT, 10), t(H, 1, RT, 20)], 30),
    ("hold/each (default switch 5 s)", {"hold_s": 30, "sets": 2, "rest_s": 10, "side": "each"},
     [t(G, 1, L, 10), t(H, 1, L, 30), t(R, 1, L, 10), t(H, 2, L, 30), t(R, 2, L, 10),
      t(S, 1, RT, 5), t(H, 1, RT, 30), t(R, 1, RT, 10), t(H, 2, RT, 30)], 165),
    # --- reps + hold_s: a 3 s release between two held reps of a set ---
    ("reps+hold/none", {"reps": 3, "hold_s": 5, "sets": 2, "rest_s": 30},
     [t(G, 1, None, 10), t(H, 1, None, 5, 1, 3), t(X, 1, None, 3, 1, 3), t(H, 1, None, 5, 2, 3),
      t(X, 1, None, 3, 2, 3), t(H, 1, None, 5, 3, 3),
      t(R, 1, None, 30), t(H, 2, None, 5, 1, 3), t(X, 2, None, 3, 1, 3), t(H, 2, None, 5, 2, 3),
      t(X, 2, None, 3, 2, 3), t(H, 2, None, 5, 3, 3)], 82),
    ("reps+hold/left", {"reps": 2, "hold_s": 5, "side": "left"},
     [t(G, 1, L, 10), t(H, 1, L, 5, 1, 2), t(X, 1, L, 3, 1, 2), t(H, 1, L, 5, 2, 2)], 23),
    ("reps+hold/right", {"reps": 2, "hold_s": 5, "side": "right"},
     [t(G, 1, RT, 10), t(H, 1, RT, 5, 1, 2), t(X, 1, RT, 3, 1, 2), t(H, 1, RT, 5, 2, 2)], 23),
    ("reps+hold/each, no rest", {"reps": 2, "hold_s": 5, "sets": 2, "side": "each",
                                 "switch_s": 3},
     [t(G, 1, L, 10), t(H, 1, L, 5, 1, 2), t(X, 1, L, 3, 1, 2), t(H, 1, L, 5, 2, 2),
      t(H, 2, L, 5, 1, 2), t(X, 2, L, 3, 1, 2), t(H, 2, L, 5, 2, 2), t(S, 1, RT, 3),
      t(H, 1, RT, 5, 1, 2), t(X, 1, RT, 3, 1, 2), t(H, 1, RT, 5, 2, 2),
      t(H, 2, RT, 5, 1, 2), t(X, 2, RT, 3, 1, 2), t(H, 2, RT, 5, 2, 2)], 65),
    ("reps+hold/alternate", {"reps": 2, "hold_s": 4, "sets": 2, "rest_s": 10, "side": "alternate"},
     [t(G, 1, None, 10), t(H, 1, L, 4, 1, 2), t(X, 1, L, 3, 1, 2), t(H, 1, RT, 4, 1, 2),
      t(X, 1, RT, 3, 1, 2), t(H, 1, L, 4, 2, 2), t(X, 1, L, 3, 2, 2), t(H, 1, RT, 4, 2, 2),
      t(R, 1, None, 10), t(H, 2, L, 4, 1, 2), t(X, 2, L, 3, 1, 2), t(H, 2, RT, 4, 1, 2),
      t(X, 2, RT, 3, 1, 2), t(H, 2, L, 4, 2, 2), t(X, 2, L, 3, 2, 2), t(H, 2, RT, 4, 2, 2)], 70),
    # --- reps + tempo ---
    ("tempo/none", {"reps": 2, "tempo": "3-1-2", "sets": 2, "rest_s": 15},
     [t(G, 1, None, 10), t(W, 1, None, 6, 1, 2), t(W, 1, None, 6, 2, 2), t(R, 1, None, 15),
      t(W, 2, None, 6, 1, 2), t(W, 2, None, 6, 2, 2)], 49),
    ("tempo/left", {"reps": 3, "tempo": "2-0-2", "side": "left"},
     [t(G, 1, L, 10), t(W, 1, L, 4, 1, 3), t(W, 1, L, 4, 2, 3), t(W, 1, L, 4, 3, 3)], 22),
    ("tempo/right", {"reps": 1, "tempo": "2-0-2", "side": "right"},
     [t(G, 1, RT, 10), t(W, 1, RT, 4, 1, 1)], 14),
    ("tempo/each, no switch", {"reps": 1, "tempo": "1-1-1", "sets": 2, "rest_s": 5,
                               "side": "each", "switch_s": 0},
     # its get ready lasts 12 s: its words take about 7.5 s to say before the 3-2-1
     [t(G, 1, L, 12), t(W, 1, L, 3, 1, 1), t(R, 1, L, 5), t(W, 2, L, 3, 1, 1), t(R, 2, L, 5),
      t(W, 1, RT, 3, 1, 1), t(R, 1, RT, 5), t(W, 2, RT, 3, 1, 1)], 39),
    ("tempo/alternate", {"reps": 2, "tempo": "2-1-2", "side": "alternate"},
     [t(G, 1, None, 11), t(W, 1, L, 5, 1, 2), t(W, 1, RT, 5, 1, 2), t(W, 1, L, 5, 2, 2),
      t(W, 1, RT, 5, 2, 2)], 31),  # 11 s of get ready for its words (see above)
    # --- reps alone (untimed) ---
    ("reps/none", {"reps": 10, "sets": 2, "rest_s": 30},
     [t(G, 1, None, 10), u(1, None, 10, 30), t(R, 1, None, 30), u(2, None, 10, 30)], 100),
    ("reps/left", {"reps": 8, "side": "left"}, [t(G, 1, L, 10), u(1, L, 8, 24)], 34),
    ("reps/right", {"reps": 8, "sets": 2, "side": "right"},
     [t(G, 1, RT, 10), u(1, RT, 8, 24), u(2, RT, 8, 24)], 58),
    ("reps/each", {"reps": 5, "sets": 2, "rest_s": 10, "side": "each", "switch_s": 5},
     [t(G, 1, L, 10), u(1, L, 5, 15), t(R, 1, L, 10), u(2, L, 5, 15), t(R, 2, L, 10),
      t(S, 1, RT, 5), u(1, RT, 5, 15), t(R, 1, RT, 10), u(2, RT, 5, 15)], 105),
    ("reps/alternate", {"reps": 10, "sets": 3, "rest_s": 20, "side": "alternate"},
     [t(G, 1, None, 10), u(1, None, 20, 60), t(R, 1, None, 20), u(2, None, 20, 60),
      t(R, 2, None, 20), u(3, None, 20, 60)], 230),
]


@pytest.mark.parametrize(("spec", "expected", "estimate"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_step_sequence_and_estimate(spec: dict[str, Any], expected: list[Row],
                                    estimate: float) -> None:
    plan = expand(routine(spec))
    assert rows(plan) == expected
    assert plan.estimate_s == estimate


@pytest.mark.parametrize("spec", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_common_fields_and_no_trailing_rest(spec: dict[str, Any]) -> None:
    plan = expand(routine(spec))
    ex = plan.routine.exercises[0]
    assert all(s.exercise is ex and s.exercise_index == 0 for s in plan.steps)
    assert all(s.sets == spec.get("sets", 1) for s in plan.steps)
    assert plan.steps[-1].phase in (W, H)  # never ends on a rest
    assert all(s.duration_s is None or s.duration_s > 0 for s in plan.steps)
    assert all(s.estimate_s == s.duration_s for s in plan.steps if s.timed)


def test_untimed_alternate_flag_and_side() -> None:
    plan = expand(routine({"reps": 10, "side": "alternate"}))
    work = plan.steps[1]
    assert (work.alternate, work.side, work.reps, work.timed) == (True, None, 20, False)
    assert plan.untimed_steps == 1


def test_alternate_only_on_untimed_alternating_sets() -> None:
    for spec in ({"reps": 10}, {"reps": 2, "hold_s": 3, "side": "alternate"},
                 {"reps": 5, "side": "each"}):
        assert not any(s.alternate for s in expand(routine(spec)).steps), spec


def test_zero_rest_is_omitted_between_sets_and_sides() -> None:
    plan = expand(routine({"hold_s": 30, "sets": 3, "side": "each", "rest_s": 0}))
    assert [(s.phase, s.set, s.side) for s in plan.steps] == [
        (G, 1, L), (H, 1, L), (H, 2, L), (H, 3, L), (S, 1, RT), (H, 1, RT), (H, 2, RT),
        (H, 3, RT),
    ]
    assert plan.estimate_s == 10 + 6 * 30 + 5


def test_each_side_with_one_set_rests_then_switches() -> None:
    plan = expand(routine({"duration_s": 20, "rest_s": 8, "side": "each", "switch_s": 4}))
    assert rows(plan) == [t(G, 1, L, 10), t(W, 1, L, 20), t(R, 1, L, 8), t(S, 1, RT, 4),
                          t(W, 1, RT, 20)]


def test_fractional_seconds_are_kept() -> None:
    plan = expand(routine({"reps": 2, "hold_s": 2.5}))
    assert [s.duration_s for s in plan.steps] == [10, 2.5, 3, 2.5]
    assert plan.estimate_s == 18


def test_several_exercises_in_order_with_summed_estimate() -> None:
    plan = expand(routine({"duration_s": 60}, {"reps": 10}, {"hold_s": 30, "side": "left"}))
    assert [(s.exercise_index, s.phase) for s in plan.steps] == [
        (0, G), (0, W), (1, G), (1, W), (2, G), (2, H),
    ]
    assert [s.exercise.name for s in plan.steps] == ["Ex0", "Ex0", "Ex1", "Ex1", "Ex2", "Ex2"]
    assert plan.estimate_s == (10 + 60) + (10 + 30) + (10 + 30)
    assert [plan.exercise_start(i) for i in range(3)] == [0, 2, 4]
    assert plan.untimed_steps == 1


def test_expand_exercise_uses_the_given_index() -> None:
    ex = routine({"duration_s": 5}).exercises[0]
    steps = expand_exercise(7, ex)
    assert [(s.exercise_index, s.phase, s.duration_s) for s in steps] == [(7, G, 10), (7, W, 5)]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, "no duration_s, hold_s or reps"),
        ({"duration_s": 30, "reps": 5}, "duration_s excludes reps and hold_s"),
        ({"duration_s": 30, "hold_s": 5}, "duration_s excludes reps and hold_s"),
        ({"reps": 5, "hold_s": 5, "tempo": "1-1-1"}, "tempo needs reps"),
        ({"tempo": "1-1-1"}, "tempo needs reps"),
        ({"hold_s": 30, "side": "alternate"}, "side alternate needs reps"),
    ],
)
def test_invalid_combinations_are_refused_not_guessed(fields: dict[str, Any],
                                                      problem: str) -> None:
    # model_construct skips validation: these combinations are refused by the validator first.
    ex = Exercise.model_construct(name="Bad", kind="strength", **fields)
    with pytest.raises(ValueError, match=problem):
        expand_exercise(0, ex)
