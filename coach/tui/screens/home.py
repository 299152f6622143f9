"""Home screen: the client's program and the routine library.

Enter opens a routine's detail screen (start it from there); ``c`` records a check-in, ``l``
opens the log, ``v`` the progress screen, ``m`` the reminder settings, ``?`` lists the keys. The
today panel on top shows what is due today, the streak and the last pain rating. On opening, an
interrupted session is offered for resuming (or keeping as partly done), then the opening
questions (red flags once, the next morning).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Static

from coach.app.context import AppContext
from coach.tui.base import CoachScreen
from coach.tui.widgets.plain import plain_content, plain_text
from coach.tui.widgets.today import TodayPanel

if TYPE_CHECKING:  # the skeleton is drawn before any of these is imported (in the worker)
    from pathlib import Path

    from textual.timer import Timer
    from textual.widgets import DataTable

    from coach.domain.records import SessionRecord
    from coach.library import Library, LoadedRoutine
    from coach.listing import Listing

FLARE_HINT = "A bad day? Press f for the gentle flare-day version of the routine under the cursor."
"""Shown under the program when one of its routines has a flare version."""

HOME_KEYS = [
    ("↑ ↓", "move between routines"),
    ("Enter", "open the routine (see its exercises, start it)"),
    ("c", "check in: record pain, measures, stiffness"),
    ("a", "add the routine file your therapist sent you"),
    ("f", "flare day: do the gentle version of the routine under the cursor (or rest today)"),
    ("l", "your log of sessions and check-ins"),
    ("v", "your progress: calendar, streaks, charts"),
    ("m", "reminder times and quiet hours"),
    ("o", "settings: colours, voice"),
    ("r", "read the routine folders again"),
    ("Ctrl+P", "all commands: type part of a word (a routine's title, 'colours', ...)"),
    ("q", "quit coach"),
    ("?", "this help"),
]
"""The home keys as the help dialog lists them."""
HOME_EXTRA = "Start a routine from its screen (s or Enter). In a session, ? lists its keys."


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, loaded off the UI thread."""

    library: Library
    program_ids: frozenset[str]
    estimates: dict[str, float]
    interrupted: list[SessionRecord] = field(default_factory=list)


def load_home_data(ctx: AppContext, with_interrupted: bool = False) -> HomeData:
    """Read routines, the program and interrupted sessions (blocking: call from a worker)."""
    from coach.domain.plan import expand
    from coach.services.session_log import find_interrupted

    library = ctx.library()
    repo = ctx.repo()
    program = frozenset(e.routine_id for e in repo.program() if e.active)
    estimates = {rid: expand(lr.routine).estimate_s for rid, lr in library.routines.items()}
    interrupted = find_interrupted(repo) if with_interrupted else []
    return HomeData(library, program, estimates, interrupted)


def listing_of(data: HomeData) -> Listing:
    """The rows the lists show (and :mod:`coach.listing` keeps for the next start)."""
    from coach.domain.describe import format_minutes
    from coach.listing import Listing, Row

    rows = []
    for loaded in data.library.ordered():
        routine = loaded.routine
        regions = ", ".join(dict.fromkeys(e.region for e in routine.exercises if e.region))
        rows.append(
            Row(routine.id, routine.title, str(len(routine.exercises)),
                format_minutes(data.estimates[routine.id]).removeprefix("about "), regions,
                routine.id in data.program_ids)
        )  # fmt: skip
    gentle = any(
        r.routine.flare is not None
        for rid, r in data.library.routines.items()
        if rid in data.program_ids
    )
    return Listing(tuple(rows), tuple(str(p) for p in data.library.problems), gentle)


def _routine_sources(app: Any) -> list[tuple[Path, str]]:
    from coach.library import default_sources

    return list(default_sources(app.data_dir, app.extra_dirs))


def _shown_from_coach_json(app: Any) -> tuple[Any, ...]:
    """What the home screen shows from ``coach.json`` (blocking: call from a worker)."""
    repo = app.repo()
    return (
        repo.program(include_inactive=True),
        sorted(repo.excused_days().items()),
        repo.psfs_activities(include_inactive=True),
    )


def resume_details(record: SessionRecord, library: Library) -> tuple[str | None, str | None]:
    """(where the session stopped, why it cannot be resumed or None)."""
    from coach.tui.session_start import resume_details_for

    return resume_details_for(record, library.routines.get(record.routine_id))


class KeyBar(Widget):
    """The screen's keys on one line at the bottom, as Textual's Footer shows them (same colours;
    a click on a key presses it).

    One widget, drawn in the first frame: the Footer builds a widget per key and builds them
    again on every change of focus, which costs about a tenth of a second at start-up. For a
    screen whose keys do not change.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, bindings: Sequence[BindingType], drop_first: Sequence[str] = ()) -> None:
        super().__init__()
        self.keys = [b for b in bindings if isinstance(b, Binding) and b.show]
        self.drop_first = list(drop_first)
        """Actions whose keys give way first when the line is too narrow (in this order)."""
        self._spans: list[tuple[int, int, str]] = []

    ESSENTIAL = frozenset({"app.quit", "help"})
    """Actions always shown (quit and help): other keys give way, last first, when narrow."""

    def _fitting(self, width: int) -> list[Binding]:
        """The keys that fit in ``width`` cells."""
        keys = list(self.keys)

        def cells(binding: Binding) -> int:
            return len(self.app.get_key_display(binding)) + len(binding.description) + 4

        while sum(cells(b) for b in keys) > width:
            optional = [b for b in keys if b.action not in self.ESSENTIAL]
            if not optional:
                break
            first = [b for action in self.drop_first for b in optional if b.action == action]
            keys.remove((first or optional[::-1])[0])
        return keys

    def render(self) -> Content:
        """`` c Check in `` per key: the key in bold, then what it does."""
        parts: list[str | tuple[str, str]] = []
        self._spans = []
        x = 0
        for binding in self._fitting(self.size.width):
            key = f" {self.app.get_key_display(binding)} "
            words = f"{binding.description} "
            parts += [
                (key, "bold $footer-key-foreground on $footer-key-background"),
                (words, "$footer-description-foreground on $footer-description-background"),
                " ",
            ]
            end = x + len(key) + len(words)
            self._spans.append((x, end, binding.key))
            x = end + 1
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


class HomeScreen(CoachScreen[None]):
    """Lists the routines in the program and in the library with their estimated time."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("c", "checkin", "Check in"),
        Binding("a", "app.add_routine", "Add file"),
        Binding("f", "flare", "Flare day"),
        Binding("l", "log", "Log"),
        Binding("v", "history", "Progress"),
        Binding("m", "reminders", "Reminders"),
        Binding("o", "app.settings", "Settings"),
        Binding("ctrl+p", "app.command_palette", "Commands", key_display="^p"),
        Binding("r", "reload", "Reload"),
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    DROP_FIRST = ("flare", "reload", "app.settings", "open", "log", "reminders")
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
        yield Header()
        with VerticalScroll(id="home-body"):
            yield TodayPanel(id="today", autoload=False)  # after the tables: see _show
            yield Static("Your program", classes="section-title")
            yield Static("Loading your routines…", id="program-hint", classes="hint")
            yield Static("Library", id="library-title", classes="section-title")
            yield Static("", id="problems", classes="problem")
        yield KeyBar(self.BINDINGS, drop_first=self.DROP_FIRST)

    def on_mount(self) -> None:
        from coach.tui.outside_changes import POLL_S

        self.load(self.first_open)
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
        from coach.tui.outside_changes import OutsideChanges

        if self.data is None:
            return  # still loading (or not loaded): the load reads the current files
        if self._outside is None:
            self._outside = OutsideChanges(
                self.app.data_dir,  # type: ignore[attr-defined]
                [folder for folder, _ in _routine_sources(self.app)],
                lambda: _shown_from_coach_json(self.app),
            )
        if self._outside.changed():
            self.app.call_from_thread(self._outside_changed)

    def _outside_changed(self) -> None:
        if self.app.screen is self:
            self.load()
        else:
            self._stale = True

    async def _tables(self) -> tuple[DataTable[Any], DataTable[Any]]:
        """The program and library tables, mounted the first time there are rows for them."""
        from textual.widgets import DataTable

        if not self.query("#program"):
            body = self.query_one("#home-body")
            for table_id, after in (("program", "#program-hint"), ("library", "#library-title")):
                table: DataTable[Any] = DataTable(
                    id=table_id, cursor_type="row", zebra_stripes=True
                )
                table.add_columns("Routine", "Exercises", "About", "Areas")
                await body.mount(table, after=after)
        return self.query_one("#program", DataTable), self.query_one("#library", DataTable)

    def offer_first_session(self, routine_id: str) -> None:
        """After the set-up: a button on top starts the first session of this routine."""
        from textual.widgets import Button

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
    def load(self, opening: bool = False) -> None:
        """Load routines and program in a thread, then fill the tables on the UI thread."""
        from coach import listing
        from coach.storage.errors import StorageError

        self.app.wait_until_drawn()  # the skeleton first, then the reading
        app: Any = self.app
        ctx = app.ctx
        made_from = listing.signature(ctx.data_dir, ctx.extra_dirs)
        kept = listing.read(ctx.data_dir, made_from)
        if kept is not None and self.data is None:  # the rows of the last start: unchanged
            app.call_from_thread(self._fill, kept)
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

    async def _fill(self, shown: Listing) -> None:
        """Fill the program and library tables, the hint and the problems."""
        from textual.widgets import DataTable

        program, library = await self._tables()
        cursors = {table: self._cursor_key(table) for table in (program, library)}
        program.clear()
        library.clear()
        for row in shown.rows:
            target = program if row.in_program else library
            cells = (plain_text(row.title), row.exercises, row.time, plain_text(row.areas))
            target.add_row(*cells, key=row.routine_id)
        for table, key in cursors.items():  # a reload keeps the cursor on its routine
            if key is not None and key in table.rows:
                table.move_cursor(row=table.get_row_index(key), animate=False)
        hint = "" if program.row_count else (
            "Nothing here yet: press a to add the routine file your therapist sent you, "
            "or pick a routine from the library below."
        )
        if shown.gentle:  # a program routine has a flare version
            hint = FLARE_HINT
        self.query_one("#program-hint", Static).update(plain_content(hint))
        text = ""
        if shown.problems:
            text = f"{len(shown.problems)} routine file(s) could not be used:\n" + "\n".join(
                shown.problems
            )
        self.query_one("#problems", Static).update(plain_content(text))
        focused = self.focused
        if not isinstance(focused, DataTable) and (focused is None
                                                   or focused.id != "first-session"):
            (program if program.row_count else library).focus()

    async def _show(
        self, data: HomeData, opening: bool = False, shown: Listing | None = None
    ) -> None:
        self.data = data
        await self._fill(shown or listing_of(data))
        # The list first, then today's figures (one worker at a time, one read of the routines).
        self.query_one(TodayPanel).reload(data.library)
        if opening:
            self._offer_resume(list(data.interrupted))

    @staticmethod
    def _cursor_key(table: DataTable) -> str | None:
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # ------------------------------------------------------------------ opening questions

    def _offer_resume(self, pending: list[SessionRecord]) -> None:
        """Offer each interrupted session in turn, then the opening questions."""
        if not pending:
            from coach.tui.dialogs.next_morning import ask_startup_questions

            ask_startup_questions(self)
            return
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
        from coach.services.session_log import keep_as_partial, local_now
        from coach.storage.errors import StorageError

        try:
            keep_as_partial(self.app.repo(), record, local_now())
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
        from textual.widgets import DataTable

        focused = self.focused
        if isinstance(focused, DataTable) and focused.row_count:
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            self.open_routine(str(key))

    def action_flare(self) -> None:
        """A flare day: the gentle version of the routine under the cursor, or rest today."""
        from textual.widgets import DataTable

        focused = self.focused
        if self.data is None or not isinstance(focused, DataTable) or not focused.row_count:
            return
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        loaded = self.data.library.routines.get(str(key))
        if loaded is None:
            return
        if loaded.routine.flare is not None:
            self.app.start_session(loaded, flare=True)
            return
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
        from coach.app.progression import rest_today
        from coach.localtime import local_now
        from coach.storage.errors import StorageError

        try:
            rest_today(self.app.repo(), local_now().date())  # type: ignore[attr-defined]
        except StorageError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        message = "Rest today: it is marked as a flare day, so your streak is kept."
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.load)

    def open_routine(self, routine_id: str) -> None:
        """Show a routine's detail screen."""
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

    def action_help(self) -> None:
        """List the keys."""
        from coach.tui.dialogs.help import HelpDialog

        self.app.push_screen(HelpDialog("the start screen", HOME_KEYS, HOME_EXTRA))
