"""No drift: however irregularly the engine is ticked, a 60-minute plan ends when it should."""

from __future__ import annotations

import random
from typing import Any

import pytest

from coach.domain.plan import Plan, expand
from coach.domain.routine import Routine
from coach.domain.timer import Engine, Event, ExerciseDone, PhaseChanged
from tests.fakes import FakeClock as _FakeClock

T0 = 12345.678


def FakeClock(t: float | None = None) -> _FakeClock:  # noqa: N802 (a class in spirit)
    """The shared fake clock, starting at this file\'s T0."""
    return _FakeClock(T0 if t is None else t)


def sixty_minutes() -> Plan:
    """Ten exercises of 360 s each (10 s get ready included), with awkward float durations."""
    exercises: list[dict[str, Any]] = []
    for _ in range(5):
        # 10 + 3 x (7 x 7.3 + 6 releases x 3) + 2 x 71.35 = 10 + 207.3 + 142.7 = 360
        exercises.append({"reps": 7, "hold_s": 7.3, "sets": 3, "rest_s": 71.35})
        # 10 + 172.5 (left) + 5 (switch) + 172.5 (right) = 360
        exercises.append({"duration_s": 172.5, "side": "each"})
    routine = Routine.model_validate(
        {
            "format": 1,
            "id": "long",
            "title": "Long",
            "exercises": [
                {"name": f"Ex{i}", "kind": "stretch", **e} for i, e in enumerate(exercises)
            ],
        }
    )
    return expand(routine)


PLAN = sixty_minutes()


def intervals(seed: int, scale: float = 1.0):
    """Irregular tick intervals: 1-700 ms, and now and then a 5 s gap."""
    rng = random.Random(seed)
    while True:
        if rng.random() < 0.002:
            yield 5.0 * scale
        else:
            yield rng.uniform(0.001, 0.7) * scale


def drive(
    seed: int, scale: float = 1.0, check: bool = True
) -> tuple[Engine, list[Event], list[float]]:
    """Run the plan with irregular ticks; with ``check``, also check at every tick that the
    time left is the plan total minus the clock time since the start (no time lost)."""
    clock = FakeClock()
    engine = Engine(PLAN, clock=clock)
    events = engine.start()
    tick_times: list[float] = []
    total = PLAN.estimate_s
    for gap in intervals(seed, scale):
        clock.advance(gap)
        events += engine.tick()
        tick_times.append(clock.t)
        if engine.finished_at is not None:
            break
        if check:
            left = engine.state.session_left_s
            assert abs(left - (total - (clock.t - T0))) < 1e-6, (clock.t, left)
    return engine, events, tick_times


def test_the_plan_is_sixty_minutes_and_all_timed() -> None:
    assert PLAN.estimate_s == pytest.approx(3600.0, abs=1e-9)
    assert PLAN.untimed_steps == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_irregular_ticks_do_not_drift(seed: int) -> None:
    engine, events, tick_times = drive(seed)
    assert len(tick_times) > 9000
    gaps = [b - a for a, b in zip(tick_times, tick_times[1:], strict=False)]
    assert sum(1 for g in gaps if g > 4.99) >= 10  # the 5 s gaps did happen
    drift = engine.finished_at - T0 - PLAN.estimate_s
    assert abs(drift) < 0.020
    assert abs(drift) < 1e-6  # in fact nothing is lost beyond float rounding
    # DONE is seen at the first tick at or after the true end, never before it
    assert tick_times[-2] < T0 + PLAN.estimate_s <= tick_times[-1]
    # steps passed over in late ticks still reported, in order
    assert [e.step_index for e in events if isinstance(e, PhaseChanged)] == list(
        range(len(PLAN.steps))
    )
    assert [e.exercise_index for e in events if isinstance(e, ExerciseDone)] == list(range(10))
    assert engine.status == "complete"


def test_ticking_ten_times_more_often_does_not_change_the_finish_time() -> None:
    coarse, _, coarse_ticks = drive(3)
    fine, _, fine_ticks = drive(3, scale=0.1, check=False)
    assert len(fine_ticks) > 9 * len(coarse_ticks)
    assert fine.finished_at == coarse.finished_at
    assert [x.seconds for x in fine.exercise_log()] == [x.seconds for x in coarse.exercise_log()]


def test_pauses_shift_the_end_by_exactly_the_time_paused() -> None:
    clock = FakeClock()
    engine = Engine(PLAN, clock=clock)
    engine.start()
    rng = random.Random(5)
    paused_total = 0.0
    while not engine.state.done:
        clock.advance(rng.uniform(0.001, 0.7))
        engine.tick()
        if rng.random() < 0.01:
            engine.pause()
            pause = rng.uniform(0.5, 30.0)
            clock.advance(pause)
            paused_total += pause
            engine.tick()
            engine.resume()
    assert engine.finished_at - T0 - PLAN.estimate_s == pytest.approx(paused_total, abs=1e-6)
    assert sum(x.seconds for x in engine.exercise_log()) == pytest.approx(3600.0, abs=1e-6)
