"""The end-of-session summary: what was done, what was skipped, how long it took."""

from __future__ import annotations

from textual.content import Content

from coach.domain.describe import format_duration, time_spent_s
from coach.domain.records import ExerciseStatus, SessionRecord
from coach.tui.widgets.plain import literal

STATUS_WORDS: dict[ExerciseStatus, tuple[str, str]] = {
    "done": ("✓", "done"),
    "partial": ("◐", "partly done"),
    "skipped": ("–", "skipped"),
    "not_reached": ("·", "not reached"),
}
"""Mark and word per exercise status, as the summary lists them."""
PRACTICE_SAVED = "A practice run: saved in your log as practice, not counted in your streak."


def summary_headline(record: SessionRecord) -> str:
    """``Session complete. Well done!``, the end reached with exercises skipped or cut short, or
    what happened when it ended early (exercises not reached)."""
    if record.status == "complete":
        return "Session complete. Well done!"
    if record.exercises and all(e.status != "not_reached" for e in record.exercises):
        return "You reached the end, but not all of it was done: saved as partly done."
    return "Session ended early. What you did is saved (marked as partly done)."


def summary_counts(record: SessionRecord) -> str:
    """``Exercises done: 3 of 4 · skipped: 1 · time: 6 min 20 s``."""
    logs = record.exercises
    done = sum(1 for e in logs if e.status == "done")
    skipped = sum(1 for e in logs if e.status == "skipped")
    partial = sum(1 for e in logs if e.status == "partial")
    seconds = time_spent_s(record)  # real time: a 3x practice run took a third
    parts = [f"Exercises done: {done} of {len(logs)}"]
    if partial:
        parts.append(f"partly done: {partial}")
    if skipped:
        parts.append(f"skipped: {skipped}")
    parts.append(f"time: {format_duration(seconds)}")
    return " · ".join(parts)


def summary_content(record: SessionRecord, after_check_in: bool) -> Content:
    """The whole summary: headline, counts, one line per exercise, what Enter does next."""
    pieces: list[str | tuple[str, str]] = [
        (summary_headline(record), "bold"),
        "\n",
        summary_counts(record),
        "\n\n",
    ]
    if record.practice:
        pieces.append(f"{PRACTICE_SAVED}\n\n")
    for log in record.exercises:
        mark, word = STATUS_WORDS[log.status]
        pieces.extend([f" {mark} ", log.name, f"  ({word})\n"])
    nxt = "to say how you feel now" if after_check_in else "to go back to the start screen"
    pieces.extend(["\n", (f"Press Enter {nxt}.", "bold")])
    return literal(*pieces)
