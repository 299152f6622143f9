"""Turning untrusted text (routine files, what users type) into inert renderables.

Routine text is never markup: ``Squat [3/4 depth]`` or ``[@click=app.quit]x`` must show as
written and do nothing. Everything here builds ``Text``/``Content`` objects directly, never parses
markup, and replaces control characters so that no escape sequence reaches the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from coach.domain.text import terminal_safe


def plain_text(value: object, style: str = "") -> Text:
    """A Rich ``Text`` of the value, literally (for DataTable cells and Rich renderables)."""
    return Text(terminal_safe(str(value)), style=style, no_wrap=False)


def plain_content(value: object) -> Content:
    """A Textual ``Content`` of the value, literally (for Static/Label updates)."""
    return Content(terminal_safe(str(value)))


Piece = str | tuple[str, str]


def literal(*pieces: Piece) -> Content:
    """``Content`` of the pieces, each shown literally; a ``(text, style)`` piece gets the style."""
    parts: list[str | tuple[str, str]] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            parts.append((terminal_safe(piece[0]), piece[1]))
        else:
            parts.append(terminal_safe(piece))
    return Content.assemble(*parts)
