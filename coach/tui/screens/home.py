"""Home screen: the client's program and the routine library.

Enter opens a routine's detail screen (start it from there); ``c`` records a check-in, ``l``
opens the log, ``v`` the progress screen, ``m`` the reminder settings, ``?`` lists the keys. The
today panel on top shows what is due today, the streak and the last pain rating. On opening, an
interrupted session is offered for resuming (or keeping as partly done), then the opening
questions (red flags once, the next morning).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, Static

from coach.tui.outside_changes import POLL_S, OutsideChanges
from coach.tui.screens.home_data import (
    HomeData,
    listing_of,
    load_home_data,
    resume_details,
    routine_sources,
    show_kept_today,
    shown_from_coach_json,
    wait_drawn,
)
from coach.tui.screens.home_lists import FLARE_HINT as FLARE_HINT  # (tests name it from here)
from coach.tui.screens.home_lists import HomeLists
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.plain import plain_content
from coach.tui.widgets.today import TodayPanel

if TYPE_CHECKING:  # the skeleton is drawn before any of these is imported (in the worker)
    from textual.timer import Timer
    from textual.widgets import DataTable

    from coach.domain.records import SessionRecord
    from coach.library import LoadedRoutine
    from coach.listing import Listing


class HomeScreen(HomeLists):
    """Lists the routines in the program and in the library with their estimated time."""

    BINDINGS = [  # the footer shows the short words, the help (?) the tooltips
        Binding("enter", "open", "Open", tooltip="open the routine (see its exercises, start it)"),
        Binding("c", "checkin", "Check in", tooltip="check in: record pain, measures, stiffness"),
        Binding("a", "app.add_routine", "Add file",
                tooltip="add the routine file your therapist sent you"),
        Binding("f", "flare", "Flare day", tooltip="flare day: do the gentle version of the "
                "routine under the cursor (or rest today)"),
        Binding("p", "practice", "Practice", tooltip="practice run (not counted) of the "
                "routine under the cursor: try it out at normal pace, 2x or 3x faster"),
        Binding("l", "log", "Log", tooltip="your log of sessions and check-ins"),
        Binding("v", "history", "Progress", tooltip="your progress: calendar, streaks, charts"),
        Binding("m", "reminders", "Reminders", tooltip="reminder times and quiet hours"),
        Binding("o", "app.settings", "Settings", tooltip="settings: colours, voice"),
        Binding("ctrl+p", "app.command_palette", "Commands", key_display="^p",
                tooltip="all commands: type part of a word (a routine's title, 'colours', ...)"),
        Binding("r", "reload", "Reload", tooltip="read the routine folders again"),
        Binding("q", "app.quit", "Quit", tooltip="quit coach"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
    ]  # fmt: skip
    HELP_TITLE = "the start screen"
    HELP_EXTRA = "Start a routine from its screen (s or Enter). In a session, ? lists its keys."

    DROP_FIRST = ("practice", "flare", "reload", "app.settings", "open", "log", "reminders")
    """Keys that give way first on a narrow terminal (all are in the palette and in help)."""

    def __init__(self, first_open: bool = True) -> None:
        super().__init__()
        self.first_open = first_open
        self.data: HomeData | None = None
        self.first_session: str | None = None
        """The routine the set-up put in the program: a button offers to start it."""
        self._outside: Any = None  # OutsideChanges, made by the first poll (off the UI thread)
        self._stale = False
        self._poll: Timer | None = None
        """The look for outside changes (paused while another screen is on top)."""

    def compose(self) -> ComposeResult:
        """The skeleton, drawn before anything is read: the tables come with the routines."""
        yield CoachHeader()
        with VerticalScroll(id="home-body"):
            yield TodayPanel(id="today", autoload=False)  # after the tables: see _show
            yield Static("Your program", classes="section-title")
            yield Static("Loading your routines…", id="program-hint", classes="hint")
            yield Static("Library", id="library-title", classes="section-title")
            yield Static("", id="problems", classes="problem")
        yield KeyBar(self.BINDINGS, drop_first=self.DROP_FIRST)

    def on_mount(self) -> None:
        """The rows of the last start, when nothing they were made from changed (a few
        ``stat`` calls and one small JSON file), are shown right after the first frame (the
        skeleton: the tables would make it later), before any worker reads; then the worker
        reads everything (and shows the today panel from the kept facts first, if it can)."""
        # lazy: the kept rows' module (no storage, no models); imported with the first frame
        from coach import listing

        ctx = self.app.ctx  # type: ignore[attr-defined]
        made_from = listing.signature(ctx.data_dir, ctx.extra_dirs)
        kept = listing.read(ctx.data_dir, made_from)
        if kept is not None:
            self.call_after_refresh(self._fill, kept)
        self.load(self.first_open, (made_from, kept))
        self._poll = self.set_interval(POLL_S, self._poll_outside)

    def on_screen_suspend(self) -> None:
        """Another screen is on top (a session): no looking for outside changes meanwhile
        (coming back reloads anyway). A screen under another one that does anything costs a
        full repaint of the screen on top: Textual repaints it for what is below."""
        if self._poll is not None:
            self._poll.pause()

    @work(thread=True, exclusive=True, group="home-outside")
    def _poll_outside(self) -> None:
        """Another coach process (a check-in, an import, the daemon) changed what this screen
        shows: read it again (at once if the screen is showing, else when it comes back)."""
        if self.data is None:
            return  # still loading (or not loaded): the load reads the current files
        if self._outside is None:
            self._outside = OutsideChanges(
                self.app.data_dir,  # type: ignore[attr-defined]
                [folder for folder, _ in routine_sources(self.app)],
                lambda: shown_from_coach_json(self.app),
            )
        if self._outside.changed():
            self.app.call_from_thread(self._outside_changed)

    def _outside_changed(self) -> None:
        if self.app.screen is self:
            self.load()
        else:
            self._stale = True

    def offer_first_session(self, routine_id: str) -> None:
        """After the set-up: a button on top starts the first session of this routine."""
        self.first_session = routine_id
        for old in self.query("#first-session"):
            old.remove()
        button = Button("Start your first session (Enter)", id="first-session",
                        variant="success")
        self.query_one("#home-body").mount(button, before=0)
        button.focus()

    def on_button_pressed(self, event: Any) -> None:
        """The first-session button starts the routine the set-up added."""
        event.stop()
        if event.button.id == "first-session" and self.first_session is not None:
            self.start_first_session()

    @work(thread=True, exclusive=True, group="home-first")
    def start_first_session(self) -> None:
        """Read the routine (worker), then run it."""
        loaded = self.app.ctx.library().routines.get(self.first_session or "")
        if loaded is not None:
            self.app.call_from_thread(self._start_first, loaded)

    def _start_first(self, loaded: LoadedRoutine) -> None:
        for button in self.query("#first-session"):
            button.remove()
        self.first_session = None
        self.app.start_session(loaded)

    def on_screen_resume(self) -> None:
        """Coming back (from a routine or a session): the program may have changed."""
        self._stale = False
        if self._poll is not None:
            self._poll.resume()
        if self.data is not None:
            self.load()  # and then the today panel

    def action_reload(self) -> None:
        """Read the routine folders again."""
        self.load()

    @work(thread=True, exclusive=True, group="home-load")
    def load(self, opening: bool = False, early: tuple[list[Any], Listing | None] | None = None,
             ) -> None:  # fmt: skip
        """Load routines and program in a thread, then fill the tables on the UI thread.
        ``early``: the kept rows' signature and the rows (None: not current) shown after the
        first frame."""
        # lazy: the kept rows' module (no storage, no models)
        from coach import listing

        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        self.app.wait_until_drawn()  # the skeleton first, then the reading
        app: Any = self.app
        ctx = app.ctx
        if early is not None:  # the first load: the kept rows are on the screen already
            made_from, kept = early
        else:
            made_from = listing.signature(ctx.data_dir, ctx.extra_dirs)
            kept = listing.read(ctx.data_dir, made_from)
            if kept is not None and self.data is None:  # the rows of the last start: unchanged
                app.call_from_thread(self._fill, kept)
                wait_drawn(app, self)  # on the screen before anything else is worked out
        if kept is not None and self.data is None:
            show_kept_today(app, self.query_one(TodayPanel), kept)  # today, if it can be
        app.settled.set()
        try:
            data = load_home_data(ctx, with_interrupted=opening)
        except StorageError as exc:
            app.call_from_thread(self._not_loaded, str(exc))
            return
        shown = listing_of(data)
        if shown != kept:  # kept for the next start (a few ms, only when something changed)
            listing.write(ctx.data_dir, ctx.extra_dirs, shown, made_from)
        app.call_from_thread(self._show, data, opening, shown)

    def _problem(self, message: str) -> None:
        self.query_one("#problems", Static).update(plain_content(message))

    def _not_loaded(self, message: str) -> None:
        self.query_one("#program-hint", Static).update("")
        self._problem(message)
        self.query_one(TodayPanel).reload()  # it tells what is wrong too

    async def _show(
        self, data: HomeData, opening: bool = False, shown: Listing | None = None
    ) -> None:
        self.data = data
        await self._fill(shown or listing_of(data))
        # The list first, then today's figures (one worker at a time, one read of the routines).
        self.query_one(TodayPanel).reload(data.library)
        if opening:
            self._offer_resume(list(data.interrupted))

    # ------------------------------------------------------------------ opening questions

    def _offer_resume(self, pending: list[SessionRecord]) -> None:
        """Offer each interrupted session in turn, then the opening questions."""
        if not pending:
            # lazy: off the first frame (platformdirs, pydantic, the record models)
            from coach.tui.dialogs.next_morning import ask_startup_questions

            ask_startup_questions(self)
            return
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.dialogs.resume import ResumeDialog

        assert self.data is not None
        record = pending[0]
        stopped, reason = resume_details(record, self.data.library)

        def answered(choice: str | None) -> None:
            if choice == "resume" and self.data is not None:
                loaded = self.data.library.routines[record.routine_id]
                self.app.start_session(loaded, resume_from=record)
                return
            if choice == "keep":
                self.keep(record)
            self._offer_resume(pending[1:] if choice is not None else [])

        self.app.push_screen(ResumeDialog(record, stopped, reason), answered)

    @work(thread=True, group="home-keep")
    def keep(self, record: SessionRecord) -> None:
        """Close an interrupted session as partly done (worker thread)."""
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        # lazy: off the first frame (platformdirs, pydantic, the record models)
        from coach.app.sessions import keep_as_partial

        try:
            keep_as_partial(self.app.ctx, record)
        except StorageError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        message = "Kept in your log as partly done."
        self.app.call_from_thread(self.notify, message, markup=False)

    # ------------------------------------------------------------------ keys

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a routine opens it."""
        event.stop()
        self.open_routine(str(event.row_key.value))

    def action_open(self) -> None:
        """Open the routine under the cursor."""
        focused = self.focused
        if isinstance(focused, DataTable) and focused.row_count:
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            self.open_routine(str(key))

    def under_cursor(self) -> LoadedRoutine | None:
        """The routine under the cursor (None when no routine list has the cursor)."""
        focused = self.focused
        if self.data is None or not isinstance(focused, DataTable) or not focused.row_count:
            return None
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        return self.data.library.routines.get(str(key))

    def action_practice(self) -> None:
        """A practice run (not counted) of the routine under the cursor: the pace asked first."""
        loaded = self.under_cursor()
        if loaded is not None:
            self.app.start_practice(loaded)

    def action_flare(self) -> None:
        """A flare day: the gentle version of the routine under the cursor, or rest today."""
        loaded = self.under_cursor()
        if loaded is None:
            return
        if loaded.routine.flare is not None:
            self.app.start_session(loaded, flare=True)
            return
        # lazy: off the first frame and the home screen (platformdirs)
        from coach.tui.dialogs.confirm import ConfirmDialog

        question = (
            f"'{loaded.routine.title}' has no gentle flare version. Rest today instead? Today "
            "is then marked as a flare day and your streak is kept."
        )

        def answered(rest: bool | None) -> None:
            if rest:
                self.rest_today()

        self.app.push_screen(ConfirmDialog(question, "Rest today"), answered)

    @work(thread=True, exclusive=True, group="rest-today")
    def rest_today(self) -> None:
        """Excuse today as a flare day (worker thread), then say so and refresh."""
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        # lazy: off the first frame and the home screen (pydantic, the record models)
        from coach.app.progression import rest_today

        try:
            rest_today(self.app.repo(), self.app.ctx.now().date())
        except StorageError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        message = "Rest today: it is marked as a flare day, so your streak is kept."
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.load)

    def open_routine(self, routine_id: str) -> None:
        """Show a routine's detail screen."""
        # lazy: off the first frame and the home screen (platformdirs, pydantic, the record models)
        from coach.tui.screens.routine import RoutineScreen

        if self.data is None or routine_id not in self.data.library.routines:
            return
        loaded = self.data.library.routines[routine_id]
        self.app.push_screen(RoutineScreen(loaded, routine_id in self.data.program_ids))

    def action_checkin(self) -> None:
        """Record a check-in."""
        self.app.action_checkin()  # type: ignore[attr-defined]

    def action_log(self) -> None:
        """Open the log."""
        self.app.action_log()  # type: ignore[attr-defined]

    def action_history(self) -> None:
        """Progress: calendar, streaks, adherence, pain and mobility charts."""
        self.app.action_progress()  # type: ignore[attr-defined]

    def action_reminders(self) -> None:
        """Reminder times and quiet hours."""
        self.app.action_reminders()  # type: ignore[attr-defined]

