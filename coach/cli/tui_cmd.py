"""``coach`` with no command: open the TUI (the only place textual is imported)."""

from __future__ import annotations

import argparse

from coach.cli import context


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the full-screen coach."""
    from coach.tui.app import CoachApp
    from coach.tui.widgets.exercise_picture import prepare_graphics

    prepare_graphics()  # asks the terminal about Kitty/Sixel pictures: only before the app runs

    app = CoachApp(data_dir=context.data_dir(args), extra_dirs=context.extra_dirs(args))
    app.run()
    return app.return_code or 0
