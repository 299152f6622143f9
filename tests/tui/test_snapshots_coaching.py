"""SVG snapshots of the session screen while it coaches a tempo and held reps: a tempo rep in
its PAUSE part (with its own count) and the RELEASE between two holds, at 80x24 and 120x40.

Regenerate after a deliberate change with
``.venv/bin/python -m pytest tests/tui/test_snapshots_coaching.py --snapshot-update`` and look at
the SVGs in ``tests/tui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.library import load_file
from tests.tui.conftest import FakeClock, write_routine
from tests.tui.test_session_later import TEMPO_ROUTINE
from tests.tui.test_snapshots_session import SIZES, drive

STATES: dict[str, list[float | str]] = {
    "release": [10 + 5 + 1],
    "tempo_pause": [10 + 5 + 3 + 5 + 3 + 5 + 10 + 2 + 1],
}
"""Chin tuck: get ready 10, hold 5, release 3, ...; Bird-dog: get ready 10, 2 down, 3 pause."""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", STATES)
def test_coaching_screen(
    snap_compare: Any,
    make_app: Any,
    routines_dir: Path,
    clock: FakeClock,
    state: str,
    size: str,
) -> None:
    routine = load_file(write_routine(routines_dir, TEMPO_ROUTINE))
    app = make_app(start_routine=routine)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=drive(clock, STATES[state]))
