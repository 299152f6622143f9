"""Durable whole-file writes for files next to the database (e.g. the client's routine copies)."""

from __future__ import annotations

from pathlib import Path

from coach.storage.atomic import atomic_write


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (0600); parent folders made 0700.

    Temp file in the same folder, fsync, ``os.replace``, fsync the folder: a crash leaves the old
    file or the new one, never a mix.
    """
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, data)
