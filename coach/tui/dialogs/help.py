"""The keys of a screen, in a dialog (``?``)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.widgets.plain import literal


class HelpDialog(Dialog[None]):
    """Lists ``(keys, what they do)``; Escape, Enter, ``?`` or the button close it."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("escape,enter,question_mark", "close", "Close", show=False),
        Binding("exclamation_mark", "red_flags", "When to stop", show=False),
    ]

    def __init__(self, title: str, keys: Sequence[tuple[str, str]], extra: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.keys = list(keys)
        self.extra = extra

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=0) + 2
        lines: list[str | tuple[str, str]] = []
        for key, what in self.keys:
            lines.extend([(key.ljust(width), "bold"), what, "\n"])
        with Vertical():
            yield Static(literal(f"Keys: {self.title_text}"), id="help-title")
            with VerticalScroll():
                yield Static(literal(*lines).rstrip(), id="help-keys")
            if self.extra:
                yield Static(literal(self.extra), classes="help-extra")
            yield Static(
                literal(("!", "bold"), "  when to stop and get medical help"), id="help-red-flags"
            )
            yield Button("Close (Esc)", id="close", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button closes the help."""
        event.stop()
        self.dismiss(None)

    def action_red_flags(self) -> None:
        """The red-flags notice: when to stop and seek medical help."""
        self.app.push_screen(RedFlagsDialog())

    def action_close(self) -> None:
        """A key closes the help."""
        self.dismiss(None)
