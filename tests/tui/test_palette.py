"""The command palette (Ctrl+P): every command is found by part of a word and does what it says.

Each test opens the palette on the home screen, types a partial word, checks the expected entry
is among the hits, chooses it and checks the screen (or theme, or session) that results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette

from coach.library import load_file
from coach.services.program import put_in_program
from coach.storage.repo import Repository
from coach.tui.adding import RoutineFilePicker
from coach.tui.dialogs.help import HelpDialog
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.log import LogScreen
from coach.tui.screens.reminders import RemindersScreen
from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.settings import SettingsScreen
from coach.tui.themes import THEME_SETTING
from tests.tui.conftest import settle
from tests.tui.test_home_and_routine import mark_red_flags_seen

SIZE = (100, 30)


def hits(app: Any) -> list[str]:
    """The titles the palette shows now."""
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).hit.text) for i in range(options.option_count)]


async def search(pilot: Any, typed: str) -> list[str]:
    """Open the palette and type ``typed``; the titles found."""
    await settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*typed)
    for _ in range(20):  # the palette gathers hits in a worker, with a short debounce
        await pilot.pause(0.05)
        found = hits(pilot.app)
        if found:
            break
    await settle(pilot)
    return hits(pilot.app)


async def run_command(pilot: Any, typed: str, title: str) -> None:
    """Find ``title`` by typing ``typed`` in the palette, and choose it."""
    found = await search(pilot, typed)
    assert title in found, found
    options = pilot.app.screen.query_one(CommandList)
    options.highlighted = found.index(title)
    await pilot.press("enter")
    await settle(pilot)


@pytest.fixture
def seen(data_dir: Path) -> Path:
    mark_red_flags_seen(data_dir)
    return data_dir


@pytest.mark.parametrize(
    ("typed", "title", "screen"),
    [
        ("check", "Check in", CheckInScreen),
        ("pain", "Check in", CheckInScreen),
        ("prog", "Progress", HistoryScreen),
        ("streak", "Progress", HistoryScreen),
        ("log", "Log", LogScreen),
        ("remind", "Reminders", RemindersScreen),
        ("sett", "Settings", SettingsScreen),
        ("add", "Add a routine file", RoutineFilePicker),
        ("therapist", "Add a routine file", RoutineFilePicker),
        ("voice", "Settings", SettingsScreen),
        ("prof", "Profile", SettingsScreen),
        ("clinic", "Profile", SettingsScreen),
        ("keys", "Help: keys", HelpDialog),
        ("red", "When to stop (red flags)", RedFlagsDialog),
        ("doctor", "When to stop (red flags)", RedFlagsDialog),
    ],
)
async def test_each_command_opens_its_screen(
    make_app: Any, seen: Path, typed: str, title: str, screen: type
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, typed, title)
        assert isinstance(app.screen, screen)


async def test_profile_opens_at_the_details_with_the_name_focused(
    make_app: Any, seen: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "profile", "Profile")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        name = screen.query_one("#profile-name")
        assert screen.focused is name
        assert screen.region.contains_region(name.region)  # scrolled into view at 80x24
        await pilot.press(*"Ann Lee", "enter")
        await settle(pilot)
    from coach.services.profile import load_profile

    assert load_profile(Repository.open(app.data_dir)).name == "Ann Lee"  # Enter saved it


async def test_help_shows_the_keys_of_the_screen_in_front(make_app: Any, seen: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_settings()
        await settle(pilot)
        await run_command(pilot, "help", "Help: keys")
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == "settings"


async def test_quit(make_app: Any, seen: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "qui", "Quit coach")
    assert app.return_code == 0
    assert not app.is_running


@pytest.mark.parametrize(
    ("typed", "title", "theme"),
    [
        ("light", "Colours: Light", "textual-light"),
        ("contrast", "Colours: High contrast", "coach-high-contrast"),
        ("colours dark", "Colours: Dark", "textual-dark"),
    ],
)
async def test_theme_is_applied_kept_and_restored(
    make_app: Any, seen: Path, typed: str, title: str, theme: str
) -> None:
    app = make_app()
    if theme == "textual-dark":  # start from another theme so the change shows
        Repository.open(seen).set_setting(THEME_SETTING, "textual-light")
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, typed, title)
        assert app.theme == theme
        await settle(pilot)
    assert Repository.open(seen).get_setting(THEME_SETTING) == theme
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == theme


async def test_an_unknown_saved_theme_keeps_the_default(make_app: Any, seen: Path) -> None:
    Repository.open(seen).set_setting(THEME_SETTING, "no-such-theme")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"


def put(data_dir: Path, routines_dir: Path, rid: str) -> None:
    put_in_program(Repository.open(data_dir), load_file(routines_dir / f"{rid}.json"))


async def test_start_a_program_routine_by_part_of_its_title(
    make_app: Any, seen: Path, routines_dir: Path
) -> None:
    put(seen, routines_dir, "short-test")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "short", "Start: Short test routine")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.loaded.routine.id == "short-test"
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, SessionScreen]


async def test_fuzzy_over_titles_and_library_routines_open(
    make_app: Any, seen: Path, routines_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        found = await search(pilot, "shrt tst")  # fuzzy: letters in order
        assert "Open: Short test routine" in found
        assert "Start: Short test routine" not in found  # not in the program: open, not start
        await pilot.press("escape")
        await run_command(pilot, "not bold", "Open: [bold red]Not bold[/] title")
        assert isinstance(app.screen, RoutineScreen)
        assert app.screen.loaded.routine.id == "markup-test"


async def test_routine_titles_are_never_markup(make_app: Any, seen: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "bold")
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[bold red]Not bold[/] title" in text for text in shown)


async def test_during_a_session_only_what_cannot_interrupt_it(
    make_app: Any, seen: Path, routines_dir: Path
) -> None:
    app = make_app(start_routine=load_file(routines_dir / "short-test.json"))
    async with app.run_test(size=SIZE) as pilot:
        found = await search(pilot, "o")
        assert "Colours: Light" in found and "When to stop (red flags)" in found
        assert not {"Check in", "Log", "Quit coach"} & set(found)
        assert not any(t.startswith(("Start:", "Open:")) for t in found)
