"""The reminder settings screen, driven through Pilot on a real data folder."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import threading
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static

from coach.app.context import AppContext
from coach.services import reminder_settings as rs
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.base import CoachAppBase
from coach.tui.screens.reminders import EMPTY_PROGRAM, RemindersScreen
from tests.tui.conftest import settle

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no pytest async plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class Host(CoachAppBase):
    """A tiny coach app holding the screen (its context is what screens read)."""

    CSS_PATH = str(ROOT / "coach" / "tui" / "app.tcss")

    def __init__(self, data_dir: Path, extra_dirs: list[Path]) -> None:
        super().__init__(AppContext(data_dir, extra_dirs))

    def on_mount(self) -> None:
        self.push_screen(RemindersScreen(now=lambda: NOW))


@pytest.fixture
def program(data_dir: Path, routines_dir: Path) -> Repository:
    """Both test routines in the program (the markup one has a markup-looking title)."""
    repo = Repository.open(data_dir)
    for rid in ("short-test", "markup-test"):
        raw = (routines_dir / f"{rid}.json").read_bytes()
        repo.add_to_program(ProgramEntry(
            routine_id=rid, path=str(routines_dir / f"{rid}.json"),
            sha256=hashlib.sha256(raw).hexdigest(),
            added_at=datetime(2026, 11, 1, 10, len(rid), tzinfo=UTC),
        ))  # fmt: skip
    return repo


def rows(app: App[None]) -> list[list[str]]:
    table = app.screen.query_one("#routines", DataTable)
    return [
        [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


def feedback(app: App[None]) -> str:
    return str(app.screen.query_one("#feedback", Static).render())


async def type_into(pilot: Any, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


@run_async
async def test_lists_program_routines_with_times_days_and_next(
    program: Repository, data_dir: Path, routines_dir: Path
) -> None:
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert rows(app) == [
            ["Short test routine", "09:00 (usual)", "every day", "now"],
            ["[bold red]Not bold[/] title", "09:00 (usual)", "every day", "now"],
        ]
        assert app.screen.query_one("#quiet-start", Input).value == "21:30"
        assert app.screen.query_one("#quiet-end", Input).value == "08:00"


@run_async
async def test_add_and_remove_a_time_saving_in_a_worker_thread(
    program: Repository, data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real_add = rs.add_times

    def add_times(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_add(*args)

    monkeypatch.setattr(rs, "add_times", add_times)
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#time", "07:15")
        await pilot.press("enter")
        await settle(pilot)
        assert threads and threads[0] != threading.main_thread().name
        # the first time set replaces the default 09:00
        assert program.get_setting(rs.TIMES) == {"short-test": ["07:15"]}
        assert rows(app)[0][1] == "07:15"
        assert feedback(app) == (
            "Saved. Short test routine: 07:15. Note: your quiet hours are "
            "21:30-08:00: 07:15 will come at 08:00 instead."
        )
        app.screen.query_one("#routines", DataTable).move_cursor(row=1)
        await type_into(pilot, "#time", "09:00")
        app.screen.query_one("#remove").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert program.get_setting(rs.TIMES) == {
            "short-test": ["07:15"], "markup-test": [],
        }  # fmt: skip
        assert rows(app)[1][1] == "off"
        assert feedback(app) == "Saved. [bold red]Not bold[/] title: off."


@run_async
async def test_a_bad_time_is_refused_and_nothing_saved(
    program: Repository, data_dir: Path, routines_dir: Path
) -> None:
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#time", "25:00")
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == "Not saved: '25:00' is not a time of day like 09:00 or 18:30"
        await type_into(pilot, "#time", "10:00")
        app.screen.query_one("#remove").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == (
            "Not saved: 'short-test' has no reminder at 10:00 (its times: 09:00)"
        )
    assert program.get_setting(rs.TIMES) is None


@run_async
async def test_all_off_then_usual_times(
    program: Repository, data_dir: Path, routines_dir: Path
) -> None:
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#off").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert program.get_setting(rs.TIMES) == {"short-test": []}
        assert rows(app)[0][1:] == ["off", "every day", "-"]
        app.screen.query_one("#reset").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert program.get_setting(rs.TIMES) == {}
        assert rows(app)[0][1] == "09:00 (usual)"


@run_async
async def test_quiet_hours_are_checked_and_saved(
    program: Repository, data_dir: Path, routines_dir: Path
) -> None:
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#quiet-start", "22:00")
        await type_into(pilot, "#quiet-end", "7:00")
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == "Saved. Quiet hours: 22:00-07:00."
        assert rs.load_prefs(program).quiet == rs.QuietHours(time(22), time(7))
        await type_into(pilot, "#quiet-end", "7")
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == "Not saved: '7' is not a time of day like 09:00 or 18:30"
        assert rs.load_prefs(program).quiet == rs.QuietHours(time(22), time(7))


@run_async
async def test_an_empty_program_says_so(data_dir: Path, routines_dir: Path) -> None:
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert rows(app) == []
        assert str(app.screen.query_one("#hint", Static).render()) == EMPTY_PROGRAM
        app.screen.query_one("#add").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == "Not saved: pick a routine in your program first"
