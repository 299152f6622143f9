"""Desktop notifications: plyer behind our own small notifier.

``Notifier.send(title, body)`` checks that a notification can be shown (:func:`check_delivery`),
makes the text safe (:func:`sanitize_title`, :func:`sanitize_body`) and calls
``plyer.notification.notify(..., app_name="coach")``. It never raises; it returns a
:class:`SendResult`, and the first time notifications can't be shown it calls
``on_unavailable(reason)`` so the caller can ring the bell and show a toast instead.

plyer runs in a short-lived helper process (``python -m coach.services.notify``): on Linux it
shells out to ``notify-send`` with our stdout/stderr, ignores its exit status and warns through
``warnings``; in the TUI any such output would corrupt the screen. The helper's stderr is captured
(an error from ``notify-send`` becomes a ``failed`` result) and a hung send is killed, with
``notify-send``, after ``send_timeout`` seconds.

The delivery check (Linux): a session bus (``DBUS_SESSION_BUS_ADDRESS``, else
``$XDG_RUNTIME_DIR/bus`` as GLib does) answering within a second, a notification service owning
or activatable as ``org.freedesktop.Notifications`` on it (asked with jeepney, see
:mod:`coach.services.dbus_probe`), and the program plyer will run (``notify-send``). Results are
cached for ``CHECK_CACHE_S`` seconds.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from coach.services.dbus_probe import (
    NOTIFICATIONS,
    PORTAL,
    BusProbe,
    probe_bus,
    session_bus_address,
)

APP_NAME = "coach"
CHECK_TIMEOUT_S = 1.0
"""Longest the delivery check waits for the session bus."""
CHECK_CACHE_S = 30.0
"""How long a delivery check result is reused."""
SEND_TIMEOUT_S = 10.0
"""Longest one send may take before the helper (and notify-send) is killed."""

_CANT = "so reminders can't pop up on screen."
NO_BUS = f"No desktop session bus was found (DBUS_SESSION_BUS_ADDRESS is not set), {_CANT}"
BUS_UNREACHABLE = "The desktop session bus could not be reached ({why}), " + _CANT
BUS_SLOW = f"The desktop session bus did not answer within a second, {_CANT}"
NO_SERVICE = (
    "No notification service is running on this desktop (nothing provides {name} "
    f"on the session bus), {_CANT}"
)
NO_PROGRAM = "The {program} program is not installed{hint}, " + _CANT
NOTIFY_SEND_HINT = " (on Debian or Ubuntu it comes in the libnotify-bin package)"
SEND_FAILED = "The desktop did not accept the reminder, so it was not shown on screen."
SEND_SLOW = "The desktop took too long to show the reminder, so it was given up."

Backend = Literal["notify-send", "dbus", "portal"]

# --- text safety -------------------------------------------------------------------------------

TITLE_MAX = 80
BODY_MAX = 300
ELLIPSIS = "\u2026"
FALLBACK_TITLE = APP_NAME
_WORD_JOINER = "\u2060"  # invisible; keeps a leading "-" from being read as an option


def _plain(text: str, *, newlines: bool) -> str:
    text = str(text).encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> "?"
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not newlines:
        text = text.replace("\n", " ")
    return re.sub("[\x00-\x09\x0b-\x1f\x7f-\x9f]", "", text)  # every control but newline


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def sanitize_title(text: str) -> str:
    """A notification title: one line, no control characters, at most 80 characters.

    Plain text: the notification spec does not read markup in the summary, so nothing is escaped.
    """
    title = " ".join(_plain(text, newlines=False).split())
    return _cap(title, TITLE_MAX) or FALLBACK_TITLE


def sanitize_body(text: str, *, markup: bool = True) -> str:
    """A notification body: no control characters (newlines kept, tabs become spaces), at most
    300 visible characters, and ``&``, ``<``, ``>`` escaped when the service reads body markup."""
    body = re.sub(r"\n{3,}", "\n\n", _plain(text, newlines=True)).strip()
    body = _cap(body, BODY_MAX)
    return html.escape(body, quote=False) if markup else body


def encode_for_backend(backend: str, title: str, body: str) -> tuple[str, str]:
    """Adapt sanitized text to how plyer's backend passes it on (by backend class name).

    ``notify-send`` runs C-style unescaping (``g_strcompress``) on the body, so backslashes are
    doubled there, and reads a leading ``-`` as an option, so that gets an invisible word joiner.
    The Flatpak portal backend pastes the text into a GVariant string literal.
    """
    if backend == "NotifySendNotification":
        body = body.replace("\\", "\\\\")
        title, body = (_WORD_JOINER + t if t.startswith("-") else t for t in (title, body))
    elif backend == "NotifyDesktopPortals":
        title, body = (
            t.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") for t in (title, body)
        )
    return title, body


# --- delivery ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """Whether a desktop notification can be shown now; ``reason`` is plain English if not.

    ``body_markup``: the notification service reads markup in the body (so ``&``, ``<``, ``>``
    must be escaped). True when unknown: escaping is the safe side.
    """

    ok: bool
    reason: str = ""
    body_markup: bool = True


@dataclass(frozen=True, slots=True)
class SendResult:
    """What happened to one notification.

    ``status``: ``sent`` (handed to the notification service through plyer), ``unavailable``
    (notifications can't be shown here: fall back to the bell and a toast) or ``failed`` (tried,
    did not work). ``reason`` is plain English for the client; ``detail`` is for logs.
    """

    status: Literal["sent", "unavailable", "failed"]
    reason: str = ""
    detail: str = ""

    @property
    def sent(self) -> bool:
        """True when the notification reached the notification service."""
        return self.status == "sent"

    @property
    def needs_fallback(self) -> bool:
        """True when the caller should ring the bell / show a toast instead."""
        return self.status != "sent"


def plyer_backend() -> Backend:
    """The Linux backend plyer will pick, mirroring ``plyer.platforms.linux.notification``."""
    if os.path.isdir("/app"):  # plyer takes any /app folder to mean "inside Flatpak"
        return "portal"
    try:
        # lazy: only to look for dbus-python when no bus is found
        import importlib.util

        if importlib.util.find_spec("dbus") is not None:
            return "dbus"
    except (ImportError, ValueError):
        pass
    return "notify-send"


Probe = Callable[[str, str, float], BusProbe]
Which = Callable[..., str | None]


class DeliveryChecker:
    """Checks (and briefly caches) whether desktop notifications can be shown.

    ``environ`` defaults to ``os.environ`` (read at each check); ``clock`` is monotonic seconds;
    ``probe``, ``which`` (``shutil.which``-like), ``backend`` and ``platform`` are for tests.
    """

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        ttl: float = CHECK_CACHE_S,
        timeout: float = CHECK_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
        probe: Probe = probe_bus,
        which: Which = shutil.which,
        backend: Callable[[], Backend] = plyer_backend,
        platform: str = sys.platform,
    ) -> None:
        self._environ, self._ttl, self._timeout, self._clock = environ, ttl, timeout, clock
        self._probe, self._which, self._backend, self._platform = probe, which, backend, platform
        self._lock = threading.Lock()
        self._cached: tuple[float, object, DeliveryStatus] | None = None

    @property
    def environ(self) -> Mapping[str, str]:
        """The environment checked (and given to the helper process)."""
        return os.environ if self._environ is None else self._environ

    def invalidate(self) -> None:
        """Forget the cached result (after a failed send)."""
        with self._lock:
            self._cached = None

    def check(self, *, fresh: bool = False) -> DeliveryStatus:
        """The delivery status, from the cache if recent and the environment is unchanged."""
        env = self.environ
        key = tuple(env.get(k) for k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "PATH"))
        with self._lock:
            now, cached = self._clock(), self._cached
            if not fresh and cached and cached[1] == key and now - cached[0] < self._ttl:
                return cached[2]
            try:
                status = self._check(env)
            except Exception as exc:  # a check never crashes the caller
                status = DeliveryStatus(False, BUS_UNREACHABLE.format(why=type(exc).__name__))
            self._cached = (now, key, status)
            return status

    def _check(self, env: Mapping[str, str]) -> DeliveryStatus:
        if not self._platform.startswith("linux"):
            return DeliveryStatus(True)  # plyer's other backends: nothing to check up front
        backend = self._backend()
        address = session_bus_address(env)
        if address is None:
            return DeliveryStatus(False, NO_BUS)
        service = PORTAL if backend == "portal" else NOTIFICATIONS
        probe = self._probe(address, service, self._timeout)
        if probe.error == "timeout":
            return DeliveryStatus(False, BUS_SLOW)
        if probe.error:
            return DeliveryStatus(False, BUS_UNREACHABLE.format(why=probe.error))
        if not probe.available:
            return DeliveryStatus(False, NO_SERVICE.format(name=service))
        program = {"notify-send": "notify-send", "portal": "gdbus", "dbus": ""}[backend]
        if program and self._which(program, path=env.get("PATH", os.defpath)) is None:
            hint = NOTIFY_SEND_HINT if program == "notify-send" else ""
            return DeliveryStatus(False, NO_PROGRAM.format(program=program, hint=hint))
        markup = probe.body_markup is not False and backend != "portal"
        return DeliveryStatus(True, body_markup=markup)


_default_checker = DeliveryChecker()


def check_delivery(*, fresh: bool = False) -> DeliveryStatus:
    """Whether desktop notifications can be shown in this process's environment (cached)."""
    return _default_checker.check(fresh=fresh)


_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
Transport = Callable[[str, str, str, Mapping[str, str], float], tuple[int | None, str]]
"""(title, body, app_name, environ, timeout) -> (exit status or None on timeout, error text)."""


def plyer_in_helper(
    title: str, body: str, app_name: str, environ: Mapping[str, str], timeout: float
) -> tuple[int | None, str]:
    """Run ``plyer.notification.notify`` in a helper process; its output is captured."""
    request = json.dumps({"title": title, "body": body, "app_name": app_name})
    proc = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-m", "coach.services.notify"],
        cwd=_PACKAGE_ROOT,  # `-m` puts the cwd first on sys.path: find this very coach
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(environ),
        start_new_session=True,  # its own process group: a timeout kills notify-send too
    )
    try:
        _, err = proc.communicate(request.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, ""
    return proc.returncode, err.decode("utf-8", "replace").strip()


class Notifier:
    """Sends desktop notifications through plyer, safely and without ever raising.

    Keep one per process: ``on_unavailable(reason)`` is called (and ``warnings`` appended) only
    the first time a notification can't be shown. ``environ`` is the environment checked and
    handed to plyer (default: this process's).
    """

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        on_unavailable: Callable[[str], object] | None = None,
        checker: DeliveryChecker | None = None,
        environ: Mapping[str, str] | None = None,
        send_timeout: float = SEND_TIMEOUT_S,
        transport: Transport = plyer_in_helper,
    ) -> None:
        if checker is None:
            checker = _default_checker if environ is None else DeliveryChecker(environ=environ)
        self.app_name = app_name
        self.on_unavailable = on_unavailable
        self.checker = checker
        self.send_timeout = send_timeout
        self.warnings: list[str] = []
        self._transport = transport
        self._lock = threading.Lock()
        self._warned = False

    def send(self, title: str, body: str) -> SendResult:
        """Show a notification now (blocks up to ``send_timeout``; use ``send_async`` in a UI)."""
        try:
            result = self._send(title, body)
        except Exception as exc:  # never raise to the caller
            result = SendResult("failed", SEND_FAILED, f"{type(exc).__name__}: {exc}")
        if result.needs_fallback:
            self._warn_once(result.reason)
        return result

    def send_async(
        self, title: str, body: str, done: Callable[[SendResult], object] | None = None
    ) -> threading.Thread:
        """Send from a daemon thread; ``done(result)`` is called from that thread."""

        def run() -> None:
            result = self.send(title, body)
            if done is not None:
                with contextlib.suppress(Exception):  # a broken callback must not be noisy
                    done(result)

        thread = threading.Thread(target=run, name="coach-notify", daemon=True)
        thread.start()
        return thread

    def _send(self, title: str, body: str) -> SendResult:
        status = self.checker.check()
        if not status.ok:
            return SendResult("unavailable", status.reason)
        safe_title = sanitize_title(title)
        safe_body = sanitize_body(body, markup=status.body_markup)
        code, err = self._transport(
            safe_title, safe_body, self.app_name, self.checker.environ, self.send_timeout
        )
        if code is None:
            self.checker.invalidate()
            return SendResult("failed", SEND_SLOW, f"timed out after {self.send_timeout:g} s")
        if code != 0 or err:
            self.checker.invalidate()
            return SendResult("failed", SEND_FAILED, err or f"exit status {code}")
        return SendResult("sent")

    def _warn_once(self, reason: str) -> None:
        with self._lock:
            if self._warned:
                return
            self._warned = True
            self.warnings.append(reason)
        if self.on_unavailable is not None:
            with contextlib.suppress(Exception):
                self.on_unavailable(reason)


def _helper_main() -> int:
    """The helper process: read {title, body, app_name} as JSON on stdin, call plyer."""
    warnings.simplefilter("ignore")  # plyer warns about dbus-python; nothing may reach a terminal
    try:
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        # lazy: plyer, in the helper process only
        from plyer import notification

        # The proxy forwards attribute access, so __class__ is the backend plyer picked.
        backend = notification.__class__.__name__
        if backend == "Notification":
            print("plyer has no notification backend on this system", file=sys.stderr)
            return 3
        title, body = encode_for_backend(backend, request["title"], request["body"])
        notification.notify(title=title, message=body, app_name=request["app_name"], timeout=10)
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_helper_main())
