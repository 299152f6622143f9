"""Exports of the client's log (CSV, JSON) and reading a JSON export back (pure).

Every function takes records and returns text or data; nothing here prints or touches files.

CSV (``to_csv``): UTF-8, comma-separated, a header row, one row per session or check-in, oldest
first, LF line ends. Columns, in order:

- ``kind``: ``session`` or ``checkin``; ``id``: the record id;
- ``local_date`` (YYYY-MM-DD) and ``local_time`` (HH:MM) in the client's time zone;
  ``timestamp``: ISO 8601 with the UTC offset (session start or check-in time);
- ``routine_id``, ``routine_title``: the session's routine (a check-in's routine id if it
  belongs to one);
- sessions: ``status`` (complete, partial, abandoned, in_progress), ``minutes`` (start to end,
  one decimal), ``exercises_done``, ``exercises_partial``, ``exercises_skipped``,
  ``exercises_total``, ``flare`` (``yes`` for a session of the routine's gentle flare version);
- check-ins: ``context`` (before_session, after_session, during_session, next_morning, at_rest,
  with_activity), ``session_id``, ``stiffness`` (0-10), ``morning_stiffness_min``, ``note``;
- then one column per pain region (``pain:REGION``, 0-10), per measure (``measure:ID``, in the
  measure's unit) and per everyday activity (``function:ID``, PSFS 0-10), each group sorted.

Empty cells mean "not recorded". No cell can run as a formula in a spreadsheet, whatever its
line breaks or leading blanks (see :mod:`coach.services.csv_cells`), and none holds control bytes.

JSON (``to_json``): ``{"coach_export": 1, "sessions": [...], "checkins": [...],
"excused_days": {"YYYY-MM-DD": reason}, "activities": [...], "dose_changes": [...]}`` (the
last only when the client accepted doses) with every record complete, as
stored. :func:`parse_json` reads it back, checking everything before anything is imported.

FHIR: :mod:`coach.services.fhir_observations` (the Observations) and :mod:`coach.services.fhir`
(the Bundle with the Patient and the sessions).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from pydantic import BaseModel, ValidationError

from coach.domain.bounds import plain_error
from coach.domain.progression import DoseChange
from coach.domain.records import CheckInRecord, SessionRecord
from coach.services.csv_cells import inert_row
from coach.storage.models import PsfsActivity

EXPORT_FORMAT = 1
EXCUSE_REASONS = ("rest", "flare", "ill")
BASE_COLUMNS = (
    "kind", "id", "local_date", "local_time", "timestamp", "routine_id", "routine_title",
    "status", "minutes", "exercises_done", "exercises_partial", "exercises_skipped",
    "exercises_total", "flare", "context", "session_id", "stiffness", "morning_stiffness_min",
    "note",
)  # fmt: skip
_C1 = re.compile("[\x7f-\x9f]")


def escape_c1(text: str) -> str:
    """JSON text with its C1 control characters escaped (``\\u0085``): none reach a terminal."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ExportError(ValueError):
    """A file that cannot be imported; the message names the file, where, and what is wrong."""


@dataclass(frozen=True)
class ExportData:
    """The content of a JSON export."""

    sessions: list[SessionRecord]
    checkins: list[CheckInRecord]
    excused: dict[date, str]
    activities: list[PsfsActivity]
    dose_changes: list[DoseChange] = field(default_factory=list)
    """Doses the client accepted from the therapist's progression plan (and declined offers)."""


def aware(at: datetime) -> datetime:
    """``at`` with a time zone (UTC when it has none)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _ordered(
    sessions: Iterable[SessionRecord], checkins: Iterable[CheckInRecord]
) -> list[SessionRecord | CheckInRecord]:
    rows: list[tuple[datetime, int, str, SessionRecord | CheckInRecord]] = [
        (aware(s.started_at), 0, s.id, s) for s in sessions
    ]
    rows += [(aware(c.at), 1, c.id, c) for c in checkins]
    rows.sort(key=lambda r: r[:3])
    return [r[3] for r in rows]


# --- CSV -----------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return value or ""  # every cell is made inert when written (coach.services.csv_cells)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _session_row(s: SessionRecord) -> dict[str, str]:
    statuses = [e.status for e in s.exercises]
    counts = {k: statuses.count(k) for k in ("done", "partial", "skipped")}
    minutes = ""
    if s.ended_at is not None:
        minutes = f"{(aware(s.ended_at) - aware(s.started_at)).total_seconds() / 60:.1f}"
    return {
        "kind": "session",
        "routine_id": s.routine_id,
        "routine_title": _text(s.routine_title),
        "status": s.status,
        "minutes": minutes,
        "exercises_done": str(counts["done"]),
        "exercises_partial": str(counts["partial"]),
        "exercises_skipped": str(counts["skipped"]),
        "exercises_total": str(len(s.exercises)),
        "flare": "yes" if s.flare else "",
    }


def _checkin_row(c: CheckInRecord) -> dict[str, str]:
    row = {
        "kind": "checkin",
        "routine_id": c.routine_id or "",
        "context": c.context,
        "session_id": c.session_id or "",
        "stiffness": _num(c.stiffness),
        "morning_stiffness_min": _num(c.morning_stiffness_min),
        "note": _text(c.note),
    }
    for p in c.pain:
        row[f"pain:{p.region}"] = _num(p.value)
    for measure_id, value in c.measures.items():
        row[f"measure:{measure_id}"] = _num(value) if math.isfinite(value) else ""
    for activity_id, score in c.function.items():
        row[f"function:{activity_id}"] = str(score)
    return row


def to_csv(
    sessions: Iterable[SessionRecord], checkins: Iterable[CheckInRecord], tz: tzinfo
) -> str:
    """The log as CSV text (columns in the module docstring)."""
    rows = []
    extra: set[str] = set()
    for rec in _ordered(sessions, checkins):
        at = aware(rec.started_at if isinstance(rec, SessionRecord) else rec.at)
        local = at.astimezone(tz)
        row = _session_row(rec) if isinstance(rec, SessionRecord) else _checkin_row(rec)
        row.update(
            id=rec.id,
            local_date=local.date().isoformat(),
            local_time=local.strftime("%H:%M"),
            timestamp=at.isoformat(),
        )
        extra.update(k for k in row if ":" in k)
        rows.append(row)
    groups = ("pain:", "measure:", "function:")
    dynamic = [k for g in groups for k in sorted(k for k in extra if k.startswith(g))]
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[*BASE_COLUMNS, *dynamic], restval="", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(inert_row(row) for row in rows)
    return buffer.getvalue()


# --- JSON ----------------------------------------------------------------------------------------


def to_json(
    sessions: Iterable[SessionRecord],
    checkins: Iterable[CheckInRecord],
    excused: Mapping[date, str],
    activities: Sequence[PsfsActivity],
    dose_changes: Sequence[DoseChange] = (),
) -> str:
    """A complete, re-importable export (records oldest first; no time stamp, so stable);
    ``dose_changes`` (accepted doses) is written when there are any."""
    ordered = _ordered(sessions, checkins)
    doc = {
        "coach_export": EXPORT_FORMAT,
        "sessions": [r.model_dump(mode="json") for r in ordered if isinstance(r, SessionRecord)],
        "checkins": [r.model_dump(mode="json") for r in ordered if isinstance(r, CheckInRecord)],
        "excused_days": {d.isoformat(): why for d, why in sorted(excused.items())},
        "activities": [a.model_dump(mode="json") for a in activities],
    }
    if dose_changes:
        doc["dose_changes"] = [c.model_dump(mode="json") for c in dose_changes]
    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    # C1 controls are legal in JSON strings but must never reach a terminal: escape them.
    return escape_c1(text) + "\n"


def _where(section: str, index: int | str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = " > ".join(str(p) for p in first["loc"])
    return f"{section}[{index}]" + (f" > {loc}" if loc else "") + f": {plain_error(first)}"


def _records(name: str, doc: dict[str, Any], section: str, model: type[BaseModel]) -> list[Any]:
    items = doc.get(section, [])
    if not isinstance(items, list):
        raise ExportError(f"{name}: '{section}' should be a list of records")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ExportError(f"{name}: {section}[{i}] should be a record (a JSON object)")
        rec_id = item.get("id")
        if not isinstance(rec_id, str) or not rec_id.strip():
            raise ExportError(f"{name}: {section}[{i}] has no id (every record needs its id)")
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            raise ExportError(f"{name}: {_where(section, i, exc)}") from None
    return out


def parse_json(text: str, name: str) -> ExportData:
    """Read a JSON export; raises :class:`ExportError` naming the file and the first problem."""
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise ExportError(f"{name}: {str(exc)[:200]}") from None
    except RecursionError:
        raise ExportError(f"{name}: lists or objects nest far deeper than an export does") \
            from None
    if not isinstance(doc, dict) or "coach_export" not in doc:
        raise ExportError(
            f"{name}: this is not a coach export (expected a JSON object with \"coach_export\"; "
            "make one with `coach export --format json`)"
        )
    version = doc["coach_export"]
    if version != EXPORT_FORMAT or isinstance(version, bool):
        raise ExportError(
            f"{name}: export format {version!r} is not one this coach reads ({EXPORT_FORMAT}); "
            "it may come from a newer coach"
        )
    unknown = sorted(set(doc) - {"coach_export", "sessions", "checkins", "excused_days",
                                 "activities", "dose_changes"})
    if unknown:
        raise ExportError(f"{name}: unknown key '{unknown[0]}' in a coach export")
    sessions = _records(name, doc, "sessions", SessionRecord)
    checkins = _records(name, doc, "checkins", CheckInRecord)
    activities = _records(name, doc, "activities", PsfsActivity)
    raw_excused = doc.get("excused_days", {})
    if not isinstance(raw_excused, dict):
        raise ExportError(f"{name}: 'excused_days' should be an object of DATE: reason")
    excused: dict[date, str] = {}
    for key, why in raw_excused.items():
        try:
            day = date.fromisoformat(key)
        except ValueError:
            raise ExportError(f"{name}: excused_days: '{key}' is not a date (YYYY-MM-DD)") from None
        if why not in EXCUSE_REASONS:
            raise ExportError(
                f"{name}: excused_days[{key}]: the reason must be rest, flare or ill, not {why!r}"
            )
        excused[day] = why
    doses = _records(name, doc, "dose_changes", DoseChange)
    return ExportData(sessions, checkins, excused, activities, doses)


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a number coach accepts")
