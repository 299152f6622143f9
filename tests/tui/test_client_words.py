"""What a client reads names body regions in words: ``low back``, never the id ``low-back``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.session import SessionScreen
from tests.tui.conftest import screen_text, settle, write_routine

BACK = {
    "format": 1, "id": "back-test", "title": "Back test",
    "check_in": {"before": True, "after": False, "regions": ["low-back", "upper_back"]},
    "exercises": [
        {"name": "Cat camel", "kind": "mobility", "region": "low-back", "duration_s": 20},
    ],
}  # fmt: skip


def setup_back(data_dir: Path, routines_dir: Path, loaded: Any) -> None:
    from coach.domain.checkin import RED_FLAGS_SETTING

    write_routine(routines_dir, BACK)
    back = loaded("back-test")
    repo = Repository.open(data_dir)
    repo.set_setting(RED_FLAGS_SETTING, True)
    repo.add_to_program(ProgramEntry(routine_id="back-test", path=str(back.path),
                                     sha256=back.sha256, added_at=datetime(2026, 1, 5, tzinfo=UTC)))


def no_ids(text: str) -> None:
    assert "low-back" not in text and "upper_back" not in text, text


async def test_home_and_routine_screen_say_low_back(
    make_app: Any, data_dir: Path, routines_dir: Path, loaded: Any
) -> None:
    setup_back(data_dir, routines_dir, loaded)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        program = home.query_one("#program", DataTable)
        assert [str(c) for c in program.get_row_at(0)][-1] == "low back"
        no_ids(screen_text(app))
        home.open_routine("back-test")
        await settle(pilot)
        assert isinstance(app.screen, RoutineScreen)
        exercises = app.screen.query_one("#routine-exercises", Static).visual.plain
        assert "(mobility · low back)" in exercises
        no_ids(screen_text(app))


async def test_session_pain_question_and_header_say_low_back(
    make_app: Any, data_dir: Path, routines_dir: Path, loaded: Any
) -> None:
    setup_back(data_dir, routines_dir, loaded)
    app = make_app(start_routine=loaded("back-test"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PainRatingDialog)
        rows = [str(s.render()) for s in app.screen.query(".region").results(Static)]
        assert rows == ["low back", "upper back"]
        no_ids(screen_text(app))
        await pilot.press("3", "enter", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        line = app.screen.query_one("#exercise-line", Static).visual.plain
        assert line == "Cat camel  ·  mobility · low back"
        no_ids(screen_text(app))
    records = Repository.open(data_dir).checkins()
    assert [p.region for p in records[0].pain] == ["low-back", "upper_back"]  # kept as written


async def test_it_hurts_and_check_in_screen_say_low_back(
    make_app: Any, data_dir: Path, routines_dir: Path, loaded: Any
) -> None:
    setup_back(data_dir, routines_dir, loaded)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(QuickPainDialog("low-back"))
        await settle(pilot)
        assert "It hurts: how much pain in your low back now?" in screen_text(app)
        app.pop_screen()
        app.push_screen(CheckInScreen())
        await settle(pilot)
        text = screen_text(app)
        assert "low back" in text and "upper back" in text
        no_ids(text)


async def test_summary_after_skipping_to_the_end_does_not_say_ended_early(
    make_app: Any, loaded: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("n", "n", "n")  # skip all three exercises: the end is reached
        await settle(pilot)
        assert screen.final_record is not None
        text = screen.query_one("#summary-text", Static).visual.plain
        assert text.startswith("You reached the end, but not all of it was done")
        assert "ended early" not in text


async def test_p_on_a_routine_screen_is_a_practice_run_as_on_home_never_a_drop(
    make_app: Any, data_dir: Path, routines_dir: Path, loaded: Any
) -> None:
    # p is "practice run" on the start screen; on a routine's screen it took the routine out
    # of the program at once. Now p (or t) asks the practice pace there too; + and - change
    # the program.
    from coach.tui.dialogs.practice import PracticeDialog

    setup_back(data_dir, routines_dir, loaded)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.open_routine("back-test")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RoutineScreen)
        assert [e.routine_id for e in Repository.open(data_dir).program()] == ["back-test"]
        assert "p Practice" in screen_text(app) and "Remove from program (-)" in screen_text(app)
    narrow = make_app()
    async with narrow.run_test(size=(60, 20)) as pilot:  # the whole key line fits
        await settle(pilot)
        narrow.screen.open_routine("back-test")
        await settle(pilot)
        assert screen_text(narrow).splitlines()[-1].startswith(
            " s Start  p Practice  esc Back  ? Help"
        )
