"""The reminder settings screen: each program routine's reminder times, and quiet hours.

Pick a routine in the table, type a time (``HH:MM``) and add or remove it; "All off" stops a
routine's reminders, "Usual times" goes back to its prescription's defaults. The same checks and
words as ``coach remind`` (:mod:`coach.services.reminder_settings`); reading and saving run in
thread workers, never on the UI thread. Routine titles are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from coach.domain.schedule import QuietHours
from coach.library import Library, LoadedRoutine
from coach.tui.base import CoachScreen
from coach.tui.widgets.plain import plain_content, plain_text

if TYPE_CHECKING:
    from coach.storage.repo import Repository

EMPTY_PROGRAM = (
    "Your program is empty, so no reminders come. Add a routine from the home screen first."
)


@dataclass(frozen=True)
class RoutineRow:
    """One program routine as the table shows it."""

    routine_id: str
    title: str
    times: str
    days: str
    next: str


@dataclass(frozen=True)
class RemindersData:
    """What the screen shows, read off the UI thread."""

    rows: list[RoutineRow]
    loaded: dict[str, LoadedRoutine]
    quiet: QuietHours
    problems: list[str] = field(default_factory=list)
    next: str = ""
    """``Next reminder: 18:00 today: Neck``, as ``coach doctor`` and ``coach remind`` say it."""


def load_reminders_data(repo: Any, library: Any, now: datetime) -> RemindersData:
    """Read the program, the settings and the next times (blocking: call from a worker)."""
    from coach.services.reminders import (
        describe_next,
        load_schedule,
        routine_rows,
        upcoming,
        when_text,
    )

    schedule = load_schedule(repo, library, now)
    coming = upcoming(schedule, now)
    rows = [
        RoutineRow(
            r.routine_id,
            r.title,
            r.times + (" (usual)" if r.default else ""),
            r.days,
            when_text(r.next_at, now) if r.next_at else "-",
        )
        for r in routine_rows(schedule, now, coming)
    ]
    found = coming.first
    next_text = "Next reminder: " + (
        describe_next(*found, schedule, now) if found else "none this week"
    )
    return RemindersData(
        rows, dict(schedule.loaded), schedule.prefs.quiet, schedule.problems, next_text
    )


class RemindersScreen(CoachScreen[None]):
    """Reminder times per program routine, and quiet hours. Escape goes back."""

    DEFAULT_CSS = """
    RemindersScreen .row { height: 1; margin: 0 1; }
    RemindersScreen .field-label { width: 18; height: 1; }
    RemindersScreen .row Input { width: 9; margin-right: 1; }
    RemindersScreen .buttons { height: auto; margin: 1 1 0 1; }
    RemindersScreen .buttons Button { margin-right: 1; }
    RemindersScreen #feedback { margin: 1 1 0 1; height: auto; }
    RemindersScreen #feedback.problem { color: $warning; }
    """

    BINDINGS = [Binding("escape", "leave", "Back")]

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._now = now

    def now(self) -> datetime:
        """The time now (the app's wall clock unless one was given)."""
        return self._now() if self._now is not None else self.app.ctx.now()
        self.data: RemindersData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(plain_content("Reminders"), classes="section-title")
            yield Static("", id="hint", classes="hint")
            yield DataTable(id="routines", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="row"):
                yield Static(plain_content("Time (HH:MM)"), classes="field-label")
                yield Input(placeholder="09:00", id="time", max_length=5, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Add time", id="add", variant="primary")
                yield Button("Remove time", id="remove")
                yield Button("All off", id="off")
                yield Button("Usual times", id="reset")
            yield Static(plain_content("Quiet hours"), classes="section-title")
            with Horizontal(classes="row"):
                yield Static(plain_content("From - to"), classes="field-label")
                yield Input(placeholder="21:30", id="quiet-start", max_length=5, compact=True)
                yield Input(placeholder="08:00", id="quiet-end", max_length=5, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Save quiet hours", id="save-quiet")
            yield Static("", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#routines", DataTable).add_columns("Routine", "Times", "Days", "Next")
        self.load()

    # --- reading ------------------------------------------------------------------------------

    def _repo(self) -> Repository:
        return self.app.repo()

    def _library(self) -> Library:
        return self.app.ctx.library()

    @work(thread=True, exclusive=True, group="reminders-load")
    def load(self, message: str = "") -> None:
        """Read the settings in a thread, then fill the screen on the UI thread."""
        from coach.storage.errors import StorageError

        try:
            data = load_reminders_data(self._repo(), self._library(), self.now())
        except StorageError as exc:
            self.app.call_from_thread(self.say, str(exc), True)
            return
        self.app.call_from_thread(self.show_data, data, message)

    def show_data(self, data: RemindersData, message: str = "") -> None:
        """Fill the table and the quiet-hours fields."""
        from coach.services.reminder_settings import hhmm

        self.data = data
        table = self.query_one("#routines", DataTable)
        selected = self.selected()
        table.clear()
        for row in data.rows:
            table.add_row(plain_text(row.title), row.times, row.days, row.next, key=row.routine_id)
        if selected is not None and selected in data.loaded:
            table.move_cursor(row=[r.routine_id for r in data.rows].index(selected))
        hint = EMPTY_PROGRAM if not data.rows else "\n".join([*data.problems, data.next])
        self.query_one("#hint", Static).update(plain_content(hint))
        self.query_one("#quiet-start", Input).value = hhmm(data.quiet.start)
        self.query_one("#quiet-end", Input).value = hhmm(data.quiet.end)
        if message:
            self.say(message)

    def selected(self) -> str | None:
        """The id of the routine under the table's cursor."""
        table = self.query_one("#routines", DataTable)
        if self.data is None or not self.data.rows or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.data.rows) - 1)
        return self.data.rows[row].routine_id

    def say(self, message: str, problem: bool = False) -> None:
        """Show a message (plain text) under the form."""
        feedback = self.query_one("#feedback", Static)
        feedback.set_class(problem, "problem")
        feedback.update(plain_content(message))

    # --- changing -----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Check what was typed here; save in a worker when it is valid."""
        from coach.services.reminder_settings import SettingsError, parse_times

        event.stop()
        action = event.button.id or ""
        try:
            if action == "save-quiet":
                start = parse_times([self.query_one("#quiet-start", Input).value])[0]
                end = parse_times([self.query_one("#quiet-end", Input).value])[0]
                self.save("quiet", None, (start, end))
                return
            routine_id = self.selected()
            if routine_id is None:
                raise SettingsError("pick a routine in your program first")
            at: tuple[time, ...] = ()
            if action in ("add", "remove"):
                at = parse_times([self.query_one("#time", Input).value])
            self.save(action, routine_id, at)
        except SettingsError as exc:
            self.say(f"Not saved: {exc}", problem=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the time field adds the time; in a quiet-hours field, saves them."""
        event.stop()
        button = "#add" if event.input.id == "time" else "#save-quiet"
        self.query_one(button, Button).press()

    @work(thread=True, exclusive=True, group="reminders-save")
    def save(self, action: str, routine_id: str | None, times: tuple[time, ...]) -> None:
        """Write one change (worker thread), then reload and report on the UI thread."""
        from coach.services import reminder_settings as rs
        from coach.storage.errors import StorageError

        try:
            repo = self._repo()
            if action == "quiet":
                quiet = rs.set_quiet(repo, times[0], times[1])
                message = f"Saved. Quiet hours: {rs.quiet_text(quiet)}."
            else:
                assert routine_id is not None
                program = [e.routine_id for e in repo.program()]
                loaded = rs.program_routine(routine_id, program, self._library())
                if action == "add":
                    result = rs.add_times(repo, loaded, times)
                elif action == "remove":
                    result = rs.remove_times(repo, loaded, times[0])
                elif action == "off":
                    result = rs.remove_times(repo, loaded, None)
                else:
                    result = rs.reset_times(repo, loaded)
                message = f"Saved. {loaded.routine.title}: {rs.times_text(result)}."
                note = rs.quiet_note(result, rs.load_prefs(repo).quiet)
                if note:
                    message += " " + note
        except (rs.SettingsError, StorageError) as exc:
            self.app.call_from_thread(self.say, f"Not saved: {exc}", True)
            return
        self.app.call_from_thread(self.load, message)

    def action_leave(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss(None)
