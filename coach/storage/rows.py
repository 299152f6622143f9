"""Validating stored rows: one model per table, a plain refusal naming the file and the record.

Every table coach keeps has a model (:data:`TABLE_MODELS`), built on the domain's bounds
(:mod:`coach.domain.bounds`). A file read from disk is checked whole before coach writes it back
(:func:`check_tables`), so a file holding one bad record is never rewritten; reads check the
records they hand out. :func:`bad_records` lists every bad record of a file (for
``coach doctor --repair``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from coach.domain.bounds import plain_error
from coach.domain.progression import DoseChange
from coach.domain.records import CheckInRecord, SessionRecord
from coach.storage.errors import CorruptDatabase, InvalidRecord
from coach.storage.models import ExcusedRow, FiredRow, ProgramEntry, PsfsActivity, SettingRow

M = TypeVar("M", bound=BaseModel)

TABLE_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "sessions": (SessionRecord, "session"),
    "checkins": (CheckInRecord, "check-in"),
    "program": (ProgramEntry, "program entry"),
    "psfs_activities": (PsfsActivity, "activity"),
    "settings": (SettingRow, "setting"),
    "reminders_fired": (FiredRow, "sent reminder"),
    "excused_days": (ExcusedRow, "excused day"),
    "dose_changes": (DoseChange, "dose change"),
}
"""Table name -> (the model of its rows, what a row is called in messages)."""


def record_ref(doc: Any) -> str | None:
    """A stored record's id, if it has a usable one."""
    rec_id = doc.get("id") if isinstance(doc, Mapping) else None
    return rec_id if isinstance(rec_id, str) and rec_id else None


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = " > ".join(str(part) for part in first["loc"]) or "record"
    return f"{loc}: {plain_error(first)}"


def bad_record(path: Path, doc: Any, what: str, exc: ValidationError) -> CorruptDatabase:
    """The plain refusal of a stored record ``doc`` that is not valid."""
    rec_id = record_ref(doc)
    return CorruptDatabase(
        path,
        f"a saved {what} ({rec_id or 'no id'}) is not in the form this coach expects "
        f"({_problem(exc)})",
        record_id=rec_id,
    )


def validate_one(cls: type[M], path: Path, doc: Mapping[str, Any], what: str) -> M:
    """One stored document as a ``cls`` (raises :class:`CorruptDatabase` naming it if invalid)."""
    try:
        return cls.model_validate(doc)
    except ValidationError as exc:
        raise bad_record(path, doc, what, exc) from None


_LISTS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def validate_many(cls: type[M], path: Path, docs: list[Any], what: str) -> list[M]:
    """Many stored documents of one file at once (raises naming the first invalid one)."""
    adapter = _LISTS.get(cls)
    if adapter is None:
        adapter = _LISTS[cls] = TypeAdapter(list[cls])  # type: ignore[valid-type]
    try:
        return adapter.validate_python(docs)  # type: ignore[no-any-return]
    except ValidationError:
        for doc in docs:  # find the culprit and say where it is
            validate_one(cls, path, doc, what)
        raise


def check_tables(path: Path, tables: Mapping[str, Mapping[str, Any]]) -> None:
    """Refuse (raise :class:`CorruptDatabase`) a file holding any record its table forbids."""
    for name, table in tables.items():
        spec = TABLE_MODELS.get(name)
        if spec is not None and table:
            validate_many(spec[0], path, list(table.values()), spec[1])


@dataclass(frozen=True)
class BadRecord:
    """One stored record that breaks its table's rules."""

    table: str
    doc_id: str
    doc: Any
    problem: str

    @property
    def label(self) -> str:
        """How messages name it: ``check-in 1a2b...`` or ``setting #3``."""
        what = TABLE_MODELS[self.table][1]
        return f"{what} {record_ref(self.doc) or '#' + self.doc_id}"


def bad_records(tables: Mapping[str, Mapping[str, Any]]) -> list[BadRecord]:
    """Every record of a file that breaks its table's rules, in file order."""
    found = []
    for name, table in tables.items():
        spec = TABLE_MODELS.get(name)
        if spec is None:
            continue
        for doc_id, doc in table.items():
            try:
                spec[0].model_validate(doc)
            except ValidationError as exc:
                found.append(BadRecord(name, str(doc_id), doc, _problem(exc)))
    return found


def valid_doc(rec: BaseModel) -> dict[str, Any]:
    """A record as stored, checked again (a record changed after it was made may be out of
    bounds): raises :class:`InvalidRecord` with a plain message if it is not valid."""
    doc = rec.model_dump(mode="json")
    try:
        type(rec).model_validate(doc)
    except ValidationError as exc:
        raise InvalidRecord(f"coach will not save this record ({_problem(exc)})") from None
    return doc
