"""The settings screen: colours applied at once and kept, the voice switch kept, NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import RadioButton, Static, Switch

from coach.services.preferences import VOICE
from coach.storage.repo import Repository
from coach.tui.screens.settings import NO_COLOR_NOTE, SettingsScreen
from coach.tui.themes import THEME_SETTING
from tests.tui.conftest import screen_text, settle
from tests.tui.test_home_and_routine import mark_red_flags_seen

SIZE = (80, 24)


async def open_settings(pilot: Any) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_picking_colours_applies_and_keeps_them(make_app: Any, data_dir: Path) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert "Dark" in screen_text(app)
        await pilot.press("down", "down", "enter")  # Dark -> Light -> High contrast
        await settle(pilot)
        assert app.theme == "coach-high-contrast"
        assert "High contrast. Kept for next time." in str(
            screen.query_one("#feedback", Static).render()
        )
    assert Repository.open(data_dir).get_setting(THEME_SETTING) == "coach-high-contrast"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        chosen = [b.name for b in screen.query(RadioButton) if b.value]
        assert chosen == ["coach-high-contrast"]


async def test_voice_switch_is_kept(make_app: Any, data_dir: Path) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        switch = screen.query_one("#voice", Switch)
        assert switch.value is True and not switch.disabled
        await pilot.click("#voice")
        await settle(pilot)
    assert Repository.open(data_dir).get_setting(VOICE) is False


async def test_no_color_still_works(
    make_app: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark_red_flags_seen(data_dir)
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert NO_COLOR_NOTE in screen_text(app).replace("\n", " ") or screen.query("#no-color")
        app.action_set_theme("textual-light")
        await settle(pilot)
        svg = app.export_screenshot()
    # Monochrome: only greys are drawn (the screenshot frame's own grey is #c5c8c6).
    colours = {c for c in re.findall(r"fill: (#[0-9a-f]{6})", svg) if c != "#c5c8c6"}
    assert colours and all(len({c[1:3], c[3:5], c[5:7]}) == 1 for c in colours), colours


async def test_profile_details_are_saved_and_bad_ones_refused(
    make_app: Any, data_dir: Path
) -> None:
    from textual.widgets import Input

    from coach.services.profile import load_profile

    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#profile-name", Input).value = "Sam Jones"
        screen.query_one("#profile-client_id", Input).value = "12345"
        screen.query_one("#profile-clinic", Input).value = "Town Physio"
        screen.query_one("#profile-save").press()
        await settle(pilot)
        feedback = str(screen.query_one("#profile-feedback", Static).render())
        assert feedback == "Saved: your report will carry these details."
        saved = load_profile(Repository.open(data_dir))
        assert (saved.name, saved.client_id, saved.therapist, saved.clinic) == (
            "Sam Jones", "12345", None, "Town Physio")
        screen.query_one("#profile-therapist", Input).value = "Alex\u202eLee"  # bidi override
        screen.query_one("#profile-save").press()
        await settle(pilot)
        feedback = str(screen.query_one("#profile-feedback", Static).render())
        assert feedback.startswith("Not saved: profile: Therapist: the text holds the invisible")
        assert load_profile(Repository.open(data_dir)).therapist is None
    again = make_app()
    async with again.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#profile-name", Input).value == "Sam Jones"
