"""Timer engine running whole routines expanded by ``plan.expand``: every dosing form and side
mode to the end, their logs, speed, and resuming an interrupted session."""

from __future__ import annotations

import random
from typing import Any

import pytest

from coach.domain.plan import Phase, expand
from coach.domain.routine import Routine
from coach.domain.timer import (
    Countdown,
    Engine,
    Event,
    ExerciseDone,
    Halfway,
    PhaseChanged,
    SessionDone,
    tempo_parts,
)
from tests.fakes import FakeClock as _FakeClock

T0 = 50.0


def FakeClock(t: float | None = None) -> _FakeClock:  # noqa: N802 (a class in spirit)
    """The shared fake clock, starting at this file\'s T0."""
    return _FakeClock(T0 if t is None else t)


UNTIMED_WAIT_S = 7.0  # routine seconds the fake client takes for a rep-counted set


def routine(*exercises: dict[str, Any]) -> Routine:
    full = [{"name": f"Ex{i}", "kind": "strength", **ex} for i, ex in enumerate(exercises)]
    return Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": full})


def run(
    engine: Engine, clock: FakeClock, dt: float, rng: random.Random | None = None
) -> list[Event]:
    """Tick every ``dt`` clock seconds (random up to ``dt`` with ``rng``) until done; a
    rep-counted set is finished UNTIMED_WAIT_S routine seconds after it began."""
    events = engine.start()
    for _ in range(1_000_000):
        if engine.state.done:
            return events
        s = engine.state
        if s.remaining_s is None:
            clock.advance((UNTIMED_WAIT_S - s.elapsed_s) / engine.speed)
            events += engine.finish_set()
            continue
        clock.advance(rng.uniform(0.0001, dt) if rng else dt)
        events += engine.tick()
    raise AssertionError("the session never ended")


CASES = [
    # (exercise, seconds, sets_done, reps_done, sides)
    ({"duration_s": 60, "sets": 2, "rest_s": 15}, 145, 2, 0, []),
    ({"hold_s": 30, "sets": 3, "rest_s": 10, "side": "left"}, 120, 3, 0, ["left"]),
    # 4 releases of 3 s a set
    ({"reps": 5, "hold_s": 6, "sets": 2, "rest_s": 20, "side": "right"}, 114, 2, 10, ["right"]),
    (
        {"reps": 4, "tempo": "3-1-2", "sets": 2, "rest_s": 10, "side": "each", "switch_s": 5},
        12 + 24 + 10 + 24 + 10 + 5 + 24 + 10 + 24,  # 12 s of get ready: time for its words
        4,
        16,
        ["left", "right"],
    ),
    ({"reps": 8, "sets": 2, "rest_s": 30}, 10 + 7 + 30 + 7, 2, 16, []),
    ({"reps": 6, "side": "alternate"}, 10 + 7, 1, 12, ["left", "right"]),
    (
        {"reps": 3, "hold_s": 5, "sets": 2, "rest_s": 8, "side": "alternate"},
        78 + 2 * 5 * 3,  # 5 releases a set
        2,
        12,
        ["left", "right"],
    ),
    ({"duration_s": 45, "side": "each"}, 10 + 45 + 5 + 45, 2, 0, ["left", "right"]),
]


@pytest.mark.parametrize(("exercise", "seconds", "sets_done", "reps_done", "sides"), CASES)
@pytest.mark.parametrize("speed", [1, 10, 50])
def test_each_dosing_form_and_side_mode_runs_to_the_end(
    exercise: dict[str, Any],
    seconds: float,
    sets_done: int,
    reps_done: int,
    sides: list[str],
    speed: float,
) -> None:
    plan = expand(routine(exercise))
    clock = FakeClock()
    engine = Engine(plan, clock=clock, speed=speed)
    events = run(engine, clock, dt=0.25 / speed)
    assert [e.step_index for e in events if isinstance(e, PhaseChanged)] == list(
        range(len(plan.steps))
    )
    assert events[-2:] == [ExerciseDone(0, "done"), SessionDone("complete")]
    assert engine.status == "complete"
    (log,) = engine.exercise_log()
    assert (log.status, log.sets_done, log.reps_done, log.sides) == (
        "done",
        sets_done,
        reps_done,
        sides,
    )
    assert log.seconds == pytest.approx(seconds)
    assert engine.finished_at == pytest.approx(T0 + seconds / speed)
    countdowns = [e for e in events if isinstance(e, Countdown)]
    long_steps = [s for s in plan.steps if s.timed and s.duration_s >= 4 and not tempo_parts(s)]
    assert countdowns == [Countdown(3), Countdown(2), Countdown(1)] * len(long_steps)
    long_holds = [s for s in plan.steps if s.phase == Phase.HOLD and s.duration_s >= 20]
    assert len([e for e in events if isinstance(e, Halfway)]) == len(long_holds)


FULL = routine(
    {"name": "Chin tucks", "reps": 5, "hold_s": 5, "sets": 2, "rest_s": 10},
    {"name": "Band rows", "reps": 10, "tempo": "2-1-2", "side": "each", "rest_s": 15},
    {"name": "Squats", "reps": 12, "sets": 2, "rest_s": 30},
    {"name": "Hamstring stretch", "hold_s": 30, "side": "each", "switch_s": 8},
    {"name": "Foam roll", "duration_s": 60},
)


def test_a_whole_routine_runs_through_every_phase_kind() -> None:
    plan = expand(FULL)
    clock = FakeClock()
    engine = Engine(plan, clock=clock, speed=10)
    seen: list[Phase] = []
    events = engine.start()
    seen.append(engine.state.phase)
    rng = random.Random(7)
    while not engine.state.done:
        if engine.state.remaining_s is None:
            clock.advance(0.5)
            events += engine.finish_set()
        else:
            clock.advance(rng.uniform(0.001, 0.7))
            events += engine.tick()
        seen.append(engine.state.phase)
    assert set(seen) == set(Phase)
    assert seen[-1] == Phase.DONE
    done = [e for e in events if isinstance(e, ExerciseDone)]
    assert done == [ExerciseDone(i, "done") for i in range(5)]
    assert events[-1] == SessionDone("complete")
    logs = engine.exercise_log()
    assert [x.name for x in logs] == [e.name for e in FULL.exercises]
    expected = [(2, 10), (2, 20), (2, 24), (2, 0), (1, 0)]
    assert [(x.sets_done, x.reps_done) for x in logs] == expected


def test_next_up_is_the_true_next_step() -> None:
    plan = expand(FULL)
    engine = Engine(plan, clock=FakeClock())
    engine.start()
    s = engine.state
    assert s.phase == Phase.GET_READY and s.next_up == plan.steps[1]
    # in rep 1 of 5 holds, next comes the release, then rep 2
    after_rep_1 = Engine(plan, clock=FakeClock(), start_step=1).state.next_up
    assert after_rep_1 is not None and after_rep_1.phase == Phase.RELEASE
    after_release = Engine(plan, clock=FakeClock(), start_step=2).state.next_up
    assert after_release is not None and (after_release.phase, after_release.rep) == (Phase.HOLD, 2)
    last = Engine(plan, clock=FakeClock(), start_step=len(plan.steps) - 1)
    assert last.state.next_up is None


@pytest.mark.parametrize("speed", [10, 50])
def test_speed_runs_the_routine_in_a_fraction_of_the_time(speed: float) -> None:
    timed = routine(
        {"reps": 5, "hold_s": 5, "sets": 2, "rest_s": 10}, {"duration_s": 60, "side": "each"}
    )
    plan = expand(timed)
    clock = FakeClock()
    engine = Engine(plan, clock=clock, speed=speed)
    run(engine, clock, dt=0.7, rng=random.Random(3))
    assert engine.finished_at == pytest.approx(T0 + plan.estimate_s / speed, abs=1e-9)
    assert sum(x.seconds for x in engine.exercise_log()) == pytest.approx(plan.estimate_s)


def test_interrupted_session_resumes_at_the_exercise_it_lost() -> None:
    plan = expand(FULL)
    clock = FakeClock()
    first = Engine(plan, clock=clock, speed=10)
    first.start()
    # through exercise 0 (10 + 5x5 + 10 + 5x5 = 70 s) and 40 s into exercise 1
    for _ in range(110):
        clock.advance(0.1)
        first.tick()
    assert first.state.exercise_index == 1 and first.state.step_index > plan.exercise_start(1)
    first.quit()
    assert first.resume_step == plan.exercise_start(1)
    log = first.exercise_log()
    assert [x.status for x in log] == ["done", "partial"] + ["not_reached"] * 3

    second = Engine(plan, clock=clock, speed=10, start_step=first.resume_step, prior_log=log)
    assert second.state.exercise_name == "Band rows"
    run(second, clock, dt=0.05)
    assert second.status == "complete"
    final = second.exercise_log()
    assert final[0] == log[0]
    assert [x.status for x in final] == ["done"] * 5
    assert final[1].reps_done == 20  # not 20 plus the lost partial reps


def test_skip_then_back_redoes_the_skipped_exercise() -> None:
    plan = expand(FULL)
    clock = FakeClock()
    engine = Engine(plan, clock=clock)
    engine.start()
    clock.advance(12)
    engine.tick()
    assert engine.skip()[0] == ExerciseDone(0, "partial")
    clock.advance(1)
    assert [e.step_index for e in engine.back() if isinstance(e, PhaseChanged)] == [0]
    assert engine.exercise_log()[0].status == "not_reached"  # being redone
    events = run(engine, clock, dt=0.5)
    assert events[-1] == SessionDone("complete")
    assert engine.exercise_log()[0].reps_done == 10
