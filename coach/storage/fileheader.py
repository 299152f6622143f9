"""Coach's header at the start of a JSON database file (``{"_file": {"1": {...}}, ...``):
reading it from the first bytes, in a module of its own so that a reader that only checks a
file's version (the kept facts, :mod:`coach.storage.facts_file`) imports no database reader."""

from __future__ import annotations

import json
from typing import Any

HEAD_BYTES = 1024
"""The header is within the first bytes of a file."""
HEAD_PREFIX = '{"_file": '
_DECODER = json.JSONDecoder()


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
