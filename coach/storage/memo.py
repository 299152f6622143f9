"""A per-process memo of coach's database files, and the read-only documents it hands out.

The memo (:class:`FileCache`) keeps the parsed contents of recently written files together with
each document's JSON text, so that saving one record into a year of history neither re-parses nor
re-serialises the whole year. It is only used when it provably matches the file: same inode, size
and modification time, and the same random token (written afresh on every save) read back from
the file's first bytes. Top-level documents handed out from the memo are :class:`FrozenDoc`
(changing one in place raises); nested values must be treated as read-only.
"""

from __future__ import annotations

from _thread import allocate_lock  # = threading.Lock, without importing threading (`coach history`)
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from pathlib import Path

Sig = tuple[int, int, int]
Tables = dict[str, dict[str, Any]]
Piece = tuple["FrozenDoc", str, bytes]
"""(a document, its doc_id, its ``"doc_id": {...}`` JSON bytes)."""


class FrozenDoc(dict[str, Any]):
    """A stored document or table shared with the memo: read-only (replace it, never change it)."""

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("stored data is read-only; build a new document or table instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only
    __ior__ = _read_only


@dataclass(eq=False)
class TableText:
    """The JSON text of one table as it is in the file."""

    pieces: dict[int, Piece]  # id(document) -> its piece
    blob: bytes  # the whole member: ``"name": {...}``


@dataclass(eq=False)
class Snapshot:
    """The parsed contents of one database file as it is on disk."""

    sig: Sig
    header: dict[str, Any]
    tables: Tables
    texts: dict[str, TableText]
    _index: dict[str, dict[str, str]] = field(default_factory=dict)
    _ids: frozenset[str] | None = None
    checked: bool = False
    """Every record was validated (set once, before coach first writes the file back)."""
    crc32: int | None = None
    """CRC-32 of the file's bytes (when they were read or written whole by this process)."""

    @property
    def token(self) -> str | None:
        """The random token written with this version of the file (None if written by others)."""
        rev = self.header.get("rev")
        return rev if isinstance(rev, str) else None

    def id_index(self, table: str) -> dict[str, str]:
        """Map record ``id`` -> TinyDB doc_id for one table (computed once per snapshot)."""
        index = self._index.get(table)
        if index is None:
            index = {}
            for doc_id, doc in self.tables.get(table, {}).items():
                rec_id = doc.get("id")
                if isinstance(rec_id, str):
                    index[rec_id] = doc_id
            self._index[table] = index
        return index

    def id_index_cache(self) -> dict[str, dict[str, str]]:
        """The id indexes computed so far, by table (shared, to carry over unchanged tables)."""
        return self._index

    def record_ids(self) -> frozenset[str]:
        """Every record ``id`` in every table of the file (computed once per snapshot)."""
        if self._ids is None:
            ids: set[str] = set()
            for name in self.tables:
                ids.update(self.id_index(name))
            self._ids = frozenset(ids)
        return self._ids


class FileCache:
    """Per-process memo of database files (thread-safe). See the module docstring."""

    def __init__(self, max_snapshots: int = 3) -> None:
        self._lock = allocate_lock()
        self._max = max_snapshots
        self._snaps: OrderedDict[str, Snapshot] = OrderedDict()
        self._ids: dict[str, tuple[Sig, str, frozenset[str]]] = {}

    def snapshot(self, path: Path, sig: Sig) -> Snapshot | None:
        """The memo of ``path`` if its signature matches (the caller still checks the token)."""
        with self._lock:
            snap = self._snaps.get(str(path))
            if snap is None or snap.sig != sig:
                return None
            self._snaps.move_to_end(str(path))
            return snap

    def keep(self, path: Path, snap: Snapshot, *, only_if_present: bool = False) -> None:
        """Remember ``snap`` as the contents of ``path`` (evicting the least recently used)."""
        if snap.token is None:
            return
        with self._lock:
            key = str(path)
            if only_if_present and key not in self._snaps:
                return
            self._snaps[key] = snap
            self._snaps.move_to_end(key)
            while len(self._snaps) > self._max:
                self._snaps.popitem(last=False)

    def ids(self, path: Path, sig: Sig) -> tuple[str, frozenset[str]] | None:
        """Remembered (token, record ids) of ``path`` if its signature matches."""
        with self._lock:
            entry = self._ids.get(str(path))
        if entry is None or entry[0] != sig:
            return None
        return entry[1], entry[2]

    def keep_ids(self, path: Path, sig: Sig, token: str | None, ids: frozenset[str]) -> None:
        """Remember the record ids of one version of ``path``."""
        if token is None:
            return
        with self._lock:
            self._ids[str(path)] = (sig, token, ids)
