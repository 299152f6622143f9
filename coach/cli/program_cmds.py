"""``coach add``, ``coach program``, ``coach drop``: the routines the client actually follows."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coach.cli import context
from coach.cli.context import CommandError
from coach.cli.output import ask_yes_no, err, out, table


def configure_add(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach add``."""
    p.add_argument(
        "file",
        metavar="FILE",
        help="the routine file your therapist sent you (or the id of a bundled routine)",
    )
    p.add_argument(
        "--yes", action="store_true", help="replace an installed version without asking"
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="count your progress from DATE (e.g. 2026-11-01 or yesterday; default: the "
        "earlier of today and your first logged session of this routine)",
    )


def _since(args: argparse.Namespace) -> date | None:
    """``--since`` as a day (not in the future); CommandError with a plain message."""
    # lazy: off `coach CMD --help`
    from coach.cli.review_cmds import parse_day

    # lazy: off `coach CMD --help` (zoneinfo)
    from coach.localtime import local_now

    text = getattr(args, "since", None)
    if text is None:
        return None
    today = local_now().date()
    try:
        day = parse_day(text, today)
    except ValueError as exc:
        raise CommandError(f"--since: {exc}") from None
    if day > today:
        raise CommandError(f"--since: {day.isoformat()} is in the future; give a day up to today")
    return day


def configure_drop(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach drop``."""
    p.add_argument("routine_id", metavar="ID", help="routine id (see `coach program`)")


def cmd_add(args: argparse.Namespace) -> int:
    """Validate a routine file, copy it into the user's folder and put it in the program."""
    # lazy: off `coach CMD --help` (TinyDB, platformdirs, pydantic)
    from coach.app.add_routine import (
        NOT_ADDED,
        PictureProblem,
        check_routine_file,
        install_routine,
    )

    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.validation import RoutineInvalid

    source = Path(args.file).expanduser()
    since = _since(args)
    if not context.looks_like_path(args.file):
        return _add_from_library(args, args.file)
    try:
        check = check_routine_file(source, context.library(args))
    except RoutineInvalid as exc:
        for problem in exc.problems:
            err(str(problem))
        err(NOT_ADDED)
        return 1
    if check.kind == "clash":
        err(f"coach: {check.clash_message()}")
        return 1
    if check.kind == "update":
        assert check.existing is not None
        out(f"You already have '{check.existing.routine.title}'. The new file changes:")
        for line in check.change_lines():
            out(f"  - {line}")
        if not (args.yes or ask_yes_no("Replace your current version with the new one?")):
            err("Not replaced. Run again with --yes to replace it without asking.")
            return 1
    ctx = context.app_context(args)
    try:
        out(install_routine(ctx, check, since))
    except PictureProblem as exc:
        err(f"coach: {exc}")
        err(NOT_ADDED)
        return 1
    _say_since(since)
    return 0


def _add_from_library(args: argparse.Namespace, rid: str) -> int:
    """Put a routine coach already has (bundled or from --routines) into the program."""
    # lazy: off `coach CMD --help` (TinyDB, platformdirs, pydantic)
    from coach.app.add_routine import add_from_library

    loaded = context.library(args).routines.get(rid)
    if loaded is None:
        err(f"coach: no routine with id '{rid}' (see `coach routines`), and no such file")
        return 1
    since = _since(args)
    out(add_from_library(context.app_context(args), loaded, since))
    _say_since(since)
    return 0


def _say_since(since: date | None) -> None:
    if since is not None:
        out(f"Your progress with it counts from {since:%A} {since.day} {since:%B %Y}.")


def cmd_program(args: argparse.Namespace) -> int:
    """List the routines the client follows, each with the day it is measured from."""
    # lazy: off `coach CMD --help` (platformdirs, pydantic, the record models)
    from coach.app import program

    found = program.rows(context.app_context(args))
    if not found:
        out("Your program is empty. Add a routine with `coach add FILE`,")
        out("or pick one from the library in the coach screen.")
        return 0
    rows = [
        (r.routine_id, r.title or "(routine file missing or invalid)",
         f"{r.per_day}×/day, {r.days_per_week} days/week" if r.title is not None else "-",
         r.since.isoformat())
        for r in found
    ]  # fmt: skip
    for line in table(rows, ("ID", "TITLE", "HOW OFTEN", "SINCE")):
        out(line)
    out("SINCE: the first day your progress counts from (the day you added the routine, or your")
    out("first logged session if earlier). Change it with `coach add ID --since DATE`.")
    return 0


def cmd_drop(args: argparse.Namespace) -> int:
    """Take a routine out of the program; its history stays."""
    # lazy: off `coach CMD --help` (platformdirs, pydantic, the record models)
    from coach.app import program

    if not program.drop(context.app_context(args), args.routine_id):
        err(f"coach: '{args.routine_id}' is not in your program (see `coach program`)")
        return 1
    out(f"Dropped '{args.routine_id}' from your program. Its history is kept.")
    return 0
