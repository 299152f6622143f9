"""Inline SVG drawings for the HTML report: line charts and the calendar heatmap (pure).

Every function returns an ``<svg>`` element as text, drawn here by hand (no library, no script,
no external file). Every piece of text that comes from data is escaped with ``html.escape``.
Colours are chosen to stay apart in greyscale print and for common colour blindness.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from coach.services.review import STATUS_WORDS, DayStatus

PALETTE = ("#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666")
STATUS_COLOURS: dict[str, str] = {
    "complete": "#1a9850",
    "partial": "#a6d96a",
    "missed": "#f4a582",
    "excused": "#92c5de",
    "practice": "#d9c8ef",
    "rest": "#eeeeee",
    "future": "#ffffff",
    "before": "#ffffff",
}
FLARE_COLOUR = "#c0392b"
FONT = 'font-family="Helvetica, Arial, sans-serif"'


@dataclass(frozen=True)
class Series:
    """One line: its label, the day means (dots) and the 7-day rolling means (the line)."""

    label: str
    points: Sequence[tuple[date, float]]
    rolling: Sequence[tuple[date, float]]


def _fmt(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def nice_range(lo: float, hi: float) -> tuple[float, float, float]:
    """(bottom, top, step) of a y axis around ``lo``..``hi`` with 3 to 6 round ticks."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    span = (end - start).days
    ticks: list[tuple[date, str]] = []
    if span <= 70:
        every = 7 if span <= 35 else 14
        day = start + timedelta(days=(7 - start.weekday()) % 7)  # the first Monday
        while day <= end:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(days=every)
        return ticks
    months = 1 if span <= 240 else 3
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day > end:
            return ticks
        if (month - 1) % months == 0:
            ticks.append((day, f"{day:%b %Y}" if month == 1 or not ticks else f"{day:%b}"))


def line_chart(
    title: str,
    series: Sequence[Series],
    start: date,
    end: date,
    y_range: tuple[float, float] | None = None,
    unit: str = "",
    marks: Sequence[date] = (),
    width: int = 720,
    height: int = 240,
) -> str:
    """A line chart of ``series`` over ``start``..``end``: dots per day, a line of 7-day means.

    ``y_range``: fixed axis (e.g. 0-10 for pain); default: around the data. ``marks``: days
    drawn as red ticks along the bottom (flare days).
    """
    left, right, top, bottom = 48, 16, 30, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for d, v in (*s.points, *s.rolling) if start <= d <= end]
    if y_range is not None:
        lo, hi = y_range
        step = 2.0 if hi - lo >= 10 else nice_range(lo, hi)[2]
    elif values:
        lo, hi, step = nice_range(min(values), max(values))
    else:
        lo, hi, step = 0.0, 1.0, 0.5
    days = max(1, (end - start).days)

    def x(day: date) -> float:
        return left + plot_w * (day - start).days / days

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - lo) / (hi - lo))

    label = f"{title}: " + "; ".join(s.label for s in series) if series else title
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT}>',
        f"<title>{escape(label)}</title>",
        f'<text x="{left}" y="18" font-size="14" font-weight="bold">{escape(title)}'
        + (f' <tspan font-weight="normal" fill="#555555">({escape(unit)})</tspan>' if unit else "")
        + "</text>",
    ]
    tick = lo
    while tick <= hi + step / 1000:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
            'stroke="#dddddd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
        tick += step
    for day, text in _date_ticks(start, end):
        tx = x(day)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top + plot_h}" x2="{tx:.1f}" y2="{top + plot_h + 4}" '
            'stroke="#333333"/>'
            f'<text x="{tx:.1f}" y="{top + plot_h + 17}" font-size="11" text-anchor="middle">'
            f"{escape(text)}</text>"
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#999999"/>'
    )
    for day in marks:
        if start <= day <= end:
            mx = x(day)
            parts.append(
                f'<path d="M{mx:.1f},{top + plot_h - 8:.1f} l-4,8 h8 z" fill="{FLARE_COLOUR}" '
                'class="flare-mark"/>'
            )
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        line = [(d, v) for d, v in s.rolling if start <= d <= end]
        if len(line) > 1:
            coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in line)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
                'stroke-linejoin="round" class="series-line"/>'
            )
        for d, v in s.points:
            if start <= d <= end:
                parts.append(
                    f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}" '
                    'fill-opacity="0.55"/>'
                )
    legend_x = left
    legend_y = height - 8
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y - 9}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 18}" y="{legend_y}" font-size="11">{escape(s.label)}</text>'
        )
        legend_x += 30 + 7 * len(s.label)
    if marks:
        parts.append(
            f'<path d="M{legend_x + 6},{legend_y - 10} l-4,8 h8 z" fill="{FLARE_COLOUR}"/>'
            f'<text x="{legend_x + 14}" y="{legend_y}" font-size="11">flare day</text>'
        )
    if not values:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" font-size="13" '
            'text-anchor="middle" fill="#666666">nothing recorded in this period</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(
    weeks: Sequence[Sequence[tuple[date, DayStatus]]], cell: int = 18,
    flare_days: Collection[date] = (),
) -> str:  # fmt: skip
    """The calendar: one column per week (oldest left), Monday at the top, with a legend;
    ``flare_days`` (sessions of a routine's flare version) get a small triangle."""
    gap, left, top = 3, 34, 22
    flared = any(day in flare_days for week in weeks for day, _ in week)
    legend = [(key, words) for key, words in STATUS_WORDS.items()]
    legend_end = left + sum(26 + 7 * len(words) for _, words in legend)
    legend_end += 16 + 7 * len("flare version") if flared else 0
    # as wide as the weeks, and never narrower than the legend (a client's first weeks)
    width = max(left + len(weeks) * (cell + gap) + 10, legend_end)
    height = top + 7 * (cell + gap) + 34
    first = weeks[0][0][0] if weeks and weeks[0] else None
    last = weeks[-1][-1][0] if weeks and weeks[-1] else None
    label = f"Calendar from {first} to {last}: colour by how much of the program was done"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT}>',
        f"<title>{escape(label)}</title>",
    ]
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
        parts.append(
            f'<text x="{left - 6}" y="{top + row * (cell + gap) + cell - 5}" font-size="10" '
            f'text-anchor="end">{name}</text>'
        )
    previous_month = None
    for col, week in enumerate(weeks):
        cx = left + col * (cell + gap)
        month = week[0][0].month
        if month != previous_month:
            parts.append(
                f'<text x="{cx}" y="{top - 8}" font-size="10">{week[0][0]:%b}</text>'
            )
            previous_month = month
        for row, (day, status) in enumerate(week):
            cy = top + row * (cell + gap)
            stroke = ' stroke="#cccccc"' if status in ("future", "before") else ""
            words = STATUS_WORDS.get(status, "")
            parts.append(
                f'<rect x="{cx}" y="{cy}" width="{cell}" height="{cell}" rx="3" '
                f'fill="{STATUS_COLOURS[status]}"{stroke} class="day-{status}">'
                f"<title>{day.isoformat()}{': ' + words if words else ''}</title></rect>"
            )
            if day in flare_days:
                parts.append(_flare_mark(cx, cy, cell, day))
    lx, ly = left, height - 10
    for key, words in legend:
        parts.append(
            f'<rect x="{lx}" y="{ly - 11}" width="12" height="12" rx="2" '
            f'fill="{STATUS_COLOURS[key]}" stroke="#999999" stroke-width="0.5"/>'
            f'<text x="{lx + 16}" y="{ly}" font-size="11">{escape(words)}</text>'
        )
        lx += 26 + 7 * len(words)
    if flared:
        parts.append(_flare_mark(lx, ly - 11, 12, None))
        parts.append(f'<text x="{lx + 16}" y="{ly}" font-size="11">flare version</text>')
    parts.append("</svg>")
    return "".join(parts)


def _flare_mark(x: float, y: float, size: float, day: date | None) -> str:
    """A small dark triangle in a day's cell: a session of the flare version that day."""
    points = f"{x + size / 2},{y + 3} {x + 3},{y + size - 3} {x + size - 3},{y + size - 3}"
    title = f"<title>{day.isoformat()}: flare version</title>" if day else ""
    return f'<polygon points="{points}" fill="#333333" class="flare-day">{title}</polygon>'

