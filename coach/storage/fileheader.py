"""Coach's header at the start of a JSON database file (``{"_file": {"1": {...}}, ...``) and a
log file's version (inode, size, modification time, the header's save token, a CRC-32 of every
byte): read from the file, in a module of its own so that a reader that only checks a file's
version (the kept facts, :mod:`coach.storage.facts_file`; the vouched records,
:mod:`coach.storage.vouched`) imports no database reader and no facts."""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

HEAD_BYTES = 1024
"""The header is within the first bytes of a file."""
HEAD_PREFIX = '{"_file": '
_DECODER = json.JSONDecoder()
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # (a link, a FIFO)


def header_of(head: bytes) -> dict[str, Any] | None:
    """Decode coach's header from the first bytes of a file (None if there is none)."""
    text = head.decode("utf-8", "ignore")
    if not text.startswith(HEAD_PREFIX):
        return None
    try:
        value, _ = _DECODER.raw_decode(text, len(HEAD_PREFIX))
    except ValueError:
        return None
    if isinstance(value, dict):
        inner = value.get("1")
        if isinstance(inner, dict):
            return inner
    return None


def log_version(data: bytes, st: os.stat_result) -> dict[str, Any]:
    """The version of a log file whose bytes are ``data`` and stat ``st``."""
    header = header_of(data[:HEAD_BYTES]) or {}
    rev = header.get("rev")
    return {
        "ino": st.st_ino,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "rev": rev if isinstance(rev, str) else None,
        "crc32": zlib.crc32(data),
    }


def read_log(path: Path) -> tuple[dict[str, Any], bytes] | None:
    """(version, bytes) of a log file, None if it is missing; OSError when it is not a plain
    file (a link, a folder: the validated read refuses it and tells why)."""
    found = open_log(path)
    if found is None:
        return None
    st, data = found
    return log_version(data, st), data


def open_log(path: Path, limit: int = -1) -> tuple[os.stat_result, bytes] | None:
    """(stat, the first ``limit`` bytes, -1: all) of a log file, None if it is missing;
    OSError when it is not a plain file (links are not followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except FileNotFoundError:
        return None
    with open(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{path} is not a plain file")
        return st, handle.read(limit)
