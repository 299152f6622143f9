"""``coach profile``: the client's details printed on the report and used in the FHIR export.

With no option it prints the details; ``--name``, ``--id``, ``--therapist`` and ``--clinic``
set them (an empty value, ``--clinic ""``, clears one).
"""

from __future__ import annotations

import argparse

from coach.app import progress
from coach.cli import context
from coach.cli.output import err, out
from coach.services.profile import ProfileError

OPTIONS = (("name", "name", "your name as your therapist knows it"),
           ("id", "client_id", "your client or patient number at the clinic"),
           ("therapist", "therapist", "your therapist's name"),
           ("clinic", "clinic", "the clinic or practice"))  # fmt: skip


def configure_profile(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach profile``."""
    for option, dest, help_text in OPTIONS:
        p.add_argument(f"--{option}", dest=dest, metavar="TEXT", help=help_text + ' ("" clears)')


def cmd_profile(args: argparse.Namespace) -> int:
    """Show or change the profile."""
    changes = {dest: getattr(args, dest) for _, dest, _ in OPTIONS}
    changes = {k: v for k, v in changes.items() if v is not None}
    ctx = context.app_context(args)
    try:
        profile = progress.change_profile(ctx, **changes) if changes else progress.profile(ctx)
    except ProfileError as exc:
        err(f"coach: {exc}")
        err("Nothing was changed." if changes else "Set the details again with coach profile.")
        return 1
    if changes:
        out("Saved. Your report and FHIR export now carry these details:")
    if profile.empty:
        out("No details yet. Add them for your therapist's records, e.g.")
        out('  coach profile --name "Sam Jones" --id 12345 --therapist "Alex Lee" --clinic '
            '"Town Physio"')
        return 0
    width = max(len(label) for label, _ in profile.lines())
    for label, value in profile.lines():
        out(f"{label.ljust(width)}  {value}")
    return 0
