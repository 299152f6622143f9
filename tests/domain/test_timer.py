"""Timer engine on hand-built plans: deadlines, cues, pause, skip, back, finish_set, quit, log."""

from __future__ import annotations

import math

import pytest

from coach.domain.plan import Phase, Plan, Step
from coach.domain.routine import Routine
from coach.domain.timer import (
    Countdown,
    Engine,
    Event,
    ExerciseDone,
    Halfway,
    PhaseChanged,
)
from tests.fakes import FakeClock as _FakeClock

T0 = 1000.0


def FakeClock(t: float | None = None) -> _FakeClock:  # noqa: N802 (a class in spirit)
    """The shared fake clock, starting at this file\'s T0."""
    return _FakeClock(T0 if t is None else t)



def make_plan(exercises: list[str], steps: list[tuple]) -> Plan:
    """Steps as (phase, exercise_index, duration_s or None[, dict of other Step fields])."""
    routine = Routine.model_validate(
        {
            "format": 1,
            "id": "hand",
            "title": "Hand built",
            "exercises": [{"name": n, "kind": "stretch", "reps": 5} for n in exercises],
        }
    )
    built = []
    for spec in steps:
        phase, ex, dur = spec[:3]
        extra = spec[3] if len(spec) > 3 else {}
        fields = {"set": 1, "sets": 1, "rep": None, "reps": None, "side": None} | extra
        estimate = dur if dur is not None else 3.0 * (fields["reps"] or 1)
        built.append(
            Step(
                phase=phase,
                exercise_index=ex,
                exercise=routine.exercises[ex],
                duration_s=dur,
                estimate_s=estimate,
                **fields,
            )
        )
    return Plan(routine=routine, steps=tuple(built), estimate_s=sum(s.estimate_s for s in built))


G, W, H, R, S = Phase.GET_READY, Phase.WORK, Phase.HOLD, Phase.REST, Phase.SWITCH

# Exercise 0: get ready 10, hold 8 (rep 1), rest 5, hold 8 (rep 2); exercise 1: get ready 10,
# untimed set of 6 reps; exercise 2: get ready 10, work 20.
THREE = make_plan(
    ["Neck hold", "Squats", "Roll"],
    [
        (G, 0, 10.0),
        (H, 0, 8.0, {"rep": 1, "reps": 2}),
        (R, 0, 5.0),
        (H, 0, 8.0, {"rep": 2, "reps": 2}),
        (G, 1, 10.0),
        (W, 1, None, {"reps": 6}),
        (G, 2, 10.0),
        (W, 2, 20.0),
    ],
)


def started(plan: Plan = THREE, **kw) -> tuple[Engine, FakeClock]:
    clock = FakeClock()
    engine = Engine(plan, clock=clock, **kw)
    engine.start()
    return engine, clock


def changes(events: list[Event]) -> list[int]:
    return [e.step_index for e in events if isinstance(e, PhaseChanged)]


# ---------------------------------------------------------------- deadlines


def test_before_start_nothing_moves_and_start_enters_first_step() -> None:
    clock = FakeClock()
    engine = Engine(THREE, clock=clock)
    assert not engine.state.started and engine.state.remaining_s == 10.0
    clock.advance(50)
    assert engine.tick() == [] and engine.skip() == [] and engine.pause() == []
    assert engine.state.remaining_s == 10.0
    events = engine.start()
    assert events == [PhaseChanged(0, THREE.steps[0])]
    assert engine.start() == []
    assert engine.state.started and engine.status == "in_progress"


def test_remaining_is_deadline_minus_now() -> None:
    engine, clock = started()
    clock.advance(2.5)
    engine.tick()
    s = engine.state
    assert (s.phase, s.step_index, s.remaining_s, s.elapsed_s) == (G, 0, 7.5, 2.5)
    assert s.step_progress == 0.25
    # the state reads the clock itself: no tick needed for the time shown
    clock.advance(1.0)
    assert engine.state.remaining_s == 6.5


def test_deadline_reached_exactly_moves_to_next_step() -> None:
    engine, clock = started()
    clock.advance(9.999)
    assert changes(engine.tick()) == []
    clock.advance(0.001)
    assert changes(engine.tick()) == [1]
    assert engine.state.phase == H and engine.state.rep == 1


def test_late_tick_chains_deadlines_and_reports_every_step_in_order() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 5 + 8 + 4)  # into exercise 1's get ready, 4 s in
    events = engine.tick()
    assert events == [
        PhaseChanged(1, THREE.steps[1]),
        PhaseChanged(2, THREE.steps[2]),
        PhaseChanged(3, THREE.steps[3]),
        ExerciseDone(0, "done"),
        PhaseChanged(4, THREE.steps[4]),
    ]
    assert engine.state.step_index == 4
    assert engine.state.remaining_s == pytest.approx(6.0, abs=1e-9)


def test_state_next_up_and_session_time() -> None:
    engine, clock = started()
    s = engine.state
    assert s.next_up == THREE.steps[1]
    assert s.session_left_s == THREE.estimate_s
    assert s.session_progress == 0.0
    assert (s.exercise_index, s.exercise_name, s.set, s.sets) == (0, "Neck hold", 1, 1)
    clock.advance(12)
    engine.tick()
    s = engine.state
    assert s.step_index == 1 and s.next_up == THREE.steps[2]  # hold -> rest
    assert s.session_left_s == pytest.approx(THREE.estimate_s - 12)
    assert s.session_progress == pytest.approx(12 / THREE.estimate_s)


@pytest.mark.parametrize("speed", [1.0, 2.0, 3.0])
def test_clock_time_left_is_the_routine_time_over_the_speed(speed: float) -> None:
    """A practice run at 3x: the client waits a third of the routine's time (#9)."""
    engine, clock = started(speed=speed)
    assert engine.state.clock_left_s == pytest.approx(THREE.estimate_s / speed)
    clock.advance(4)  # 4 real seconds: 4 * speed routine seconds
    engine.tick()
    s = engine.state
    assert s.session_left_s == pytest.approx(THREE.estimate_s - 4 * speed)
    assert s.clock_left_s == pytest.approx((THREE.estimate_s - 4 * speed) / speed)


# ---------------------------------------------------------------- cues


def tick_through(engine: Engine, clock: FakeClock, seconds: float, dt: float) -> list[Event]:
    events: list[Event] = []
    for _ in range(round(seconds / dt)):
        clock.advance(dt)
        events += engine.tick()
    return events


def test_countdown_3_2_1_once_each() -> None:
    engine, clock = started()
    events = tick_through(engine, clock, 9.9, 0.1)
    assert [e for e in events if isinstance(e, Countdown)] == [
        Countdown(3),
        Countdown(2),
        Countdown(1),
    ]
    # they came at the right moments: 3 at 7 s in (3 s left)
    engine2, clock2 = started()
    clock2.advance(6.95)
    assert engine2.tick() == []
    clock2.advance(0.05)
    assert engine2.tick() == [Countdown(3)]
    assert engine2.tick() == []


def test_countdown_not_repeated_after_pause_and_only_current_second_after_jump() -> None:
    engine, clock = started()
    clock.advance(7.5)
    assert engine.tick() == [Countdown(3)]
    engine.pause()
    clock.advance(30)
    engine.resume()
    assert engine.tick() == []
    clock.advance(1.6)  # 0.9 s left: seconds 2 and 1 crossed at once
    assert engine.tick() == [Countdown(1)]


def test_no_countdown_for_short_steps_or_steps_passed_over() -> None:
    short = make_plan(["A"], [(W, 0, 3.0), (W, 0, 10.0)])
    engine, clock = started(short)
    events = tick_through(engine, clock, 2.9, 0.1)
    assert not [e for e in events if isinstance(e, Countdown)]
    engine, clock = started(THREE)
    clock.advance(10 + 8 + 1)  # passes the get ready (10 s) and the hold (8 s) in one tick
    assert [e for e in engine.tick() if not isinstance(e, PhaseChanged)] == []


def test_halfway_once_for_long_holds_only() -> None:
    plan = make_plan(["A"], [(H, 0, 30.0), (H, 0, 19.0), (W, 0, 30.0), (H, 0, 20.0), (H, 0, 40.0)])
    engine, clock = started(plan)
    events = tick_through(engine, clock, 30 + 19 + 30 + 20 - 0.5, 0.25)
    halfway = [e for e in events if isinstance(e, Halfway)]
    assert halfway == [Halfway(0), Halfway(3)]
    # when it fires: at half of the 30 s hold, not before
    engine, clock = started(plan)
    clock.advance(14.9)
    assert engine.tick() == []
    clock.advance(0.1)
    assert engine.tick() == [Halfway(0)]
    assert engine.tick() == []
    # a hold passed over in a late tick gets no halfway
    clock.advance(30 + 19 + 30 + 20 + 1)
    assert not [e for e in engine.tick() if isinstance(e, Halfway)]


# ---------------------------------------------------------------- pause


def test_paused_time_does_not_count_across_a_deadline() -> None:
    engine, clock = started()
    clock.advance(8)
    engine.pause()
    clock.advance(100)  # well past the original deadline
    assert engine.tick() == []
    s = engine.state
    assert s.paused and s.step_index == 0 and s.remaining_s == 2.0
    engine.resume()
    clock.advance(1.9)
    assert changes(engine.tick()) == []
    assert engine.state.remaining_s == pytest.approx(0.1)
    clock.advance(0.1)
    assert changes(engine.tick()) == [1]
    assert engine.exercise_log()[0].seconds == pytest.approx(10.0)


def test_pausing_or_resuming_twice_is_harmless() -> None:
    engine, clock = started()
    clock.advance(3)
    assert engine.pause() == []
    clock.advance(5)
    assert engine.pause() == []  # must not re-freeze at the later time
    clock.advance(5)
    assert engine.resume() == []
    assert engine.resume() == []
    assert engine.state.remaining_s == 7.0 and not engine.state.paused
    assert engine.toggle_pause() == [] and engine.state.paused
    clock.advance(4)
    engine.toggle_pause()
    assert not engine.state.paused and engine.state.remaining_s == 7.0


def test_pause_catches_up_first_and_pause_for_pain_pauses() -> None:
    engine, clock = started()
    clock.advance(10.5)
    assert changes(engine.pause()) == [1]
    assert engine.state.remaining_s == 7.5
    engine.resume()
    assert engine.pause_for_pain() == [] and engine.state.paused


# ---------------------------------------------------------------- untimed, finish_set


def test_untimed_step_waits_for_finish_set_and_counts_its_reps() -> None:
    engine, clock = started(start_step=4)
    clock.advance(10)
    engine.tick()
    assert engine.state.step_index == 5
    clock.advance(1000)
    assert engine.tick() == []
    s = engine.state
    assert s.remaining_s is None and s.elapsed_s == 1000 and s.step_index == 5
    assert s.step_progress == 1.0  # capped
    events = engine.finish_set()
    assert events == [ExerciseDone(1, "done"), PhaseChanged(6, THREE.steps[6])]
    log = engine.exercise_log()[1]
    assert (log.status, log.reps_done, log.sets_done, log.seconds) == ("done", 6, 1, 1010)
    # the next step counts from the key press
    clock.advance(9.5)
    assert engine.state.remaining_s == pytest.approx(0.5)


def test_finish_set_on_a_timed_step_does_nothing() -> None:
    engine, clock = started()
    clock.advance(3)
    before = engine.state
    assert engine.finish_set() == []
    assert engine.state == before


@pytest.mark.parametrize("bad", [0, -1, 0.0, math.nan, math.inf, True, "10"])
def test_speed_must_be_a_positive_number(bad: object) -> None:
    with pytest.raises(ValueError, match="speed must be a number greater than 0"):
        Engine(THREE, clock=FakeClock(), speed=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, 9])
def test_start_step_must_be_in_the_plan(bad: int) -> None:
    with pytest.raises(ValueError, match="start_step must be between 0 and 8"):
        Engine(THREE, clock=FakeClock(), start_step=bad)


@pytest.mark.parametrize("speed", [10, 50])
def test_speed_shortens_real_time_but_reports_routine_seconds(speed: float) -> None:
    engine, clock = started(speed=speed)
    clock.advance(5 / speed)
    engine.tick()
    assert engine.state.remaining_s == pytest.approx(5.0)
    assert engine.state.elapsed_s == pytest.approx(5.0)
    clock.advance(5 / speed)
    assert changes(engine.tick()) == [1]
    clock.advance(100 / speed)
    engine.tick()
    assert engine.exercise_log()[0].seconds == pytest.approx(31)
