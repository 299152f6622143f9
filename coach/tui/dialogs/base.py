"""The look every coach dialog shares: a bordered box in the middle of the screen."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")

DIALOG_CSS = Path(__file__).with_name("base.tcss")
"""The shared dialog look (``base.tcss`` next to this module)."""


def dialog_css(module_file: str) -> list[str | PurePath]:
    """``CSS_PATH`` of a dialog: the shared look, then the dialog's own ``.tcss`` file next to
    its module (``dialog_css(__file__)``). Later files win ties, so a dialog's own rules can
    recolour the border or change the width. Absolute paths, so subclasses in other modules
    inherit them unchanged."""
    return [DIALOG_CSS, Path(module_file).with_suffix(".tcss")]


class Dialog(ModalScreen[ResultType]):
    """Base of the modal dialogs: its ``Vertical`` child is the box (subclasses may recolour
    the border or change the width in their own ``.tcss``, see :func:`dialog_css`)."""

    CSS_PATH = [DIALOG_CSS]
    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False, tooltip="this help")]
    """``?`` on a dialog too (a modal screen hides the app's own keys but the priority ones)."""
    HELP_TITLE = "this window"
    """How the help (``?``) names the dialog ("Keys: this window")."""
