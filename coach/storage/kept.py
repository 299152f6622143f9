"""The small JSON files coach keeps in the data folder to start and answer faster: caches.

Each one (the routine list, the review's and the report's inputs, the review's pasts) holds a
``format`` number, the ``signature`` of everything it was made from, and what its owner needs
from those files. They are a cache: reading one that is missing, damaged, of another format or
made from other files gives ``None`` (the owner then reads the data the long way), and writing
one never fails the caller. This module is the only code that reads or writes them, and takes the
signatures (:func:`signature`, :func:`stamp`) of the files they are made from; it imports
nothing heavy (no TinyDB, no filelock, no models), so a first frame can read one.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach.paths import bundled_routines_dir, user_routines_dir
from coach.storage.fileheader import HEAD_BYTES, header_of, open_log
from coach.storage.names import JOURNAL_FILE, LOG_RE

ROUTINE_LIST = "routine-list.cache.json"
"""The home screen's routine list and program (:mod:`coach.listing`)."""
REVIEW_INPUTS = "review.cache.json"
"""What ``coach stats``/``history`` read of coach.json and the routine files."""
REVIEW_PASTS = "review-past.cache.json"
"""The review's sums of the program's past."""
REPORT_INPUTS = "report.cache.json"
"""What ``coach report`` reads of coach.json and the routine files."""
REPORT_PAGE = "report-page.cache.json"
"""The last report, and what it was made from (:mod:`coach.services.report_cache`)."""
NAMES = (ROUTINE_LIST, REVIEW_INPUTS, REVIEW_PASTS, REPORT_INPUTS, REPORT_PAGE)
"""Every kept file (their interrupted writes' temp files are cleaned up like the log's)."""
COACH_FILE = "coach.json"

MAX_BYTES = 8 * 1024 * 1024
"""A kept file larger than this is not read (it cannot be one coach wrote for a real program)."""


def read_kept(
    data_dir: Path,
    name: str,
    fmt: int,
    signature: Any = None,
    *,
    check_signature: bool = True,
    max_bytes: int = MAX_BYTES,
) -> dict[str, Any] | None:
    """The kept file ``name`` as a JSON object, if it is readable, no larger than ``max_bytes``,
    of format ``fmt`` and (when ``check_signature``) made from ``signature``; else None. The
    caller checks the shape of the rest (a file of the right format can still be damaged)."""
    try:
        with open(data_dir / name, "rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return None
        kept = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None
    if type(kept) is not dict or kept.get("format") != fmt:
        return None
    if check_signature and kept.get("signature") != signature:
        return None
    return kept


def write_kept(data_dir: Path, name: str, body: dict[str, Any]) -> bool:
    """Keep ``body`` as ``name`` (atomically, like every data file); False when the folder is
    missing or cannot be written, or ``body`` cannot be written as JSON (a cache: never an
    error)."""
    if name not in NAMES or not data_dir.is_dir():
        return False
    # lazy: reading a kept file needs no writer (atomic_file, not atomic: that one brings TinyDB)
    from coach.storage.atomic_file import atomic_write

    try:
        data = json.dumps(body, ensure_ascii=False).encode()
        atomic_write(data_dir / name, data)
    except (OSError, ValueError, TypeError):
        return False
    return True


# --- what a kept file is made from ---------------------------------------------------------------


def _entry(path: Path) -> list[Any] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def signature(data_dir: Path, extra_dirs: Sequence[Path] = ()) -> list[Any]:
    """What the routine list and the program depend on: every ``*.json`` file of each routine
    source (name, inode, size, modification time) and ``coach.json``'s (the same sources, in the
    same order, as :func:`coach.library.default_sources`; folders named absolute, so that a
relative ``--data-dir`` and the same folder's full path match). A few ``stat`` calls."""
    sources = [bundled_routines_dir(), user_routines_dir(data_dir), *map(Path, extra_dirs)]
    out: list[Any] = []
    for source in sources:
        try:
            if not source.is_dir():
                out.append([os.path.abspath(source), _entry(source)])
                continue
            files = sorted(
                [e.name, e.inode(), *(lambda st: (st.st_size, st.st_mtime_ns))(e.stat())]
                for e in os.scandir(source)
                if e.name.endswith(".json")
            )
        except OSError:
            files = None
        out.append([os.path.abspath(source), "folder", files])
    out.append([COACH_FILE, _entry(data_dir / COACH_FILE)])
    return out


def stamp(data_dir: Path, extra_dirs: Sequence[Path] = ()) -> list[Any] | None:
    """:func:`signature` and a CRC-32 of each of those files' bytes, so that a file damaged in
    place with its time put back is not missed. None when ``coach.json`` is there but not a
    plain file (a link, a folder: the validated read refuses it, and says why)."""
    taken = signature(data_dir, extra_dirs)
    crcs: list[int | None] = []
    for entry in taken:
        if entry[0] == COACH_FILE:
            try:
                crcs.append(_plain_crc(data_dir / COACH_FILE))
            except FileNotFoundError:
                crcs.append(None)
            except OSError:
                return None
            continue
        paths = [Path(entry[0])]
        if len(entry) == 3 and entry[1] == "folder":
            paths = [Path(entry[0]) / file[0] for file in entry[2] or ()]
        for path in paths:
            try:
                crcs.append(zlib.crc32(path.read_bytes()))
            except OSError:
                crcs.append(None)
    return [taken, crcs]


def log_stamp(data_dir: Path, crc: bool = True, year: int | None = None) -> list[Any] | None:
    """Every log file's name, inode, size, modification time and a CRC-32 of its bytes (so that
    a file damaged in place with its time put back is not missed), in name order; without
    ``crc``, the same but the CRC-32 (a ``stat`` each: every write by coach replaces the file,
    a new inode). With ``year``, the logs of the years before it stand by their header's save
    token instead of a CRC-32 (as the past years summed up do: coach.storage.facts_before),
    when they have one. None when a change a crash left half done is there (``coach.journal``:
    the next read finishes it), a log file is not a plain file (a link, a folder) or the folder
    cannot be listed."""
    try:
        if os.path.lexists(data_dir / JOURNAL_FILE):
            return None
        names = sorted(name for name in os.listdir(data_dir) if LOG_RE.match(name))
        out: list[Any] = [
            [name, *_past_version(data_dir / name)]
            if crc and year is not None and _year_of(name) < year
            else [name, *_plain_version(data_dir / name, crc)]
            for name in names
        ]
        if os.path.lexists(data_dir / JOURNAL_FILE):  # (one began while they were read)
            return None
    except OSError:
        return None
    return out


def _plain_version(path: Path, crc: bool = True) -> list[int]:
    """A plain file's inode, size, modification time and (with ``crc``) CRC-32 (OSError for a
    link, a folder, a FIFO)."""
    found = open_log(path, -1 if crc else 0)
    if found is None:
        raise FileNotFoundError(path)
    st, data = found
    version = [st.st_ino, st.st_size, st.st_mtime_ns]
    return [*version, zlib.crc32(data)] if crc else version


def _year_of(name: str) -> int:
    found = LOG_RE.match(name)
    return int(found.group(1)) if found else 0


def _past_version(path: Path) -> list[Any]:
    """A past year's log: its inode, size, modification time and save token (from its header
    alone), or its CRC-32 when it has none (OSError for a link, a folder, a FIFO)."""
    found = open_log(path, HEAD_BYTES)
    if found is None:
        raise FileNotFoundError(path)
    st, head = found
    rev = (header_of(head) or {}).get("rev")
    if not isinstance(rev, str):
        return _plain_version(path)
    return [st.st_ino, st.st_size, st.st_mtime_ns, f"rev:{rev}"]


def _plain_crc(path: Path) -> int:
    """The CRC-32 of a plain file's bytes (OSError for a link, a folder, a FIFO)."""
    return _plain_version(path)[3]
