"""Timer engine on hand-built plans: skip, back (and its 3-second rule), quit, the exercise log,
resuming from a step."""

from __future__ import annotations

from test_timer import T0, THREE, FakeClock, changes, started

from coach.domain.plan import Phase
from coach.domain.records import ExerciseLog
from coach.domain.timer import Engine, ExerciseDone, PhaseChanged, SessionDone

# ---------------------------------------------------------------- skip


def test_skip_mid_exercise_logs_partial_and_goes_to_next_exercise() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 1)  # rep 1 held, now resting
    engine.tick()
    events = engine.skip()
    assert events == [ExerciseDone(0, "partial"), PhaseChanged(4, THREE.steps[4])]
    assert engine.state.remaining_s == 10.0
    log = engine.exercise_log()[0]
    assert (log.status, log.reps_done, log.sets_done, log.seconds) == ("partial", 1, 0, 19)


def test_skip_before_any_work_logs_skipped_and_last_skip_ends_session() -> None:
    engine, clock = started()
    clock.advance(4)
    assert engine.skip()[0] == ExerciseDone(0, "skipped")
    engine.skip()
    events = engine.skip()
    assert events == [ExerciseDone(2, "skipped"), SessionDone("partial")]
    assert engine.status == "partial" and engine.state.done
    assert engine.state.phase == Phase.DONE and engine.state.next_up is None
    assert [e.status for e in engine.exercise_log()] == ["skipped", "skipped", "skipped"]
    assert engine.skip() == [] and engine.tick() == []


def test_skip_while_paused_stays_paused_with_full_time() -> None:
    engine, clock = started()
    clock.advance(3)
    engine.pause()
    engine.skip()
    clock.advance(60)
    s = engine.state
    assert s.paused and s.step_index == 4 and s.remaining_s == 10.0


# ---------------------------------------------------------------- back


def test_back_after_3_seconds_restarts_current_exercise() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 2)  # rep 1 done, resting
    assert changes(engine.tick()) == [1, 2]
    events = engine.back()
    assert events == [PhaseChanged(0, THREE.steps[0])]
    assert engine.state.remaining_s == 10.0
    log = engine.exercise_log()[0]
    assert log.reps_done == 0 and log.seconds == 20  # counts restart, time spent stays


def test_back_within_3_seconds_goes_to_previous_exercise() -> None:
    engine, clock = started()
    clock.advance(31)  # exercise 0 done
    engine.tick()
    clock.advance(2.9)  # 2.9 s into exercise 1
    assert changes(engine.back()) == [0]
    assert engine.exercise_log()[0].status == "done"  # its earlier done run stays on record
    # 3.1 s into the exercise: restart it instead
    engine, clock = started()
    clock.advance(31 + 3.1)
    assert changes(engine.back()) == [1, 2, 3, 4, 4]  # catches up first, then restarts
    # pressing back twice quickly: restart, then previous exercise
    assert changes(engine.back()) == [0]


def test_back_rule_counts_routine_seconds_and_not_paused_time() -> None:
    engine, clock = started(speed=10)
    clock.advance(3.1 + 0.25)  # exercise 1 began at 3.1 real s; 2.5 routine s in
    engine.tick()
    engine.pause()
    clock.advance(20)
    engine.resume()
    assert changes(engine.back()) == [0]
    engine, clock = started(speed=10)
    clock.advance(3.1 + 0.35)  # 3.5 routine s in
    engine.tick()
    assert changes(engine.back()) == [4]


def test_back_on_first_exercise_restarts_it() -> None:
    engine, clock = started()
    clock.advance(1)
    assert engine.back() == [PhaseChanged(0, THREE.steps[0])]
    assert engine.state.remaining_s == 10.0


# ---------------------------------------------------------------- quit and log


def test_quit_ends_partial_and_logs_every_exercise() -> None:
    engine, clock = started()
    clock.advance(31)
    engine.tick()
    clock.advance(10)
    engine.tick()  # in exercise 1's untimed set
    assert engine.resume_step == 4
    clock.advance(12)
    events = engine.quit()
    assert events == [ExerciseDone(1, "partial"), SessionDone("partial")]
    assert engine.status == "partial" and engine.state.done
    assert engine.finished_at == T0 + 53
    assert engine.resume_step == 4
    logs = engine.exercise_log()
    assert [x.status for x in logs] == ["done", "partial", "not_reached"]
    assert (logs[0].reps_done, logs[0].sets_done, logs[0].seconds) == (2, 1, 31)
    assert logs[1].reps_done == 0 and logs[1].seconds == 22
    assert engine.quit() == [] and engine.back() == []


def test_quit_in_get_ready_leaves_exercise_not_reached() -> None:
    engine, clock = started()
    clock.advance(2)
    assert engine.quit() == [ExerciseDone(0, "not_reached"), SessionDone("partial")]
    assert engine.exercise_log()[0].seconds == 2


def test_quit_before_start_ends_session() -> None:
    engine = Engine(THREE, clock=FakeClock())
    assert engine.quit() == [SessionDone("partial")]
    assert [x.status for x in engine.exercise_log()] == ["not_reached"] * 3


def test_complete_run_and_log_while_running() -> None:
    engine, clock = started()
    clock.advance(31 + 10 + 1)
    engine.tick()
    live = engine.exercise_log()
    assert [x.status for x in live] == ["done", "not_reached", "not_reached"]
    assert live[1].seconds == 11  # the step in progress counts
    engine.finish_set()
    clock.advance(30)
    events = engine.tick()
    assert events[-2:] == [ExerciseDone(2, "done"), SessionDone("complete")]
    assert engine.status == "complete"
    assert engine.resume_step == len(THREE.steps)
    assert [x.seconds for x in engine.exercise_log()] == [31, 11, 30]


def test_resume_from_start_step_with_and_without_prior_log() -> None:
    prior = [
        ExerciseLog(index=0, name="Neck hold", status="done", reps_done=2, sets_done=1, seconds=31),
        ExerciseLog(index=1, name="Squats", status="partial", reps_done=0, seconds=5),
    ]
    engine, clock = started(start_step=4, prior_log=prior)
    assert engine.state.step_index == 4 and engine.resume_step == 4
    engine.finish_set()  # on get ready: no-op
    clock.advance(10)
    engine.tick()
    engine.finish_set()
    clock.advance(30)
    assert engine.tick()[-1] == SessionDone("complete")
    logs = engine.exercise_log()
    assert logs[0] == prior[0]
    assert logs[1].status == "done" and logs[1].seconds == 10  # not carried: rerun fresh

    engine, clock = started(start_step=4)
    engine.skip()
    clock.advance(30)
    assert engine.tick()[-1] == SessionDone("partial")
    assert [x.status for x in engine.exercise_log()] == ["not_reached", "skipped", "done"]


def test_start_step_at_the_end_finishes_at_once() -> None:
    engine = Engine(THREE, clock=FakeClock(), start_step=len(THREE.steps))
    assert engine.start() == [SessionDone("partial")]
