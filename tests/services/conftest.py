"""Fixtures for the end-to-end notification tests: a private session bus and a test server.

``private_bus``: a ``dbus-daemon`` of our own (no service files, so nothing is auto-started),
with no notification service on it. ``notify_bus``: the same with ``notify_server.py`` owning
``org.freedesktop.Notifications``. ``activatable_bus``: a bus that starts the server on first
use (D-Bus activation). Each yields a :class:`Bus` (``env`` with ``DBUS_SESSION_BUS_ADDRESS``,
``records``: the JSON-lines file the server writes). Skipped when ``dbus-daemon`` is missing:
CI installs it with ``apt-get install dbus libnotify-bin``.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SERVER = Path(__file__).with_name("notify_server.py")
STARTUP_S = 10.0
"""Longest we wait for the bus or the server to say it is ready."""


def _dbus_daemon() -> str | None:
    found = shutil.which("dbus-daemon")
    if found is None and os.access("/usr/bin/dbus-daemon", os.X_OK):
        found = "/usr/bin/dbus-daemon"
    return found


def _read_line(proc: subprocess.Popen[str], what: str) -> str:
    """The first line the process prints, waiting at most STARTUP_S."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(STARTUP_S):
            raise AssertionError(f"{what} did not start within {STARTUP_S:g} s")
    line = proc.stdout.readline().strip()
    if not line:
        raise AssertionError(f"{what} exited: {proc.poll()}")
    return line


@dataclass
class Bus:
    """A private session bus; ``env`` is this process's environment pointed at it."""

    address: str
    env: dict[str, str]
    records: Path
    folder: Path
    procs: list[subprocess.Popen[str]] = field(default_factory=list)

    def start_server(self, *args: str) -> subprocess.Popen[str]:
        """Start ``notify_server.py`` (extra ``args`` passed on) and wait for its ``ready``."""
        proc = subprocess.Popen(
            [sys.executable, str(SERVER), str(self.records), "--address", self.address, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.procs.append(proc)
        assert _read_line(proc, "the notification server") == "ready"
        return proc

    def read_records(self) -> list[dict[str, object]]:
        """The Notify calls the server has recorded so far (complete lines only)."""
        if not self.records.exists():
            return []
        text = self.records.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines(keepends=True) if line.endswith("\n")]

    def wait_for_records(self, count: int, timeout: float = 10.0) -> list[dict[str, object]]:
        """Poll (bounded) until ``count`` records are there; fail with what arrived if not."""
        deadline = time.monotonic() + timeout
        while True:
            records = self.read_records()
            if len(records) >= count or time.monotonic() > deadline:
                assert len(records) >= count, f"expected {count} notifications, got {records}"
                return records
            time.sleep(0.02)


def _start_bus(folder: Path, records: Path, service_dir: Path | None = None) -> Iterator[Bus]:
    daemon = _dbus_daemon()
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (Debian package 'dbus'): no private session bus")
    sockets = Path(tempfile.mkdtemp(prefix="coach-bus-"))  # short: socket paths max ~100 bytes
    services = f"<servicedir>{service_dir}</servicedir>" if service_dir else ""
    config = folder / "bus.conf"
    config.write_text(
        f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={sockets}</listen>
  <auth>EXTERNAL</auth>
  {services}
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
</busconfig>
""",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    bus: Bus | None = None
    try:
        address = _read_line(proc, "dbus-daemon")
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
        env.pop("DBUS_STARTER_ADDRESS", None)
        bus = Bus(address=address, env=env, records=records, folder=folder)
        yield bus
    finally:
        for child in [*(bus.procs if bus else []), proc]:
            child.terminate()
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        shutil.rmtree(sockets, ignore_errors=True)


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[Bus]:
    """A private session bus with no notification service on it."""
    yield from _start_bus(tmp_path, tmp_path / "notifications.jsonl")


@pytest.fixture
def notify_bus(private_bus: Bus) -> Bus:
    """A private session bus with the test notification server running on it."""
    private_bus.start_server()
    return private_bus


@pytest.fixture
def activatable_bus(tmp_path: Path) -> Iterator[Bus]:
    """A private session bus that starts the test server when a client first calls it."""
    records = tmp_path / "notifications.jsonl"
    services = tmp_path / "services"
    services.mkdir()
    (services / "org.freedesktop.Notifications.service").write_text(
        "[D-BUS Service]\nName=org.freedesktop.Notifications\n"
        f"Exec={sys.executable} {SERVER} {records}\n",
        encoding="utf-8",
    )
    yield from _start_bus(tmp_path, records, service_dir=services)


@pytest.fixture
def needs_notify_send() -> None:
    """Skip when notify-send (Debian package libnotify-bin), which plyer runs, is missing."""
    if shutil.which("notify-send") is None:
        pytest.skip("notify-send is not installed (Debian package 'libnotify-bin')")
