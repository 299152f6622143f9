"""The data format version kept in ``coach.json`` (``meta``: ``{"schema": N}``) and migrations.

``MIGRATIONS[n]`` upgrades a database from format ``n`` to ``n + 1``. They run in one transaction
at :func:`open_store`, so an interrupted upgrade writes nothing
or is re-run next time: each step must be safe to run again on its own partial result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coach.storage import logs
from coach.storage.errors import CorruptDatabase, NewerDatabase
from coach.storage.store import COACH_FILE, LOG_TABLES, SMALL_TABLES, Store, Transaction

SCHEMA_VERSION = 1

Migration = Callable[[Transaction], None]


def stored_version(tx: Transaction) -> int:
    """The format number in ``coach.json``; 0 when there is none yet (new or pre-release)."""
    storage = tx.storage(COACH_FILE)
    tables = storage.current() or {}
    meta = tables.get("meta") or {}
    for doc in meta.values():
        value = doc.get("schema")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise CorruptDatabase(
                storage.path, "its data format number is missing or is not a whole number"
            )
        return value
    return 0


def check_version(tx: Transaction) -> None:
    """Refuse a database written by a newer coach (raises :class:`NewerDatabase`)."""
    found = stored_version(tx)
    if found > SCHEMA_VERSION:
        raise NewerDatabase(tx.storage(COACH_FILE).path, found, SCHEMA_VERSION)


def migrate(tx: Transaction) -> None:
    """Run the migration steps from the stored version up to :data:`SCHEMA_VERSION`."""
    check_version(tx)
    version = stored_version(tx)
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](tx)
        version += 1
        meta = tx.coach().table("meta")
        meta.truncate()
        meta.insert({"schema": version})


def _init_layout(tx: Transaction) -> None:
    """0 -> 1: create the small tables; move log tables kept in ``coach.json`` to year files.

    Pre-release builds kept ``sessions`` and ``checkins`` inside ``coach.json``. Their records
    are copied into the year files first (skipping ids already there, so a re-run adds nothing)
    and only then dropped from ``coach.json``: the year files are written before it.
    """
    coach = tx.coach()
    storage = tx.storage(COACH_FILE)
    tables = storage.current() or {}
    for table in LOG_TABLES:
        old = tables.get(table)
        if old:
            try:
                logs.import_docs(tx, table, [dict(doc) for doc in old.values()])
            except (KeyError, ValueError) as exc:
                raise CorruptDatabase(
                    storage.path, f"a record in its old {table!r} table is incomplete ({exc})"
                ) from None
    data = dict(coach.storage.read() or {})
    for table in LOG_TABLES:
        data.pop(table, None)
    for name in SMALL_TABLES:
        data.setdefault(name, {})
    coach.storage.write(data)


MIGRATIONS: dict[int, Migration] = {0: _init_layout}


def open_store(data_dir: Path, *, lock_timeout: float = 10.0) -> Store:
    """Open (creating if needed) the data folder, check its data format and migrate it.

    Raises :class:`~coach.storage.errors.CorruptDatabase` if ``coach.json`` cannot be read,
    :class:`~coach.storage.errors.NewerDatabase` if a newer coach wrote it (both untouched),
    and :class:`~coach.storage.errors.StorageError` if the folder cannot be used.
    """
    store = Store.create(data_dir, lock_timeout=lock_timeout)
    with store.transaction() as tx:
        check_version(tx)
        store.clean_temp_files()
        migrate(tx)
    return store
