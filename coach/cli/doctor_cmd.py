"""``coach doctor``: is coach set up so that it works and reminds? One plain line per check.

Checks the data folder (there, private), the routines (found, valid), the program (routines
whose files load), desktop notifications (the same check the notifier makes), the reminder
service (systemd user service or cron) and when the next reminder comes. Each line starts with
✓ or ✗ (``OK`` / ``PROBLEM`` on a terminal that can't show those). Exit 0 when all is fine,
1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.app import reminders
from coach.app.context import AppContext
from coach.app.errors import StorageError
from coach.app.maintenance import repair_data
from coach.cli import context
from coach.cli.output import out
from coach.services import systemd
from coach.services.notify import check_delivery


@dataclass
class Check:
    """One line of the report, and indented detail lines under it."""

    ok: bool
    text: str
    details: list[str] = field(default_factory=list)


def marks() -> tuple[str, str]:
    """(good, bad) marks the terminal can print."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "OK", "PROBLEM"
    return "✓", "✗"


def check_folder(folder: Path) -> Check:
    """The data folder exists, is a folder and only its owner can open it."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return Check(
            False, f"Data folder: {folder} does not exist yet (coach makes it on first use)"
        )
    except OSError as exc:
        return Check(False, f"Data folder: {folder} can't be read ({exc.strerror or exc})")
    if not stat.S_ISDIR(info.st_mode):
        return Check(False, f"Data folder: {folder} is not a folder")
    mode = stat.S_IMODE(info.st_mode)
    if mode != 0o700:
        return Check(
            False,
            f"Data folder: {folder} can be opened by other users (permissions {mode:04o}, "
            f"should be 0700): run `chmod 700 {folder}`",
        )
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        return Check(False, f"Data folder: {folder} can't be written to by you")
    return Check(True, f"Data folder: {folder} (private, 0700)")


def check_routines(library: Any) -> Check:
    """The routine files found, and those refused."""
    count = len(library.routines)
    if library.problems:
        files = len({p.file for p in library.problems})
        return Check(
            False,
            f"Routines: {count} found; {files} file(s) have problems and can't be used",
            [str(p) for p in library.problems],
        )
    if not count:
        return Check(False, "Routines: none found")
    return Check(True, f"Routines: {count} found, all valid")


def check_program(repo: Any, library: Any) -> tuple[Check, list[Any]]:
    """The program's routines whose files load (and those that don't)."""
    loaded, problems = reminders.program_routines(repo, library)
    if problems:
        return Check(False, f"Program: {len(loaded)} routine(s) usable", problems), loaded
    if not loaded:
        return Check(
            False,
            "Program: empty, so no reminders come; add a routine from the coach screen "
            "or with `coach add FILE`",
        ), loaded
    names = ", ".join(lr.routine.id for lr in loaded)
    return Check(True, f"Program: {len(loaded)} routine(s) ({names})"), loaded


def check_notifications() -> Check:
    """Can a desktop notification be shown from here?"""
    status = check_delivery(fresh=True)
    if status.ok:
        return Check(True, "Desktop notifications: a notification service answers")
    return Check(False, f"Desktop notifications: {status.reason}")


def check_service() -> Check:
    """Is the reminder daemon installed and running?"""
    ok, line = systemd.describe(systemd.status(os.environ))
    return Check(ok, f"Reminder service: {line}")


def check_next(ctx: AppContext) -> Check:
    """When the next reminder comes."""
    seen = reminders.overview(ctx)
    if seen.coming.first is None:
        return Check(False, "Next reminder: none in the coming week (are all times off?)")
    return Check(True, f"Next reminder: {seen.next}")


def run_checks(args: argparse.Namespace) -> list[Check]:
    """Every check, in order (a check that can't run is a problem, never a crash)."""
    ctx = context.app_context(args)
    folder = ctx.data_dir.absolute()
    checks = [check_folder(folder)]
    library = context.library(args)
    checks.append(check_routines(library))
    repo: Any = None
    loaded: list[Any] = []
    if folder.is_dir():
        try:
            repo = ctx.repo()
        except StorageError as exc:
            checks.append(Check(False, f"Data: {exc}"))
        mode = stat.S_IMODE(folder.stat().st_mode)
        if repo is not None and "permissions" in checks[0].text and mode == 0o700:
            checks[0] = Check(  # opening the data tightens coach's own folder
                False,
                f"Data folder: {folder} could be opened by other users; coach has now made it "
                "private (0700)",
            )
    if repo is not None:
        checks.append(check_log(repo))
        program, loaded = check_program(repo, library)
        checks.append(program)
    checks.append(check_notifications())
    checks.append(check_service())
    if repo is not None and loaded:
        checks.append(check_next(ctx))
    return checks


def configure_doctor(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach doctor``."""
    p.add_argument(
        "--repair",
        action="store_true",
        help="set aside data coach cannot read (copies of the originals are kept), then check",
    )


def check_log(repo: Any) -> Check:
    """Every saved session and check-in reads (a damaged log is never shown as fine)."""
    try:
        sessions, checkins = repo.history_facts()
    except StorageError as exc:
        return Check(False, f"Log: {exc}")
    return Check(True, f"Log: {len(sessions)} session(s) and {len(checkins)} check-in(s) read")


def cmd_doctor(args: argparse.Namespace) -> int:
    """Print the checks; exit 0 when all pass, 1 otherwise."""
    good, bad = marks()
    if getattr(args, "repair", False):
        for line in repair_data(context.app_context(args)):
            out(f"Repair: {line}")
        out("")
    checks = run_checks(args)
    for check in checks:
        out(f"{good if check.ok else bad} {check.text}")
        for line in check.details:
            out(f"    {line}")
    problems = sum(not c.ok for c in checks)
    out("")
    out("All fine." if not problems else f"{problems} problem(s) found.")
    return 0 if not problems else 1
