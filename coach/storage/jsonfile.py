"""Reading coach's JSON database files (writing them: :mod:`coach.storage.jsonwrite`).

A file is a TinyDB document: ``{table: {doc_id: document}}``. coach adds one hidden table first,
``"_file": {"1": {"rev": <random token>, ...}}``, rewritten with a fresh token on every save so
that the per-process memo (:mod:`coach.storage.memo`) can tell for certain whether it still
matches the file. Parsing keeps each document's exact JSON text, so a later save only
serialises the documents that changed.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from coach.storage.errors import CorruptDatabase
from coach.storage.fileheader import HEAD_BYTES as HEAD_BYTES  # (named from here too)
from coach.storage.fileheader import HEAD_PREFIX as HEAD_PREFIX
from coach.storage.fileheader import header_of as header_of
from coach.storage.memo import FileCache, FrozenDoc, Piece, Sig, Snapshot, Tables, TableText

HEADER_TABLE = "_file"
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _RepeatedKey(ValueError):
    """An object in the file names the same key twice (JSON readers would drop one silently)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)
    return obj


_STRICT = json.JSONDecoder(object_pairs_hook=_unique_pairs)
_ID_RE = re.compile(rb'"id"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"')


def _sig(st: os.stat_result) -> Sig:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _token_of(head: bytes) -> str | None:
    header = header_of(head)
    rev = header.get("rev") if header else None
    return rev if isinstance(rev, str) else None


# --- parsing ------------------------------------------------------------------------------------

_KEY = re.compile(r'[ \t\n\r]*"((?:[^"\\\x00-\x1f]|\\.)*)"[ \t\n\r]*:[ \t\n\r]*')
_SEP = re.compile(r"[ \t\n\r]*([,}])")


class _Layout(Exception):
    """Valid JSON, but not laid out as a coach database."""


def _fail(text: str, pos: int, msg: str) -> NoReturn:
    raise json.JSONDecodeError(msg, text, _ws(text, pos))


def _ws(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _key(text: str, pos: int) -> tuple[str, int, int]:
    """At a member: (key, where its opening quote is, where its value starts)."""
    match = _KEY.match(text, pos)
    if match is None:
        _fail(text, pos, "Expecting property name enclosed in double quotes")
    raw = match.group(1)
    key = json.loads(f'"{raw}"') if "\\" in raw else raw
    return key, match.start(1) - 1, match.end()


def _after(text: str, pos: int) -> tuple[bool, int]:
    """After a member's value: (another member follows?, position after the separator)."""
    match = _SEP.match(text, pos)
    if match is None:
        _fail(text, pos, "Expecting ',' delimiter")
    return match.group(1) == ",", match.end()


def _opens_object(text: str, pos: int) -> tuple[bool, int]:
    """At a value that must be an object: (has members?, position after '{' or after '{}')."""
    if text[pos : pos + 1] != "{":
        _DECODER.raw_decode(text, pos)  # damaged text reports itself first
        raise _Layout("a table is not a set of records")
    inner = _ws(text, pos + 1)
    if text[inner : inner + 1] == "}":
        return False, inner + 1
    return True, pos + 1


def _parse_table(text: str, pos: int) -> tuple[FrozenDoc, dict[int, Piece], int]:
    table: dict[str, Any] = {}
    pieces: dict[int, Piece] = {}
    more, pos = _opens_object(text, pos)
    while more:
        doc_id, key_at, pos = _key(text, pos)
        if doc_id in table:
            raise _RepeatedKey(doc_id)
        doc, end = _STRICT.raw_decode(text, pos)
        if not isinstance(doc, dict):
            raise _Layout(f"the record {doc_id!r} is not a set of named values")
        frozen = FrozenDoc(doc)
        table[doc_id] = frozen
        pieces[id(frozen)] = (frozen, doc_id, text[key_at:end].encode("utf-8"))
        more, pos = _after(text, end)
    return FrozenDoc(table), pieces, pos


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        detail = f"it contains bytes that are not text (at byte {exc.start})"
        raise CorruptDatabase(path, detail) from None
    if not text.strip():
        raise empty_file(path, len(data))
    return text


def empty_file(path: Path, size: int) -> CorruptDatabase:
    """The refusal of a data file that holds nothing (coach never writes one: it is damage)."""
    what = "it is empty (0 bytes)" if size == 0 else f"it holds only blank space ({size} bytes)"
    return CorruptDatabase(path, f"{what}, but coach never saves an empty file")


def _unusable(path: Path, exc: BaseException) -> CorruptDatabase:
    """The refusal of valid-looking JSON coach cannot take (repeated key, huge number, depth)."""
    if isinstance(exc, _RepeatedKey):
        key = exc.key if len(exc.key) <= 40 else exc.key[:39] + "…"
        return CorruptDatabase(
            path, f"the key {key!r} appears twice in one place, so one of its values would be lost"
        )
    if isinstance(exc, RecursionError):
        return CorruptDatabase(path, "it nests lists or objects far deeper than coach ever writes")
    return CorruptDatabase(path, f"it holds a value coach cannot read ({str(exc)[:80]})")


def _damaged(path: Path, exc: json.JSONDecodeError) -> CorruptDatabase:
    return CorruptDatabase(
        path,
        f"its contents are damaged or incomplete (line {exc.lineno}, column {exc.colno}: "
        f"{exc.msg})",
    )


def _snapshot(sig: Sig, tables: Tables, texts: dict[str, TableText]) -> Snapshot:
    header_table = tables.pop(HEADER_TABLE, {})
    texts.pop(HEADER_TABLE, None)
    header: dict[str, Any] = next(iter(header_table.values()), {}) if header_table else {}
    return Snapshot(sig=sig, header=dict(header), tables=tables, texts=texts)


def parse(data: bytes, sig: Sig, path: Path) -> Snapshot:
    """Parse a file's bytes keeping each document's text.

    Raises :class:`CorruptDatabase` if the bytes are not a coach database (an empty file, a
    repeated key, a number too long to read, too deep nesting included).
    """
    text = _decode(data, path)
    tables: Tables = {}
    texts: dict[str, TableText] = {}
    try:
        pos = _ws(text, 0)
        if text[pos : pos + 1] != "{":
            _DECODER.raw_decode(text, pos)
            raise _Layout("it does not hold named tables")
        more, pos = _opens_object(text, pos)
        while more:
            name, key_at, pos = _key(text, pos)
            if name in tables:
                raise _RepeatedKey(name)
            tables[name], pieces, pos = _parse_table(text, pos)
            texts[name] = TableText(pieces, text[key_at:pos].encode("utf-8"))
            more, pos = _after(text, pos)
        if _ws(text, pos) != len(text):
            _fail(text, pos, "Extra data")
    except json.JSONDecodeError as exc:
        raise _damaged(path, exc) from None
    except _Layout as exc:
        raise CorruptDatabase(path, f"it is not laid out as coach data: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise _unusable(path, exc) from None
    return _snapshot(sig, tables, texts)


def parse_plain(data: bytes, sig: Sig, path: Path) -> Snapshot:
    """Like :func:`parse` but faster, without documents' text (for reads that are not memoised)."""
    text = _decode(data, path)
    try:
        tables = _STRICT.decode(text)
    except json.JSONDecodeError as exc:
        raise _damaged(path, exc) from None
    except (ValueError, RecursionError) as exc:
        raise _unusable(path, exc) from None
    if not isinstance(tables, dict):
        raise CorruptDatabase(path, "it is not laid out as coach data: it does not hold tables")
    for table in tables.values():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise CorruptDatabase(
                path, "it is not laid out as coach data: a table is not a set of records"
            )
    return _snapshot(sig, tables, {})


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def open_data(path: Path) -> BinaryIO | None:
    """``path`` opened for reading if it is a regular file; None if it does not exist.

    A symbolic link, a folder, a pipe or a device where a data file should be is refused with
    :class:`CorruptDatabase` (coach would otherwise read something else, or replace the link
    with a file on the next save).
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if os.path.islink(path):
            raise not_a_file(path, "a symbolic link") from None
        raise CorruptDatabase(path, f"coach cannot open it ({exc.strerror or exc})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise not_a_file(path, kind)
    return os.fdopen(fd, "rb")


def not_a_file(path: Path, kind: str) -> CorruptDatabase:
    """The refusal of something other than a plain file where a data file should be."""
    return CorruptDatabase(path, f"it is {kind}, where coach keeps a plain file")


def load_raw(path: Path, cache: FileCache | None) -> tuple[Sig, Snapshot | bytes] | None:
    """(signature, the memo) of ``path`` when the memo provably matches, else (signature, its
    bytes); None if the file is missing. An empty or non-regular file is refused."""
    handle = open_data(path)
    if handle is None:
        return None
    with handle:
        sig = _sig(os.fstat(handle.fileno()))
        if sig[1] == 0:
            raise empty_file(path, 0)
        if cache is not None:
            hit = cache.snapshot(path, sig)
            if hit is not None:
                if _token_of(handle.read(HEAD_BYTES)) == hit.token:
                    return sig, hit
                handle.seek(0)
        return sig, handle.read()


def load(path: Path, cache: FileCache | None, *, keep: bool) -> Snapshot | None:
    """Read ``path`` (None if missing), from the memo when it provably matches."""
    found = load_raw(path, cache)
    if found is None:
        return None
    sig, data = found
    if isinstance(data, Snapshot):
        return data
    snap = parse(data, sig, path) if keep else parse_plain(data, sig, path)
    snap.crc32 = zlib.crc32(data)  # (a third of a millisecond a megabyte: facts name it)
    if not keep:
        return snap
    if cache is not None:
        cache.keep(path, snap)
    return snap


def may_match(path: Path, pattern: re.Pattern[bytes], cache: FileCache | None) -> bool:
    """False only if ``path`` exists and its bytes certainly have no match for ``pattern``."""
    handle = open_data(path)
    if handle is None:
        return False
    with handle:
        sig = _sig(os.fstat(handle.fileno()))
        if cache is not None and cache.snapshot(path, sig) is not None:
            return True  # parsing is free: the caller will read it from the memo
        return pattern.search(handle.read()) is not None


def file_header(path: Path) -> dict[str, Any] | None:
    """coach's header of ``path`` from its first bytes (None if missing or without one)."""
    handle = open_data(path)
    if handle is None:
        return None
    with handle:
        return header_of(handle.read(HEAD_BYTES))


def file_ids(path: Path, cache: FileCache | None) -> frozenset[str]:
    """Every record id that may be in ``path``, without parsing it (a superset, never fewer).

    Found from the memo when it provably matches, else by scanning the bytes for ``"id": "..."``.
    """
    handle = open_data(path)
    if handle is None:
        return frozenset()
    with handle:
        sig = _sig(os.fstat(handle.fileno()))
        if cache is not None:
            snap = cache.snapshot(path, sig)
            known = cache.ids(path, sig)
            if snap is not None or known is not None:
                token = _token_of(handle.read(HEAD_BYTES))
                if snap is not None and token == snap.token:
                    return snap.record_ids()
                if known is not None and token == known[0]:
                    return known[1]
                handle.seek(0)
        data = handle.read()
    ids = set()
    for match in _ID_RE.finditer(data):
        raw = match.group(1)
        if b"\\" in raw or not raw.isascii():
            try:
                ids.add(json.loads(b'"' + raw + b'"'))
            except ValueError:
                continue
        else:
            ids.add(raw.decode("ascii"))
    found = frozenset(ids)
    if cache is not None:
        cache.keep_ids(path, sig, _token_of(data[:HEAD_BYTES]), found)
    return found
