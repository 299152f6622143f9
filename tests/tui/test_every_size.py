"""Nothing a client needs is cut off at 60x20, 80x24 and 120x40 (issue #13): a Pilot test per
screen that once clipped a button, a label or a value."""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

from coach.tui.dialogs.red_flags import RedFlagsDialog
from tests.tui.test_checkin_screens import Host

SIZES = [(60, 20), (80, 24), (120, 40)]


def inside(widget: Widget, box: Region) -> bool:
    """Is ``widget`` drawn whole inside ``box`` (its outer region, borders included)?"""
    return box.contains_region(widget.region)


@pytest.mark.parametrize("size", SIZES + [(40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_red_flags_button_is_whole_and_the_text_scrolls_to_its_end(
    size: tuple[int, int],
) -> None:
    app = Host(RedFlagsDialog())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        dialog = app.screen
        box = dialog.query_one("Vertical").region.shrink((1, 1, 1, 1))  # inside the border
        assert inside(dialog.query_one("#ok", Button), box)
        text = dialog.query_one("#scroll")
        assert inside(text, box)
        for _ in range(20):  # ↓ reads the rest when the text does not fit
            await pilot.press("down")
        assert text.scroll_y == text.max_scroll_y
        last = dialog.query_one("#text").region.bottom - text.scroll_y
        assert last <= text.region.bottom  # the last line is on the screen
        await pilot.press("enter")
        assert app.result is None and not isinstance(app.screen, RedFlagsDialog)
