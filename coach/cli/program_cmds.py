"""``coach add``, ``coach program``, ``coach drop``: the routines the client actually follows."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coach import paths
from coach.cli import context
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
    from coach.cli.context import CommandError
    from coach.cli.review_cmds import parse_day
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
    from coach.domain.diff import prescription_changes
    from coach.domain.validation import RoutineInvalid
    from coach.library import load_with_bytes
    from coach.services.program import put_in_program
    from coach.storage.files import atomic_write_bytes
    from coach.storage.repo import Repository

    source = Path(args.file).expanduser()
    since = _since(args)
    if not context.looks_like_path(args.file):
        return _add_from_library(args, args.file)
    try:
        new, raw = load_with_bytes(source)  # read once: these exact bytes are installed
    except RoutineInvalid as exc:
        for problem in exc.problems:
            err(str(problem))
        err("The routine was not added. Send these lines to your therapist.")
        return 1
    rid = new.routine.id
    data = paths.data_dir(getattr(args, "data_dir", None))
    lib = context.library(args)
    existing = lib.routines.get(rid)
    if existing is not None and existing.origin != "user" and existing.sha256 == new.sha256:
        return _add_from_library(args, rid)
    if existing is not None and existing.origin != "user":
        err(
            f"coach: a routine with the id '{rid}' already exists ({existing.path}). "
            "Ask your therapist to give this routine its own id."
        )
        return 1
    target_dir = paths.user_routines_dir(data)
    target = target_dir / f"{rid}.json"
    if existing is not None and existing.sha256 == new.sha256:
        out(f"'{new.routine.title}' is already installed; nothing changed.")
    elif existing is not None:
        changes = prescription_changes(existing.routine, new.routine)
        out(f"You already have '{existing.routine.title}'. The new file changes:")
        for line in changes or ["nothing in the prescription (only wording or layout)"]:
            out(f"  - {line}")
        if not (args.yes or ask_yes_no("Replace your current version with the new one?")):
            err("Not replaced. Run again with --yes to replace it without asking.")
            return 1
    repo = Repository.open(data)
    atomic_write_bytes(target, raw)
    if existing is not None and existing.path.resolve() != target.resolve():
        existing.path.unlink(missing_ok=True)
    put_in_program(repo, new, target, raw.decode("utf-8"), since)
    out(f"Added '{new.routine.title}' to your program.")
    _say_since(since)
    out(f"Start it from the coach screen, or with: coach run {rid}")
    return 0


def _add_from_library(args: argparse.Namespace, rid: str) -> int:
    """Put a routine coach already has (bundled or from --routines) into the program."""
    from coach.services.program import put_in_program
    from coach.storage.repo import Repository

    loaded = context.library(args).routines.get(rid)
    if loaded is None:
        err(f"coach: no routine with id '{rid}' (see `coach routines`), and no such file")
        return 1
    repo = Repository.open(context.data_dir(args))
    since = _since(args)
    current = next((e for e in repo.program() if e.routine_id == rid and e.active), None)
    if current is not None and since is not None:
        repo.add_to_program(current.model_copy(update={"since": since}))
        out(f"'{loaded.routine.title}' is already in your program.")
        _say_since(since)
        return 0
    if current is not None:
        out(f"'{loaded.routine.title}' is already in your program.")
        return 0
    put_in_program(repo, loaded, since=since)
    out(f"Added '{loaded.routine.title}' to your program.")
    _say_since(since)
    out(f"Start it from the coach screen, or with: coach run {rid}")
    return 0


def _say_since(since: date | None) -> None:
    if since is not None:
        out(f"Your progress with it counts from {since:%A} {since.day} {since:%B %Y}.")


def cmd_program(args: argparse.Namespace) -> int:
    """List the routines the client follows, each with the day it is measured from."""
    from coach.services.program import measured_from
    from coach.storage.repo import Repository

    repo = Repository.open(context.data_dir(args))
    entries = [e for e in repo.program() if e.active]
    if not entries:
        out("Your program is empty. Add a routine with `coach add FILE`,")
        out("or pick one from the library in the coach screen.")
        return 0
    lib = context.library(args)
    starts = measured_from(repo, lib)
    rows = []
    for entry in entries:
        loaded = lib.routines.get(entry.routine_id)
        if loaded is None:
            title, how_often = "(routine file missing or invalid)", "-"
        else:
            f = loaded.routine.frequency
            title = loaded.routine.title
            how_often = f"{f.per_day}×/day, {f.days_per_week} days/week"
        start = starts.get(entry.routine_id, entry.since or entry.added_at.date())
        rows.append((entry.routine_id, title, how_often, start.isoformat()))
    for line in table(rows, ("ID", "TITLE", "HOW OFTEN", "SINCE")):
        out(line)
    out("SINCE: the first day your progress counts from (the day you added the routine, or your")
    out("first logged session if earlier). Change it with `coach add ID --since DATE`.")
    return 0


def cmd_drop(args: argparse.Namespace) -> int:
    """Take a routine out of the program; its history stays."""
    from coach.storage.repo import Repository

    repo = Repository.open(context.data_dir(args))
    if not repo.drop_from_program(args.routine_id):
        err(f"coach: '{args.routine_id}' is not in your program (see `coach program`)")
        return 1
    out(f"Dropped '{args.routine_id}' from your program. Its history is kept.")
    return 0
