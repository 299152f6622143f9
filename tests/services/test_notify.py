"""The notifier: safe text, the delivery check, never raising, and real delivery over D-Bus.

The ``dbus`` tests run a private ``dbus-daemon`` and a jeepney notification server
(``notify_server.py``) and check what actually arrives there through plyer and notify-send.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coach.services import notify
from coach.services.notify import (
    BusProbe,
    DeliveryChecker,
    DeliveryStatus,
    Notifier,
    SendResult,
    encode_for_backend,
    sanitize_body,
    sanitize_title,
)

if TYPE_CHECKING:
    from conftest import Bus  # tests/services/conftest.py

CONTROL = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]


# --- text -----------------------------------------------------------------------------------


def test_title_drops_every_control_character_and_keeps_markup_literally() -> None:
    title = sanitize_title("Squat" + "".join(CONTROL) + " [bold]x[/] <b>&")
    assert title == "Squat [bold]x[/] <b>&"  # the summary is plain text: nothing escaped


def test_title_is_one_line_and_capped_at_80_with_an_ellipsis() -> None:
    assert sanitize_title("Neck\nand\r\nback\tstretch") == "Neck and back stretch"
    long = sanitize_title("x" * 200)
    assert len(long) == 80 and long == "x" * 79 + "\u2026"
    assert sanitize_title("y" * 80) == "y" * 80
    assert sanitize_title("\x1b\x07") == "coach"  # never an empty summary


def test_body_keeps_newlines_drops_other_controls_and_escapes_markup() -> None:
    body = sanitize_body("Line 1\x1b[31m\nLine\t2 <b>bold</b> & [i]x[/i]\x9b\x00")
    assert body == "Line 1[31m\nLine 2 &lt;b&gt;bold&lt;/b&gt; &amp; [i]x[/i]"
    assert all(c not in body for c in CONTROL if c != "\n")
    assert sanitize_body("a\r\nb\rc\n\n\n\nd") == "a\nb\nc\n\nd"


def test_body_without_markup_support_is_sent_raw() -> None:
    assert sanitize_body("<b>x</b> & y", markup=False) == "<b>x</b> & y"


def test_body_is_capped_at_300_visible_characters_before_escaping() -> None:
    body = sanitize_body("&" * 400)
    assert body == "&amp;" * 299 + "\u2026"
    assert sanitize_body("z" * 300, markup=False) == "z" * 300
    assert len(sanitize_body("z" * 301, markup=False)) == 300


def test_lone_surrogates_do_not_break_the_text() -> None:
    assert sanitize_title("a\udcffb") == "a?b"


def test_notify_send_encoding_guards_options_and_backslashes() -> None:
    title, body = encode_for_backend("NotifySendNotification", "-u critical", r"-C:\temp\n")
    assert title == "\u2060-u critical"
    assert body == "\u2060-C:\\\\temp\\\\n"  # notify-send un-escapes the body (g_strcompress)
    assert encode_for_backend("NotifyDbus", "-a", "b\\") == ("-a", "b\\")
    assert encode_for_backend("NotifyDesktopPortals", "it's", "a\\b\nc") == (
        "it\\'s",
        "a\\\\b\\nc",
    )


# --- the delivery check, with a fake bus -----------------------------------------------------


class FakeProbe:
    """Counts probes and answers with a fixed BusProbe."""

    def __init__(self, answer: BusProbe) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, float]] = []

    def __call__(self, address: str, name: str, timeout: float) -> BusProbe:
        self.calls.append((address, name, timeout))
        return self.answer


def _checker(
    probe: FakeProbe,
    env: dict[str, str] | None = None,
    clock: list[float] | None = None,
    notify_send: bool = True,
) -> DeliveryChecker:
    ticks = clock if clock is not None else [0.0]
    return DeliveryChecker(
        environ=env if env is not None else {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"},
        clock=lambda: ticks[0],
        probe=probe,
        which=lambda program, path=None: "/usr/bin/" + program if notify_send else None,
        backend=lambda: "notify-send",
        platform="linux",
    )


def test_check_asks_the_bus_for_the_notification_service_within_a_second() -> None:
    probe = FakeProbe(BusProbe(available=True, body_markup=False))
    status = _checker(probe).check()
    assert status == DeliveryStatus(True, "", body_markup=False)
    assert probe.calls == [("unix:path=/x", "org.freedesktop.Notifications", 1.0)]


def test_check_is_cached_briefly_and_redone_when_the_bus_changes() -> None:
    probe = FakeProbe(BusProbe(available=True))
    clock = [100.0]
    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}
    checker = _checker(probe, env, clock)
    checker.check()
    clock[0] += 29
    checker.check()
    assert len(probe.calls) == 1
    clock[0] += 2  # 31 s after the first check
    checker.check()
    assert len(probe.calls) == 2
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/y"
    checker.check()
    assert [c[0] for c in probe.calls] == ["unix:path=/x", "unix:path=/x", "unix:path=/y"]
    checker.check(fresh=True)
    assert len(probe.calls) == 4


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            BusProbe(error="timeout"),
            "The desktop session bus did not answer within a second, so reminders can't pop up "
            "on screen.",
        ),
        (
            BusProbe(error="nothing is listening on its socket"),
            "The desktop session bus could not be reached (nothing is listening on its socket), "
            "so reminders can't pop up on screen.",
        ),
        (
            BusProbe(available=False),
            "No notification service is running on this desktop (nothing provides "
            "org.freedesktop.Notifications on the session bus), so reminders can't pop up on "
            "screen.",
        ),
    ],
)
def test_check_explains_what_is_missing(answer: BusProbe, reason: str) -> None:
    assert _checker(FakeProbe(answer)).check() == DeliveryStatus(False, reason)


def test_check_names_the_package_when_notify_send_is_missing() -> None:
    status = _checker(FakeProbe(BusProbe(available=True)), notify_send=False).check()
    assert not status.ok
    assert status.reason == (
        "The notify-send program is not installed (on Debian or Ubuntu it comes in the "
        "libnotify-bin package), so reminders can't pop up on screen."
    )


def test_check_without_any_bus_does_not_probe() -> None:
    probe = FakeProbe(BusProbe(available=True))
    status = _checker(probe, env={"PATH": "/usr/bin"}).check()
    assert status == DeliveryStatus(
        False,
        "No desktop session bus was found (DBUS_SESSION_BUS_ADDRESS is not set), so reminders "
        "can't pop up on screen.",
    )
    assert probe.calls == []


def test_check_falls_back_to_the_runtime_dir_bus_like_glib(tmp_path: Path) -> None:
    (tmp_path / "bus").touch()
    probe = FakeProbe(BusProbe(available=True))
    assert _checker(probe, env={"XDG_RUNTIME_DIR": str(tmp_path)}).check().ok
    assert probe.calls[0][0] == f"unix:path={tmp_path}/bus"


def test_a_crashing_probe_is_reported_not_raised() -> None:
    def boom(address: str, name: str, timeout: float) -> BusProbe:
        raise ValueError("bad")

    checker = DeliveryChecker(
        environ={"DBUS_SESSION_BUS_ADDRESS": "x"}, probe=boom, platform="linux"
    )
    status = checker.check()
    assert not status.ok and "could not be reached (ValueError)" in status.reason


def test_probe_of_a_missing_socket_says_so(tmp_path: Path) -> None:
    probe = notify.probe_bus(f"unix:path={tmp_path}/nothing", notify.NOTIFICATIONS, 1.0)
    assert probe == BusProbe(error="its socket does not exist")


# --- the notifier, with a fake transport -----------------------------------------------------


class FixedChecker(DeliveryChecker):
    """A checker that always answers ``status``."""

    def __init__(self, status: DeliveryStatus) -> None:
        super().__init__(environ={"X": "1"})
        self.status = status
        self.invalidated = 0

    def check(self, *, fresh: bool = False) -> DeliveryStatus:
        return self.status

    def invalidate(self) -> None:
        self.invalidated += 1


class FakeTransport:
    """Records what would be handed to plyer; answers (code, stderr) or raises."""

    def __init__(self, answer: tuple[int | None, str] | Exception = (0, "")) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, str, float]] = []

    def __call__(
        self, title: str, body: str, app: str, env: object, timeout: float
    ) -> tuple[int | None, str]:
        self.calls.append((title, body, app, timeout))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_send_hands_sanitized_text_and_app_name_to_the_transport() -> None:
    transport = FakeTransport()
    notifier = Notifier(checker=FixedChecker(DeliveryStatus(True)), transport=transport)
    result = notifier.send("Squat\x1b[2J", "<i>go</i>")
    assert result == SendResult("sent") and result.sent and not result.needs_fallback
    assert transport.calls == [("Squat[2J", "&lt;i&gt;go&lt;/i&gt;", "coach", 10.0)]
    assert notifier.warnings == []


def test_unavailable_warns_once_and_never_calls_plyer() -> None:
    reason = "No desktop session bus was found."
    heard: list[str] = []
    transport = FakeTransport()
    notifier = Notifier(
        checker=FixedChecker(DeliveryStatus(False, reason)),
        transport=transport,
        on_unavailable=heard.append,
    )
    results = [notifier.send("t", "b") for _ in range(3)]
    assert results == [SendResult("unavailable", reason)] * 3
    assert all(r.needs_fallback for r in results)
    assert heard == [reason] and notifier.warnings == [reason]
    assert transport.calls == []


@pytest.mark.parametrize(
    ("answer", "status", "reason", "detail"),
    [
        ((1, "boom"), "failed", notify.SEND_FAILED, "boom"),
        ((0, "GDBus.Error: refused"), "failed", notify.SEND_FAILED, "GDBus.Error: refused"),
        ((None, ""), "failed", notify.SEND_SLOW, "timed out after 10 s"),
        (OSError("no python"), "failed", notify.SEND_FAILED, "OSError: no python"),
    ],
)
def test_send_reports_failures_without_raising(
    answer: tuple[int | None, str] | Exception, status: str, reason: str, detail: str
) -> None:
    checker = FixedChecker(DeliveryStatus(True))
    heard: list[str] = []
    notifier = Notifier(
        checker=checker, transport=FakeTransport(answer), on_unavailable=heard.append
    )
    assert notifier.send("t", "b") == SendResult(status, reason, detail)  # type: ignore[arg-type]
    assert heard == [reason]
    if not isinstance(answer, Exception):
        assert checker.invalidated == 1  # the next send checks the bus again


def test_failure_wording_is_plain_english() -> None:
    assert notify.SEND_FAILED == (
        "The desktop did not accept the reminder, so it was not shown on screen."
    )
    assert notify.SEND_SLOW == (
        "The desktop took too long to show the reminder, so it was given up."
    )


def test_a_raising_callback_does_not_escape() -> None:
    def bad(reason: str) -> None:
        raise RuntimeError(reason)

    notifier = Notifier(
        checker=FixedChecker(DeliveryStatus(False, "no")),
        transport=FakeTransport(),
        on_unavailable=bad,
    )
    assert notifier.send("t", "b").status == "unavailable"


def test_send_async_runs_in_a_daemon_thread_and_reports_back() -> None:
    seen: list[tuple[SendResult, str]] = []
    notifier = Notifier(checker=FixedChecker(DeliveryStatus(True)), transport=FakeTransport())
    thread = notifier.send_async(
        "t", "b", lambda r: seen.append((r, threading.current_thread().name))
    )
    thread.join(5)
    assert thread.daemon and not thread.is_alive()
    assert seen == [(SendResult("sent"), "coach-notify")]
    assert seen[0][1] != threading.main_thread().name


# --- end to end over a private session bus ---------------------------------------------------


@pytest.mark.dbus
def test_a_reminder_arrives_with_summary_body_and_app_name(
    notify_bus: Bus, needs_notify_send: None
) -> None:
    notifier = Notifier(environ=notify_bus.env)
    assert notify.plyer_backend() == "notify-send"
    result = notifier.send(
        "Exercise reminder", "Time for Neck and desk posture (about 8 min). Bout 1 of 2 today."
    )
    assert result == SendResult("sent")
    assert notifier.send("Übung – Nacken ✓", "Schulterkreisen: 10× je Seite").sent
    first, second = notify_bus.wait_for_records(2)
    assert first["app_name"] == "coach"
    assert first["summary"] == "Exercise reminder"
    assert first["body"] == "Time for Neck and desk posture (about 8 min). Bout 1 of 2 today."
    assert (second["app_name"], second["summary"], second["body"]) == (
        "coach",
        "Übung – Nacken ✓",
        "Schulterkreisen: 10× je Seite",
    )


@pytest.mark.dbus
def test_markup_and_control_characters_arrive_sanitized(
    notify_bus: Bus, needs_notify_send: None
) -> None:
    notifier = Notifier(environ=notify_bus.env)
    result = notifier.send(
        "-u [bold]x[/] <b>\x1b[31m", "<b>hold</b> & [bold]x[/]\x1b]0;pwned\x07 C:\\temp\\n\nnext"
    )
    assert result.sent
    [record] = notify_bus.wait_for_records(1)
    assert record["app_name"] == "coach"
    assert record["summary"] == "\u2060-u [bold]x[/] <b>[31m"
    assert record["body"] == "&lt;b&gt;hold&lt;/b&gt; &amp; [bold]x[/]]0;pwned C:\\temp\\n\nnext"


@pytest.mark.dbus
def test_a_server_without_body_markup_gets_the_body_raw(
    private_bus: Bus, needs_notify_send: None
) -> None:
    private_bus.start_server("--capabilities", "body")
    notifier = Notifier(environ=private_bus.env)
    assert notifier.checker.check() == DeliveryStatus(True, body_markup=False)
    assert notifier.send("t", "<b>x</b> & y").sent
    assert private_bus.wait_for_records(1)[0]["body"] == "<b>x</b> & y"


@pytest.mark.dbus
def test_an_activatable_service_counts_as_available(
    activatable_bus: Bus, needs_notify_send: None
) -> None:
    notifier = Notifier(environ=activatable_bus.env)
    assert notifier.checker.check().ok
    assert notifier.send("Started on demand", "body").sent
    assert activatable_bus.wait_for_records(1)[0]["summary"] == "Started on demand"


@pytest.mark.dbus
def test_no_notification_service_on_the_bus(private_bus: Bus) -> None:
    heard: list[str] = []
    notifier = Notifier(environ=private_bus.env, on_unavailable=heard.append)
    status = notifier.checker.check()
    assert status == DeliveryStatus(False, notify.NO_SERVICE.format(name=notify.NOTIFICATIONS))
    result = notifier.send("t", "b")
    assert result == SendResult("unavailable", status.reason)
    assert heard == [status.reason]
    assert private_bus.read_records() == []


@pytest.mark.dbus
def test_no_session_bus_at_all(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(tmp_path)}  # no bus socket there
    notifier = Notifier(environ=env)
    status = notifier.checker.check()
    assert status.reason == (
        "No desktop session bus was found (DBUS_SESSION_BUS_ADDRESS is not set), so reminders "
        "can't pop up on screen."
    )
    assert notifier.send("t", "b") == SendResult("unavailable", status.reason)


@pytest.mark.dbus
def test_a_server_that_refuses_is_reported_as_failed(
    private_bus: Bus, needs_notify_send: None
) -> None:
    private_bus.start_server("--fail")
    notifier = Notifier(environ=private_bus.env)
    result = notifier.send("t", "b")
    assert result.status == "failed" and result.reason == notify.SEND_FAILED
    assert "refused by the test server" in result.detail
    assert len(private_bus.read_records()) == 1


@pytest.mark.dbus
def test_a_hung_server_is_given_up_on_after_the_timeout(
    private_bus: Bus, needs_notify_send: None
) -> None:
    private_bus.start_server("--hang")
    notifier = Notifier(environ=private_bus.env, send_timeout=1.0)
    started = time.monotonic()
    result = notifier.send("t", "b")
    assert time.monotonic() - started < 5  # notify-send killed too, not left holding the pipe
    assert result == SendResult("failed", notify.SEND_SLOW, "timed out after 1 s")


@pytest.mark.dbus
def test_send_async_delivers_over_the_bus(notify_bus: Bus, needs_notify_send: None) -> None:
    done: list[SendResult] = []
    thread = Notifier(environ=notify_bus.env).send_async("Async", "body", done.append)
    thread.join(15)
    assert done == [SendResult("sent")]
    assert notify_bus.wait_for_records(1)[0]["summary"] == "Async"
