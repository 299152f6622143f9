"""Check-ins around a session (Pilot, fake clock): "it hurts" within and above the pain limit
(skip, end), and the pain questions before and after the session, all saved with the session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.domain.plan import Phase
from coach.library import load_file
from coach.storage.repo import Repository
from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog
from coach.tui.dialogs.pain_stop import PainStopDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from tests.tui.conftest import SHORT_ROUTINE, settle, write_routine
from tests.tui.test_session_screen import SIZE, sessions, shown, start_session, tick


def checkins(data_dir: Path) -> list[Any]:
    return Repository.open(data_dir).checkins()


async def test_it_hurts_within_the_limit_notes_it_and_carries_on(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 12)
        await pilot.press("h")
        assert isinstance(app.screen, QuickPainDialog) and screen.engine.state.paused
        await pilot.press("3", "enter")
        await settle(pilot)
        assert app.screen is screen and not screen.engine.state.paused
        assert screen.engine.state.exercise_index == 0
    (checkin,) = checkins(app.data_dir)
    assert checkin.context == "during_session" and checkin.routine_id == "short-test"
    assert [(p.region, p.value) for p in checkin.pain] == [("hip", 3)]
    assert checkin.session_id == sessions(app.data_dir)[0].id


async def test_pain_above_the_limit_offers_skip(make_app: Any, loaded: Any, clock: Any) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 12)
        await pilot.press("h", "7", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PainStopDialog)
        assert "Go gently. Stop if it hurts." in shown(dialog, "#advice")
        await pilot.press("s")
        await settle(pilot)
        state = screen.engine.state
        assert app.screen is screen and not state.paused
        assert (state.exercise_index, state.phase) == (1, Phase.GET_READY)
        assert screen.engine.exercise_log()[0].status == "partial"
    (checkin,) = checkins(app.data_dir)
    assert checkin.pain[0].value == 7
    assert checkin.note == (
        "Pain 7/10 during March on the spot, above the limit of 4/10: skipped the exercise."
    )


async def test_pain_above_the_limit_can_end_the_session(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 12)
        await pilot.press("h", "9", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen and screen.final_record is not None
        assert shown(screen, "#summary-text").startswith("Session ended early.")
    (record,) = sessions(app.data_dir)
    assert record.status == "partial"
    assert checkins(app.data_dir)[0].note.endswith("ended the session.")


async def test_check_ins_before_and_after_the_session(
    make_app: Any, routines_dir: Path, clock: Any
) -> None:
    doc = {**SHORT_ROUTINE, "id": "asks", "check_in": {"regions": ["knee", "hip"]}}
    doc["exercises"] = SHORT_ROUTINE["exercises"][:1]
    app = make_app(start_routine=load_file(write_routine(routines_dir, doc)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PainRatingDialog)  # before: the clock has not started
        screen = app.screen_stack[-2]
        assert isinstance(screen, SessionScreen) and not screen.engine.state.started
        await pilot.press("2", "enter", "1", "enter")
        await settle(pilot)
        assert app.screen is screen and screen.engine.state.started
        await tick(pilot, screen, clock, 30)
        assert "Press Enter to say how you feel now." in shown(screen, "#summary-text")
        await pilot.press("enter")
        assert isinstance(app.screen, PainRatingDialog)
        await pilot.press("4", "enter", "s")  # s: skipped, and on (here: done)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    before, after = checkins(app.data_dir)
    (record,) = sessions(app.data_dir)
    assert (before.context, after.context) == ("before_session", "after_session")
    assert [(p.region, p.value) for p in before.pain] == [("knee", 2), ("hip", 1)]
    assert [(p.region, p.value) for p in after.pain] == [("knee", 4), ("hip", None)]
    assert before.session_id == after.session_id == record.id



async def test_the_routines_measures_are_asked_after_the_session(
    make_app: Any, routines_dir: Path, clock: Any
) -> None:
    from textual.widgets import Input, Static

    from coach.tui.dialogs.measures import MeasuresDialog

    doc = {**SHORT_ROUTINE, "id": "measures", "check_in": {
        "before": False, "after": True, "regions": ["neck"],
        "measures": [{"id": "turn-left", "label": "Turn head left", "unit": "deg",
                      "better": "higher", "min": 0, "max": 90},
                     {"id": "reach", "label": "Reach", "unit": "cm", "better": "higher"}]}}
    doc["exercises"] = SHORT_ROUTINE["exercises"][:1]
    app = make_app(start_routine=load_file(write_routine(routines_dir, doc)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await tick(pilot, screen, clock, 30)
        await pilot.press("enter")
        assert isinstance(app.screen, PainRatingDialog)
        await pilot.press("3", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeasuresDialog)
        await pilot.press("1", "2", "0", "enter")  # out of bounds: refused, stays open
        await pilot.press("enter")  # reach skipped: saves -> refused
        await settle(pilot)
        assert app.screen is dialog
        message = str(dialog.query_one("#measure-message", Static).render())
        assert message == "Turn head left (turn-left) must be between 0 and 90 deg; got 120."
        dialog.query_one("#measure-turn-left", Input).value = "62"
        dialog.query_one("#measure-turn-left", Input).focus()
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    (after,) = checkins(app.data_dir)
    assert after.context == "after_session"
    assert [(p.region, p.value) for p in after.pain] == [("neck", 3)]
    assert after.measures == {"turn-left": 62.0}


async def test_measures_can_all_be_skipped(make_app: Any, routines_dir: Path, clock: Any) -> None:
    from coach.tui.dialogs.measures import MeasuresDialog

    doc = {**SHORT_ROUTINE, "id": "measures2", "check_in": {
        "before": False, "after": False,
        "measures": [{"id": "reach", "label": "Reach", "unit": "cm", "better": "higher"}]}}
    doc["exercises"] = SHORT_ROUTINE["exercises"][:1]
    app = make_app(start_routine=load_file(write_routine(routines_dir, doc)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tick(pilot, app.screen, clock, 30)
        await pilot.press("enter")
        assert isinstance(app.screen, MeasuresDialog)  # no pain question: straight to measures
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert checkins(app.data_dir) == []


def test_measures_dialog_snapshot(snap_compare: Any) -> None:
    from coach.domain.routine import Routine
    from coach.tui.dialogs.measures import MeasuresDialog
    from tests.tui.test_checkin_screens import Host

    routine = Routine.model_validate({**SHORT_ROUTINE, "check_in": {"measures": [
        {"id": "turn-left", "label": "Turn head left [deg]", "unit": "deg", "better": "higher",
         "min": 0, "max": 90},
        {"id": "reach", "label": "Sit and reach", "unit": "cm", "better": "higher"}]}})

    async def type_one(pilot: Any) -> None:
        await pilot.press("6", "2")

    assert snap_compare(Host(MeasuresDialog(routine)), terminal_size=(80, 24), run_before=type_one)
