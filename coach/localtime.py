"""The client's local time zone and the current local time, in one place.

Days in coach are the client's local calendar days, so every part (stats, reminders, check-ins,
the TUI) asks here. ``TZ`` wins when set and known (tests and the reminder service set it), then
the zone ``/etc/localtime`` points at; zone rules (DST) come with it. Only when the zone has no
name coach can look up does it fall back to the current fixed UTC offset.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_tz() -> tzinfo:
    """The client's time zone (DST-aware whenever the zone can be named)."""
    name = os.environ.get("TZ", "").strip().lstrip(":")
    candidates = [name] if name else []
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for key in candidates:
        try:
            if key.startswith("/"):
                with open(key, "rb") as handle:
                    return ZoneInfo.from_file(handle, key=key)
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def local_now() -> datetime:
    """The current time in the client's zone."""
    return datetime.now(local_tz())


def tz_key(tz: tzinfo) -> str | None:
    """A name that tells time zones apart (None: this zone cannot be named, nothing cached)."""
    if isinstance(tz, ZoneInfo):
        return f"zone:{tz.key}" if tz.key else None
    if isinstance(tz, timezone):
        offset = tz.utcoffset(None)
        return f"offset:{int(offset / timedelta(seconds=1))}"
    return None
