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
  folder). When a transaction saves a year's log, its facts are carried over the save before
  the lock is released when they vouched for the log as it was and the save is a usual one (a
  new check-in later than every other, a session saved: :mod:`coach.domain.dayfacts_update`),
  so the next ``coach stats`` after a check-in reads no records either (see
  :func:`after_log_write`). Otherwise a past year's facts are made again from the saved
  records (removed if that fails), and the current year's (and any later year's) are removed
  (making them again would cost a save a read of the year's records); the next reader makes
  them from the validated log and keeps them.
- Deleting them changes no figure (tests assert it on ten years of history).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from coach.domain import dayfacts, dayfacts_update
from coach.domain.dayfacts import FileFacts, LogFacts, NotFacts
from coach.domain.records import CheckInFacts, CheckInRecord, SessionFacts, SessionRecord
from coach.storage import bulk
from coach.storage.atomic import atomic_write
from coach.storage.facts_before import keep_before
from coach.storage.facts_file import (
    _FACTS_RE,
    _read_log,
    _tz_of,
    decode,
    encode,
    facts_file_name,
    tz_key,
)
from coach.storage.memo import Snapshot, Tables
from coach.storage.store import LOG_WRITE_HOOKS, Store, Transaction, log_file_name

_KINDS = (
    bulk.Kind("sessions", SessionRecord, "session", convert=SessionFacts.of_many),
    bulk.Kind("checkins", CheckInRecord, "check-in", convert=CheckInFacts.of_many),
)


# --- reading the whole log's facts ---------------------------------------------------------------


@dataclass
class _Pending:
    """A log file whose facts must be made from its records."""

    year: int
    file: bulk.LogFile
    version: dict[str, Any] | None  # None: not to be kept (current year, or open in the tx)


def _kept(tx: Transaction, year: int, zone: str | None) -> tuple[FileFacts | None, _Pending | None]:
    """A year's facts from its file if current (with the version of its log, as a pending
    that needs nothing made), else what to make them from."""
    name = log_file_name(year)
    path = tx.folder / name
    found: tuple[dict[str, Any], bytes] | None = None
    if zone is not None and not tx.is_open(name):
        try:
            found = _read_log(path)
            if found is None:
                return None, None
        except OSError:  # not a file, unreadable: told as the records read tells it
            found = None
    if zone is None or found is None or found[0]["size"] == 0:  # an empty log too
        source = tx.log_source(year)
        if source is None:
            return None, None
        if isinstance(source, tuple):
            return None, _Pending(year, bulk.LogFile(path, raw=source), None)
        return None, _Pending(year, bulk.LogFile(path, tables=source), None)
    version, data = found
    try:
        kept = (tx.folder / facts_file_name(year)).read_bytes()
    except OSError:
        kept = b""
    facts = decode(kept, zone, version) if kept else None
    if facts is not None:
        return facts, _Pending(year, bulk.LogFile(path, raw=None), version)
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
    local day (the past years' summary for the today panel is kept for its year:
:mod:`coach.storage.facts_before`).

    Raises :class:`~coach.storage.errors.CorruptDatabase` when a log file that had to be read is
    damaged, exactly as reading the records would.
    """
    zone = tz_key(tz)
    parts: list[FileFacts] = []
    pending: list[_Pending] = []
    by_year: dict[int, tuple[FileFacts, dict[str, Any] | None]] = {}
    with store.transaction() as tx:  # the lock only while the files are read
        for year in tx.log_years():
            facts, todo = _kept(tx, year, zone)
            if facts is not None:
                parts.append(facts)
                by_year[year] = (facts, todo.version if todo is not None else None)
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
    if zone is not None:  # what the today panel reads of the past years, at the next start
        by_year.update((todo.year, (facts, todo.version)) for todo, facts in made)
        keep_before(store, zone, by_year, today)
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


# --- keeping them current when a log file is saved ------------------------------------------------


def after_log_write(tx: Transaction, year: int) -> None:
    """A year's log file was just replaced (under the lock): carry its facts over the save when
    they vouched for the file as it was and the save is one they can follow (a check-in later
    than every other, a session saved: :mod:`coach.domain.dayfacts_update`), naming the file as
    it is now. Otherwise make a past year's facts again, if it has facts, from what was written;
    remove them if that cannot be done, and always for the current year (or a later one), whose
    next reader makes them again. Never raises.

    A crash between the log's replacement and its facts' leaves facts naming the log as it was
    before: refused by every reader (they name its size, modification time, save token and
    CRC-32), so they never stand for records they were not made from."""
    path = tx.folder / facts_file_name(year)
    try:
        if _carry_over(tx, year, path):
            return
    except Exception:  # noqa: BLE001 - a cache: when in doubt, made again (or removed) below
        pass
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
        atomic_write(path, encode(_make(todo, tz), zone, version), sync_dir=False)
    except Exception:  # noqa: BLE001 - a cache: when in doubt, gone (made again when read)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _version(snap: Snapshot | None) -> dict[str, Any] | None:
    """The version of a log file (as :func:`coach.storage.facts_file._read_log` tells it) whose
    contents are ``snap``; None when its CRC-32 is not known."""
    if snap is None or snap.crc32 is None:
        return None
    rev = snap.header.get("rev")
    ino, size, mtime_ns = snap.sig
    return {"ino": ino, "size": size, "mtime_ns": mtime_ns,
            "rev": rev if isinstance(rev, str) else None, "crc32": snap.crc32}  # fmt: skip


def _carry_over(tx: Transaction, year: int, path: Path) -> bool:
    """Write a year's facts after a save from its facts before it (see :func:`after_log_write`);
    whether that was done."""
    written = tx.written(log_file_name(year))
    if written is None:
        return False
    before, after = written
    old, new = _version(before), _version(after)
    if before is None or after is None or old is None or new is None:
        return False
    facts, zone = _kept_for(path, old)
    tz = _tz_of(zone) if zone is not None else None
    change = _change(before.tables, after.tables) if facts is not None else None
    if tz is None or zone is None or facts is None or change is None:
        return False
    sessions = after.tables.get("sessions") or {}
    own: set[Any] = set()  # the ids of the file's sessions, found when first asked

    def has_session(session_id: str) -> bool:
        if not own:
            own.update(doc.get("id") for doc in sessions.values())
        return session_id in own

    carried = dayfacts_update.updated(facts, change, tz, has_session)
    if carried is None:
        return False
    # The log on disk is still the one just written (the lock is held): its facts name it.
    # (The folder is fsynced once after the hooks: Transaction.flush.)
    atomic_write(path, encode(carried, zone, new), sync_dir=False)
    _CARRIED[str(path)] = (new, zone, carried)
    return True


_CARRIED: dict[str, tuple[dict[str, Any], str, FileFacts]] = {}
"""Per facts file: the facts this process last carried over a save, the log version they are
the facts of, their zone (a session saved at each exercise need not read them back)."""


def _kept_for(path: Path, version: dict[str, Any]) -> tuple[FileFacts | None, str | None]:
    """The facts of the log ``version`` (and their zone): those this process carried over its
    last save if they are of that version (they are the facts of the log whatever became of
    the file since), else the kept file's if it names that version."""
    last = _CARRIED.pop(str(path), None)
    if last is not None and last[0] == version:
        return last[2], last[1]
    try:
        kept = path.read_bytes()
    except OSError:
        return None, None
    zone = json.loads(kept.partition(b"\n")[0]).get("tz")
    if not isinstance(zone, str):
        return None, None
    return decode(kept, zone, version), zone


def _change(before: Tables, after: Tables) -> dayfacts_update.Change | None:
    """What a save changed in a log file's tables, as validated records; None when it is not a
    change :func:`~coach.domain.dayfacts_update.updated` follows (a record removed, a check-in
    changed, another table changed)."""
    saved: dict[str, list[tuple[Any, Any]]] = {"sessions": [], "checkins": []}
    for name in {*before, *after}:
        old, new = before.get(name) or {}, after.get(name) or {}
        if old is new:
            continue
        if name not in saved:
            return None
        added = 0
        for doc_id, doc in new.items():
            was = old.get(doc_id)
            if was is doc:
                continue
            if was is None:
                added += 1
            elif was == doc:
                continue
            saved[name].append((was, doc))
        if len(new) - added != len(old):
            return None  # a record removed
    if any(was is not None for was, _ in saved["checkins"]):
        return None  # a check-in edited
    return dayfacts_update.Change(
        sessions=[
            (None if was is None else SessionRecord.model_validate(dict(was)),
             SessionRecord.model_validate(dict(doc)))
            for was, doc in saved["sessions"]
        ],  # fmt: skip
        checkins=[CheckInRecord.model_validate(dict(doc)) for _, doc in saved["checkins"]],
    )


def _current_year() -> int:
    return date.today().year


def is_facts_file(name: str) -> bool:
    """Whether ``name`` is one of the facts files of the data folder."""
    return _FACTS_RE.match(name) is not None


if after_log_write not in LOG_WRITE_HOOKS:
    LOG_WRITE_HOOKS.append(after_log_write)
