"""The pain check-ins around and during a session, shared by the TUI session screen and
``coach run --plain``: which regions to ask, the record to save, the note of a pain stop.

- before the session (``check_in.before``) and after it (``check_in.after``): pain 0-10 per
  region (the routine's check-in regions, else one general question); skipped answers are
  not saved, and nothing is saved when every answer was skipped;
- after the session, the routine's measures (``check_in.measures``, e.g. "Turn head left" in
  deg), each skippable; saved with the after-session pain ratings in one check-in;
- ``h`` during the session: one rating of the current exercise's region; above the routine's
  ``pain_stop`` the client chooses skip / end (saved as partly done) / continue, and the choice
  is noted in the log with the rating.

A practice run (trying a routine out, at any pace) asks neither the before nor the after
questions, in the app and in ``coach run --plain`` alike (:func:`asks_before`,
:func:`wants_after_check_in`): its check-ins would be left out of every trend, report and export
with the run itself, so the client would answer for nothing, and ratings after a run at 2x or 3x
say nothing about the prescribed dose. ``h`` still works during it: above the routine's limit
the therapist's advice is shown and the client chooses (a safety stop, not a record). A rating
meant to count is a check-in of its own (the app's check-in, ``coach checkin``).
"""

from __future__ import annotations

from datetime import datetime

from coach.domain.checkin import bounds_text, check_measure, pain_stop_triggered, vocabulary
from coach.domain.plan import Step
from coach.domain.records import CheckInRecord, PainContext, PainRating
from coach.domain.routine import Measure, Routine

GENERAL_REGION = "general"
"""The region a rating is filed under when the routine names none."""

CHOICE_NOTES = {
    "skip": "skipped the exercise",
    "end": "ended the session",
    "continue": "carried on",
    "flare": "switched to the gentle flare-day version",
    "rest": "stopped to rest for the day",
}
"""What the log says the client did after a pain stop."""

NOTE_MAX = 1000


def check_in_regions(routine: Routine) -> list[str]:
    """The regions asked before and after the session."""
    return list(routine.check_in_regions) or [GENERAL_REGION]


def during_region(routine: Routine, step: Step | None) -> str:
    """The region a during-session rating is about: the current exercise's, else the
    routine's first check-in region, else general."""
    region = step.exercise.region if step is not None else None
    return region or next(iter(routine.check_in_regions), GENERAL_REGION)


def above_limit(routine: Routine, value: int | None) -> bool:
    """True when a during-session rating is above the routine's pain stop."""
    return pain_stop_triggered(value, routine.pain_stop)


def pain_stop_note(routine: Routine, value: int, step: Step | None, choice: str) -> str:
    """The log's note of a pain stop: the rating, where, the limit, and what was chosen."""
    where = f" during {step.exercise.name}" if step is not None else ""
    text = CHOICE_NOTES.get(choice, CHOICE_NOTES["continue"])
    note = f"Pain {value}/10{where}, above the limit of {routine.pain_stop}/10: {text}."
    return note[:NOTE_MAX]


def session_check_in(
    *,
    at: datetime,
    context: PainContext,
    routine: Routine,
    session_id: str | None,
    pain: list[PainRating],
    note: str | None = None,
    measures: dict[str, float] | None = None,
) -> CheckInRecord:
    """The check-in record of a session's pain ratings (and measures, after it)."""
    return CheckInRecord(
        at=at,
        context=context,
        session_id=session_id,
        routine_id=routine.id,
        pain=pain,
        note=note,
        measures=measures or {},
    )


def worth_saving(ratings: list[PainRating], measures: dict[str, float] | None = None) -> bool:
    """True when at least one question was answered."""
    return any(r.value is not None for r in ratings) or bool(measures)


def after_measures(routine: Routine) -> list[Measure]:
    """The routine's measures, asked after the session (each may be skipped)."""
    return list(routine.check_in.measures)


def asks_before(routine: Routine, practice: bool = False) -> bool:
    """True when the pain is asked before the session: the routine asks (``check_in.before``)
    and it is not a practice run."""
    return routine.check_in.before and not practice


def wants_after_check_in(routine: Routine, practice: bool = False) -> bool:
    """True when something is asked after the session: pain (``check_in.after``) or measures;
    never after a practice run."""
    return not practice and bool(routine.check_in.after or routine.check_in.measures)


def measure_question(measure: Measure) -> str:
    """``Turn head left, in deg (between 0 and 90)``."""
    bounds = bounds_text(measure)
    return f"{measure.label}, in {measure.unit}" + (f" ({bounds})" if bounds else "")


def read_measure(routine: Routine, measure: Measure, typed: str) -> float:
    """A typed measure checked against the routine's bounds; CheckInError in plain words."""
    return check_measure(measure.id, typed, vocabulary([routine]))[1]
