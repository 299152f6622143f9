"""What the client can open from anywhere: the app's actions behind keys and the command palette.

:class:`Navigation` is mixed into the app: each ``action_*`` opens a screen or a dialog on top of
the current one, so the home screen's keys and the palette's commands do exactly the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.tui.base import CoachAppBase
from coach.tui.themes import save_theme

if TYPE_CHECKING:
    from coach.library import LoadedRoutine


class Navigation(CoachAppBase):
    """The app's actions (a base of :class:`~coach.tui.app.CoachApp`)."""

    def in_session(self) -> bool:
        """Is a session running (on the screen, or under a dialog)?"""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.screens.session import SessionScreen

        return any(isinstance(s, SessionScreen) for s in self.screen_stack)

    def action_checkin(self) -> None:
        """Record a check-in."""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.screens.checkin import CheckInScreen

        self.push_screen(CheckInScreen())

    def action_log(self) -> None:
        """Open the log."""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.screens.log import LogScreen

        self.push_screen(LogScreen())

    def action_progress(self) -> None:
        """Progress: calendar, streaks, adherence, pain and mobility charts."""
        # lazy: off the first frame and the home screen (platformdirs, plotext, pydantic)
        from coach.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_reminders(self) -> None:
        """Reminder times and quiet hours."""
        # lazy: off the first frame and the home screen (TinyDB, filelock, platformdirs)
        from coach.tui.screens.reminders import RemindersScreen

        self.push_screen(RemindersScreen())

    def action_add_routine(self) -> None:
        """Add the routine file the therapist sent (a file picker, then the same checks as
        ``coach add``)."""
        # lazy: off the first frame and the home screen (TinyDB, platformdirs, pydantic)
        from coach.tui.adding import AddRoutineFlow

        if not self.in_session():
            AddRoutineFlow(self).start()

    def action_setup(self) -> None:
        """The guided set-up; afterwards the home screen offers the first session."""
        # lazy: brings platformdirs; this module loads with the first frame and the home screen
        from coach.tui.screens.home import HomeScreen

        # lazy: off the first frame and the home screen (TinyDB, filelock, platformdirs)
        from coach.tui.screens.setup import SetupScreen

        if self.in_session():
            return

        def done(routine_id: str | None) -> None:
            home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
            if home is not None and routine_id is not None:
                home.offer_first_session(routine_id)

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(SetupScreen(), done)

    def action_settings(self) -> None:
        """Colours and the other settings."""
        # lazy: off the first frame and the home screen (TinyDB, platformdirs, pydantic)
        from coach.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_profile(self) -> None:
        """Your details for the report (name, client ID, therapist, clinic): the settings
        screen, at its profile fields."""
        # lazy: off the first frame and the home screen (TinyDB, platformdirs, pydantic)
        from coach.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(start_at="profile"))

    def action_red_flags(self) -> None:
        """The red-flags notice: when to stop and seek medical help."""
        # lazy: off the first frame (platformdirs, pydantic, the record models)
        from coach.tui.dialogs.red_flags import RedFlagsDialog

        self.push_screen(RedFlagsDialog())

    def action_help(self) -> None:
        """The keys of the screen in front, read from its bindings (a dialog's too)."""
        screen: Any = self.screen
        if hasattr(screen, "action_help"):
            screen.action_help()  # a session waits while its help is open
            return
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.dialogs.help import HelpDialog

        if not isinstance(screen, HelpDialog):
            self.push_screen(HelpDialog.for_screen(screen))

    def action_set_theme(self, name: str) -> None:
        """Use a colour theme now and keep it for next time."""
        self.theme = name
        save_theme(self, name)

    def open_routine(self, loaded: LoadedRoutine, in_program: bool) -> None:
        """A routine's detail screen, on top of the home screen."""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.screens.routine import RoutineScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(RoutineScreen(loaded, in_program))

    def start_practice(self, loaded: LoadedRoutine) -> None:
        """A practice run of a routine (to try it out): the pace is asked first (normal, 2x or
        3x faster); the session is saved as practice and never counts. Never a resume: a session
        of it left open stays open for the real run."""
        # lazy: off the first frame and the home screen
        from coach.domain.plan import expand
        from coach.tui.dialogs.practice import PracticeDialog

        if self.in_session():
            return

        def chosen(speed: float | None) -> None:
            if speed is not None:
                self.open_session(loaded, practice_speed=speed)  # type: ignore[attr-defined]

        estimate = expand(loaded.routine).estimate_s
        self.push_screen(PracticeDialog(loaded.routine.title, estimate), chosen)
