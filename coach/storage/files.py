"""Durable whole-file writes and folders made with explicit modes, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

from coach.storage.atomic import atomic_write


def make_folders(folder: Path, mode: int = 0o700) -> None:
    """Create ``folder`` and any missing parents, each exactly ``mode`` (the umask is ignored).

    Folders that already exist are left as they are. Raises ``FileExistsError`` if something
    that is not a folder is in the way.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not probe.is_dir():
        if probe.exists() or probe.is_symlink():
            raise FileExistsError(f"{probe} is not a folder")
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=mode)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        os.chmod(path, mode)  # mkdir applies the umask; the mode must not depend on it


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (0600); parent folders made 0700.

    Temp file in the same folder, fsync, ``os.replace``, fsync the folder: a crash leaves the old
    file or the new one, never a mix.
    """
    path = Path(path)
    make_folders(path.parent)
    atomic_write(path, data)
