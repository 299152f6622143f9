"""Asked before leaving a session early: finish later, stop and save as partly done, or keep
going."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import plain_content

QuitChoice = Literal["later", "stop"]

QUIT_QUESTION = (
    "Leave this session now?\n"
    "Finish later: it is kept open, and starting this routine again carries on at this very "
    "step (today or another day).\n"
    "Stop: what you have done so far is saved in your log, marked as partly done."
)
PRACTICE_QUIT_QUESTION = (
    "Leave this practice run now?\n"
    "Finish later: it is kept open, and starting this routine again carries on at this very "
    "step, as a practice run at the same pace.\n"
    "Stop: it is saved in your log as a practice run, marked as partly done (never counted)."
)


class QuitSessionDialog(Dialog[QuitChoice | None]):
    """Dismisses with ``"later"`` (``f``), ``"stop"`` (``s``) or None to keep going (``k``,
    Escape, the default)."""

    CSS_PATH = dialog_css(__file__)

    def __init__(self, practice: bool = False) -> None:
        super().__init__()
        self.practice = practice
        """A practice run: the question says so."""

    BINDINGS = [
        Binding("f,l", "answer('later')", "Finish later", show=False),
        Binding("s,y", "answer('stop')", "Stop", show=False),
        Binding("k,n,escape", "answer('')", "Keep going", show=False),
        Binding("up,left", "app.focus_previous", show=False),
        Binding("down,right", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            question = PRACTICE_QUIT_QUESTION if self.practice else QUIT_QUESTION
            yield Static(plain_content(question), id="question")
            with Vertical(id="choices"):
                yield Button("Finish later (F)", id="later", variant="primary", compact=True)
                yield Button(
                    "Stop and save as partly done (S)", id="stop", variant="error", compact=True
                )
                yield Button("Keep going (K)", id="keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        self.action_answer("" if event.button.id == "keep" else str(event.button.id))

    def action_answer(self, choice: str) -> None:
        """A key answers ("" keeps going)."""
        self.dismiss(choice if choice in ("later", "stop") else None)  # type: ignore[arg-type]
