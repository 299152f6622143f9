"""``coach report``: a self-contained HTML progress report for the therapist.

``--since`` (default 4w) sets the period of the charts, flare days and notes; streaks,
adherence and the changes since the start always cover the whole program.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.cli import context
from coach.cli.output import err, out

DEFAULT_SINCE = "4w"


def configure_report(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach report``."""
    p.add_argument(
        "--since",
        metavar="DATE",
        default=DEFAULT_SINCE,
        help="start of the period shown: a date (2026-11-01) or 4w / 10d back (default 4w)",
    )
    p.add_argument("--out", metavar="FILE", required=True, help="the HTML file to write")
    context.add_include_practice(p)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report."""
    # lazy: the use case (no storage until it reads); this module loads with `coach report`
    from coach.app import progress
    from coach.services.dates import ReviewError, long_date, parse_since

    ctx = context.app_context(args)
    now = ctx.now()
    try:
        start = parse_since(args.since, now.date())
        report = progress.report_page(ctx, start, args.include_practice, now)
    except ReviewError as exc:
        err(f"coach: {exc}")
        return 1
    except ValueError as exc:
        # lazy: brings pydantic; a damaged profile is only found by the validated read
        from coach.services.profile import ProfileError

        if not isinstance(exc, ProfileError):
            raise
        err(f"coach: {exc}")
        return 1
    target = Path(args.out).expanduser()
    try:
        progress.save_document(target, report.html)
    except OSError as exc:
        err(f"coach: can't write {target}: {exc.strerror or exc}. Nothing was written.")
        return 1
    out(f"Wrote the report from {long_date(start)} to {long_date(report.today)} "
        f"({report.charts} chart{'s' * (report.charts != 1)}) to {target}.")
    if report.empty:
        out("Nothing is logged yet, so the report has no figures.")
    out("Open it in a web browser; it prints well too.")
    return 0
