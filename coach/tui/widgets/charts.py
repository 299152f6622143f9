"""Line charts of trends for the history screen (textual-plotext).

The x axis counts days from the start of the period (never plotext's own date handling, which
depends on the machine's time zone), labelled with day and month. Each series is drawn as its
7-day rolling mean (a line, in the legend) over its daily means (dots). Labels are made
terminal-safe before plotext sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from textual_plotext import PlotextPlot

from coach.domain.text import terminal_safe
from coach.domain.trends import Trend

COLOURS = ("blue", "orange", "green", "magenta", "cyan", "red")


@dataclass(frozen=True)
class ChartSeries:
    """One series: its legend label and its (day, daily mean, rolling mean) points."""

    label: str
    points: Sequence[tuple[date, float, float]]

    @classmethod
    def from_trend(cls, label: str, trend: Trend) -> ChartSeries:
        """The series of a trend."""
        return cls(label, [(p.day, p.mean, p.rolling) for p in trend.series])


def date_ticks(start: date, end: date, most: int = 6) -> list[tuple[int, str]]:
    """(day offset, label) ticks on Mondays, at most ``most`` of them, evenly spaced in weeks."""
    days = (end - start).days
    first = (7 - start.weekday()) % 7
    weeks = max(1, (days - first) // 7 + 1)
    every = max(1, -(-weeks // most))
    ticks = []
    offset = first
    while offset <= days:
        day = start + timedelta(days=offset)
        ticks.append((offset, f"{day.day} {day:%b}"))
        offset += 7 * every
    return ticks


class TrendChart(PlotextPlot):
    """A chart of one or more trend series over a period; call :meth:`draw`."""

    DEFAULT_CSS = """
    TrendChart {
        height: 14;
        width: 1fr;
    }
    """

    def draw(
        self,
        title: str,
        series: Sequence[ChartSeries],
        start: date,
        end: date,
        y_range: tuple[float, float] | None = None,
    ) -> None:
        """Replace the chart with ``series`` between ``start`` and ``end`` (inclusive)."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(terminal_safe(title))
        days = max(1, (end - start).days)
        shown = 0
        for i, s in enumerate(series):
            colour = COLOURS[i % len(COLOURS)]
            pts = [(d, m, r) for d, m, r in s.points if start <= d <= end]
            if not pts:
                continue
            xs = [(d - start).days for d, _, _ in pts]
            plt.scatter(xs, [m for _, m, _ in pts], marker="dot", color=colour)
            plt.plot(xs, [r for _, _, r in pts], marker="braille", color=colour,
                     label=terminal_safe(s.label))
            shown += 1
        plt.xlim(0, days)
        if y_range is not None:
            plt.ylim(*y_range)
            step = 2 if y_range[1] - y_range[0] >= 10 else 1
            plt.yticks(list(range(int(y_range[0]), int(y_range[1]) + 1, step)))
        ticks = date_ticks(start, end)
        plt.xticks([t for t, _ in ticks], [label for _, label in ticks])
        if not shown:
            plt.text("nothing recorded in this period", days / 4, self._middle(y_range))
        self.refresh()

    @staticmethod
    def _middle(y_range: tuple[float, float] | None) -> float:
        return 0.5 if y_range is None else (y_range[0] + y_range[1]) / 2
