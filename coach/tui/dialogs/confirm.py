"""A yes/no question (e.g. before deleting); No is the default and Escape means No."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import plain_content


class ConfirmDialog(Dialog[bool]):
    """Dismisses with True for yes (``y`` or the yes button), False for no (``n``, Escape)."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content(self.question), id="question")
            with Horizontal():
                yield Button(plain_content(f"{self.yes_label} (Y)"), id="yes", variant="error")
                yield Button(plain_content(f"{self.no_label} (N)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """A key answers."""
        self.dismiss(yes)
