"""The typed API the rest of coach uses to keep and read its data.

Every method is one transaction (lock held, files read fresh, one atomic write per changed file);
wrap several calls in :meth:`Repository.transaction` to make them one. Methods may raise
:class:`~coach.storage.errors.StorageError` (its subclasses ``CorruptDatabase``, ``StorageBusy``)
whose message is plain enough to show the client as is.
"""

from __future__ import annotations

import copy
import gc
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from tinydb import where

from coach.domain.dayfacts import LogFacts
from coach.domain.progression import DoseChange
from coach.domain.records import (
    CheckInFacts,
    CheckInRecord,
    PainContext,
    SessionFacts,
    SessionRecord,
)
from coach.storage import bulk, facts, logs
from coach.storage.fired import FiredReminders
from coach.storage.models import ExcusedRow, ProgramEntry, PsfsActivity, SettingRow
from coach.storage.rows import valid_doc
from coach.storage.schema import open_store
from coach.storage.store import COACH_FILE, Store, Transaction

_IN_PROGRESS = re.compile(rb'"status"\s*:\s*"in_progress"')


def _aware(moment: datetime) -> datetime:
    """Compare-safe time: a naive time is taken as local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


_model = bulk.validate_one
_M = TypeVar("_M", bound=BaseModel)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects (it adds ~30%)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _where(field: str, value: Any) -> tuple[str, Any] | None:
    return None if value is None else (field, value)


def _since_year(since: datetime | None) -> int | None:
    return None if since is None else _aware(since).year


class Repository(FiredReminders):
    """Sessions, check-ins, program, routine versions, settings and reminder bookkeeping
    (:class:`~coach.storage.fired.FiredReminders`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, data_dir: Path, *, lock_timeout: float = 10.0) -> Repository:
        """Open the data folder (see :func:`~coach.storage.schema.open_store`) and return a
        repository on it."""
        return cls(open_store(data_dir, lock_timeout=lock_timeout))

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """Make the calls inside the block one transaction: all saved, or none if it raises."""
        with self.store.transaction():
            yield self

    def _tx(self) -> AbstractContextManager[Transaction]:
        return self.store.transaction()

    # --- sessions ------------------------------------------------------------------------------

    def save_session(self, rec: SessionRecord) -> None:
        """Insert the session, or replace the stored one with the same id."""
        doc = valid_doc(rec)
        with self._tx() as tx:
            logs.put(tx, "sessions", doc)

    def get_session(self, id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        with self._tx() as tx:
            found = logs.get(tx, "sessions", id)
        return _model(SessionRecord, found[0], found[1], "session") if found else None

    def sessions(
        self, since: datetime | None = None, routine_id: str | None = None
    ) -> list[SessionRecord]:
        """Sessions (optionally started at or after ``since``, of one routine), oldest first."""
        return self.history(since, routine_id=routine_id, checkins=False)[0]

    def interrupted_sessions(self) -> list[SessionRecord]:
        """Sessions still marked in progress (the app stopped mid-session), oldest first."""
        kind = bulk.Kind("sessions", SessionRecord, "session", ("status", "in_progress"))
        with _gc_paused():
            with self._tx() as tx:
                files = bulk.gather(tx, must_match=_IN_PROGRESS)
            out: list[SessionRecord] = bulk.build(files, [kind])[0]
        return sorted(out, key=lambda rec: (_aware(rec.started_at), rec.id))

    def delete_session(self, id: str) -> bool:
        """Remove the session with this id; whether there was one."""
        with self._tx() as tx:
            return logs.delete(tx, "sessions", id)

    # --- check-ins -----------------------------------------------------------------------------

    def save_checkin(self, rec: CheckInRecord) -> None:
        """Insert the check-in, or replace the stored one with the same id (an edit)."""
        doc = valid_doc(rec)
        with self._tx() as tx:
            logs.put(tx, "checkins", doc)

    def get_checkin(self, id: str) -> CheckInRecord | None:
        """The check-in with this id, or None."""
        with self._tx() as tx:
            found = logs.get(tx, "checkins", id)
        return _model(CheckInRecord, found[0], found[1], "check-in") if found else None

    def checkins(
        self, since: datetime | None = None, context: PainContext | None = None
    ) -> list[CheckInRecord]:
        """Check-ins (optionally at or after ``since``, in one context), oldest first."""
        return self.history(since, context=context, sessions=False)[1]

    def history(
        self,
        since: datetime | None = None,
        *,
        routine_id: str | None = None,
        context: PainContext | None = None,
        sessions: bool = True,
        checkins: bool = True,
    ) -> tuple[list[SessionRecord], list[CheckInRecord]]:
        """Sessions and check-ins (oldest first) read in one pass over the files.

        ``since`` keeps records at or after it; ``routine_id`` filters sessions, ``context``
        check-ins. ``sessions=False`` / ``checkins=False`` skip one kind (returned empty).
        Every record is validated (see :mod:`coach.storage.bulk`).
        """
        return self._read_log(
            since,
            bulk.Kind("sessions", SessionRecord, "session", _where("routine_id", routine_id))
            if sessions else None,
            bulk.Kind("checkins", CheckInRecord, "check-in", _where("context", context))
            if checkins else None,
        )  # fmt: skip

    def history_facts(
        self, since: datetime | None = None, *, sessions: bool = True, checkins: bool = True
    ) -> tuple[list[SessionFacts], list[CheckInFacts]]:
        """Like :meth:`history`, as small read-only copies: for statistics and reviews.

        Every record is validated exactly as by :meth:`history` before it is copied; the copies
        of sessions leave out the exercises. About a third of the memory of full records.
        """
        return self._read_log(
            since,
            bulk.Kind("sessions", SessionRecord, "session", convert=SessionFacts.of_many)
            if sessions else None,
            bulk.Kind("checkins", CheckInRecord, "check-in", convert=CheckInFacts.of_many)
            if checkins else None,
        )  # fmt: skip

    def _read_log(
        self, since: datetime | None, sessions: bulk.Kind | None, checkins: bulk.Kind | None
    ) -> tuple[list[Any], list[Any]]:
        kinds = [kind for kind in (sessions, checkins) if kind is not None]
        with _gc_paused():
            with self._tx() as tx:  # the lock is held only while the files are read
                files = bulk.gather(tx, since_year=_since_year(since))
            found = bulk.build(files, kinds)
            recs_s = found[0] if sessions is not None else []
            recs_c = found[-1] if checkins is not None else []
            if since is not None:
                limit = _aware(since)
                recs_s = [rec for rec in recs_s if _aware(rec.started_at) >= limit]
                recs_c = [rec for rec in recs_c if _aware(rec.at) >= limit]
            recs_s.sort(key=lambda rec: (_aware(rec.started_at), rec.id))
            recs_c.sort(key=lambda rec: (_aware(rec.at), rec.id))
        return recs_s, recs_c

    def day_facts(self, tz: tzinfo, today: date) -> LogFacts | None:
        """The whole log's per-day facts in ``tz`` (see :mod:`coach.storage.facts`): the past
        years' from their facts files (made and kept when missing or out of date), the current
        year's from its records. None when they cannot stand for the records."""
        with _gc_paused():
            return facts.log_facts(self.store, tz, today)

    def delete_record(self, id: str) -> bool:
        """Remove the session or check-in with this id, even one coach cannot read."""
        with self._tx() as tx:
            return any([logs.delete(tx, table, id) for table in ("sessions", "checkins")])

    def delete_checkin(self, id: str) -> bool:
        """Remove the check-in with this id; whether there was one."""
        with self._tx() as tx:
            return logs.delete(tx, "checkins", id)

    def import_records(
        self, sessions: Iterable[SessionRecord], checkins: Iterable[CheckInRecord]
    ) -> tuple[int, int]:
        """Add records whose ids are not stored yet (others are left as they are).

        Returns (sessions added, check-ins added). All or nothing.
        """
        session_docs = [valid_doc(rec) for rec in sessions]
        checkin_docs = [valid_doc(rec) for rec in checkins]
        with self._tx() as tx:
            return (
                logs.import_docs(tx, "sessions", session_docs),
                logs.import_docs(tx, "checkins", checkin_docs),
            )

    # --- small tables in coach.json ------------------------------------------------------------

    def _rows(self, tx: Transaction, table: str) -> list[dict[str, Any]]:
        """Documents of a small table (shared with the memo: read only)."""
        tables = tx.storage(COACH_FILE).current() or {}
        return list(tables.get(table, {}).values())

    def _path(self) -> Path:
        return self.store.folder / COACH_FILE

    def program(self, include_inactive: bool = False) -> list[ProgramEntry]:
        """The routines in the client's program (dropped ones too if asked), by date added."""
        with self._tx() as tx:
            rows = self._rows(tx, "program")
        entries = [_model(ProgramEntry, self._path(), row, "program entry") for row in rows]
        entries = [e for e in entries if include_inactive or e.active]
        return sorted(entries, key=lambda e: (_aware(e.added_at), e.routine_id))

    def add_to_program(self, entry: ProgramEntry) -> None:
        """Add a routine to the program, replacing any entry with the same routine id."""
        doc = valid_doc(entry)
        with self._tx() as tx:
            table = tx.coach().table("program")
            table.remove(where("routine_id") == entry.routine_id)
            table.insert(doc)

    def drop_from_program(self, routine_id: str) -> bool:
        """Mark a routine inactive (its history stays); whether it was active."""
        with self._tx() as tx:
            rows = [
                entry for entry in self._checked(tx, "program", ProgramEntry, "program entry")
                if entry.routine_id == routine_id
            ]
            if not any(entry.active for entry in rows):
                return False
            table = tx.coach().table("program")
            table.remove(where("routine_id") == routine_id)
            for entry in rows:
                table.insert(valid_doc(entry.model_copy(update={"active": False})))
            return True

    def remember_routine_version(self, routine_id: str, sha256: str, content: str) -> None:
        """Keep the text of one version of a routine file (once per sha256)."""
        with self._tx() as tx:
            if any(r.get("sha256") == sha256 for r in self._rows(tx, "routine_versions")):
                return
            tx.coach().table("routine_versions").insert(
                {"sha256": sha256, "routine_id": routine_id, "content": content}
            )

    def routine_version(self, sha256: str) -> str | None:
        """The text of the routine version with this sha256, if kept."""
        with self._tx() as tx:
            for row in self._rows(tx, "routine_versions"):
                if row.get("sha256") == sha256:
                    content = row.get("content")
                    return content if isinstance(content, str) else None
        return None

    def routine_version_counts(self) -> dict[str | None, int]:
        """How many versions of each routine (by id) are kept (None: versions kept without
        their routine's id, which could be any routine's)."""
        counts: dict[str | None, int] = {}
        with self._tx() as tx:
            for row in self._rows(tx, "routine_versions"):
                rid = row.get("routine_id")
                key = rid if isinstance(rid, str) else None
                counts[key] = counts.get(key, 0) + 1
        return counts

    def _checked(self, tx: Transaction, table: str, model: type[_M], what: str) -> list[_M]:
        """Every row of a small table, validated (a bad row raises naming the file and row)."""
        return [_model(model, self._path(), row, what) for row in self._rows(tx, table)]

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's value (a fresh copy), or ``default``."""
        with self._tx() as tx:
            for row in self._checked(tx, "settings", SettingRow, "setting"):
                if row.key == key:
                    return copy.deepcopy(row.value)
        return default

    def set_setting(self, key: str, value: Any) -> None:
        """Set a setting; ``value`` must be JSON (None, bool, number, str, list, dict)."""
        try:
            stored = json.loads(json.dumps(value, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"setting {key!r} must be a plain JSON value ({exc})") from None
        with self._tx() as tx:
            table = tx.coach().table("settings")
            table.remove(where("key") == key)
            table.insert({"key": key, "value": stored})

    def set_excused(self, day: date, reason: str) -> None:
        """Mark a day as excused (no reminders, no missed-day count), replacing any reason."""
        ExcusedRow(day=day, reason=reason)  # in bounds before anything is written
        with self._tx() as tx:
            table = tx.coach().table("excused_days")
            table.remove(where("day") == day.isoformat())
            table.insert({"day": day.isoformat(), "reason": reason})

    def excused_days(self) -> dict[date, str]:
        """Excused days and their reasons."""
        with self._tx() as tx:
            rows = self._checked(tx, "excused_days", ExcusedRow, "excused day")
        return {row.day: row.reason for row in rows}

    def clear_excused(self, day: date) -> bool:
        """Un-excuse a day; whether it was excused."""
        with self._tx() as tx:
            if not any(row.get("day") == day.isoformat() for row in self._rows(tx, "excused_days")):
                return False
            tx.coach().table("excused_days").remove(where("day") == day.isoformat())
            return True

    def psfs_activities(self, include_inactive: bool = False) -> list[PsfsActivity]:
        """The client's rated activities, by date added."""
        with self._tx() as tx:
            rows = self._rows(tx, "psfs_activities")
        items = [_model(PsfsActivity, self._path(), row, "activity") for row in rows]
        items = [a for a in items if include_inactive or a.active]
        return sorted(items, key=lambda a: (_aware(a.added_at), a.id))

    def save_psfs_activity(self, activity: PsfsActivity) -> None:
        """Insert an activity or replace the one with the same id."""
        doc = valid_doc(activity)
        with self._tx() as tx:
            table = tx.coach().table("psfs_activities")
            table.remove(where("id") == activity.id)
            table.insert(doc)

    # --- accepted doses (therapist-set progression; the routine file is never edited) ----------

    def dose_changes(self, routine_id: str | None = None) -> list[DoseChange]:
        """The dose changes accepted, stepped back or declined (undone ones too), oldest first."""
        with self._tx() as tx:
            rows = self._checked(tx, "dose_changes", DoseChange, "dose change")
        rows = [r for r in rows if routine_id is None or r.routine_id == routine_id]
        return sorted(rows, key=lambda r: (_aware(r.at), r.id))

    def save_dose_change(self, change: DoseChange) -> None:
        """Insert a dose change, or replace the one with the same id."""
        doc = valid_doc(change)
        with self._tx() as tx:
            table = tx.coach().table("dose_changes")
            table.remove(where("id") == change.id)
            table.insert(doc)


Repo = Repository
"""Short alias of :class:`Repository`."""
