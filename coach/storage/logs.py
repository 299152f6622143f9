"""Log records (sessions, check-ins) in the year files: save by id, find, delete, list, import.

A new record goes into the file of its time key's year (``started_at`` / ``at``, as written in
ISO form). Finding a record by id needs no index: each year file's record ids come from the
per-process memo (checked against the file's random token) or, for a file this process has not
seen, from a fast byte scan for ``"id": "..."``; only a file that may hold the id is parsed. An
update replaces the record in whichever file holds it, even if the edit moved its time into
another year: the record is never copied between files, so no crash can leave two copies or none.
Each log file's header records the latest year among its records, so listing ``since`` a date
skips only files that certainly hold nothing that recent (listing many records at once is in
:mod:`coach.storage.bulk`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.table import Document

from coach.storage.store import LOG_TABLES, Transaction, log_file_name


def record_year(table: str, doc: dict[str, Any]) -> int:
    """The year a record belongs to: the first four digits of its ISO time key."""
    key = LOG_TABLES[table]
    value = doc.get(key)
    if not (isinstance(value, str) and len(value) >= 4 and value[:4].isdigit()):
        raise ValueError(f"a {table} record needs its time {key!r} as an ISO date-time")
    return int(value[:4])


def locate(
    tx: Transaction, table: str, rec_id: str, hint_year: int | None = None
) -> tuple[int, str] | None:
    """(year, doc_id) of the record ``rec_id`` in ``table``, looking in ``hint_year`` first."""
    order = sorted(tx.log_years(), reverse=True)
    if hint_year is not None:
        order = [hint_year] + [year for year in order if year != hint_year]
    for year in order:
        name = log_file_name(year)
        if year != hint_year and not tx.is_open(name) and rec_id not in tx.log_ids(year):
            continue
        doc_id = tx.storage(name).find_doc_id(table, rec_id)
        if doc_id is not None:
            return year, doc_id
    return None


def put(tx: Transaction, table: str, doc: dict[str, Any]) -> None:
    """Insert ``doc`` or replace the record with the same ``id`` wherever it is."""
    year = record_year(table, doc)
    found = locate(tx, table, doc["id"], hint_year=year)
    if found is None:
        tx.log(year).table(table).insert(doc)
        return
    where, doc_id = found
    target = tx.log(where).table(table)
    target.remove(doc_ids=[int(doc_id)])
    target.insert(Document(doc, doc_id=int(doc_id)))


def get(tx: Transaction, table: str, rec_id: str) -> tuple[Path, dict[str, Any]] | None:
    """(file, document) of the record ``rec_id`` in ``table``, or None."""
    found = locate(tx, table, rec_id)
    if found is None:
        return None
    year, doc_id = found
    doc = tx.log(year).table(table).get(doc_id=int(doc_id))
    return (tx.storage(log_file_name(year)).path, doc) if doc is not None else None


def delete(tx: Transaction, table: str, rec_id: str) -> bool:
    """Remove the record ``rec_id`` from ``table`` (every copy); whether there was one."""
    removed = False
    while (found := locate(tx, table, rec_id)) is not None:
        year, doc_id = found
        tx.log(year).table(table).remove(doc_ids=[int(doc_id)])
        removed = True
    return removed


def import_docs(tx: Transaction, table: str, docs: Iterable[dict[str, Any]]) -> int:
    """Add the records whose id is not stored yet (nor repeated in ``docs``); how many added."""
    maybe: set[str] = set()
    for year in tx.log_years():
        name = log_file_name(year)
        if tx.is_open(name):
            tables = tx.storage(name).current() or {}
            maybe.update(d.get("id") for t in tables.values() for d in t.values())
        else:
            maybe |= tx.log_ids(year)
    fresh: dict[str, dict[str, Any]] = {}
    for doc in docs:
        rec_id = doc["id"]
        if rec_id in fresh:
            continue
        if rec_id in maybe and locate(tx, table, rec_id) is not None:
            continue
        record_year(table, doc)  # fail before anything changes
        fresh[rec_id] = doc
    by_year: dict[int, list[dict[str, Any]]] = {}
    for doc in fresh.values():
        by_year.setdefault(record_year(table, doc), []).append(doc)
    for year, batch in sorted(by_year.items()):
        tx.log(year).table(table).insert_multiple(batch)
    return len(fresh)
