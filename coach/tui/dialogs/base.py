"""The look every coach dialog shares: a bordered box in the middle of the screen."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """Base of the modal dialogs: its ``Vertical`` child is the box (subclasses may recolour
    the border or change the width in their own ``DEFAULT_CSS``)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $panel;
        padding: 0 1;
    }
    """
