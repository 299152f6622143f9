"""``coach export`` (CSV, JSON, FHIR) and ``coach import`` (merge a JSON export).

The formats and CSV columns are described in :mod:`coach.services.export`. Import is all or
nothing: the whole file is checked first, then every new record is added in one transaction;
records already in the log (same id) are left as they are, so importing twice adds nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.cli import context
from coach.cli.output import err, out
from coach.cli.review_cmds import add_include_practice
from coach.services.profile import ProfileError
from coach.services.review import ReviewError, parse_since

FORMATS = ("csv", "json", "fhir")  # as coach.app.exchange.FORMATS (kept here: --help is light)


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
    # lazy: the export brings pydantic; `coach export --help` parses without it
    from coach.app import exchange, progress

    ctx = context.app_context(args)
    try:
        since = parse_since(args.since, ctx.now().date()) if args.since else None
    except ReviewError as exc:
        err(f"coach: {exc}")
        return 1
    try:
        done = exchange.export_log(ctx, args.format, since, args.include_practice)
    except ProfileError as exc:
        err(f"coach: {exc}. Nothing was written; fix it with `coach profile`.")
        return 1
    practice = done.practice_left_out
    left_out = (f"Left out {_plural(practice, 'practice run')} (--include-practice keeps "
                "them).") if practice else ""
    if not args.out:
        out(done.text.removesuffix("\n"))
        if left_out:
            err(left_out)
        return 0
    target = Path(args.out).expanduser()
    try:
        progress.save_document(target, done.text)
    except OSError as exc:
        err(f"coach: can't write {target}: {exc.strerror or exc}. Nothing was written.")
        return 1
    what = f"{_plural(done.sessions, 'session')} and {_plural(done.checkins, 'check-in')}"
    out(f"Wrote {what} to {target} ({args.format.upper()}).")
    if left_out:
        out(left_out)
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_import(args: argparse.Namespace) -> int:
    """Merge a JSON export into the log without duplicating anything."""
    # lazy: the import brings pydantic; `coach import --help` parses without it
    from coach.app.exchange import ExportError, import_log

    source = Path(args.file).expanduser()
    try:
        done = import_log(context.app_context(args), source)
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
    out(f"Imported {_plural(done.sessions, 'session')} and {_plural(done.checkins, 'check-in')} "
        f"from {source}.")
    if done.skipped_sessions or done.skipped_checkins:
        out(f"Already in your log, left as they are: {_plural(done.skipped_sessions, 'session')} "
            f"and {_plural(done.skipped_checkins, 'check-in')}.")
    if done.excused_days:
        out(f"Added {_plural(done.excused_days, 'excused day')}.")
    if done.dose_changes:
        out(f"Added {_plural(done.dose_changes, 'dose change')}.")
    if done.activities:
        n = done.activities
        out(f"Added {n} everyday activit{'y' if n == 1 else 'ies'}.")
    for line in done.conflicts:
        out(line)
    return 0
