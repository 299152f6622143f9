"""Apps that open straight on one screen (``coach checkin`` with no option).

Kept apart from the screens: this module imports the app, and the app imports the screens.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App
from textual.events import Mount

from coach.app.context import AppContext
from coach.tui import app as app_module
from coach.tui.screens.checkin import CheckInScreen


class CheckInApp(app_module.CoachApp):
    """The coach app opened straight on the check-in screen; it exits when the screen closes."""

    # A relative CSS_PATH is read next to the defining module: point at the app's own.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))
    WAITS_FOR_FIRST_FRAME = False  # the home screen's first-frame signal never comes here

    @on(Mount)
    def open_checkin(self, event: Mount) -> None:
        event.prevent_default()  # not the home screen
        self.push_screen(CheckInScreen(), lambda _: self.exit(0))


def checkin_app(ctx: AppContext) -> App[int]:
    """The coach app opened straight on the check-in screen."""
    return CheckInApp(ctx=ctx)


def run_checkin_app(ctx: AppContext) -> int:
    """``coach checkin`` without options: run :func:`checkin_app`; returns the exit code."""
    app = checkin_app(ctx)
    app.run()
    return app.return_code or 0
