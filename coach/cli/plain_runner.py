"""``coach run --plain``: a session as plain lines, for screen readers and pipes.

What it prints, in order: the routine's title, the therapist's advice, the plan total; then one
line per step as it begins (:func:`coach.domain.describe.describe_step`), never a line per
second; a line when an exercise is done or skipped; a last line saying what was saved. Sounds
(:mod:`coach.services.sound`: a tone, or the terminal bell only when standard output is a
terminal) and the voice (``--voice`` or the saved setting) follow the session's cues; ``--quiet``
silences both (no line is printed for them).

Keys (from :class:`coach.cli.keys.KeyReader`): space pauses and resumes, ``n`` skips the
exercise, ``b`` goes back, Enter ends a rep-counted set, ``q`` ends the session (saved as
partial), ``?`` repeats the key list. Without a keyboard (standard input closed or at its end)
the session runs to its end by itself: a rep-counted set ends after its estimate (3 s a rep).

The engine keeps time (deadlines on ``time.monotonic``); this loop only wakes it up: at most
every 50 ms, sooner when a step or a countdown second is due. The session is saved through
:class:`coach.services.session_log.SessionRecorder` at the start, at every exercise boundary
and at the end. Ctrl-C saves it as partial (exit 130). SIGTERM or SIGHUP (the terminal went
away) saves it as interrupted, so that it can be resumed.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import IO

from coach.cli.keys import ENTER, KeyReader
from coach.domain.cues import cues_for
from coach.domain.describe import describe_step, format_duration, plan_summary, spoken_duration
from coach.domain.plan import Plan, Step
from coach.domain.records import SessionRecord, SessionStatus
from coach.domain.text import terminal_safe
from coach.domain.timer import Engine
from coach.domain.timer_events import (
    Countdown,
    Event,
    ExerciseDone,
    PhaseChanged,
    SessionDone,
)
from coach.services.cue_outputs import CueOutputs, SoundPrefs
from coach.services.session_log import SessionRecorder
from coach.storage.errors import StorageError

MAX_WAIT_S = 0.05
"""Longest the loop sleeps between two looks at the engine (real seconds)."""
MIN_WAIT_S = 0.001
KEYS_HELP = "Keys: space pause or resume, n skip, b back, Enter end a set, q stop and save."
END_WORDS_S = 4.0
"""Longest the last words ("Done. Well done.") and sound may take before the command exits."""
PAUSED = "Paused — press space to continue"
RESUMED = "Resumed"
EXIT_INTERRUPTED = 130


class _Hangup(Exception):
    """SIGTERM or SIGHUP arrived: save the session as interrupted and leave."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def session_time(seconds: float) -> str:
    """Time spent, for the summary: ``45 s``, ``12 min``."""
    if seconds < 60:
        return format_duration(seconds)
    return f"{max(1, math.floor(seconds / 60 + 0.5))} min"


def exercise_position(plan: Plan, step_index: int) -> tuple[int, int]:
    """(exercise number, exercise count) of a step, 1-based; the last one past the end."""
    count = len(plan.routine.exercises)
    if step_index >= len(plan.steps):
        return count, count
    return plan.steps[step_index].exercise_index + 1, count


class PlainRunner:
    """Runs one session on an engine, printing plain lines and saving through ``recorder``."""

    def __init__(
        self,
        recorder: SessionRecorder,
        plan: Plan,
        *,
        speed: float,
        keys: KeyReader,
        out: IO[str],
        bell: bool,
        resume_hint: str,
        clock: Callable[[], float] = time.monotonic,
        outputs: CueOutputs | None = None,
    ) -> None:
        self.recorder = recorder
        self.plan = plan
        self.keys = keys
        self.out = out
        self.bell = bell
        self.outputs = outputs
        """Sound and voice; None: the bell (when ``bell``) for each 3-2-1 second only."""
        self.resume_hint = resume_hint
        self.engine = Engine(
            plan, clock, speed, start_step=recorder.start_step, prior_log=recorder.prior_log
        )
        self._done = False
        self._quit = False
        self._final_saved = False
        self._save_failed = False
        self._no_kb_noted: int | None = None
        self._output_gone = False

    # ------------------------------------------------------------------ output

    def say(self, line: str = "") -> None:
        """Print one line at once (control characters made harmless)."""
        self._write(terminal_safe(line) + "\n")

    def _write(self, text: str) -> None:
        if self._output_gone:
            return
        try:
            self.out.write(text)
            self.out.flush()
        except BrokenPipeError:
            self._output_gone = True
            if self.out is sys.stdout:
                _silence_stdout()
            raise
        except (OSError, ValueError):
            self._output_gone = True

    def _header(self) -> None:
        routine = self.plan.routine
        self.say(routine.title)
        if routine.advice:
            self.say(f"Your therapist's advice: {routine.advice}")
        self.say(plan_summary(self.plan))
        start = self.recorder.start_step
        if start > 0:
            number, count = exercise_position(self.plan, start)
            name = self.plan.routine.exercises[number - 1].name
            self.say(f"Resuming where you stopped: exercise {number} of {count}, {name}.")
        if self.keys.is_terminal:
            self.say(KEYS_HELP)

    def _step_line(self, index: int, step: Step) -> str:
        line = describe_step(step)
        if step.duration_s is None and self.keys.at_eof:
            self._no_kb_noted = index
            line += f" {self._no_keyboard_note(step)}"
        return line

    @staticmethod
    def _no_keyboard_note(step: Step) -> str:
        return f"(no keyboard: moving on after about {spoken_duration(step.estimate_s)})"

    # ------------------------------------------------------------------ saving

    def _save(self, record: SessionRecord) -> bool:
        try:
            self.recorder.write(record)
        except StorageError as exc:
            if not self._save_failed:
                print(terminal_safe(f"coach: {exc}"), file=sys.stderr)
            self._save_failed = True
            return False
        return True

    def _save_final(self, status: SessionStatus | None = None) -> SessionRecord:
        record = self.recorder.finish(self.engine, status)
        self._final_saved = self._save(record)
        return record

    # ------------------------------------------------------------------ events and keys

    def handle(self, events: list[Event]) -> None:
        """Save at exercise boundaries, then print what the events mean.

        Saving comes first, so that a line saying an exercise is done means it is in the log.
        """
        finished = any(isinstance(e, SessionDone) for e in events)
        record: SessionRecord | None = None
        if finished:
            self._done = True
            record = self._save_final()
        elif self.recorder.needs_save(events):
            self._save(self.recorder.snapshot(self.engine))
        if self.outputs is not None:
            state = self.engine.state
            self.outputs.cues(cues_for(events, state.step, state.step_index, self.plan.steps))
        for event in events:
            if isinstance(event, PhaseChanged):
                self.say(self._step_line(event.step_index, event.step))
            elif isinstance(event, Countdown):
                if self.bell and self.outputs is None:
                    self._write("\a")
            elif isinstance(event, ExerciseDone):
                line = _exercise_line(self.plan, event)
                if line:
                    self.say(line)
        if record is not None:
            self._summary(record, "stopped" if self._quit else "finished")

    def on_key(self, key: str) -> None:
        """Act on one key."""
        engine = self.engine
        if key == " ":
            was_paused = engine.state.paused
            self.handle(engine.toggle_pause())
            if not self._done:
                self.say(RESUMED if was_paused else PAUSED)
        elif key in "nN":
            self.handle(engine.skip())
        elif key in "bB":
            self.handle(engine.back())
        elif key == ENTER:
            self.handle(engine.finish_set())
        elif key in "qQ":
            self._quit = True
            self.handle(engine.quit())
        elif key in "?hH":
            self.say(KEYS_HELP)

    def _without_keyboard(self) -> None:
        """No more keys can come: resume a pause, end a rep-counted set after its estimate."""
        state = self.engine.state
        if state.done or not self.keys.at_eof:
            return
        if state.paused:
            self.handle(self.engine.resume())
            self.say(f"{RESUMED} (no keyboard)")
            state = self.engine.state
        step = state.step
        if step is None or step.duration_s is not None:
            return
        if self._no_kb_noted != state.step_index:
            self._no_kb_noted = state.step_index
            self.say(self._no_keyboard_note(step))
        if state.elapsed_s >= step.estimate_s:
            self.handle(self.engine.finish_set())

    def _wait_s(self) -> float:
        """How long to wait for keys before looking at the engine again (real seconds)."""
        state = self.engine.state
        speed = self.engine.speed
        if state.done:
            return 0.0
        if state.paused:
            return MAX_WAIT_S * 5
        step = state.step
        if state.remaining_s is None:
            if step is None or not self.keys.at_eof:
                return MAX_WAIT_S
            due = max(step.estimate_s - state.elapsed_s, 0.0)
        else:
            remaining = max(state.remaining_s, 0.0)
            to_next_second = remaining - math.ceil(remaining - 1e-9) + 1.0
            due = min(remaining, to_next_second)
        return min(max(due / speed + MIN_WAIT_S, MIN_WAIT_S), MAX_WAIT_S)

    # ------------------------------------------------------------------ the loop

    def run(self) -> int:
        """Run the session to its end (or a quit); returns the exit code."""
        try:
            self._header()
            self._save(self.recorder.begin())
            with _hangup_signals():
                early = self.keys.read(0)  # finds a closed input before the first step
                self.handle(self.engine.start())
                for key in early:
                    if not self._done:
                        self.on_key(key)
                while not self._done:
                    for key in self.keys.read(self._wait_s()):
                        self.on_key(key)
                        if self._done:
                            break
                    if not self._done:
                        self.handle(self.engine.tick())
                    if not self._done:
                        self._without_keyboard()
        except KeyboardInterrupt:
            return self._interrupted()
        except _Hangup as hup:
            return self._hung_up(hup.signum)
        except BrokenPipeError:
            # nobody reads the lines any more: stop, keeping what was done
            if not self._done:
                self._quit = True
                self.engine.quit()
                self._save_final("partial")
            return 0
        return 1 if self._save_failed and not self._final_saved else 0

    def _interrupted(self) -> int:
        """Ctrl-C: save the session as partial (a second Ctrl-C cannot stop the save)."""
        with _ignore_sigint():
            if self._done and self._final_saved:
                return EXIT_INTERRUPTED  # already over and saved
            self.engine.quit()  # nothing if it had ended: then its own status is kept
            record = self._save_final()
            with contextlib.suppress(BrokenPipeError):
                self._summary(record, "interrupted")
        return EXIT_INTERRUPTED

    def _hung_up(self, signum: int) -> int:
        """SIGTERM/SIGHUP: keep the session as interrupted so that it can be resumed."""
        with _ignore_sigint():
            if not self._final_saved and not self._done:
                saved = self._save(self.recorder.snapshot(self.engine))
                with contextlib.suppress(BrokenPipeError):
                    if saved:
                        self.say(f"Stopped. Your session was saved; {self.resume_hint}")
        return 128 + signum

    def _summary(self, record: SessionRecord, how: str) -> None:
        total = len(record.exercises)
        done = sum(1 for e in record.exercises if e.status == "done")
        spent = session_time(sum(e.seconds for e in record.exercises))
        saved = "Saved" if self._final_saved else "It could not be saved"
        if how == "finished" and record.status == "complete":
            self.say(f"Session complete: {done} of {total} exercises, {spent}. {saved}.")
            return
        head = {
            "finished": "Session finished",
            "stopped": "Session stopped",
            "interrupted": "Session interrupted",
        }[how]
        partial = " as partial" if self._final_saved else ""
        self.say(f"{head}: {done} of {total} exercises done, {spent}. {saved}{partial}.")


def _exercise_line(plan: Plan, event: ExerciseDone) -> str | None:
    name = plan.routine.exercises[event.exercise_index].name
    if event.status == "done":
        return f"Done: {name}"
    if event.status == "skipped":
        return f"Skipped: {name}"
    if event.status == "partial":
        return f"Partly done: {name}"
    return None


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that Python's final flush cannot complain."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _raise_hangup(signum: int, frame: FrameType | None) -> None:
    raise _Hangup(signum)


@contextlib.contextmanager
def _hangup_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`_Hangup` while the session runs."""
    saved: list[tuple[int, object]] = []
    try:
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                saved.append((signum, signal.signal(signum, _raise_hangup)))
        yield
    finally:
        for signum, handler in saved:
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def _ignore_sigint() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, previous)


def run_plain(
    recorder: SessionRecorder,
    plan: Plan,
    *,
    speed: float,
    quiet: bool,
    resume_hint: str,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    voice: bool = False,
    sounds: bool = True,
) -> int:
    """Run a session in plain mode on standard input and output; returns the exit code.

    ``voice`` and ``sounds``: what is on (decided by the caller from the flags and settings);
    ``quiet`` turns both off."""
    out = stdout if stdout is not None else sys.stdout
    source = stdin if stdin is not None else sys.stdin
    with contextlib.ExitStack() as stack:
        if out is None:  # standard output closed: run all the same, saving as usual
            out = stack.enter_context(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        try:
            bell = not quiet and out.isatty()
        except (ValueError, OSError):
            bell = False
        choice = SoundPrefs(voice=voice and not quiet, sounds=sounds and not quiet)
        return _run(recorder, plan, speed, bell, resume_hint, source, out, choice)
    return 1  # not reached


def _tell_stderr(message: str) -> None:
    """A voice or sound problem, once, on standard error (standard output stays the session)."""
    with contextlib.suppress(OSError, ValueError):
        print(terminal_safe(f"coach: {message}"), file=sys.stderr, flush=True)


def _run(
    recorder: SessionRecorder,
    plan: Plan,
    speed: float,
    bell: bool,
    resume_hint: str,
    source: IO[str] | None,
    out: IO[str],
    choice: SoundPrefs,
) -> int:
    with KeyReader(source, use_default=False) as keys:
        runner = PlainRunner(
            recorder, plan, speed=speed, keys=keys, out=out, bell=bell, resume_hint=resume_hint
        )
        runner.outputs = CueOutputs.create(
            ring=(lambda: runner._write("\a")) if bell else (lambda: None),
            on_problem=_tell_stderr,
            choice=choice,
        )
        try:
            return runner.run()
        finally:
            runner.outputs.close(timeout=END_WORDS_S)
