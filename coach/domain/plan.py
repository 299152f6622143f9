"""Expand a routine into the exact sequence of steps the session runner executes.

A pure function of the routine: ``expand(routine) -> Plan``. Every step carries its duration
(``None`` for a rep-counted set that the client ends with a key press) and an estimate used for
the total time.

The step sequence is the contract with the session runner. For each exercise, in file order:

1. ``GET_READY`` of ``GET_READY_S`` seconds, or longer when the words said for it need it
   (set 1, ``side`` = the first side worked: ``left``
   for ``side: each``, the side for ``left``/``right``, None otherwise).
2. The sets. ``sets`` repeats the whole prescription; one set is, by dosing:

   - ``duration_s``: one ``WORK`` step of ``duration_s`` (``rep``/``reps`` None);
   - ``hold_s`` without ``reps``: one ``HOLD`` step of ``hold_s`` (``rep``/``reps`` None);
   - ``reps`` + ``hold_s``: one ``HOLD`` step per rep (``rep`` = 1..reps, ``reps`` = reps),
     each of ``hold_s``, with a ``RELEASE`` step of ``RELEASE_S`` between two held reps of the
     set (it carries the rep and side of the hold it follows);
   - ``reps`` + ``tempo`` "E-P-C": one ``WORK`` step per rep lasting E+P+C seconds;
   - ``reps`` alone: one untimed ``WORK`` step (``duration_s`` None, ``rep`` None,
     ``reps`` = the count to do), estimated at ``UNTIMED_REP_ESTIMATE_S`` a rep.

   A ``REST`` step of ``rest_s`` falls between sets, never after the last set, and is omitted
   when ``rest_s`` is 0. A ``REST`` step carries the number and side of the set it follows.
3. Sides:

   - ``none``: ``side`` None on every step.
   - ``left`` / ``right``: the whole prescription on that side; ``side`` is set on every
     work, hold and rest step.
   - ``each``: all sets on the left (rests between them), then between the sides a ``REST`` of
     ``rest_s`` (if > 0; set = the last set, side ``left``) and a ``SWITCH`` of
     ``effective_switch_s`` (if > 0; set 1, side ``right``: the side about to start), then all
     sets on the right. ``reps`` counts one side.
   - ``alternate`` (needs ``reps``): with ``hold_s`` or ``tempo``, each set is 2 x reps timed
     steps, left then right, numbered per side (rep 1 left, rep 1 right, rep 2 left, ...), with
     ``reps`` = the per-side count. With ``reps`` alone, each set is one untimed step with
     ``reps`` = 2 x reps (both sides' total), ``alternate`` True, ``side`` None, estimated at
     ``UNTIMED_REP_ESTIMATE_S`` x 2 x reps. Rests between sets have ``side`` None.

Zero-length steps are never emitted (a rest or switch of 0 s, a tempo of "0-0-0"). A timed
step's ``estimate_s`` equals its ``duration_s``. ``Plan.estimate_s`` is the sum of the step
estimates. No ``DONE`` step is emitted: the plan ends after the last exercise's last step, and
``Phase.DONE`` is left for the runner's own state.

Invalid combinations (which the routine validator refuses) raise ``ValueError`` here rather
than being guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coach.domain.routine import Exercise, Routine
from coach.domain.spoken import get_ready_seconds

GET_READY_S = 10.0
"""Seconds of 'get ready' before each exercise (to get into position); longer when the
coach's words for it (name, dose, side) take longer to say before its 3-2-1
(:func:`coach.domain.spoken.get_ready_seconds`)."""

COUNTDOWN_FROM = 3
"""The last this many whole seconds of a timed step are counted down (3, 2, 1)."""
COUNTDOWN_MIN_STEP_S = 4.0
"""Only timed steps at least this long count down."""

RELEASE_S = 3.0
"""Seconds to let go between two held reps (part of the plan and its estimate)."""

UNTIMED_REP_ESTIMATE_S = 3.0
"""Rep-counted sets (reps without hold or tempo) have no countdown; estimated at 3 s a rep."""


class Phase(StrEnum):
    """What the client is doing in a step."""

    GET_READY = "get_ready"
    WORK = "work"
    HOLD = "hold"
    REST = "rest"
    RELEASE = "release"
    SWITCH = "switch"
    DONE = "done"


StepSide = Literal["left", "right"] | None

TempoName = Literal["down", "pause", "up"]
"""The three parts of a tempo rep, in order (a tempo "E-P-C" is down E s, pause P s, up C s)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a session.

    ``rep``/``reps``: for a timed rep step (hold or tempo) the rep number (1-based) and reps per
    side; for an untimed rep-counted set ``rep`` is None and ``reps`` is the count to do (both
    sides' total with ``side: alternate``). ``side`` is the side being worked, None when the
    exercise has no side or alternates within an untimed set (then ``alternate`` is True).
    """

    phase: Phase
    exercise_index: int
    exercise: Exercise
    set: int
    sets: int
    rep: int | None
    reps: int | None
    side: StepSide
    duration_s: float | None
    estimate_s: float
    alternate: bool = False

    @property
    def timed(self) -> bool:
        """True when the step has a countdown."""
        return self.duration_s is not None


@dataclass(frozen=True, slots=True)
class Plan:
    """The expanded routine: its steps in order and the total estimate in seconds."""

    routine: Routine
    steps: tuple[Step, ...]
    estimate_s: float

    @property
    def untimed_steps(self) -> int:
        """How many steps are rep-counted (estimated at UNTIMED_REP_ESTIMATE_S a rep)."""
        return sum(1 for s in self.steps if not s.timed)

    def exercise_start(self, exercise_index: int) -> int:
        """Index of the first step of an exercise."""
        for i, s in enumerate(self.steps):
            if s.exercise_index == exercise_index:
                return i
        raise IndexError(exercise_index)


def expand(routine: Routine) -> Plan:
    """Expand a routine into its steps. See the module docstring and README for the rules."""
    steps: list[Step] = []
    for index, exercise in enumerate(routine.exercises):
        steps.extend(expand_exercise(index, exercise))
    return Plan(routine=routine, steps=tuple(steps), estimate_s=sum(s.estimate_s for s in steps))


def expand_exercise(index: int, exercise: Exercise) -> list[Step]:
    """The steps of one exercise, get-ready first."""
    _check(exercise)
    builder = _Builder(index, exercise)
    first_side: StepSide = "left" if exercise.side == "each" else _fixed_side(exercise)
    ready_s = get_ready_seconds(exercise, first_side, GET_READY_S, COUNTDOWN_FROM)
    builder.timed(Phase.GET_READY, 1, None, None, first_side, ready_s)
    if exercise.side == "each":
        builder.all_sets("left")
        builder.timed(Phase.REST, exercise.sets, None, None, "left", exercise.rest_s)
        builder.timed(Phase.SWITCH, 1, None, None, "right", exercise.effective_switch_s)
        builder.all_sets("right")
    else:
        builder.all_sets(_fixed_side(exercise))
    return builder.steps


def _fixed_side(exercise: Exercise) -> StepSide:
    """The side of every step for ``left``/``right``; None for ``none``/``alternate``."""
    if exercise.side == "left":
        return "left"
    if exercise.side == "right":
        return "right"
    return None


def _check(exercise: Exercise) -> None:
    """Refuse a combination the format forbids (the validator should have refused it first)."""
    ex = exercise
    problem = None
    if ex.duration_s is not None and (ex.reps is not None or ex.hold_s is not None):
        problem = "duration_s excludes reps and hold_s"
    elif ex.tempo is not None and (ex.reps is None or ex.hold_s is not None):
        problem = "tempo needs reps and excludes hold_s and duration_s"
    elif ex.duration_s is None and ex.hold_s is None and ex.reps is None:
        problem = "no duration_s, hold_s or reps"
    elif ex.side == "alternate" and ex.reps is None:
        problem = "side alternate needs reps"
    if problem is not None:
        raise ValueError(f"exercise {ex.name!r}: {problem}")


class _Builder:
    """Accumulates the steps of one exercise, dropping zero-length ones."""

    def __init__(self, index: int, exercise: Exercise) -> None:
        self.index = index
        self.exercise = exercise
        self.steps: list[Step] = []

    def timed(
        self,
        phase: Phase,
        set_no: int,
        rep: int | None,
        reps: int | None,
        side: StepSide,
        seconds: float,
    ) -> None:
        """Append a timed step unless it lasts 0 s."""
        if seconds <= 0:
            return
        self.steps.append(
            Step(
                phase=phase,
                exercise_index=self.index,
                exercise=self.exercise,
                set=set_no,
                sets=self.exercise.sets,
                rep=rep,
                reps=reps,
                side=side,
                duration_s=float(seconds),
                estimate_s=float(seconds),
            )
        )

    def untimed(self, set_no: int, reps: int, side: StepSide, alternate: bool) -> None:
        """Append a rep-counted set the client ends with a key press."""
        self.steps.append(
            Step(
                phase=Phase.WORK,
                exercise_index=self.index,
                exercise=self.exercise,
                set=set_no,
                sets=self.exercise.sets,
                rep=None,
                reps=reps,
                side=side,
                duration_s=None,
                estimate_s=UNTIMED_REP_ESTIMATE_S * reps,
                alternate=alternate,
            )
        )

    def all_sets(self, side: StepSide) -> None:
        """Every set on one side (or with no side), rests between sets."""
        ex = self.exercise
        for set_no in range(1, ex.sets + 1):
            self.one_set(set_no, side)
            if set_no < ex.sets:
                self.timed(Phase.REST, set_no, None, None, side, ex.rest_s)

    def one_set(self, set_no: int, side: StepSide) -> None:
        """The work of one set."""
        ex = self.exercise
        if ex.duration_s is not None:
            self.timed(Phase.WORK, set_no, None, None, side, ex.duration_s)
            return
        if ex.reps is None:
            assert ex.hold_s is not None  # guaranteed by _check
            self.timed(Phase.HOLD, set_no, None, None, side, ex.hold_s)
            return
        tempo = ex.tempo_s
        if ex.hold_s is None and tempo is None:
            alternate = ex.side == "alternate"
            self.untimed(set_no, 2 * ex.reps if alternate else ex.reps, side, alternate)
            return
        if ex.hold_s is not None:
            phase, seconds = Phase.HOLD, ex.hold_s
        else:
            assert tempo is not None
            phase, seconds = Phase.WORK, float(sum(tempo))
        sides: tuple[StepSide, ...] = ("left", "right") if ex.side == "alternate" else (side,)
        reps = [(rep, rep_side) for rep in range(1, ex.reps + 1) for rep_side in sides]
        for n, (rep, rep_side) in enumerate(reps):
            if n > 0 and phase is Phase.HOLD:
                last_rep, last_side = reps[n - 1]
                self.timed(Phase.RELEASE, set_no, last_rep, ex.reps, last_side, RELEASE_S)
            self.timed(phase, set_no, rep, ex.reps, rep_side, seconds)


TEMPO_NAMES: tuple[TempoName, TempoName, TempoName] = ("down", "pause", "up")


def tempo_parts(step: Step) -> list[tuple[TempoName, int]]:
    """The non-zero parts of a tempo rep, in order (empty for any other step)."""
    tempo = step.exercise.tempo_s
    if step.phase is not Phase.WORK or step.rep is None or tempo is None:
        return []
    return [(name, n) for name, n in zip(TEMPO_NAMES, tempo, strict=True) if n > 0]


def tempo_part_at(step: Step, elapsed: float) -> tuple[TempoName, int, float] | None:
    """(part, its seconds, its remaining seconds) of a tempo rep ``elapsed`` routine seconds in;
    None for any other step."""
    parts = tempo_parts(step)
    if not parts:
        return None
    end = 0.0
    for name, n in parts:
        end += n
        if elapsed < end - 1e-9:
            return name, n, end - elapsed
    name, n = parts[-1]
    return name, n, 0.0
