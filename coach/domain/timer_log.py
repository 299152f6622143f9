"""Per-exercise bookkeeping of the timer engine: what was done of each exercise.

Counting rules (what ``ExerciseLog`` ends up holding):

- ``reps_done``: one per completed timed rep step (a hold or tempo rep; with ``side: each`` or
  ``alternate`` both sides count, so 10 reps each side done is 20); an untimed set adds its
  ``reps`` when the client finishes it (both sides' total with ``alternate``).
- ``sets_done``: one per completed set on a side (with ``side: each`` the left and the right
  set each count, so 3 sets each side done is 6); a set is complete when its last work or hold
  step is.
- ``sides``: the sides of completed work and hold steps, in the order first worked.
- ``seconds``: routine seconds spent in any step of the exercise (get ready and rests
  included, paused time excluded).
- Stepping back into an exercise starts its counts again (its seconds are kept). If it had
  been done before, that earlier done record is what the log shows until it is done again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from coach.domain.plan import Phase, Plan, Step
from coach.domain.records import ExerciseLog, ExerciseStatus

PARTIAL_MIN_WORK_S = 1.0
"""An exercise left early counts as ``partial`` (not ``skipped``) after a completed rep or set,
or at least this many routine seconds of work or hold."""

WORK_PHASES = frozenset({Phase.WORK, Phase.HOLD})

SideName = Literal["left", "right"]


@dataclass(slots=True)
class ExerciseProgress:
    """Mutable progress of one exercise during a session."""

    index: int
    name: str
    status: ExerciseStatus | None = None
    """``done``/``partial``/``skipped`` once the exercise ended; None while pending."""
    sets: int = 0
    reps: int = 0
    sides: list[SideName] = field(default_factory=list)
    seconds: float = 0.0
    work_s: float = 0.0
    earlier_done: ExerciseLog | None = None

    @classmethod
    def from_log(cls, index: int, name: str, log: ExerciseLog | None) -> ExerciseProgress:
        """Progress carried over from a prior session's log entry (or fresh when None)."""
        if log is None:
            return cls(index, name)
        status = None if log.status == "not_reached" else log.status
        return cls(
            index,
            name,
            status=status,
            sets=log.sets_done,
            reps=log.reps_done,
            sides=list(log.sides),
            seconds=log.seconds,
        )

    @classmethod
    def carried(cls, index: int, name: str, log: ExerciseLog | None) -> ExerciseProgress:
        """Progress of an exercise resumed in its middle: its counts so far, still pending."""
        progress = cls.from_log(index, name, log)
        progress.status = None
        return progress

    @property
    def has_progress(self) -> bool:
        """True once a rep or set was completed or some work was done."""
        return self.sets > 0 or self.reps > 0 or self.work_s >= PARTIAL_MIN_WORK_S

    def add_step(self, step: Step, spent_s: float, completed: bool, set_end: bool) -> None:
        """Account for leaving ``step`` after ``spent_s`` routine seconds."""
        self.seconds += spent_s
        if step.phase not in WORK_PHASES:
            return
        self.work_s += spent_s
        if not completed:
            return
        if step.rep is not None:
            self.reps += 1
        elif not step.timed:
            self.reps += step.reps or 0
        if set_end:
            self.sets += 1
        worked: tuple[SideName, ...] = ()
        if step.side is not None:
            worked = (step.side,)
        elif step.alternate:
            worked = ("left", "right")
        for side in worked:
            if side not in self.sides:
                self.sides.append(side)

    def restart(self) -> None:
        """Start the exercise's counts again (stepping back into it); seconds are kept."""
        if self.status == "done":
            self.earlier_done = self.to_log(None)
        self.status = None
        self.sets = 0
        self.reps = 0
        self.sides = []
        self.work_s = 0.0

    def recount(self, done: list[tuple[Step, bool]]) -> None:
        """Count again from the exercise's start after going back: only the steps in ``done``
        (each with whether it ends its set) are done; seconds are kept."""
        seconds = self.seconds
        self.restart()
        for step, set_end in done:
            self.add_step(step, step.duration_s or 0.0, True, set_end)
        self.seconds = seconds

    def to_log(self, live_status: ExerciseStatus | None, extra_s: float = 0.0) -> ExerciseLog:
        """The log entry. ``live_status`` applies while pending; ``extra_s`` is unbooked time."""
        status: ExerciseStatus = self.status or live_status or "not_reached"
        seconds = self.seconds + extra_s
        if status != "done" and self.earlier_done is not None:
            return self.earlier_done.model_copy(update={"seconds": seconds})
        return ExerciseLog(
            index=self.index,
            name=self.name,
            status=status,
            sets_done=self.sets,
            reps_done=self.reps,
            sides=list(self.sides),
            seconds=seconds,
        )


def live_logs(
    progress: list[ExerciseProgress], current: int | None, extra_s: float
) -> list[ExerciseLog]:
    """The log entry of every exercise as of now: the one in progress (index ``current``, with
    ``extra_s`` seconds of its running step) shows ``partial`` once some of it was done."""
    logs = []
    for p in progress:
        if p.index == current:
            live: ExerciseStatus | None = "partial" if p.has_progress else None
            logs.append(p.to_log(live, extra_s))
        else:
            logs.append(p.to_log(None))
    return logs


def starting_progress(
    plan: Plan, start_step: int, prior_log: list[ExerciseLog] | None, inside: bool
) -> list[ExerciseProgress]:
    """The progress of every exercise when a session starts at ``start_step``: exercises before
    it take their entry in ``prior_log`` (matched by ``index``; fresh without one); resuming
    ``inside`` an exercise (not at its first step: finish later) carries its reps and sets so
    far."""
    prior = {log.index: log for log in prior_log or []}
    steps, exercises = plan.steps, plan.routine.exercises
    start_ex = steps[start_step].exercise_index if start_step < len(steps) else len(exercises)
    progress = [
        ExerciseProgress.from_log(i, ex.name, prior.get(i) if i < start_ex else None)
        for i, ex in enumerate(exercises)
    ]
    if inside and start_step < len(steps):
        progress[start_ex] = ExerciseProgress.carried(
            start_ex, exercises[start_ex].name, prior.get(start_ex)
        )
    return progress
