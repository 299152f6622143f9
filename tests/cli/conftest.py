"""Run the real ``coach`` command as a subprocess, with its own data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    """What a coach run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def coach(data_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Call ``coach(*args, input=..., env=...)`` -> Result. Uses ``python -m coach``."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            data: bool = True) -> Result:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
        full_env["HOME"] = str(tmp_path / "home")
        full_env.update(env or {})
        argv = [sys.executable, "-m", "coach", *args]
        if data:
            argv += ["--data-dir", str(data_dir)]
        proc = subprocess.run(
            argv, capture_output=True, text=True, input=input, env=full_env, cwd=tmp_path,
            timeout=60,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


def minimal_routine(**overrides: Any) -> dict[str, Any]:
    """A small valid routine; override top-level keys."""
    doc: dict[str, Any] = {
        "format": 1,
        "id": "test-neck",
        "title": "Test neck routine",
        "advice": "Stop if it hurts.",
        "exercises": [
            {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10, "hold_s": 5},
            {"name": "Upper trapezius stretch", "kind": "stretch", "region": "neck",
             "side": "each", "sets": 3, "hold_s": 30, "rest_s": 10},
        ],
    }
    doc.update(overrides)
    return doc


def write_json(path: Path, doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path
