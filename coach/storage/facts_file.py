"""The facts files themselves (``facts-YYYY.json``): their names, format and checks, and reading
the whole log's facts when every one of them is current. Imports no record models (no pydantic):
the home screen's today panel can be drawn from them before the routine and record models are
imported. Making and keeping them (from the validated records) is :mod:`coach.storage.facts`.

A facts file is one header line (format, time zone, the version of the log it was made from,
a CRC-32 of the body) and the body: the facts of :mod:`coach.domain.dayfacts`, checked for
shape here (types, ranges, ascending days), so that reading them can never fail.
"""

from __future__ import annotations

import json
import math
import os
import re
import zlib
from collections.abc import Callable
from datetime import date, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from coach.domain import dayfacts
from coach.domain.dayfacts import FileFacts, LogFacts, NotFacts
from coach.localtime import tz_key as tz_key  # (re-export: the facts files' zone names)
from coach.storage.fileheader import open_log as open_log
from coach.storage.fileheader import read_log
from coach.storage.names import JOURNAL_FILE, LOG_RE, log_file_name
from coach.storage.names import facts_file_name as facts_file_name  # (named from here too)

if TYPE_CHECKING:
    from coach.storage.store import Store

FORMAT = 3  # 3: last_pain also holds every rating of its check-in
_FACTS_RE = re.compile(r"^facts-(\d{4})\.json$")
_LOWEST, _HIGHEST = 1, date.max.toordinal()
_read_log = read_log  # (as the facts' makers name it: a log file's version and bytes)


def _tz_of(key: str) -> tzinfo | None:
    kind, _, value = key.partition(":")
    try:
        if kind == "zone":
            return ZoneInfo(value)
        if kind == "offset":
            return timezone(timedelta(seconds=int(value)))
    except (ValueError, KeyError, OSError):
        return None
    return None


# --- the facts file ------------------------------------------------------------------------------


def encode(facts: FileFacts, zone: str, version: dict[str, Any]) -> bytes:
    """A facts file: one header line (format, zone, log version, CRC-32 of the body), the body."""
    body = json.dumps(facts, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    head = {"format": FORMAT, "tz": zone, "log": version, "body_crc32": zlib.crc32(body)}
    return json.dumps(head, separators=(",", ":")).encode() + b"\n" + body


def decode(data: bytes, zone: str, version: dict[str, Any]) -> FileFacts | None:
    """The facts in a file's bytes if they are whole, well-formed and made for this log version
    and zone; None otherwise (the caller makes them again)."""
    line, sep, body = data.partition(b"\n")
    if not sep:
        return None
    try:
        head = json.loads(line)
        if not (
            isinstance(head, dict)
            and head.get("format") == FORMAT
            and head.get("tz") == zone
            and head.get("log") == version
            and head.get("body_crc32") == zlib.crc32(body)
        ):
            return None
    except (ValueError, UnicodeDecodeError):
        return None
    return _parse(body)


def _ints(values: Any, low: int = -(2**63), high: int = 2**63) -> bool:
    """A list of ints (never bools) within [low, high]."""
    return (
        type(values) is list
        and set(map(type, values)) <= {int}
        and (not values or (low <= min(values) and max(values) <= high))
    )


def _strs(values: Any) -> bool:
    return type(values) is list and set(map(type, values)) <= {str}


def _ascending(days: list[int]) -> bool:
    return days == sorted(days)


def _series(
    entries: Any, key_ok: Callable[[str], bool], values_ok: Callable[[Any], bool]
) -> bool:
    """``{key: [[day, ...], [value, ...]]}``: days valid and ascending, one value per day."""
    if type(entries) is not dict:
        return False
    for key, pair in entries.items():
        if not (key_ok(key) and type(pair) is list and len(pair) == 2):
            return False
        days, values = pair
        if not (_ints(days, _LOWEST, _HIGHEST) and values_ok(values)):
            return False
        if len(days) != len(values) or not _ascending(days):
            return False
    return True


def _numbers(values: Any) -> bool:
    """A list of ints and floats within 64 bits (a measure is at most a million from zero)."""
    return (
        type(values) is list
        and set(map(type, values)) <= {int, float}
        and (not values or (min(values) >= -(2**63) and max(values) < 2**63))
        and math.isfinite(sum(values))  # (a sum too large for a float is refused too)
    )


def _sessions_ok(sessions: Any) -> bool:
    if type(sessions) is not dict:
        return False
    for rid, entry in sessions.items():
        if type(rid) is not str or type(entry) is not dict or set(entry) != {"first", "days"}:
            return False
        first, flat = entry["first"], entry["days"]
        if not (type(first) is list and len(first) == 3 and type(first[0]) is int):
            return False
        if not (type(first[1]) is str and type(first[2]) is str and _ints(flat, 0)):
            return False
        days = flat[:: dayfacts.WIDTH]
        if len(flat) % dayfacts.WIDTH or not _ascending(days):
            return False
        if days and not (days[0] >= _LOWEST and days[-1] <= _HIGHEST):
            return False
    return True


def _shape_ok(facts: Any) -> bool:
    """Whether ``facts`` has exactly the shape :func:`coach.domain.dayfacts.build` writes."""
    keys = {"sessions", "days", "pain", "measures", "function", "last_pain", "practice", "links"}
    if type(facts) is not dict or set(facts) != keys or not _sessions_ok(facts["sessions"]):
        return False
    days = facts["days"]
    if not _ints(days) or len(days) % 4 or not _ascending(days[::4]):
        return False
    if days and not (days[0] >= _LOWEST and days[-4] <= _HIGHEST):
        return False
    pain_ok = _series(facts["pain"], lambda k: type(k) is str and dayfacts.SEP in k,
                      lambda v: _ints(v, 0, 10))  # fmt: skip
    if not pain_ok or not _series(facts["measures"], lambda k: type(k) is str, _numbers):
        return False
    if not _function_ok(facts["function"]):
        return False
    if not _last_pain_ok(facts["last_pain"]):
        return False
    return _strs(facts["practice"]) and _strs(facts["links"])


def _function_ok(function: Any) -> bool:
    """``[[day, {activity: score, ...}], ...]`` as :func:`coach.domain.dayfacts.build` writes."""
    if type(function) is not list:
        return False
    for item in function:
        if not (type(item) is list and len(item) == 2 and _ints(item[:1], _LOWEST, _HIGHEST)):
            return False
        scores = item[1]
        if type(scores) is not dict or not (_strs(list(scores)) and _ints(list(scores.values()))):
            return False
    return True


def _last_pain_ok(last: Any) -> bool:
    """The latest pain rating as :func:`coach.domain.dayfacts.build` writes it (or None)."""
    if last is None:
        return True
    if not (type(last) is list and len(last) == 7 and _ints([last[0], last[4], last[5]])):
        return False
    if not (_strs(last[1:4]) and 0 <= last[4] <= 10 and _LOWEST <= last[5] <= _HIGHEST):
        return False
    rated = last[6]
    if type(rated) is not list or not rated:
        return False
    return all(
        type(pair) is list and len(pair) == 2 and _strs(pair[:1]) and _ints(pair[1:], 0, 10)
        for pair in rated
    )


def _parse(body: bytes) -> FileFacts | None:
    """The facts in a body if they have the shape :mod:`coach.domain.dayfacts` writes (so
    reading them can never fail); else None. NaN, Infinity, numbers beyond 64 bits (1e999 is
    read as infinity), bad UTF-8 and deep nesting are refused.

    Parsed by the json module, not orjson: once stats reads this year's facts and the past
    summed up (~70 KB), orjson's parse saves ~0.6 ms but importing it (uuid, platform) costs
    `coach stats` ~3 ms; the logs that :mod:`coach.storage.vouched` reads (~1 MB) still use it."""
    try:
        facts = json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # (UnicodeDecodeError is a ValueError)
        return None
    return facts if _shape_ok(facts) else None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number coach writes")


# --- the whole log, from kept facts only ---------------------------------------------------------


def kept_log_facts(store: Store | Path, tz: tzinfo) -> LogFacts | None:
    """The whole log's facts in ``tz`` (``store``: the data folder, or its store) if every
    year's log has a facts file made from it as it is now; else None (nothing is made here:
    :func:`coach.storage.facts.log_facts` does that, from the validated records). Reads the log
    files only to check their versions.

    Takes no lock (and imports no storage engine): every file is replaced whole, so each one
    read is some version of it; what is read is one state of the folder when no change of
    several files (the journal) was under way before or after, and no log file read was
    replaced by the end (its inode, size and modification time). Otherwise None.
    """
    zone = tz_key(tz)
    if zone is None:
        return None
    folder = store if isinstance(store, Path) else store.folder
    journal = folder / JOURNAL_FILE
    parts: list[FileFacts] = []
    read: list[tuple[Path, dict[str, Any]]] = []
    try:
        if os.path.lexists(journal):
            return None  # a change of several files under way (or left by a crash)
        years = sorted(int(m.group(1)) for n in os.listdir(folder) if (m := LOG_RE.match(n)))
        for year in years:
            path = folder / log_file_name(year)
            found = _read_log(path)
            if found is None or found[0]["size"] == 0:  # (gone meanwhile; damage: told by
                return None  # the full read)
            version, _ = found
            facts = decode((folder / facts_file_name(year)).read_bytes(), zone, version)
            if facts is None:
                return None
            parts.append(facts)
            read.append((path, version))
        if os.path.lexists(journal):
            return None
        for path, version in read:
            st = os.lstat(path)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != (
                version["ino"], version["size"], version["mtime_ns"]
            ):  # fmt: skip
                return None
    except OSError:
        return None
    try:
        return LogFacts.merge(parts)
    except NotFacts:
        return None
