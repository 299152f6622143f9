"""Adding the therapist's routine file inside the app: the picker, the checks, the install."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static
from textual_fspicker.parts import DirectoryNavigation

from coach.storage.repo import Repository
from coach.tui.adding import RoutineFilePicker, start_folder
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.dialogs.file_problems import FileProblemsDialog
from coach.tui.screens.home import HomeScreen
from tests.tui.conftest import SHORT_ROUTINE, screen_text, settle
from tests.tui.test_home_and_routine import mark_red_flags_seen

SIZE = (80, 24)

THERAPIST: dict[str, Any] = {
    **SHORT_ROUTINE,
    "id": "from-therapist",
    "title": "Knee plan from Anna",
}


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    folder = home / "Downloads"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return folder


def write(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


async def choose_in_list(pilot: Any, name: str) -> None:
    """Move down the picker's list to ``name`` and press Enter."""
    await settle(pilot)
    listing = pilot.app.screen.query_one(DirectoryNavigation)
    listing.focus()
    names = [getattr(listing.get_option_at_index(i), "location", Path()).name
             for i in range(listing.option_count)]
    assert name in names, names
    listing.highlighted = names.index(name)
    await pilot.press("enter")
    await settle(pilot)


async def type_name(pilot: Any, name: str) -> None:
    """Type a file name into the picker's input and press Enter."""
    await settle(pilot)
    field = pilot.app.screen.query_one(Input)
    field.focus()
    field.value = name
    await pilot.press("enter")
    await settle(pilot)


def told(app: Any) -> str:
    """The notifications shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)


def program(data_dir: Path) -> list[str]:
    return [e.routine_id for e in Repository.open(data_dir).program() if e.active]


def test_the_picker_starts_in_downloads(downloads: Path) -> None:
    assert start_folder() == downloads
    downloads.rmdir()
    assert start_folder() == downloads.parent


async def test_add_a_file_from_the_home_screen(
    make_app: Any, data_dir: Path, downloads: Path
) -> None:
    mark_red_flags_seen(data_dir)
    write(downloads, "knee.json", THERAPIST)
    (downloads / "holiday.jpg").write_bytes(b"\xff\xd8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RoutineFilePicker)
        text = screen_text(app)
        assert "knee.json" in text and "holiday.jpg" not in text  # .json files listed
        await choose_in_list(pilot, "knee.json")
        assert isinstance(app.screen, HomeScreen)
        assert "Added 'Knee plan from Anna' to your program." in told(app)
        assert "Knee plan from Anna" in str(app.screen.query_one("#program").get_row_at(0)[0])
    assert program(data_dir) == ["from-therapist"]
    installed = data_dir / "routines" / "from-therapist.json"
    assert installed.read_bytes() == (downloads / "knee.json").read_bytes()


async def test_a_bad_file_is_explained_in_plain_words(
    make_app: Any, data_dir: Path, downloads: Path
) -> None:
    mark_red_flags_seen(data_dir)
    exercise = {**SHORT_ROUTINE["exercises"][0], "duration_s": -5, "hold_sec": 5}
    bad = {**THERAPIST, "exercises": [exercise]}
    write(downloads, "bad.json", bad)
    write(downloads, "good.json", THERAPIST)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_add_routine()
        await type_name(pilot, "bad.json")
        assert isinstance(app.screen, FileProblemsDialog)
        shown = str(app.screen.query_one("#problem-lines", Static).render())
        assert shown.startswith("- exercise 1, duration s:"), shown
        assert "$." not in shown
        # the place in words once, not "exercise 1: unknown key 'hold_sec' at exercises[0]"
        assert "- exercise 1: unknown key 'hold_sec' (did you mean 'hold_s'?)" in shown, shown
        assert "Send these lines to your therapist" in screen_text(app)
        await pilot.press("p")  # pick another file
        await settle(pilot)
        assert isinstance(app.screen, RoutineFilePicker)
        await type_name(pilot, "good.json")
    assert program(data_dir) == ["from-therapist"]


async def test_not_json_and_clashing_ids_are_refused(
    make_app: Any, data_dir: Path, downloads: Path
) -> None:
    mark_red_flags_seen(data_dir)
    (downloads / "notes.json").write_text("this is not JSON", encoding="utf-8")
    write(downloads, "clash.json", {**THERAPIST, "id": "short-test"})  # a test routine's id
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_add_routine()
        await type_name(pilot, "notes.json")
        assert isinstance(app.screen, FileProblemsDialog)
        assert "the file:" in str(app.screen.query_one("#problem-lines", Static).render())
        await pilot.press("p")
        await type_name(pilot, "clash.json")
        assert isinstance(app.screen, FileProblemsDialog)
        assert "own id" in " ".join(app.screen.lines)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert program(data_dir) == []


async def test_an_update_shows_the_changes_and_asks(
    make_app: Any, data_dir: Path, downloads: Path
) -> None:
    mark_red_flags_seen(data_dir)
    write(downloads, "v1.json", THERAPIST)
    v2 = {**THERAPIST, "exercises": [{**SHORT_ROUTINE["exercises"][0], "duration_s": 40}]}
    write(downloads, "v2.json", v2)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_add_routine()
        await type_name(pilot, "v1.json")
        app.action_add_routine()
        await type_name(pilot, "v2.json")
        assert isinstance(app.screen, ConfirmDialog)
        question = app.screen.question
        assert "You already have 'Knee plan from Anna'. The new file changes:" in question
        assert "Removed exercise: Squat [3/4 depth]" in question
        await pilot.press("n")
        await settle(pilot)
        installed = json.loads((data_dir / "routines" / "from-therapist.json").read_text())
        assert len(installed["exercises"]) == 3
        app.action_add_routine()
        await type_name(pilot, "v2.json")
        await pilot.press("y")
        await settle(pilot)
        replaced = "Replaced 'Knee plan from Anna' with the new version; it is in your program."
        assert replaced in told(app)
    installed = json.loads((data_dir / "routines" / "from-therapist.json").read_text())
    assert installed["exercises"][0]["duration_s"] == 40
    assert program(data_dir) == ["from-therapist"]
