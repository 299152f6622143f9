"""The header's icon is the menu sign (it opens the command palette), never Textual's circle."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import coach.tui
from coach.domain.checkin import RED_FLAGS_SETTING
from coach.storage.repo import Repository
from coach.tui.widgets.header import MENU_ICON, CoachHeader
from tests.tui.conftest import settle

TUI = Path(coach.tui.__file__).resolve().parent


def test_every_screen_uses_coachs_header() -> None:
    plain = []
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Header":
                plain.append(f"{path.relative_to(TUI)}:{node.lineno}")
    assert plain == []


async def test_the_menu_sign_shows_and_opens_the_command_palette(
    make_app: Any, data_dir: Path
) -> None:
    from textual.command import CommandPalette

    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)  # no notice on top
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(CoachHeader)
        icon = header.query_one("HeaderIcon")
        assert str(icon.render()) == MENU_ICON and "⭘" not in str(icon.render())
        assert icon.region.width >= 1 and icon.region.y == 0
        await pilot.click("HeaderIcon")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
