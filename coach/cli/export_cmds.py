"""``coach export`` (CSV, JSON, FHIR) and ``coach import`` (merge a JSON export).

The formats and CSV columns are described in :mod:`coach.services.export`. Import is all or
nothing: the whole file is checked first, then every new record is added in one transaction;
records already in the log (same id) are left as they are, so importing twice adds nothing.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from coach.cli import context
from coach.cli.output import err, out
from coach.cli.review_cmds import add_include_practice

FORMATS = ("csv", "json", "fhir")
MAX_IMPORT_BYTES = 512 * 1024 * 1024


def configure_export(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach export``."""
    p.add_argument("--format", choices=FORMATS, default="json", help="csv, json (default) or fhir")
    p.add_argument(
        "--since", metavar="DATE", help="only from DATE on (2026-11-01, or 4w / 10d back)"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: print it)")
    add_include_practice(p)


def configure_import(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach import``."""
    p.add_argument("file", metavar="FILE", help="a file made by `coach export --format json`")


def cmd_export(args: argparse.Namespace) -> int:
    """Write the log as CSV, JSON or a FHIR bundle, to a file or standard output."""
    from coach.app import progress
    from coach.domain.checkin import vocabulary
    from coach.domain.clinical import MeasureSpec
    from coach.domain.days import without_practice
    from coach.domain.stats import local_date
    from coach.services import export
    from coach.services.profile import ProfileError
    from coach.services.review import ReviewError, local_tz, parse_since
    from coach.storage.files import write_text_file
    from coach.storage.repo import Repository

    tz = local_tz()
    now = datetime.now(tz)
    try:
        since = parse_since(args.since, now.date()) if args.since else None
    except ReviewError as exc:
        err(f"coach: {exc}")
        return 1
    repo = Repository.open(context.data_dir(args))
    sessions, checkins = repo.history()
    excused = repo.excused_days()
    if since is not None:
        sessions = [s for s in sessions if local_date(s.started_at, tz) >= since]
        checkins = [c for c in checkins if local_date(c.at, tz) >= since]
        excused = {d: why for d, why in excused.items() if d >= since}
    practice = 0
    if not args.include_practice:
        counted, checkins = without_practice(sessions, checkins)
        practice = len(sessions) - len(counted)
        sessions = counted
    activities = repo.psfs_activities(include_inactive=True)
    if args.format == "csv":
        text = export.to_csv(sessions, checkins, tz)
    elif args.format == "json":
        text = export.to_json(sessions, checkins, excused, activities, repo.dose_changes())
    else:
        vocab = vocabulary(lr.routine for lr in context.library(args).ordered())
        specs = {m.id: MeasureSpec.from_measure(m) for m in vocab.measure_list()}
        names = {a.id: a.name for a in activities}
        try:  # practice runs are already left out (unless asked for)
            bundle = progress.fhir(context.app_context(args), sessions, checkins, specs, names,
                                   include_practice=True)
        except ProfileError as exc:
            err(f"coach: {exc}. Nothing was written; fix it with `coach profile`.")
            return 1
        text = export.fhir_json(bundle)
    left_out = (f"Left out {_plural(practice, 'practice run')} (--include-practice keeps "
                "them).") if practice else ""
    if not args.out:
        out(text.removesuffix("\n"))
        if left_out:
            err(left_out)
        return 0
    target = Path(args.out).expanduser()
    try:
        write_text_file(target, text)
    except OSError as exc:
        err(f"coach: can't write {target}: {exc.strerror or exc}. Nothing was written.")
        return 1
    what = f"{_plural(len(sessions), 'session')} and {_plural(len(checkins), 'check-in')}"
    out(f"Wrote {what} to {target} ({args.format.upper()}).")
    if left_out:
        out(left_out)
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_import(args: argparse.Namespace) -> int:
    """Merge a JSON export into the log without duplicating anything."""
    from coach.services.export import ExportError, parse_json
    from coach.storage.repo import Repository

    source = Path(args.file).expanduser()
    try:
        if source.is_dir():
            raise ExportError(f"{source}: this is a folder, not an export file")
        if source.stat().st_size > MAX_IMPORT_BYTES:
            raise ExportError(f"{source}: the file is larger than 512 MiB; it was not read")
        raw = source.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError(f"{source}: not a UTF-8 text file") from None
        data = parse_json(text, str(source))
    except FileNotFoundError:
        err(f"coach: {source}: no such file. Nothing was imported.")
        return 1
    except OSError as exc:
        err(f"coach: {source}: can't read it ({exc.strerror or exc}). Nothing was imported.")
        return 1
    except ExportError as exc:
        err(f"coach: {exc}")
        err("Nothing was imported.")
        return 1
    repo = Repository.open(context.data_dir(args))
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
    skipped_s = len({s.id for s in data.sessions}) - added_s
    skipped_c = len({c.id for c in data.checkins}) - added_c
    out(f"Imported {_plural(added_s, 'session')} and {_plural(added_c, 'check-in')} "
        f"from {source}.")
    if skipped_s or skipped_c:
        out(f"Already in your log, left as they are: {_plural(skipped_s, 'session')} and "
            f"{_plural(skipped_c, 'check-in')}.")
    if new_days:
        out(f"Added {_plural(len(new_days), 'excused day')}.")
    if new_doses:
        out(f"Added {_plural(len(new_doses), 'dose change')}.")
    if new_acts:
        n = len(new_acts)
        out(f"Added {n} everyday activit{'y' if n == 1 else 'ies'}.")
    for line in conflicts:
        out(line)
    return 0
