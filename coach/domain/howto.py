"""How to do an exercise, in words: its description, cues, equipment and links, for every front end.

The text is the therapist's, shown as written (the front ends keep it plain: never markup, never
raw control characters on a terminal).
"""

from __future__ import annotations

from coach.domain.describe import plain_number
from coach.domain.routine import Exercise


def has_howto(exercise: Exercise) -> bool:
    """True when the exercise carries anything beyond its dose to show before starting."""
    return bool(exercise.description or exercise.cues or exercise.note or exercise.media
                or exercise.progression)  # fmt: skip


_STEP = {"hold_s": "{} s longer holds", "duration_s": "{} s longer", "reps": "{} more reps",
         "sets": "{} more sets"}  # fmt: skip
_TOP = {"hold_s": "{} s holds", "duration_s": "{} s", "reps": "{} reps", "sets": "{} sets"}


def progression_words(exercise: Exercise) -> str | None:
    """``Plan: 5 s longer holds after 6 comfortable sessions (pain at most 3/10), up to 60 s
    holds.`` (None without a progression)."""
    plan = exercise.progression
    if plan is None:
        return None
    step = " and ".join(_STEP[k].format(plain_number(v)) for k, v in plan.step.given.items())
    top = " and ".join(_TOP[k].format(plain_number(v)) for k, v in plan.max.given.items())
    sessions = "session" if plan.after_sessions == 1 else f"{plan.after_sessions} sessions"
    return (
        f"Plan: {step} after {sessions} in a row that went well (pain at most "
        f"{plan.if_pain_at_most}/10), up to {top}."
    )


def howto_lines(exercise: Exercise) -> list[str]:
    """The how-to of one exercise as plain lines (description first, then cues, note, video)."""
    lines: list[str] = []
    if exercise.description:
        lines.extend(exercise.description.splitlines())
    if exercise.cues:
        lines.append("Cues: " + "; ".join(exercise.cues))
    if exercise.equipment:
        lines.append("You need: " + ", ".join(exercise.equipment))
    if exercise.note:
        lines.extend(exercise.note.splitlines())
    plan = progression_words(exercise)
    if plan:
        lines.append(plan)
    media = exercise.media
    if media is not None:
        if media.image:
            lines.append(f"Picture: {media.image}")
        if media.video:
            lines.append(f"Video: {media.video}")
        if media.credit:
            lines.append(f"Credit: {media.credit}")
    return lines
