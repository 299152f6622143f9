"""The one launcher of the full screen: ``coach`` with no command, ``coach run`` and
``coach checkin`` with no option. The only module of ``coach.cli`` that imports ``coach.tui``
(a test enforces it), and only inside these functions: commands that open no TUI never load
textual.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coach.cli import context

if TYPE_CHECKING:
    from coach.domain.records import SessionRecord
    from coach.library import LoadedRoutine


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the full-screen coach."""
    # lazy: textual is loaded only when the full screen opens
    from coach.tui.app import CoachApp

    # lazy: textual loads only when the full screen opens
    from coach.tui.widgets.exercise_picture import prepare_graphics

    prepare_graphics()  # asks the terminal about Kitty/Sixel pictures: only before the app runs

    app = CoachApp(ctx=context.app_context(args))
    app.run()
    return app.return_code or 0


def run_session(
    args: argparse.Namespace, loaded: LoadedRoutine, resume_from: SessionRecord | None
) -> int:
    """``coach run ROUTINE`` on the full screen (``--quiet``, ``--speed``, ``--flare``,
    ``--practice`` from ``args``)."""
    # lazy: textual is loaded only when the full screen opens
    from coach.tui.app import CoachApp

    # lazy: textual loads only when the full screen opens
    from coach.tui.widgets.exercise_picture import prepare_graphics

    prepare_graphics()  # asks the terminal about Kitty/Sixel pictures: only before the app runs
    app = CoachApp(
        ctx=context.app_context(args),
        quiet=args.quiet,
        voice=args.voice,
        start_routine=loaded,
        speed=args.speed,
        resume_from=resume_from,
        flare=getattr(args, "flare", False),
        practice=getattr(args, "practice", False),
    )
    app.run()
    return app.return_code or 0


def open_checkin(args: argparse.Namespace) -> int:
    """``coach checkin`` with no option: the check-in screen on its own."""
    # lazy: textual is loaded only when the full screen opens
    from coach.tui.launch import run_checkin_app

    return run_checkin_app(context.app_context(args))
