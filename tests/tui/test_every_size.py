"""Nothing a client needs is cut off at 60x20, 80x24 and 120x40 (issue #13): a Pilot test per
screen that once clipped a button, a label or a value."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, DataTable

from coach.domain.records import SessionRecord
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.dialogs.resume import ResumeDialog
from tests.tui.conftest import settle, write_routine
from tests.tui.test_checkin_screens import Host
from tests.tui.test_home_and_routine import mark_red_flags_seen

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


LONG_TITLE = {
    "format": 1, "id": "long-title", "title": "Rounded shoulders and forward head, gently",
    "exercises": [
        {"name": "Chin tuck", "kind": "mobility", "region": "neck", "reps": 5},
        {"name": "Doorway stretch", "kind": "stretch", "region": "chest", "hold_s": 20},
        {"name": "Foam roller", "kind": "mobility", "region": "thoracic", "duration_s": 30},
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("size", "exercises"), [((60, 20), False), ((80, 24), True), ((120, 40), True)],
    ids=["60x20", "80x24", "120x40"],
)  # fmt: skip
async def test_the_home_lists_show_every_area_whole(
    make_app: Any, routines_dir: Path, data_dir: Path, size: tuple[int, int], exercises: bool
) -> None:
    """Titles give way ("…"), the areas never ("neck, chest, thoracic", not "thoraci"); on a
    narrow terminal the number of exercises goes first. A resize lays the lists out again."""
    write_routine(routines_dir, LONG_TITLE)
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(*size)
        await settle(pilot)
        table = app.screen.query_one("#library", DataTable)
        labels = [str(c.label) for c in table.ordered_columns]
        assert ("Exercises" in labels) is exercises
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no h-scroll
        row = [str(cell) for cell in table.get_row("long-title")]
        assert row[-1] == "neck, chest, thoracic"
        title = row[0]
        full = LONG_TITLE["title"]
        assert title == full if size[0] >= 120 else title.endswith("…") and full.startswith(
            title[:-1]
        )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("reason", [None, "The routine file has changed since."])
async def test_the_resume_buttons_fit(size: tuple[int, int], reason: str | None) -> None:
    """Side by side where they fit, one under the other at 60 columns: never cut."""
    record = SessionRecord(
        routine_id="short-test", routine_title="Short test routine", routine_hash="0" * 64,
        started_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC), resume_step=3,
    )
    app = Host(ResumeDialog(record, stopped_at="Squat", reason=reason))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        box = app.screen.query_one("Vertical").region.shrink((1, 1, 1, 1))
        buttons = list(app.screen.query(Button))
        assert len(buttons) == 3 and all(inside(b, box) for b in buttons)
        rows = {b.region.y for b in buttons}
        assert len(rows) == (3 if size[0] < 80 else 1)
        await pilot.press("k" if reason else "r")
        assert app.result == ("keep" if reason else "resume")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_log_wraps_long_entries_instead_of_cutting_them(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from tests.tui.test_snapshots_today import dated

    app = dated(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#log", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no h-scroll
        assert table.region.height >= size[1] - 6  # 48 entries: the table takes the height
        heights = {row.height for row in table.rows.values()}
        assert (max(heights) > 1) is (size[0] < 120)  # long entries wrap when narrow
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert {row.height for row in table.rows.values()} == {1}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_reminders_table_and_buttons_fit(tmp_path: Path, size: tuple[int, int]) -> None:
    """Long titles and times wrap in the table; at 60 columns the buttons go two to a row."""
    from tests.tui.test_snapshots_today import dated

    app = dated(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#routines", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        cells = [str(c) for c in table.get_row("upper-back")]
        assert cells[0] == "Rounded shoulders and forward head" and cells[-1] == "now"
        buttons = list(screen.query(Button))
        assert len(buttons) == 5 and all(b.region.right <= size[0] for b in buttons)
        rows = {b.region.y for b in buttons if b.id in ("add", "remove", "off", "reset")}
        assert len(rows) == (2 if size[0] < 72 else 1)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_calendar_legend_is_whole(tmp_path: Path, size: tuple[int, int]) -> None:
    """The legend's lines are no wider than the calendar ("· nothing due" was cut at 60 and
    80 columns)."""
    from coach.tui.widgets.heatmap import LEGEND_MIN_WIDTH, Heatmap
    from tests.tui.test_snapshots_today import dated

    app = dated(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        heatmap = app.screen.query_one(Heatmap)
        lines = str(heatmap.render()).splitlines()
        # (a calendar of a few weeks, the client's first ones, is narrower than the legend)
        assert max(map(len, lines[-3:])) <= max(*map(len, lines[:8]), LEGEND_MIN_WIDTH)
        assert lines[-1].endswith("· nothing due")
        assert heatmap.region.right <= size[0] - 1
        assert heatmap.region.width >= max(map(len, lines))  # nothing cut


async def test_settings_open_at_the_top_and_the_profile_rows_show(tmp_path: Path) -> None:
    """The "Colours" title is on the screen at 80x24 (the focused choices scrolled it away),
    and the profile form's labels and empty fields show (the screen's row style hid them)."""
    from coach.tui.screens.settings import SettingsScreen

    app = Host(SettingsScreen(), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        title = screen.query(".section-title").first()
        assert str(title.render()) == "Colours" and screen.region.contains_region(title.region)
        labels = [s for s in screen.query("#profile .field-label")]
        assert [str(s.render()) for s in labels] == ["Name", "Client ID", "Therapist", "Clinic"]
        assert all(s.region.height == 1 and s.styles.padding.top == 0 for s in labels)
        from tests.tui.conftest import screen_text

        screen.query_one("#profile-name").scroll_visible(animate=False)
        await settle(pilot)
        assert "Name        your name" in screen_text(app)  # the empty field says what goes in


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("day", [None, "flare"])
async def test_the_pain_stop_choices_are_whole(size: tuple[int, int], day: Any) -> None:
    """At 60 columns the three choices go one under the other ("Continu" was cut)."""
    from coach.tui.dialogs.pain_stop import PainStopDialog

    advice = "Mild discomfort is fine. Stop if you feel sharp pain, numbness or tingling."
    app = Host(PainStopDialog(advice, 5, 7, day))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        box = app.screen.query_one("Vertical").region.shrink((1, 1, 1, 1))
        buttons = list(app.screen.query(Button))
        assert len(buttons) == (4 if day else 3) and all(inside(b, box) for b in buttons)
        assert len({b.region.y for b in buttons[:3]}) == (3 if size[0] < 76 else 1)
        await pilot.press("c")
        assert app.result == "continue"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_routine_buttons_are_whole(tmp_path: Path, size: tuple[int, int]) -> None:
    """"Back (Esc)" was cut at 60 columns."""
    from tests.tui.test_snapshots_today import dated

    app = dated(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the routine under the cursor
        await settle(pilot)
        buttons = list(app.screen.query("#routine-buttons Button"))
        assert [b.id for b in buttons] == ["start", "program", "back"]
        assert all(b.region.right <= size[0] and b.region.width > 0 for b in buttons)
