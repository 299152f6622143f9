"""Per-exercise tallies for the therapist's report, and the dose history of a routine (pure).

For each exercise of a routine, over the counted sessions of a period (practice runs left out
by the caller): how many sessions were prescribed, and in how many the exercise was done,
partly done, skipped or not reached; the pain-stop events (a rating above the routine's limit
during the exercise) and the pain rated then.

A rating during a session is tied to the exercise its note names (``... during NAME, above
the limit ...``, as the session screens write it); a rating above the limit without a named
exercise is listed under the session as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the models bring pydantic: the report from kept files does without them
    from coach.domain.records import CheckInLike
    from coach.domain.routine import Routine

WHOLE_SESSION = "(not tied to one exercise)"


@dataclass
class ExerciseTally:
    """One exercise over the period."""

    name: str
    in_routine: bool = True
    done: int = 0
    partly: int = 0
    skipped: int = 0
    not_reached: int = 0
    pain_stops: list[int] = field(default_factory=list)
    """The pain rated at each pain-stop event (0-10), oldest first."""

    @property
    def sessions(self) -> int:
        """Sessions the exercise was part of."""
        return self.done + self.partly + self.skipped + self.not_reached


def exercise_tallies(
    routine: Any, sessions: Iterable[Any], checkins: Iterable[CheckInLike]
) -> list[ExerciseTally]:
    """A tally per exercise of ``routine`` (in its order), then exercises only in older logs.

    ``sessions``: the counted sessions of the routine in the period (complete, partial or
    abandoned; practice left out); ``checkins``: check-ins of the period (those during one of
    these sessions give the pain-stop events, given the routine's ``pain_stop`` limit).
    """
    rows = {ex.name: ExerciseTally(ex.name) for ex in routine.exercises}
    ids = set()
    for s in sessions:
        if s.routine_id != routine.id or s.status == "in_progress":
            continue
        ids.add(s.id)
        for log in s.exercises:
            row = rows.get(log.name)
            if row is None:
                row = rows[log.name] = ExerciseTally(log.name, in_routine=False)
            if log.status == "done":
                row.done += 1
            elif log.status == "partial":
                row.partly += 1
            elif log.status == "skipped":
                row.skipped += 1
            else:
                row.not_reached += 1
    for c in sorted(checkins, key=lambda c: c.at):
        if c.context != "during_session" or c.session_id not in ids:
            continue
        for p in c.pain:
            if p.value is None or p.value <= routine.pain_stop:
                continue
            name = _named_exercise(c.note or "", rows)
            if name is None:
                rows.setdefault(WHOLE_SESSION, ExerciseTally(WHOLE_SESSION, in_routine=False))
                name = WHOLE_SESSION
            rows[name].pain_stops.append(p.value)
    return list(rows.values())


def _named_exercise(note: str, rows: dict[str, ExerciseTally]) -> str | None:
    # The longest matching name wins ("Chin tuck" and "Chin tuck with hold").
    found = [name for name in rows if f" during {name}," in note]
    return max(found, key=len) if found else None


@dataclass(frozen=True)
class DoseChange:
    """A new version of the prescription and what it changed."""

    since: date
    """The first day a session used this version (or the day it entered the program)."""
    changes: tuple[str, ...]


def dose_history(versions: Sequence[tuple[date, Routine]]) -> list[DoseChange]:
    """What each version changed from the one before (``versions`` oldest first, with the day
    each came into use); versions that changed nothing in the prescription are left out."""
    # lazy: the routine models (the versions were read validated)
    from coach.domain.diff import prescription_changes

    out = []
    for (_, old), (day, new) in zip(versions, versions[1:], strict=False):
        changes = prescription_changes(old, new)
        if changes:
            out.append(DoseChange(day, tuple(changes)))
    return out
