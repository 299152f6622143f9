"""One session controller for both front ends: engine events in, cue batches out.

The TUI session screen and ``coach run --plain`` both drive a :class:`SessionController`. It
owns the timer engine (:class:`coach.domain.timer.Engine`, on the injected monotonic clock) and
the session's log record (:class:`coach.services.session_log.SessionRecorder`). Every operation
(start, tick, pause, skip, back, finish a set, quit, finish later) runs the engine, turns its
events into cues (:func:`coach.domain.cues.cues_for`), then:

1. hands each record to save to every *record sink* (the log: at the start, at every exercise
   boundary, at the end, when left to finish later), before anything is said, so that "done"
   is only said of what is saved;
2. hands the batch of cues to every *listener* (screen, sound, voice, plain lines), in the
   order they subscribed.

Adding an output is one :meth:`SessionController.subscribe` call; the loop never changes.
The controller keeps no time of its own: a front end wakes it with :meth:`tick` at
:meth:`next_change_at` (the next whole second, tempo part or step end), never on a fast poll.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from coach.domain.cues import Cue, cues_for, finish_later_cue, paused_cue, resumed_cue
from coach.domain.plan import Plan
from coach.domain.records import SessionRecord, SessionStatus
from coach.domain.timer import Engine
from coach.domain.timer_events import EngineState, Event, SessionDone
from coach.services.session_log import SessionRecorder

Listener = Callable[[Sequence[Cue]], None]
"""An output: called with each batch of cues (one engine operation's), in order."""
RecordSink = Callable[[SessionRecord], None]
"""The log: called with each record to save (it may save in another thread)."""


class SessionController:
    """Runs one session of ``plan`` (see the module docstring).

    The engine starts where ``recorder`` says (a resumed session's step). ``speed`` other
    than 1 makes a practice run (the recorder marks the record).
    """

    def __init__(
        self,
        plan: Plan,
        recorder: SessionRecorder,
        *,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
    ) -> None:
        self.plan = plan
        self.recorder = recorder
        self.clock = clock
        self.engine = Engine(
            plan, clock, speed, start_step=recorder.start_step, prior_log=recorder.prior_log
        )
        self._listeners: list[Listener] = []
        self._sinks: list[RecordSink] = []
        self.final_record: SessionRecord | None = None
        """The last record, once the session ended (finished, stopped, or kept open)."""
        self.kept_open = False
        """True once the client left to finish later."""
        self.stopped = False
        """True once the client stopped the session early (saved as partly done)."""

    # ------------------------------------------------------------------ outputs

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add an output; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def on_record(self, sink: RecordSink) -> Callable[[], None]:
        """Add a record sink (the log); returns a function that removes it."""
        self._sinks.append(sink)
        return lambda: self._sinks.remove(sink)

    # ------------------------------------------------------------------ what it is doing

    @property
    def state(self) -> EngineState:
        """The engine's snapshot (for drawing)."""
        return self.engine.state

    @property
    def started(self) -> bool:
        """True once :meth:`start` ran."""
        return self.engine.state.started

    @property
    def ended(self) -> bool:
        """True once the session is over for now (done, stopped, or kept open)."""
        return self.final_record is not None

    @property
    def speed(self) -> float:
        """Routine seconds per clock second."""
        return self.engine.speed

    @property
    def practice(self) -> bool:
        """True for a practice run (saved as practice)."""
        return self.recorder.record.practice

    def next_change_at(self) -> float | None:
        """Clock time at which what is shown next changes by itself (None: nothing will)."""
        return None if self.ended else self.engine.next_change_at()

    # ------------------------------------------------------------------ operations

    @property
    def resumes_inside_an_exercise(self) -> bool:
        """True when the session carries on in the middle of an exercise (finish later)."""
        start = self.recorder.start_step
        steps = self.plan.steps
        return 0 < start < len(steps) and steps[start - 1].exercise_index == (
            steps[start].exercise_index
        )

    def start(self) -> list[Cue]:
        """Save the session as in progress, then begin its first step. Carrying on in the
        middle of an exercise, it starts paused: the client gets back into position first."""
        if self.started or self.ended:
            return []
        self._save(self.recorder.begin())
        cues = self._run(self.engine.start)
        if self.resumes_inside_an_exercise and not self.ended:
            cues += self.pause()
        return cues

    def tick(self) -> list[Cue]:
        """Catch up with the clock."""
        return self._run(self.engine.tick)

    def pause(self, for_pain: bool = False) -> list[Cue]:
        """Pause (a dialog, the client, or pain). Pausing again does nothing."""
        return self._run(self.engine.pause_for_pain if for_pain else self.engine.pause)

    def resume(self) -> list[Cue]:
        """Carry on after a pause."""
        return self._run(self.engine.resume)

    def toggle_pause(self) -> list[Cue]:
        """Pause when running, carry on when paused."""
        return self._run(self.engine.toggle_pause)

    def skip(self) -> list[Cue]:
        """Leave this exercise for the next one."""
        return self._run(self.engine.skip)

    def back(self) -> list[Cue]:
        """Back one rep or set (twice quickly: the exercise before)."""
        return self._run(self.engine.back)

    def finish_set(self) -> list[Cue]:
        """End a rep-counted set."""
        return self._run(self.engine.finish_set)

    def quit(self) -> list[Cue]:
        """Stop now: saved as partly done."""
        if self.ended:
            return []
        self.stopped = True
        return self._run(self.engine.quit)

    def finish_later(self) -> list[Cue]:
        """Leave now, keeping the session open to resume at this very step (today or later)."""
        if self.ended or not self.started:
            return []
        cues = self._run(self.engine.pause, announce_pause=False)
        if self.ended:  # the session ran to its end while catching up
            return cues
        state = self.engine.state
        record = self.recorder.keep_open(self.engine)
        self.final_record = record
        self.kept_open = True
        self._save(record)
        later = [finish_later_cue(state.step, state.step_index)]
        self._emit(later)
        return cues + later

    def stop_for_signal(self, status: SessionStatus | None = None) -> SessionRecord:
        """Save the session as it is when the process must end (Ctrl-C: partly done; a
        closed terminal: ``status`` None keeps it open to resume). Says nothing."""
        if self.ended and self.final_record is not None:
            return self.final_record
        if status is None:
            record = self.recorder.snapshot(self.engine)
        else:
            self.engine.quit()
            record = self.recorder.finish(self.engine, status)
        self.final_record = record
        self._save(record)
        return record

    # ------------------------------------------------------------------ the loop

    def _run(
        self, operation: Callable[[], list[Event]], announce_pause: bool = True
    ) -> list[Cue]:
        """Run an engine operation: save what needs saving, then tell every output (a pause or
        a resume too, unless ``announce_pause`` is False)."""
        if self.ended:
            return []
        before = self.engine.state
        events = operation()
        after = self.engine.state
        cues = cues_for(events, before.step, before.step_index, self.plan.steps, self.speed)
        if any(isinstance(e, SessionDone) for e in events):
            self.final_record = self.recorder.finish(self.engine)
            self._save(self.final_record)
        elif self.recorder.needs_save(events):
            self._save(self.recorder.snapshot(self.engine))
        changed = after.paused != before.paused and not after.done and before.started
        if changed and announce_pause:
            make = paused_cue if after.paused else resumed_cue
            cues.append(make(after.step, after.step_index))
        if cues:
            self._emit(cues)
        return cues

    def _emit(self, cues: Sequence[Cue]) -> None:
        batch = tuple(cues)
        for listener in list(self._listeners):
            listener(batch)

    def _save(self, record: SessionRecord) -> None:
        for sink in list(self._sinks):
            sink(record)
