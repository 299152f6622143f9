"""CSV cells a spreadsheet will never run (pure).

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula, and many
also after leading blanks, a tab or a carriage return (a bare CR may even start a new row).
:func:`inert_cell` makes any text safe to put in a cell: control characters removed (a carriage
return becomes a line break, which the CSV writer quotes), and a cell that could start a formula,
on any of its lines, gets a leading ``'``. A plain number (``-3.5``) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TRIGGERS = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile("\r\n?")


def _risky(line: str) -> bool:
    stripped = line.lstrip(" \t\u00a0\u3000")
    return stripped.startswith(_TRIGGERS) or line[:1] in ("\t", "\r")


def inert_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs as a formula (see the module docstring)."""
    if not value or _NUMBER.match(value):
        return value
    text = _CONTROL.sub("", _NEWLINES.sub("\n", value))
    lines = text.split("\n")
    lines = ["'" + line if _risky(line) else line for line in lines]
    text = "\n".join(lines)
    return "'" + text if text[:1].isspace() and text.strip() else text


def inert_row(row: Mapping[str, str]) -> dict[str, str]:
    """Every cell of a CSV row made inert."""
    return {key: inert_cell(value) for key, value in row.items()}
