"""``coach run --plain --voice``: the coach's words reach the speech engine (a fake ``espeak``
first on PATH records its arguments), and a missing engine is said once, on standard error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_run_plain import argv, env, write_routine
from tests.fakes import fake_command

ROUTINE = {
    "format": 1, "id": "voice-plain", "title": "Voice plain",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "-w out.wav", "kind": "stretch", "region": "neck", "hold_s": 4, "side": "each",
         "switch_s": 8},
    ],
}  # fmt: skip


def run(tmp_path: Path, path_dirs: list[Path], *args: str) -> subprocess.CompletedProcess[str]:
    e = env(tmp_path)
    e["PATH"] = os.pathsep.join([*map(str, path_dirs), e.get("PATH", "")])
    return subprocess.run(
        argv(tmp_path, *args), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=e, cwd=tmp_path, timeout=120,
    )  # fmt: skip


def test_plain_voice_says_the_cues_through_the_engine(tmp_path: Path) -> None:
    log = fake_command(tmp_path / "bin", "espeak")
    path = write_routine(tmp_path, ROUTINE)
    proc = run(tmp_path, [tmp_path / "bin"], str(path), "--plain", "--voice", "--speed", "2")
    assert proc.returncode == 0, proc.stderr
    said = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert all(len(args) == 1 for args in said)  # one argument each: never an option
    words = [args[0] for args in said]
    # at 2x the 10 s get ready is 5 s: time for the name and the side, not the dose (#9)
    assert words[0].lower() == "w out.wav. left side."
    assert "Switch to the right side" in words
    assert words[-1] == "Done. Well done."  # the last words are said before the command exits
    assert not (tmp_path / "out.wav").exists()


def test_no_speech_engine_is_said_once_on_stderr(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    path = write_routine(tmp_path, ROUTINE)
    e = env(tmp_path)
    python_dir = str(Path(sys.executable).parent)
    e["PATH"] = os.pathsep.join([str(empty), python_dir])
    proc = subprocess.run(
        argv(tmp_path, str(path), "--plain", "--voice", "--speed", "4"),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=e, cwd=tmp_path,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("no speech engine is installed") == 1
    assert "sudo apt install espeak-ng" in proc.stderr
    assert "speech engine" not in proc.stdout


def test_quiet_says_nothing(tmp_path: Path) -> None:
    log = fake_command(tmp_path / "bin", "espeak")
    path = write_routine(tmp_path, ROUTINE)
    proc = run(tmp_path, [tmp_path / "bin"], str(path), "--plain", "--voice", "--quiet",
               "--speed", "4")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert not log.exists()
