"""The cue model: what a coach says for each dosing form, run on the engine with a fake clock.

The engine is woken exactly when :meth:`Engine.next_change_at` says something changes (as the
session screen does), so these sequences are also what a client hears.
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.cues import (
    Cue,
    CueKind,
    cues_for,
    finish_later_cue,
    paused_cue,
    resumed_cue,
)
from coach.domain.plan import Phase, expand
from coach.domain.routine import Routine
from coach.domain.spoken import spoken_dose
from coach.domain.timer import Engine
from coach.domain.timer_events import (
    Countdown,
    ExerciseDone,
    PhaseChanged,
    SessionDone,
    TempoPart,
)
from tests.fakes import FakeClock


def routine(*exercises: dict[str, Any]) -> Routine:
    full = [{"name": f"Ex{i}", "kind": "strength", **ex} for i, ex in enumerate(exercises)]
    return Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": full})


def run_cues(*exercises: dict[str, Any], speed: float = 1.0) -> list[Cue]:
    """Every cue of a whole session at ``speed``; a rep-counted set is ended 5 routine seconds
    in."""
    plan = expand(routine(*exercises))
    clock = FakeClock()
    engine = Engine(plan, clock, speed)
    cues: list[Cue] = []

    def take(op: Any) -> None:
        before = engine.state
        cues.extend(cues_for(op(), before.step, before.step_index, plan.steps, speed))

    take(engine.start)
    for _ in range(100_000):
        if engine.state.done:
            return cues
        if engine.state.remaining_s is None:
            clock.advance(5 / speed)
            take(engine.finish_set)
            continue
        due = engine.next_change_at()
        assert due is not None and due > clock.t
        clock.t = due
        take(engine.tick)
    raise AssertionError("the session never ended")


def said(*exercises: dict[str, Any]) -> str:
    """The words of a session, joined by ' | ', countdowns left out for readability."""
    return " | ".join(c.text for c in run_cues(*exercises) if c.kind is not CueKind.COUNTDOWN)


def test_duration() -> None:
    assert (
        said({"duration_s": 30})
        == "Ex0. 30 seconds. | Go, 30 seconds | Ex0 done | Done. Well done."
    )


def test_duration_counts_down_the_last_three_seconds_of_get_ready_and_work() -> None:
    cues = run_cues({"duration_s": 30})
    assert [c.text for c in cues] == [
        "Ex0. 30 seconds.", "3", "2", "1", "Go, 30 seconds", "3", "2", "1", "Ex0 done",
        "Done. Well done.",
    ]  # fmt: skip
    assert [c.count for c in cues if c.kind is CueKind.COUNTDOWN] == [3, 2, 1, 3, 2, 1]
    work = [c for c in cues if c.kind is CueKind.COUNTDOWN][3]
    assert work.phase is Phase.WORK and work.exercise_name == "Ex0"


def test_hold_sets_with_rest_and_last_set() -> None:
    assert said({"hold_s": 20, "sets": 2, "rest_s": 10}) == (
        "Ex0. 2 holds of 20 seconds. | Hold, 20 seconds | Halfway | Rest, 10 seconds | Last set | "
        "Hold, 20 seconds | Halfway | Ex0 done | Done. Well done."
    )


def test_held_reps_release_between_reps() -> None:
    assert said({"reps": 3, "hold_s": 5}) == (
        "Ex0. 3 reps, hold 5 seconds. | Rep 1, hold | Release | Rep 2, hold | Release | "
        "Last rep, hold | Ex0 done | Done. Well done."
    )  # "Rep 3 of 3. Hold" takes longer to say than the 2 s before the 3-2-1
    assert said({"reps": 3, "hold_s": 10}).startswith(
        "Ex0. 3 reps, hold 10 seconds. | Rep 1 of 3. Hold, 10 seconds | Release | "
    )  # time for the whole words
    assert said({"reps": 3, "hold_s": 3}).startswith(
        "Ex0. 3 reps, hold 3 seconds. | Rep 1 of 3. Hold | Release | "
    )  # no 3-2-1 in a short hold: the words have until the release
    holds = [c for c in run_cues({"reps": 3, "hold_s": 5}) if c.kind is CueKind.HOLD_START]
    assert [(c.rep, c.reps, c.seconds) for c in holds] == [(1, 3, 5.0), (2, 3, 5.0), (3, 3, 5.0)]


def test_tempo_reps_say_each_part_with_its_seconds() -> None:
    cues = run_cues({"reps": 2, "tempo": "2-1-2"})
    assert " | ".join(c.text for c in cues if c.kind is not CueKind.COUNTDOWN) == (
        "Ex0. 2 reps, 2 seconds down, 1 second pause, 2 seconds up. | Rep 1 | Down | "
        "Pause | Up | Last rep | Down | Pause | Up | Ex0 done | Done. Well done."
    )
    tempo = [(c.kind, c.seconds, c.rep) for c in cues if c.kind.name.startswith("TEMPO")]
    assert tempo[:3] == [
        (CueKind.TEMPO_DOWN, 2.0, 1), (CueKind.TEMPO_PAUSE, 1.0, 1), (CueKind.TEMPO_UP, 2.0, 1),
    ]  # fmt: skip
    # a tempo rep is not counted down 3-2-1 (its parts are its count)
    assert all(c.phase is Phase.GET_READY for c in cues if c.kind is CueKind.COUNTDOWN)


def test_tempo_with_a_zero_part_leaves_it_out() -> None:
    assert said({"reps": 1, "tempo": "3-0-2"}) == (
        "Ex0. 1 rep, 3 seconds down, 2 seconds up. | Rep 1 of 1 | Down | Up | Ex0 done | "
        "Done. Well done."
    )


def test_reps_only() -> None:
    assert said({"reps": 10}) == "Ex0. 10 reps. | Go, 10 reps | Ex0 done | Done. Well done."


def test_side_each_with_switch_and_last_set_on_each_side() -> None:
    assert said({"reps": 2, "hold_s": 5, "side": "each", "sets": 2, "rest_s": 5}) == (
        "Ex0. 2 sets of 2 reps each side, hold 5 seconds. | Left side | Rep 1, hold | "
        "Release | Last rep, hold | Rest, 5 seconds | Last set | Hold | Release | "
        "Last rep, hold | Rest, 5 seconds | Switch to the right side | Rep 1, hold | "
        "Release | Last rep, hold | Rest, 5 seconds | Last set | Hold | "
        "Release | Last rep, hold | Ex0 done | Done. Well done."
    )  # a rest of 5 s has no time for "Then the last set": it is said as the set starts
    assert said({"reps": 2, "hold_s": 5, "side": "each", "sets": 2, "rest_s": 30}).startswith(
        "Ex0. 2 sets of 2 reps each side, hold 5 seconds. | Left side | Rep 1, hold | "
        "Release | Last rep, hold | Rest, 30 seconds. Then the last set. |  | Rep 1, hold | "
    )  # a longer rest says it before the set (the set's first rep has no time for it)


def test_fixed_side_says_it_at_get_ready() -> None:
    assert said({"duration_s": 30, "side": "right"}) == (
        "Ex0. 30 seconds. | Right side | Go, 30 seconds | Ex0 done | Done. Well done."
    )


def test_alternate_holds_name_the_side_of_each_rep() -> None:
    assert said({"reps": 2, "hold_s": 4, "side": "alternate"}) == (
        "Ex0. 2 reps each side, alternating, hold 4 seconds. | Left | Hold | "
        "Release | Right | Hold | Release | Left | Hold | Release | "
        "Right | Hold | Ex0 done | Done. Well done."
    )  # 1 s before the 3-2-1: no time to say which rep
    assert said({"reps": 2, "hold_s": 8, "side": "alternate"}).startswith(
        "Ex0. 2 reps each side, alternating, hold 8 seconds. | Left | Rep 1 of 2. Hold | "
        "Release | Right | Rep 1 of 2. Hold | "
    )


def test_alternate_tempo() -> None:
    text = said({"reps": 1, "tempo": "1-0-1", "side": "alternate"})
    assert text == (
        "Ex0. 1 rep each side, alternating, 1 second down, 1 second up. | Left |  | "
        "Down | Up | Right |  | Down | Up | Ex0 done | Done. Well done."
    )  # a 1 s part leaves no time for the rep's number
    assert said({"reps": 2, "tempo": "3-0-3", "side": "alternate"}).startswith(
        "Ex0. 2 reps each side, alternating, 3 seconds down, 3 seconds up. | Left | Rep 1 of 2 | "
        "Down | Up | Right | Rep 1 of 2 | Down | Up | Left | Rep 2 of 2 | "
    )


def test_alternate_reps_only_sets_with_rest() -> None:
    assert said({"reps": 4, "side": "alternate", "sets": 2, "rest_s": 5}) == (
        "Ex0. 2 sets of 4 reps each side, alternating. | Go, 4 reps each side, alternating | "
        "Rest, 5 seconds | Last set | Go, 4 reps each side, alternating | Ex0 done | "
        "Done. Well done."
    )


def test_two_exercises_and_duration_each_side() -> None:
    assert said({"duration_s": 20, "side": "each"}, {"reps": 5}) == (
        "Ex0. 20 seconds, each side. | Left side | Go, 20 seconds | Switch to the right side | "
        "Go, 20 seconds | Ex0 done | Ex1. 5 reps. | Go, 5 reps | Ex1 done | Done. Well done."
    )


def test_every_step_has_exactly_one_step_cue_with_its_written_line() -> None:
    plan = expand(routine({"reps": 2, "hold_s": 5, "side": "each", "sets": 2, "rest_s": 5}))
    step_cues = [c for c in run_cues(*[{"reps": 2, "hold_s": 5, "side": "each", "sets": 2,
                                        "rest_s": 5}]) if c.is_step]  # fmt: skip
    assert [c.step_index for c in step_cues] == list(range(len(plan.steps)))
    assert all(c.detail for c in step_cues)
    assert step_cues[1].detail == "Ex0, left side, set 1 of 2, rep 1 of 2: hold 5 seconds"


def test_speed_does_not_change_the_cues_only_what_is_voiced() -> None:
    """The screen and the plain lines show the same at any speed; the voice says less at a
    practice pace (tests/domain/test_cue_pace.py)."""
    ex = {"reps": 2, "tempo": "2-1-2", "sets": 2, "rest_s": 10}
    shown = [(c.kind, c.detail, c.seconds, c.step_index) for c in run_cues(ex)]
    assert [(c.kind, c.detail, c.seconds, c.step_index) for c in run_cues(ex, speed=7)] == shown
    assert all(c.voiced for c in run_cues(ex))


def test_countdown_belongs_to_the_step_running_before_the_operation() -> None:
    plan = expand(routine({"duration_s": 30}))
    step = plan.steps[1]
    (cue,) = cues_for([Countdown(2)], step, 1)
    assert (cue.kind, cue.text, cue.count, cue.step_index, cue.phase) == (
        CueKind.COUNTDOWN, "2", 2, 1, Phase.WORK,
    )  # fmt: skip


def test_exercise_skipped_and_stopped_session() -> None:
    plan = expand(routine({"duration_s": 30}, {"duration_s": 30}))
    events = [ExerciseDone(0, "skipped"), PhaseChanged(2, plan.steps[2])]
    assert [c.text for c in cues_for(events, plan.steps[1], 1)] == [
        "Skipped: Ex0", "Ex1. 30 seconds.",
    ]  # fmt: skip
    quit_events = [ExerciseDone(1, "partial"), SessionDone("partial")]
    cues = cues_for(quit_events, None, None, plan.steps)
    assert [(c.kind, c.text) for c in cues] == [
        (CueKind.EXERCISE_SKIPPED, "Partly done: Ex1"),
        (CueKind.SESSION_DONE, "Session stopped."),
    ]
    assert cues[0].exercise_index == 1


def test_tempo_part_event_maps_to_its_kind() -> None:
    plan = expand(routine({"reps": 1, "tempo": "2-3-2"}))
    step = plan.steps[1]
    (cue,) = cues_for([TempoPart(1, step, "pause", 3)])
    assert (cue.kind, cue.text, cue.seconds, cue.rep) == (CueKind.TEMPO_PAUSE, "Pause", 3.0, 1)


def test_client_cues() -> None:
    plan = expand(routine({"duration_s": 30}))
    assert paused_cue(plan.steps[1], 1).kind is CueKind.PAUSED
    assert resumed_cue().text == "Carry on"
    later = finish_later_cue(plan.steps[1], 1)
    assert later.kind is CueKind.FINISH_LATER and later.exercise_name == "Ex0"


@pytest.mark.parametrize(
    ("exercise", "words"),
    [
        ({"reps": 10, "hold_s": 5}, "10 reps, hold 5 seconds"),
        ({"duration_s": 45, "sets": 3}, "3 sets of 45 seconds"),
        ({"hold_s": 30, "side": "each"}, "hold 30 seconds, each side"),
        ({"reps": 8, "side": "alternate"}, "8 reps each side, alternating"),
        (
            {"reps": 10, "tempo": "2-1-2", "sets": 2},
            "2 sets of 10 reps, 2 seconds down, 1 second pause, 2 seconds up",
        ),
        ({"duration_s": 150}, "2 minutes 30 seconds"),
    ],
)
def test_spoken_dose(exercise: dict[str, Any], words: str) -> None:
    assert spoken_dose(routine(exercise).exercises[0]) == words


def test_short_steps_get_short_words() -> None:
    """A step that leaves little time before its next cue says less: a 4 s switch "Right side"
    (not "Switch to the right side"), a 5 s rest "Rest, 5 seconds" but a 4 s one "Rest", a 4 s
    work "Go" (not "Go, 4 seconds")."""
    assert said({"hold_s": 30, "side": "each", "switch_s": 4}) == (
        "Ex0. Hold 30 seconds, each side. | Left side | Hold, 30 seconds | Halfway | "
        "Right side | Hold, 30 seconds | Halfway | Ex0 done | Done. Well done."
    )
    assert said({"hold_s": 30, "side": "each", "switch_s": 10}).count("Switch to the right side")
    assert "| Rest, 5 seconds |" in said({"duration_s": 30, "sets": 2, "rest_s": 5})
    assert "| Rest | Last set |" in said({"duration_s": 30, "sets": 2, "rest_s": 4})
    assert said({"duration_s": 4}) == "Ex0. 4 seconds. | Go | Ex0 done | Done. Well done."
    assert (
        said({"duration_s": 5}) == "Ex0. 5 seconds. | Go, 5 seconds | Ex0 done | Done. Well done."
    )


def test_the_right_side_is_named_when_no_switch_step_comes_before_it() -> None:
    text = said({"reps": 2, "hold_s": 10, "side": "each", "switch_s": 0, "rest_s": 0})
    assert text == (
        "Ex0. 2 reps each side, hold 10 seconds. | Left side | Rep 1 of 2. Hold, 10 seconds | "
        "Release | Rep 2 of 2. Hold, 10 seconds | Right side | Rep 1 of 2. Hold, 10 seconds | "
        "Release | Rep 2 of 2. Hold, 10 seconds | Ex0 done | Done. Well done."
    )


def test_a_last_set_with_no_time_for_the_words_is_not_announced_late() -> None:
    """Two 4 s works without a rest: "Last set. Go" does not fit in the 1 s before the 3-2-1, so
    only "Go" is said (the sound still marks the start); the cue is there, without words."""
    cues = run_cues({"duration_s": 4, "sets": 2})
    assert [c.text for c in cues if c.kind is CueKind.LAST_SET] == [""]
    assert said({"duration_s": 4, "sets": 2}) == (
        "Ex0. 2 sets of 4 seconds. | Go |  | Go | Ex0 done | Done. Well done."
    )
