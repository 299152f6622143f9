"""The data folder: files, permissions, the lock, and transactions.

Layout of the data folder (0700, files 0600):

- ``coach.json``: the small tables (meta, program, settings, routine_versions, reminders_fired,
  excused_days, psfs_activities).
- ``log-YYYY.json``: the log tables ``sessions`` and ``checkins``, one file per calendar year of
  the record's time key (``started_at`` / ``at`` as written, ISO form). A record stays in the file
  it was first saved to, even if an edit later moves its time into another year; lookups by id find
  it wherever it is (see :mod:`coach.storage.logs`).
- ``coach.lock``: the lock every transaction holds (also for reads, so reads see one state).

Every operation runs in a :class:`Transaction`: lock held, files read fresh, changes buffered, one
atomic write per changed file at the end, nothing written if the block raises.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB

from coach.storage import journal
from coach.storage.atomic import AtomicJSONStorage, fsync_dir, is_temp
from coach.storage.errors import StorageBusy, StorageError
from coach.storage.jsonfile import file_header, file_ids, load_raw, may_match
from coach.storage.memo import FileCache, FrozenDoc, Sig, Snapshot, Tables
from coach.storage.names import LOCK_FILE as LOCK_FILE  # (named from here too)
from coach.storage.names import LOG_RE as _LOG_RE
from coach.storage.names import log_file_name as log_file_name  # (named from here too)

COACH_FILE = "coach.json"
SMALL_TABLES = (
    "meta",
    "program",
    "settings",
    "routine_versions",
    "reminders_fired",
    "excused_days",
    "psfs_activities",
)
LOG_TABLES: dict[str, str] = {"sessions": "started_at", "checkins": "at"}
LOG_WRITE_HOOKS: list[Callable[[Transaction, int], None]] = []
"""Called (transaction, year) right after a year's log file is replaced, lock still held (the
per-year facts of :mod:`coach.storage.facts` register here; :meth:`Transaction.written` gives
the file's contents before and after). The folder is fsynced once after them, so a hook writes
with ``atomic_write(..., sync_dir=False)``."""


def _log_header(
    tables: Tables, fresh: list[tuple[str, FrozenDoc]], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Header of a log file: an upper bound of the years of its records' time keys.

    Starts from the previous header's bound when there is one, so only new documents are looked
    at (a removal may leave the bound too high, which only costs reading the file).
    """
    latest = previous.get("max_year") if previous else None
    if isinstance(latest, int):
        docs = fresh
    else:
        latest = None
        docs = [(name, doc) for name in LOG_TABLES for doc in tables.get(name, {}).values()]
    for table, doc in docs:
        value = doc.get(LOG_TABLES.get(table, ""))
        if isinstance(value, str) and value[:4].isdigit():
            year = int(value[:4])
            latest = year if latest is None or year > latest else latest
    return {} if latest is None else {"max_year": latest}


@dataclass
class _Shared:
    """Per-process state of one data folder, shared by every Store opened on it."""

    lock_path: Path
    rlock: threading.RLock = field(default_factory=threading.RLock)
    local: threading.local = field(default_factory=threading.local)
    cache: FileCache = field(default_factory=FileCache)
    flock: FileLock = field(init=False)

    def __post_init__(self) -> None:
        self.flock = FileLock(str(self.lock_path), mode=0o600, thread_local=False)


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def _shared_for(folder: Path) -> _Shared:
    key = str(folder.resolve())
    with _SHARED_LOCK:
        shared = _SHARED.get(key)
        if shared is None:
            shared = _Shared(lock_path=Path(key) / LOCK_FILE)
            _SHARED[key] = shared
        return shared


class Transaction:
    """Several operations under one lock; one atomic write per changed file at the end.

    Files are opened lazily (fresh TinyDB instances, never reused across lock acquisitions). Changed
    files are written in the order they were first changed; each file is replaced whole, so a
    crash while writing several leaves each one either old or new (a re-run import or migration
    completes the rest, skipping ids already stored).
    """

    def __init__(self, folder: Path, cache: FileCache) -> None:
        self.folder = folder
        self._cache = cache
        self._dbs: dict[str, TinyDB] = {}
        self._dirty: list[AtomicJSONStorage] = []
        self._written: dict[str, tuple[Snapshot | None, Snapshot | None]] = {}

    def written(self, name: str) -> tuple[Snapshot | None, Snapshot | None] | None:
        """(its contents before, after) of file ``name`` when this transaction has just
        replaced it alone (for the hooks of :data:`LOG_WRITE_HOOKS`); None otherwise. Read-only."""
        return self._written.get(name)

    def db(self, name: str, *, memo: bool = True) -> TinyDB:
        """The TinyDB of file ``name`` in the data folder, for this transaction.

        ``memo=False`` (for bulk reads) does not add the file to the per-process memo.
        """
        db = self._dbs.get(name)
        if db is None:
            # lazy: rows imports the record models (pydantic); a transaction that opens no
            # TinyDB file (reading the facts files) does without them
            from coach.storage.rows import check_tables

            storage = AtomicJSONStorage(
                self.folder / name,
                buffered=True,
                memo=memo,
                cache=self._cache,
                header=_log_header if _LOG_RE.match(name) else None,
                on_dirty=self._dirty.append,
                checker=check_tables,
            )
            db = TinyDB(storage=lambda: storage)
            self._dbs[name] = db
        return db

    def storage(self, name: str, *, memo: bool = True) -> AtomicJSONStorage:
        """The storage behind :meth:`db` (for read-only lookups without copying)."""
        storage = self.db(name, memo=memo).storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage

    def coach(self) -> TinyDB:
        """``coach.json``, the small tables."""
        return self.db(COACH_FILE)

    def log(self, year: int, *, memo: bool = True) -> TinyDB:
        """``log-YYYY.json``, the sessions and check-ins of one year."""
        return self.db(log_file_name(year), memo=memo)

    def is_open(self, name: str) -> bool:
        """Whether file ``name`` has been opened in this transaction."""
        return name in self._dbs

    def log_years(self) -> list[int]:
        """Years that have a log file (on disk or created in this transaction), ascending."""
        years = set()
        for name in os.listdir(self.folder):
            match = _LOG_RE.match(name)
            if match:
                years.add(int(match.group(1)))
        for name in self._dbs:
            match = _LOG_RE.match(name)
            if match:
                years.add(int(match.group(1)))
        return sorted(years)

    def log_latest_year(self, year: int) -> int | None:
        """The latest record year in a log file per its header (None if unknown)."""
        name = log_file_name(year)
        if self.is_open(name):
            return None
        header = file_header(self.folder / name)
        value = header.get("max_year") if header else None
        return value if isinstance(value, int) else None

    def log_ids(self, year: int) -> frozenset[str]:
        """Record ids that may be in a year's log file (a superset; from a fast scan or memo)."""
        return file_ids(self.folder / log_file_name(year), self._cache)

    def log_source(self, year: int) -> Tables | tuple[Sig, bytes] | None:
        """What a year's log file holds now, in the cheapest form at hand (read-only).

        Its tables when the file is open in this transaction or in the per-process memo (proven
        current), else (signature, its bytes) to be parsed by the caller; None when the file is
        missing or empty.
        """
        name = log_file_name(year)
        if self.is_open(name):
            return self.storage(name).current()
        found = load_raw(self.folder / name, self._cache)
        if found is None:
            return None
        sig, data = found
        return data.tables if isinstance(data, Snapshot) else (sig, data)

    def log_may_match(self, year: int, pattern: re.Pattern[bytes]) -> bool:
        """False only if a year's log file on disk certainly has no match for ``pattern``."""
        name = log_file_name(year)
        if self.is_open(name):
            return True
        return may_match(self.folder / name, pattern, self._cache)

    def flush(self) -> None:
        """Write every changed file now, in the order first changed (each checked first)."""
        for storage in self._dirty:
            storage.check()
        if len(self._dirty) > 1:  # several files: one change, through the journal
            try:
                self._write_journaled()
            except OSError as exc:
                raise StorageError(
                    f"coach could not save its data in {self.folder}: {exc.strerror or exc}. "
                    "The files still hold what was saved before (an unfinished change is "
                    "completed the next time coach runs)."
                ) from exc
            return
        while self._dirty:
            storage = self._dirty[0]
            before = storage.snapshot
            match = _LOG_RE.match(storage.path.name)
            try:
                # a log file: its hooks' files (its facts) are renamed before the one fsync of
                # the folder, which makes the log's (and their) new name durable
                storage.commit(sync_dir=match is None)
                self._dirty.pop(0)
                if match:
                    self._written[storage.path.name] = (before, storage.snapshot)
                    for hook in LOG_WRITE_HOOKS:
                        hook(self, int(match.group(1)))
                    fsync_dir(self.folder)
            except OSError as exc:
                raise StorageError(
                    f"coach could not save its data to {storage.path}: {exc.strerror or exc}. "
                    "The file still holds what was saved before."
                ) from exc

    def _write_journaled(self) -> None:
        files = []
        for storage in self._dirty:
            data = storage.prepare()
            if data is not None:
                files.append((storage.path.name, data, storage.finish))
        journal.write_all(self.folder, files)
        self._dirty.clear()

    def discard(self) -> None:
        """Forget every buffered change."""
        for storage in self._dirty:
            storage.discard()
        self._dirty.clear()


class Store:
    """The data folder, opened and checked. Cheap to copy around; safe to use from many threads.

    Use :meth:`open` to create one. All reads and writes go through :meth:`transaction`.
    """

    def __init__(self, folder: Path, *, lock_timeout: float = 10.0) -> None:
        self.folder = Path(folder)
        self.lock_timeout = lock_timeout
        self._shared = _shared_for(self.folder)

    @classmethod
    def create(cls, data_dir: Path, *, lock_timeout: float = 10.0) -> Store:
        """The data folder, created (0700) if needed; its data format is not checked yet: use
        :func:`coach.storage.schema.open_store` (which :meth:`Repository.open
        <coach.storage.repo.Repository.open>` calls) to open a data folder.

        Raises :class:`~coach.storage.errors.StorageError` if the folder cannot be used.
        """
        folder = Path(data_dir)
        prepare_folder(folder)
        return cls(folder, lock_timeout=lock_timeout)

    def clean_temp_files(self) -> None:
        """Remove temp files a crashed write left behind (call holding the lock)."""
        _clean_temp_files(self.folder)

    @property
    def lock_path(self) -> Path:
        """The lock file every transaction holds."""
        return self._shared.lock_path

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the data lock; yield a :class:`Transaction`; write its changes at the end.

        Nested use on the same thread joins the outer transaction. If the block raises, nothing
        is written. Other threads of this process wait; other processes wait on the file lock.
        """
        shared = self._shared
        current: Transaction | None = getattr(shared.local, "tx", None)
        if current is not None:
            yield current
            return
        with shared.rlock:
            _check_lock_file(shared.lock_path)
            try:
                shared.flock.acquire(timeout=self.lock_timeout)
            except Timeout:
                raise StorageBusy(self.folder, self.lock_timeout) from None
            try:
                journal.replay(self.folder)  # finish a change a crash interrupted
                tx = Transaction(self.folder, shared.cache)
                shared.local.tx = tx
                try:
                    yield tx
                    tx.flush()
                except BaseException:
                    tx.discard()
                    raise
                finally:
                    shared.local.tx = None
            finally:
                shared.flock.release()


def prepare_folder(folder: Path) -> None:
    """Create the folder 0700 (parents too, whatever the umask); tighten it if it is coach's.

    A folder the client made read-only (no write permission for its owner) is refused, never
    changed back: coach could not save there, and the client chose it.
    """
    # lazy: brings TinyDB; this module loads with `coach stats`, `history`, `report`
    from coach.storage.files import make_folders  # noqa: PLC0415 - files imports atomic

    try:
        existed = folder.is_dir()
        make_folders(folder)
        mode = stat.S_IMODE(folder.stat().st_mode)
        if existed and not mode & stat.S_IWUSR:
            raise StorageError(
                f"coach cannot save in its data folder {folder}: it is read-only (permissions "
                f"{mode:04o}). Nothing was changed. To let coach save again, run "
                f"`chmod 700 {folder}`."
            )
        if (not existed or _looks_like_ours(folder)) and mode & 0o077:
            folder.chmod(mode & 0o700)
    except FileExistsError:
        raise StorageError(f"coach cannot use {folder} for its data: it is not a folder.") from None
    except OSError as exc:
        raise StorageError(
            f"coach cannot use the folder {folder} for its data: {exc.strerror or exc}."
        ) from None


def _check_lock_file(path: Path) -> None:
    """Refuse a lock file that is a link or not a plain file (locking would open its target)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"coach cannot use its lock file {path}: {exc.strerror or exc}.") \
            from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a plain file"
        raise StorageError(
            f"coach cannot use its lock file {path}: it is {kind}. Nothing was changed. "
            "Remove it (coach makes a new one) and try again."
        )


def _looks_like_ours(folder: Path) -> bool:
    names = os.listdir(folder)
    return not names or COACH_FILE in names or LOCK_FILE in names


def _clean_temp_files(folder: Path) -> None:
    """Remove temp files left by an interrupted save (only our own pattern; under the lock)."""
    for name in os.listdir(folder):
        if is_temp(name):
            with suppress(FileNotFoundError):
                (folder / name).unlink()
