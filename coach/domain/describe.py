"""Plain-English wording of a plan: durations, estimates, one line per step, a table and a total.

Used by ``coach show`` and the ``--plain`` runner, so everything here is plain text (no markup;
routine text such as exercise names is passed through exactly as written).

Wording rules, one line per step as a client hears it:

- get ready: ``Get ready: Cat-camel (10 seconds)``; with a side,
  ``Get ready: Upper trapezius stretch, left side (10 seconds)``;
- rest: ``Rest 30 seconds``; release (between held reps): ``Release 3 seconds``;
  switch: ``Switch sides: 5 seconds, then right side``;
- work and hold steps start with the name, the side if any, and always ``set N of M`` (also
  ``set 1 of 1``, for consistency), then ``rep R of N`` for a timed rep:
  ``Chin tuck, set 1 of 1, rep 3 of 10: hold 5 seconds``,
  ``Foam roll thigh, set 1 of 1: 60 seconds``,
  ``Squat, set 1 of 3, rep 4 of 10: 3 down, 1 pause, 2 up`` (a zero part of the tempo is left
  out: ``2 down, 2 up``),
  ``Quad sets, set 2 of 3: 10 reps; press Enter when done``,
  ``Bird-dog, set 1 of 3: 10 reps each side, alternating; press Enter when done``.

Spoken durations say "seconds" up to 119 s and minutes and seconds from 120 s
(``2 minutes 30 seconds``); fractions of a second are kept to one decimal (``2.5 seconds``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.domain.plan import UNTIMED_REP_ESTIMATE_S, Phase, Plan, Step
from coach.domain.routine import Exercise
from coach.domain.spoken import plain_number, spoken_duration
from coach.domain.spoken import whole_seconds as _whole

if TYPE_CHECKING:  # the record models (pydantic) stay off the home screen's imports
    from coach.domain.records import SessionRecord

__all__ = ["plain_number", "spoken_duration"]  # also spoken here (kept for callers)


def format_duration(seconds: float) -> str:
    """A short duration in whole seconds: ``45 s``, ``1 min 30 s``, ``12 min``, ``1 h 5 min``.

    From an hour up, seconds are rounded to the nearest minute.
    """
    total = _whole(seconds)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return _hours_minutes(_whole(total / 60))


def _hours_minutes(minutes: int) -> str:
    """``59 min``, ``1 h``, ``1 h 5 min``."""
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def format_minutes(seconds: float) -> str:
    """An estimate to the nearest minute: ``about 14 min``, ``about 1 h 5 min``, ``under 1 min``."""
    if seconds < 60:
        return "under 1 min"
    return f"about {_hours_minutes(_whole(seconds / 60))}"


def time_left_text(seconds: float) -> str:
    """A session's time left by the same rule as :func:`format_minutes` (the nearest minute),
    so that what a screen says before a run (``3× faster: about 3 min``) is what the running
    session then says: ``3 min left``, ``1 h 5 min left``, ``under 1 min left``, ``0 min left``
    at the end."""
    if seconds <= 0:
        return "0 min left"
    return f"{format_minutes(seconds).removeprefix('about ')} left"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _tempo_text(tempo: tuple[int, int, int]) -> str:
    """``3 down, 1 pause, 2 up``; zero parts left out."""
    parts = [f"{n} {label}" for n, label in zip(tempo, ("down", "pause", "up"), strict=True) if n]
    return ", ".join(parts)


def _heading(step: Step) -> str:
    """``Name, left side, set 2 of 3, rep 4 of 10``."""
    parts = [step.exercise.name]
    if step.side is not None:
        parts.append(f"{step.side} side")
    parts.append(f"set {step.set} of {step.sets}")
    if step.rep is not None and step.reps is not None:
        parts.append(f"rep {step.rep} of {step.reps}")
    return ", ".join(parts)


def describe_step(step: Step) -> str:
    """One plain line describing a step, as the client hears it (see the module docstring)."""
    seconds = step.duration_s
    if step.phase is Phase.GET_READY:
        name = step.exercise.name
        if step.side is not None:
            name = f"{name}, {step.side} side"
        return f"Get ready: {name} ({spoken_duration(seconds or 0)})"
    if step.phase is Phase.REST:
        return f"Rest {spoken_duration(seconds or 0)}"
    if step.phase is Phase.RELEASE:
        return f"Release {spoken_duration(seconds or 0)}"
    if step.phase is Phase.SWITCH:
        then = f", then {step.side} side" if step.side is not None else ""
        return f"Switch sides: {spoken_duration(seconds or 0)}{then}"
    if step.phase is Phase.DONE:
        return "Done"
    heading = _heading(step)
    if seconds is None:
        reps = step.reps or 0
        if step.alternate:
            count = f"{_plural(reps // 2, 'rep')} each side, alternating"
        else:
            count = _plural(reps, "rep")
        return f"{heading}: {count}; press Enter when done"
    if step.phase is Phase.HOLD:
        return f"{heading}: hold {spoken_duration(seconds)}"
    tempo = step.exercise.tempo_s
    if step.rep is not None and tempo is not None:
        return f"{heading}: {_tempo_text(tempo)}"
    return f"{heading}: {spoken_duration(seconds)}"


PRACTICE_MARK = "PRACTICE — not counted"
"""What the session's top line adds for a practice run (saved as practice, never counted)."""


def session_title(title: str, flare: bool = False, practice: bool = False) -> str:
    """The session's top line: a practice run's mark first (a narrow window cuts the end of the
    line, never the mark), the routine's title, a flare day's mark
    (``PRACTICE — not counted · Desk neck``)."""
    marks = [PRACTICE_MARK] if practice else []
    marks.append(title)
    if flare:
        marks.append("flare day, gentle version")
    return " · ".join(marks)


def where_words(step: Step) -> str:
    """Where a step is in its exercise, to say where a session stopped: ``Chin tuck``
    (getting ready), ``Chin tuck, left side, set 1 of 2, rep 3 of 10``."""
    if step.phase is Phase.GET_READY:
        return step.exercise.name
    return _heading(step)


def step_duration_text(step: Step) -> str:
    """The duration column: ``45 s``, or ``untimed (est. 30 s)`` for a rep-counted set."""
    if step.duration_s is None:
        return f"untimed (est. {format_duration(step.estimate_s)})"
    return format_duration(step.duration_s)


def plan_table(plan: Plan) -> list[tuple[str, str]]:
    """One row per step: (description, duration text)."""
    return [(describe_step(step), step_duration_text(step)) for step in plan.steps]


def time_spent_s(record: SessionRecord) -> float:
    """Real seconds a session's exercises took: their routine seconds over the run's speed (a
    practice run at 3x took a third of the routine's time); pauses left out."""
    speed = record.speed if record.speed > 0 else 1.0
    return sum(e.seconds for e in record.exercises) / speed


def plan_summary(plan: Plan) -> str:
    """``Total: about 14 min``, plus how rep-counted sets were estimated when there are any."""
    text = f"Total: {format_minutes(plan.estimate_s)}"
    untimed = plan.untimed_steps
    if untimed:
        sets = "rep-counted set" if untimed == 1 else "rep-counted sets"
        rate = plain_number(UNTIMED_REP_ESTIMATE_S)
        text += f" ({untimed} {sets} estimated at {rate} s a rep)"
    return text


# --- an exercise's prescription in words (routine and session screens) ---------------------------


def seconds_words(seconds: float) -> str:
    """``5 s``, ``2.5 s``, ``1 min 30 s``."""
    if seconds < 60:
        return f"{plain_number(seconds)} s"
    return format_duration(seconds)


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
        reps = _plural(ex.reps, "rep") + (" each side" if per_side else "")
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
