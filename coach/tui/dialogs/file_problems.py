"""Why a routine file cannot be used, in plain words; pick another file or close."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import literal, plain_content


class FileProblemsDialog(Dialog[bool]):
    """Dismisses with True to pick another file (``p`` or the button), False to close (Escape)."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("p", "answer(True)", "Pick another file", show=False),
        Binding("escape,c", "answer(False)", "Close", show=False),
    ]

    def __init__(self, title: str, lines: list[str], advice: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.advice = advice

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content(self.title_text), id="problems-title")
            with VerticalScroll():
                yield Static(literal("\n".join(f"- {line}" for line in self.lines)),
                             id="problem-lines")
            yield Static(plain_content(self.advice), classes="hint")
            with Horizontal():
                yield Button("Pick another file (P)", id="again", variant="primary",
                             compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#again", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        self.dismiss(event.button.id == "again")

    def action_answer(self, again: bool) -> None:
        """A key answers."""
        self.dismiss(again)
