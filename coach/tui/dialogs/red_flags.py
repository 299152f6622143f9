"""The red-flags notice: when to stop and seek medical help (shown on first run and from help)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from coach.domain.checkin import RED_FLAGS_TEXT, RED_FLAGS_TITLE
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import plain_content


class RedFlagsDialog(Dialog[None]):
    """The notice; Enter or Escape closes it (dismisses with None)."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
    ]

    AROUND_TEXT = 7
    """Rows the box needs besides the text: its border, the title, a blank line, the button."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content(RED_FLAGS_TITLE), id="title")
            with VerticalScroll(id="scroll"):
                yield Static(plain_content(RED_FLAGS_TEXT), id="text")
            yield Button("I understand (Enter)", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_resize(self, event: events.Resize) -> None:
        """On a short terminal the text scrolls (↑ ↓) and the button stays whole below it."""
        text = self.query_one("#scroll", VerticalScroll)
        text.styles.max_height = max(2, event.size.height - self.AROUND_TEXT)

    def action_scroll(self, rows: int) -> None:
        """↑ ↓ scroll the text when it does not fit."""
        self.query_one("#scroll", VerticalScroll).scroll_relative(y=rows, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button closes the notice."""
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Escape closes the notice."""
        self.dismiss(None)
