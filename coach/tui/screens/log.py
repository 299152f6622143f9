"""The log screen: sessions and check-ins, newest first; edit a check-in, delete an entry.

``e`` (or Enter) opens a check-in in the check-in screen; ``d`` deletes the entry under the
cursor after a confirmation. Reading, deleting and saving run in thread workers.
"""

from __future__ import annotations

from datetime import tzinfo

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from coach.app import log
from coach.domain.history import Entry, describe, local_time
from coach.domain.records import CheckInRecord
from coach.tui.base import CoachScreen
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.key_help import key_hint
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.plain import plain_content, plain_text


class LogScreen(CoachScreen[None]):
    """Everything logged, newest first, with edit and delete."""

    BINDINGS = [  # the footer shows the short words, the help (?) the tooltips
        Binding("e", "edit", "Edit", tooltip="change the check-in under the cursor"),
        Binding("d,delete", "delete", "Delete",
                tooltip="delete the entry under the cursor (asks first)"),
        Binding("escape,q", "leave", "Back", tooltip="back to the start screen"),
    ]  # fmt: skip
    HELP_TITLE = "your log"

    CSS_PATH = "log.tcss"

    def __init__(self, tz: tzinfo | None = None) -> None:
        super().__init__()
        self._tz = tz
        self.entries: dict[str, Entry] = {}
        self._shown: tuple[list[Entry], dict[str, str]] | None = None
        self._room = 0
        self._measures: dict[str, tuple[str, str]] = {}
        """Measure id -> (label, unit), to show measures by name."""

    @property
    def tz(self) -> tzinfo:
        """The client's time zone (the app's unless one was given)."""
        return self._tz or self.app.ctx.tz()

    def compose(self) -> ComposeResult:
        yield CoachHeader()
        yield Static(plain_content("Your log"), classes="section-title")
        yield DataTable(id="log", cursor_type="row", zebra_stripes=True)
        yield Static("", id="status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    WHEN, ENTRY = 16, 8
    """The widths of the first two columns (``2026-11-24 08:05``, ``check-in``)."""

    def _what_room(self) -> int:
        """The width the "What" column wraps at: the rest of the screen (its margins, the
        cells' padding and a scroll bar taken off)."""
        return max(20, self.size.width - 2 - 6 - 2 - self.WHEN - self.ENTRY)

    def on_resize(self) -> None:
        """Narrower or wider: the entries wrap again to the new width."""
        if self._shown is not None and self._what_room() != self._room:
            self.show_entries(*self._shown)

    @work(thread=True, exclusive=True, group="log-load")
    def load(self) -> None:
        """Read sessions, check-ins and activity names in a thread."""
        found = log.read_log(self.app.ctx)
        self._measures = log.measure_names(self.app.ctx) if found.entries else {}
        self.app.call_from_thread(self.show_entries, found.entries, found.activity_names)

    def show_entries(self, entries: list[Entry], activity_names: dict[str, str]) -> None:
        """Fill the table, newest first."""
        table = self.query_one("#log", DataTable)
        cursor = self.current()
        table.clear(columns=True)
        self._shown, self._room = (entries, activity_names), self._what_room()
        table.add_column("When", width=self.WHEN)
        table.add_column("Entry", width=self.ENTRY)
        table.add_column("What", width=self._room)  # long entries wrap: nothing cut off
        self.entries = {e.id: e for e in entries}
        for entry in reversed(entries):
            kind = "session" if entry.kind == "session" else "check-in"
            what = describe(entry, activity_names, self._measures)
            table.add_row(
                plain_text(local_time(entry.at, self.tz)),
                plain_text(kind),
                plain_text(what),
                key=entry.id,
                height=None if len(what) > self._room else 1,
            )
        if cursor is not None and cursor.id in table.rows:
            table.move_cursor(row=table.get_row_index(cursor.id), animate=False)
        status = "Nothing logged yet." if not entries else self.keys_hint()
        self.query_one("#status", Static).update(plain_content(status))
        table.focus()

    def keys_hint(self) -> str:
        """``E: edit a check-in.  D: delete.``: the keys from the bindings."""
        return key_hint(self, ("delete",), "{edit}: edit a check-in.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row edits it."""
        event.stop()
        self.action_edit()

    def current(self) -> Entry | None:
        """The entry under the cursor."""
        table = self.query_one("#log", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.entries.get(str(key))

    def action_edit(self) -> None:
        """Open the check-in under the cursor for editing."""
        entry = self.current()
        if entry is None:
            return
        if not isinstance(entry.record, CheckInRecord):
            self.query_one("#status", Static).update(
                plain_content("Sessions cannot be edited; D deletes one.")
            )
            return

        def closed(_: bool | None) -> None:
            self.load()

        self.app.push_screen(CheckInScreen(entry.record, tz=self.tz), closed)

    def action_delete(self) -> None:
        """Ask, then delete the entry under the cursor."""
        entry = self.current()
        if entry is None:
            return
        what = "check-in" if entry.kind == "checkin" else "session"
        names = self._shown[1] if self._shown is not None else {}
        words = describe(entry, names, self._measures)
        question = f"Delete the {what} of {local_time(entry.at, self.tz)}? {words}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(entry)

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), answered)

    @work(thread=True, exclusive=True, group="log-delete")
    def delete(self, entry: Entry) -> None:
        """Delete in a thread, then reload."""
        log.delete_entry(self.app.ctx, entry)
        self.app.call_from_thread(self._deleted, entry)

    def _deleted(self, entry: Entry) -> None:
        self.load()
        self.notify(f"Deleted the entry of {local_time(entry.at, self.tz)}.", markup=False)

    def action_leave(self) -> None:
        """Back to the home screen."""
        self.dismiss(None)

