"""Nothing on the session screen is clipped at 60x20, 80x24, 120x40 or 200x60, in any phase:
every part of the live view, every button (with its whole label) and the key line (with "q Quit"
and "? Help") lies inside the window, and no two of them overlap.

(The snapshots at those sizes are in test_countdown_sizes.py, test_snapshots_session.py and
test_snapshots_screens.py; this test measures what they show.)
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Static

from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.session_band import PARTS as BAND_PARTS
from coach.tui.widgets.session_band import SessionBand
from tests.tui.conftest import FakeClock, settle, write_routine
from tests.tui.test_snapshots_session import PHASES, drive

SIZES = {"60x20": (60, 20), "80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
PARTS = ("topline", "exercise-line", "band", "set-rep", "count-line", "hint", "details",
         "next-up", "session-line")  # fmt: skip
"""The rows of the live view, top to bottom (some sit in boxes of their own)."""
TEXT_LINES = ("#exercise-line", "#count-line", "#hint", "#next-up")
"""Lines of text that must show whole (or deliberately end in "…" on one line)."""

LONG_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "long-names",
    "title": "A routine with a rather long title for a small window",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "Clam shell with a resistance band above the knees", "kind": "strength",
         "reps": 12, "sets": 3, "side": "each", "rest_s": 20, "cues": ["Keep the feet together"]},
        {"name": "Bird dog with a slow tempo", "kind": "strength", "reps": 6, "sets": 2,
         "tempo": "2-3-2"},
    ],
}  # fmt: skip
LONG_PHASES: dict[str, list[float | str]] = {
    "long-rep-counted": [10, 5],
    "long-rest": [10, 5, "enter", 5],
    "long-tempo": ["right", 10, 3],
}


def overlaps(a: Region, b: Region) -> bool:
    return a.overlaps(b) and bool(a.intersection(b).area)


def shown(widget: Widget) -> bool:
    return widget.display and widget.region.area > 0


def check_screen(screen: Any, width: int, height: int) -> None:
    window = Region(0, 0, width, height)
    display = screen.query_one("#display")
    controls = screen.query_one("#controls")
    keys = screen.query_one(KeyBar)
    parts = [w for w in (display.query_one(f"#{name}") for name in PARTS) if shown(w)]
    for part in parts:
        box = part.parent.region if isinstance(part.parent, Widget) else display.region
        assert display.region.contains_region(part.region), [(p.id, p.region) for p in parts]
        assert box.contains_region(part.region), (part.id, part.region, box)
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            assert not overlaps(a.region, b.region), (a.id, a.region, b.id, b.region)
    band = screen.query_one(SessionBand)
    inside = [band.part_region(part) for part in BAND_PARTS]
    inside = [r for r in inside if r.area]
    for i, a in enumerate(inside):  # the band's own parts: inside it, apart
        assert band.content_region.contains_region(a), (a, band.content_region)
        for b in inside[i + 1 :]:
            assert not overlaps(a, b), (a, b)
    outer = [w for w in (display, screen.query_one("#summary"), controls, keys) if shown(w)]
    for i, a in enumerate(outer):
        assert window.contains_region(a.region), (a.id, a.region)
        for b in outer[i + 1 :]:
            assert not overlaps(a.region, b.region), (a.id, a.region, b.id, b.region)
    buttons = [b for b in controls.query(Button) if shown(b)]
    assert buttons
    for i, button in enumerate(buttons):
        label = str(button.label)
        assert controls.region.contains_region(button.region), (label, button.region)
        assert button.region.width >= cell_len(label) + 2, (label, button.region)
        for other in buttons[i + 1 :]:
            assert not overlaps(button.region, other.region), (label, str(other.label))
    line = keys.render().plain
    assert cell_len(line.rstrip()) <= width
    assert "q Quit" in line and "? Help" in line, line
    for selector in TEXT_LINES:
        text = screen.query_one(selector, Static)
        if not shown(text):
            continue
        box = text.content_region
        needed = text.get_content_height(box.size, screen.size, box.width)
        layout = " ".join(f"{p.id}:{p.region.y}+{p.region.height}" for p in parts)
        assert box.height >= needed, (selector, needed, layout)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("size", SIZES)
async def test_nothing_is_clipped_in_any_phase(
    make_app: Any, loaded: Any, clock: FakeClock, size: str, phase: str
) -> None:
    width, height = SIZES[size]
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(width, height)) as pilot:
        await drive(clock, PHASES[phase])(pilot)
        await settle(pilot)
        check_screen(app.screen, width, height)


@pytest.mark.parametrize("phase", LONG_PHASES)
@pytest.mark.parametrize("size", ["60x20", "80x24"])
async def test_long_names_and_every_button_fit(
    make_app: Any, clock: FakeClock, tmp_path: Any, size: str, phase: str
) -> None:
    from coach.library import load_file

    width, height = SIZES[size]
    path = write_routine(tmp_path / "extra", LONG_ROUTINE)
    app = make_app(start_routine=load_file(path))
    async with app.run_test(size=(width, height)) as pilot:
        await drive(clock, LONG_PHASES[phase])(pilot)
        await settle(pilot)
        check_screen(app.screen, width, height)
        if phase == "long-rep-counted":  # the widest row of buttons: Set done shows
            labels = [str(b.label) for b in app.screen.query(Button) if shown(b)]
            assert labels == ["Pause", "◀ Back", "Skip ▶", "Set done ✓", "It hurts", "Quit"]


async def test_the_key_line_shows_the_keys_that_work_now(
    make_app: Any, loaded: Any, clock: FakeClock
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(120, 40)) as pilot:
        await drive(clock, PHASES["work"])(pilot)
        line = app.screen.query_one(KeyBar).render().plain
        assert "Set done" not in line and "Continue" not in line
        assert "space Pause" in line and "h It hurts" in line
        await drive(clock, [15, 10, 1])(pilot)  # the squat's get ready, then its set of 5 reps
        line = app.screen.query_one(KeyBar).render().plain
        assert "Set done" in line, line
        await drive(clock, ["enter", 200])(pilot)
        await settle(pilot)
        line = app.screen.query_one(KeyBar).render().plain
        assert "Continue" in line and "Pause" not in line, line
