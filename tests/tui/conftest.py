"""Shared helpers of the TUI tests: a fake monotonic clock, test routines, an app factory.

Sessions run on :class:`FakeClock`: tests move it and call the session screen's ``tick()``,
never sleep. Each test gets its own data folder and routines folder.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerCancelled

from coach.library import LoadedRoutine, load_file
from coach.tui.app import CoachApp
from tests.fakes import FakeClock  # noqa: F401 (tests import it from here)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


SHORT_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "short-test",
    "title": "Short test routine",
    "summary": "Three small exercises for the tests.",
    "advice": "Go gently. Stop if it hurts.",
    "pain_stop": 4,
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "March on the spot", "kind": "cardio", "region": "hip", "duration_s": 20,
         "cues": ["Lift your knees"]},
        {"name": "Squat [3/4 depth]", "kind": "strength", "region": "knee", "reps": 5,
         "equipment": ["chair"], "cues": ["Sit back [slowly]"]},
        {"name": "Side stretch", "kind": "stretch", "region": "neck", "sets": 2, "hold_s": 10,
         "rest_s": 5, "side": "each", "switch_s": 5, "cues": ["Ear to shoulder"]},
    ],
}
"""Get ready 10 + work 20; get ready 10 + 5 reps (untimed); get ready 10 + L hold 10, rest 5,
hold 10, rest 5, switch 5, R hold 10, rest 5, hold 10."""

MARKUP_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "markup-test",
    "title": "[bold red]Not bold[/] title",
    "advice": "[@click=app.quit]advice[/]",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "[@click=app.quit]x", "kind": "mobility", "region": "[b]neck[/b]",
         "duration_s": 30, "cues": ["[link=https://example.com]cue[/link]"],
         "equipment": ["[red]band[/red]"]},
        {"name": "Squat [3/4 depth]", "kind": "strength", "reps": 3},
    ],
}


def write_routine(folder: Path, doc: dict[str, Any]) -> Path:
    """Write a routine file into ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc['id']}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def routines_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    write_routine(folder, SHORT_ROUTINE)
    write_routine(folder, MARKUP_ROUTINE)
    return folder


@pytest.fixture
def loaded(routines_dir: Path) -> Callable[[str], LoadedRoutine]:
    """``loaded(routine_id)``: a test routine as the library loads it."""
    return lambda routine_id: load_file(routines_dir / f"{routine_id}.json")


@pytest.fixture
def make_app(
    data_dir: Path, routines_dir: Path, clock: FakeClock
) -> Callable[..., CoachApp]:
    """``make_app(**kwargs)``: a CoachApp on the test folders and the fake clock (quiet)."""

    def make(**kwargs: Any) -> CoachApp:
        kwargs.setdefault("quiet", True)
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("reminders", False)  # reminder polling has tests of its own
        return CoachApp(data_dir=data_dir, extra_dirs=[routines_dir], **kwargs)

    return make


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Let workers finish and the screen catch up (no sleeping on the clock)."""
    for _ in range(rounds):
        for _attempt in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                # A newer worker replaced it (e.g. a home reload cancelled by the next): the
                # cancelled one leaves the manager; wait for the others on the next attempt.
                await pilot.pause()
        await pilot.pause()


def screen_text(app: Any) -> str:
    """The text on the terminal, one line per row (read back from an SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    pattern = (
        r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
        r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
    )
    for match in re.finditer(pattern, svg):
        column, row = round(float(match.group(1)) / 12.2), int(match.group(2))
        for offset, ch in enumerate(html.unescape(match.group(3)).replace("\xa0", " ")):
            if row < height and column + offset < width:
                grid[row][column + offset] = ch
    return "\n".join("".join(row).rstrip() for row in grid)
