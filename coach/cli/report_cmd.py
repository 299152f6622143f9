"""``coach report``: a self-contained HTML progress report for the therapist.

``--since`` (default 4w) sets the period of the charts, flare days and notes; streaks,
adherence and the changes since the start always cover the whole program.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from coach.cli import context
from coach.cli.output import err, out
from coach.cli.review_cmds import add_include_practice

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
    add_include_practice(p)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report."""
    from coach.cli.export_cmds import write_file
    from coach.services.report import build_report, chart_count
    from coach.services.report_data import load_report_extras
    from coach.services.review import ReviewError, load_review, local_tz, long_date, parse_since
    from coach.storage.repo import Repository

    tz = local_tz()
    now = datetime.now(tz)
    try:
        start = parse_since(args.since, now.date())
    except ReviewError as exc:
        err(f"coach: {exc}")
        return 1
    repo = Repository.open(context.data_dir(args))
    review = load_review(
        repo, context.library(args), now, tz, include_practice=args.include_practice
    )
    extras = load_report_extras(repo, review, start, args.include_practice)
    from coach.app.progression import dose_history

    html = build_report(review, start, now, extras, dose_history(repo))
    target = Path(args.out).expanduser()
    try:
        write_file(target, html)
    except OSError as exc:
        err(f"coach: can't write {target}: {exc.strerror or exc}. Nothing was written.")
        return 1
    out(f"Wrote the report from {long_date(start)} to {long_date(review.today)} "
        f"({chart_count(html)} charts) to {target}.")
    if review.empty:
        out("Nothing is logged yet, so the report has no figures.")
    out("Open it in a web browser; it prints well too.")
    return 0
