"""Printing for the CLI: every piece of text from data passes through ``terminal_safe``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from coach.domain.text import terminal_safe


def out(text: str = "") -> None:
    """Print a line to standard output, with control characters made harmless."""
    print(terminal_safe(text))


def err(text: str) -> None:
    """Print a line to standard error, with control characters made harmless."""
    print(terminal_safe(text), file=sys.stderr)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> list[str]:
    """Format rows as aligned plain-text columns (the last column is not padded)."""
    cells = [list(headers)] + [[terminal_safe(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for r in cells:
        parts = [c.ljust(widths[i]) for i, c in enumerate(r[:-1])] + [r[-1]]
        lines.append("  ".join(parts).rstrip())
    return lines


def ask_yes_no(question: str) -> bool:
    """Ask on the terminal; anything but yes (or no terminal at all) means no."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        answer = input(terminal_safe(question) + " [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
