"""Test doubles shared across the suite."""

from __future__ import annotations

import sys
from pathlib import Path


class FakeClock:
    """A monotonic clock that only moves when the test says so (never sleep in a test)."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    @property
    def now(self) -> float:
        """The current reading (same as calling the clock)."""
        return self.t

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.t += seconds


FAKE_COMMAND = """#!{python}
import json, sys
with open({log!r}, "a", encoding="utf-8") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
sys.exit({code})
"""


def fake_command(folder: Path, name: str, code: int = 0) -> Path:
    """An executable ``name`` in ``folder`` that appends its arguments (a JSON list per line) to
    ``folder/name.log`` and exits with ``code``; returns the log's path."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.log"
    script = folder / name
    script.write_text(
        FAKE_COMMAND.format(python=sys.executable, log=str(log), code=code), encoding="utf-8"
    )
    script.chmod(0o755)
    return log
