"""What the timer engine reports: its events and its state snapshot.

Events are what an operation of :class:`coach.domain.timer.Engine` caused, in order; the UI turns
them into sounds and cues. :class:`EngineState` is a snapshot for drawing the session screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.plan import Phase, Step, StepSide, TempoName
from coach.domain.records import ExerciseStatus, SessionStatus


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    """A step began (every step, even when its phase is the same as the previous one)."""

    step_index: int
    step: Step


@dataclass(frozen=True, slots=True)
class Countdown:
    """The current timed step (of 4 s or more) entered its last ``seconds_left`` s: 3, 2, 1."""

    seconds_left: int


@dataclass(frozen=True, slots=True)
class TempoPart:
    """A part of a tempo rep began: ``part`` for ``seconds`` routine seconds (zero parts are
    passed over). The first part is reported right after the rep's :class:`PhaseChanged`."""

    step_index: int
    step: Step
    part: TempoName
    seconds: int


@dataclass(frozen=True, slots=True)
class Halfway:
    """Half of a long hold (at least 20 s) has passed."""

    step_index: int


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    """An exercise ended: finished (``done``), skipped (``skipped``/``partial``) or quit."""

    exercise_index: int
    status: ExerciseStatus


@dataclass(frozen=True, slots=True)
class SessionDone:
    """The session ended: ``complete`` or ``partial``."""

    status: SessionStatus


Event = PhaseChanged | TempoPart | Countdown | Halfway | ExerciseDone | SessionDone
"""Anything an engine operation can report."""


@dataclass(frozen=True, slots=True)
class EngineState:
    """A snapshot of the engine, everything the session screen draws.

    Times are routine seconds (at speed 10 a 30 s step shows 30 → 0 over 3 real seconds).
    ``remaining_s`` is None for an untimed (rep-counted) step and once the session is done.
    ``step_progress`` of an untimed step is its elapsed time over its estimate, capped at 1.
    ``session_left_s`` is the remaining time of this step (its estimate minus the elapsed time
    for an untimed step) plus the estimates of the steps after it. ``next_up`` is the step that
    comes next (the next rep, a release, a rest...), None after the last one.
    ``clock_left_s`` is ``session_left_s`` in real seconds at the run's speed: what the client
    waits (a 10 min routine at 3x speed takes 3 min 20 s).
    """

    phase: Phase
    step_index: int
    step: Step | None
    exercise_index: int | None
    exercise_name: str | None
    set: int | None
    sets: int | None
    rep: int | None
    reps: int | None
    side: StepSide
    remaining_s: float | None
    elapsed_s: float
    step_progress: float
    session_left_s: float
    session_progress: float
    paused: bool
    done: bool
    next_up: Step | None
    started: bool
    tempo_part: TempoName | None = None
    """In a tempo rep: the part being done (down, pause, up); else None."""
    part_remaining_s: float | None = None
    """In a tempo rep: routine seconds left in the current part."""
    clock_left_s: float = 0.0
    """The session's time left in real (clock) seconds: ``session_left_s`` over the speed."""
