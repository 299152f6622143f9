"""The session bus probe: is a notification service on the desktop bus, within a time limit?

:func:`session_bus_address` finds the bus the way GLib does (``DBUS_SESSION_BUS_ADDRESS``, else
``$XDG_RUNTIME_DIR/bus``); :func:`probe_bus` connects with jeepney over a plain socket whose every
step is bounded by one deadline, asks whether a name is owned or activatable, and for the
notification service whether it reads markup in the body. It never raises: a bus that can't be
asked becomes a :class:`BusProbe` with an ``error``. Used by :mod:`coach.services.notify`.
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass

from jeepney import DBusAddress, HeaderFields, Message, Parser, message_bus, new_method_call
from jeepney.auth import BEGIN, Authenticator
from jeepney.bus import get_connectable_addresses
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

NOTIFICATIONS = "org.freedesktop.Notifications"
PORTAL = "org.freedesktop.portal.Desktop"
_ADDRESS_SAFE = re.compile(rb"[-0-9A-Za-z_/.\\*]")


@dataclass(frozen=True, slots=True)
class BusProbe:
    """What the session bus said: is the service there, does it read body markup (None: not
    asked); ``error`` is ``"timeout"`` or a short cause when the bus could not be asked."""

    available: bool = False
    body_markup: bool | None = None
    error: str = ""


def session_bus_address(environ: Mapping[str, str]) -> str | None:
    """The session bus address: DBUS_SESSION_BUS_ADDRESS, else ``$XDG_RUNTIME_DIR/bus``."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        raw = os.fsencode(os.path.join(runtime, "bus"))
        path = "".join(chr(b) if _ADDRESS_SAFE.fullmatch(bytes([b])) else f"%{b:02x}" for b in raw)
        return f"unix:path={path}"
    return None


def probe_bus(address: str, name: str, timeout: float) -> BusProbe:
    """Ask the bus at ``address`` whether ``name`` is owned or activatable, within ``timeout``."""
    try:
        return _probe(address, name, time.monotonic() + timeout)
    except TimeoutError:
        return BusProbe(error="timeout")
    except ImportError:  # jeepney missing: we can't tell, so let plyer try
        return BusProbe(available=True)
    except RuntimeError:  # a transport jeepney can't speak (tcp, ...): let plyer try
        return BusProbe(available=True)
    except FileNotFoundError:
        return BusProbe(error="its socket does not exist")
    except ConnectionRefusedError:
        return BusProbe(error="nothing is listening on its socket")
    except PermissionError:
        return BusProbe(error="permission denied")
    except Exception as exc:
        return BusProbe(error=type(exc).__name__)


def _probe(address: str, name: str, deadline: float) -> BusProbe:
    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:

        def recv() -> bytes:
            sock.settimeout(left())
            data = sock.recv(65536)
            if not data:
                raise ConnectionResetError("the bus closed the connection")
            return data

        sock.settimeout(left())
        sock.connect(next(get_connectable_addresses(address)))
        auth = Authenticator()
        for line in auth:
            sock.settimeout(left())
            sock.sendall(line)
            auth.feed(recv())
        sock.sendall(BEGIN)
        parser, serials = Parser(), itertools.count(1)

        def call(msg: Message) -> tuple:
            serial = next(serials)
            sock.settimeout(left())
            sock.sendall(msg.serialise(serial=serial))
            while True:
                reply = parser.get_next_message()
                if reply is None:
                    parser.add_data(recv())
                elif reply.header.fields.get(HeaderFields.reply_serial) == serial:
                    return unwrap_msg(reply)

        call(message_bus.Hello())
        if not call(message_bus.NameHasOwner(name))[0]:
            return BusProbe(available=name in call(message_bus.ListActivatableNames())[0])
        if name != NOTIFICATIONS:
            return BusProbe(available=True)
        server = DBusAddress("/org/freedesktop/Notifications", NOTIFICATIONS, NOTIFICATIONS)
        try:
            caps = call(new_method_call(server, "GetCapabilities"))[0]
        except (DBusErrorResponse, TimeoutError):
            return BusProbe(available=True)  # markup unknown: escape to be safe
        return BusProbe(available=True, body_markup="body-markup" in caps)
