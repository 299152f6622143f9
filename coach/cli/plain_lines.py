"""What ``coach run --plain`` prints: the fixed wording and the lines of a batch of cues.

One line per step, tempo part, exercise end and pause (:func:`cue_lines`), never a line per
second; the summary at the end (:func:`summary_line`). Pure: no input, no output.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from coach.domain.cues import Cue, CueKind
from coach.domain.describe import format_duration, format_minutes, time_spent_s
from coach.domain.plan import Plan
from coach.domain.records import SessionRecord
from coach.domain.spoken import plain_number, spoken_duration

KEYS_HELP = (
    "Keys: space pause or resume, n skip, b back one rep, Enter end a set, h it hurts, "
    "q leave (finish later or stop), ? keys."
)
PAUSED = "Paused — press space to continue"
RESUMED = "Resumed"
LEAVE_QUESTION = (
    "Leave now? Press f to finish later (you carry on at this step next time), "
    "s to stop and save it as partly done, or any other key to carry on."
)


def session_time(seconds: float) -> str:
    """Time spent, for the summary: ``45 s``, ``12 min``."""
    if seconds < 60:
        return format_duration(seconds)
    return f"{max(1, math.floor(seconds / 60 + 0.5))} min"


def pace_line(speed: float, practice: bool, clock_left_s: float, resumed: bool) -> str | None:
    """Under the plan's total: a practice run says so, and at a faster pace how long it really
    takes (``about 3 min at this pace`` for a 10 min routine at 3x); a resumed session says how
    long is left. None for a real session from its start (the total says it all)."""
    left = format_minutes(clock_left_s) + (" left" if resumed else "")
    if speed != 1:
        pace = f"{plain_number(speed)}× speed"
        return f"A practice run at {pace}, not counted in your streak: {left} at this pace."
    if practice:
        tail = f" {left[0].upper()}{left[1:]}." if resumed else ""
        return f"A practice run, not counted in your streak.{tail}"
    return f"{left[0].upper()}{left[1:]}." if resumed else None


def exercise_position(plan: Plan, step_index: int) -> tuple[int, int]:
    """(exercise number, exercise count) of a step, 1-based; the last one past the end."""
    count = len(plan.routine.exercises)
    if step_index >= len(plan.steps):
        return count, count
    return plan.steps[step_index].exercise_index + 1, count


def no_keyboard_note(estimate_s: float) -> str:
    """Said of a rep-counted set when no key can end it."""
    return f"(no keyboard: moving on after about {spoken_duration(estimate_s)})"


def cue_lines(
    cues: Sequence[Cue],
    untimed_note: Callable[[Cue], str] | None = None,
    howto: Callable[[Cue], list[str]] | None = None,
) -> list[str]:
    """The plain lines of a batch of cues: one per step, tempo part, exercise end, pause.
    ``untimed_note`` adds a note to the line of a rep-counted set (one with no countdown);
    ``howto`` gives the lines printed under a step's line (the description at get ready)."""
    lines: list[str] = []
    prefix = ""
    for cue in cues:
        kind = cue.kind
        if kind is CueKind.LAST_SET:
            prefix = "Last set. "
        elif cue.is_step:
            line = prefix + cue.detail
            if untimed_note is not None and cue.seconds is None:
                line += f" {untimed_note(cue)}"
            lines.append(line)
            if howto is not None:
                lines.extend(howto(cue))
            prefix = ""
        elif kind.name.startswith("TEMPO_"):
            lines.append(f"{cue.text} ({spoken_duration(cue.seconds or 0)})")
        elif kind is CueKind.EXERCISE_DONE:
            lines.append(f"Done: {cue.exercise_name or ''}")
        elif kind is CueKind.EXERCISE_SKIPPED and cue.status != "not_reached":
            lines.append(cue.text)
        elif kind is CueKind.PAUSED:
            lines.append(PAUSED)
        elif kind is CueKind.RESUMED:
            lines.append(RESUMED)
    return lines


def summary_line(record: SessionRecord, how: str, saved: bool) -> str:
    """The last line: how the session ended (``finished``, ``stopped``, ``interrupted``), what
    was done, and whether it was ``saved``."""
    total = len(record.exercises)
    done = sum(1 for e in record.exercises if e.status == "done")
    spent = session_time(time_spent_s(record))  # real time, at a practice pace too
    said = "Saved" if saved else "It could not be saved"
    practice = " (a practice run)" if record.practice and saved else ""
    if how == "finished" and record.status == "complete":
        return f"Session complete: {done} of {total} exercises, {spent}. {said}{practice}."
    head = {
        "finished": "Session finished",
        "stopped": "Session stopped",
        "interrupted": "Session interrupted",
    }[how]
    partial = " as partial" if saved else ""
    return f"{head}: {done} of {total} exercises done, {spent}. {said}{partial}{practice}."
