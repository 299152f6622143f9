"""Therapist-set progression: when to offer the next dose, and the doses the client accepted.

A routine's exercise may carry ``progression`` (``{"step": {"hold_s": 5}, "max": {"hold_s": 60},
"after_sessions": 6, "if_pain_at_most": 3}``). The routine file is never edited: what the client
accepts is a :class:`DoseChange` in their log, and :func:`apply_doses` gives the routine the
session runs.

The rule (:func:`proposal`), the pain-monitoring model, over the sessions done at the current
dose (those after the exercise's latest dose change or declined offer): the last
``after_sessions`` finished sessions of the routine (complete, not practice, not flare) each

- did that exercise fully (status ``done``: a pain stop that skipped it, or ended the session
  before it, does not count),
- had no pain rating during or after the session above ``if_pain_at_most``, nor any during
  rating above the routine's ``pain_stop`` (a pain stop anywhere in the session),
- and next morning no region rated more than 1 point above its rating before that session.

A rating the client skipped or never gave does not count against them. Then the next step is
offered (each stepped key raised by ``step``, never above ``max``). If pain has risen by the
clinically meaningful amount against the baseline (:mod:`coach.domain.trends`, 2 points) while
a raised dose is in effect, stepping back one step is offered instead.

Pure: the caller passes the routine, the log and the dose changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.domain.clinical import PAIN_RISE_FLAG_POINTS, shown_at_least
from coach.domain.describe import plain_number
from coach.domain.records import CheckInLike, SessionLike, new_id
from coach.domain.routine import Exercise, Routine
from coach.domain.routine_extras import DOSE_KEYS
from coach.domain.trends import pain_trends

ChangeKind = Literal["progressed", "stepped_back", "declined"]
DoseKey = Literal["hold_s", "duration_s", "reps", "sets"]
Dose = Annotated[dict[DoseKey, Annotated[float, Field(ge=0, le=3600)]], Field(max_length=4)]
"""Dose keys and values (bounded like the routine file's own)."""
NEXT_MORNING_MARGIN = 1
"""Next-morning pain may be this many points above the session's before-pain (and no more)."""


class DoseChange(BaseModel):
    """A dose change the client accepted (or an offer they declined), kept in their log.

    ``base`` is the file's dose when it was made: when the therapist sends a file with another
    dose for the exercise, the change no longer applies (the new prescription wins).
    ``undone_at`` is set when the client takes it back (the change stays listed).
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    routine_id: str = Field(min_length=1, max_length=64)
    exercise_index: int = Field(ge=0, le=59)
    exercise_name: str = Field(min_length=1, max_length=60)
    kind: ChangeKind
    dose: Dose
    previous: Dose
    base: Dose
    at: datetime
    undone_at: datetime | None = None


@dataclass(frozen=True)
class Proposal:
    """An offer to change one exercise's dose: up one step, or back one step."""

    routine_id: str
    exercise_index: int
    exercise_name: str
    kind: Literal["progressed", "stepped_back"]
    current: dict[str, float]
    new: dict[str, float]
    base: dict[str, float]

    @property
    def sentence(self) -> str:
        """``Your therapist's plan: ready to hold 35 s instead of 30 s.``"""
        change = dose_words(self.new, self.current)
        if self.kind == "progressed":
            return f"Your therapist's plan: ready to {change}."
        return f"Your pain has gone up: step back to {change}, as your therapist's plan allows."

    def change(self, at: datetime) -> DoseChange:
        """The dose change to keep when the client accepts."""
        return DoseChange.model_validate({
            "routine_id": self.routine_id, "exercise_index": self.exercise_index,
            "exercise_name": self.exercise_name, "kind": self.kind, "dose": dict(self.new),
            "previous": dict(self.current), "base": dict(self.base), "at": at,
        })  # fmt: skip

    def declined(self, at: datetime) -> DoseChange:
        """What to keep when the client declines (the offer waits for new sessions)."""
        return self.change(at).model_copy(update={"kind": "declined", "dose": dict(self.current)})


_VERBS = {"hold_s": "hold {} s", "duration_s": "keep going for {} s", "reps": "do {} reps",
          "sets": "do {} sets"}  # fmt: skip


def dose_words(new: Mapping[Any, float], old: Mapping[Any, float] | None = None) -> str:
    """``hold 35 s instead of 30 s``; several keys joined with ``and``."""
    parts = []
    for key in DOSE_KEYS:
        if key not in new:
            continue
        text = _VERBS[key].format(plain_number(new[key]))
        if old is not None and key in old:
            text += f" instead of {plain_number(old[key])}" + (" s" if key.endswith("_s") else "")
        parts.append(text)
    return " and ".join(parts)


def written_dose(exercise: Exercise, keys: Iterable[str]) -> dict[str, float]:
    """The exercise's dose as the file writes it, for ``keys``."""
    values = {key: getattr(exercise, key) for key in keys}
    return {key: float(value) for key, value in values.items() if value is not None}


def _changes_for(
    routine: Routine, index: int, changes: Iterable[DoseChange]
) -> list[DoseChange]:
    """The exercise's changes still standing (not undone, same name, same base), oldest first."""
    if index >= len(routine.exercises):
        return []
    exercise = routine.exercises[index]
    mine = [
        c for c in changes
        if c.routine_id == routine.id and c.exercise_index == index and c.undone_at is None
        and c.exercise_name == exercise.name and c.base == written_dose(exercise, c.base)
    ]  # fmt: skip
    return sorted(mine, key=lambda c: c.at)


def current_dose(routine: Routine, index: int, changes: Iterable[DoseChange]) -> dict[str, float]:
    """The dose in effect for the exercise's progression keys (the file's, or the accepted)."""
    exercise = routine.exercises[index]
    if exercise.progression is None:
        return {}
    dose = written_dose(exercise, exercise.progression.step.given)
    for change in _changes_for(routine, index, changes):
        if change.kind != "declined":
            dose.update({str(key): value for key, value in change.dose.items()})
    return dose


def current_doses(routine: Routine, changes: Iterable[DoseChange]) -> dict[int, dict[str, float]]:
    """Exercise index -> dose in effect, for every exercise whose dose differs from the file."""
    changes = list(changes)
    out: dict[int, dict[str, float]] = {}
    for index, exercise in enumerate(routine.exercises):
        if exercise.progression is None:
            continue
        dose = current_dose(routine, index, changes)
        if dose != written_dose(exercise, dose):
            out[index] = dose
    return out


def apply_doses(routine: Routine, doses: Mapping[int, Mapping[str, float]]) -> Routine:
    """The routine with accepted doses in place of the file's (the file itself is untouched)."""
    if not doses:
        return routine
    exercises = list(routine.exercises)
    for index, dose in doses.items():
        update: dict[str, Any] = {
            key: int(value) if key in ("reps", "sets") else value for key, value in dose.items()
        }
        exercises[index] = exercises[index].model_copy(update=update)
    return routine.model_copy(update={"exercises": exercises})


def _next_step(exercise: Exercise, dose: Mapping[str, float]) -> dict[str, float]:
    assert exercise.progression is not None
    step, top = exercise.progression.step.given, exercise.progression.max.given
    return {key: min(dose[key] + step[key], top[key]) for key in step if key in dose}


def _previous_step(exercise: Exercise, dose: Mapping[str, float]) -> dict[str, float]:
    assert exercise.progression is not None
    step = exercise.progression.step.given
    floor = written_dose(exercise, step)
    return {key: max(dose[key] - step[key], floor[key]) for key in step if key in dose}


def _session_went_well(
    session: SessionLike,
    done: bool,
    checkins: Sequence[CheckInLike],
    limit: int,
    pain_stop: int,
) -> bool:
    linked = [c for c in checkins if c.session_id == session.id]

    def values(context: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for c in sorted((c for c in linked if c.context == context), key=lambda c: c.at):
            found.update({p.region: p.value for p in c.pain if p.value is not None})
        return found

    if not done:
        return False
    during = [p.value for c in linked if c.context == "during_session" for p in c.pain
              if p.value is not None]  # fmt: skip
    after = list(values("after_session").values())
    if any(v > limit for v in during + after) or any(v > pain_stop for v in during):
        return False
    before, morning = values("before_session"), values("next_morning")
    return all(v <= before[r] + NEXT_MORNING_MARGIN for r, v in morning.items() if r in before)


def proposal(
    routine: Routine,
    index: int,
    sessions: Iterable[Any],
    checkins: Iterable[CheckInLike],
    changes: Iterable[DoseChange],
    pain_rising: bool = False,
) -> Proposal | None:
    """The offer for one exercise now, or None (see the module docstring for the rule).

    ``sessions`` are the client's session records (with their exercise logs); ``pain_rising``
    is True when a pain trend of the exercise's region has risen 2+ points against baseline.
    """
    exercise = routine.exercises[index]
    plan = exercise.progression
    if plan is None:
        return None
    standing = _changes_for(routine, index, changes)
    dose = current_dose(routine, index, standing)
    base = written_dose(exercise, plan.step.given)

    def offer(kind: Literal["progressed", "stepped_back"], new: dict[str, float]) -> Proposal:
        return Proposal(routine.id, index, exercise.name, kind, dose, new, base)

    raised = dose != base
    if pain_rising:
        return offer("stepped_back", _previous_step(exercise, dose)) if raised else None
    new = _next_step(exercise, dose)
    if new == dose:
        return None  # at the therapist's maximum
    since = standing[-1].at if standing else None
    mine = sorted(
        (s for s in sessions
         if s.routine_id == routine.id and s.status == "complete"
         and not getattr(s, "practice", False) and not getattr(s, "flare", False)
         and (since is None or s.started_at > since)),
        key=lambda s: s.started_at,
    )[-plan.after_sessions:]  # fmt: skip
    if len(mine) < plan.after_sessions:
        return None
    logs = list(checkins)
    for session in mine:
        done = any(
            e.index == index and e.status == "done" for e in getattr(session, "exercises", [])
        )
        if not _session_went_well(session, done, logs, plan.if_pain_at_most, routine.pain_stop):
            return None
    return offer("progressed", new)


def proposals(
    routine: Routine,
    sessions: Iterable[Any],
    checkins: Iterable[CheckInLike],
    changes: Iterable[DoseChange],
    rising_regions: Iterable[str] = (),
) -> list[Proposal]:
    """Every exercise's offer now, in routine order."""
    sessions, checkins, changes = list(sessions), list(checkins), list(changes)
    rising = set(rising_regions)
    found = []
    for index, exercise in enumerate(routine.exercises):
        regions = {exercise.region} if exercise.region else set(routine.check_in_regions)
        offer = proposal(routine, index, sessions, checkins, changes, bool(regions & rising))
        if offer is not None:
            found.append(offer)
    return found


def rising_regions(checkins: Iterable[CheckInLike], tz: tzinfo) -> set[str]:
    """Regions whose pain has risen by the meaningful amount (2+ points) against baseline."""
    return {
        t.subject for t in pain_trends(checkins, tz)
        if t.baseline is not None and t.current is not None
        and shown_at_least(t.current - t.baseline, PAIN_RISE_FLAG_POINTS)
    }  # fmt: skip
