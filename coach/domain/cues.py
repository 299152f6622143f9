"""Cues: what a coach says (and a screen, a sound or a line shows) as a session runs.

A pure model. :func:`cues_for` turns the events of one engine operation
(:mod:`coach.domain.timer_events`) into the :class:`Cue` objects every output needs: the words
a coach would say, plainly and short ("Chin tuck. 10 reps, hold 5 seconds.", "Left side",
"Hold", "Release", "Down", "Rest, 30 seconds", "3", "Last set", "Done. Well done."), the kind
(for a sound pattern), and where in the routine it belongs (exercise, side, set, rep).

The cues of one engine operation form a *batch*, in the order they happen: the session
controller hands each batch to every output at once, so a voice may say a batch as one phrase
("Last set. Hold.") and a sound may play only the pattern of the batch's most important cue.

What each event gives, in order:

- a get-ready step: ``GET_READY`` (name and dose), then ``SIDE`` when the exercise has a side;
- the first work or hold step of the last set (of 2 or more): ``LAST_SET`` first (its text ""
  when the rest before said it, or when there is no time to say it);
- a timed rep of ``side: alternate``: ``SIDE`` ("Left", "Right") first; the right side of
  ``side: each`` with no switch step: ``SIDE`` ("Right side") first;
- a work step: ``WORK_START`` ("Go, 30 seconds", "Go, 10 reps", "Rep 3 of 10" for a tempo
  rep); a hold step: ``HOLD_START`` ("Hold"; "Hold, 30 seconds" from 10 s; a held rep says
  which: "Rep 3 of 10. Hold"); a release
  step: ``RELEASE``; a rest: ``REST`` ("Rest, 30 seconds"); a switch: ``SWITCH_SIDE``
  ("Switch to the right side"). Each says less when the step leaves no time for its words
  before its next cue (:mod:`coach.domain.cue_words`: "Rep 3, hold", "Go", "Right side");
- a tempo part: ``TEMPO_DOWN`` / ``TEMPO_PAUSE`` / ``TEMPO_UP`` ("Down", "Pause", "Up");
- the last three seconds of a timed step: ``COUNTDOWN`` ("3", "2", "1", with ``count``);
- half of a long hold: ``HALFWAY``;
- an exercise finished: ``EXERCISE_DONE``; left early: ``EXERCISE_SKIPPED``;
- the session over: ``SESSION_DONE`` ("Done. Well done." when complete, else "Session
  stopped.").

``PAUSED``, ``RESUMED`` and ``FINISH_LATER`` come from what the client does, not from the
engine: :func:`paused_cue`, :func:`resumed_cue`, :func:`finish_later_cue`.

At a practice pace (``speed`` above 1) the voice has less real time for the same words: a cue
whose words cannot be said before the next said cue is marked ``voiced=False`` (the screen, the
plain lines and the sounds still show it; the voice leaves it out rather than say it late), the
get ready says the name and side without the dose when that is all the time allows, and a rep
may say its number only (:mod:`coach.domain.cue_words`). At speed 1 every cue is voiced.

Routine text (exercise names) is carried exactly as written; outputs decide how to show it
safely (never as markup, never as a command-line option).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from coach.domain.cue_words import (
    LAST_SET_NEXT,
    before_last_set,
    count_said,
    fitting,
    get_ready_choice,
    halfway_said,
    hold_words,
    is_last_set_start,
    joined,
    last_set_at_rest,
    least_words,
    part_said,
    rep_form,
    rep_label,
    rep_phrase,
    rest_text,
    said_in_time,
    starts_side_unannounced,
    words_time,
)
from coach.domain.describe import describe_step
from coach.domain.plan import Phase, Step, StepSide
from coach.domain.spoken import (
    fits,
    get_ready_words,
    reps_words,
    side_words,
    spoken_duration,
)
from coach.domain.text import sentence
from coach.domain.timer_events import (
    Countdown,
    Event,
    ExerciseDone,
    Halfway,
    PhaseChanged,
    SessionDone,
    TempoPart,
)


class CueKind(StrEnum):
    """What a cue means (each output picks its sound, voice or look from this)."""

    GET_READY = "get_ready"
    """An exercise is about to start: its name and dose."""
    SIDE = "side"
    """Which side to work ("Left side"; "Left"/"Right" for alternating reps)."""
    LAST_SET = "last_set"
    WORK_START = "work_start"
    """A work step began (a timed work, a rep-counted set, a tempo rep)."""
    HOLD_START = "hold_start"
    RELEASE = "release"
    """The short let-go between two held reps."""
    TEMPO_DOWN = "tempo_down"
    TEMPO_PAUSE = "tempo_pause"
    TEMPO_UP = "tempo_up"
    COUNTDOWN = "countdown"
    """One of the last 3 seconds of a timed step (``count`` is 3, 2 or 1)."""
    HALFWAY = "halfway"
    REST = "rest"
    SWITCH_SIDE = "switch_side"
    EXERCISE_DONE = "exercise_done"
    EXERCISE_SKIPPED = "exercise_skipped"
    """An exercise left before its end (skipped, partly done, or not reached on a stop)."""
    SESSION_DONE = "session_done"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISH_LATER = "finish_later"
    """The client left, keeping the session open to finish later."""


STEP_KINDS = frozenset(
    {
        CueKind.GET_READY,
        CueKind.WORK_START,
        CueKind.HOLD_START,
        CueKind.RELEASE,
        CueKind.REST,
        CueKind.SWITCH_SIDE,
    }
)
"""Kinds that announce a new step (exactly one per :class:`PhaseChanged`)."""

TEMPO_KINDS = {
    "down": CueKind.TEMPO_DOWN,
    "pause": CueKind.TEMPO_PAUSE,
    "up": CueKind.TEMPO_UP,
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One thing to tell the client.

    ``text``: the words, short and plain, to say or print. ``detail``: a fuller written line
    for a step cue (``Chin tuck, set 1 of 1, rep 3 of 10: hold 5 seconds``), else "".
    ``count``: the countdown number (3, 2, 1) of a ``COUNTDOWN`` cue. ``seconds``: how long the
    step or tempo part lasts (None when untimed or not about a step). The rest place the cue
    in the routine (None when it does not apply): ``step_index`` is the plan step.
    """

    kind: CueKind
    text: str
    detail: str = ""
    count: int | None = None
    seconds: float | None = None
    step_index: int | None = None
    exercise_index: int | None = None
    exercise_name: str | None = None
    side: StepSide = None
    set: int | None = None
    sets: int | None = None
    rep: int | None = None
    reps: int | None = None
    phase: Phase | None = None
    status: str | None = None
    """An exercise's end: ``done``, ``skipped``, ``partial`` or ``not_reached``; a session's
    end: ``complete`` or ``partial``."""
    voiced: bool = True
    """False when the voice leaves it out: no time to say it at a practice pace."""

    @property
    def is_step(self) -> bool:
        """True for the cue announcing a new step."""
        return self.kind in STEP_KINDS


def _cue(
    kind: CueKind,
    text: str,
    step: Step | None,
    step_index: int | None,
    *,
    detail: str = "",
    count: int | None = None,
    seconds: float | None = None,
) -> Cue:
    """A cue about ``step`` (its position fields filled in), or about no step."""
    if step is None:
        return Cue(kind, text, detail, count, seconds, step_index)
    return Cue(
        kind,
        text,
        detail,
        count,
        seconds,
        step_index,
        exercise_index=step.exercise_index,
        exercise_name=step.exercise.name,
        side=step.side,
        set=step.set,
        sets=step.sets,
        rep=step.rep,
        reps=step.reps,
        phase=step.phase,
    )


def _step_cues(index: int, step: Step, speed: float = 1.0) -> tuple[list[Cue], bool]:
    """The cues of a step that began, and whether a tempo rep's first part is said with them
    (see the module doc for ``speed``)."""
    detail = describe_step(step)
    seconds = step.duration_s
    phase = step.phase
    if phase is Phase.GET_READY:
        return _get_ready_cues(step, index, detail, speed), True
    if phase is Phase.DONE:
        return [], True
    if phase not in (Phase.REST, Phase.SWITCH, Phase.RELEASE):
        return _work_cues(step, index, detail, speed)
    if phase is Phase.REST:
        kind, text = CueKind.REST, fitting(step, [], rest_text(seconds or 0), "Rest", speed=speed)
        if before_last_set(step, speed):
            text = f"{sentence(text)} {LAST_SET_NEXT}"
    elif phase is Phase.SWITCH:
        kind, text = CueKind.SWITCH_SIDE, "Switch sides"
        if step.side:
            full = f"Switch to the {step.side} side"
            text = fitting(step, [], full, side_words(step.side), speed=speed)
    else:
        kind, text = CueKind.RELEASE, "Release"
    made = _cue(kind, text, step, index, detail=detail, seconds=seconds)
    return [_voiced(made, said_in_time(step, [text], speed))], True


def _voiced(cue: Cue, said: bool) -> Cue:
    """``cue``, marked unsaid by the voice unless ``said``."""
    return cue if said else replace(cue, voiced=False)


def _get_ready_cues(step: Step, index: int, detail: str, speed: float) -> list[Cue]:
    """An exercise gets ready: its name and dose, then its side. At a practice pace, when that
    is more than the time allows: the name and side, else the name (its first work step names
    the side), else nothing (:func:`coach.domain.cue_words.get_ready_choice`)."""
    text, side_said, voiced = get_ready_words(step.exercise), True, True
    if speed != 1:
        choice = get_ready_choice(step.exercise, step.side, words_time(step, speed))
        voiced = choice is not None
        text, side_said = choice or (sentence(step.exercise.name), False)
    made = _cue(CueKind.GET_READY, text, step, index, detail=detail, seconds=step.duration_s)
    cues = [_voiced(made, voiced)]
    if step.side is not None:
        cues.append(_voiced(_cue(CueKind.SIDE, side_words(step.side), step, index), side_said))
    return cues


def _work_cues(step: Step, index: int, detail: str, speed: float) -> tuple[list[Cue], bool]:
    """A work or hold step began: "Last set", its side, its words (see the module doc)."""
    seconds = step.duration_s
    cues: list[Cue] = []
    side = ""  # said first when the step itself names its side
    if starts_side_unannounced(step, speed):
        side = side_words(step.side)
    elif step.exercise.side == "alternate" and step.rep is not None and step.side is not None:
        side = step.side.capitalize()
    last_set = ""  # "Last set" when said as this step starts
    if is_last_set_start(step):  # the cue stays; its words only when they are said now
        room = words_time(step, speed)
        at_rest = last_set_at_rest(step.exercise, speed)
        if not at_rest and fits(joined(["Last set", side, least_words(step)]), room):
            last_set = "Last set"  # (else said at the rest before it, or no time for it)
        cues.append(_cue(CueKind.LAST_SET, last_set, step, index))
    if side:
        cues.append(_cue(CueKind.SIDE, side, step, index))
    before = [last_set, side]  # words said first, in the same phrase
    form = None  # a held or tempo rep: how it is said
    if step.rep is not None and step.reps is not None and seconds is not None:
        form = rep_form(step, last_set, side, speed)
    opening_part = form not in ("count", "unsaid")
    if step.phase is Phase.HOLD:
        kind = CueKind.HOLD_START
        if form is None:
            text = fitting(step, before, hold_words(seconds), "Hold", speed=speed)
        else:
            text = rep_phrase(step, step.rep or 1, form)
    else:
        kind = CueKind.WORK_START
        if seconds is None:
            reps = step.reps or 0
            alternate = step.alternate
            count = f"{reps // 2} reps each side, alternating" if alternate else reps_words(reps)
            text = f"Go, {count}"
        elif form is not None:  # a tempo rep: which one ("" when there is no time to say it)
            text = rep_label(step, step.rep or 1, form)
        else:
            text = fitting(step, before, f"Go, {spoken_duration(seconds)}", "Go", speed=speed)
    cues.append(_cue(kind, text, step, index, detail=detail, seconds=seconds))
    said = said_in_time(step, [*before, text], speed)
    voiced = form != "unsaid" if form is not None else said
    # when its words are not said, neither are its side and "last set"
    return [_voiced(c, voiced) for c in cues], opening_part


def _exercise_cue(event: ExerciseDone, step: Step | None) -> Cue:
    """An exercise ended (``step``: one of its steps, for its name and position)."""
    label = step.exercise.name if step is not None else f"Exercise {event.exercise_index + 1}"
    if event.status == "done":
        kind, text = CueKind.EXERCISE_DONE, f"{label} done"
    else:
        word = {"skipped": "Skipped", "partial": "Partly done"}.get(event.status, "Stopped")
        kind, text = CueKind.EXERCISE_SKIPPED, f"{word}: {label}"
    cue = _cue(kind, text, step, None)
    return replace(cue, exercise_index=event.exercise_index, phase=None, status=event.status)


def cues_for(
    events: Sequence[Event],
    current: Step | None = None,
    current_index: int | None = None,
    steps: Sequence[Step] | None = None,
    speed: float = 1.0,
) -> list[Cue]:
    """The cues of one engine operation's events, in order.

    ``current`` (and ``current_index``) is the step running before the operation: a countdown
    or halfway event belongs to the latest step the events entered, else to it. ``steps`` (the
    plan's steps) names the exercise of an :class:`ExerciseDone` when it is not that step's.
    ``speed``: the run's pace (above 1, what the voice has no time for is not voiced).
    """
    step, index = current, current_index
    cues: list[Cue] = []
    opening: int | None = None  # a tempo rep that began here, its first part said with it
    for event in events:
        if isinstance(event, PhaseChanged):
            step, index = event.step, event.step_index
            began, opening_said = _step_cues(index, step, speed)
            cues.extend(began)
            opening = index if opening_said else None
        elif isinstance(event, TempoPart):
            kind = TEMPO_KINDS[event.part]
            text = event.part.capitalize()
            first = cues and cues[-1].kind is CueKind.WORK_START
            if first and cues[-1].step_index == event.step_index:
                voiced = opening == event.step_index  # said with the rep's words, or never
            else:
                voiced = part_said(event.part, event.seconds, speed)
            made = _cue(kind, text, event.step, event.step_index, seconds=float(event.seconds))
            cues.append(_voiced(made, voiced))
        elif isinstance(event, Countdown):
            n = event.seconds_left
            made = _cue(CueKind.COUNTDOWN, str(n), step, index, count=n)
            cues.append(_voiced(made, count_said(speed)))
        elif isinstance(event, Halfway):
            made = _cue(CueKind.HALFWAY, "Halfway", step, event.step_index)
            cues.append(_voiced(made, step is not None and halfway_said(step, speed)))
        elif isinstance(event, ExerciseDone):
            owner = step
            if owner is None or owner.exercise_index != event.exercise_index:
                owner = _first_of(steps, event.exercise_index)
            # no time is kept for its words at a practice pace
            cues.append(_voiced(_exercise_cue(event, owner), speed == 1))
        elif isinstance(event, SessionDone):
            text = "Done. Well done." if event.status == "complete" else "Session stopped."
            cues.append(Cue(CueKind.SESSION_DONE, text, status=event.status))
    return cues


def _first_of(steps: Sequence[Step] | None, exercise_index: int) -> Step | None:
    for s in steps or ():
        if s.exercise_index == exercise_index:
            return s
    return None


def paused_cue(step: Step | None = None, step_index: int | None = None) -> Cue:
    """The client paused (or a dialog paused the session)."""
    return _cue(CueKind.PAUSED, "Paused", step, step_index)


def resumed_cue(step: Step | None = None, step_index: int | None = None) -> Cue:
    """The session carries on after a pause."""
    return _cue(CueKind.RESUMED, "Carry on", step, step_index)


def finish_later_cue(step: Step | None = None, step_index: int | None = None) -> Cue:
    """The client left to finish later: the session is kept open at this step."""
    return _cue(CueKind.FINISH_LATER, "Saved. You can finish later.", step, step_index)
