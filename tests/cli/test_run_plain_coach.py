"""``coach run --plain`` as a full citizen: pain questions before and after (typed numbers,
skippable), ``h`` with the therapist's advice above the limit, ``q`` -> finish later -> run
again -> resume at the same step, practice runs shown as practice in ``coach history``.
Subprocesses with keys written into a pipe, a real data folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from coach.cli.plain_lines import LEAVE_QUESTION
from tests.cli.test_run_plain import Live, argv, env, sessions, write_routine

PAIN_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "pain-test",
    "title": "Pain test",
    "advice": "Ease off, and call me if it stays sharp.",
    "pain_stop": 5,
    "check_in": {"before": True, "after": True, "regions": ["neck", "shoulder"]},
    "exercises": [
        {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 3, "hold_s": 5},
        {"name": "Shrug", "kind": "mobility", "region": "shoulder", "reps": 6},
        {"name": "Rolls", "kind": "mobility", "reps": 2, "tempo": "2-1-2"},
    ],
}


def checkins(tmp_path: Path) -> list[Any]:
    from coach.services.session_log import open_repo

    return open_repo(tmp_path / "data").checkins()


def test_pain_questions_before_and_after_are_typed_and_can_be_skipped(tmp_path: Path) -> None:
    """A real session (normal pace, not practice): asked before, and after it even when it was
    stopped early."""
    path = write_routine(tmp_path, PAIN_ROUTINE)
    live = Live(tmp_path, str(path), "--plain")
    live.wait_for("Before you start: how is your pain?")
    live.wait_for("Pain in neck now, 0 to 10 (Enter to skip):")
    live.send("12\n")  # out of range: asked again
    live.wait_for("Please type a number from 0 to 10, or just Enter to skip.")
    live.send("3\n")
    live.wait_for("Pain in shoulder now, 0 to 10 (Enter to skip):")
    live.send("\n")  # skipped
    live.wait_for("Get ready: Chin tuck (10 seconds)")
    live.send("q")
    live.wait_for(LEAVE_QUESTION)
    live.send("s")
    live.wait_for(lambda line: line.startswith("Session stopped"))
    live.wait_for("After the session: how is your pain now?")
    live.wait_for("Pain in neck now, 0 to 10 (Enter to skip):")
    live.send("2\n")
    live.wait_for("Pain in shoulder now, 0 to 10 (Enter to skip):")
    live.send("1\n")
    code, lines, _ = live.finish()
    assert code == 0
    (record,) = sessions(tmp_path)
    assert (record.status, record.practice) == ("partial", False)
    before, after = sorted(checkins(tmp_path), key=lambda c: c.context != "before_session")
    assert before.context == "before_session" and before.session_id == record.id
    assert [(p.region, p.value) for p in before.pain] == [("neck", 3), ("shoulder", None)]
    assert after.context == "after_session"
    assert [(p.region, p.value) for p in after.pain] == [("neck", 2), ("shoulder", 1)]


def test_h_above_the_limit_shows_the_advice_and_skip_is_noted(tmp_path: Path) -> None:
    """In a practice run too (``--speed 5``): no pain questions before or after it, but ``h``
    stops at the therapist's limit and shows the advice."""
    path = write_routine(tmp_path, PAIN_ROUTINE)
    # speed 5: Chin tuck lasts 6 s, so "h" lands in it even on a loaded machine
    live = Live(tmp_path, str(path), "--plain", "--speed", "5")
    live.wait_for("Chin tuck, set 1 of 1, rep 1 of 3: hold 5 seconds")
    live.send("h")
    live.wait_for("It hurts: pain in neck now, 0 to 10 (Enter to skip):")
    live.send("7\n")
    live.wait_for("Your pain is above your limit: 7/10, the limit your therapist set is 5/10.")
    live.wait_for("Your therapist's advice: Ease off, and call me if it stays sharp.")
    live.wait_for(lambda line: line.startswith("Press s to skip this exercise"))
    live.send("s")
    live.wait_for(lambda line: line.startswith("Partly done: Chin tuck") or line.startswith(
        "Skipped: Chin tuck"))  # fmt: skip
    live.wait_for("Shrug, set 1 of 1: 6 reps; press Enter when done")
    live.send("q")
    live.wait_for(LEAVE_QUESTION)
    live.send("s")
    live.wait_for(lambda line: line.startswith("Session stopped"))
    code, lines, _ = live.finish()
    assert code == 0
    assert not [line for line in lines if "how is your pain" in line or "0 to 10" in line
                and not line.startswith("It hurts")], lines  # fmt: skip
    (record,) = sessions(tmp_path)
    assert (record.status, record.practice) == ("partial", True)
    (during,) = [c for c in checkins(tmp_path) if c.context == "during_session"]
    assert [(p.region, p.value) for p in during.pain] == [("neck", 7)]
    assert during.note == (
        "Pain 7/10 during Chin tuck, above the limit of 5/10: skipped the exercise."
    )


def test_practice_at_normal_pace_is_saved_as_practice(tmp_path: Path) -> None:
    """``--practice``: the app's practice run at normal pace, from the command line. It says
    so first, and asks no pain questions before or after (they would never count)."""
    path = write_routine(tmp_path, PAIN_ROUTINE)  # asks before and after in a real session
    live = Live(tmp_path, str(path), "--plain", "--practice")
    live.wait_for(lambda line: line.startswith("Get ready: Chin tuck"))
    live.send("q")
    live.wait_for(LEAVE_QUESTION)
    live.send("s")
    code, lines, _ = live.finish()
    assert code == 0
    assert lines[:4] == [
        "Pain test", "Your therapist's advice: Ease off, and call me if it stays sharp.",
        "Total: about 1 min (1 rep-counted set estimated at 3 s a rep)",
        "A practice run, not counted in your streak.",
    ], lines  # fmt: skip
    assert not [line for line in lines if "your pain" in line or "0 to 10" in line], lines
    assert lines[-1].endswith("(a practice run)."), lines[-1]
    (saved,) = sessions(tmp_path)
    assert (saved.status, saved.speed, saved.practice) == ("partial", 1.0, True)
    assert checkins(tmp_path) == []


def test_q_finish_later_then_run_again_resumes_at_the_same_step(tmp_path: Path) -> None:
    doc = {**PAIN_ROUTINE, "check_in": {"before": False, "after": False}}
    path = write_routine(tmp_path, doc)
    live = Live(tmp_path, str(path), "--plain", "--speed", "5")  # keys land in Chin tuck
    live.wait_for("Chin tuck, set 1 of 1, rep 1 of 3: hold 5 seconds")
    live.send("q")
    live.wait_for(LEAVE_QUESTION)
    live.send("x")  # any other key: carry on
    live.wait_for("Carrying on.")
    live.wait_for("Chin tuck, set 1 of 1, rep 2 of 3: hold 5 seconds")
    live.send("q")
    live.wait_for(LEAVE_QUESTION)
    live.send("f")
    kept_line = live.wait_for(lambda line: line.startswith("Kept for later"))
    code, lines, _ = live.finish()
    assert code == 0
    assert "run again" in kept_line or "again" in kept_line
    assert not any(line.startswith("Session ") for line in lines)
    assert "Paused — press space to continue" not in lines  # the question says it all
    (kept,) = sessions(tmp_path)
    assert kept.status == "in_progress" and kept.ended_at is None
    # steps: get ready, hold 1, release, hold 2, release, hold 3 (where "q" landed: load)
    assert kept.resume_step in (3, 4, 5)
    assert kept.exercises[0].reps_done == (kept.resume_step - 1) // 2

    # the next day: `coach run` finds it and (here without a terminal: --resume) carries on
    live = Live(tmp_path, str(path), "--plain", "--speed", "50", "--resume")
    first = live.wait_for(lambda line: line.startswith("Resuming where you stopped"))
    assert first.startswith("Resuming where you stopped: exercise 1 of 3, Chin tuck, set 1 of 1")
    live.wait_for("Paused — press space to continue")  # get back into position first
    live.send(" ")
    live.wait_for("Shrug, set 1 of 1: 6 reps; press Enter when done")
    live.send("\n")
    live.wait_for(lambda line: line.startswith("Session complete"))
    code, lines, _ = live.finish()
    assert code == 0
    (record,) = sessions(tmp_path)
    assert record.id == kept.id and record.status == "complete"
    assert [(e.status, e.reps_done) for e in record.exercises] == [
        ("done", 3), ("done", 6), ("done", 2),
    ]  # fmt: skip
    assert record.practice  # run at 10x and 50x: practice


def test_a_practice_run_is_shown_as_practice_in_history(tmp_path: Path) -> None:
    doc = {**PAIN_ROUTINE, "check_in": {"before": False, "after": False}}
    path = write_routine(tmp_path, doc)
    proc = subprocess.run(
        argv(tmp_path, str(path), "--plain", "--speed", "100"), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, env=env(tmp_path), cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1].endswith("Saved (a practice run).")
    history = subprocess.run(
        [*argv(tmp_path)[:3], "history", "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, env=env(tmp_path), cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert history.returncode == 0, history.stderr
    assert "Pain test: practice at 100x speed, complete, 3 done" in history.stdout
    as_json = subprocess.run(
        [*argv(tmp_path)[:3], "history", "--json", "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, env=env(tmp_path), cwd=tmp_path, timeout=60,
    )  # fmt: skip
    (entry,) = json.loads(as_json.stdout)
    assert entry["practice"] is True and entry["speed"] == 100


MEASURE_ROUTINE: dict[str, Any] = {
    **PAIN_ROUTINE,
    "id": "measure-test",
    "check_in": {"before": False, "after": True, "regions": ["neck"], "measures": [
        {"id": "turn-left", "label": "Turn head left", "unit": "deg", "better": "higher",
         "min": 0, "max": 90},
        {"id": "reach", "label": "Reach", "unit": "cm", "better": "higher"}]},
    "exercises": [{"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 2}],
}


def test_the_routines_measures_are_asked_after_the_session_and_can_be_skipped(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path, MEASURE_ROUTINE)
    live = Live(tmp_path, str(path), "--plain")  # a real session: a practice run asks nothing
    live.wait_for("Get ready: Chin tuck (10 seconds)")
    live.send("n")  # skipped: the session ends at once
    live.wait_for("After the session: how is your pain now?")
    live.wait_for("Pain in neck now, 0 to 10 (Enter to skip):")
    live.send("2\n")
    live.wait_for("Your therapist's measures (Enter to skip one):")
    live.wait_for("Turn head left, in deg (between 0 and 90 deg):")
    live.send("120\n")  # out of bounds: asked again
    live.wait_for("Turn head left (turn-left) must be between 0 and 90 deg; got 120. Type it "
                  "again, or just Enter to skip.")
    live.send("62.5\n")
    live.wait_for("Reach, in cm:")
    live.send("\n")  # skipped
    code, _, _ = live.finish()
    assert code == 0
    (record,) = sessions(tmp_path)
    (after,) = checkins(tmp_path)
    assert (after.context, after.session_id) == ("after_session", record.id)
    assert [(p.region, p.value) for p in after.pain] == [("neck", 2)]
    assert after.measures == {"turn-left": 62.5}


def test_measures_are_asked_even_when_the_pain_after_is_not(tmp_path: Path) -> None:
    doc = {**MEASURE_ROUTINE, "check_in": {**MEASURE_ROUTINE["check_in"], "after": False}}
    path = write_routine(tmp_path, doc)
    live = Live(tmp_path, str(path), "--plain")
    live.wait_for("Get ready: Chin tuck (10 seconds)")
    live.send("n")
    live.wait_for("Turn head left, in deg (between 0 and 90 deg):")
    live.send("45\n")
    live.wait_for("Reach, in cm:")
    live.send("30\n")
    code, lines, _ = live.finish()
    assert code == 0 and "After the session: how is your pain now?" not in lines
    (after,) = checkins(tmp_path)
    assert after.pain == [] and after.measures == {"turn-left": 45.0, "reach": 30.0}
