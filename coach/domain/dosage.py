"""Dosage warnings: prescriptions that are valid but unusual, worth a second look.

These never fail a routine file; they are shown to the person checking it (e.g. by
``coach validate``). Each warning names the JSON path it concerns and says plainly what is
unusual and what is usual. Order: routine-level warnings (``pain_stop``, number of exercises,
estimated time), then each exercise's in file order (short hold, then too little stretching).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.describe import format_duration, plain_number
from coach.domain.plan import Plan, expand
from coach.domain.routine import Exercise, Routine

STRETCH_MIN_HOLD_S = 10.0
"""A stretch hold shorter than this (seconds) is flagged; 10-30 s holds are usual."""

STRETCH_USUAL_MAX_HOLD_S = 30.0
"""Upper end of the usual stretch hold, quoted in the short-hold message (seconds)."""

STRETCH_MIN_TOTAL_S = 30.0
"""Less total stretching than this per side (seconds, across sets and reps) is flagged."""

MAX_EXERCISES = 8
"""More exercises than this in one routine is flagged as a lot for one home session."""

MAX_ESTIMATE_S = 45 * 60.0
"""An estimated session longer than this (seconds) is flagged."""

MAX_PAIN_STOP = 7
"""A pain stop above this (0-10) lets the client work through too much pain; flagged."""

USUAL_PAIN_STOP = 5
"""The usual pain limit (the format's default), quoted in the pain-stop message."""


@dataclass(frozen=True, slots=True)
class DosageWarning:
    """One warning: the JSON path it concerns (e.g. ``exercises[0].hold_s``) and a plain message."""

    path: str
    message: str


def dosage_warnings(routine: Routine, plan: Plan | None = None) -> list[DosageWarning]:
    """Warnings for a valid routine; ``plan`` (its expansion) is computed when not given."""
    if plan is None:
        plan = expand(routine)
    warnings: list[DosageWarning] = []
    if routine.pain_stop > MAX_PAIN_STOP:
        warnings.append(
            DosageWarning(
                "pain_stop",
                f"pain stop of {routine.pain_stop}/10 is high: the session pauses only for pain "
                f"above {routine.pain_stop}/10; the usual limit is {USUAL_PAIN_STOP}/10",
            )
        )
    count = len(routine.exercises)
    if count > MAX_EXERCISES:
        warnings.append(
            DosageWarning(
                "exercises",
                f"{count} exercises is a lot for one session; {MAX_EXERCISES} or fewer are usual",
            )
        )
    if plan.estimate_s > MAX_ESTIMATE_S:
        warnings.append(
            DosageWarning(
                "exercises",
                f"the routine is estimated at {format_duration(plan.estimate_s)}, longer than "
                f"{format_duration(MAX_ESTIMATE_S)}; shorter sessions are easier to keep up",
            )
        )
    for index, exercise in enumerate(routine.exercises):
        if exercise.kind == "stretch":
            warnings.extend(_stretch_warnings(f"exercises[{index}]", exercise))
    return warnings


def _stretch_warnings(path: str, ex: Exercise) -> list[DosageWarning]:
    """Short hold and too little total stretching for one stretch exercise."""
    found: list[DosageWarning] = []
    if ex.hold_s is not None and ex.hold_s < STRETCH_MIN_HOLD_S:
        found.append(
            DosageWarning(
                f"{path}.hold_s",
                f"stretch hold of {plain_number(ex.hold_s)} s is short; holds of "
                f"{plain_number(STRETCH_MIN_HOLD_S)}-{plain_number(STRETCH_USUAL_MAX_HOLD_S)} s "
                "are usual",
            )
        )
    if ex.duration_s is not None:
        each, count, unit = ex.duration_s, ex.sets, "set"
    elif ex.hold_s is not None:
        each, count, unit = ex.hold_s, ex.sets * (ex.reps or 1), "hold"
    else:
        return found  # tempo or rep-counted: no stretching time to add up
    total = each * count
    if total < STRETCH_MIN_TOTAL_S:
        per_side = "" if ex.side == "none" else " per side"
        units = unit if count == 1 else f"{unit}s"
        found.append(
            DosageWarning(
                path,
                f"{plain_number(total)} s of stretching{per_side} in total "
                f"({count} {units} of {plain_number(each)} s) is short; "
                f"at least {plain_number(STRETCH_MIN_TOTAL_S)} s{per_side} is usual",
            )
        )
    return found
