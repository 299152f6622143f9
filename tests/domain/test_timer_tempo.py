"""Tempo parts and the engine's next-change time (what a screen sets its one timer for)."""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.plan import expand
from coach.domain.routine import Routine
from coach.domain.timer import Engine, tempo_part_at
from coach.domain.timer_events import Countdown, PhaseChanged, TempoPart
from tests.fakes import FakeClock


def routine(*exercises: dict[str, Any]) -> Routine:
    full = [{"name": f"Ex{i}", "kind": "strength", **ex} for i, ex in enumerate(exercises)]
    return Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": full})


def test_tempo_parts_start_at_their_times_with_no_countdown() -> None:
    plan = expand(routine({"reps": 1, "tempo": "3-2-4"}))
    clock = FakeClock(0.0)
    engine = Engine(plan, clock, start_step=1)
    events = engine.start()
    assert events == [PhaseChanged(1, plan.steps[1]), TempoPart(1, plan.steps[1], "down", 3)]
    seen = []
    for _ in range(90):
        clock.advance(0.1)
        seen += [(round(clock.t, 1), e) for e in engine.tick()]
    parts = [(t, e.part) for t, e in seen if isinstance(e, TempoPart)]
    assert parts == [(3.0, "pause"), (5.0, "up")]
    assert not any(isinstance(e, Countdown) for _, e in seen)


def test_a_late_tick_reports_the_part_it_lands_in() -> None:
    plan = expand(routine({"reps": 2, "tempo": "2-2-2"}))
    clock = FakeClock(0.0)
    engine = Engine(plan, clock, start_step=1)
    engine.start()
    clock.advance(6 + 3.5)  # rep 2, 1.5 s into its pause
    events = engine.tick()
    parts = [e.part for e in events if isinstance(e, TempoPart)]
    assert parts == ["down", "pause"]  # rep 2 began with down, the tick finds it in pause


def test_tempo_part_at() -> None:
    step = expand(routine({"reps": 1, "tempo": "2-0-3"})).steps[1]
    assert tempo_part_at(step, 0) == ("down", 2, 2.0)
    assert tempo_part_at(step, 2) == ("up", 3, 3.0)
    assert tempo_part_at(step, 4.5) == ("up", 3, 0.5)
    assert tempo_part_at(expand(routine({"reps": 3})).steps[1], 0) is None


@pytest.mark.parametrize("speed", [1.0, 4.0])
def test_next_change_at_is_the_next_whole_second_or_the_deadline(speed: float) -> None:
    plan = expand(routine({"hold_s": 2.5}))
    clock = FakeClock(100.0)
    engine = Engine(plan, clock, speed, start_step=1)
    assert engine.next_change_at() is None  # not started
    engine.start()
    # 2.5 s left: shows 3 until 2.0 left, then 2, 1, then the end
    stops = []
    while not engine.state.done:
        due = engine.next_change_at()
        assert due is not None
        stops.append(round((due - 100.0) * speed, 6))
        clock.t = due
        engine.tick()
    assert stops == [0.5, 1.5, 2.5]
    assert engine.next_change_at() is None  # done


def test_next_change_at_untimed_and_paused() -> None:
    plan = expand(routine({"reps": 5}))
    clock = FakeClock(0.0)
    engine = Engine(plan, clock, start_step=1)
    engine.start()
    clock.advance(0.25)
    assert engine.next_change_at() == pytest.approx(1.0)  # elapsed count shows whole seconds
    engine.pause()
    assert engine.next_change_at() is None
