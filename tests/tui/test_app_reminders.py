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
def due_now(
    data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Repository:
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
