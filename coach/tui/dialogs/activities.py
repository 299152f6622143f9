"""The everyday activities rated at check-in (PSFS): add, rename and retire them.

Changes go through :mod:`coach.app.activities` (the same rules as ``coach activities``) in
thread workers. Dismisses with True when something changed (the check-in screen then shows the
new list), False otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.app.activities import add_activities, current, rename_activity, retire_activity
from coach.app.errors import StorageError
from coach.domain.checkin import CheckInError
from coach.domain.psfs import Activity
from coach.tui.base import coach_app
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import plain_content

ACTIVITIES_HINT = (
    "You rate these at each check-in: 0 = unable to do it, 10 = as before the problem. "
    "The first time, name 3 to 5, separated by commas. Renaming keeps an activity's history; "
    "a retired one is no longer asked about, and its scores stay in your log."
)


class ActivitiesDialog(Dialog[bool]):
    """The list, a name field and the buttons; Escape closes."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.activities: list[Activity] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content("Your everyday activities"), id="activities-title")
            yield Static(plain_content(ACTIVITIES_HINT), classes="hint")
            yield OptionList(id="activity-list")
            yield Input(placeholder="e.g. gardening, driving, lifting my grandchild",
                        id="activity-name", max_length=300, compact=True)
            with Horizontal():
                yield Button("Add", id="add", variant="primary", compact=True)
                yield Button("Rename chosen", id="rename", compact=True)
                yield Button("Retire chosen", id="retire", compact=True)
                yield Button("Done (Esc)", id="done", compact=True)
            yield Static("", id="activities-feedback")

    def on_mount(self) -> None:
        self.query_one("#activity-name", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="activities")
    def load(self) -> None:
        """Read the activities (worker)."""
        app = coach_app(self)
        app.call_from_thread(self._show, current(app.repo()), "")

    def _show(self, activities: list[Activity], message: str) -> None:
        self.activities = [a for a in activities if a.active]
        listing = self.query_one("#activity-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(Option(plain_content(a.name), id=a.id) for a in self.activities)
        if self.activities:
            listing.highlighted = min(highlighted or 0, len(self.activities) - 1)
        else:
            listing.add_option(Option(plain_content("(none yet)"), disabled=True))
        self.say(message)

    def say(self, message: str) -> None:
        """A problem or what was done."""
        self.query_one("#activities-feedback", Static).update(plain_content(message))

    def chosen(self) -> Activity | None:
        """The activity highlighted in the list."""
        index = self.query_one("#activity-list", OptionList).highlighted
        if index is None or not self.activities or index >= len(self.activities):
            return None
        return self.activities[index]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the name field adds."""
        event.stop()
        self.add()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an activity puts its name in the field, ready to be renamed."""
        event.stop()
        chosen = self.chosen()
        if chosen is not None:
            field = self.query_one("#activity-name", Input)
            field.value = chosen.name
            field.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Each button does what it says."""
        event.stop()
        actions: dict[str, Callable[[], None]] = {
            "add": self.add, "rename": self.rename, "retire": self.retire,
            "done": self.action_close,
        }
        actions[str(event.button.id)]()

    def add(self) -> None:
        """Add the names typed (separated by commas)."""
        names = [n.strip() for n in self.query_one("#activity-name", Input).value.split(",")]
        names = [n for n in names if n]
        if not names:
            self.say("Type the name of an activity first.")
            return
        self.change("add", names)

    def rename(self) -> None:
        """Give the chosen activity the name typed."""
        chosen = self.chosen()
        name = self.query_one("#activity-name", Input).value.strip()
        if chosen is None or not name:
            self.say("Choose an activity in the list and type its new name.")
            return
        self.change("rename", chosen.id, name)

    def retire(self) -> None:
        """Stop rating the chosen activity."""
        chosen = self.chosen()
        if chosen is None:
            self.say("Choose an activity in the list first.")
            return
        self.change("retire", chosen.id)

    @work(thread=True, exclusive=True, group="activities")
    def change(self, what: str, *args: Any) -> None:
        """Make the change (worker) and show the new list."""
        app = coach_app(self)
        repo, now = app.repo(), app.ctx.now()
        try:
            if what == "add":
                activities = add_activities(repo, args[0], now)
                done = "Added."
            elif what == "rename":
                activities = rename_activity(repo, args[0], args[1], now)
                done = "Renamed; its history follows it."
            else:
                activities = retire_activity(repo, args[0], now)
                done = "Retired; its scores stay in your log."
        except (CheckInError, StorageError) as exc:
            app.call_from_thread(self.say, f"Not changed: {exc}")
            return
        self.changed = True
        app.call_from_thread(self._changed, activities, done)

    def _changed(self, activities: list[Activity], message: str) -> None:
        self.query_one("#activity-name", Input).value = ""
        self._show(activities, message)

    def action_close(self) -> None:
        """Back to the check-in."""
        self.dismiss(self.changed)
