"""Exercise pictures and how-to text in the TUI: the routine screen and the session's get ready.

The snapshot shows a picture in half-block mode (what terminals without Kitty/Sixel graphics
get, and what tests always get) at 80x24. Regenerate after a deliberate change with
``.venv/bin/python -m pytest tests/tui/test_exercise_pictures.py --snapshot-update`` and look at
the SVG before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.exercise_picture import ExerciseHowTo, ExercisePicture, VideoLink
from tests.tui.conftest import FakeClock, settle, write_routine
from tests.tui.test_home_and_routine import mark_red_flags_seen, open_routine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from draw_routine_pictures import draw  # noqa: E402

SIZE = (80, 24)
TAUGHT: dict[str, Any] = {
    "format": 1,
    "id": "taught-test",
    "title": "Taught routine",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 3, "hold_s": 5,
         "description": "1. Sit tall.\n2. Slide the chin back [gently].\n3. Hold, then relax.",
         "cues": ["Eyes level"],
         "media": {"image": "pics/chin-tuck.png", "video": "https://example.org/chin-tuck",
                   "credit": "Drawing: coach library"}},
        {"name": "Breathing", "kind": "breathing", "duration_s": 30},
    ],
}  # fmt: skip


@pytest.fixture
def taught(routines_dir: Path, data_dir: Path) -> Path:
    (routines_dir / "pics").mkdir(parents=True, exist_ok=True)
    (routines_dir / "pics" / "chin-tuck.png").write_bytes(draw("chin-tuck"))
    mark_red_flags_seen(data_dir)
    return write_routine(routines_dir, TAUGHT)


async def show_howto(pilot: Any) -> RoutineScreen:
    screen = await open_routine(pilot, "taught-test")
    await settle(pilot)
    screen.query_one(ExerciseHowTo).scroll_visible(animate=False, top=True)
    await settle(pilot)
    return screen


def test_routine_screen_shows_the_picture_in_half_blocks(
    snap_compare: Any, make_app: Any, taught: Path
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=show_howto)


async def test_routine_screen_teaches_each_exercise_before_starting(
    make_app: Any, taught: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_howto(pilot)
        [howto] = screen.query(ExerciseHowTo)  # the breathing exercise has nothing to teach
        text = howto.query_one(".howto-text", Static).visual.plain
        assert text.splitlines() == [
            "1. Chin tuck", "1. Sit tall.", "2. Slide the chin back [gently].",
            "3. Hold, then relax.", "Cues: Eyes level", "Picture: Drawing: coach library",
        ]  # fmt: skip
        picture = howto.query_one(ExercisePicture)
        assert picture.path == taught.parent / "pics" / "chin-tuck.png"
        assert not picture.has_class("-empty") and len(picture.children) == 1
        assert picture.children[0].size.height == 8  # scaled to its box
        opened: list[str] = []
        app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
        link = howto.query_one(VideoLink)
        assert "https://example.org/chin-tuck" in link.visual.plain
        await pilot.click(VideoLink)
        assert opened == ["https://example.org/chin-tuck"]


async def test_a_picture_gone_since_loading_is_left_out(make_app: Any, taught: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (taught.parent / "pics" / "chin-tuck.png").write_bytes(b"not a picture any more")
        screen = await show_howto(pilot)
        picture = screen.query_one(ExercisePicture)
        assert picture.has_class("-empty") and not picture.children
        assert app.is_running


async def test_get_ready_shows_the_picture_then_work_hides_it(
    make_app: Any, loaded: Any, taught: Path, clock: FakeClock
) -> None:
    app = make_app(start_routine=loaded("taught-test"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        picture = screen.query_one("#get-ready-picture", ExercisePicture)
        assert picture.path == taught.parent / "pics" / "chin-tuck.png"
        assert not picture.has_class("-empty")
        details = screen.query_one("#cues").visual.plain  # type: ignore[attr-defined]
        assert details.startswith("1. Sit tall.\n2. Slide the chin back [gently].")
        clock.advance(11)  # past the 10 s of get ready: the hold starts
        screen.tick()
        await settle(pilot)
        assert picture.path is None and picture.has_class("-empty")
        assert "Sit tall" not in screen.query_one("#cues").visual.plain  # type: ignore[attr-defined]
