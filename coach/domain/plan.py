"""Expand a routine into the exact sequence of steps the session runner executes.

A pure function of the routine: ``expand(routine) -> Plan``. Every step carries its duration
(``None`` for a rep-counted set that the client ends with a key press) and an estimate used for
the total time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coach.domain.routine import Exercise, Routine

GET_READY_S = 10.0
"""Seconds of 'get ready' before each exercise (to get into position)."""

UNTIMED_REP_ESTIMATE_S = 3.0
"""Rep-counted sets (reps without hold or tempo) have no countdown; estimated at 3 s a rep."""


class Phase(StrEnum):
    """What the client is doing in a step."""

    GET_READY = "get_ready"
    WORK = "work"
    HOLD = "hold"
    REST = "rest"
    SWITCH = "switch"
    DONE = "done"


StepSide = Literal["left", "right"] | None


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
    raise NotImplementedError


def expand_exercise(index: int, exercise: Exercise) -> list[Step]:
    """The steps of one exercise, get-ready first."""
    raise NotImplementedError
