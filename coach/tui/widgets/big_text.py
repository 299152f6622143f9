"""Big words and a big countdown that scale with the window (see :mod:`big_font`).

:class:`BigText` draws a few of the app's own words (phase, LEFT/RIGHT, set and rep) in the
biggest pixel type that fits its box, wrapping between words, down to plain bold text.
:class:`BigNumber` draws the countdown as segment digits as tall as its box (its width follows
from its height), so the seconds fill whatever height the screen's CSS gives it.

Neither keeps time: they repaint when their text or their size changes, from lines computed
once per (text, size, style) and handed to Textual as ready strips (a big number is many cells:
drawing it must cost no more than a small one). Routine text never goes through here.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from coach.tui.widgets.big_font import fit_words, number_rows, number_width


class _Blocks(Widget):
    """Lines of block characters, centred vertically, drawn from cached strips."""

    CENTRE = False
    """Centre the lines horizontally (else left-aligned)."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._cache: tuple[tuple[object, ...], list[Strip]] | None = None

    def _lines(self, width: int, height: int) -> tuple[list[str], bool]:
        """The lines for a box of ``width`` x ``height`` cells, and whether they are plain
        (bold) text rather than block characters."""
        raise NotImplementedError

    def _set_text(self, text: str, layout: bool = False) -> None:
        if text != self._text:
            self._text = text
            self.refresh(layout=layout)

    @property
    def lines(self) -> list[str]:
        """The lines drawn at the widget's present size (for tests and screen readers)."""
        width, height = self.content_size
        return self._lines(width, height)[0]

    def render(self) -> Text:
        """The same lines as text (what is drawn; for tests)."""
        return Text("\n".join(self.lines), no_wrap=True, end="")

    def _strips(self) -> list[Strip]:
        width, height = self.content_size
        base = self.rich_style
        key = (self._text, width, height, base)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        lines, plain = self._lines(width, height)
        style = base + Style(bold=True) if plain else base
        top = max((height - len(lines)) // 2, 0)
        strips: list[Strip] = []
        blank = Strip([Segment(" " * width, base)], width)
        for y in range(height):
            index = y - top
            if not 0 <= index < len(lines):
                strips.append(blank)
                continue
            line = lines[index][:width]
            left = (width - len(line)) // 2 if self.CENTRE else 0
            right = width - left - len(line)
            segments = [Segment(" " * left, base)] if left else []
            segments.append(Segment(line, style))
            if right:
                segments.append(Segment(" " * right, base))
            strips.append(Strip(segments, width))
        self._cache = (key, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        """One row of the block lines."""
        strips = self._strips()
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

    def _lines(self, width: int, height: int) -> tuple[list[str], bool]:
        fitted = fit_words(self._text, width, height)
        return fitted.lines, fitted.font == "plain"


class BigNumber(_Blocks):
    """The countdown: segment digits as tall as the widget (``width: auto`` follows).

    ``value`` is the text shown (``"45"``, ``"1:30"``); its width at the widget's height is
    what ``width: auto`` gives it (at most ``MAX_SHARE`` of the width it sits in).
    """

    CENTRE = True
    MAX_SHARE = 0.7
    """Largest share of the container's width the number may take."""

    DEFAULT_CSS = """
    BigNumber {
        width: auto;
        height: 1fr;
    }
    """

    @property
    def value(self) -> str:
        """The number shown."""
        return self._text

    def update(self, value: str) -> None:
        """Show another number; the layout is redone only when its shape (width) changes."""
        self._set_text(value, layout=_shape(value) != _shape(self._text))

    def _lines(self, width: int, height: int) -> tuple[list[str], bool]:
        if not self._text or height <= 0:
            return [], False
        return number_rows(self._text, height, max_width=width), False

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        """As wide as the number is at the height it gets (the container's, less padding)."""
        rows = max(container.height - self.styles.gutter.height, 1)
        limit = max(int(container.width * self.MAX_SHARE), 1)
        if not self._text:
            return 0
        while rows > 1 and number_width(self._text, rows) > limit:
            rows -= 1
        return number_width(self._text, rows)


def _shape(value: str) -> str:
    """Digits all have the same width: only the count of digits and colons matters."""
    return "".join("0" if ch.isdigit() else ch for ch in value)
