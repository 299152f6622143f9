"""Log records without the record models, from year files a validated read vouched for.

``coach history`` lists the records of the last weeks. Reading them validated means importing
pydantic and the record models and validating whole year files, which costs several times what
listing them does. A year's facts file (:mod:`coach.storage.facts`) names the exact version of
the log file it was made from (inode, size, modification time, save token and a CRC-32 of every
byte), and is only ever made from records that passed the validated read. So when every year
file to be read has a facts file naming it as it is now, its bytes are bytes that were validated,
and its records are read here with a JSON parser alone (orjson), into the read-only copies of
:mod:`coach.domain.record_types`. Anything else (a year file without such a facts file, a change
a crash left half done, a lock file that is not a plain file, the lock busy, a record of an
unexpected shape) and None: the caller reads the records validated, which refuses damage and
says why. A damaged file is never read as fine, or as empty.

The files are read holding the data lock (``flock`` on ``coach.lock``, the lock every
transaction takes), so they are one state; nothing is written.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

import orjson

from coach.domain.record_types import CheckInFacts, ExerciseFacts, PainFacts, SessionRecordFacts
from coach.storage.fileheader import HEAD_BYTES, header_of, read_log
from coach.storage.names import JOURNAL_FILE, LOCK_FILE, LOG_RE, facts_file_name, log_file_name

_WAIT_S = 2.0
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class _NotVouched(Exception):
    """A year file no facts file vouches for (or an unexpected shape): read it validated."""


@contextmanager
def _data_lock(folder: Path) -> Iterator[bool]:
    """Hold the data lock (yields True), or yield False when it cannot be taken quickly or its
    file is missing or not a plain file (the validated read takes it, or says what is wrong)."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | _NO_FOLLOW)
    except OSError:
        yield False
        return
    try:
        if not S_ISREG(os.fstat(fd).st_mode):
            yield False
            return
        deadline = time.monotonic() + _WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.01)
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _years(folder: Path) -> list[int]:
    years = []
    for name in os.listdir(folder):
        if LOG_RE.match(name):
            years.append(int(name[4:8]))
    return sorted(years, reverse=True)


def _vouched(folder: Path, year: int, parse: bool = True) -> dict[str, Any] | None:
    """A year file's tables if a facts file vouches for its bytes (None: no such file; with
    ``parse`` False, an empty dict once they are vouched for: the file is checked, not read)."""
    found = read_log(folder / log_file_name(year))  # OSError: not a plain file
    if found is None:
        return None
    version, data = found
    try:
        with open(folder / facts_file_name(year), "rb") as handle:
            head = orjson.loads(handle.readline())
    except (OSError, ValueError):
        raise _NotVouched(year) from None
    if not isinstance(head, dict) or head.get("log") != version or version["size"] == 0:
        raise _NotVouched(year)
    if not parse:
        return {}
    tables = orjson.loads(data)  # (as the facts files are read: half the json module's time)
    if not isinstance(tables, dict):
        raise _NotVouched(year)
    return tables


def _before(header: dict[str, Any] | None, since: datetime) -> bool:
    """True when a log file's header bounds every record time in it below ``since``.

    The header's ``max_year`` is an upper bound of the years written in the file's time keys
    (:mod:`coach.storage.logs`), each an ISO time with its own offset, and an offset is less
    than a day: the latest such time, ``max_year``-12-31 23:59:59 at any offset, is before
    2 January ``max_year + 1`` 00:00 UTC."""
    latest = header.get("max_year") if header else None
    if type(latest) is not int or not 1 <= latest < 9998:
        return False
    return since >= datetime(latest + 1, 1, 2, tzinfo=UTC)


def vouched_tables(folder: Path, since: datetime | None) -> list[dict[str, Any]] | None:
    """The tables of the year files that can hold records from ``since`` on (all: None),
    newest first, if a facts file vouches for every one the validated read would read; else
    None. A file whose header bounds its records before ``since`` is checked (its facts file
    must vouch for it, as the validated read would refuse it damaged) but not parsed."""
    since_year = None if since is None else since.year
    with _data_lock(folder) as locked:
        if not locked or (folder / JOURNAL_FILE).exists():
            return None
        out = []
        try:
            for year in _years(folder):
                parse = True
                if since is not None and since_year is not None:
                    try:
                        with open(folder / log_file_name(year), "rb") as handle:
                            header = header_of(handle.read(HEAD_BYTES))
                    except OSError:
                        return None
                    latest = header.get("max_year") if header else None
                    if isinstance(latest, int) and latest < since_year - 1:
                        continue  # (as the validated read skips it)
                    parse = not _before(header, since)
                tables = _vouched(folder, year, parse)
                if tables:
                    out.append(tables)
        except (_NotVouched, OSError, ValueError):
            return None
    return out


def history(
    folder: Path, since: datetime | None = None, *, every_checkin_from: datetime | None = None
) -> tuple[list[SessionRecordFacts], list[CheckInFacts]] | None:
    """:meth:`~coach.storage.repo.Repository.history`'s records (oldest first, from ``since``
    on) as read-only copies, from vouched year files; None when they cannot be read that way.

    ``every_checkin_from``: the check-ins before it are listed only when taken during a session
    (the report reads no other of the weeks before its period)."""
    limit = None if since is None else _aware(since)
    every = None if every_checkin_from is None else _aware(every_checkin_from)
    files = vouched_tables(folder, limit)
    if files is None:
        return None
    seen_s: set[str] = set()
    seen_c: set[str] = set()
    recs_s: list[SessionRecordFacts] = []
    recs_c: list[CheckInFacts] = []
    try:
        for tables in files:  # newest first: the first file's record of an id wins
            for doc in _docs(tables, "sessions"):
                if doc["id"] not in seen_s:
                    seen_s.add(doc["id"])
                    if limit is None or _time(doc["started_at"]) >= limit:
                        recs_s.append(_session(doc))
            for doc in _docs(tables, "checkins"):
                if doc["id"] not in seen_c:
                    seen_c.add(doc["id"])
                    at = None if limit is None and every is None else _time(doc["at"])
                    if at is None or (
                        (limit is None or at >= limit)
                        and (every is None or at >= every or doc["context"] == "during_session")
                    ):
                        recs_c.append(_checkin(doc))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    recs_s.sort(key=lambda rec: (_aware(rec.started_at), rec.id))
    recs_c.sort(key=lambda rec: (_aware(rec.at), rec.id))
    return recs_s, recs_c


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _docs(tables: dict[str, Any], name: str) -> list[dict[str, Any]]:
    table = tables.get(name) or {}
    if not isinstance(table, dict):
        raise TypeError(name)
    return list(table.values())


def _time(value: Any) -> datetime:
    if type(value) is not str:
        raise TypeError("a time")
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError("a naive time")
    return at


def _opt_time(value: Any) -> datetime | None:
    return None if value is None else _time(value)


def _session(doc: dict[str, Any]) -> SessionRecordFacts:
    """A stored session as a read-only copy (the defaults of :class:`SessionRecord`)."""
    return SessionRecordFacts(
        doc["id"], doc["routine_id"], doc["routine_title"], doc["routine_hash"],
        _time(doc["started_at"]), _opt_time(doc.get("ended_at")),
        doc.get("status", "in_progress"), int(doc.get("resume_step", 0)),
        float(doc.get("speed", 1.0)), bool(doc.get("practice", False)),
        bool(doc.get("flare", False)),
        tuple(ExerciseFacts(e["name"], e.get("status", "not_reached"))
              for e in doc.get("exercises", [])),
    )  # fmt: skip


def _checkin(doc: dict[str, Any]) -> CheckInFacts:
    """A stored check-in as a read-only copy (the defaults of :class:`CheckInRecord`)."""
    return CheckInFacts(
        doc["id"], _time(doc["at"]), doc["context"], doc.get("session_id"),
        doc.get("routine_id"),
        tuple(PainFacts(p["region"], p.get("value")) for p in doc.get("pain", [])),
        {k: float(v) for k, v in (doc.get("measures") or {}).items()},
        doc.get("stiffness"), doc.get("morning_stiffness_min"),
        dict(doc.get("function") or {}), doc.get("note"), _opt_time(doc.get("edited_at")),
    )  # fmt: skip
