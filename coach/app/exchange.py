"""Moving the log in and out: export (CSV, JSON, FHIR) and import (merge a JSON export).

``coach export`` / ``coach import`` parse their options, call these and print the result
(:func:`coach.app.progress.save_document` writes the export to a file). Blocking (they read
and write the data folder).

Import is all or nothing: the whole file is checked first, then every new record is added in
one transaction; records already in the log (same id) are left as they are, so importing twice
adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach.app import progress
from coach.domain.checkin import vocabulary
from coach.domain.clinical import MeasureSpec
from coach.domain.days import without_practice
from coach.domain.stats import local_date
from coach.services import export
from coach.services.export import ExportError
from coach.services.fhir_observations import fhir_json

if TYPE_CHECKING:
    from coach.app.context import AppContext

Format = Literal["csv", "json", "fhir"]
FORMATS: tuple[Format, ...] = ("csv", "json", "fhir")
MAX_IMPORT_BYTES = 512 * 1024 * 1024

__all__ = ["FORMATS", "ExportError", "Exported", "Imported", "export_log", "import_log"]


@dataclass(frozen=True)
class Exported:
    """An export's text and what is in it."""

    text: str
    sessions: int
    checkins: int
    practice_left_out: int
    """Practice runs (and their check-ins) left out: 0 with ``include_practice``."""


def export_log(
    ctx: AppContext, fmt: Format, since: date | None = None, include_practice: bool = False
) -> Exported:
    """The log (from ``since`` on, every day when None) as CSV, JSON or a FHIR bundle.

    ProfileError for a FHIR export when the stored profile is damaged.
    """
    tz = ctx.tz()
    repo = ctx.repo()
    sessions, checkins = repo.history()
    excused = repo.excused_days()
    if since is not None:
        sessions = [s for s in sessions if local_date(s.started_at, tz) >= since]
        checkins = [c for c in checkins if local_date(c.at, tz) >= since]
        excused = {d: why for d, why in excused.items() if d >= since}
    practice = 0
    if not include_practice:
        counted, checkins = without_practice(sessions, checkins)
        practice = len(sessions) - len(counted)
        sessions = counted
    activities = repo.psfs_activities(include_inactive=True)
    if fmt == "csv":
        text = export.to_csv(sessions, checkins, tz)
    elif fmt == "json":
        text = export.to_json(sessions, checkins, excused, activities, repo.dose_changes())
    else:
        vocab = vocabulary(lr.routine for lr in ctx.library().ordered())
        specs = {m.id: MeasureSpec.from_measure(m) for m in vocab.measure_list()}
        names = {a.id: a.name for a in activities}
        # practice runs are already left out (unless asked for)
        bundle = progress.fhir(ctx, sessions, checkins, specs, names, include_practice=True)
        text = fhir_json(bundle)
    return Exported(text, len(sessions), len(checkins), practice)


@dataclass(frozen=True)
class Imported:
    """What an import added, and what it left as it was."""

    sessions: int
    checkins: int
    skipped_sessions: int
    skipped_checkins: int
    excused_days: int
    dose_changes: int
    activities: int
    conflicts: list[str] = field(default_factory=list)
    """Activities named differently here and in the file (the client's name is kept)."""


def read_export(source: Path) -> export.ExportData:
    """Read and check a JSON export in full; ExportError (or OSError) says why not."""
    if source.is_dir():
        raise ExportError(f"{source}: this is a folder, not an export file")
    if source.stat().st_size > MAX_IMPORT_BYTES:
        raise ExportError(f"{source}: the file is larger than 512 MiB; it was not read")
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{source}: not a UTF-8 text file") from None
    return export.parse_json(text, str(source))


def import_log(ctx: AppContext, source: Path) -> Imported:
    """Merge a JSON export into the log without duplicating anything (one transaction).

    ExportError when the file is not a valid export, OSError when it can't be read, nothing
    imported in either case.
    """
    data = read_export(source)
    repo = ctx.repo()
    conflicts: list[str] = []
    with repo.transaction():
        added_s, added_c = repo.import_records(data.sessions, data.checkins)
        known_days = repo.excused_days()
        new_days = {d: why for d, why in data.excused.items() if d not in known_days}
        for day, why in sorted(new_days.items()):
            repo.set_excused(day, why)
        known = {a.id: a for a in repo.psfs_activities(include_inactive=True)}
        new_acts = [a for a in data.activities if a.id not in known]
        for act in new_acts:
            repo.save_psfs_activity(act)
        stored_doses = {c.id for c in repo.dose_changes()}
        new_doses = [c for c in data.dose_changes if c.id not in stored_doses]
        for change in new_doses:
            repo.save_dose_change(change)
        for act in data.activities:
            mine = known.get(act.id)
            if mine is not None and mine.name != act.name:
                conflicts.append(
                    f"Activity {act.id} is '{mine.name}' here and '{act.name}' in the file; "
                    f"kept '{mine.name}' (scores for {act.id} count towards it)."
                )
    return Imported(
        sessions=added_s,
        checkins=added_c,
        skipped_sessions=len({s.id for s in data.sessions}) - added_s,
        skipped_checkins=len({c.id for c in data.checkins}) - added_c,
        excused_days=len(new_days),
        dose_changes=len(new_doses),
        activities=len(new_acts),
        conflicts=conflicts,
    )
