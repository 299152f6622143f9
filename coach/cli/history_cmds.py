"""``coach history``: sessions and check-ins in time order; ``edit`` and ``delete`` an entry."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import TYPE_CHECKING

from coach.cli import context
from coach.cli.checkin_cmds import add_value_options, any_values, build_record, load_vocabulary
from coach.cli.output import ask_yes_no, err, out, table

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.app.context import Repository as Repo


def _common_options(p: argparse.ArgumentParser) -> None:
    # `coach history delete ID --data-dir X`: the nested parsers accept the common options too.
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="data folder")
    p.add_argument("--routines", metavar="DIR", action="append", default=argparse.SUPPRESS,
                   help="also read routines from DIR (repeatable)")


def configure_history(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach history`` and its ``edit``/``delete`` actions."""
    p.add_argument(
        "--since", metavar="DATE", help="only entries from DATE on (2026-11-01, or 4w / 10d back)"
    )
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    subs = p.add_subparsers(dest="history_action", metavar="ACTION")
    edit = subs.add_parser("edit", help="change a check-in (see the ids in `coach history`)",
                           description="Change a check-in; the values not given stay.")
    edit.add_argument("entry_id", metavar="ID")
    add_value_options(edit, editing=True)
    _common_options(edit)
    delete = subs.add_parser("delete", help="delete a check-in or a session",
                             description="Delete a check-in or a session from your log.")
    delete.add_argument("entry_id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help="delete without asking")
    _common_options(delete)


def cmd_history(args: argparse.Namespace) -> int:
    """Show the log, or edit/delete an entry."""
    from coach.domain.checkin_words import CheckInError  # lazy: off `coach --help`

    action = getattr(args, "history_action", None)
    try:
        if action == "edit":
            return _edit(args)
        if action == "delete":
            return _delete(args)
        return _show(args)
    except CheckInError as exc:
        err(f"coach: {exc}")
        if action:
            err("Nothing was changed.")
        return 1


def _activity_names(repo: Repo) -> dict[str, str]:
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app.checkins import load_activities
    from coach.domain import psfs

    return psfs.names(load_activities(repo))


def _show(args: argparse.Namespace) -> int:
    # lazy: models-free (the kept records' reader and the history's words)
    from coach.app import progress
    from coach.domain.history import as_json, describe, local_time, short_id, timeline
    from coach.domain.when import parse_when

    ctx = context.app_context(args)
    tz = ctx.tz()
    since = parse_when(args.since, ctx.now(), tz, date_only="start") if args.since else None
    kept = None if args.json else progress.kept_history(ctx, since)
    if kept is not None:
        entries, names, labels = kept
    else:
        # lazy: the routines' measures (brings the routine models; off the kept path)
        from coach.app.log import measure_names

        repo = ctx.repo()
        entries = timeline(*repo.history(since), since)  # one pass over the year files
        names = _activity_names(repo)
        labels = {} if args.json else measure_names(ctx)
    if args.json:
        out(json.dumps([as_json(e) for e in entries], indent=2))
        return 0
    if not entries:
        out("Nothing logged" + (f" since {args.since}." if since else " yet."))
    else:
        rows = [
            (local_time(e.at, tz), "session" if e.kind == "session" else "check-in",
             short_id(e.id), describe(e, names, labels))
            for e in entries
        ]
        for line in table(rows, ["WHEN", "ENTRY", "ID", "WHAT"]):
            out(line)
    if kept is None and not args.json:
        _flush()
        progress.keep_for_history(ctx)  # the next `coach history` reads no records
    return 0


def _flush() -> None:
    """Show what was printed before the facts files are made."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()


def _edit(args: argparse.Namespace) -> int:
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app import log
    from coach.app.checkins import record_checkin

    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.domain.checkin import CheckInError
    from coach.domain.history import describe_checkin
    from coach.domain.records import CheckInRecord

    ctx = context.app_context(args)
    repo = ctx.repo()
    entry = log.find(ctx, args.entry_id)
    if not isinstance(entry.record, CheckInRecord):
        raise CheckInError("only check-ins can be edited; a session can be deleted")
    if not any_values(args):
        raise CheckInError("say what to change, e.g. --pain 3 --region neck or --note TEXT")
    tz = ctx.tz()
    vocab = load_vocabulary(args, ctx)
    record = build_record(args, vocab, ctx, ctx.now(), tz, entry.record)
    record_checkin(repo, record)  # EmptyCheckIn: said like any CheckInError
    out(f"Changed: {describe_checkin(record, _activity_names(repo))}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    # lazy: off `coach history` (the storage)
    from coach.app import log
    from coach.app.errors import CorruptDatabase

    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.domain.history import describe, local_time

    ctx = context.app_context(args)
    try:
        entry = log.find(ctx, args.entry_id)
    except CorruptDatabase as exc:
        if exc.record_id is None or exc.record_id != args.entry_id.strip():
            raise
        return _delete_bad(args, ctx, exc)
    tz = ctx.tz()
    what = "check-in" if entry.kind == "checkin" else "session"
    summary = f"the {what} of {local_time(entry.at, tz)} ({describe(entry)})"
    if not _confirmed(args, f"Delete {summary}?"):
        return 1
    log.delete_entry(ctx, entry)
    out(f"Deleted {summary}.")
    return 0


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    """``--yes``, or the client said yes on the terminal (a message says why not otherwise)."""
    if args.yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        err("Not deleted: there is no terminal to ask you. Run again with --yes to delete "
            "it without asking.")
        return False
    if not ask_yes_no(question):
        err("Not deleted.")
        return False
    return True


def _delete_bad(args: argparse.Namespace, ctx: AppContext, exc: Exception) -> int:
    """Delete a stored record coach cannot read (named by the refusal ``exc``)."""
    # lazy: off `coach history` (the storage)
    from coach.app import log

    rec_id = args.entry_id.strip()
    err(str(exc))
    if not _confirmed(args, f"Delete the unreadable record {rec_id}?"):
        return 1
    if not log.delete_unreadable(ctx, rec_id):
        err(f"Not deleted: no record {rec_id} was found.")
        return 1
    out(f"Deleted the unreadable record {rec_id}.")
    return 0
