"""The program's past summed up (:mod:`coach.domain.past`), kept in ``facts-past.json`` as a
cache beside the facts files.

One file, one past: a header naming the format and the past's key (the domain's digest of the
program, the excused days and every routine's per-day facts before the past's Monday) and the
past as JSON values. A reader gets it only under the key it asks for; anything else (another
key, damage, a missing file) reads as "not kept", and the caller walks the days again and keeps
the new one. Written under the data lock (temp file, fsync, ``os.replace``, fsync the folder);
read without it: the file is replaced whole, and its key says what it stands for. Deleting it
changes no figure. Imports nothing heavy until it writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.storage.store import Store

PAST_FILE = "facts-past.json"
FORMAT = 1
_MAX_BYTES = 1 << 20  # a past is a few hundred bytes: anything larger is not one


def read_past(folder: Path, key: str) -> Any:
    """The past kept in ``folder`` under ``key`` as JSON values (checked by the domain's
    ``from_plain``), or None."""
    try:
        with open(Path(folder) / PAST_FILE, "rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > _MAX_BYTES:
        return None
    try:
        kept = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if type(kept) is not dict or kept.get("format") != FORMAT or kept.get("key") != key:
        return None
    return kept.get("past")


def keep_past(store: Store, key: str, past: dict[str, Any]) -> None:
    """Keep ``past`` under ``key`` (under the data lock; replaces the one kept before)."""
    # lazy: the writer brings TinyDB (only when a past was made)
    from coach.storage.atomic import atomic_write

    data = json.dumps({"format": FORMAT, "key": key, "past": past}, separators=(",", ":"))
    with store.transaction() as tx:
        atomic_write(tx.folder / PAST_FILE, data.encode())
