"""What changed between two versions of a prescription (shown before ``coach add`` replaces one).

Exercises are matched by name. The result is a list of plain sentences for a client.
"""

from __future__ import annotations

from coach.domain.routine import Exercise, Routine

_DOSAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("sets", "sets"),
    ("reps", "reps"),
    ("hold_s", "hold (s)"),
    ("duration_s", "duration (s)"),
    ("tempo", "tempo"),
    ("rest_s", "rest (s)"),
    ("side", "side"),
    ("switch_s", "switch time (s)"),
    ("kind", "kind"),
    ("region", "region"),
)


def _fmt(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _exercise_changes(old: Exercise, new: Exercise) -> list[str]:
    changes = []
    for field, label in _DOSAGE_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(f"{label} {_fmt(before)} → {_fmt(after)}")
    if old.cues != new.cues or old.note != new.note or old.equipment != new.equipment:
        changes.append("instructions changed")
    return changes


def prescription_changes(old: Routine, new: Routine) -> list[str]:
    """Plain sentences describing how ``new`` differs from ``old``; empty when nothing changed."""
    lines: list[str] = []
    if old.title != new.title:
        lines.append(f"Title: {old.title} → {new.title}")
    if old.frequency != new.frequency:
        lines.append(
            f"How often: {old.frequency.per_day}×/day on {old.frequency.days_per_week} days/week"
            f" → {new.frequency.per_day}×/day on {new.frequency.days_per_week} days/week"
        )
    if old.pain_stop != new.pain_stop:
        lines.append(f"Pain stop level: {old.pain_stop} → {new.pain_stop}")
    if old.advice != new.advice:
        lines.append("The therapist's advice changed")
    old_by_name = {e.name: e for e in old.exercises}
    new_by_name = {e.name: e for e in new.exercises}
    for name in new_by_name:
        if name not in old_by_name:
            lines.append(f"Added exercise: {name}")
    for name in old_by_name:
        if name not in new_by_name:
            lines.append(f"Removed exercise: {name}")
    for name, new_ex in new_by_name.items():
        old_ex = old_by_name.get(name)
        if old_ex is not None:
            changes = _exercise_changes(old_ex, new_ex)
            if changes:
                lines.append(f"{name}: " + ", ".join(changes))
    common = [n for n in new_by_name if n in old_by_name]
    if [n for n in old_by_name if n in new_by_name] != common:
        lines.append("The order of the exercises changed")
    if old.check_in != new.check_in:
        lines.append("The check-in questions changed")
    return lines
