"""A redo journal: a change that spans several data files lands whole or not at all.

Each file is replaced atomically on its own, so a crash between two files (an import that
touches several years, a migration) could leave some written and others not. When a transaction
changes more than one file, :func:`write_all` first writes the new bytes of every file into one
journal file (atomically, fsynced), then replaces the files one by one, then removes the
journal. :func:`replay` (run under the data lock before every transaction) finishes a journal a
crash left behind by writing its files again (the same bytes: doing it twice is harmless).

So after a crash the folder holds either no journal (nothing of the change, if the journal was
not complete yet; or all of it) or a complete journal that the next coach command replays.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.storage.atomic import atomic_write, fsync_dir
from coach.storage.errors import CorruptDatabase
from coach.storage.memo import Sig
from coach.storage.names import JOURNAL_FILE as JOURNAL_FILE  # (named from here too)

_NAMES = re.compile(r"^(coach\.json|log-\d{4}\.json)$")
_FORMAT = 1


def write_all(folder: Path, files: Sequence[tuple[str, bytes, Callable[[Sig], None]]]) -> None:
    """Write every ``(name, bytes, on_written)`` as one change (see the module docstring)."""
    journal = folder / JOURNAL_FILE
    doc = {
        "coach_journal": _FORMAT,
        "files": [
            {"name": name, "data": base64.b64encode(data).decode("ascii")}
            for name, data, _ in files
        ],
    }
    atomic_write(journal, json.dumps(doc).encode("utf-8"))
    for name, data, on_written in files:
        on_written(atomic_write(folder / name, data))
    journal.unlink()
    fsync_dir(folder)


def replay(folder: Path) -> bool:
    """Finish a change a crash interrupted; whether there was one. Call under the data lock."""
    journal = folder / JOURNAL_FILE
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CorruptDatabase(journal, f"coach cannot read it ({exc.strerror or exc})") from None
    files = _entries(journal, raw)
    for name, data in files:
        atomic_write(folder / name, data)
    journal.unlink()
    fsync_dir(folder)
    return True


def _entries(journal: Path, raw: bytes) -> list[tuple[str, bytes]]:
    try:
        doc = json.loads(raw)
        if doc.get("coach_journal") != _FORMAT:
            raise ValueError("an unknown journal format")
        out = []
        for item in doc["files"]:
            name, data = item["name"], base64.b64decode(item["data"], validate=True)
            if not isinstance(name, str) or not _NAMES.match(name):
                raise ValueError(f"an unexpected file name {name!r}")
            out.append((name, data))
        return out
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise CorruptDatabase(
            journal,
            f"this unfinished change cannot be read ({str(exc)[:80]}); the data files were "
            "not changed by it",
        ) from None
