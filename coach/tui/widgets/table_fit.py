"""Fitting a DataTable's columns to the screen's width: nothing cut, long cells wrap.

:func:`fit_widths` says how wide each column may be; :func:`fill_table` clears a table and adds
columns of those widths and rows that are as high as their wrapped cells need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable

from coach.tui.widgets.plain import plain_text

BESIDE = 6
"""Cells of the screen's width a table in a scrolling screen cannot use: its margins and two
scroll bars (the screen's and its own)."""


def fit_widths(
    wanted: Sequence[int], least: Sequence[int], room: int, order: Sequence[int]
) -> list[int]:
    """Column widths that fit ``room`` cells (a cell of padding each side of each column
    included): the columns in ``order`` give way first, each down to its ``least``."""
    widths = list(wanted)
    over = sum(widths) + 2 * len(widths) - room
    for i in order:
        if over <= 0:
            break
        give = min(over, max(0, widths[i] - least[i]))
        widths[i] -= give
        over -= give
    return widths


def fill_table(
    table: DataTable[Any], labels: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]],
    least: Sequence[int], order: Sequence[int], screen_width: int,
) -> None:
    """Clear ``table`` and fill it with ``rows`` (key, plain cells) in columns fitted to
    ``screen_width``; a row whose cells do not fit on one line wraps. Cells are shown as plain
    text (never markup)."""
    wanted = [max([len(label)] + [len(cells[i]) for _, cells in rows])
              for i, label in enumerate(labels)]  # fmt: skip
    widths = fit_widths(wanted, least, screen_width - BESIDE, order)
    table.clear(columns=True)
    for label, width in zip(labels, widths, strict=True):
        table.add_column(label, width=width)
    for key, cells in rows:
        wraps = any(len(c) > w for c, w in zip(cells, widths, strict=True))
        table.add_row(*map(plain_text, cells), key=key, height=None if wraps else 1)
