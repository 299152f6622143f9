"""Timer engine on hand-built plans: skip, back (one rep or set; twice quickly: the exercise
before), quit, the exercise log, resuming from a step."""

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


def test_back_from_a_rest_redoes_the_rep_just_done() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 2)  # rep 1 done, resting
    assert changes(engine.tick()) == [1, 2]
    assert engine.exercise_log()[0].reps_done == 1
    events = engine.back()
    assert events == [PhaseChanged(1, THREE.steps[1])]
    assert engine.state.remaining_s == 8.0
    log = engine.exercise_log()[0]
    assert log.reps_done == 0 and log.seconds == 20  # rep 1 counts again, time spent stays


def test_back_in_rep_2_goes_to_rep_1_and_a_quick_second_back_to_the_exercise_before() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 5 + 3)  # 3 s into rep 2
    engine.tick()
    assert engine.state.step_index == 3
    assert changes(engine.back()) == [1]
    assert engine.exercise_log()[0].reps_done == 0
    clock.advance(1.9)  # within 2 s: the exercise before (here the first: its start)
    assert changes(engine.back()) == [0]


def test_back_in_a_get_ready_goes_to_the_exercise_before() -> None:
    engine, clock = started()
    clock.advance(31)  # exercise 0 done
    engine.tick()
    clock.advance(5)  # 5 s into exercise 1's get ready
    assert changes(engine.back()) == [0]
    assert engine.exercise_log()[0].status == "done"  # its earlier done run stays on record


def test_back_twice_slowly_goes_back_one_rep_each_time() -> None:
    engine, clock = started()
    clock.advance(31 + 10 + 2)  # in exercise 1's untimed set
    engine.tick()
    assert changes(engine.back()) == [4]  # its first set: back to its get ready
    clock.advance(2.5)
    assert changes(engine.back()) == [0]  # from a get ready: the exercise before


def test_second_back_counts_clock_seconds_even_while_paused() -> None:
    engine, clock = started(speed=10)
    clock.advance((10 + 8 + 5 + 3) / 10)  # 3 routine s into rep 2
    engine.tick()
    engine.pause()
    assert changes(engine.back()) == [1]
    clock.advance(3)  # paused, but 3 clock seconds later: one more rep back, not the exercise
    assert changes(engine.back()) == [0]  # rep 1 was the first: its get ready
    assert engine.state.paused


def test_back_on_first_exercise_restarts_it() -> None:
    engine, clock = started()
    clock.advance(1)
    assert engine.back() == [PhaseChanged(0, THREE.steps[0])]
    assert engine.state.remaining_s == 10.0


def test_resume_inside_an_exercise_carries_its_counts() -> None:
    engine, clock = started()
    clock.advance(10 + 8 + 1)  # rep 1 done, resting
    engine.tick()
    log = engine.exercise_log()
    assert engine.current_step == 2 and engine.resume_step == 0
    again = Engine(THREE, clock=clock, start_step=engine.current_step, prior_log=log)
    again.start()
    assert again.state.step_index == 2
    clock.advance(5 + 8)
    again.tick()
    first = again.exercise_log()[0]
    assert (first.status, first.reps_done, first.sets_done) == ("done", 2, 1)


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
