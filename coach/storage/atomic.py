"""The TinyDB storage coach uses: whole-file JSON, atomic durable replace, corrupt files refused."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coach.storage.atomic_file import atomic_write as atomic_write  # (named from here too)
from coach.storage.atomic_file import fsync_dir as fsync_dir
from coach.storage.atomic_file import is_temp as is_temp
from coach.storage.atomic_file import temp_name as temp_name
from coach.storage.jsonfile import load
from coach.storage.jsonwrite import header_bytes, serialize
from coach.storage.memo import FileCache, FrozenDoc, Sig, Snapshot, Tables, TableText

HeaderFn = Callable[[Tables, list[tuple[str, FrozenDoc]], dict[str, Any] | None], dict[str, Any]]
"""(new tables, documents serialised afresh, the previous header) -> extra header fields."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    ``write`` serialises, writes a temp file (0600) in the same folder, fsyncs it, ``os.replace``s
    it over the file and fsyncs the folder. ``read`` parses the file: a missing file is an
    empty database; an empty file, or one that cannot be parsed, raises
    :class:`~coach.storage.errors.CorruptDatabase` and is never written over (every write is
    preceded by a read within TinyDB's read-modify-write).

    ``checker`` validates every record of the file as read from disk before the first write
    (raising leaves the file as it is). ``buffered=True`` (used by transactions) keeps writes
    in memory until :meth:`commit`, and reads
    the file at most once, so it must only be used while holding the data lock. ``header`` adds
    fields to the hidden ``_file`` table (e.g. the latest year in a log file). ``cache`` is the
    per-process memo; ``memo=False`` reads use it but do not add to it.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        buffered: bool = False,
        memo: bool = True,
        cache: FileCache | None = None,
        header: HeaderFn | None = None,
        on_dirty: Callable[[AtomicJSONStorage], None] | None = None,
        checker: Callable[[Path, Tables], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._buffered = buffered
        self._memo = memo
        self._cache = cache
        self._header = header
        self._on_dirty = on_dirty
        self._checker = checker
        self._base: Snapshot | None = None
        self._loaded = False
        self._pending: Tables | None = None
        self._prepared: tuple[dict[str, Any], Tables, dict[str, TableText]] | None = None

    @property
    def dirty(self) -> bool:
        """Whether there are buffered changes not yet written."""
        return self._pending is not None

    def current(self) -> Tables | None:
        """The current tables without copying (read-only view; None for an empty database)."""
        if self._pending is not None:
            return self._pending
        if not self._loaded or not self._buffered:
            self._base = load(self.path, self._cache, keep=self._memo)
            self._loaded = True
        return self._base.tables if self._base is not None else None

    def find_doc_id(self, table: str, rec_id: str) -> str | None:
        """The doc_id of the document whose ``id`` field is ``rec_id`` in ``table``, if any."""
        tables = self.current()
        if tables is None:
            return None
        if self._pending is None and self._base is not None:
            return self._base.id_index(table).get(rec_id)
        for doc_id, doc in tables.get(table, {}).items():
            if doc.get("id") == rec_id:
                return str(doc_id)
        return None

    def read(self) -> dict[str, dict[str, Any]] | None:
        """TinyDB hook: the whole database (a fresh top-level dict; documents are shared)."""
        tables = self.current()
        return None if tables is None else dict(tables)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB hook: replace the whole database (buffered until :meth:`commit` if buffered)."""
        first = self._pending is None
        self._pending = data
        if not self._buffered:
            self.commit()
        elif first and self._on_dirty is not None:
            self._on_dirty(self)

    def check(self) -> None:
        """Refuse to write a file read from disk with a record its table forbids.

        The buffered tables are validated whole once per version read from disk (records
        coach adds are validated on the way in), so a file holding a bad record is never
        rewritten with it; removing the bad record (a delete, a repair) lets the write through.
        """
        base = self._base
        if self._pending is None or self._checker is None or base is None or base.checked:
            return
        self._checker(self.path, self._pending)

    def prepare(self) -> bytes | None:
        """The bytes the buffered changes will write (None if there are none); checked first.

        Follow with :meth:`finish` once those bytes are on disk (see :meth:`commit`).
        """
        if self._pending is None:
            return None
        self.check()
        body, tables, texts, fresh = serialize(self._pending, self._base)
        # os.urandom is what secrets.token_hex reads, without its ~8 ms of imports
        header: dict[str, Any] = {"rev": os.urandom(16).hex()}
        if self._header is not None:
            previous = self._base.header if self._base is not None else None
            header.update(self._header(tables, fresh, previous))
        self._prepared = (header, tables, texts)
        return header_bytes(header) + body

    @property
    def snapshot(self) -> Snapshot | None:
        """The file's contents as last read or written in this storage (None: not read yet, or
        missing); read-only."""
        return self._base

    def finish(self, sig: Sig, crc32: int | None = None) -> None:
        """The prepared bytes are now the file (``sig``; ``crc32``: theirs, if known): remember
        them as its contents."""
        assert self._prepared is not None
        header, tables, texts = self._prepared
        base = self._base
        self._base = Snapshot(
            sig=sig, header=header, tables=tables, texts=texts, checked=True, crc32=crc32
        )
        if base is not None:  # unchanged tables keep their id index
            for name, index in base.id_index_cache().items():
                if tables.get(name) is base.tables.get(name):
                    self._base.id_index_cache()[name] = index
        self._loaded = True
        self._pending = None
        self._prepared = None
        if self._cache is not None:
            self._cache.keep(self.path, self._base)

    def commit(self, *, sync_dir: bool = True) -> None:
        """Write buffered changes to disk atomically (nothing to do if there are none;
        ``sync_dir`` False: the caller fsyncs the folder, see :func:`atomic_write`)."""
        data = self.prepare()
        if data is not None:
            self.finish(atomic_write(self.path, data, sync_dir=sync_dir), zlib.crc32(data))

    def discard(self) -> None:
        """Forget buffered changes."""
        self._pending = None
        self._prepared = None
