"""The small JSON files coach keeps in the data folder to start and answer faster: caches.

Each one (the routine list, the review's and the report's inputs, the review's pasts) holds a
``format`` number, the ``signature`` of everything it was made from, and what its owner needs
from those files. They are a cache: reading one that is missing, damaged, of another format or
made from other files gives ``None`` (the owner then reads the data the long way), and writing
one never fails the caller. This module is the only code that reads or writes them; it imports
nothing heavy (no TinyDB, no filelock, no models), so a first frame can read one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROUTINE_LIST = "routine-list.cache.json"
"""The home screen's routine list and program (:mod:`coach.listing`)."""
REVIEW_INPUTS = "review.cache.json"
"""What ``coach stats``/``history`` read of coach.json and the routine files."""
REVIEW_PASTS = "review-past.cache.json"
"""The review's sums of the program's past."""
REPORT_INPUTS = "report.cache.json"
"""What ``coach report`` reads of coach.json and the routine files."""
NAMES = (ROUTINE_LIST, REVIEW_INPUTS, REVIEW_PASTS, REPORT_INPUTS)
"""Every kept file (their interrupted writes' temp files are cleaned up like the log's)."""

MAX_BYTES = 8 * 1024 * 1024
"""A kept file larger than this is not read (it cannot be one coach wrote for a real program)."""


def read_kept(
    data_dir: Path, name: str, fmt: int, signature: Any = None, *, check_signature: bool = True
) -> dict[str, Any] | None:
    """The kept file ``name`` as a JSON object, if it is readable, is of format ``fmt`` and (when
    ``check_signature``) was made from ``signature``; else None. The caller checks the shape of
    the rest (a file of the right format can still be damaged)."""
    try:
        with open(data_dir / name, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
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
    # lazy: the writer brings the storage engine; reading a kept file needs none of it
    from coach.storage.atomic import atomic_write

    try:
        data = json.dumps(body, ensure_ascii=False).encode()
        atomic_write(data_dir / name, data)
    except (OSError, ValueError, TypeError):
        return False
    return True
