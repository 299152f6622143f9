"""Which words a step of a session starts with, fitted to the time before its next cue.

The voice says one phrase at a time, so the words a step starts with must be said before the
step's next cue (:func:`words_time`: its first tempo part, halfway, its 3-2-1 or its end), or
that cue would be said late or dropped. Each step says the longest of its wordings that fits
(:func:`coach.domain.spoken.fits`, by the estimate of how long espeak-ng takes):

- a held or tempo rep: ``Rep 3 of 10. Hold`` / ``Rep 3 of 10, down``, else ``Rep 3, hold`` ...
  ``Last rep, hold``, else ``Hold`` (:func:`rep_form`, one form for the whole exercise);
- a hold ``Hold, 30 seconds`` else ``Hold``; a timed work ``Go, 30 seconds`` else ``Go``; a rest
  ``Rest, 30 seconds`` else ``Rest``; a switch ``Switch to the right side`` else ``Right side``;
- "Last set": for sets of held or tempo reps, the rest before the last set says it ("Rest, 45
  seconds. Then the last set.") when it has room (:func:`last_set_at_rest`); otherwise the last
  set's first step says it when there is time, else it is left unsaid (the sound marks the set);
- the right side of ``side: each`` with no switch step before it starts with "Right side".

Used by :mod:`coach.domain.cues`; pure.
"""

from __future__ import annotations

from coach.domain.plan import COUNTDOWN_FROM, COUNTDOWN_MIN_STEP_S, Phase, Step, tempo_parts
from coach.domain.routine import Exercise
from coach.domain.spoken import fits, spoken_duration
from coach.domain.text import sentence
from coach.domain.timer_cues import HALFWAY_MIN_HOLD_S

SAY_HOLD_LENGTH_FROM_S = 10.0
"""A hold this long or longer is announced with its length ("Hold, 30 seconds"); a short held
rep is just "Hold"."""


def words_time(step: Step) -> float | None:
    """Seconds the words opening ``step`` may take before the step's next cue: its first tempo
    part, its halfway, its countdown, or its end (None: no limit, a set the client counts)."""
    parts = tempo_parts(step)
    if parts:
        return float(parts[0][1])
    seconds = step.duration_s
    if seconds is None:
        return None
    room = seconds - COUNTDOWN_FROM if seconds >= COUNTDOWN_MIN_STEP_S else seconds
    if step.phase is Phase.HOLD and seconds >= HALFWAY_MIN_HOLD_S:
        room = min(room, seconds / 2)
    return room


def hold_words(seconds: float | None) -> str:
    if seconds is not None and seconds >= SAY_HOLD_LENGTH_FROM_S:
        return f"Hold, {spoken_duration(seconds)}"
    return "Hold"


def opening_word(step: Step) -> str:
    """The word a held or tempo rep starts with: ``Hold`` or its first tempo part."""
    parts = tempo_parts(step)
    return parts[0][0].capitalize() if parts else hold_words(step.duration_s)


def rep_label(step: Step, rep: int, form: str) -> str:
    """Which rep, in ``form``: ``full`` (``Rep 3 of 10``), ``short`` (``Rep 3``, ``Last rep``)
    or ``bare`` (nothing)."""
    if form == "full":
        return f"Rep {rep} of {step.reps}"
    if form == "short":
        return "Last rep" if rep == step.reps and rep > 1 else f"Rep {rep}"
    return ""


def rep_phrase(step: Step, rep: int, form: str) -> str:
    """What the voice says as a held or tempo rep starts: ``Rep 3 of 10. Hold``, ``Rep 3 of 10,
    down``, ``Rep 3, hold``, ``Last rep, down``, ``Hold`` (a tempo rep's label and its first
    part's word are two cues that the voice says as one phrase)."""
    word = opening_word(step)
    label = rep_label(step, rep, form)
    if not label:
        return word
    if form == "full" and not tempo_parts(step):
        return f"{label}. {word}"
    return f"{label}, {word.lower()}"


def rep_form(step: Step, last_set: str, side: str) -> str:
    """The longest form of a held or tempo rep's words that is said, after ``last_set`` and
    ``side`` ("Last set", "Left"; "" when not said), before the step's next cue; the same for
    every rep and side of the exercise (judged on each number, and both alternating sides)."""
    room = words_time(step)
    sides = ["Left", "Right"] if side in ("Left", "Right") else [side]
    for form in ("full", "short"):
        reps = range(1, (step.reps or 1) + 1)
        said = (joined([last_set, s, rep_phrase(step, r, form)]) for r in reps for s in sides)
        if all(fits(text, room) for text in said):
            return form
    return "bare"


def joined(parts: list[str]) -> str:
    """Words said one after the other, as sentences (what the voice says for a batch)."""
    return " ".join(sentence(p) for p in parts if p)


def fitting(step: Step, before: list[str], *choices: str) -> str:
    """The first of ``choices`` (longest first) said, after ``before``, before the step's next
    cue; the last one when none is."""
    room = words_time(step)
    for text in choices:
        if fits(joined([*before, text]), room):
            return text
    return choices[-1]


def least_words(step: Step) -> str:
    """The fewest words a work or hold step starts with."""
    if step.rep is not None and step.duration_s is not None:
        return rep_phrase(step, step.rep, "bare")
    return "Hold" if step.phase is Phase.HOLD else "Go"


def starts_right_side_unannounced(step: Step) -> bool:
    """The first work or hold step of the right side of ``side: each`` with no switch step
    before it (``switch_s`` 0): it says "Right side" itself."""
    ex = step.exercise
    return (
        ex.side == "each"
        and ex.effective_switch_s <= 0
        and step.side == "right"
        and step.set == 1
        and step.rep in (None, 1)
        and step.phase in (Phase.WORK, Phase.HOLD)
    )


def rest_text(seconds: float) -> str:
    return f"Rest, {spoken_duration(seconds)}"


def last_set_at_rest(ex: Exercise) -> bool:
    """True when the rest before the last set says "Then the last set": sets of held or tempo
    reps, whose first rep leaves no time to say it, with a rest long enough for the words."""
    timed_reps = ex.reps is not None and (ex.hold_s is not None or ex.tempo_s is not None)
    if not timed_reps or ex.sets < 2 or ex.rest_s <= 0:
        return False
    rest = ex.rest_s
    room = rest - COUNTDOWN_FROM if rest >= COUNTDOWN_MIN_STEP_S else rest
    return fits(f"{sentence(rest_text(rest))} {LAST_SET_NEXT}", room)


LAST_SET_NEXT = "Then the last set."
"""Said after "Rest, 30 seconds." before the last set of reps (see :func:`last_set_at_rest`)."""


def is_last_set_start(step: Step) -> bool:
    """The first work or hold step of the last set (of two or more) on its side."""
    if step.phase not in (Phase.WORK, Phase.HOLD) or step.sets < 2 or step.set != step.sets:
        return False
    if step.rep not in (None, 1):
        return False
    return not (step.exercise.side == "alternate" and step.side == "right")


def before_last_set(step: Step) -> bool:
    """A rest followed by the last set of its side."""
    if step.phase is not Phase.REST or step.set != step.sets - 1:
        return False
    return last_set_at_rest(step.exercise)
