"""Three-row block letters for the few fixed words the session screen shouts across a room.

Only the app's own words go through here (phase names, LEFT/RIGHT, PAUSED), never routine text,
so the font needs just the letters of those words; any other character is drawn as itself on the
middle row.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

_FONT: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┏━╮", "┃ ┃", "┗━╯"),
    "E": ("┏━╸", "┣━ ", "┗━╸"),
    "F": ("┏━╸", "┣━ ", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "K": ("╻ ╻", "┣┳┛", "╹┗╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "W": ("╻ ╻", "┃┃┃", "┗┻┛"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "),
    " ": ("  ", "  ", "  "),
    "<": (" ▄█", "███", " ▀█"),
    ">": ("█▄ ", "███", "█▀ "),
}


def big_lines(word: str) -> tuple[str, str, str]:
    """The three rows of ``word`` in block letters, letters one column apart."""
    rows: list[list[str]] = [[], [], []]
    for ch in word.upper():
        glyph = _FONT.get(ch, (" ", ch, " "))
        for row, part in zip(rows, glyph, strict=True):
            row.append(part)
    return (" ".join(rows[0]), " ".join(rows[1]), " ".join(rows[2]))


class BigText(Widget):
    """A word in three-row block letters (the app's own words only, never routine text).

    ``label`` is the same word in plain letters, kept for tests and screen readers.
    """

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: 3;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._word = word

    @property
    def label(self) -> str:
        """The word shown."""
        return self._word

    def update(self, word: str) -> None:
        """Show another word."""
        if word != self._word:
            self._word = word
            self.refresh(layout=True)

    def render(self) -> Text:
        """The block letters as three lines of text."""
        return Text("\n".join(big_lines(self._word)), no_wrap=True, end="")

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        """As wide as the widest row."""
        return max(len(row) for row in big_lines(self._word)) if self._word else 0

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        """Always three rows."""
        return 3
