"""The session timer engine: runs an expanded plan against an injected monotonic clock.

The TUI session screen and the ``--plain`` runner both drive an :class:`Engine`, calling
:meth:`Engine.tick` whenever they like (irregularly is fine). Time is never counted in ticks:
every timed step has a deadline on the clock and its remaining time is ``deadline - now``.
When a tick comes late and crosses deadlines, each following step starts at the previous
deadline (not at the tick), so no drift accumulates however the engine is ticked.

At ``speed`` s, one routine second lasts 1/s clock seconds; every time the engine reports
(remaining, elapsed, the log's seconds) is in routine seconds.

Every operation returns the events it caused, in order (see :mod:`coach.domain.timer_events`).
Operations first catch up with the clock as :meth:`Engine.tick` would, then act. Skip, back
and finish_set work while paused and leave the engine paused (the new step's time starts on
resume). Before :meth:`Engine.start` and once done, operations do nothing (quit before start
ends the session).

Cues (``Countdown``, ``Halfway``, ``TempoPart``): what the running step announces by itself is
decided in :mod:`coach.domain.timer_cues`.

Redraws: :meth:`Engine.next_change_at` tells a screen when what it shows next changes by
itself (the next whole second of the count, a tempo part, the step's end), so that it can set
one timer for that moment instead of polling.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from coach.domain.plan import Plan, tempo_part_at, tempo_parts
from coach.domain.records import ExerciseLog, SessionStatus
from coach.domain.timer_cues import StepCues, next_change_at
from coach.domain.timer_events import (
    Countdown,
    EngineState,
    Event,
    ExerciseDone,
    Halfway,
    PhaseChanged,
    SessionDone,
    TempoPart,
)
from coach.domain.timer_log import live_logs, starting_progress
from coach.domain.timer_plan import PlanIndex

__all__ = [
    "Countdown",
    "Engine",
    "Event",
    "ExerciseDone",
    "Halfway",
    "PhaseChanged",
    "SessionDone",
    "TempoPart",
    "tempo_part_at",
    "tempo_parts",
]

BACK_AGAIN_S = 2.0
"""A second back within this many clock seconds of the first goes to the previous exercise."""


class Engine:
    """Runs a plan step by step against ``clock`` (a monotonic clock in seconds).

    ``start_step`` resumes a session at that step; exercises before it take their log entry
    from ``prior_log`` (matched by ``index``), or are ``not_reached`` without one. Resuming
    inside an exercise (not at its first step) carries its counts so far from ``prior_log``.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        start_step: int = 0,
        prior_log: list[ExerciseLog] | None = None,
    ) -> None:
        number = isinstance(speed, int | float) and not isinstance(speed, bool)
        if not (number and math.isfinite(speed) and speed > 0):
            raise ValueError(f"speed must be a number greater than 0, not {speed!r}")
        steps = plan.steps
        n = len(steps)
        if not 0 <= start_step <= n:
            raise ValueError(f"start_step must be between 0 and {n}, not {start_step}")
        self._plan = plan
        self._steps = steps
        self._clock = clock
        self._speed = float(speed)
        self._start_step = start_step

        self._ix = PlanIndex(steps)
        inside = start_step < n and start_step != self._ix.exercise_start_of(start_step)
        self._progress = starting_progress(plan, start_step, prior_log, inside)

        self._started = False
        self._done = False
        self._paused = False
        self._quit = False
        self._frozen_at = 0.0
        self._index = start_step
        self._stop_index = start_step
        self._step_start = 0.0
        self._deadline: float | None = None
        self._ex_start = 0.0
        self._finished_at: float | None = None
        self._cues = StepCues()
        self._last_back: float | None = None

    # ----------------------------------------------------------------- properties

    @property
    def plan(self) -> Plan:
        """The plan being run."""
        return self._plan

    @property
    def speed(self) -> float:
        """Routine seconds per clock second."""
        return self._speed

    @property
    def finished_at(self) -> float | None:
        """Clock time at which the session ended (the last deadline when run to the end)."""
        return self._finished_at

    @property
    def status(self) -> SessionStatus:
        """``in_progress`` until done; then ``complete`` if every exercise is done, else
        ``partial`` (quit, or anything skipped and not redone)."""
        if not self._done:
            return "in_progress"
        if self._quit:
            return "partial"
        if all(p.to_log(None).status == "done" for p in self._progress):
            return "complete"
        return "partial"

    @property
    def resume_step(self) -> int:
        """Step index to resume from: the first step of the current exercise (the plan's
        length once the session ran to its end)."""
        index = self._stop_index if self._done else self._index
        if index >= len(self._steps):
            return len(self._steps)
        return self._ix.exercise_start_of(index)

    @property
    def current_step(self) -> int:
        """Index of the step running now (where "finish later" resumes; the plan's length once
        done)."""
        return len(self._steps) if self._done else self._index

    @property
    def state(self) -> EngineState:
        """A snapshot for the screen (does not advance the engine: call :meth:`tick`)."""
        if self._done or self._index >= len(self._steps):
            return self._ix.snapshot(None, 0.0, paused=False, started=self._started)
        elapsed = self._elapsed(self._now()) if self._started else 0.0
        return self._ix.snapshot(
            self._index, elapsed, paused=self._paused, started=self._started, speed=self._speed
        )

    def next_change_at(self) -> float | None:
        """Clock time at which the shown state next changes by itself: the next whole routine
        second of the count (remaining time of a timed step, elapsed time of an untimed one),
        which is also when a tempo part, a countdown second or the step's end falls. None when
        nothing changes by itself (not started, paused or done)."""
        if not self._started or self._done or self._paused:
            return None
        return next_change_at(self._clock(), self._deadline, self._step_start, self._speed)

    # ----------------------------------------------------------------- operations

    def start(self) -> list[Event]:
        """Begin the session at ``start_step`` (once; later calls do nothing)."""
        if self._started:
            return []
        self._started = True
        now = self._clock()
        events: list[Event] = []
        if self._start_step >= len(self._steps):
            self._finish(now, events)
            return events
        self._enter(self._start_step, now, events, new_exercise=True)
        self._advance(now, events)
        return events

    def tick(self) -> list[Event]:
        """Catch up with the clock: end every step whose deadline passed, fire cues."""
        if not self._started or self._done or self._paused:
            return []
        events: list[Event] = []
        self._tick_at(self._clock(), events)
        return events

    def pause(self) -> list[Event]:
        """Freeze the session (catching up first). Pausing again does nothing."""
        if not self._started or self._done or self._paused:
            return []
        now = self._clock()
        events: list[Event] = []
        self._tick_at(now, events)
        if not self._done:
            self._paused = True
            self._frozen_at = now
        return events

    def pause_for_pain(self) -> list[Event]:
        """Pause because the client reported pain above the routine's stop level."""
        return self.pause()

    def resume(self) -> list[Event]:
        """Continue after a pause: the step keeps the remaining time it had. Else nothing."""
        if not self._paused or self._done:
            return []
        shift = self._clock() - self._frozen_at
        self._step_start += shift
        self._ex_start += shift
        if self._deadline is not None:
            self._deadline += shift
        self._paused = False
        return []

    def toggle_pause(self) -> list[Event]:
        """Pause when running, resume when paused."""
        return self.resume() if self._paused else self.pause()

    def skip(self) -> list[Event]:
        """Leave the current exercise (logged ``partial`` if some of it was done, else
        ``skipped``) for the first step of the next one; past the last one the session ends."""
        if not self._started or self._done:
            return []
        now, events = self._catch_up()
        if self._done:
            return events
        i = self._index
        progress = self._progress[self._steps[i].exercise_index]
        self._leave(now, completed=False)
        progress.status = "partial" if progress.has_progress else "skipped"
        events.append(ExerciseDone(progress.index, progress.status))
        nxt = self._ix.next_exercise_start(i)
        if nxt >= len(self._steps):
            self._finish(now, events)
        else:
            self._enter(nxt, now, events, new_exercise=True)
            self._advance(now, events)
        return events

    def back(self) -> list[Event]:
        """Go back one rep or set: to the start of the rep or set before the current one (from
        a release, rest or switch: the one just done), counted again. From the get ready of an
        exercise, or pressed again within ``BACK_AGAIN_S`` clock seconds, go to the start of the
        previous exercise (on the first exercise: its start)."""
        if not self._started or self._done:
            return []
        now, events = self._catch_up()
        if self._done:
            return events
        pressed = self._clock()
        again = self._last_back is not None and pressed - self._last_back < BACK_AGAIN_S
        self._last_back = pressed
        i = self._index
        ex = self._steps[i].exercise_index
        first = self._ix.first_of[ex]
        self._leave(now, completed=False)
        target, restart = self._ix.back_from(i, again)
        for j in restart:
            self._progress[j].restart()
        if not restart:
            self._progress[ex].recount(
                [(self._steps[j], self._ix.set_end[j]) for j in range(first, target)]
            )
        self._enter(target, now, events, new_exercise=target == self._ix.exercise_start_of(target))
        self._advance(now, events)
        return events

    def finish_set(self) -> list[Event]:
        """End the current untimed (rep-counted) step, counting its reps. Else nothing."""
        if not self._started or self._done:
            return []
        now, events = self._catch_up()
        if self._done or self._steps[self._index].timed:
            return events
        self._complete_step(now, events)
        self._advance(now, events)
        return events

    def quit(self) -> list[Event]:
        """End the session now; its status is ``partial``. The current exercise is logged
        ``partial`` if some of it was done, else ``not_reached``."""
        if self._done:
            return []
        events: list[Event] = []
        if not self._started:
            self._started = True
            self._quit = True
            self._finish(self._clock(), events, stop_index=self._start_step)
            return events
        now, events = self._catch_up()
        if self._done:
            return events
        progress = self._progress[self._steps[self._index].exercise_index]
        self._leave(now, completed=False)
        progress.status = "partial" if progress.has_progress else None
        events.append(ExerciseDone(progress.index, progress.status or "not_reached"))
        self._quit = True
        self._finish(now, events, stop_index=self._index)
        return events

    def exercise_log(self) -> list[ExerciseLog]:
        """The log entry of every exercise of the routine, as of now (live during a session:
        the exercise in progress shows ``partial`` once some of it was done)."""
        current = None
        extra = 0.0
        if self._started and not self._done and self._index < len(self._steps):
            current = self._steps[self._index].exercise_index
            extra = self._elapsed(self._now())
        return live_logs(self._progress, current, extra)

    # ----------------------------------------------------------------- internals

    def _now(self) -> float:
        return self._frozen_at if self._paused else self._clock()

    def _catch_up(self) -> tuple[float, list[Event]]:
        """The current time, after passing every deadline before it."""
        now = self._now()
        events: list[Event] = []
        self._advance(now, events)
        return now, events

    def _elapsed(self, now: float) -> float:
        """Routine seconds spent in the current step at ``now`` (capped at its duration)."""
        elapsed = max((now - self._step_start) * self._speed, 0.0)
        duration = self._steps[self._index].duration_s
        return elapsed if duration is None else min(elapsed, duration)

    def _enter(self, i: int, at: float, events: list[Event], new_exercise: bool) -> None:
        step = self._steps[i]
        self._index = i
        self._step_start = at
        self._deadline = None if step.duration_s is None else at + step.duration_s / self._speed
        if new_exercise:
            self._ex_start = at
        events.append(PhaseChanged(i, step))
        self._cues.entered(i, step, events)

    def _leave(self, at: float, completed: bool) -> None:
        i = self._index
        step = self._steps[i]
        spent = step.duration_s if completed and step.duration_s is not None else self._elapsed(at)
        self._progress[step.exercise_index].add_step(step, spent, completed, self._ix.set_end[i])

    def _complete_step(self, at: float, events: list[Event]) -> None:
        """The current step ran to its end at ``at``: book it, move on from ``at``."""
        i = self._index
        self._leave(at, completed=True)
        if self._ix.last_of_exercise[i]:
            progress = self._progress[self._steps[i].exercise_index]
            progress.status = "done"
            events.append(ExerciseDone(progress.index, "done"))
        if i + 1 >= len(self._steps):
            self._finish(at, events, stop_index=len(self._steps))
        else:
            self._enter(i + 1, at, events, new_exercise=self._ix.last_of_exercise[i])

    def _advance(self, now: float, events: list[Event]) -> None:
        """Complete every step whose deadline is at or before ``now``, chaining deadlines."""
        while not self._done and self._deadline is not None and now >= self._deadline:
            self._complete_step(self._deadline, events)

    def _tick_at(self, now: float, events: list[Event]) -> None:
        """Catch up with ``now``, then the cue the running timed step has due."""
        self._advance(now, events)
        if self._done or self._deadline is None:
            return
        remaining = (self._deadline - now) * self._speed
        self._cues.running(self._index, self._steps[self._index], remaining, events)

    def _finish(self, at: float, events: list[Event], stop_index: int | None = None) -> None:
        self._done = True
        self._paused = False
        self._deadline = None
        self._finished_at = at
        self._stop_index = len(self._steps) if stop_index is None else stop_index
        events.append(SessionDone(self.status))
