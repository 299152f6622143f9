"""Small session-screen widgets that change every second, made cheap to redraw.

:class:`Readout` (a line of the app's own text, e.g. the time left) and :class:`ProgressLine`
(a one-row progress bar) repaint only themselves, and only when what they show changes: no new
layout of the screen (a ``Static`` asks for one on every update) and no timer of their own
(Textual's ``ProgressBar`` wakes every second to update its ETA, even when it is hidden).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class Readout(Widget):
    """One line of the app's own text, right-aligned, at a fixed width (set in CSS)."""

    DEFAULT_CSS = """
    Readout {
        width: 18;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""

    @property
    def text(self) -> str:
        """What it shows."""
        return self._text

    def update(self, text: str) -> None:
        """Show ``text`` (repainted only when it differs)."""
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        """The text, right-aligned."""
        return Text(self._text.rjust(self.content_size.width), no_wrap=True, end="")


class ProgressLine(Widget):
    """A one-row bar, ``progress`` from 0 to 1, drawn to half a cell (``━`` and ``╸``).

    Repainted only when the drawn bar changes, whatever the number of updates.
    """

    COMPONENT_CLASSES = {"progress-line--done", "progress-line--todo"}
    DEFAULT_CSS = """
    ProgressLine {
        width: 1fr;
        height: 1;
    }
    ProgressLine > .progress-line--done {
        color: $primary;
    }
    ProgressLine > .progress-line--todo {
        color: $foreground 15%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = 0.0
        self._drawn: tuple[int, int] | None = None

    @property
    def progress(self) -> float:
        """The share done, 0 to 1."""
        return self._progress

    def _halves(self, width: int) -> int:
        return round(max(0.0, min(self._progress, 1.0)) * width * 2)

    def update(self, progress: float) -> None:
        """Set the share done; repainted only when the drawn bar changes."""
        self._progress = progress
        width = self.content_size.width
        if self._drawn != (width, self._halves(width)):
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """The bar: full cells done, a half cell, the rest dim (one ready-made row: no text
        to lay out, the cheapest way Textual draws a line)."""
        width = self.content_size.width
        halves = self._halves(width)
        self._drawn = (width, halves)
        full, half = divmod(halves, 2)
        done = "━" * full + ("╸" if half else "")
        segments = []
        if done:
            segments.append(Segment(done, self.get_component_rich_style("progress-line--done")))
        if width > len(done):
            todo = self.get_component_rich_style("progress-line--todo")
            segments.append(Segment("━" * (width - len(done)), todo))
        return Strip(segments, width)

    def render(self) -> Text:
        """The same bar as text (for tests)."""
        return Text(self.render_line(0).text, no_wrap=True, end="")
