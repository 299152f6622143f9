"""Durable whole-file writes and folders made with explicit modes, whatever the umask.

Every file coach writes goes through here or :mod:`coach.storage.atomic` (a test checks that no
other module writes files): the database, the client's routine copies, exports and reports.
"""

from __future__ import annotations

import os
from pathlib import Path

from coach.storage.atomic_file import atomic_write


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


def write_text_file(path: Path, text: str) -> None:
    """Replace ``path`` (a file the client named: an export, a report) with ``text`` in UTF-8,
    whole or not at all and durably: temp file in the same folder (0600), fsync, ``os.replace``,
    fsync the folder. The folder must exist (``OSError`` otherwise; nothing is written)."""
    atomic_write(Path(path), text.encode("utf-8"))


class PictureConflict(Exception):
    """A picture of a new routine would replace a different picture another routine uses."""


def install_pictures(
    source_folder: Path, target_folder: Path, pictures: list[str], taken: dict[str, str]
) -> list[Path]:
    """Copy a routine's pictures (paths relative to its file) next to its installed copy.

    ``taken`` maps the pictures other installed routines use to their titles: replacing one of
    those with different bytes raises PictureConflict before anything is written. Each picture
    is written atomically; the files created (not those replaced) are returned, so a caller
    that then refuses the copies can take them back out.
    """
    # lazy: off `coach history` (pydantic, the routine models, zoneinfo)
    from coach.media import MAX_IMAGE_BYTES

    contents: list[tuple[Path, bytes]] = []
    for relative in pictures:
        with (source_folder / relative).open("rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
        target = target_folder / relative
        if relative in taken and target.is_file() and target.read_bytes() != data:
            raise PictureConflict(
                f'the picture "{relative}" has the same name as a different picture of '
                f"'{taken[relative]}'; ask your therapist to give it another name"
            )
        contents.append((target, data))
    created: list[Path] = []
    for target, data in contents:
        if not target.exists():
            created.append(target)
        atomic_write_bytes(target, data)
    return created
