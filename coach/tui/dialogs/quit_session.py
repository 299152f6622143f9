"""Asked before a session stops early: stop (saved as partly done) or keep going."""

from __future__ import annotations

from coach.tui.dialogs.confirm import ConfirmDialog

QUIT_QUESTION = (
    "Stop this session now?\n"
    "What you have done so far is saved in your log, marked as partly done."
)


class QuitSessionDialog(ConfirmDialog):
    """Dismisses with True to stop (``y``), False to keep going (``n``, Escape, the default)."""

    def __init__(self) -> None:
        super().__init__(QUIT_QUESTION, yes="Stop and save", no="Keep going")
