"""SVG snapshots of the session screen in every phase, at 80x24 and 120x40, on a fixed clock.

Regenerate after a deliberate change with
``.venv/bin/python -m pytest tests/tui/test_snapshots_session.py --snapshot-update`` and look at
the SVGs in ``tests/tui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.tui.conftest import FakeClock

Step = float | str
"""A number moves the fake clock that many seconds (then ticks); a string is a key press."""

PHASES: dict[str, list[Step]] = {
    "get_ready": [3],
    "work": [10, 5],
    "rep_counted": ["right", 10, 12],
    "hold": ["right", "right", 10, 3],
    "rest": ["right", "right", 10, 10, 2],
    "switch_sides": ["right", "right", 10, 10, 5, 10, 5, 2],
    "paused": ["right", "right", 10, 3, "space", 30],
    "done": [30, 10, "enter", 200],
}
"""How to reach each state from the start of the short test routine."""

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def drive(clock: FakeClock, steps: list[Step]) -> Callable[[Any], Awaitable[None]]:
    """A ``run_before`` that plays the steps on the session screen."""

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        for step in steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                clock.advance(step)
                screen.tick()
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("phase", PHASES)
def test_session_screen(
    snap_compare: Any, make_app: Any, loaded: Any, clock: FakeClock, phase: str, size: str
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=drive(clock, PHASES[phase]))
