"""The per-day facts of each past year's log file, kept beside it as a cache (``facts-YYYY.json``).

What the home screen and ``coach stats`` need from ten years of records fits in the facts of
:mod:`coach.domain.dayfacts`. A past year's facts are kept in ``facts-YYYY.json`` next to
``log-YYYY.json``, so a reader reads the current year's log and small facts files, not every
record. The files are a cache, never the truth:

- Each one names the log file version it was made from (inode, size, modification time, the
  log's random save token and a CRC-32 of its bytes) and the time zone of its days; any
  difference and it is not used (it is made again from the log, whose records are then
  validated as on every full read: a damaged log is refused, never hidden behind its facts).
- Its own body carries a CRC-32 and is checked for shape: a damaged facts file is refused and
  made again.
- Written under the data lock like every data file (temp file, fsync, ``os.replace``, fsync the
  folder). When a transaction saves a past year's log, that year's facts are made again from
  the saved records before the lock is released (see :func:`after_log_write`); if that fails
  they are removed. The current year's (and any later year's) facts are removed instead when
  its log is saved (making them again would cost every saved check-in a read of the year's
  records); the next reader makes them from the validated log and keeps them, so the home
  screen and ``coach stats`` read no records while the log is unchanged.
- Deleting them changes no figure (tests assert it on ten years of history).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic needs it before Python 3.12

from coach.domain import dayfacts
from coach.domain.dayfacts import FileFacts, LogFacts, NotFacts
from coach.domain.records import CheckInFacts, CheckInRecord, SessionFacts, SessionRecord
from coach.storage import bulk
from coach.storage.atomic import atomic_write
from coach.storage.jsonfile import HEAD_BYTES, header_of
from coach.storage.store import LOG_WRITE_HOOKS, Store, Transaction, log_file_name

FORMAT = 3  # 3: last_pain holds every rating of its check-in
_FACTS_RE = re.compile(r"^facts-(\d{4})\.json$")
_KINDS = (
    bulk.Kind("sessions", SessionRecord, "session", convert=SessionFacts.of_many),
    bulk.Kind("checkins", CheckInRecord, "check-in", convert=CheckInFacts.of_many),
)


def facts_file_name(year: int) -> str:
    """The facts file of a year's log."""
    return f"facts-{year:04d}.json"


def tz_key(tz: tzinfo) -> str | None:
    """A name that tells time zones apart (None: this zone cannot be named, nothing cached)."""
    if isinstance(tz, ZoneInfo):
        return f"zone:{tz.key}" if tz.key else None
    if isinstance(tz, timezone):
        offset = tz.utcoffset(None)
        return f"offset:{int(offset / timedelta(seconds=1))}"
    return None


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


# --- the log file's version ----------------------------------------------------------------------


def _log_version(data: bytes, st: os.stat_result) -> dict[str, Any]:
    header = header_of(data[:HEAD_BYTES]) or {}
    rev = header.get("rev")
    return {
        "ino": st.st_ino,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "rev": rev if isinstance(rev, str) else None,
        "crc32": zlib.crc32(data),
    }


def _read_log(path: Path) -> tuple[dict[str, Any], bytes] | None:
    """(version, bytes) of a log file, None if it is missing."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        return None
    return _log_version(data, st), data


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


Rating = Annotated[int, Field(ge=0, le=10)]
Ordinal = Annotated[int, Field(ge=1, le=date.max.toordinal())]
PainKey = Annotated[str, StringConstraints(pattern=r"\|")]  # region|context


class _RoutineFacts(TypedDict):
    first: tuple[int, str, str]
    days: list[Annotated[int, Field(ge=0)]]


class _FileFacts(TypedDict):
    sessions: dict[str, _RoutineFacts]
    days: list[int]
    pain: dict[PainKey, tuple[list[Ordinal], list[Rating]]]
    measures: dict[str, tuple[list[Ordinal], list[float]]]
    function: list[tuple[Ordinal, dict[str, int]]]
    last_pain: tuple[int, str, str, str, Rating, Ordinal, list[tuple[str, Rating]]] | None
    practice: list[str]
    links: list[str]


_SHAPE: list[TypeAdapter[_FileFacts]] = []  # built on first use (not at import)


def _ascending(days: list[int]) -> bool:
    return all(a <= b for a, b in zip(days, days[1:], strict=False))


def _parse(body: bytes) -> FileFacts | None:
    """The facts in a body if they have the shape :mod:`coach.domain.dayfacts` writes (so
    reading them can never fail); else None."""
    if not _SHAPE:
        _SHAPE.append(TypeAdapter(_FileFacts))
    try:
        facts: Any = _SHAPE[0].validate_json(body, strict=True)
    except ValidationError:
        return None
    lowest, highest = 1, date.max.toordinal()
    for entry in facts["sessions"].values():
        flat = entry["days"]
        days = flat[:: dayfacts.WIDTH]
        if len(flat) % dayfacts.WIDTH or (days and not lowest <= min(days) <= highest):
            return None
        if not _ascending(days) or (days and max(days) > highest):
            return None
    days = facts["days"]
    if len(days) % 4 or not _ascending(days[::4]) or (days and days[0] < lowest):
        return None
    if days and days[-4] > highest:
        return None
    for days, values in (*facts["pain"].values(), *facts["measures"].values()):
        if len(days) != len(values) or not _ascending(days):
            return None
    return facts  # type: ignore[no-any-return]


# --- reading the whole log's facts ---------------------------------------------------------------


@dataclass
class _Pending:
    """A log file whose facts must be made from its records."""

    year: int
    file: bulk.LogFile
    version: dict[str, Any] | None  # None: not to be kept (current year, or open in the tx)


def _kept(tx: Transaction, year: int, zone: str | None) -> tuple[FileFacts | None, _Pending | None]:
    """A past year's facts from its file if current, else what to make them from."""
    name = log_file_name(year)
    path = tx.folder / name
    if zone is None or tx.is_open(name):
        source = tx.log_source(year)
        if source is None:
            return None, None
        if isinstance(source, tuple):
            return None, _Pending(year, bulk.LogFile(path, raw=source), None)
        return None, _Pending(year, bulk.LogFile(path, tables=source), None)
    found = _read_log(path)
    if found is None:
        return None, None
    version, data = found
    if version["size"] == 0:
        return None, None
    try:
        kept = (tx.folder / facts_file_name(year)).read_bytes()
    except OSError:
        kept = b""
    facts = decode(kept, zone, version) if kept else None
    if facts is not None:
        return facts, None
    sig = (version["ino"], version["size"], version["mtime_ns"])
    return None, _Pending(year, bulk.LogFile(path, raw=(sig, data)), version)


def _make(pending: _Pending, tz: tzinfo) -> FileFacts:
    """The facts of one log file, its records validated as on every read (raises
    :class:`~coach.storage.errors.CorruptDatabase` for a damaged log)."""
    sessions, checkins = bulk.build([pending.file], _KINDS)
    return dayfacts.build(sessions, checkins, tz)


def log_facts(store: Store, tz: tzinfo, today: date) -> LogFacts | None:
    """The facts of the whole log in ``tz``; None when they cannot stand for the records (the
    caller reads the records instead). Each year's facts come from its facts file when it was
    made from the log as it is now, and are made (and kept) otherwise. ``today``: the reader's
    local day (unused: kept for callers).

    Raises :class:`~coach.storage.errors.CorruptDatabase` when a log file that had to be read is
    damaged, exactly as reading the records would.
    """
    zone = tz_key(tz)
    parts: list[FileFacts] = []
    pending: list[_Pending] = []
    with store.transaction() as tx:  # the lock only while the files are read
        for year in tx.log_years():
            facts, todo = _kept(tx, year, zone)
            if facts is not None:
                parts.append(facts)
            elif todo is not None:
                pending.append(todo)
    made: list[tuple[_Pending, FileFacts]] = []
    try:
        for todo in pending:
            made.append((todo, _make(todo, tz)))
        merged = LogFacts.merge([*parts, *(facts for _, facts in made)])
    except NotFacts:
        return None
    keep = [(todo, facts) for todo, facts in made if todo.version is not None]
    if keep and zone is not None:
        _keep(store, zone, keep)
    return merged


def _keep(store: Store, zone: str, made: Iterable[tuple[_Pending, FileFacts]]) -> None:
    """Write facts made from logs that have not changed since they were read."""
    with store.transaction() as tx:
        for todo, facts in made:
            path = tx.folder / log_file_name(todo.year)
            if tx.is_open(path.name):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            version = todo.version or {}
            if (st.st_ino, st.st_size, st.st_mtime_ns) != (
                version.get("ino"), version.get("size"), version.get("mtime_ns")
            ):  # fmt: skip
                continue  # changed since: made again next time
            atomic_write(tx.folder / facts_file_name(todo.year), encode(facts, zone, version))


# --- keeping them current when a past year's log is saved --------------------------------------


def after_log_write(tx: Transaction, year: int) -> None:
    """A year's log file was just replaced (under the lock): make a past year's facts again, if
    it has facts, from what was written; remove them if that cannot be done, and always for the
    current year (or a later one), whose next reader makes them again. Never raises."""
    path = tx.folder / facts_file_name(year)
    if year >= _current_year():  # saved often: never read whole on a save
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return
    try:
        with open(path, "rb") as handle:
            head = handle.readline()
    except FileNotFoundError:
        return  # none kept (the current year never has any): nothing to do
    except OSError:
        head = b""
    try:
        zone = json.loads(head).get("tz")
        tz = _tz_of(zone) if isinstance(zone, str) else None
        found = _read_log(tx.folder / log_file_name(year))
        if tz is None or found is None:
            raise NotFacts("no time zone, or no log")
        version, data = found
        sig = (version["ino"], version["size"], version["mtime_ns"])
        todo = _Pending(year, bulk.LogFile(tx.folder / log_file_name(year), raw=(sig, data)), None)
        atomic_write(path, encode(_make(todo, tz), zone, version))
    except Exception:  # noqa: BLE001 - a cache: when in doubt, gone (made again when read)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _current_year() -> int:
    return date.today().year


def is_facts_file(name: str) -> bool:
    """Whether ``name`` is one of the facts files of the data folder."""
    return _FACTS_RE.match(name) is not None


if after_log_write not in LOG_WRITE_HOOKS:
    LOG_WRITE_HOOKS.append(after_log_write)
