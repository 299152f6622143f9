"""Serialising coach's JSON database files (reading them: :mod:`coach.storage.jsonfile`).

A save writes coach's hidden ``_file`` header table first (:func:`header_bytes`, a fresh
token each time), then every table (:func:`serialize`), copying the exact bytes of the
tables and documents that did not change since the file was read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from coach.storage.jsonfile import HEAD_PREFIX, HEADER_TABLE
from coach.storage.memo import FrozenDoc, Piece, Snapshot, Tables, TableText


def _key_json(key: str) -> str:
    return f'"{key}"' if key.isdigit() else json.dumps(key)


def serialize(
    tables: Mapping[str, Mapping[Any, Any]], base: Snapshot | None
) -> tuple[bytes, Tables, dict[str, TableText], list[tuple[str, FrozenDoc]]]:
    """The JSON bytes of ``tables`` after the header, reusing ``base``'s text where unchanged.

    A table that is still ``base``'s own (TinyDB rebuilds only the tables it changes) is copied
    as bytes; in a changed table, each document still ``base``'s own is copied as bytes. The
    result continues a file begun by :func:`header_bytes`. Also returns the frozen tables and
    their text (for the memo) and the documents serialised afresh.
    """
    out: list[bytes] = []
    new_tables: Tables = {}
    texts: dict[str, TableText] = {}
    fresh: list[tuple[str, FrozenDoc]] = []
    for name, table in tables.items():
        if name == HEADER_TABLE:
            continue
        name = str(name)
        known = base.texts.get(name) if base is not None else None
        if known is not None and base is not None and table is base.tables.get(name):
            new_tables[name], texts[name] = base.tables[name], known
            out.append(b", " + known.blob)
            continue
        old = known.pieces if known is not None else {}
        new_table: dict[str, Any] = {}
        pieces: dict[int, Piece] = {}
        for doc_id, doc in table.items():
            key = str(doc_id)
            entry = old.get(id(doc))
            if entry is None or entry[0] is not doc or entry[1] != key:
                frozen = doc if isinstance(doc, FrozenDoc) else FrozenDoc(doc)
                entry = (frozen, key, f"{_key_json(key)}: {json.dumps(frozen)}".encode())
                fresh.append((name, frozen))
            new_table[key] = entry[0]
            pieces[id(entry[0])] = entry
        blob = b"".join(
            (json.dumps(name).encode(), b": {", b", ".join(p[2] for p in pieces.values()), b"}")
        )
        new_tables[name] = FrozenDoc(new_table)
        texts[name] = TableText(pieces, blob)
        out.append(b", " + blob)
    out.append(b"}")
    return b"".join(out), new_tables, texts, fresh


def header_bytes(header: dict[str, Any]) -> bytes:
    """The start of a file: coach's hidden ``_file`` table holding ``header``."""
    return (HEAD_PREFIX + json.dumps({"1": header})).encode()
