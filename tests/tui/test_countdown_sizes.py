"""The countdown is readable from two metres at every window size: the remaining seconds fill
about 40 % of the height, are the largest thing on the screen, and nothing is clipped.

SVG snapshots at 60x20, 80x24, 120x40 and 200x60 (regenerate after a deliberate change with
``--snapshot-update`` and look at the SVGs before committing them).
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.tui.widgets.big_font import fit_words, number_rows, number_width
from coach.tui.widgets.big_text import BigText
from coach.tui.widgets.session_band import SessionBand
from tests.tui.conftest import FakeClock, settle
from tests.tui.test_snapshots_session import drive

SIZES = {"60x20": (60, 20), "80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
HOLD_LEFT = ["right", "right", 10, 3]
"""From the start of the short test routine to its first hold, left side, 7 s left."""
COUNTING_UP = ["right", 10, 65]
"""A rep-counted set, 1:05 so far (the widest number the screen shows)."""


@pytest.mark.parametrize("size", SIZES)
def test_countdown_snapshot(
    snap_compare: Any, make_app: Any, loaded: Any, clock: FakeClock, size: str
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=drive(clock, HOLD_LEFT))


@pytest.mark.parametrize("steps", [HOLD_LEFT, COUNTING_UP], ids=["hold", "counting-up"])
@pytest.mark.parametrize("size", SIZES)
async def test_the_number_is_the_largest_thing_and_nothing_is_clipped(
    make_app: Any, loaded: Any, clock: FakeClock, size: str, steps: list[Any]
) -> None:
    width, height = SIZES[size]
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(width, height)) as pilot:
        await drive(clock, steps)(pilot)
        await settle(pilot)
        screen = app.screen
        band = screen.query_one(SessionBand)
        glyph_rows = [row for row in band.text_rows("number") if row.strip()]
        # about 40 % of the window's height (whole rows: at least 35 %)
        assert len(glyph_rows) >= 0.35 * height, (len(glyph_rows), height)
        assert len(glyph_rows) <= 0.45 * height + 1
        words = [band.text_rows("word"), band.text_rows("side")]
        words += [w.render().plain.splitlines() for w in screen.query(BigText) if w.display]
        for rows in words:
            assert len([row for row in rows if row.strip()]) < len(glyph_rows), rows
        regions = {f"band {part}": band.part_region(part) for part in ("word", "number", "bar")}
        for selector in ("#exercise-line", "#count-line", "#next-up", "#session-line",
                         "#controls"):  # fmt: skip
            if selector == "#count-line" and height < 24:
                # under 24 rows the small set line gives way to the big SET/REP (same words)
                assert not screen.query_one(selector).display
                continue
            regions[selector] = screen.query_one(selector).region
        for name, region in regions.items():
            assert region.height >= 1, name
            assert region.y >= 0 and region.bottom <= height - 1, name  # above the footer
            assert region.x >= 0 and region.right <= width, name
        number = band.part_region("number")
        assert max(len(row) for row in band.text_rows("number")) <= number.width
        if steps is HOLD_LEFT:
            assert band.side_word == "< LEFT" and band.type_used("side") != "plain"
            assert screen.query_one("#set-rep", BigText).label == "SET 1/2"


def test_numbers_scale_to_any_height() -> None:
    for rows in range(3, 30):
        lines = number_rows("1:30", rows)
        assert len(lines) == rows
        assert len({len(line) for line in lines}) == 1
        assert number_width("1:30", rows) == len(lines[0])
    assert number_width("12", 10) == number_width("47", 10)  # digits share one width
    assert len(number_rows("1:30", 20, max_width=30)[0]) <= 30


def test_words_take_the_biggest_type_that_fits() -> None:
    big = fit_words("HOLD", 200, 30)
    small = fit_words("HOLD", 30, 4)
    assert big.font == "5x7" and big.scale >= 3
    assert len(small.lines) <= 4 and all(len(line) <= 30 for line in small.lines)
    wrapped = fit_words("SWITCH SIDES", 40, 12)
    assert wrapped.font != "plain" and len(wrapped.lines) <= 12
    assert fit_words("SWITCH SIDES", 5, 1) == fit_words("SWITCH SIDES", 5, 1)
    assert fit_words("SWITCH SIDES", 5, 1).font == "plain"
