"""Reading many log records at once (history, stats, exports): validated, fast, and small.

Guarantee: every record handed out has been validated against its model
(:mod:`coach.domain.records`) exactly as ``model_validate`` does, and a record that is not valid
stops the read with :class:`~coach.storage.errors.CorruptDatabase` naming the file, the record's
id and the field (a damaged file likewise, with line and column). What is returned, and what
is reported, is the same as reading every file with ``json.loads`` and validating the kept
documents one by one.

Fast: a year file not in memory is validated straight from its bytes with pydantic-core
(``validate_json``): no dict per document is built, a kind of record not asked for is only
checked to be a set of records, and short repeated strings (routine ids, names, contexts) are
shared. If that fails for any reason, the same bytes are parsed again the exact, slower way
(``json.loads``, one record per id, filter, validate what is kept, name the first bad one), so
the result never depends on the fast path. A file open in the transaction, or in the
per-process memo, is validated from its documents. The data lock is held only while the files'
bytes are read (:func:`gather`); validating (:func:`build`) needs no lock.

Small: pydantic keeps a set of the names of the fields given for each record, which is most of
the memory of a small record. A record read with every field present (as coach writes them)
gets one set shared by every record of its model, read-only (:class:`SharedFieldNames`).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from coach.storage.errors import CorruptDatabase
from coach.storage.jsonfile import parse_plain
from coach.storage.memo import Sig, Tables
from coach.storage.rows import TABLE_MODELS, bad_record, validate_many, validate_one
from coach.storage.store import LOG_TABLES, Transaction, log_file_name

M = TypeVar("M", bound=BaseModel)


# --- shared field-name sets ----------------------------------------------------------------------


class SharedFieldNames(set[str]):
    """The names of every field of a model: one read-only set shared by many records.

    pydantic adds a field's name on assignment (already here: nothing changes) and copies the
    set when copying a record (the copy is a plain set of its own), so records behave exactly
    as with a set of their own. Anything that would change it raises ``TypeError``.
    """

    __slots__ = ()

    def _refuse(self, *args: object) -> NoReturn:
        raise TypeError("a shared set of field names cannot change")

    def add(self, name: str) -> None:
        """Nothing to do for a name already here (every field's is); refuses any other."""
        if name not in self:
            self._refuse()

    def update(self, *others: Iterable[Any]) -> None:
        """Nothing to do for names already here; refuses any other."""
        for other in others:
            for name in other:
                self.add(name)

    def __copy__(self) -> set[str]:
        return set(self)

    def __ior__(self, other: Any) -> SharedFieldNames:  # type: ignore[override, misc]
        self.update(other)
        return self

    discard = remove = pop = clear = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __isub__ = __iand__ = __ixor__ = _refuse


@dataclass(frozen=True)
class _Plan:
    names: SharedFieldNames
    nested: tuple[tuple[str, type[BaseModel]], ...]  # fields holding a list of records


_PLANS: dict[type[BaseModel], _Plan] = {}


def _plan(cls: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        nested = []
        for name, info in cls.model_fields.items():
            args = typing.get_args(info.annotation)
            if typing.get_origin(info.annotation) is list and args:
                inner = args[0]
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    nested.append((name, inner))
        plan = _PLANS[cls] = _Plan(SharedFieldNames(cls.model_fields), tuple(nested))
    return plan


def share_field_names(records: list[M]) -> list[M]:
    """Give each record read whole (and its nested records) the shared set of its model."""
    if not records:
        return records
    _share(records, _plan(type(records[0])))
    return records


def _share(records: Sequence[BaseModel], plan: _Plan) -> None:
    names, size = plan.names, len(plan.names)
    setter = object.__setattr__
    for rec in records:
        if len(rec.__pydantic_fields_set__) == size:  # a subset of the names: all of them
            setter(rec, "__pydantic_fields_set__", names)
    for field, cls in plan.nested:
        _share([item for rec in records for item in getattr(rec, field)], _plan(cls))


# --- reading the year files ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of log record to read: its table, model, name in messages, optional filter."""

    table: str
    model: type[BaseModel]
    what: str
    where: tuple[str, Any] | None = None  # (field, value): keep only records where they match
    convert: Callable[[list[Any]], list[Any]] | None = None  # hand out convert(records) instead


class _AnyRecord(BaseModel):
    """A stored document of a table not asked for: only checked to be a set of named values."""

    model_config = ConfigDict(extra="ignore")


class _OtherTables(BaseModel):
    """A log file's tables not asked for (and coach's header): each a set of records."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, dict[str, _AnyRecord]] = Field(init=False)


_FILES: dict[tuple[tuple[str, type[BaseModel]], ...], type[BaseModel]] = {}


def _file_model(kinds: Sequence[Kind]) -> type[BaseModel]:
    """A model of a whole log file: the tables asked for validated, the others checked."""
    key = tuple((k.table, k.model) for k in kinds)
    model = _FILES.get(key)
    if model is None:
        fields: dict[str, Any] = {k.table: (dict[str, k.model], {}) for k in kinds}  # type: ignore[name-defined]
        model = _FILES[key] = create_model("_LogFile", __base__=_OtherTables, **fields)
    return model


def _fast(data: bytes, kinds: Sequence[Kind]) -> list[list[BaseModel]] | None:
    """The records of each kind in a file's bytes, in file order; None if anything is off."""
    try:
        parsed = _file_model(kinds).model_validate_json(data)
    except ValidationError:
        return None
    out = []
    for kind in kinds:
        records = list(getattr(parsed, kind.table).values())
        if any("id" not in rec.__pydantic_fields_set__ for rec in records):
            return None  # a record without an id: the exact path handles it
        out.append(records)
    # A repeated key keeps only its last value here. Every record coach writes holds exactly
    # one ``"id": "`` (text escapes a quote), so the counts agree unless a key is repeated (or
    # the file was written another way): then the exact path reads it, refusing repeats.
    others = parsed.__pydantic_extra__ or {}
    total = sum(map(len, out)) + sum(len(t) for name, t in others.items() if name != "_file")
    if data.count(b'"id": "') != total:
        return None
    for name in (*LOG_TABLES, *others):
        if data.count(f'"{name}": {{'.encode()) > 1:  # a table written twice
            return None
    for kind, records in zip(kinds, out, strict=True):
        if not _fields_once(data, kind.model, records):
            return None
    return out


_KEYS: dict[type[BaseModel], tuple[int, tuple[tuple[str, bytes], ...]]] = {}
_LOG_MODELS = tuple(TABLE_MODELS[name][0] for name in LOG_TABLES)


def _fields_once(data: bytes, model: type[BaseModel], records: list[BaseModel]) -> bool:
    """Whether each top-level field of the records appears in ``data`` as often as they hold
    it (a field written twice in one record would otherwise keep its last value unseen).

    Only names no nested record uses are counted; a mismatch only means "read it exactly".
    """
    keys = _KEYS.get(model)
    if keys is None:
        nested = {name for _, inner in _plan(model).nested for name in inner.model_fields}
        for other in _LOG_MODELS:  # a file holds both kinds: count only names of this one
            if other is not model:
                nested.update(other.model_fields)
        keys = _KEYS[model] = (
            len(model.model_fields),
            tuple((n, f'"{n}": '.encode()) for n in model.model_fields if n not in nested),
        )
    size, names = keys
    partial = [rec.__pydantic_fields_set__ for rec in records
               if len(rec.__pydantic_fields_set__) != size]
    full = len(records) - len(partial)
    for name, needle in names:
        if data.count(needle) != full + sum(name in fields for fields in partial):
            return False
    return True


@dataclass
class LogFile:
    """One year file's contents as read under the lock: its tables, or its bytes to parse."""

    path: Path
    tables: Tables | None = None
    raw: tuple[Sig, bytes] | None = None


def gather(
    tx: Transaction, *, since_year: int | None = None, must_match: re.Pattern[bytes] | None = None
) -> list[LogFile]:
    """The year files to read, newest first, as they are now (cheap: call it under the lock).

    ``since_year`` skips files whose records are all older than the year before it (a time zone
    can move a record across New Year); ``must_match`` skips files whose bytes do not match it
    (a fast pre-filter; the caller still filters the records).
    """
    files = []
    for year in sorted(tx.log_years(), reverse=True):
        if since_year is not None:
            latest = tx.log_latest_year(year)
            if latest is not None and latest < since_year - 1:
                continue
        if must_match is not None and not tx.log_may_match(year, must_match):
            continue
        source = tx.log_source(year)
        if source is None:
            continue
        path = tx.folder / log_file_name(year)
        if isinstance(source, tuple):
            files.append(LogFile(path, raw=source))
        else:
            files.append(LogFile(path, tables=source))
    return files


def build(files: list[LogFile], kinds: Sequence[Kind]) -> list[list[Any]]:
    """Every record of each kind in ``files`` (newest first), one per id (the first file's
    wins), unsorted. Needs no lock; empties ``files`` as it goes (to keep memory low).
    """
    out: list[list[Any]] = [[] for _ in kinds]
    seen: list[set[Any]] = [set() for _ in kinds]
    # The first bad record of each kind, reported once every file is parsed (a damaged file is
    # reported first; then the first kind's bad record: the order of reading it all, then
    # validating each kind).
    pending: list[CorruptDatabase | None] = [None for _ in kinds]
    files.reverse()
    while files:
        file = files.pop()
        path, tables, raw = file.path, file.tables, file.raw
        del file  # the bytes go as soon as they are parsed
        if raw is not None:
            fast = _fast(raw[1], kinds)
            if fast is not None:
                del raw
                for i, kind in enumerate(kinds):
                    out[i].extend(_handed_out(list(_kept(fast[i], kind, seen[i])), kind))
                    fast[i] = []  # done with these records: let them go now
                continue
            snap = parse_plain(raw[1], raw[0], path)  # raises, naming what is damaged
            tables = snap.tables if snap is not None else {}
        for i, kind in enumerate(kinds):
            docs = [
                doc
                for doc in _first_of_each((tables or {}).get(kind.table, {}).values(), seen[i])
                if kind.where is None or doc.get(kind.where[0]) == kind.where[1]
            ]
            if pending[i] is not None:
                continue
            try:
                records = validate_many(kind.model, path, docs, kind.what)
            except CorruptDatabase as exc:
                pending[i] = exc
                continue
            out[i].extend(_handed_out(records, kind))
    for error in pending:
        if error is not None:
            raise error
    return out


def _handed_out(records: list[BaseModel], kind: Kind) -> list[Any]:
    if kind.convert is not None:
        return kind.convert(records)
    return share_field_names(records)


def _first_of_each(docs: Iterable[dict[str, Any]], seen: set[Any]) -> Iterator[dict[str, Any]]:
    for doc in docs:
        rec_id = doc.get("id")
        if rec_id not in seen:
            seen.add(rec_id)
            yield doc


def _kept(records: list[BaseModel], kind: Kind, seen: set[Any]) -> Iterator[BaseModel]:
    field, value = kind.where if kind.where is not None else (None, None)
    for rec in records:
        rec_id = rec.id  # type: ignore[attr-defined]
        if rec_id in seen:
            continue
        seen.add(rec_id)
        if field is None or getattr(rec, field) == value:
            yield rec


__all__ = ["bad_record", "validate_many", "validate_one"]
