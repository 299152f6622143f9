"""``coach validate``, ``coach routines``, ``coach show``, ``coach schema``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli import context
from coach.cli.output import err, out, table

if TYPE_CHECKING:
    from coach.domain.progression import DoseChange, Proposal
    from coach.domain.routine import Exercise, Routine
    from coach.library import LoadedRoutine


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
    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.validation import RoutineInvalid

    # lazy: off `coach CMD --help` (platformdirs, pydantic, the routine library)
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
        for where, message in _all_warnings(loaded.routine):
            warnings += 1
            out(f"{path}: {where}: warning: {message}")
    ok = len(files) - invalid
    summary = f"{len(files)} file{'s' if len(files) != 1 else ''} checked: {ok} valid"
    if invalid:
        summary += f", {invalid} invalid"
    if warnings:
        summary += f", {warnings} dosage warning{'s' if warnings != 1 else ''}"
    err(summary)
    return 1 if invalid else 0


def _all_warnings(routine: Routine) -> list[tuple[str, str]]:
    """Dosage warnings of the routine, then of its flare version (paths under ``flare.``)."""
    # lazy: off `coach CMD --help` (pydantic, the record models, the routine models)
    from coach.app.progression import flare_version

    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.dosage import dosage_warnings

    found = [(w.path, w.message) for w in dosage_warnings(routine)]
    if routine.flare is not None:
        found += [
            (f"flare.{w.path}", w.message) for w in dosage_warnings(flare_version(routine))
            if w.path.startswith("exercises")
        ]  # fmt: skip
    return found


def cmd_routines(args: argparse.Namespace) -> int:
    """List every routine found: id, title, exercises, estimated minutes, source file."""
    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
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
    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.describe import plan_summary, plan_table
    from coach.domain.plan import expand

    loaded = context.resolve_routine(args, args.routine)  # CommandError: main() says it, exit 1
    doses = _client_doses(args, loaded)  # the client's accepted doses and what is offered
    routine = doses[0].routine if doses else loaded.routine
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
    if doses:
        _show_doses(*doses)
    _show_howto(routine.exercises)
    if routine.flare is not None:
        _show_flare(routine)
    return 0


def _client_doses(
    args: argparse.Namespace, loaded: LoadedRoutine
) -> tuple[LoadedRoutine, list[Proposal], list[DoseChange]] | None:
    """The routine with the client's accepted doses, the offers and the dose history; None when
    the routine has no progression plan or there is no data folder yet (a therapist's check)."""
    if not any(ex.progression for ex in loaded.routine.exercises):
        return None
    data = context.data_dir(args)
    if not data.is_dir():
        return None
    # lazy: off `coach CMD --help` (pydantic, the record models, the routine models)
    from coach.app.progression import dose_history, dose_offers, session_routine

    # lazy: off `coach CMD --help` (zoneinfo)
    from coach.localtime import local_now, local_tz

    repo = context.app_context(args).repo()
    version = session_routine(repo, loaded)
    offers = dose_offers(repo, loaded, local_now(), local_tz())
    return version, offers, dose_history(repo, loaded.routine.id)


def _show_doses(version: LoadedRoutine, offers: list[Proposal], history: list[DoseChange]) -> None:
    """Accepted doses (the plan above already uses them), offers, and how to answer."""
    # lazy: off `coach CMD --help` (platformdirs, pydantic, the record models)
    from coach.cli.dose_cmd import history_lines, offer_lines

    standing = [c for c in history if c.undone_at is None]
    if standing:
        out("")
        out("Your doses, raised as your therapist planned (the table above uses them):")
        for line in history_lines(standing):
            out(f"  {line}")
    lines = offer_lines(offers, version.routine.id)
    if lines:
        out("")
        for line in lines:
            out(line)


def _show_flare(routine: Routine) -> None:
    """The flare version: its advice and its exercises with their plan."""
    # lazy: off `coach CMD --help` (pydantic, the record models, the routine models)
    from coach.app.progression import flare_version

    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.describe import dosage_words, plan_summary
    from coach.domain.plan import expand

    gentle = flare_version(routine)
    out("")
    out("Flare day: the gentle version (coach run " + routine.id + " --flare)")
    if routine.flare is not None and routine.flare.advice:
        out("Your therapist's advice for a flare day: " + routine.flare.advice)
    for number, ex in enumerate(gentle.exercises, start=1):
        out(f"{number:>2}. {ex.name}: {dosage_words(ex)}")
    out(plan_summary(expand(gentle)))


def _show_howto(exercises: Sequence[Exercise], heading: str = "How to do each exercise") -> None:
    """Each exercise's description, cues, note and links, numbered as in the routine."""
    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.howto import has_howto, howto_lines

    if not any(has_howto(ex) for ex in exercises):
        return
    out("")
    out(heading)
    for number, ex in enumerate(exercises, start=1):
        if not has_howto(ex):
            continue
        out(f"{number:>2}. {ex.name}")
        for line in howto_lines(ex):
            out(f"    {line}" if line else "")


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of routine files."""
    # lazy: off `coach CMD --help` (pydantic, the routine models, zoneinfo)
    from coach.domain.schema import schema_text

    print(schema_text(), end="")
    return 0
