"""The session log: saved at start, at every exercise boundary and at the end; crash and resume.

A real repository in a tmp folder; the engine runs on a fake clock.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.domain.plan import Plan, expand
from coach.domain.records import SessionRecord
from coach.domain.timer import Engine
from coach.domain.timer_events import Event, ExerciseDone, PhaseChanged, SessionDone
from coach.library import LoadedRoutine, load_file
from coach.services.session_log import (
    SessionRecorder,
    find_interrupted,
    keep_as_partial,
    last_save_time,
    open_repo,
)

T0 = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)

ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "log-test",
    "title": "Log test",
    "exercises": [
        {"name": "Chin tuck", "kind": "posture", "reps": 2, "hold_s": 5},
        {"name": "Bridge", "kind": "strength", "reps": 4},
        {"name": "Stretch", "kind": "stretch", "hold_s": 20, "sets": 2, "rest_s": 10},
    ],
}


class FakeClock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


class WallClock:
    """Aware wall-clock times moved by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedRoutine:
    path = tmp_path / "routines" / "log-test.json"
    path.parent.mkdir()
    path.write_text(json.dumps(ROUTINE, indent=1), encoding="utf-8")
    return load_file(path)


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    return open_repo(tmp_path / "data")


class Session:
    """A recorder and an engine driven the way the runners drive them."""

    def __init__(
        self,
        repo: Any,
        loaded: LoadedRoutine,
        resume_from: SessionRecord | None = None,
        speed: float = 1.0,
    ) -> None:
        self.plan: Plan = expand(loaded.routine)
        self.clock = FakeClock()
        self.wall = WallClock()
        self.rec = SessionRecorder(
            repo, loaded, self.plan, speed=speed, now=self.wall, resume_from=resume_from
        )
        self.engine = Engine(
            self.plan,
            self.clock,
            speed,
            start_step=self.rec.start_step,
            prior_log=self.rec.prior_log,
        )
        self.writes = 0
        self.rec.write(self.rec.begin())
        self.feed(self.engine.start())

    def feed(self, events: list[Event]) -> list[Event]:
        if any(isinstance(e, SessionDone) for e in events):
            self.rec.write(self.rec.finish(self.engine))
            self.writes += 1
        elif self.rec.needs_save(events):
            self.rec.write(self.rec.snapshot(self.engine))
            self.writes += 1
        return events

    def advance(self, seconds: float) -> list[Event]:
        """Move both clocks; tick."""
        self.clock.t += seconds / self.engine.speed
        self.wall.now += timedelta(seconds=seconds / self.engine.speed)
        return self.feed(self.engine.tick())

    def run_until_exercise(self, index: int) -> None:
        """Tick in 1 s steps (Enter for rep-counted sets) until exercise ``index`` begins."""
        for _ in range(10_000):
            state = self.engine.state
            if state.done or state.exercise_index == index:
                return
            if state.remaining_s is None:
                self.feed(self.engine.finish_set())
            else:
                self.advance(1.0)
        raise AssertionError("never got there")


def test_begin_saves_an_in_progress_record_with_every_exercise_not_reached(
    repo: Any, loaded: LoadedRoutine
) -> None:
    s = Session(repo, loaded)
    stored = repo.get_session(s.rec.record.id)
    assert stored is not None
    assert stored.status == "in_progress"
    assert stored.ended_at is None
    assert stored.started_at == T0
    assert stored.routine_id == "log-test"
    assert stored.routine_title == "Log test"
    assert stored.routine_hash == loaded.sha256
    assert stored.resume_step == 0
    assert [(e.index, e.name, e.status) for e in stored.exercises] == [
        (0, "Chin tuck", "not_reached"),
        (1, "Bridge", "not_reached"),
        (2, "Stretch", "not_reached"),
    ]


def test_the_routine_version_is_remembered_with_the_first_save(
    repo: Any, loaded: LoadedRoutine
) -> None:
    assert repo.routine_version(loaded.sha256) is None
    Session(repo, loaded)
    assert repo.routine_version(loaded.sha256) == loaded.path.read_text(encoding="utf-8")


def test_a_file_edited_after_loading_is_not_remembered_under_the_old_hash(
    repo: Any, loaded: LoadedRoutine
) -> None:
    loaded.path.write_text(json.dumps(ROUTINE), encoding="utf-8")  # other bytes, other hash
    s = Session(repo, loaded)
    assert repo.routine_version(loaded.sha256) is None
    assert repo.get_session(s.rec.record.id) is not None  # the session is still logged


def test_each_exercise_boundary_is_saved(repo: Any, loaded: LoadedRoutine) -> None:
    s = Session(repo, loaded)
    s.advance(4.0)  # inside the get ready of the first exercise: nothing new saved
    assert s.writes == 0
    s.run_until_exercise(1)
    assert s.writes == 1
    stored = repo.get_session(s.rec.record.id)
    assert stored.status == "in_progress"
    assert stored.resume_step == s.plan.exercise_start(1)
    assert stored.exercises[0].status == "done"
    assert stored.exercises[0].reps_done == 2
    assert stored.exercises[1].status == "not_reached"


def test_a_crash_mid_exercise_leaves_it_resumable_at_the_start_of_that_exercise(
    repo: Any, loaded: LoadedRoutine
) -> None:
    s = Session(repo, loaded)
    s.run_until_exercise(2)
    s.advance(15.0)  # into the first hold of the third exercise
    assert s.engine.state.exercise_index == 2
    session_id = s.rec.record.id
    del s  # the process dies: nothing more is written

    stored = repo.get_session(session_id)
    assert stored.status == "in_progress"
    assert stored.resume_step == expand(loaded.routine).exercise_start(2)
    assert [e.status for e in stored.exercises] == ["done", "done", "not_reached"]
    assert [r.id for r in find_interrupted(repo, "log-test")] == [session_id]
    assert find_interrupted(repo, "another-routine") == []


def test_resuming_keeps_the_id_and_start_time_and_ends_with_one_complete_session(
    repo: Any, loaded: LoadedRoutine
) -> None:
    first = Session(repo, loaded)
    first.run_until_exercise(2)
    first.advance(3.0)
    crashed = repo.get_session(first.rec.record.id)

    again = Session(repo, loaded, resume_from=crashed)
    assert again.rec.start_step == crashed.resume_step
    assert again.rec.prior_log == crashed.exercises
    assert again.rec.record.id == crashed.id
    first_steps = [e for e in again.engine.start() if isinstance(e, PhaseChanged)]
    assert first_steps == []  # already started by Session
    assert again.engine.state.exercise_index == 2
    again.run_until_exercise(-1)  # to the end

    sessions = repo.sessions()
    assert len(sessions) == 1
    done = sessions[0]
    assert done.id == crashed.id
    assert done.started_at == crashed.started_at
    assert done.status == "complete"
    assert done.ended_at is not None
    assert [e.status for e in done.exercises] == ["done", "done", "done"]
    assert done.exercises[0].reps_done == 2  # carried over from before the crash
    assert find_interrupted(repo) == []


def test_resuming_with_another_version_of_the_routine_is_refused(
    repo: Any, loaded: LoadedRoutine
) -> None:
    s = Session(repo, loaded)
    other = s.rec.record.model_copy(update={"routine_hash": "0" * 64})
    with pytest.raises(ValueError, match="another version of the routine 'log-test'"):
        SessionRecorder(repo, loaded, s.plan, resume_from=other)


def test_finish_takes_the_engine_status_or_the_one_given(repo: Any, loaded: LoadedRoutine) -> None:
    s = Session(repo, loaded)
    s.run_until_exercise(1)
    s.wall.now = T0 + timedelta(minutes=3)
    assert s.rec.finish(s.engine).status == "partial"  # still running: not complete
    assert s.rec.record.ended_at == T0 + timedelta(minutes=3)
    assert s.rec.finish(s.engine, "abandoned").status == "abandoned"
    events = s.engine.quit()
    assert any(isinstance(e, ExerciseDone) for e in events)
    final = s.rec.finish(s.engine)
    assert final.status == "partial"
    assert final.exercises[0].status == "done"
    assert final.exercises[1].status == "not_reached"


def test_a_late_in_progress_write_cannot_undo_the_final_one(
    repo: Any, loaded: LoadedRoutine
) -> None:
    s = Session(repo, loaded)
    stale = s.rec.snapshot(s.engine)
    s.engine.quit()
    s.rec.write(s.rec.finish(s.engine))
    s.rec.write(stale)  # a slow worker thread delivering an older snapshot
    assert repo.get_session(stale.id).status == "partial"


def test_needs_save_only_at_exercise_or_session_ends(repo: Any, loaded: LoadedRoutine) -> None:
    s = Session(repo, loaded)
    step = s.plan.steps[0]
    assert not s.rec.needs_save([])
    assert not s.rec.needs_save([PhaseChanged(0, step)])
    assert s.rec.needs_save([PhaseChanged(0, step), ExerciseDone(0, "skipped")])
    assert s.rec.needs_save([SessionDone("complete")])


def test_keep_as_partial_ends_it_when_it_was_last_saved(repo: Any, loaded: LoadedRoutine) -> None:
    s = Session(repo, loaded, speed=2.0)
    s.run_until_exercise(2)
    stored = repo.get_session(s.rec.record.id)
    spent = sum(e.seconds for e in stored.exercises)
    assert spent > 0
    expected_end = T0 + timedelta(seconds=spent / 2.0)
    assert last_save_time(stored) == expected_end

    later = T0 + timedelta(days=2)
    kept = keep_as_partial(repo, stored, later)
    assert kept.status == "partial"
    assert kept.ended_at == expected_end
    again = repo.get_session(stored.id)
    assert again.status == "partial"
    assert again.ended_at == expected_end
    assert again.exercises == stored.exercises
    assert find_interrupted(repo) == []


def test_keep_as_partial_never_ends_after_now(repo: Any, loaded: LoadedRoutine) -> None:
    s = Session(repo, loaded)
    s.run_until_exercise(2)
    stored = repo.get_session(s.rec.record.id)
    soon = T0 + timedelta(seconds=1)
    assert keep_as_partial(repo, stored, soon).ended_at == soon


def test_find_interrupted_lists_the_most_recent_first(repo: Any, loaded: LoadedRoutine) -> None:
    older = Session(repo, loaded).rec.record
    newer = older.model_copy(update={"id": "newer", "started_at": T0 + timedelta(hours=1)})
    repo.save_session(newer)
    done = older.model_copy(update={"id": "done", "status": "complete"})
    repo.save_session(done)
    assert [r.id for r in find_interrupted(repo)] == ["newer", older.id]
