"""Writing a file whole or not at all, durably: a temp file in the same folder (0600), fsync,
``os.replace``, fsync the folder. Imports no storage engine, so a report or an export can be
written without TinyDB (:mod:`coach.storage.atomic` builds the database storage on it)."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.storage.memo import Sig

_TEMP_RE = re.compile(
    r"^\.(?P<name>coach\.json|coach\.journal|(?:log|facts)-\d{4}\.json|facts-past\.json"
    r"|facts-before\.json|(?:routine-list|review|review-past|report|report-page)\.cache\.json)"
    r"\.\d+\.[0-9a-f]{16}\.tmp$"
)

def temp_name(name: str) -> str:
    """A fresh temporary file name for writing ``name`` (our own pattern, see :func:`is_temp`).

    ``os.urandom`` is what ``secrets.token_hex`` reads; the secrets module would cost a report
    or a check-in ~8 ms of imports (random, hashlib, hmac, base64)."""
    return f".{name}.{os.getpid()}.{os.urandom(8).hex()}.tmp"


def is_temp(name: str) -> bool:
    """Whether ``name`` is a temporary file coach itself creates while saving."""
    return _TEMP_RE.match(name) is not None


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, sync_dir: bool = True) -> Sig:
    """Replace ``path`` with ``data`` atomically and durably; the new file is 0600.

    Temp file in the same folder, write, fsync, ``os.replace``, fsync the folder (with
    ``sync_dir`` False the caller does, once for several files). Returns the new file's
    signature.
    """
    tmp = path.parent / temp_name(path.name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            st = os.fstat(fd)
            sig: Sig = (st.st_ino, st.st_size, st.st_mtime_ns)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_dir:
        fsync_dir(path.parent)
    return sig
