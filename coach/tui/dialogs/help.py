"""The keys of a screen, in a dialog (``?``), as :mod:`coach.tui.key_help` reads them from the
screen's bindings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.key_help import help_lines, key_label
from coach.tui.widgets.plain import literal


class HelpDialog(Dialog[None]):
    """Lists ``(keys, what they do)``; Escape, Enter, ``?`` or the button close it."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("escape,enter,question_mark", "close", "Close", show=False),
        Binding("exclamation_mark", "red_flags", "When to stop", show=False,
                tooltip="when to stop and get medical help"),
    ]

    def __init__(self, title: str, keys: Sequence[tuple[str, str]], extra: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.keys = list(keys)
        self.extra = extra

    @classmethod
    def for_screen(cls, screen: Any) -> HelpDialog:
        """The help of ``screen``: its keys from its bindings, titled by its ``HELP_TITLE`` (else
        its title), with its ``HELP_EXTRA`` words under the keys."""
        title = getattr(screen, "HELP_TITLE", "") or screen.title or type(screen).__name__
        return cls(title, help_lines(screen), getattr(screen, "HELP_EXTRA", ""))

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=0) + 2
        with Vertical():
            yield Static(literal(f"Keys: {self.title_text}"), id="help-title")
            with VerticalScroll(id="help-keys"):
                for key, what in self.keys:  # long words wrap under the words, not the keys
                    with Horizontal(classes="help-row"):
                        key_cell = Static(literal((key, "bold")), classes="help-key")
                        key_cell.styles.width = width
                        yield key_cell
                        yield Static(literal(what), classes="help-words")
            if self.extra:
                yield Static(literal(self.extra), classes="help-extra")
            red_flags = next(b for b in Binding.make_bindings(self.BINDINGS)
                             if b.action == "red_flags")  # fmt: skip
            yield Static(
                literal((key_label(red_flags.key), "bold"), "  ", red_flags.tooltip),
                id="help-red-flags",
            )
            yield Button("Close (Esc)", id="close", variant="primary", compact=True)

    AROUND_KEYS = 7
    """Rows the box needs besides the keys: border, title, the blank lines around the keys, the
    red-flags line and the button (and the extra words, counted apart)."""

    def on_resize(self, event: events.Resize) -> None:
        """On a short terminal the keys scroll and the red-flags line and the button stay whole."""
        self.call_after_refresh(self._fit_keys, event.size.height)

    def _fit_keys(self, height: int) -> None:
        extra = sum(w.outer_size.height + 1 for w in self.query(".help-extra"))  # + its margin
        keys = self.query_one("#help-keys", VerticalScroll)
        keys.styles.max_height = max(3, height - self.AROUND_KEYS - extra)

    def shown_lines(self) -> list[tuple[str, str]]:
        """The ``(keys, words)`` rows as shown."""
        cells = [row.query(Static) for row in self.query(".help-row")]
        return [(str(key.visual), str(words.visual)) for key, words in cells]

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
