"""Big words that scale with the window (see :mod:`big_font`).

:class:`BigText` draws a few of the app's own words (set and rep) in the biggest pixel type that
fits its box, wrapping between words, down to plain bold text. :func:`place` puts lines of block
characters in a box (the session band uses it for its words and its number).

It keeps no time: it repaints when its text or its size changes, from lines computed once per
(text, size, style) and handed to Textual as ready strips, and only the rows that differ.
Routine text never goes through here.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from coach.tui.widgets.big_font import fit_words


def place(
    lines: list[str], width: int, height: int, *, centre: bool = False
) -> list[tuple[int, str]]:
    """Each of the ``height`` rows of ``lines`` centred vertically in a box: (cells of space on
    the left, the line cut to ``width``; an empty line for a blank row); ``centre``: centred
    horizontally too (else left-aligned)."""
    top = max((height - len(lines)) // 2, 0)
    rows: list[tuple[int, str]] = []
    for y in range(height):
        index = y - top
        line = lines[index][:width] if 0 <= index < len(lines) else ""
        rows.append(((width - len(line)) // 2 if centre and line else 0, line))
    return rows


class _Blocks(Widget):
    """Lines of block characters, centred vertically, drawn from cached strips.

    A new text repaints only the rows that differ from what is drawn (from one count to the
    next, the rows of the segments that stay lit or dark are left alone).
    """

    CENTRE = False
    """Centre the lines horizontally (else left-aligned)."""
    ROWS_KEPT = 8
    """How many (text, size) placements are kept."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._cache: tuple[tuple[object, ...], list[Strip]] | None = None
        self._painting: list[Strip] | None = None
        """The strips of the repaint under way (worked out once per repaint, not per line)."""
        self._in_repaint = False
        self._rows_cache: dict[tuple[str, int, int], tuple[list[tuple[int, str]], bool]] = {}

    def _lines_for(self, text: str, width: int, height: int) -> tuple[list[str], bool]:
        """The lines of ``text`` for a box of ``width`` x ``height`` cells, and whether they
        are plain (bold) text rather than block characters."""
        raise NotImplementedError

    def _rows(self, text: str, width: int, height: int) -> tuple[list[tuple[int, str]], bool]:
        """Each of the ``height`` rows as drawn: (cells of space on the left, the line; an empty
        line for a blank row), and whether the lines are plain text. The last few are kept:
        a count goes back and forth between the same few texts and sizes."""
        key = (text, width, height)
        cached = self._rows_cache.get(key)
        if cached is None:
            if len(self._rows_cache) >= self.ROWS_KEPT:
                self._rows_cache.clear()
            cached = self._rows_cache[key] = self._place(text, width, height)
        return cached

    def _place(self, text: str, width: int, height: int) -> tuple[list[tuple[int, str]], bool]:
        lines, plain = self._lines_for(text, width, height)
        return place(lines, width, height, centre=self.CENTRE), plain

    def _set_text(self, text: str, layout: bool = False) -> None:
        if text == self._text:
            return
        old, self._text = self._text, text
        if layout:
            self.refresh(layout=True)
            return
        width, height = self.content_size
        if not width or not height:
            self.refresh()
            return
        before, plain_before = self._rows(old, width, height)
        after, plain_after = self._rows(text, width, height)
        if plain_before != plain_after:
            self.refresh()
            return
        changed = [y for y in range(height) if before[y] != after[y]]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    @property
    def lines(self) -> list[str]:
        """The lines drawn at the widget's present size (for tests and screen readers)."""
        width, height = self.content_size
        return self._lines_for(self._text, width, height)[0]

    def render(self) -> Text:
        """The same lines as text (what is drawn; for tests)."""
        return Text("\n".join(self.lines), no_wrap=True, end="")

    def _strips(self) -> list[Strip]:
        width, height = self.content_size
        base = self.rich_style
        key = (self._text, width, height, base)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        rows, plain = self._rows(self._text, width, height)
        style = base + Style(bold=True) if plain else base
        blank = Strip([Segment(" " * width, base)], width)
        strips: list[Strip] = []
        for left, line in rows:
            if not line:
                strips.append(blank)
                continue
            right = width - left - len(line)
            segments = [Segment(" " * left, base)] if left else []
            segments.append(Segment(line, style))
            if right:
                segments.append(Segment(" " * right, base))
            strips.append(Strip(segments, width))
        self._cache = (key, strips)
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        """Repaint: the strips (and the style they are drawn in, costly to work out) are worked
        out at most once, and only if a row is to be drawn again (Textual keeps the others)."""
        self._in_repaint, self._painting = True, None
        try:
            return super().render_lines(crop)
        finally:
            self._in_repaint, self._painting = False, None

    def render_line(self, y: int) -> Strip:
        """One row of the block lines."""
        strips = self._painting
        if strips is None:
            strips = self._strips()
            if self._in_repaint:
                self._painting = strips
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.content_size.width)


class BigText(_Blocks):
    """Words in the biggest type that fits the widget (the app's own words only).

    ``label`` is the same words in plain letters, kept for tests and screen readers.
    """

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
    }
    """

    @property
    def label(self) -> str:
        """The words shown."""
        return self._text

    @property
    def type_used(self) -> str:
        """``5x7 x2``, ``3x5 x1`` or ``plain``: the type the words are drawn in."""
        fitted = fit_words(self._text, self.content_size.width, self.content_size.height)
        return "plain" if fitted.font == "plain" else f"{fitted.font} x{fitted.scale}"

    def update(self, word: str) -> None:
        """Show other words (repainted only when they differ)."""
        self._set_text(word)

    def _lines_for(self, text: str, width: int, height: int) -> tuple[list[str], bool]:
        fitted = fit_words(text, width, height)
        return fitted.lines, fitted.font == "plain"
