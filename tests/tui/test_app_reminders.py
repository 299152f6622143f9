"""A reminder due while the app is open shows as a toast, once, and starts the routine."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.checkin import RED_FLAGS_SETTING
from coach.library import load_file
from coach.services import reminder_settings as rs
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.app import CoachApp
from tests.tui.conftest import settle


def zone_near_noon() -> str:
    """An ``Etc/GMT`` zone in which it is about noon now (far from the default quiet hours)."""
    offset = 12 - datetime.now(UTC).hour
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


@pytest.fixture
def due_now(data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """short-test is in the program with a reminder at this very minute."""
    zone = zone_near_noon()
    monkeypatch.setenv("TZ", zone)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no desktop: toast only
    path = routines_dir / "short-test.json"
    repo = Repository.open(data_dir)
    repo.set_setting(RED_FLAGS_SETTING, True)  # not the first run: no notice on top
    repo.add_to_program(ProgramEntry(
        routine_id="short-test", path=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        added_at=datetime.now(UTC) - timedelta(days=2),
    ))  # fmt: skip
    now = datetime.now(ZoneInfo(zone))
    rs.remove_times(repo, load_file(path), None)
    rs.add_times(repo, load_file(path), [now.time().replace(second=0, microsecond=0)])
    return repo


def toasts(app: CoachApp) -> list[Any]:
    return list(app._notifications)


async def test_due_reminder_toasts_once_and_ctrl_r_starts_it(
    make_app: Callable[..., CoachApp], due_now: Repository
) -> None:
    from coach.tui.screens.session import SessionScreen

    app = make_app(reminders=True)
    app.FIRST_REMINDER_CHECK_S = 3600.0  # the test drives the checks itself
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.check_reminders()
        await settle(pilot)
        [toast] = toasts(app)
        assert "Short test routine" in toast.message
        assert "ctrl+r" in toast.message.lower()
        assert toast.markup is False
        assert any(key.startswith("short-test/") for key in due_now.fired_reminders())
        app.check_reminders()  # claimed: the same reminder never shows twice
        await settle(pilot)
        assert len(toasts(app)) == 1
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.loaded.routine.id == "short-test"


async def test_starting_the_routine_clears_its_toast_and_it_never_comes_back(
    make_app: Callable[..., CoachApp], due_now: Repository
) -> None:
    """The lead's walk-through: the toast covered the countdown, and showed again on home."""
    from coach.tui.screens.home import HomeScreen
    from coach.tui.screens.session import SessionScreen

    app = make_app(reminders=True)
    app.FIRST_REMINDER_CHECK_S = 3600.0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.check_reminders()
        await settle(pilot)
        assert len(toasts(app)) == 1
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert toasts(app) == [] and not app.screen.query("Toast")
        app.check_reminders()  # a poll during the session shows nothing
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        app.check_reminders()  # claimed before the session: not again
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert toasts(app) == [] and not app.screen.query("Toast")


OTHER: dict[str, Any] = {
    "format": 1, "id": "other-test", "title": "Other routine",
    "check_in": {"before": False, "after": False},
    "exercises": [{"name": "Reach", "kind": "mobility", "duration_s": 20}],
}  # fmt: skip


async def test_a_reminder_due_during_a_session_waits_for_its_end(
    data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.app.context import AppContext
    from coach.tui.screens.session import SessionScreen
    from tests.tui.conftest import write_routine

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no desktop: toast only
    zone = ZoneInfo("Europe/London")
    wall = {"now": datetime(2026, 11, 25, 9, 50, tzinfo=zone)}
    repo = Repository.open(data_dir)
    repo.set_setting(RED_FLAGS_SETTING, True)
    short = load_file(routines_dir / "short-test.json")
    other = load_file(write_routine(routines_dir, OTHER))
    for loaded in (short, other):
        repo.add_to_program(ProgramEntry(
            routine_id=loaded.routine.id, path=str(loaded.path), sha256=loaded.sha256,
            added_at=wall["now"] - timedelta(days=2),
        ))  # fmt: skip
        rs.set_times(repo, loaded, [datetime(2026, 11, 25, 10, 0).time()])
    ctx = AppContext(data_dir, [routines_dir], wall=lambda: wall["now"], zone=zone)
    app = CoachApp(ctx=ctx, quiet=True, reminders=True)
    app.FIRST_REMINDER_CHECK_S = 3600.0
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_session(short)
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        wall["now"] = datetime(2026, 11, 25, 10, 1, tzinfo=zone)
        app.check_reminders()
        await settle(pilot)
        assert toasts(app) == [] and repo.fired_reminders() == {}  # held, not lost
        app.pop_screen()  # the session screen closes
        await settle(pilot)
        app.check_reminders()
        await settle(pilot)
        [toast] = toasts(app)
        assert "Other routine" in toast.message
        assert set(repo.fired_reminders()) == {"other-test/2026-11-25/10:00"}


def reminder_toasts(app: CoachApp) -> list[Any]:
    """The reminders among the toasts (not "Added ... to your program")."""
    return [t for t in toasts(app) if t.title in ("Time to exercise", "Morning check-in")]


async def test_times_set_up_after_they_passed_first_remind_at_their_next_time(
    data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lead's walk-through: set-up at 14:55 with 09:00 and 18:00 gave a late 09:00 toast."""
    from textual.widgets import Input

    from coach.app.context import AppContext
    from coach.tui.screens.home import HomeScreen
    from tests.tui.test_setup import (
        choose_from_library,
        fill,
        press_button,
        step,
        to_the_set_up,
    )

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no desktop: toast only
    zone = ZoneInfo("Europe/London")
    wall = {"now": datetime(2026, 11, 25, 14, 55, tzinfo=zone)}
    ctx = AppContext(data_dir, [routines_dir], wall=lambda: wall["now"], zone=zone)
    app = CoachApp(ctx=ctx, quiet=True, reminders=True)
    app.FIRST_REMINDER_CHECK_S = 3600.0  # the test drives the checks itself
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_set_up(pilot)
        await press_button(pilot, "pick-library")
        await choose_from_library(pilot, "short-test")
        app.check_reminders()  # between putting it in and the times question
        await settle(pilot)
        assert step(app) == "step-reminders" and reminder_toasts(app) == []
        assert app.screen.query_one("#times", Input).value == "09:00"
        await fill(pilot, "#times", "09:00, 18:00")
        await pilot.press("enter")
        await settle(pilot)
        await press_button(pilot, "skip-activities")
        await press_button(pilot, "voice-off")
        assert isinstance(app.screen, HomeScreen)
        app.check_reminders()
        await settle(pilot)
        assert reminder_toasts(app) == []  # 09:00 waits for tomorrow
        wall["now"] = datetime(2026, 11, 25, 18, 0, tzinfo=zone)
        app.check_reminders()
        await settle(pilot)
        [toast] = reminder_toasts(app)
        assert "Short test routine" in toast.message and "was due" not in toast.message
