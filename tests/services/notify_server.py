"""A tiny desktop-notification server for the end-to-end reminder tests.

Run it on a (private) session bus::

    python tests/services/notify_server.py RECORDS.jsonl [--address BUS_ADDRESS]

It owns ``org.freedesktop.Notifications``, answers ``Notify`` (returning a fresh id),
``GetCapabilities`` (``["body"]``), ``GetServerInformation`` and ``CloseNotification``, and appends
one JSON line per ``Notify`` call to RECORDS (``app_name``, ``summary``, ``body``, plus
``replaces_id``, ``app_icon``, ``hints`` (names only) and ``expire_timeout``). It prints ``ready``
once it owns the name and runs until killed or the bus goes away. Without ``--address`` it uses
``DBUS_SESSION_BUS_ADDRESS``. Exit status 2: the name is already owned by someone else.

Options for the failure tests: ``--capabilities body,body-markup`` (the default) sets what
GetCapabilities answers; ``--fail`` answers Notify with a D-Bus error (after recording it);
``--hang`` never answers Notify.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from jeepney import (
    DBusNameFlags,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
)
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
SERVER_INFO = ("coach-test-notify-server", "coach", "1.0", "1.2")
DEFAULT_CAPABILITIES = "body,body-markup"
INTROSPECTION = f"""<node>
 <interface name="{NAME}">
  <method name="Notify">
   <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
   <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
   <arg type="a{{sv}}" direction="in"/><arg type="i" direction="in"/>
   <arg type="u" direction="out"/>
  </method>
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
  <method name="GetServerInformation">
   <arg type="s" direction="out"/><arg type="s" direction="out"/>
   <arg type="s" direction="out"/><arg type="s" direction="out"/>
  </method>
  <method name="CloseNotification"><arg type="u" direction="in"/></method>
 </interface>
</node>
"""


def _record(records: Path, body: tuple) -> None:
    """Append one Notify call as a single JSON line (one write, so readers never see half)."""
    app_name, replaces_id, app_icon, summary, text, _actions, hints, expire = body
    line = json.dumps(
        {
            "app_name": app_name,
            "replaces_id": replaces_id,
            "app_icon": app_icon,
            "summary": summary,
            "body": text,
            "hints": sorted(hints),
            "expire_timeout": expire,
        }
    )
    with records.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def serve(records: Path, address: str | None, capabilities: list[str], mode: str = "normal") -> int:
    """Own the notifications name and answer calls until killed or disconnected."""
    conn = open_dbus_connection(bus=address or "SESSION")
    reply = conn.send_and_get_reply(
        message_bus.RequestName(NAME, DBusNameFlags.do_not_queue), timeout=5
    )
    if reply.body[0] != 1:  # 1 = DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
        print(f"could not own {NAME} (reply {reply.body[0]})", file=sys.stderr, flush=True)
        return 2
    print("ready", flush=True)
    next_id = 0
    while True:
        try:
            msg = conn.receive()
        except (ConnectionError, OSError):
            return 0  # the bus went away
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        interface = msg.header.fields.get(HeaderFields.interface)
        if member == "Notify" and interface in (NAME, None):
            _record(records, msg.body)
            next_id += 1
            if mode == "fail":
                error = "org.freedesktop.Notifications.Error.Refused"
                conn.send(new_error(msg, error, "s", ("refused by the test server",)))
            elif mode != "hang":
                conn.send(new_method_return(msg, "u", (next_id,)))
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (capabilities,)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", SERVER_INFO))
        elif member in ("CloseNotification", "Ping"):
            conn.send(new_method_return(msg))
        elif member == "Introspect":
            conn.send(new_method_return(msg, "s", (INTROSPECTION,)))
        else:
            conn.send(
                new_error(
                    msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",)
                )
            )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="file to append one JSON line per Notify to")
    parser.add_argument("--address", help="bus address (default: DBUS_SESSION_BUS_ADDRESS)")
    parser.add_argument("--capabilities", default=DEFAULT_CAPABILITIES, help="comma-separated")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fail", dest="mode", action="store_const", const="fail")
    mode.add_argument("--hang", dest="mode", action="store_const", const="hang")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    capabilities = [c for c in args.capabilities.split(",") if c]
    return serve(args.records, args.address, capabilities, args.mode or "normal")


if __name__ == "__main__":
    sys.exit(main())
