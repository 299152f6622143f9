"""``coach validate``, ``coach routines``, ``coach show``, ``coach schema``."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.cli import context
from coach.cli.output import err, out, table


def configure_validate(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach validate``."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="routine files or folders")


def configure_show(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach show``."""
    p.add_argument("routine", metavar="ROUTINE", help="routine id or file path")


def _expand_paths(raw: list[str]) -> list[Path]:
    files: list[Path] = []
    for item in raw:
        path = Path(item).expanduser()
        if path.is_dir():
            # Everything named *.json is checked: a folder, a pipe or a symlink loop with that
            # name is reported as a problem, never skipped in silence.
            found = sorted(f for f in path.glob("*.json") if f.name != "routine.schema.json")
            if not found:
                err(f"{path}: no .json routine files in this folder")
            files.extend(found)
        else:
            files.append(path)
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    """Check files; one line per problem ``FILE: PATH: message``; exit 1 if any is invalid."""
    from coach.domain.dosage import dosage_warnings
    from coach.domain.plan import expand
    from coach.domain.validation import RoutineInvalid
    from coach.library import load_file

    files = _expand_paths(args.paths)
    if not files:
        return 1
    invalid = 0
    warnings = 0
    seen_ids: dict[str, Path] = {}
    for path in files:
        try:
            loaded = load_file(path)
        except RoutineInvalid as exc:
            invalid += 1
            for problem in exc.problems:
                out(str(problem))
            continue
        rid = loaded.routine.id
        if rid in seen_ids:
            invalid += 1
            out(f"{path}: id: duplicate id '{rid}' (also in {seen_ids[rid]})")
            continue
        seen_ids[rid] = path
        for warning in dosage_warnings(loaded.routine, expand(loaded.routine)):
            warnings += 1
            out(f"{path}: {warning.path}: warning: {warning.message}")
    ok = len(files) - invalid
    summary = f"{len(files)} file{'s' if len(files) != 1 else ''} checked: {ok} valid"
    if invalid:
        summary += f", {invalid} invalid"
    if warnings:
        summary += f", {warnings} dosage warning{'s' if warnings != 1 else ''}"
    err(summary)
    return 1 if invalid else 0


def cmd_routines(args: argparse.Namespace) -> int:
    """List every routine found: id, title, exercises, estimated minutes, source file."""
    from coach.domain.describe import format_minutes
    from coach.domain.plan import expand

    lib = context.library(args)
    rows = []
    for loaded in lib.ordered():
        plan = expand(loaded.routine)
        rows.append(
            (
                loaded.routine.id,
                loaded.routine.title,
                str(len(loaded.routine.exercises)),
                format_minutes(plan.estimate_s),
                str(loaded.path),
            )
        )
    if rows:
        for line in table(rows, ("ID", "TITLE", "EXERCISES", "TIME", "FILE")):
            out(line)
    else:
        out("No routines found.")
    if lib.problems:
        err("")
        err(f"{len(lib.problems)} problem(s) kept some routine files out:")
        for problem in lib.problems:
            err(str(problem))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print the expanded plan step by step with durations and the total."""
    from coach.domain.describe import plan_summary, plan_table
    from coach.domain.plan import expand

    loaded = context.resolve_routine(args, args.routine)  # CommandError: main() says it, exit 1
    routine = loaded.routine
    plan = expand(routine)
    out(f"{routine.title}  ({routine.id})")
    out(f"From: {loaded.path}")
    if routine.summary:
        out(routine.summary)
    if routine.advice:
        out("")
        out("Your therapist's advice: " + routine.advice)
    out("")
    rows = [(str(i), desc, dur) for i, (desc, dur) in enumerate(plan_table(plan), start=1)]
    for line in table(rows, ("#", "STEP", "TIME")):
        out(line)
    out("")
    out(plan_summary(plan))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of routine files."""
    from coach.domain.schema import schema_text

    print(schema_text(), end="")
    return 0
