"""The calendar heatmap: one column per week (oldest left), Monday at the top, with a legend.

Each day is a symbol in a colour, so that the calendar also reads without colour:
``■`` all done, ``▪`` some done, ``□`` none done, ``◇`` excused, ``○`` practice only (never
counted), ``·`` nothing due, ``▲`` done with the routine's gentle flare version; days
before the program and after today are blank. Fed with
:func:`coach.services.review.heatmap_weeks`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
FLARE_SYMBOL = "▲"
"""A day with a session of the flare version (in the colour of the day's state)."""
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4

Weeks = Sequence[Sequence[tuple[date, DayStatus]]]


LEGEND_MIN_WIDTH = 30
"""The legend's lines are as wide as the calendar (so a narrow terminal shows it whole), and
never narrower than this."""


def heatmap_content(
    weeks: Weeks, today: date | None = None, flare_days: Collection[date] = ()
) -> Content:
    """The calendar as styled text: a month row, seven day rows, a blank line, the legend.

    ``today`` is shown in reverse video; ``flare_days`` (sessions of the flare version) with
    their own symbol, added to the legend when there are any.
    """
    pieces: list[str | tuple[str, str]] = []
    months = [" "] * max(LABEL_WIDTH + 2 * len(weeks), LABEL_WIDTH + 3)  # one week: "Dec"
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
            symbol = FLARE_SYMBOL if day in flare_days and status != "future" else SYMBOLS[status]
            pieces += [(symbol, style) if style else symbol, " "]
        pieces.append("\n")
    pieces.append("\n")
    legend = [(SYMBOLS[key], STYLES[key], words) for key, words in STATUS_WORDS.items()]
    if any(day in flare_days for week in weeks for day, _ in week):
        legend.append((FLARE_SYMBOL, STYLES["complete"], "flare version"))
    width, used = max(len(months), LEGEND_MIN_WIDTH), 0  # no wider than the calendar
    for symbol, style, words in legend:
        item = 2 + len(words)
        if used:
            gap = "  " if used + 2 + item <= width else "\n"
            pieces.append(gap)
            used = used + 2 if gap == "  " else 0
        pieces += [(symbol, style), f" {words}"]
        used += item
    return Content.assemble(*pieces)


class Heatmap(Static):
    """Shows :func:`heatmap_content`; call :meth:`show` with the weeks (empty until then)."""

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        height: auto;
    }
    """

    def show(
        self, weeks: Weeks, today: date | None = None, flare_days: Collection[date] = ()
    ) -> None:
        """Draw these weeks (``today`` in reverse video, flare-version days marked)."""
        self.update(heatmap_content(weeks, today, flare_days))
