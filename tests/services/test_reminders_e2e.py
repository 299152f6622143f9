"""``coach remind once`` and ``coach remind run`` for real: subprocesses on a private session
bus, delivering through plyer and notify-send to the jeepney test server (conftest.py).

The reminder time is the current minute in a time zone where it is about midday now, so that
it is due at once, far from midnight and from the quiet hours.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import SessionRecord
from coach.library import load_file
from coach.services import reminder_settings as rs
from coach.services.notify import NO_SERVICE, NOTIFICATIONS
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository

if TYPE_CHECKING:
    from conftest import Bus  # tests/services/conftest.py

ROOT = Path(__file__).resolve().parents[2]
ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "e2e-neck",
    "title": "Neck <b>&</b> [bold]shoulders[/]",
    "exercises": [{"name": "Chin tuck", "kind": "posture", "duration_s": 120}],
}
BODY = "Time for Neck <b>&</b> [bold]shoulders[/] (about 2 min)."


def zone_near_noon() -> str:
    """An ``Etc/GMT`` zone in which it is between 11:00 and 13:00 now."""
    offset = 12 - datetime.now(UTC).hour  # -11 .. 12
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-9 is UTC+9


class Setup:
    """A data folder whose program routine is due now, and how to run coach on it."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.zone = zone_near_noon()
        self.tz = ZoneInfo(self.zone)
        self.data = tmp_path / "data"
        self.routines = tmp_path / "routines"
        self.routines.mkdir()
        path = self.routines / "e2e-neck.json"
        raw = json.dumps(ROUTINE).encode()
        path.write_bytes(raw)
        self.repo = Repository.open(self.data)
        self.repo.add_to_program(ProgramEntry(
            routine_id="e2e-neck", path=str(path), sha256=hashlib.sha256(raw).hexdigest(),
            added_at=datetime.now(UTC) - timedelta(days=3),
        ))  # fmt: skip
        now = datetime.now(self.tz)
        loaded = load_file(path)
        rs.remove_times(self.repo, loaded, None)
        rs.add_times(self.repo, loaded, [now.time().replace(second=0, microsecond=0)])
        self.key = f"e2e-neck/{now.date()}/{now:%H:%M}"
        home = tmp_path / "home"
        home.mkdir()
        self.env = {k: v for k, v in env.items() if not k.startswith("COACH")}
        self.env.update(TZ=self.zone, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))

    def argv(self, *args: str) -> list[str]:
        return [
            sys.executable, "-m", "coach", "remind", *args,
            "--data-dir", str(self.data), "--routines", str(self.routines),
        ]  # fmt: skip

    def coach(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            self.argv(*args), capture_output=True, text=True, env=self.env, cwd=ROOT, timeout=60
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc


@pytest.mark.dbus
def test_once_delivers_the_due_reminder_through_plyer(
    notify_bus: Bus, needs_notify_send: None, tmp_path: Path
) -> None:
    setup = Setup(tmp_path, notify_bus.env)
    proc = setup.coach("once")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1].endswith(f"reminder sent: Time to exercise: {BODY}")
    [record] = notify_bus.read_records()  # notify-send waited for the server's answer
    assert record["app_name"] == "coach"
    assert record["summary"] == "Time to exercise"
    # the test server reads body markup, so & < > arrive escaped; nothing else is touched
    assert record["body"] == BODY.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert set(setup.repo.fired_reminders()) == {setup.key}

    again = setup.coach("once")
    assert again.returncode == 0 and again.stdout == "Nothing is due now.\n"
    assert len(notify_bus.read_records()) == 1


@pytest.mark.dbus
def test_once_sends_nothing_when_the_session_is_done_today(
    notify_bus: Bus, needs_notify_send: None, tmp_path: Path
) -> None:
    setup = Setup(tmp_path, notify_bus.env)
    setup.repo.save_session(SessionRecord(
        routine_id="e2e-neck", routine_title="Neck", routine_hash="x",
        started_at=datetime.now(setup.tz) - timedelta(minutes=20), status="complete",
    ))  # fmt: skip
    proc = setup.coach("once")
    assert proc.returncode == 0 and proc.stdout == "Nothing is due now.\n"
    assert notify_bus.read_records() == []
    assert setup.repo.fired_reminders() == {}


@pytest.mark.dbus
def test_once_without_a_notification_service_warns_and_keeps_it_due(
    private_bus: Bus, tmp_path: Path
) -> None:
    setup = Setup(tmp_path, private_bus.env)
    proc = setup.coach("once", "--quiet")
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert proc.stderr == (
        "coach: "
        + NO_SERVICE.format(name=NOTIFICATIONS)
        + " The reminder stays due: coach shows it when you open it, or on the desktop when "
        "notifications work again.\n"
    )
    assert private_bus.read_records() == []
    assert setup.repo.fired_reminders() == {}


@pytest.mark.dbus
@pytest.mark.parametrize(("interval", "sig"), [("0.2", signal.SIGTERM), ("30", signal.SIGINT)])
def test_run_delivers_and_stops_cleanly_on_a_signal(
    notify_bus: Bus, needs_notify_send: None, tmp_path: Path, interval: str, sig: int
) -> None:
    setup = Setup(tmp_path, notify_bus.env)
    proc = subprocess.Popen(
        setup.argv("run", "--interval", interval), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=setup.env, cwd=ROOT,
    )  # fmt: skip
    try:
        [record] = notify_bus.wait_for_records(1, timeout=20)
        assert (record["app_name"], record["summary"]) == ("coach", "Time to exercise")
        started = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        stopped_after = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    # an Event wait, not the interval's sleep (30 s); the bound is loose because the shared
    # CI machine can take over a second to start handling the signal under load
    assert stopped_after < 10.0
    assert err == "" and "Traceback" not in err
    lines = out.splitlines()
    assert lines[0].startswith(f"Checking for reminders every {interval} s")
    assert lines[1].endswith(f"reminder sent: Time to exercise: {BODY}")
    assert lines[-1] == "Stopped checking for reminders."
    assert len(notify_bus.read_records()) == 1
    assert set(setup.repo.fired_reminders()) == {setup.key}
    assert os.path.isdir(setup.data)
