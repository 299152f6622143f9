"""What the today panel needs from the past years' facts files, kept in ``facts-before.json``.

The domain's :mod:`~coach.domain.past_facts` sums up the facts of every log file of the years
before this one in a few KB. Kept here beside the facts files as a cache, so that the panel
drawn at start-up reads this file and this year's facts, not ten years of facts:

- One header line: the format, the time zone of its days, the year it was made for (it stands
  for the log files of the years before) and the version of each of those log files as their
  facts files name it (inode, size, modification time, the log's save token, a CRC-32), and a
  CRC-32 of the body. Any difference and it is not used.
- Written by the validated reading (:func:`keep_before`, called by
  :func:`coach.storage.facts.log_facts`) under the data lock (temp file, fsync,
  ``os.replace``), only when it is missing or stale.
- Read without the lock (:func:`kept_panel_facts`): the past years' logs are checked by their
  inode, size, modification time and save token (a header read each, not their bytes: every
  write by coach changes the token, anything else the time); this year's logs and facts files as
  :func:`~coach.storage.facts_file.kept_log_facts` checks them (every byte). The validated read
  that follows at start-up checks every byte of every log, and tells damage.
- Deleting it changes no figure (tests assert it).
"""

from __future__ import annotations

import json
import os
import re
import zlib
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.domain import past_facts
from coach.domain.dayfacts import WIDTH, FileFacts, LogFacts, NotFacts
from coach.domain.past import checkpoint
from coach.storage.facts_file import (
    _LOWEST,
    _ascending,
    _function_ok,
    _ints,
    _last_pain_ok,
    _numbers,
    _read_log,
    _series,
    _strs,
    decode,
    facts_file_name,
    open_log,
    tz_key,
)
from coach.storage.fileheader import HEAD_BYTES, header_of
from coach.storage.names import JOURNAL_FILE, LOG_RE, log_file_name

if TYPE_CHECKING:
    from coach.storage.store import Store

BEFORE_FILE = "facts-before.json"
_HIGHEST = date.max.toordinal()
_HEX = re.compile(r"[0-9a-f]*")


def _head(zone: str, year: int, logs: list[list[Any]]) -> dict[str, Any]:
    return {"format": past_facts.FORMAT, "tz": zone, "year": year, "logs": logs}


def encode_before(plain: dict[str, Any], zone: str, year: int, logs: list[list[Any]]) -> bytes:
    """The file: one header line (what it was made from, the body's CRC-32), the body."""
    body = json.dumps(plain, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    head = {**_head(zone, year, logs), "body_crc32": zlib.crc32(body)}
    return json.dumps(head, separators=(",", ":")).encode() + b"\n" + body


def _split(data: bytes) -> tuple[dict[str, Any], bytes] | None:
    line, sep, body = data.partition(b"\n")
    if not sep:
        return None
    try:
        head = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if type(head) is not dict or head.get("body_crc32") != zlib.crc32(body):
        return None
    return head, body


def _shape_ok(plain: Any) -> bool:
    """Whether ``plain`` has exactly the shape :func:`coach.domain.past_facts.summarize` writes."""
    keys = {
        "format",
        "at",
        "last_day",
        "sessions",
        "pain",
        "last_pain",
        "practice",
        "links",
        "records",
        "pain_n",
        "flares",
        "measures",
        "measures_n",
        "function",
        "function_out",
    }
    if type(plain) is not dict or set(plain) != keys or plain["format"] != past_facts.FORMAT:
        return False
    if not (_ints([plain["at"]], _LOWEST, _HIGHEST) and _ints([plain["last_day"]], 0, _HIGHEST)):
        return False
    sessions = plain["sessions"]
    if type(sessions) is not dict:
        return False
    for rid, entry in sessions.items():
        if type(entry) is not dict or set(entry) != {"first", "run", "before", "days"}:
            return False
        first, run, digest, flat = entry["first"], entry["run"], entry["before"], entry["days"]
        if not (type(first) is list and len(first) == 3 and _ints(first[:1])
                and _strs(first[1:])):  # fmt: skip
            return False
        if not (run is None or _ints([run], _LOWEST, _HIGHEST)) or type(digest) is not str:
            return False
        if not (type(rid) is str and _ints(flat, 0) and len(flat) % WIDTH == 0):
            return False
        days = flat[::WIDTH]
        if not _ascending(days) or (days and not (days[0] >= _LOWEST and days[-1] <= _HIGHEST)):
            return False
    pain_ok = _series(plain["pain"], lambda k: type(k) is str, lambda v: _ints(v, 0, 10))
    if not (pain_ok and _last_pain_ok(plain["last_pain"]) and _strs(plain["practice"])
            and _strs(plain["links"])):  # fmt: skip
        return False
    return _stats_ok(plain)


def _stats_ok(plain: dict[str, Any]) -> bool:
    """The part ``coach stats`` reads (:func:`coach.domain.past_stats.summarize_checkins`):
    counts no smaller than the values kept, flare days as bitmaps, activity scores."""
    if not (_ints([plain["records"]], 0) and _series(plain["measures"], _is_str, _numbers)):
        return False
    for counts, kept in (
        (plain["pain_n"], plain["pain"]),
        (plain["measures_n"], plain["measures"]),
    ):
        if type(counts) is not dict or set(counts) != set(kept):
            return False
        if not all(_ints([n], len(kept[k][1])) for k, n in counts.items()):
            return False
    flares = plain["flares"]
    if type(flares) is not dict or not all(
        type(region) is str and type(bits) is list and len(bits) == 2
        and _ints(bits[:1], 0, _HIGHEST) and type(bits[1]) is str and _HEX.fullmatch(bits[1])
        and len(bits[1]) % 2 == 0
        and (not bits[1] or _LOWEST <= bits[0] <= _HIGHEST + 1 - 4 * len(bits[1]))
        for region, bits in flares.items()
    ):  # fmt: skip
        return False
    function = plain["function"]
    if not _function_ok(function) or not _ascending([item[0] for item in function]):
        return False
    out = plain["function_out"]
    return type(out) is list and all(
        type(item) is list and len(item) == 2 and _strs(item[0]) and bool(item[0])
        and _ints(item[1:], 1)
        for item in out
    )  # fmt: skip


def _is_str(key: Any) -> bool:
    return type(key) is str


def _read(folder: Path, zone: str, year: int) -> tuple[list[Any], dict[str, Any]] | None:
    """(the logs it names, its values) if the file is whole and made for ``zone`` and ``year``."""
    try:
        with open(folder / BEFORE_FILE, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    found = _split(data)
    if found is None:
        return None
    head, body = found
    if {k: head.get(k) for k in ("format", "tz", "year")} != {
        "format": past_facts.FORMAT, "tz": zone, "year": year
    }:  # fmt: skip
        return None
    logs = head.get("logs")
    if type(logs) is not list or not all(
        type(e) is list and len(e) == 2 and type(e[0]) is int and type(e[1]) is dict for e in logs
    ):
        return None
    try:
        plain = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return (logs, plain) if _shape_ok(plain) else None


def _stamp(path: Path) -> tuple[Any, ...] | None:
    """(inode, size, modification time, save token) of a log file, from its header only."""
    found = open_log(path, HEAD_BYTES)  # (OSError when not a plain file: not current)
    if found is None:
        return None
    st, first = found
    rev = (header_of(first) or {}).get("rev")
    return st.st_ino, st.st_size, st.st_mtime_ns, rev if isinstance(rev, str) else None


def _of(version: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(version.get(k) for k in ("ino", "size", "mtime_ns", "rev"))


def kept_panel_facts(folder: Path, tz: tzinfo, today: date) -> past_facts.PanelFacts | None:
    """What the today panel reads of the whole log (:class:`~coach.domain.past_facts.PanelFacts`)
    from ``facts-before.json`` and this year's facts files, when every one is current; else
    None (nothing is made or written here). Takes no lock: see the module's docstring."""
    found = _kept(folder, tz, today)
    return None if found is None else past_facts.combine(*found, checkpoint(today))


def kept_stats_facts(folder: Path, tz: tzinfo, today: date) -> past_facts.StatsFacts | None:
    """What ``coach stats`` reads of the whole log (:class:`~coach.domain.past_facts.StatsFacts`)
    from ``facts-before.json`` and this year's facts files, as :func:`kept_panel_facts`."""
    found = _kept(folder, tz, today)
    return None if found is None else past_facts.combine_stats(*found, checkpoint(today))


def _kept(folder: Path, tz: tzinfo, today: date) -> tuple[dict[str, Any], LogFacts] | None:
    """(the summary's values, this year's facts merged) when every file is current."""
    zone = tz_key(tz)
    if zone is None:
        return None
    journal = folder / JOURNAL_FILE
    try:
        if os.path.lexists(journal):
            return None  # a change of several files under way (or left by a crash)
        years = sorted(int(m.group(1)) for n in os.listdir(folder) if (m := LOG_RE.match(n)))
        past = [y for y in years if y < today.year]
        kept = _read(folder, zone, today.year) if past else None
        if kept is None:
            return None
        logs, plain = kept
        if [y for y, _ in logs] != past:
            return None
        stamps = {y: _of(v) for y, v in logs}
        if any(_stamp(folder / log_file_name(y)) != stamps[y] for y in past):
            return None
        parts: list[FileFacts] = []
        read: list[tuple[Path, tuple[Any, ...]]] = []
        for year in years[len(past) :]:
            path = folder / log_file_name(year)
            found = _read_log(path)
            if found is None or found[0]["size"] == 0:
                return None
            version, _ = found
            facts = decode((folder / facts_file_name(year)).read_bytes(), zone, version)
            if facts is None:
                return None
            parts.append(facts)
            read.append((path, _of(version)[:3]))
        if os.path.lexists(journal):
            return None
        # (replaced or written meanwhile: another inode, size or time; their tokens were read)
        read += [(folder / log_file_name(y), stamps[y][:3]) for y in past]
        for path, (ino, size, mtime_ns) in read:
            st = os.lstat(path)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != (ino, size, mtime_ns):
                return None
    except OSError:
        return None
    if not past_facts.check_links(plain, parts):
        return None
    try:
        return plain, LogFacts.merge(parts)
    except NotFacts:
        return None


def keep_before(
    store: Store, zone: str, by_year: dict[int, tuple[FileFacts, dict[str, Any] | None]],
    today: date,
) -> None:  # fmt: skip
    """Keep the past years' summary for ``today``'s year when the one kept is not for these
    files (``by_year``: each log year's facts and the version of the log they were made from,
    None when not known). A cache: never raises for what it cannot do."""
    past = sorted(y for y in by_year if y < today.year)
    if not past or any(by_year[y][1] is None for y in past):
        return
    logs = [[y, by_year[y][1]] for y in past]
    folder = store.folder
    kept = _read(folder, zone, today.year)
    plain = kept[1] if kept is not None and kept[0] == logs else None
    if plain is not None and plain["at"] == checkpoint(today).toordinal():
        return  # current
    # lazy: the writer brings TinyDB (only when the summary is made again)
    from coach.storage.atomic import atomic_write

    try:
        plain = past_facts.summarize([by_year[y][0] for y in past], checkpoint(today))
    except NotFacts:
        return
    data = encode_before(plain, zone, today.year, logs)
    # lazy: with the writer
    from coach.storage.errors import StorageError

    try:
        with store.transaction() as tx:
            for year in past:
                name, version = log_file_name(year), by_year[year][1] or {}
                st = os.stat(tx.folder / name)
                if tx.is_open(name) or (st.st_ino, st.st_size, st.st_mtime_ns) != (
                    version["ino"], version["size"], version["mtime_ns"]
                ):  # fmt: skip
                    return  # changed since: made again next time
            atomic_write(tx.folder / BEFORE_FILE, data)
    except (OSError, StorageError):
        return


def keep_from_facts_files(folder: Path, tz: tzinfo, today: date) -> None:
    """Make the past years' summary from their facts files when it is missing or stale (for
    these logs, this year) and every one of those is current: a folder where ``coach stats`` is
    all a client runs has no validated read to make it. A cache: never raises for what it
    cannot do; the log files are read (their CRC-32) only when the summary is not current."""
    zone = tz_key(tz)
    if zone is None:
        return
    by_year: dict[int, tuple[FileFacts, dict[str, Any] | None]] = {}
    try:
        if os.path.lexists(folder / JOURNAL_FILE):
            return
        years = sorted(int(m.group(1)) for n in os.listdir(folder) if (m := LOG_RE.match(n)))
        past = [y for y in years if y < today.year]
        if not past:
            return
        kept = _read(folder, zone, today.year)
        if (
            kept is not None
            and kept[1]["at"] == checkpoint(today).toordinal()
            and [y for y, _ in kept[0]] == past
            and all(_stamp(folder / log_file_name(y)) == _of(v) for y, v in kept[0])
        ):
            return  # current
        for year in past:
            found = _read_log(folder / log_file_name(year))
            if found is None or found[0]["size"] == 0:
                return
            version, _ = found
            facts = decode((folder / facts_file_name(year)).read_bytes(), zone, version)
            if facts is None:
                return
            by_year[year] = (facts, version)
    except OSError:
        return
    # lazy: the writer's lock and transaction bring TinyDB (only when the summary is made)
    from coach.storage.errors import StorageError
    from coach.storage.store import Store

    try:
        keep_before(Store(folder), zone, by_year, today)
    except (OSError, StorageError):
        return
