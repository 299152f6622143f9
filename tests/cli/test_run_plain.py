"""``coach run --plain`` as a subprocess: one line per step, keys from a pipe, the session logged.

Keys are sent when the line they answer has been read, at rep-counted sets (which wait for a
key), so that what happens does not depend on timing.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import queue
import select
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coach.cli.plain_lines import KEYS_HELP, LEAVE_QUESTION, session_time
from coach.cli.run_cmd import when_text
from coach.domain.describe import describe_step, plan_summary
from coach.domain.plan import Phase, Plan, expand
from coach.domain.records import ExerciseLog, SessionRecord
from coach.library import load_file
from coach.services.session_log import last_save_time, open_repo

ROOT = Path(__file__).resolve().parents[2]
NECK_DESK = ROOT / "routines" / "neck-desk.json"
PRACTICE = " (a practice run)"
"""Every run here is at a --speed, so saved as practice."""
WAIT_S = 20.0
"""Longest a test waits for a line (a whole run takes 2-7 s)."""

KEYS_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "keys-test",
    "title": "Keys [bold]test[/]",
    "advice": "Stop if it hurts [red]now[/red].",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "Warm [up]", "kind": "mobility", "reps": 4},
        {"name": "Bridge", "kind": "strength", "reps": 2, "hold_s": 5},
        {"name": "Clam", "kind": "strength", "reps": 3},
        {"name": "Stretch", "kind": "stretch", "hold_s": 20},
    ],
}

CRASH_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "crash-test",
    "title": "Crash test",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": name, "kind": "stretch", "hold_s": 10} for name in ("Aa", "Bb", "Cc", "Dd")
    ],
}


TERMINAL_ROUTINE: dict[str, Any] = {
    **CRASH_ROUTINE,
    "exercises": [
        {"name": name, "kind": "stretch", "hold_s": 10 if name == "Aa" else 600}
        for name in ("Aa", "Bb", "Cc", "Dd")
    ],
}
"""The crash routine with long holds after Aa: a key sent after a step shows still lands in that
step on a loaded machine (no test may depend on how fast the child runs)."""


def write_routine(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / f"{doc['id']}.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def plan_of(path: Path) -> Plan:
    return expand(load_file(path).routine)


def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    e["HOME"] = str(tmp_path / "home")
    e["COACH_SOUND_PLAYER"] = "none"  # the bell, never a real tone, whatever the machine has
    return e


def argv(tmp_path: Path, *args: str) -> list[str]:
    voice = [] if any(a.endswith("voice") for a in args) else ["--no-voice"]  # no real speech
    return [sys.executable, "-m", "coach", "run", *args, *voice, "--data-dir",
            str(tmp_path / "data")]  # fmt: skip


def run_closed(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``coach run ARGS`` with standard input closed (/dev/null)."""
    proc = subprocess.run(
        argv(tmp_path, *args), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=env(tmp_path), cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


class Live:
    """A ``coach run`` whose standard input is a pipe the test writes keys into."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            argv(tmp_path, *args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env(tmp_path), cwd=tmp_path,
        )  # fmt: skip
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, wanted: Callable[[str], bool] | str) -> str:
        """Read lines until one matches (equals ``wanted`` or satisfies it)."""
        test = wanted if callable(wanted) else (lambda line: line == wanted)
        while True:
            try:
                line = self._queue.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(f"no line {wanted!r}; got {self.lines}") from None
            if line is None:
                raise AssertionError(f"output ended before {wanted!r}; got {self.lines}")
            self.lines.append(line)
            if test(line):
                return line

    def send(self, keys: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(keys)
        self.proc.stdin.flush()

    def finish(self) -> tuple[int, list[str], str]:
        """Close the pipe, wait for the end: (exit code, every line, standard error)."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=WAIT_S)
        while (line := self._queue.get(timeout=WAIT_S)) is not None:
            self.lines.append(line)
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        assert "Traceback" not in err, err
        return code, self.lines, err


def step_lines(plan: Plan, exercise: int, no_keyboard: bool = False) -> list[str]:
    """The line of every step of one exercise, then its done line."""
    lines = []
    for step in plan.steps:
        if step.exercise_index != exercise:
            continue
        line = describe_step(step)
        if no_keyboard and step.duration_s is None:
            line += f" (no keyboard: moving on after about {step.estimate_s:g} seconds)"
        first_of_last_set = step.set == step.sets > 1 and step.rep in (None, 1)
        if step.phase in (Phase.WORK, Phase.HOLD) and first_of_last_set:
            line = "Last set. " + line
        lines.append(line)
        if step.phase == Phase.GET_READY and step.exercise.description:  # the how-to, once
            lines.extend(f"  {text}" for text in step.exercise.description.splitlines())
        tempo = step.exercise.tempo_s if step.phase is Phase.WORK and step.rep else None
        for seconds, word in zip(tempo or (), ("Down", "Pause", "Up"), strict=False):
            if seconds:
                lines.append(f"{word} ({seconds} second{'s' if seconds != 1 else ''})")
    return [*lines, f"Done: {plan.routine.exercises[exercise].name}"]


def without_later_parts(lines: list[str]) -> list[str]:
    """The lines without the tempo parts after the first of a rep (those a late wake-up may
    pass over; "Down" comes with its rep's line)."""
    return [line for line in lines if not line.startswith(("Pause (", "Up ("))]


def header(
    plan: Plan, speed: float, resumed: str | None = None, whose: str = "Your therapist's"
) -> list[str]:
    """The lines before the first step of a run at ``speed`` (a practice pace: these tests run
    fast), resumed at ``resumed`` ("exercise 3 of 4, Cc"); ``whose`` advice ("The routine's":
    coach's own library)."""
    routine = plan.routine
    advice = [f"{whose} advice: {routine.advice}"] if routine.advice else []
    assert plan.estimate_s / speed < 30  # the real time: under 1 min
    where = [f"Resuming where you stopped: {resumed}."] if resumed else []
    left = " left" if resumed else ""
    pace = f"A practice run at {speed:g}× speed, not counted in your streak: under 1 min{left} at"
    return [routine.title, *advice, plan_summary(plan), *where, f"{pace} this pace."]


def sessions(tmp_path: Path) -> list[Any]:
    return open_repo(tmp_path / "data").sessions()


def spent(record: Any) -> str:
    """The summary's time: real seconds (the routine's over the speed)."""
    return session_time(sum(e.seconds for e in record.exercises) / record.speed)


# ---------------------------------------------------------------------------- no keyboard


def test_neck_desk_runs_to_the_end_with_one_line_per_step(tmp_path: Path) -> None:
    proc = run_closed(tmp_path, "neck-desk", "--plain", "--speed", "100")
    assert proc.returncode == 0, proc.stderr
    plan = plan_of(NECK_DESK)
    lines = proc.stdout.splitlines()
    body = lines[4:-1]
    phase_lines = [line for line in body if not line.startswith(("Done: ", "  "))]
    tempo_lines = [line for line in phase_lines if line.split(" (")[0] in ("Down", "Up")]
    assert len(phase_lines) - len(tempo_lines) == len(plan.steps)
    howto = [line for line in body if line.startswith("  ")]  # each description, at get ready
    assert len(howto) == sum(len(str(e.description).splitlines()) for e in plan.routine.exercises)
    assert phase_lines[1] == "Shoulder rolls, set 1 of 1, rep 1 of 10: 2 down, 2 up"
    assert phase_lines[2] == "Down (2 seconds)"
    assert "Release 3 seconds" in body
    assert "Chin tucks, set 1 of 1, rep 3 of 10: hold 5 seconds" in body
    assert "Switch sides: 5 seconds, then right side" in body
    # coach's own library: its advice is not "your therapist's"
    assert lines[1].startswith("The routine's advice: Mild discomfort")
    expected = header(plan, 100, whose="The routine's")
    for i in range(len(plan.routine.exercises)):
        expected += step_lines(plan, i)
    [record] = sessions(tmp_path)
    expected.append(f"Session complete: 4 of 4 exercises, {spent(record)}. Saved{PRACTICE}.")
    # At 100x a rep's "Up" part lasts 20 ms: on a loaded machine the loop may wake after the
    # rep ended, and a part already over is not announced late (its rep's line still comes).
    assert without_later_parts(lines) == without_later_parts(expected)
    ups = [line for line in lines if line.startswith("Up (")]
    assert ups and set(ups) <= {line for line in expected if line.startswith("Up (")}
    assert record.status == "complete"
    assert record.routine_id == "neck-desk"
    assert record.speed == 100
    assert [e.status for e in record.exercises] == ["done"] * 4
    assert open_repo(tmp_path / "data").routine_version(record.routine_hash) == (
        NECK_DESK.read_text(encoding="utf-8")
    )


def test_rep_counted_sets_move_on_by_themselves_and_markup_is_printed_as_written(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path, KEYS_ROUTINE)
    proc = run_closed(tmp_path, str(path), "--plain", "--speed", "50")
    assert proc.returncode == 0, proc.stderr
    plan = plan_of(path)
    lines = proc.stdout.splitlines()
    assert lines[0] == "Keys [bold]test[/]"
    assert lines[1] == "Your therapist's advice: Stop if it hurts [red]now[/red]."
    assert lines[5] == (
        "Warm [up], set 1 of 1: 4 reps; press Enter when done "
        "(no keyboard: moving on after about 12 seconds)"
    )
    expected = header(plan, 50)
    for i in range(4):
        expected += step_lines(plan, i, no_keyboard=True)
    [record] = sessions(tmp_path)
    expected.append(f"Session complete: 4 of 4 exercises, {spent(record)}. Saved{PRACTICE}.")
    assert lines == expected
    assert "\a" not in proc.stdout  # not a terminal: no bell
    assert record.status == "complete"
    assert [(e.status, e.reps_done) for e in record.exercises] == [
        ("done", 4), ("done", 2), ("done", 3), ("done", 0),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- keys


def test_n_skips_an_exercise_and_enter_ends_a_set(tmp_path: Path) -> None:
    path = write_routine(tmp_path, KEYS_ROUTINE)
    plan = plan_of(path)
    # speed 20: Bridge's get ready lasts 0.5 s, time enough for "n" after the save on Enter
    live = Live(tmp_path, str(path), "--plain", "--speed", "20")
    live.wait_for(describe_step(plan.steps[1]))  # Warm [up]: press Enter when done
    live.send("\nn")  # end the set, then skip Bridge as it begins
    live.wait_for(describe_step(plan.steps[plan.exercise_start(2) + 1]))  # Clam's set
    live.send("\n")
    live.wait_for(lambda line: line.startswith("Session "))
    code, lines, _ = live.finish()
    assert code == 0
    [record] = sessions(tmp_path)
    # Under load the n can land after Bridge's 0.2 s get-ready (at speed 50): the skip then comes
    # during its first hold. Either way Bridge is skipped; which phase it was in is timing.
    ready, skipped = lines.index("Get ready: Bridge (10 seconds)"), lines.index("Skipped: Bridge")
    assert all(line.startswith("Bridge, ") for line in lines[ready + 1 : skipped]), lines
    lines = lines[: ready + 1] + lines[skipped:]
    expected = header(plan, 20) + step_lines(plan, 0)
    expected += ["Get ready: Bridge (10 seconds)", "Skipped: Bridge"]
    expected += step_lines(plan, 2) + step_lines(plan, 3)
    expected.append(
        f"Session finished: 3 of 4 exercises done, {spent(record)}. Saved as partial{PRACTICE}."
    )
    assert lines == expected
    assert record.status == "partial"
    assert [e.status for e in record.exercises] == ["done", "skipped", "done", "done"]


def test_q_ends_the_session_and_saves_it_as_partial(tmp_path: Path) -> None:
    path = write_routine(tmp_path, KEYS_ROUTINE)
    plan = plan_of(path)
    live = Live(tmp_path, str(path), "--plain", "--speed", "50")
    live.wait_for(describe_step(plan.steps[1]))
    live.send("\n")
    live.wait_for(describe_step(plan.steps[plan.exercise_start(2) + 1]))
    live.send("\nqs")  # Clam done, stop as Stretch's get ready begins
    summary = live.wait_for(lambda line: line.startswith("Session "))
    code, lines, _ = live.finish()
    assert code == 0
    [record] = sessions(tmp_path)
    assert summary == (
        f"Session stopped: 3 of 4 exercises done, {spent(record)}. Saved as partial{PRACTICE}."
    )
    done = lines.index("Done: Clam")
    assert lines[done + 1] == "Get ready: Stretch (10 seconds)"
    assert lines[-2:] == [LEAVE_QUESTION, summary]
    # on a loaded machine the stop may land in Stretch's hold: then it is partly done
    assert lines[done + 2 : -2] in (
        [],
        ["Stretch, set 1 of 1: hold 20 seconds"],
        ["Stretch, set 1 of 1: hold 20 seconds", "Partly done: Stretch"],
    )
    assert record.status == "partial"
    assert record.ended_at is not None
    statuses = [e.status for e in record.exercises]
    assert statuses[:3] == ["done", "done", "done"] and statuses[3] in ("not_reached", "partial")


def test_space_pauses_and_resumes_and_b_goes_back_one_set(tmp_path: Path) -> None:
    path = write_routine(tmp_path, KEYS_ROUTINE)
    plan = plan_of(path)
    live = Live(tmp_path, str(path), "--plain", "--speed", "50")
    set_line = describe_step(plan.steps[1])
    live.wait_for(set_line)
    live.send(" ")
    live.wait_for("Paused — press space to continue")
    live.send(" ")
    live.wait_for("Resumed")
    live.send("b")  # its first set: back to its get ready
    live.wait_for("Get ready: Warm [up] (10 seconds)")
    live.wait_for(set_line)
    live.send("\n")
    live.wait_for(describe_step(plan.steps[plan.exercise_start(2) + 1]))
    live.send("\n")
    live.wait_for(lambda line: line.startswith("Session "))
    code, lines, _ = live.finish()
    assert code == 0
    start = header(plan, 50)
    assert lines[: len(start) + 6] == [
        *start,
        "Get ready: Warm [up] (10 seconds)",
        set_line,
        "Paused — press space to continue",
        "Resumed",
        "Get ready: Warm [up] (10 seconds)",
        set_line,
    ]
    [record] = sessions(tmp_path)
    assert record.status == "complete"


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("speed", ["0", "101", "-2", "abc", "nan"])
def test_a_speed_out_of_range_is_a_usage_error(tmp_path: Path, speed: str) -> None:
    proc = run_closed(tmp_path, "neck-desk", "--plain", f"--speed={speed}")
    assert proc.returncode == 2
    assert "must be a number greater than 0 and at most 100" in proc.stderr
    assert not (tmp_path / "data").exists()


def test_a_bad_routine_file_prints_its_problems(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(KEYS_ROUTINE))
    doc["exercises"][1]["hold_sec"] = doc["exercises"][1].pop("hold_s")
    path = write_routine(tmp_path, doc)
    proc = run_closed(tmp_path, str(path), "--plain")
    assert proc.returncode == 1
    assert "did you mean 'hold_s'?" in proc.stderr
    assert str(path) in proc.stderr
    assert proc.stdout == ""


def test_an_unknown_routine_id_is_refused(tmp_path: Path) -> None:
    proc = run_closed(tmp_path, "no-such-routine", "--plain")
    assert proc.returncode == 1
    assert "no routine with id 'no-such-routine'" in proc.stderr


# ---------------------------------------------------------------------------- interrupted


def save_interrupted(tmp_path: Path, path: Path, at_exercise: int) -> SessionRecord:
    """Log an unfinished session of the routine file, stopped at ``at_exercise``."""
    loaded = load_file(path)
    plan = expand(loaded.routine)
    record = SessionRecord(
        routine_id=loaded.routine.id,
        routine_title=loaded.routine.title,
        routine_hash=loaded.sha256,
        started_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
        exercises=[
            ExerciseLog(index=i, name=ex.name, status="done" if i < at_exercise else "not_reached",
                        seconds=20.0 if i < at_exercise else 0.0)
            for i, ex in enumerate(loaded.routine.exercises)
        ],  # fmt: skip
        resume_step=plan.exercise_start(at_exercise),
        speed=20.0,
    )
    open_repo(tmp_path / "data").save_session(record)
    return record


def test_a_killed_session_resumes_from_the_exercise_it_was_in(tmp_path: Path) -> None:
    path = write_routine(tmp_path, CRASH_ROUTINE)
    plan = plan_of(path)
    live = Live(tmp_path, str(path), "--plain", "--speed", "20")
    live.wait_for("Done: Bb")
    live.proc.send_signal(signal.SIGKILL)
    live.proc.wait(timeout=WAIT_S)
    [crashed] = sessions(tmp_path)
    assert crashed.status == "in_progress"
    assert crashed.resume_step == plan.exercise_start(2)
    assert [e.status for e in crashed.exercises] == ["done", "done", "not_reached", "not_reached"]

    proc = run_closed(tmp_path, str(path), "--plain", "--speed", "20", "--resume")
    assert proc.returncode == 0, proc.stderr
    [record] = sessions(tmp_path)
    expected = header(plan, 20, resumed="exercise 3 of 4, Cc")
    expected += step_lines(plan, 2) + step_lines(plan, 3)
    expected.append(f"Session complete: 4 of 4 exercises, {spent(record)}. Saved{PRACTICE}.")
    assert proc.stdout.splitlines() == expected
    assert record.id == crashed.id
    assert record.started_at == crashed.started_at
    assert record.status == "complete"
    assert [e.status for e in record.exercises] == ["done"] * 4


def test_without_a_terminal_an_unfinished_session_is_kept_and_a_new_one_starts(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path, CRASH_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=2)
    proc = run_closed(tmp_path, str(path), "--plain", "--speed", "100")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"Your unfinished session of 'Crash test' from {when_text(old.started_at)} (stopped at "
        "exercise 3 of 4, Cc) was kept as partial; starting a new session. Use --resume to "
        "continue it instead."
    )
    kept, new = sessions(tmp_path)
    assert kept.id == old.id
    assert kept.status == "partial"
    assert kept.ended_at == last_save_time(old)
    assert new.status == "complete"
    assert [e.status for e in new.exercises] == ["done"] * 4


def test_no_resume_keeps_it_without_asking(tmp_path: Path) -> None:
    path = write_routine(tmp_path, CRASH_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=1)
    proc = run_closed(tmp_path, str(path), "--plain", "--speed", "100", "--no-resume")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"Your unfinished session of 'Crash test' from {when_text(old.started_at)} was kept "
        "as partial."
    )
    assert [s.status for s in sessions(tmp_path)] == ["partial", "complete"]


def test_a_session_of_an_older_version_of_the_routine_is_not_resumed(tmp_path: Path) -> None:
    path = write_routine(tmp_path, CRASH_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=2)
    write_routine(tmp_path, {**CRASH_ROUTINE, "title": "Crash test, new version"})
    proc = run_closed(tmp_path, str(path), "--plain", "--speed", "100", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        "Your unfinished session of 'Crash test, new version' from "
        f"{when_text(old.started_at)} was kept as partial: the routine has changed since, so "
        "it cannot be resumed. Starting a new session."
    )
    kept, new = sessions(tmp_path)
    assert (kept.id, kept.status) == (old.id, "partial")
    assert new.status == "complete"
    assert [e.status for e in new.exercises] == ["done"] * 4


# ---------------------------------------------------------------------------- a terminal


class Terminal:
    """``coach run`` on a pseudo-terminal that is its controlling terminal (Ctrl-C works)."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.proc = subprocess.Popen(
            argv(tmp_path, *args), stdin=self.slave, stdout=self.slave, stderr=self.slave,
            env=env(tmp_path), cwd=tmp_path, preexec_fn=self._controlling,
        )  # fmt: skip
        self.output = ""

    def _controlling(self) -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        # Start coach as an interactive shell starts a command: Ctrl-C's signal at its default.
        # A test runner started in the background (`nohup ... &`, as the full-suite loop is)
        # ignores SIGINT; a child inherits that, Python then installs no KeyboardInterrupt and
        # Ctrl-C did nothing: that (not the load) made this test hang for 42 s.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while text not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} in {self.output!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.output += os.read(self.master, 4096).decode("utf-8", "replace")

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> int:
        code = self.proc.wait(timeout=WAIT_S)
        self.after = termios.tcgetattr(self.slave)
        os.close(self.master)
        os.close(self.slave)
        return code


def test_on_a_terminal_single_keys_work_bells_ring_and_ctrl_c_saves_partial(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path, TERMINAL_ROUTINE)
    term = Terminal(tmp_path, str(path), "--plain", "--speed", "20")
    try:
        term.wait_for("Get ready: Bb (10 seconds)")
        term.send(b" ")  # one key, no Enter: cbreak mode
        term.wait_for("Paused — press space to continue")
        term.send(b"\x03")
        term.wait_for("Session interrupted:")
    finally:
        code = term.close()
    assert code == 130
    assert term.after == term.before  # the terminal is given back as it was
    assert KEYS_HELP in term.output
    # the countdowns of Aa's get ready and hold ring (from the sound thread, so not
    # necessarily before the next line on a loaded machine)
    assert term.output.count("\a") >= 2
    assert "Traceback" not in term.output
    [record] = sessions(tmp_path)
    assert record.status == "partial"
    assert term.output.rstrip().endswith(
        f"Session interrupted: 1 of 4 exercises done, {spent(record)}. Saved as partial{PRACTICE}."
    )
    statuses = [e.status for e in record.exercises]
    assert statuses[0] == "done" and statuses[2:] == ["not_reached", "not_reached"]
    assert statuses[1] in ("not_reached", "partial")  # paused in Bb's get ready or its hold


def test_quiet_rings_no_bell(tmp_path: Path) -> None:
    path = write_routine(tmp_path, TERMINAL_ROUTINE)
    term = Terminal(tmp_path, str(path), "--plain", "--speed", "20", "--quiet")
    try:
        term.wait_for("Done: Aa")
        term.send(b"qs")
        term.wait_for("Session stopped:")
    finally:
        code = term.close()
    assert code == 0
    assert "\a" not in term.output
    assert term.after == term.before


def test_on_a_terminal_coach_asks_whether_to_resume(tmp_path: Path) -> None:
    path = write_routine(tmp_path, TERMINAL_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=2)
    term = Terminal(tmp_path, str(path), "--plain", "--speed", "20")
    try:
        term.wait_for(
            "Resume where you stopped (exercise 3 of 4, Cc), or keep it as partial and start "
            "again? [r/k]"
        )
        term.send(b"x\r")
        term.wait_for("Please type r to resume or k to keep it and start again.")
        term.send(b"r\r")
        term.wait_for("Resuming where you stopped: exercise 3 of 4, Cc.")
        term.wait_for("Get ready: Cc (10 seconds)")
        term.send(b"q")
        term.wait_for(LEAVE_QUESTION)
        term.send(b"s")
        term.wait_for("Session stopped:")
    finally:
        code = term.close()
    assert code == 0
    assert f"You have an unfinished session of 'Crash test' from {when_text(old.started_at)}." in (
        term.output
    )
    [record] = sessions(tmp_path)
    assert record.id == old.id
    assert record.status == "partial"
    statuses = [e.status for e in record.exercises]
    assert statuses[:2] == ["done", "done"] and statuses[3] == "not_reached"
    assert statuses[2] in ("not_reached", "partial")  # q in Cc's get ready or (loaded) its hold


def test_without_plain_the_session_opens_full_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.tui.app as tui_app
    from coach.cli.main import main

    seen: dict[str, Any] = {}

    class FakeApp:
        return_code = 0

        def __init__(self, **kwargs: Any) -> None:
            seen.update(kwargs)

        def run(self) -> None:
            seen["ran"] = True

    monkeypatch.setattr(tui_app, "CoachApp", FakeApp)
    path = write_routine(tmp_path, CRASH_ROUTINE)
    old = save_interrupted(tmp_path, path, at_exercise=2)
    data = tmp_path / "data"
    code = main(["run", str(path), "--speed", "4", "--quiet", "--resume", "--data-dir", str(data)])
    assert code == 0
    assert seen["ran"] is True
    assert seen["ctx"].data_dir == data  # the one context main() made
    assert seen["start_routine"].routine.id == "crash-test"
    assert seen["speed"] == 4.0
    assert seen["quiet"] is True
    assert seen["resume_from"].id == old.id
    assert seen["resume_from"].resume_step == old.resume_step
