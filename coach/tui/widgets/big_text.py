"""Big words and a big countdown that scale with the window (see :mod:`big_font`).

:class:`BigText` draws a few of the app's own words (phase, LEFT/RIGHT, set and rep) in the
biggest pixel type that fits its box, wrapping between words, down to plain bold text.
:class:`BigNumber` draws the countdown as segment digits as tall as its box (its width follows
from its height), so the seconds fill whatever height the screen's CSS gives it.

Neither keeps time: they redraw when their text or their size changes. Routine text never goes
through here.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from coach.tui.widgets.big_font import fit_words, number_rows, number_width


class BigText(Widget):
    """Words in the biggest type that fits the widget (the app's own words only).

    ``label`` is the same words in plain letters, kept for tests and screen readers.
    """

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
        content-align: left middle;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._word = word
        self._cache: tuple[tuple[str, int, int], Text] | None = None

    @property
    def label(self) -> str:
        """The words shown."""
        return self._word

    @property
    def type_used(self) -> str:
        """``5x7 x2``, ``3x5 x1`` or ``plain``: the type the words were last drawn in."""
        fitted = fit_words(self._word, self.content_size.width, self.content_size.height)
        return "plain" if fitted.font == "plain" else f"{fitted.font} x{fitted.scale}"

    def update(self, word: str) -> None:
        """Show other words (redrawn only when they differ)."""
        if word != self._word:
            self._word = word
            self.refresh()

    def render(self) -> Text:
        """The words, fitted to the widget's size."""
        width, height = self.content_size
        key = (self._word, width, height)
        if self._cache is None or self._cache[0] != key:
            fitted = fit_words(self._word, width, height)
            style = "bold" if fitted.font == "plain" else ""
            text = Text("\n".join(fitted.lines), style=style, no_wrap=True, end="")
            self._cache = (key, text)
        return self._cache[1]


class BigNumber(Widget):
    """The countdown: segment digits as tall as the widget (``width: auto`` follows).

    ``value`` is the text shown (``"45"``, ``"1:30"``); its width at the widget's height is
    what ``width: auto`` gives it (at most ``MAX_SHARE`` of the width it sits in).
    """

    MAX_SHARE = 0.7
    """Largest share of the container's width the number may take."""

    DEFAULT_CSS = """
    BigNumber {
        width: auto;
        height: 1fr;
        content-align: center middle;
    }
    """

    def __init__(self, value: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._value = value

    @property
    def value(self) -> str:
        """The number shown."""
        return self._value

    def update(self, value: str) -> None:
        """Show another number; the layout is redone only when its shape (width) changes."""
        if value == self._value:
            return
        reshaped = _shape(value) != _shape(self._value)
        self._value = value
        self.refresh(layout=reshaped)

    def render(self) -> Text:
        """The digits, as tall as the widget and no wider than it."""
        width, height = self.content_size
        if not self._value or height <= 0:
            return Text("", end="")
        lines = number_rows(self._value, height, max_width=width)
        return Text("\n".join(lines), no_wrap=True, end="")

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        """As wide as the number is at the height it gets (the container's, less padding)."""
        rows = max(container.height - self.styles.gutter.height, 1)
        limit = max(int(container.width * self.MAX_SHARE), 1)
        if not self._value:
            return 0
        while rows > 1 and number_width(self._value, rows) > limit:
            rows -= 1
        return number_width(self._value, rows)


def _shape(value: str) -> str:
    """Digits all have the same width: only the count of digits and colons matters."""
    return "".join("0" if ch.isdigit() else ch for ch in value)
