"""The session controller: cue batches for every dosing form, saving before speaking, back one
rep, pause cues, finish later and resume at the same step, practice runs. Fake clock, a fake
repository (the real one is exercised by the TUI and plain tests)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coach.app.session_controller import SessionController
from coach.domain.cues import Cue, CueKind
from coach.domain.days import is_practice
from coach.domain.plan import Phase, expand
from coach.domain.records import SessionRecord
from coach.library import LoadedRoutine, load_file
from coach.services.session_log import SessionRecorder
from tests.fakes import FakeClock

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class FakeRepo:
    """Keeps saved sessions in memory, by id."""

    def __init__(self) -> None:
        self.sessions: dict[str, SessionRecord] = {}
        self.saves: list[SessionRecord] = []

    def save_session(self, rec: SessionRecord) -> None:
        self.sessions[rec.id] = rec
        self.saves.append(rec)

    def remember_routine_version(self, routine_id: str, sha256: str, content: str) -> None:
        pass

    def interrupted_sessions(self) -> list[SessionRecord]:
        return [r for r in self.sessions.values() if r.status == "in_progress"]


def loaded(tmp_path: Path, *exercises: dict[str, Any]) -> LoadedRoutine:
    full = [{"name": f"Ex{i}", "kind": "strength", **ex} for i, ex in enumerate(exercises)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"format": 1, "id": "r", "title": "R", "exercises": full}))
    return load_file(path)


class Run:
    """A controller on a fake clock and repository, recording every batch it says."""

    def __init__(
        self,
        routine: LoadedRoutine,
        speed: float = 1.0,
        resume_from: SessionRecord | None = None,
        repo: FakeRepo | None = None,
        clock: FakeClock | None = None,
        practice: bool = False,
    ) -> None:
        self.repo = repo or FakeRepo()
        self.clock = clock or FakeClock()
        plan = expand(routine.routine)
        recorder = SessionRecorder(
            self.repo, routine, plan, speed=speed, now=lambda: T0, resume_from=resume_from,
            practice=practice,
        )  # fmt: skip
        self.ctl = SessionController(plan, recorder, clock=self.clock, speed=speed)
        self.batches: list[tuple[Cue, ...]] = []
        self.order: list[str] = []
        self.ctl.on_record(self._saved)
        self.ctl.subscribe(self._heard)

    def _saved(self, record: SessionRecord) -> None:
        self.repo.save_session(record)
        self.order.append(f"save:{record.status}")

    def _heard(self, cues: Sequence[Cue]) -> None:
        self.batches.append(tuple(cues))
        self.order.extend(f"cue:{c.kind.value}" for c in cues)

    @property
    def cues(self) -> list[Cue]:
        return [c for batch in self.batches for c in batch]

    def words(self, countdown: bool = False) -> str:
        return " | ".join(
            c.text for c in self.cues if countdown or c.kind is not CueKind.COUNTDOWN
        )

    def wake(self) -> None:
        """Move the clock to the next change and tick (what the screen's one timer does)."""
        due = self.ctl.next_change_at()
        assert due is not None and due >= self.clock.t
        self.clock.t = due
        self.ctl.tick()

    def to_end(self, untimed_s: float = 5.0) -> None:
        for _ in range(100_000):
            if self.ctl.ended:
                return
            if self.ctl.state.remaining_s is None:
                self.clock.advance(untimed_s / self.ctl.speed)
                self.ctl.finish_set()
            else:
                self.wake()
        raise AssertionError("never ended")

    def until(self, phase: Phase, rep: int | None = None, nth: int = 1) -> None:
        """Run until the nth step of ``phase`` (with ``rep``) begins."""
        seen = 0
        for _ in range(100_000):
            s = self.ctl.state
            if s.phase is phase and (rep is None or s.rep == rep):
                seen += 1
                if seen == nth:
                    return
            index = s.step_index
            while self.ctl.state.step_index == index and not self.ctl.ended:
                if self.ctl.state.remaining_s is None:
                    self.clock.advance(5)
                    self.ctl.finish_set()
                else:
                    self.wake()
        raise AssertionError(f"no {phase} step")


DOSING = [
    ("duration", {"duration_s": 30}, "Ex0. 30 seconds. | Go, 30 seconds | Ex0 done"),
    (
        "hold",
        {"hold_s": 20},
        "Ex0. Hold 20 seconds. | Hold, 20 seconds | Halfway | Ex0 done",
    ),
    (
        "hold+reps",
        {"reps": 2, "hold_s": 5},
        "Ex0. 2 reps, hold 5 seconds. | Rep 1, hold | Release | Last rep, hold | Ex0 done",
    ),
    (
        "reps+tempo",
        {"reps": 2, "tempo": "2-1-2"},
        "Ex0. 2 reps, 2 seconds down, 1 second pause, 2 seconds up. | Rep 1 | Down | "
        "Pause | Up | Last rep | Down | Pause | Up | Ex0 done",
    ),
    ("reps-only", {"reps": 10}, "Ex0. 10 reps. | Go, 10 reps | Ex0 done"),
    (
        "side each with switch",
        {"hold_s": 10, "side": "each", "switch_s": 4},
        "Ex0. Hold 10 seconds, each side. | Left side | Hold, 10 seconds | "
        "Right side | Hold, 10 seconds | Ex0 done",  # 4 s: 1 s before its 3-2-1, the short words
    ),
    (
        "alternate",
        {"reps": 1, "hold_s": 4, "side": "alternate"},
        "Ex0. 1 rep each side, alternating, hold 4 seconds. | Left | Hold | Release | "
        "Right | Hold | Ex0 done",
    ),
    (
        "sets with rest",
        {"duration_s": 20, "sets": 2, "rest_s": 15},
        "Ex0. 2 sets of 20 seconds. | Go, 20 seconds | Rest, 15 seconds | Last set | "
        "Go, 20 seconds | Ex0 done",
    ),
]


@pytest.mark.parametrize(("exercise", "words"), [d[1:] for d in DOSING], ids=[d[0] for d in DOSING])
def test_cue_sequence_for_each_dosing_form(
    tmp_path: Path, exercise: dict[str, Any], words: str
) -> None:
    run = Run(loaded(tmp_path, exercise))
    run.ctl.start()
    run.to_end()
    assert run.words() == words + " | Done. Well done."
    assert run.repo.saves[-1].status == "complete"


def test_countdown_ticks_in_the_last_three_seconds_of_work_holds_and_rests(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"hold_s": 6, "sets": 2, "rest_s": 5}))
    run.ctl.start()
    run.to_end()
    assert run.words(countdown=True) == (
        "Ex0. 2 holds of 6 seconds. | 3 | 2 | 1 | Hold | 3 | 2 | 1 | Rest, 5 seconds | 3 | 2 | "
        "1 | Last set | Hold | 3 | 2 | 1 | Ex0 done | Done. Well done."
    )


def test_every_listener_gets_each_batch_after_the_log_saved(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 5}, {"duration_s": 5}))
    second: list[tuple[Cue, ...]] = []
    run.ctl.subscribe(second.append)
    run.ctl.start()
    run.to_end()
    assert second == run.batches
    assert run.order[0] == "save:in_progress"
    done = run.order.index("cue:exercise_done")
    assert run.order[done - 1] == "save:in_progress"  # the boundary was saved first
    assert run.order[-3:] == ["save:complete", "cue:exercise_done", "cue:session_done"]


def test_an_output_can_unsubscribe(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 5}))
    heard: list[tuple[Cue, ...]] = []
    stop = run.ctl.subscribe(heard.append)
    run.ctl.start()
    stop()
    run.to_end()
    assert len(heard) == 1


def test_pause_and_resume_are_cued_once(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 30}))
    run.ctl.start()
    run.clock.advance(2)
    run.ctl.toggle_pause()
    run.ctl.pause()  # already paused: nothing
    assert run.ctl.next_change_at() is None
    run.clock.advance(100)
    run.ctl.toggle_pause()
    kinds = [c.kind for c in run.cues]
    assert kinds.count(CueKind.PAUSED) == 1 and kinds.count(CueKind.RESUMED) == 1
    assert run.ctl.state.remaining_s == pytest.approx(8)


def test_back_goes_one_rep_and_twice_quickly_to_the_exercise_before(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 5}, {"reps": 10, "hold_s": 5}))
    run.ctl.start()
    run.until(Phase.HOLD, rep=9)
    run.clock.advance(2)
    cues = run.ctl.back()
    state = run.ctl.state
    assert (state.phase, state.rep, state.exercise_index) == (Phase.HOLD, 8, 1)
    assert [c.kind for c in cues] == [CueKind.HOLD_START]
    assert state.remaining_s == 5
    run.clock.advance(1)
    run.ctl.back()
    state = run.ctl.state
    assert (state.phase, state.exercise_index) == (Phase.GET_READY, 0)


def test_back_from_a_release_redoes_the_hold_just_done_and_uncounts_it(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"reps": 3, "hold_s": 5}))
    run.ctl.start()
    run.until(Phase.RELEASE, nth=2)  # after rep 2
    assert run.ctl.engine.exercise_log()[0].reps_done == 2
    run.ctl.back()
    assert (run.ctl.state.phase, run.ctl.state.rep) == (Phase.HOLD, 2)
    assert run.ctl.engine.exercise_log()[0].reps_done == 1
    run.to_end()
    log = run.repo.saves[-1].exercises[0]
    assert (log.status, log.reps_done) == ("done", 3)


def test_finish_later_then_resume_at_the_same_step(tmp_path: Path) -> None:
    routine = loaded(tmp_path, {"duration_s": 5}, {"reps": 4, "hold_s": 5, "sets": 2, "rest_s": 5})
    first = Run(routine)
    first.ctl.start()
    first.until(Phase.HOLD, rep=3)
    step = first.ctl.state.step_index
    first.clock.advance(2.5)
    cues = first.ctl.finish_later()
    assert cues[-1].kind is CueKind.FINISH_LATER
    assert CueKind.PAUSED not in [c.kind for c in cues]  # not "paused" first
    assert first.ctl.ended and first.ctl.kept_open
    kept = first.repo.saves[-1]
    assert (kept.status, kept.resume_step, kept.ended_at) == ("in_progress", step, None)
    assert kept.exercises[1].reps_done == 2
    assert first.ctl.tick() == [] and first.ctl.next_change_at() is None

    # the next day: the same session goes on at rep 3 (whole again), with reps 1-2 kept
    again = Run(routine, resume_from=kept, repo=first.repo)
    again.ctl.start()
    state = again.ctl.state
    assert (state.step_index, state.rep, state.remaining_s) == (step, 3, 5)
    assert [c.kind for c in again.cues] == [CueKind.HOLD_START, CueKind.PAUSED]
    assert state.paused  # back into position first: space carries on
    again.clock.advance(60)
    again.ctl.resume()
    assert again.ctl.state.remaining_s == 5
    again.to_end()
    final = again.repo.saves[-1]
    assert final.id == kept.id and final.status == "complete"
    assert [(e.status, e.reps_done, e.sets_done) for e in final.exercises] == [
        ("done", 0, 1),
        ("done", 8, 2),
    ]


def test_quit_saves_partly_done(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 30}, {"duration_s": 30}))
    run.ctl.start()
    run.until(Phase.WORK)
    run.clock.advance(10)
    cues = run.ctl.quit()
    assert [c.kind for c in cues] == [CueKind.EXERCISE_SKIPPED, CueKind.SESSION_DONE]
    assert cues[-1].text == "Session stopped."
    assert run.repo.saves[-1].status == "partial" and run.ctl.stopped
    assert run.ctl.quit() == [] and run.ctl.finish_later() == []


@pytest.mark.parametrize(("speed", "practice"), [(1.0, False), (3.0, True), (0.5, True)])
def test_practice_runs_are_saved_as_practice(
    tmp_path: Path, speed: float, practice: bool
) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 10}), speed=speed)
    run.ctl.start()
    run.to_end()
    assert all(r.practice is practice for r in run.repo.saves)
    assert run.ctl.practice is practice
    assert run.repo.saves[-1].speed == speed


@pytest.mark.parametrize("speed", [1.0, 2.0])
def test_a_practice_run_asked_for_is_practice_at_any_speed(tmp_path: Path, speed: float) -> None:
    """The app's practice run at normal pace is practice too (the speed alone cannot tell)."""
    run = Run(loaded(tmp_path, {"duration_s": 10}), speed=speed, practice=True)
    run.ctl.start()
    run.to_end()
    assert all(r.practice for r in run.repo.saves) and run.ctl.practice
    assert (run.repo.saves[-1].status, run.repo.saves[-1].speed) == ("complete", speed)
    assert is_practice(run.repo.saves[-1])


def test_a_normal_pace_practice_run_resumed_stays_practice(tmp_path: Path) -> None:
    routine = loaded(tmp_path, {"duration_s": 10}, {"duration_s": 10})
    first = Run(routine, practice=True)
    first.ctl.start()
    first.until(Phase.GET_READY, nth=2)
    first.ctl.finish_later()
    again = Run(routine, resume_from=first.repo.saves[-1], repo=first.repo)
    again.ctl.start()
    again.to_end()
    assert again.repo.saves[-1].practice is True and again.repo.saves[-1].speed == 1.0


def test_a_practice_run_resumed_at_speed_1_stays_practice(tmp_path: Path) -> None:
    routine = loaded(tmp_path, {"duration_s": 10}, {"duration_s": 10})
    first = Run(routine, speed=4)
    first.ctl.start()
    first.until(Phase.GET_READY, nth=2)
    first.ctl.finish_later()
    again = Run(routine, resume_from=first.repo.saves[-1], repo=first.repo)
    again.ctl.start()
    assert not again.ctl.state.paused  # at an exercise's start: it goes on at once
    again.to_end()
    assert again.repo.saves[-1].practice is True


def test_signal_stop_keeps_it_open_or_partial(tmp_path: Path) -> None:
    run = Run(loaded(tmp_path, {"duration_s": 30}))
    run.ctl.start()
    run.clock.advance(15)
    record = run.ctl.stop_for_signal()
    assert record.status == "in_progress" and run.repo.saves[-1] is record
    run2 = Run(loaded(tmp_path, {"duration_s": 30}))
    run2.ctl.start()
    assert run2.ctl.stop_for_signal("partial").status == "partial"
