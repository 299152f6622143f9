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

At a practice pace (``speed`` above 1: a routine second lasts 1/speed real seconds) the same
words take as long to say, so the time is real time: a cue whose words cannot be said before
the next one is left unsaid (:func:`count_said`, :func:`part_said`, :func:`halfway_said`; at
3x no "3, 2, 1" and no tempo words, 0.33 s apart), the step's words get the time up to the next
cue that is said, and a held or tempo rep may say its number only ("Rep 3", :func:`rep_form`).
What cannot be said at all is left to the sounds; nothing is said late. At speed 1 every word
fits its time, as above.

Used by :mod:`coach.domain.cues`; pure.
"""

from __future__ import annotations

from coach.domain.plan import (
    COUNTDOWN_FROM,
    COUNTDOWN_MIN_STEP_S,
    GET_READY_S,
    Phase,
    Step,
    StepSide,
    tempo_parts,
)
from coach.domain.routine import Exercise
from coach.domain.spoken import (
    fits,
    get_ready_margin,
    get_ready_seconds,
    get_ready_words,
    side_words,
    spoken_duration,
)
from coach.domain.text import sentence
from coach.domain.timer_cues import HALFWAY_MIN_HOLD_S

SAY_HOLD_LENGTH_FROM_S = 10.0
"""A hold this long or longer is announced with its length ("Hold, 30 seconds"); a short held
rep is just "Hold"."""


COUNT_WORDS = tuple(str(n) for n in range(COUNTDOWN_FROM, 0, -1))
"""The countdown's words: "3", "2", "1"."""


def count_said(speed: float = 1.0) -> bool:
    """True when the countdown's numbers are said at ``speed``: each within its second."""
    return all(fits(word, 1.0 / speed) for word in COUNT_WORDS)


def part_said(part: str, seconds: float, speed: float = 1.0) -> bool:
    """True when a tempo part's word ("Down") is said within the part (``seconds`` of routine
    time) at ``speed``."""
    return fits(part.capitalize(), seconds / speed)


def _countdown_from(step: Step, speed: float) -> float | None:
    """Routine seconds into a timed step at which its said countdown starts (None: none)."""
    seconds = step.duration_s
    if seconds is None or seconds < COUNTDOWN_MIN_STEP_S or tempo_parts(step):
        return None
    return seconds - COUNTDOWN_FROM if count_said(speed) else None


def halfway_said(step: Step, speed: float = 1.0) -> bool:
    """True when a long hold's "Halfway" is said at ``speed`` before its countdown (or end)."""
    seconds = step.duration_s
    if step.phase is not Phase.HOLD or seconds is None or seconds < HALFWAY_MIN_HOLD_S:
        return False
    next_at = _countdown_from(step, speed)
    return fits("Halfway", ((seconds if next_at is None else next_at) - seconds / 2) / speed)


def words_time(step: Step, speed: float = 1.0) -> float | None:
    """Real seconds the words opening ``step`` may take at ``speed`` before the step's next
    said cue: a tempo part, its halfway, its countdown, or its end (None: no limit, a set the
    client counts)."""
    parts = tempo_parts(step)
    if parts:
        opening = float(parts[0][1])
        for part, part_s in parts[1:]:
            if part_said(part, part_s, speed):
                break
            opening += part_s
        return opening / speed
    seconds = step.duration_s
    if seconds is None:
        return None
    countdown = _countdown_from(step, speed)
    room = seconds if countdown is None else countdown
    if halfway_said(step, speed):
        room = min(room, seconds / 2)
    return room / speed


def _plain_step_room(seconds: float, speed: float) -> float:
    """:func:`words_time` of a timed step with no halfway and no tempo (a get ready, a
    switch) that lasts ``seconds``."""
    counted = seconds >= COUNTDOWN_MIN_STEP_S and count_said(speed)
    return (seconds - COUNTDOWN_FROM if counted else seconds) / speed


def get_ready_choice(ex: Exercise, side: StepSide, room: float | None) -> tuple[str, bool] | None:
    """What a get ready says in ``room`` real seconds: (its words, whether its side follows).
    Its name and dose and side, else its name and side, else its name alone; None when not
    even the name is said in time. A long phrase keeps a margin (names are free text)."""
    name, said_side = sentence(ex.name), side_words(side)
    for words, with_side in ((get_ready_words(ex), True), (name, True), (name, False)):
        phrase = joined([words, said_side if with_side else ""])
        if room is None or fits(phrase, room - get_ready_margin(phrase)):
            return words, with_side
    return None


def _side_said_before(step: Step, speed: float) -> bool:
    """True when the side ``step`` starts was named before it: by the switch step before the
    right side of ``side: each``, or by the exercise's get ready."""
    ex = step.exercise
    if ex.side == "each" and step.side == "right":
        switch = ex.effective_switch_s
        return switch > 0 and (speed == 1 or fits("Right side", _plain_step_room(switch, speed)))
    if speed == 1:
        return True
    first = "left" if ex.side == "each" else step.side
    ready = get_ready_seconds(ex, first, GET_READY_S, COUNTDOWN_FROM)
    choice = get_ready_choice(ex, first, _plain_step_room(ready, speed))
    return choice is not None and choice[1]


def hold_words(seconds: float | None) -> str:
    if seconds is not None and seconds >= SAY_HOLD_LENGTH_FROM_S:
        return f"Hold, {spoken_duration(seconds)}"
    return "Hold"


def opening_word(step: Step) -> str:
    """The word a held or tempo rep starts with: ``Hold`` or its first tempo part."""
    parts = tempo_parts(step)
    return parts[0][0].capitalize() if parts else hold_words(step.duration_s)


def rep_label(step: Step, rep: int, form: str) -> str:
    """Which rep, in ``form``: ``full`` (``Rep 3 of 10``), ``short`` or ``count`` (``Rep 3``,
    ``Last rep``), or ``bare`` / ``unsaid`` (nothing)."""
    if form == "full":
        return f"Rep {rep} of {step.reps}"
    if form in ("short", "count"):
        return "Last rep" if rep == step.reps and rep > 1 else f"Rep {rep}"
    return ""


def rep_phrase(step: Step, rep: int, form: str) -> str:
    """What the voice says as a held or tempo rep starts: ``Rep 3 of 10. Hold``, ``Rep 3 of 10,
    down``, ``Rep 3, hold``, ``Last rep, down``, ``Hold`` (a tempo rep's label and its first
    part's word are two cues that the voice says as one phrase)."""
    word = opening_word(step)
    label = rep_label(step, rep, form)
    if form == "count":  # a practice pace: the number only
        return label
    if not label:
        return word
    if form == "full" and not tempo_parts(step):
        return f"{label}. {word}"
    return f"{label}, {word.lower()}"


def rep_form(step: Step, last_set: str, side: str, speed: float = 1.0) -> str:
    """The longest form of a held or tempo rep's words that is said, after ``last_set`` and
    ``side`` ("Last set", "Left"; "" when not said), before the step's next cue; the same for
    every rep and side of the exercise (judged on each number, and both alternating sides).
    At a practice pace also ``count`` (the number only: "Rep 3"), then ``bare`` only when it
    fits, else ``unsaid``; at speed 1 ``bare`` is the last resort."""
    room = words_time(step, speed)
    sides = ["Left", "Right"] if side in ("Left", "Right") else [side]
    practice = speed != 1
    forms = ("full", "short", "count", "bare") if practice else ("full", "short")
    for form in forms:
        reps = range(1, (step.reps or 1) + 1)
        said = (joined([last_set, s, rep_phrase(step, r, form)]) for r in reps for s in sides)
        if all(fits(text, room) for text in said):
            return form
    return "unsaid" if practice else "bare"


def joined(parts: list[str]) -> str:
    """Words said one after the other, as sentences (what the voice says for a batch)."""
    return " ".join(sentence(p) for p in parts if p)


def fitting(step: Step, before: list[str], *choices: str, speed: float = 1.0) -> str:
    """The first of ``choices`` (longest first) said, after ``before``, before the step's next
    cue at ``speed``; the last one when none is (see :func:`said_in_time`)."""
    room = words_time(step, speed)
    for text in choices:
        if fits(joined([*before, text]), room):
            return text
    return choices[-1]


def said_in_time(step: Step, words: list[str], speed: float = 1.0, margin: float = 0.0) -> bool:
    """True when ``words`` (said as one phrase as ``step`` starts) are said: always at speed 1
    (the plan leaves the time for the fewest words), at a practice pace only when they end
    ``margin`` seconds before the step's next said cue."""
    room = words_time(step, speed)
    return speed == 1 or fits(joined(words), None if room is None else room - margin)


def least_words(step: Step) -> str:
    """The fewest words a work or hold step starts with."""
    if step.rep is not None and step.duration_s is not None:
        return rep_phrase(step, step.rep, "bare")
    return "Hold" if step.phase is Phase.HOLD else "Go"


def starts_side_unannounced(step: Step, speed: float = 1.0) -> bool:
    """The first work or hold step of a side that was not named before it says it itself
    ("Right side"): the right side of ``side: each`` with no switch step before it
    (``switch_s`` 0); at a practice pace also a side whose switch or get ready had no time to
    name it."""
    ex = step.exercise
    return (
        ex.side in ("each", "left", "right")
        and step.side is not None
        and step.set == 1
        and step.rep in (None, 1)
        and step.phase in (Phase.WORK, Phase.HOLD)
        and not _side_said_before(step, speed)
    )


def rest_text(seconds: float) -> str:
    return f"Rest, {spoken_duration(seconds)}"


def last_set_at_rest(ex: Exercise, speed: float = 1.0) -> bool:
    """True when the rest before the last set says "Then the last set": sets of held or tempo
    reps, whose first rep leaves no time to say it, with a rest long enough for the words (at
    ``speed``)."""
    timed_reps = ex.reps is not None and (ex.hold_s is not None or ex.tempo_s is not None)
    if not timed_reps or ex.sets < 2 or ex.rest_s <= 0:
        return False
    rest = ex.rest_s
    room = rest - COUNTDOWN_FROM if rest >= COUNTDOWN_MIN_STEP_S and count_said(speed) else rest
    return fits(f"{sentence(rest_text(rest))} {LAST_SET_NEXT}", room / speed)


LAST_SET_NEXT = "Then the last set."
"""Said after "Rest, 30 seconds." before the last set of reps (see :func:`last_set_at_rest`)."""


def is_last_set_start(step: Step) -> bool:
    """The first work or hold step of the last set (of two or more) on its side."""
    if step.phase not in (Phase.WORK, Phase.HOLD) or step.sets < 2 or step.set != step.sets:
        return False
    if step.rep not in (None, 1):
        return False
    return not (step.exercise.side == "alternate" and step.side == "right")


def before_last_set(step: Step, speed: float = 1.0) -> bool:
    """A rest followed by the last set of its side (that says so at ``speed``)."""
    if step.phase is not Phase.REST or step.set != step.sets - 1:
        return False
    return last_set_at_rest(step.exercise, speed)
