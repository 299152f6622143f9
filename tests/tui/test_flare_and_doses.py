"""Flare days and the therapist's dose plan in the TUI (Pilot, fake clock): the home screen's
flare key, the pain stop's flare/rest choice, and accepting a dose on the routine screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from coach.localtime import local_now
from coach.storage.repo import Repository
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.dialogs.pain_stop import PainStopDialog
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.dose_plan import DosePlan
from tests.cli.test_dose_commands import history
from tests.tui.conftest import settle, write_routine
from tests.tui.test_home_and_routine import mark_red_flags_seen, open_home, open_routine
from tests.tui.test_session_screen import SIZE, tick

FLARING: dict[str, Any] = {
    "format": 1, "id": "test-neck", "title": "Flaring neck", "pain_stop": 4,
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "Neck hold", "kind": "posture", "region": "neck", "hold_s": 30,
         "progression": {"step": {"hold_s": 5}, "max": {"hold_s": 45}, "after_sessions": 3,
                         "if_pain_at_most": 3}},
        {"name": "Rolls", "kind": "mobility", "region": "neck", "reps": 2, "tempo": "1-0-1"},
    ],
    "flare": {"advice": "Gently today.",
              "exercises": [{"name": "Easy breathing", "kind": "breathing", "duration_s": 20}]},
}  # fmt: skip


@pytest.fixture
def flaring(routines_dir: Path, data_dir: Path) -> Path:
    mark_red_flags_seen(data_dir)
    return write_routine(routines_dir, FLARING)


async def cursor_on(pilot: Any, routine_id: str, table_id: str = "#library") -> None:
    """The home screen's cursor on a routine of the library (or of ``#program``)."""
    home = await open_home(pilot)
    table = home.query_one(table_id, DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(routine_id))
    await pilot.pause()


async def test_home_f_starts_the_gentle_version(make_app: Any, flaring: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await cursor_on(pilot, "test-neck")
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.flare
        assert [e.name for e in screen.loaded.routine.exercises] == ["Easy breathing"]
        assert screen.recorder is not None and screen.recorder.record.flare


async def test_home_f_without_a_flare_version_offers_rest(
    make_app: Any, flaring: Path, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await cursor_on(pilot, "short-test")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot)
    assert Repository.open(data_dir).excused_days() == {local_now().date(): "flare"}


async def test_pain_stop_offers_the_flare_version(
    make_app: Any, loaded: Any, flaring: Path, clock: Any, data_dir: Path
) -> None:
    app = make_app(start_routine=loaded("test-neck"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and not screen.flare
        await tick(pilot, screen, clock, 12)
        await pilot.press("h", "7", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PainStopDialog)
        assert app.screen.query_one("#flare").label.plain == "Flare day: do the gentle version (F)"
        await pilot.press("f")
        await settle(pilot)
        gentle = app.screen
        assert isinstance(gentle, SessionScreen) and gentle is not screen and gentle.flare
        await tick(pilot, gentle, clock, 12)
        await pilot.press("h", "7", "enter")  # in the gentle version: rest is what is left
        await settle(pilot)
        assert isinstance(app.screen, PainStopDialog)
        assert not app.screen.query("#flare") and app.screen.query("#rest")
        await pilot.press("r")
        await settle(pilot)
    first, second = Repository.open(data_dir).sessions()
    assert (first.status, first.flare) == ("partial", False)
    assert (second.status, second.flare) == ("partial", True)
    assert Repository.open(data_dir).excused_days() == {local_now().date(): "flare"}


async def test_routine_screen_offers_the_next_dose_and_the_session_runs_it(
    make_app: Any, flaring: Path, data_dir: Path
) -> None:
    from coach.services.export import parse_json

    export = parse_json(__import__("json").dumps(history()), "history.json")
    Repository.open(data_dir).import_records(export.sessions, export.checkins)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "test-neck")
        await settle(pilot)
        plan = screen.query_one(DosePlan)
        assert "Your therapist's plan: ready to hold 35 s instead of 30 s." in plan.visual.plain
        await pilot.press("a")
        await settle(pilot)
        assert "1. Neck hold: now hold 35 s" in plan.visual.plain
        assert "ready to hold" not in plan.visual.plain
        await pilot.press("s")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert session.loaded.routine.exercises[0].hold_s == 35
    [change] = Repository.open(data_dir).dose_changes()
    assert change.kind == "progressed" and change.dose == {"hold_s": 35.0}
    assert local_now() - change.at < timedelta(minutes=5)


def test_the_calendar_marks_flare_version_days() -> None:
    from datetime import date

    from coach.tui.widgets.heatmap import FLARE_SYMBOL, heatmap_content

    week = [(date(2026, 11, 30) + timedelta(days=i), "complete") for i in range(7)]
    plain = heatmap_content([week], flare_days={date(2026, 12, 2)}).plain  # type: ignore[list-item]
    assert plain.count(FLARE_SYMBOL) == 2  # Wednesday, and the legend
    assert "flare version" in plain
    assert FLARE_SYMBOL not in heatmap_content([week]).plain  # type: ignore[list-item]


async def test_home_says_how_to_get_the_gentle_version(
    make_app: Any, loaded: Any, flaring: Path, data_dir: Path
) -> None:
    from textual.widgets import Static

    from coach.services.program import put_in_program
    from coach.tui.screens.home import FLARE_HINT

    put_in_program(Repository.open(data_dir), loaded("test-neck"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await open_home(pilot)
        assert home.query_one("#program-hint", Static).visual.plain == FLARE_HINT


async def test_routine_screen_shows_the_flare_version_and_f_runs_it(
    make_app: Any, flaring: Path
) -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "test-neck")
        text = screen.query_one("#routine-flare", Static).visual.plain
        assert text.splitlines() == ["Gently today.", " 1. Easy breathing  20 s"]
        await pilot.press("f")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen) and session.flare
