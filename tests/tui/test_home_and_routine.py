"""The home screen and the routine detail screen (Pilot), and the dosage wording they use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Static

from coach.domain.describe import dosage_words
from coach.domain.routine import Exercise
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.dialogs.help import HelpDialog
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.log import LogScreen
from coach.tui.screens.routine import RoutineScreen
from tests.tui.conftest import settle

SIZE = (80, 24)


def mark_red_flags_seen(data_dir: Path) -> None:
    from coach.domain.checkin import RED_FLAGS_SETTING

    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)


def column(table: DataTable, index: int = 0) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def open_home(pilot: Any) -> HomeScreen:
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    return home


async def open_routine(pilot: Any, routine_id: str) -> RoutineScreen:
    home = await open_home(pilot)
    home.open_routine(routine_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RoutineScreen)
    return screen


async def test_home_lists_the_program_and_the_library_literally(
    make_app: Any, loaded: Any, data_dir: Path
) -> None:
    mark_red_flags_seen(data_dir)
    short = loaded("short-test")
    Repository.open(data_dir).add_to_program(
        ProgramEntry(routine_id="short-test", path=str(short.path), sha256=short.sha256,
                     added_at=datetime(2026, 1, 5, tzinfo=UTC))
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await open_home(pilot)
        program = home.query_one("#program", DataTable)
        library = home.query_one("#library", DataTable)
        assert column(program) == ["Short test routine"]
        assert program.get_row_at(0)[1:3] == ["3", "2 min"]  # the column is "About"
        assert "[bold red]Not bold[/] ti…" in column(library)  # cut to fit 80 columns
        assert home._shown is not None
        assert "[bold red]Not bold[/] title" in [row.title for row in home._shown.rows]
        assert "Short test routine" not in column(library)
        assert home.focused is program


async def test_red_flags_notice_is_shown_once(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RedFlagsDialog)
        await pilot.press("enter")
        await settle(pilot)
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await open_home(pilot)


async def test_routine_detail_shows_advice_estimate_and_exercises(
    make_app: Any, data_dir: Path
) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "short-test")
        text = screen.query_one("#routine-estimate", Static).visual.plain
        assert text.startswith(
            "Takes about 2 min. (For the set where you count your reps, that allows about 3 "
            "seconds a rep.)\nHow often: once a day, every day. Pain limit: 4/10"
        )
        advice = screen.query_one("#routine-advice", Static).visual.plain
        assert advice == "From your therapist: Go gently. Stop if it hurts."
        exercises = screen.query_one("#routine-exercises", Static).visual.plain
        assert exercises.splitlines() == [
            " 1. March on the spot  (cardio · hip)",
            "    20 s",
            " 2. Squat [3/4 depth]  (strength · knee)",
            "    5 reps",
            "    You need: chair",
            " 3. Side stretch  (stretch · neck)",
            "    2 holds of 10 s, each side; rest 5 s between sets and sides",
        ]


async def test_markup_routine_detail_is_literal_and_inert(
    make_app: Any, data_dir: Path
) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "markup-test")
        assert screen.query_one("#routine-title", Static).visual.plain == (
            "[bold red]Not bold[/] title"
        )
        exercises = screen.query_one("#routine-exercises", Static).visual.plain
        assert exercises.startswith(" 1. [@click=app.quit]x  (mobility · [b]neck[/b])")
        for selector in ("#routine-exercises", "#routine-advice"):
            for x in range(1, 8):
                await pilot.click(selector, offset=(x, 0))
        await settle(pilot)
        assert app.is_running and app.screen is screen


async def test_start_and_back_keys(make_app: Any, data_dir: Path) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_routine(pilot, "short-test")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await open_routine(pilot, "short-test")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen"
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", "SessionScreen"]


async def test_plus_adds_to_and_minus_removes_from_the_program(
    make_app: Any, data_dir: Path
) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "short-test")
        button = screen.query_one("#program", Button)
        assert str(button.label) == "Add to program (+)"
        await pilot.press("minus")  # not in the program: nothing to take out
        await settle(pilot)
        assert Repository.open(data_dir).program() == []
        await pilot.press("plus")
        await settle(pilot)
        assert [e.routine_id for e in Repository.open(data_dir).program()] == ["short-test"]
        assert str(button.label) == "Remove from program (-)"
        await pilot.press("escape")
        home = await open_home(pilot)
        assert column(home.query_one("#program", DataTable)) == ["Short test routine"]
        home.open_routine("short-test")
        await settle(pilot)
        await pilot.press("plus")  # already in it: stays
        await settle(pilot)
        assert [e.routine_id for e in Repository.open(data_dir).program()] == ["short-test"]
        await pilot.press("minus")
        await settle(pilot)
        assert Repository.open(data_dir).program() == []
        entry = Repository.open(data_dir).program(include_inactive=True)[0]
        assert entry.routine_id == "short-test" and not entry.active


async def test_home_keys_open_help_check_in_and_log(make_app: Any, data_dir: Path) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_home(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpDialog)
        assert ("c", "check in: record pain, measures, stiffness") in app.screen.shown_lines()
        await pilot.press("exclamation_mark")  # the red-flags notice, from the help
        assert isinstance(app.screen, RedFlagsDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("escape")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"duration_s": 60}, "1 min"),
        ({"duration_s": 45, "sets": 2, "rest_s": 15}, "2 sets of 45 s; rest 15 s between sets"),
        ({"hold_s": 30}, "hold 30 s"),
        ({"hold_s": 2.5, "sets": 3}, "3 holds of 2.5 s"),
        ({"reps": 10, "hold_s": 5}, "10 reps, hold 5 s each"),
        ({"reps": 8, "tempo": "3-0-2", "sets": 3}, "3 sets of 8 reps, 3 s down, 2 s up"),
        ({"reps": 12}, "12 reps"),
        ({"reps": 1}, "1 rep"),
        ({"reps": 10, "side": "alternate"}, "10 reps each side, alternating sides"),
        ({"reps": 10, "sets": 2, "side": "each"}, "2 sets of 10 reps each side"),
        ({"hold_s": 30, "side": "left"}, "hold 30 s, left side only"),
    ],
)
def test_dosage_words(fields: dict[str, Any], words: str) -> None:
    exercise = Exercise.model_validate({"name": "x", "kind": "stretch", **fields})
    assert dosage_words(exercise) == words


async def test_the_cursor_stays_on_its_routine_when_the_home_screen_reloads(
    make_app: Any, data_dir: Path
) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await open_home(pilot)
        library = home.query_one("#library", DataTable)
        await pilot.press("down", "down", "down")
        before = home._cursor_key(library)
        assert before is not None and library.cursor_row == 3
        await pilot.press("question_mark", "escape")  # the home screen reloads when it resumes
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert home._cursor_key(library) == before and library.cursor_row == 3
