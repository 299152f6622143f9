"""Routine text for the screens: dosage in words, and styled pieces built without markup.

Everything from a routine file reaches the screen through :func:`literal`, which joins plain
pieces (each made terminal-safe) into a ``Content``: no markup is ever parsed, so
``Squat [3/4 depth]`` shows as written and ``[@click=app.quit]x`` does nothing.
"""

from __future__ import annotations

from textual.content import Content

from coach.domain.describe import format_duration, plain_number
from coach.domain.routine import Exercise
from coach.domain.text import terminal_safe

Piece = str | tuple[str, str]


def literal(*pieces: Piece) -> Content:
    """``Content`` of the pieces, each shown literally; a ``(text, style)`` piece gets the style."""
    parts: list[str | tuple[str, str]] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            parts.append((terminal_safe(piece[0]), piece[1]))
        else:
            parts.append(terminal_safe(piece))
    return Content.assemble(*parts)


def seconds_words(seconds: float) -> str:
    """``5 s``, ``2.5 s``, ``1 min 30 s``."""
    if seconds < 60:
        return f"{plain_number(seconds)} s"
    return format_duration(seconds)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dosage_words(ex: Exercise) -> str:
    """The prescription of one exercise in words, e.g. ``3 sets of 10 reps, hold 5 s each,
    each side; rest 10 s between sets``."""
    per_side = ex.side in ("each", "alternate")
    if ex.duration_s is not None:
        body = seconds_words(ex.duration_s)
        text = body if ex.sets == 1 else f"{ex.sets} sets of {body}"
    elif ex.reps is None:
        hold = seconds_words(ex.hold_s or 0)
        text = f"hold {hold}" if ex.sets == 1 else f"{ex.sets} holds of {hold}"
    else:
        reps = _count(ex.reps, "rep") + (" each side" if per_side else "")
        text = reps if ex.sets == 1 else f"{ex.sets} sets of {reps}"
        if ex.hold_s is not None:
            text += f", hold {seconds_words(ex.hold_s)} each"
        elif ex.tempo_s is not None:
            parts = zip(ex.tempo_s, ("down", "pause", "up"), strict=True)
            text += ", " + ", ".join(f"{n} s {label}" for n, label in parts if n)
    if ex.side == "each" and ex.reps is None:
        text += ", each side"
    elif ex.side == "alternate":
        text += ", alternating sides"
    elif ex.side in ("left", "right"):
        text += f", {ex.side} side only"
    if ex.rest_s > 0 and (ex.sets > 1 or ex.side == "each"):
        between = "sets" if ex.side != "each" else "sets and sides"
        text += f"; rest {seconds_words(ex.rest_s)} between {between}"
    return text
