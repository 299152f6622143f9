"""The coach Textual application: holds where data lives and opens the first screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from coach.app.context import AppContext
from coach.tui.navigation import Navigation
from coach.tui.screens.home import HomeScreen
from coach.tui.themes import register_themes, restore_theme

if TYPE_CHECKING:  # kept off the start-up path: the first frame needs neither pydantic nor data
    from coach.domain.records import SessionRecord
    from coach.library import LoadedRoutine
    from coach.tui.reminder_watch import ReminderWatch


def _action_commands() -> Any:
    # lazy: off the first frame and the home screen (the storage)
    from coach.tui.commands import ActionCommands

    return ActionCommands


def _routine_commands() -> Any:
    # lazy: off the first frame and the home screen (the storage)
    from coach.tui.commands import RoutineCommands

    return RoutineCommands


class CoachApp(Navigation):
    """Full-screen coach. Screens reach the context and shared settings through ``self.app``
    (typed: see :mod:`coach.tui.base`).

    ``ctx`` is the run's :class:`~coach.app.context.AppContext` (``coach`` passes the one
    ``main()`` made); without it one is made for ``data_dir`` and ``extra_dirs``. With
    ``start_routine`` the app opens straight into that routine's session (``resume_from``
    continues an interrupted one; ``practice``: saved as practice at any speed); leaving the
    session shows the home screen. ``clock`` is the monotonic clock sessions run on (tests pass
    a fake one).
    """

    CSS_PATH = "app.tcss"
    TITLE = "coach"
    COMMANDS = {_action_commands, _routine_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="quit coach"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True,
                key_display="^p", tooltip="all commands: type part of a word"),
        Binding("ctrl+r", "start_reminded", "Start the reminded routine", show=False,
                tooltip="start the routine the last reminder was about"),
        Binding("question_mark", "help", "Help", show=False, tooltip="this help"),
    ]
    FIRST_REMINDER_CHECK_S = 3.0
    """The first reminder check waits for the first screen to settle."""
    WAITS_FOR_FIRST_FRAME = True

    def __init__(
        self,
        data_dir: Path | None = None,
        extra_dirs: list[Path] | None = None,
        quiet: bool = False,
        start_routine: LoadedRoutine | None = None,
        speed: float = 1.0,
        resume_from: SessionRecord | None = None,
        clock: Callable[[], float] = time.monotonic,
        reminders: bool = True,
        voice: bool | None = None,
        *,
        ctx: AppContext | None = None,
        flare: bool = False,
        practice: bool = False,
    ) -> None:
        if ctx is None:
            if data_dir is None:
                raise TypeError("CoachApp needs a data_dir or a ctx")
            ctx = AppContext(data_dir, extra_dirs or [], clock=clock)
        super().__init__(ctx, quiet=quiet, speed=speed)

        register_themes(self)
        self.reminders = reminders
        self._watch: ReminderWatch | None = None
        self.voice = voice
        """``--voice`` / ``--no-voice`` for this run; None: the saved setting decides."""
        self._start = (start_routine, resume_from)
        self._start_flare = flare
        self._start_practice = practice

    @property
    def clock(self) -> Callable[[], float]:
        """The monotonic clock sessions run on."""
        return self.ctx.clock

    def on_mount(self) -> None:
        """Open the home screen, and the session on top of it when asked to start one."""
        routine, resume_from = self._start
        restore_theme(self)
        self.push_screen(HomeScreen(first_open=routine is None))
        if routine is not None:
            # `coach run` asked about resuming, and chose the pace (a practice run resumed
            # carries on at its own pace unless --speed says otherwise)
            practice = self._start_practice or bool(resume_from and resume_from.practice)
            practice_speed = self.speed if practice else None
            self.open_session(routine, resume_from, self._start_flare, practice_speed)
        self.call_after_refresh(self._first_frame_drawn)
        if self.reminders:
            self.set_timer(self.FIRST_REMINDER_CHECK_S, self._start_reminder_checks)

    def _first_frame_drawn(self) -> None:
        """Let the workers start once the first screen has settled (one more refresh: its
        follow-up layout passes would otherwise run while a worker holds the interpreter)."""
        self.call_after_refresh(self.drawn.set)

    def _start_reminder_checks(self) -> None:
        """The first reminder check, then one every POLL_S (imported now: not before the first
        frame, as the reminder service brings the routine model and storage with it)."""
        # lazy: off the first frame and the home screen (TinyDB, filelock, platformdirs)
        from coach.tui.reminder_watch import POLL_S

        self.check_reminders()
        self.set_interval(POLL_S, self.check_reminders)

    @work(thread=True, exclusive=True, group="reminders")
    def check_reminders(self) -> None:
        """Show what is due now as a toast (the daemon leaves it to the open app)."""
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        # lazy: off the first frame and the home screen (TinyDB, filelock, platformdirs)
        from coach.tui.reminder_watch import ReminderWatch, show_reminders

        if self._watch is None:
            self._watch = ReminderWatch(
                self.data_dir, self.extra_dirs, repo=self.repo, now=self.ctx.now
            )
        try:  # while a session runs nothing is claimed: what is due shows after it
            items = self._watch.poll(hold=self.session_running())
        except StorageError:
            return  # the home screen reports storage problems
        if items:
            self.call_from_thread(show_reminders, self, items, bell=not self.quiet)

    def session_running(self) -> bool:
        """True while a session screen is open (under a dialog too)."""
        return any(getattr(screen, "RUNS_SESSION", False) for screen in self.screen_stack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+R starts nothing while a session runs (so its help does not offer it either)."""
        return not (action == "start_reminded" and self.session_running())

    def action_start_reminded(self) -> None:
        """Start the routine of the last reminder (not while a session runs)."""
        latest = self._watch.latest if self._watch is not None else None
        if latest is None or latest.routine is None or self.session_running():
            return
        self.start_session(latest.routine)

    def on_unmount(self) -> None:
        """Let the reminder daemon take over again at once."""
        self.drawn.set()  # no worker waits for a frame that will not come
        if self._watch is not None:
            self._watch.close()

    def start_session(
        self, routine: LoadedRoutine, resume_from: SessionRecord | None = None,
        flare: bool = False,
    ) -> None:  # fmt: skip
        """Run a routine now; a session of it left open is offered for resuming first (not for
        a flare day's gentle version, ``flare``, which starts at once)."""
        if resume_from is not None or flare:
            self.open_session(routine, resume_from, flare)
            return
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.session_start import start_or_offer_resume

        start_or_offer_resume(self, routine)

    def open_session(
        self, routine: LoadedRoutine, resume_from: SessionRecord | None = None,
        flare: bool = False, practice_speed: float | None = None,
    ) -> None:  # fmt: skip
        """Open the session screen on top of the home screen (any other screen is closed).

        The session runs the client's accepted doses, or the flare version when ``flare`` (a
        resumed session keeps the version it was started with); found in a worker thread.
        With ``practice_speed`` it is a practice run at that speed (saved as practice).
        """
        flare = flare or bool(resume_from is not None and resume_from.flare)
        self._session_version(routine, resume_from, flare, practice_speed)

    @work(thread=True, exclusive=True, group="session-version")
    def _session_version(
        self, routine: LoadedRoutine, resume_from: SessionRecord | None, flare: bool,
        practice_speed: float | None = None,
    ) -> None:  # fmt: skip
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        # lazy: off the first frame and the home screen (pydantic, the record models)
        from coach.app.progression import session_routine

        problem = None
        try:
            version = session_routine(self.repo(), routine, flare)
        except StorageError as exc:  # the doses cannot be read: the file's own doses
            problem, version = str(exc), routine
        self.call_from_thread(
            self._push_session, version, resume_from, flare, problem, practice_speed
        )

    def _push_session(
        self, routine: LoadedRoutine, resume_from: SessionRecord | None, flare: bool,
        problem: str | None = None, practice_speed: float | None = None,
    ) -> None:  # fmt: skip
        """Open the session screen; toasts shown before (a reminder of this very routine, "Added
        ...") are cleared so that none covers the countdown or comes back after it."""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.app.sessions import resume_speed
        from coach.tui.screens.session import SessionScreen

        self.clear_notifications()
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        practice = practice_speed is not None
        # a resumed practice run carries on at its own pace (unless a pace was asked for)
        asked = practice_speed or (self.speed if self.speed != 1 else None)
        speed = resume_speed(asked, resume_from)
        screen = SessionScreen(
            routine, clock=self.clock, speed=speed,
            resume_from=resume_from, flare=flare, now=self.ctx.now, practice=practice,
        )  # fmt: skip
        self.push_screen(screen)
