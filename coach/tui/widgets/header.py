"""The header of coach's screens: the screen's title, and at its left the menu sign.

Textual's header shows a plain circle (⭘) there that says nothing; clicking it opens the
command palette (also Ctrl+P: everything coach can do). coach shows the menu sign ``≡``, which
clients know from phones and web pages as "more things to do here".
"""

from __future__ import annotations

from textual.widgets import Header

MENU_ICON = "≡"
"""A text sign, not an emoji: one cell wide as the circle was (both are of ambiguous width only in
East Asian terminal settings)."""


class CoachHeader(Header):
    """Textual's header with the menu sign in place of the circle."""

    def __init__(self, *, show_clock: bool = False, id: str | None = None) -> None:
        super().__init__(show_clock=show_clock, icon=MENU_ICON, id=id)
