"""The guided set-up, end to end: first run -> red flags -> set-up with the file picker ->
reminder times -> activities -> voice -> home with "Start your first session"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Button, Input

from coach.services.preferences import VOICE
from coach.services.reminder_settings import TIMES
from coach.storage.repo import Repository
from coach.tui.adding import RoutineFilePicker
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.setup import SETUP_DONE, SetupScreen
from tests.tui.conftest import settle
from tests.tui.test_add_routine import THERAPIST, choose_in_list, downloads, write  # noqa: F401
from tests.tui.test_home_and_routine import mark_red_flags_seen

SIZE = (80, 24)


async def fill(pilot: Any, selector: str, value: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = value
    await pilot.pause()


async def press_button(pilot: Any, button_id: str) -> None:
    button = pilot.app.screen.query_one(f"#{button_id}", Button)
    button.focus()
    await pilot.press("enter")
    await settle(pilot)


async def choose_from_library(pilot: Any, routine_id: str) -> None:
    """On the set-up's library step: highlight ``routine_id`` and take it (Enter)."""
    options = pilot.app.screen.query_one("#library")
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(routine_id)
    await pilot.press("enter")
    await settle(pilot)


async def to_the_set_up(pilot: Any) -> None:
    """Start, and say "I understand" to the red-flags notice that comes first."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, RedFlagsDialog)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SetupScreen)


def step(app: Any) -> str:
    from textual.widgets import ContentSwitcher

    return str(app.screen.query_one(ContentSwitcher).current)


async def test_first_run_set_up_with_the_file_picker(
    make_app: Any,
    data_dir: Path,
    downloads: Path,  # noqa: F811
) -> None:
    write(downloads, "knee-plan.json", THERAPIST)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_the_set_up(pilot)  # the red-flags notice first
        assert step(app) == "step-routine"
        await press_button(pilot, "pick-file")
        assert isinstance(app.screen, RoutineFilePicker)
        await choose_in_list(pilot, "knee-plan.json")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen) and step(app) == "step-reminders"
        assert app.screen.query_one("#times", Input).value == "09:00"  # the usual time
        await fill(pilot, "#times", "08:30, 19:00")
        await pilot.press("enter")
        await settle(pilot)
        assert step(app) == "step-activities"
        for i, name in enumerate(["gardening", "driving", "lifting my grandchild"]):
            await fill(pilot, f"#activity-{i}", name)
        await press_button(pilot, "save-activities")
        assert step(app) == "step-voice"
        await press_button(pilot, "voice-off")
        home = app.screen
        assert isinstance(home, HomeScreen)
        button = home.query_one("#first-session", Button)
        assert "Start your first session" in str(button.label)
        assert home.focused is button
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.loaded.routine.id == "from-therapist"
    repo = Repository.open(data_dir)
    assert [e.routine_id for e in repo.program() if e.active] == ["from-therapist"]
    assert (data_dir / "routines" / "from-therapist.json").exists()
    assert repo.get_setting(TIMES) == {"from-therapist": ["08:30", "19:00"]}
    assert [a.name for a in repo.psfs_activities()] == [
        "gardening",
        "driving",
        "lifting my grandchild",
    ]
    assert repo.get_setting(VOICE) is False
    assert repo.get_setting(SETUP_DONE) is True


async def test_set_up_from_the_library_skipping_the_rest(make_app: Any, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_the_set_up(pilot)
        await press_button(pilot, "pick-library")
        assert step(app) == "step-library"
        await choose_from_library(pilot, "short-test")
        assert step(app) == "step-reminders"
        await fill(pilot, "#times", "25:00")
        await pilot.press("enter")
        await settle(pilot)
        assert step(app) == "step-reminders"  # refused, said why
        assert "Not saved" in str(app.screen.query_one("#feedback").render())
        await press_button(pilot, "skip-times")
        await fill(pilot, "#activity-0", "gardening")  # one is too few
        await press_button(pilot, "save-activities")
        assert step(app) == "step-activities"
        assert "3 to 5" in str(app.screen.query_one("#feedback").render())
        await press_button(pilot, "skip-activities")
        await press_button(pilot, "voice-on")
        assert isinstance(app.screen, HomeScreen)
    repo = Repository.open(data_dir)
    assert [e.routine_id for e in repo.program() if e.active] == ["short-test"]
    assert repo.get_setting(TIMES) is None and repo.psfs_activities() == []


async def test_skipped_once_not_asked_again_but_rerun_from_the_palette(
    make_app: Any, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_the_set_up(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)
        from tests.tui.test_palette import run_command

        await run_command(pilot, "setup", "Set-up again")
        assert isinstance(again.screen, SetupScreen)


async def test_not_offered_when_the_program_has_routines(
    make_app: Any, data_dir: Path, routines_dir: Path
) -> None:
    from coach.library import load_file
    from coach.services.program import put_in_program

    put_in_program(Repository.open(data_dir), load_file(routines_dir / "short-test.json"))
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_library_list_is_walked_with_the_arrow_keys_from_its_first_routine(
    make_app: Any, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_the_set_up(pilot)
        await press_button(pilot, "pick-library")
        options = app.screen.query_one("#library")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert len(ids) >= 2 and options.highlighted == 0  # the first is lit: Enter takes it
        await pilot.press("down", "enter")  # as a client does: one down, Enter
        await settle(pilot)
        assert step(app) == "step-reminders"
        await pilot.press(*"08:15", "enter")
        await settle(pilot)
        assert step(app) == "step-activities"
        await pilot.press(*"gardening", "tab", *"stairs", "tab", *"driving", "enter")
        await settle(pilot)
        values = [app.screen.query_one(f"#activity-{i}", Input).value for i in range(3)]
        assert values == ["gardening", "stairs", "driving"]
    repo = Repository.open(data_dir)
    assert [e.routine_id for e in repo.program() if e.active] == [ids[1]]
    assert repo.get_setting(TIMES) == {ids[1]: ["08:15"]}


async def test_arrow_keys_move_between_the_answers(make_app: Any, data_dir: Path) -> None:
    # Side by side like the dialogs' buttons: → then Enter is "Voice off", as a client expects.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_the_set_up(pilot)
        assert app.focused is not None and app.focused.id == "pick-file"
        await pilot.press("right")
        assert app.focused is not None and app.focused.id == "pick-library"
        await pilot.press("left")
        assert app.focused is not None and app.focused.id == "pick-file"
        await press_button(pilot, "pick-library")
        await choose_from_library(pilot, "short-test")
        await press_button(pilot, "skip-times")
        await press_button(pilot, "skip-activities")
        assert step(app) == "step-voice"
        assert app.focused is not None and app.focused.id == "voice-on"
        await pilot.press("right", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert Repository.open(data_dir).get_setting(VOICE) is False
