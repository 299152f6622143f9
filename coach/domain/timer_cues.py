"""What a running step announces by itself, and when what a screen shows next changes.

The :class:`~coach.domain.timer.Engine` keeps the steps and their deadlines; this module
decides the cue events of the step that is running (:class:`StepCues`, one per engine) and the
moment of the next visible change (:func:`next_change_at`). Pure: times are passed in.

- ``Countdown`` fires when a timed step of at least 4 s enters each of its last three whole
  seconds (3, 2, 1), once each; a tick that jumps over several of them reports only the current
  one, and steps passed over in a late tick get none.
- ``Halfway`` fires once per long hold (a ``HOLD`` of at least 20 s).
- A tempo rep (a ``WORK`` rep of an exercise with ``tempo``) reports ``TempoPart`` as each of
  its non-zero parts (down, pause, up) begins, the first right after its ``PhaseChanged``, and
  no ``Countdown`` (the tempo words are its count). A part already over when a late tick comes
  is not reported (never announced late).
"""

from __future__ import annotations

import math

from coach.domain.plan import (
    COUNTDOWN_FROM,
    COUNTDOWN_MIN_STEP_S,
    Phase,
    Step,
    tempo_part_at,
    tempo_parts,
)
from coach.domain.timer_events import Countdown, Event, Halfway, TempoPart

HALFWAY_MIN_HOLD_S = 20.0
"""Only holds at least this long announce their halfway point."""
EPS = 1e-9


class StepCues:
    """The cues the running step has given so far (each is given once per step)."""

    def __init__(self) -> None:
        self.countdown_last: int | None = None
        self.halfway_sent = False
        self.tempo_part: str | None = None

    def entered(self, index: int, step: Step, events: list[Event]) -> None:
        """A step began: forget the last step's cues; a tempo rep's first part begins now."""
        self.countdown_last = None
        self.halfway_sent = False
        self.tempo_part = None
        self.tempo(index, step, 0.0, events)

    def running(self, index: int, step: Step, remaining: float, events: list[Event]) -> None:
        """The timed step ``step`` (plan index ``index``) has ``remaining`` routine seconds
        left: the halfway, tempo part or countdown cue that is due, if any."""
        duration = step.duration_s or 0.0
        if (
            step.phase == Phase.HOLD
            and duration >= HALFWAY_MIN_HOLD_S
            and not self.halfway_sent
            and duration - remaining >= duration / 2
        ):
            self.halfway_sent = True
            events.append(Halfway(index))
        if tempo_parts(step):
            self.tempo(index, step, duration - remaining, events)
        elif duration >= COUNTDOWN_MIN_STEP_S:
            whole = math.ceil(remaining - EPS)
            last = self.countdown_last
            if 1 <= whole <= COUNTDOWN_FROM and (last is None or whole < last):
                self.countdown_last = whole
                events.append(Countdown(whole))

    def tempo(self, index: int, step: Step, elapsed: float, events: list[Event]) -> None:
        """Report the tempo part ``step`` is in at ``elapsed``, if it is a new one."""
        found = tempo_part_at(step, elapsed)
        if found is None or found[0] == self.tempo_part:
            return
        part, seconds, _ = found
        self.tempo_part = part
        events.append(TempoPart(index, step, part, seconds))


def next_change_at(now: float, deadline: float | None, step_start: float, speed: float) -> float:
    """Clock time of the next whole routine second of the count after ``now``: of the remaining
    time when the step has a ``deadline``, else of the time elapsed since ``step_start``. It is
    also when a tempo part, a countdown second or the step's end falls (all whole seconds)."""
    if deadline is not None:
        remaining = (deadline - now) * speed
        if remaining <= 0:
            return now
        delta = remaining - max(math.ceil(remaining - EPS) - 1, 0)
    else:
        elapsed = (now - step_start) * speed
        delta = math.floor(elapsed + EPS) + 1 - elapsed
    return now + delta / speed
