"""The reminder settings screen: each program routine's reminder times, and quiet hours.

Pick a routine in the table, type a time (``HH:MM``) and add or remove it; "All off" stops a
routine's reminders, "Usual times" goes back to its prescription's defaults. The same use cases,
checks and words as ``coach remind`` (:mod:`coach.app.reminders`); reading and saving run in
thread workers, never on the UI thread. Routine titles are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Input, Static

from coach.app import reminders
from coach.app.errors import StorageError
from coach.app.reminders import Overview, SettingsError, TimesAction
from coach.tui.base import CoachScreen
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.plain import plain_content
from coach.tui.widgets.table_fit import fill_table

EMPTY_PROGRAM = (
    "Your program is empty, so no reminders come. Add a routine from the home screen first."
)


class RemindersScreen(CoachScreen[None]):
    """Reminder times per program routine, and quiet hours. Escape goes back."""

    CSS_PATH = "reminders.tcss"

    BINDINGS = [Binding("escape", "leave", "Back", tooltip="back")]
    HELP_TITLE = "reminders"

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.now = now
        self.data: Overview | None = None

    def compose(self) -> ComposeResult:
        yield CoachHeader()
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
        self.load()

    NARROW = 72
    """Below this many columns the buttons go two to a row."""

    def on_resize(self, event: events.Resize) -> None:
        """Narrower or wider: the table fitted again, the buttons two to a row when narrow."""
        self.set_class(event.size.width < self.NARROW, "-narrow")
        if self.data is not None:
            self._fill_table(self.data)

    def _fill_table(self, data: Overview) -> None:
        """The routines' rows, fitted to the width: titles, then times, then days wrap."""
        rows = [
            (r.routine_id, (r.title, r.times + (" (usual)" if r.default else ""),
                            r.days, r.next))
            for r in data.rows
        ]  # fmt: skip
        fill_table(self.query_one("#routines", DataTable), ("Routine", "Times", "Days", "Next"),
                   rows, least=(14, 12, 8, 4), order=(0, 1, 2), screen_width=self.size.width)

    # --- reading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reminders-load")
    def load(self, message: str = "") -> None:
        """Read the settings in a thread, then fill the screen on the UI thread."""
        try:
            data = reminders.overview(self.app.ctx, self.now() if self.now else None)
        except StorageError as exc:
            self.app.call_from_thread(self.say, str(exc), True)
            return
        self.app.call_from_thread(self.show_data, data, message)

    def show_data(self, data: Overview, message: str = "") -> None:
        """Fill the table and the quiet-hours fields."""
        self.data = data
        table = self.query_one("#routines", DataTable)
        selected = self.selected()
        self._fill_table(data)
        if selected is not None and selected in data.loaded:
            table.move_cursor(row=[r.routine_id for r in data.rows].index(selected))
        hint = EMPTY_PROGRAM if not data.rows else "\n".join(
            [*data.problems, f"Next reminder: {data.next}"]
        )
        self.query_one("#hint", Static).update(plain_content(hint))
        self.query_one("#quiet-start", Input).value = reminders.hhmm(data.quiet.start)
        self.query_one("#quiet-end", Input).value = reminders.hhmm(data.quiet.end)
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
        event.stop()
        action = event.button.id or ""
        try:
            if action == "save-quiet":
                start = reminders.parse_times([self.query_one("#quiet-start", Input).value])[0]
                end = reminders.parse_times([self.query_one("#quiet-end", Input).value])[0]
                self.save("quiet", None, (start, end))
                return
            routine_id = self.selected()
            if routine_id is None:
                raise SettingsError("pick a routine in your program first")
            at: tuple[time, ...] = ()
            if action in ("add", "remove"):
                at = reminders.parse_times([self.query_one("#time", Input).value])
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
        ctx = self.app.ctx
        try:
            if action == "quiet":
                quiet = reminders.set_quiet(ctx, times[0], times[1])
                message = f"Saved. Quiet hours: {reminders.quiet_text(quiet)}."
            else:
                assert routine_id is not None
                # the buttons' ids: add, remove, off, reset
                changed = reminders.change_times(ctx, routine_id, cast(TimesAction, action), times)
                title = changed.loaded.routine.title
                message = f"Saved. {title}: {reminders.times_text(changed.times)}."
                if changed.note:
                    message += " " + changed.note
        except (SettingsError, StorageError) as exc:
            self.app.call_from_thread(self.say, f"Not saved: {exc}", True)
            return
        self.app.call_from_thread(self.load, message)

    def action_leave(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss(None)
