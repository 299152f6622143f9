"""What screens, dialogs and widgets may use of the app, typed.

:class:`CoachAppBase` is the app as the rest of the TUI sees it: the
:class:`~coach.app.context.AppContext` (data folder, repository, routines, clock, time zone) and
a few app-wide actions. :class:`~coach.tui.app.CoachApp` implements it; a test can host a screen
in a small subclass. :class:`CoachScreen` (and :func:`coach_app` for other nodes) give a typed
``self.app``, so nothing needs ``Any`` or ``type: ignore`` to reach it. This module imports no
screen: every screen may import it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

from coach.app.context import AppContext

if TYPE_CHECKING:
    from coach.app.context import Repository
    from coach.domain.records import SessionRecord
    from coach.library import LoadedRoutine

ResultType = TypeVar("ResultType")


class CoachAppBase(App[int]):
    """The app's context and app-wide actions (see the module docstring)."""

    DRAWN_WAIT_S = 5.0
    """Longest a worker waits for the first frame (see :meth:`wait_until_drawn`)."""
    WAITS_FOR_FIRST_FRAME = False
    """True when the app sets :attr:`drawn` after its first frame (a test host does not)."""

    def __init__(self, ctx: AppContext, *, quiet: bool = False, speed: float = 1.0) -> None:
        super().__init__()
        self.ctx = ctx
        self.quiet = quiet
        self.speed = speed
        self.drawn = threading.Event()
        """Set once the first screen has been drawn (see :meth:`wait_until_drawn`)."""
        self.settled = threading.Event()
        """Set once the home screen shows what it shows before reading the data folder in full
        (see :meth:`wait_until_settled`)."""

    @property
    def data_dir(self) -> Path:
        """The data folder."""
        return self.ctx.data_dir

    @property
    def extra_dirs(self) -> list[Path]:
        """Folders given with ``--routines``."""
        return self.ctx.extra_dirs

    def repo(self) -> Repository:
        """The data folder's repository, opened on first use (blocking: call from a worker)."""
        return self.ctx.repo()

    def wait_until_drawn(self) -> None:
        """Block a worker until the first screen has been drawn (at most DRAWN_WAIT_S).

        Reading data while the first frame is drawn would only delay it: a busy thread holds the
        interpreter lock most of the time, so the UI thread waits for it at every turn.
        """
        if self.WAITS_FOR_FIRST_FRAME:
            self.drawn.wait(self.DRAWN_WAIT_S)

    def wait_until_settled(self) -> None:
        """Block a worker until the home screen shows its first data (at most DRAWN_WAIT_S
        after the first frame): reads that are not urgent (the saved theme) wait for it, so as
        not to hold the interpreter while it is drawn."""
        self.wait_until_drawn()
        if self.WAITS_FOR_FIRST_FRAME:
            self.settled.wait(self.DRAWN_WAIT_S)

    def start_session(
        self, routine: LoadedRoutine, resume_from: SessionRecord | None = None,
        flare: bool = False,
    ) -> None:  # fmt: skip
        """Run a routine now (the full app opens the session screen); ``flare``: its gentle
        flare-day version."""
        raise NotImplementedError("only the coach app runs sessions")

    def start_practice(self, loaded: LoadedRoutine) -> None:
        """A practice run of a routine (not counted): the pace is asked first."""
        raise NotImplementedError("only the coach app runs sessions")


def coach_app(node: DOMNode) -> CoachAppBase:
    """``node.app``, typed (for widgets and helpers that are not a :class:`CoachScreen`)."""
    return cast(CoachAppBase, node.app)


class CoachScreen(Screen[ResultType]):
    """A screen of coach: ``self.app`` is typed as :class:`CoachAppBase`."""

    if TYPE_CHECKING:  # the same object at run time: only its type is narrowed
        app: CoachAppBase

    HELP_TITLE: ClassVar[str] = ""
    """How the help dialog names this screen ("Keys: the start screen"); else its title."""
    HELP_EXTRA: ClassVar[str] = ""
    """Words the help shows under the keys (what the keys alone do not say)."""
    RUNS_SESSION: ClassVar[bool] = False
    """True for the screen that runs a session: while it is open, no other session starts."""

    def action_help(self) -> None:
        """The keys of this screen, read from its bindings (:mod:`coach.tui.key_help`)."""
        # lazy: the help dialog is not needed for any screen's first frame
        from coach.tui.dialogs.help import HelpDialog

        self.app.push_screen(HelpDialog.for_screen(self))
