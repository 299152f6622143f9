"""The calendar heatmap: one column per week (oldest left), Monday at the top, with a legend.

Each day is a symbol in a colour, so that the calendar also reads without colour:
``■`` all done, ``▪`` some done, ``□`` none done, ``◇`` excused, ``○`` practice only (never
counted), ``·`` nothing due; days
before the program and after today are blank. Fed with
:func:`coach.services.review.heatmap_weeks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from coach.services.review import STATUS_WORDS, DayStatus

SYMBOLS: dict[str, str] = {
    "complete": "■",
    "partial": "▪",
    "missed": "□",
    "excused": "◇",
    "practice": "○",
    "rest": "·",
    "future": " ",
    "before": " ",
}
STYLES: dict[str, str] = {
    "complete": "bold #1a9850",
    "partial": "#a6d96a",
    "missed": "#f4a582",
    "excused": "#92c5de",
    "practice": "#b39ddb",
    "rest": "#808080",
    "future": "",
    "before": "",
}
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4

Weeks = Sequence[Sequence[tuple[date, DayStatus]]]


def heatmap_content(weeks: Weeks, today: date | None = None) -> Content:
    """The calendar as styled text: a month row, seven day rows, a blank line, the legend.

    ``today`` is shown in reverse video.
    """
    pieces: list[str | tuple[str, str]] = []
    months = [" "] * (LABEL_WIDTH + 2 * len(weeks))
    previous = None
    for col, week in enumerate(weeks):
        month = week[0][0].month
        if month != previous:
            name = f"{week[0][0]:%b}"
            at = LABEL_WIDTH + 2 * col
            if at + len(name) <= len(months) and months[at - 1] == " ":
                months[at : at + len(name)] = list(name)
            previous = month
    pieces.append(("".join(months).rstrip() + "\n", "dim"))
    for row in range(7):
        pieces.append((DAY_LABELS[row].ljust(LABEL_WIDTH), "dim"))
        for week in weeks:
            day, status = week[row]
            style = STYLES[status]
            if today is not None and day == today:
                style = f"{style} reverse".strip()
            pieces += [(SYMBOLS[status], style) if style else SYMBOLS[status], " "]
        pieces.append("\n")
    pieces.append("\n")
    for i, (key, words) in enumerate(STATUS_WORDS.items()):
        if i:
            pieces.append("  ")
        pieces.append((SYMBOLS[key], STYLES[key]))
        pieces.append(f" {words}")
    return Content.assemble(*pieces)


class Heatmap(Static):
    """Shows :func:`heatmap_content`; call :meth:`show` with the weeks (empty until then)."""

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        height: auto;
    }
    """

    def show(self, weeks: Weeks, today: date | None = None) -> None:
        """Draw these weeks (``today`` in reverse video)."""
        self.update(heatmap_content(weeks, today))
