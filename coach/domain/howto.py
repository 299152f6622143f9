"""How to do an exercise, in words: its description, cues, equipment and links, for every front end.

The text is the therapist's, shown as written (the front ends keep it plain: never markup, never
raw control characters on a terminal).
"""

from __future__ import annotations

from coach.domain.routine import Exercise


def has_howto(exercise: Exercise) -> bool:
    """True when the exercise carries anything beyond its dose to show before starting."""
    return bool(exercise.description or exercise.cues or exercise.note or exercise.media)


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
    media = exercise.media
    if media is not None:
        if media.image:
            lines.append(f"Picture: {media.image}")
        if media.video:
            lines.append(f"Video: {media.video}")
        if media.credit:
            lines.append(f"Credit: {media.credit}")
    return lines
