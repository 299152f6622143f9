"""A practice run left to finish later, from the command line (#9): ``coach run`` says that the
unfinished session is a practice run, and at which pace, and resumed without ``--speed`` it
carries on at its own pace (a 20x practice run does not turn into a normal-pace one).
Subprocesses, a real data folder."""

from __future__ import annotations

from pathlib import Path

from coach.app.sessions import practice_words, resume_speed
from coach.cli.run_cmd import when_text
from coach.services.session_log import open_repo
from tests.cli.test_run_plain import (
    CRASH_ROUTINE,
    Terminal,
    run_closed,
    save_interrupted,
    sessions,
    write_routine,
)


def practice_left(tmp_path: Path, speed: float = 20.0) -> tuple[Path, object]:
    """The crash routine, and a practice run of it at ``speed`` left at its third exercise."""
    path = write_routine(tmp_path, CRASH_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=2)
    old = old.model_copy(update={"practice": True, "speed": speed})
    open_repo(tmp_path / "data").save_session(old)
    return path, old


def test_resumed_without_speed_it_carries_on_at_its_own_pace(tmp_path: Path) -> None:
    path, old = practice_left(tmp_path)
    proc = run_closed(tmp_path, str(path), "--plain", "--resume")  # no --speed
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "Resuming where you stopped: exercise 3 of 4, Cc." in lines
    assert (
        "A practice run at 20× speed, not counted in your streak: under 1 min left at this pace."
        in lines
    )
    [record] = sessions(tmp_path)
    assert record.id == old.id  # type: ignore[attr-defined]
    assert (record.status, record.practice, record.speed) == ("complete", True, 20.0)


def test_on_a_terminal_the_question_says_it_is_a_practice_run(tmp_path: Path) -> None:
    path, old = practice_left(tmp_path)
    term = Terminal(tmp_path, str(path), "--plain")
    try:
        term.wait_for("or keep it as partial and start again? [r/k]")
        term.send(b"r\r")
        term.wait_for("Session complete:")
    finally:
        code = term.close()
    assert code == 0
    when = when_text(old.started_at)  # type: ignore[attr-defined]
    assert (
        f"You have an unfinished session of 'Crash test' from {when}: a practice run at 20× "
        "speed, not counted, and carries on as one."
    ) in term.output


def test_the_pace_of_a_session() -> None:
    from datetime import UTC, datetime

    from coach.domain.records import SessionRecord

    real = SessionRecord(
        routine_id="r", routine_title="R", routine_hash="0" * 64,
        started_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
    )  # fmt: skip
    fast = real.model_copy(update={"practice": True, "speed": 3.0})
    normal = real.model_copy(update={"practice": True})
    assert resume_speed(None, None) == 1.0
    assert resume_speed(None, real) == 1.0
    assert resume_speed(None, fast) == 3.0
    assert resume_speed(1.0, fast) == 1.0  # --speed 1: asked for
    assert resume_speed(2.0, real) == 2.0
    assert practice_words(real) is None
    assert practice_words(fast) == "a practice run at 3× speed, not counted"
    assert practice_words(normal) == "a practice run, not counted"
