"""``coach run --plain``: a session as plain lines, for screen readers and pipes.

It drives the same :class:`~coach.app.session_controller.SessionController` as the TUI and is
one more output of it: one line per phase change, never a line per second (the wording is in
:mod:`coach.cli.plain_lines`, the typed questions in :mod:`coach.cli.plain_questions`, the
signals in :mod:`coach.cli.plain_signals`). What it prints, in order: the routine's title, the
therapist's advice, the plan total; the pain questions before the session (when the routine
asks them); then a line per step as it begins (:func:`coach.domain.describe.describe_step`,
"Last set. " first when it is), a line per tempo part ("Down (2 seconds)"), a line when an
exercise is done or skipped; the pain questions after; a last line saying what was saved. The
3-2-1 of a timed step is the terminal bell, only when standard output is a terminal and
``--quiet`` was not given; the sounds and the voice (:mod:`coach.services.cue_outputs`:
``--voice`` or the saved setting) are one more output of the controller's cues, silenced by
``--quiet``.

Keys (from :class:`coach.cli.keys.KeyReader`): space pauses and resumes, ``n`` skips the
exercise, ``b`` goes back one rep or set (twice quickly: the exercise before), Enter ends a
rep-counted set, ``h`` "it hurts" (a typed rating; above the routine's limit the therapist's
advice and a choice: skip, end, carry on), ``q`` leaves (``f`` finish later, kept open to resume
at this step; ``s`` stop, saved as partly done; any other key carries on), ``?`` the key list.
Pain ratings are typed numbers 0-10 and Enter; Enter alone skips the question.

Without a keyboard (standard input closed or at its end) the session runs to its end by itself:
no questions, a rep-counted set ends after its estimate (3 s a rep).

The controller keeps time; this loop only waits for keys until its next change. Ctrl-C saves
the session as partly done (exit 130). SIGTERM or SIGHUP (the terminal went away) keeps it open,
so that it can be resumed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import IO

from coach.app import session_checkins as checkins
from coach.app.errors import StorageError
from coach.app.session_controller import SessionController
from coach.cli.keys import ENTER, KeyReader
from coach.cli.plain_lines import (
    KEYS_HELP,
    RESUMED,
    cue_lines,
    exercise_position,
    no_keyboard_note,
    pace_line,
    summary_line,
)
from coach.cli.plain_questions import MAX_WAIT_S, PlainQuestions, SaveCheckIn
from coach.cli.plain_signals import Hangup, hangup_signals, ignore_sigint, silence_stdout
from coach.domain.advice_words import whose_advice
from coach.domain.cues import Cue, CueKind
from coach.domain.describe import plan_summary, where_words
from coach.domain.plan import Phase, Plan
from coach.domain.records import SessionRecord
from coach.domain.text import terminal_safe
from coach.library import LoadedRoutine
from coach.services.cue_outputs import CueOutputs, SoundPrefs
from coach.services.session_log import SessionRecorder, local_now

EXIT_INTERRUPTED = 130
END_WORDS_S = 4.0
"""Longest the last words ("Done. Well done.") and sound may take before the command exits."""
MIN_WAIT_S = 0.001


class PlainRunner(PlainQuestions):
    """Runs one session through ``controller``, printing plain lines (see the module doc)."""

    def __init__(
        self,
        controller: SessionController,
        loaded: LoadedRoutine,
        *,
        keys: KeyReader,
        out: IO[str],
        bell: bool,
        resume_hint: str,
        save_check_in: SaveCheckIn | None = None,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        self.controller = controller
        self.loaded = loaded
        self.whose = whose_advice(loaded.origin)  # the library's advice is not a therapist's
        self.plan = controller.plan
        self.keys = keys
        self.out = out
        self.bell = bell
        self.resume_hint = resume_hint
        self.save_check_in = save_check_in
        self.now = now
        self._save_failed = False
        self._final_saved = False
        self._no_kb_noted: int | None = None
        self._output_gone = False
        self._asking = False
        """True while a question (leave, it hurts) has paused the session: no pause lines."""
        self._pending: list[str] = []
        """Keys read but not handled yet (a question asked mid-batch takes them first)."""
        controller.on_record(self._save)
        controller.subscribe(self.on_cues)

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
                silence_stdout()
            raise
        except (OSError, ValueError):
            self._output_gone = True

    def on_cues(self, cues: Sequence[Cue]) -> None:
        """The plain lines as an output of the controller (and the bell for the last 3 s)."""
        note = self._untimed_note if self.keys.at_eof else None
        if self._asking:
            cues = [c for c in cues if c.kind not in (CueKind.PAUSED, CueKind.RESUMED)]
        for line in cue_lines(cues, note, self._howto):
            self.say(line)
        if any(c.kind is CueKind.SESSION_DONE for c in cues):
            record = self.controller.final_record
            assert record is not None
            self._summary(record, "stopped" if self.controller.stopped else "finished")

    def _howto(self, cue: Cue) -> list[str]:
        """The exercise's description, indented, under its "get ready" line."""
        if cue.phase is not Phase.GET_READY or cue.exercise_index is None:
            return []
        description = self.plan.routine.exercises[cue.exercise_index].description
        return [f"  {text}" for text in (description or "").splitlines()]

    def _untimed_note(self, cue: Cue) -> str:
        """No keyboard: a rep-counted set moves on by itself after its estimate."""
        self._no_kb_noted = cue.step_index
        index = cue.step_index or 0
        return no_keyboard_note(self.plan.steps[index].estimate_s)

    def _header(self) -> None:
        routine = self.plan.routine
        self.say(routine.title)
        if routine.advice:
            self.say(f"{self.whose[:1].upper()}{self.whose[1:]} advice: {routine.advice}")
        self.say(plan_summary(self.plan))
        ctl = self.controller
        start = ctl.recorder.start_step
        resumed = 0 < start < len(self.plan.steps)
        pace = pace_line(ctl.speed, ctl.recorder.record.practice, ctl.state.clock_left_s, resumed)
        if resumed:
            number, count = exercise_position(self.plan, start)
            where = where_words(self.plan.steps[start])
            self.say(f"Resuming where you stopped: exercise {number} of {count}, {where}.")
        if pace is not None:
            self.say(pace)
        if self.keys.is_terminal:
            self.say(KEYS_HELP)

    # ------------------------------------------------------------------ saving

    def _save(self, record: SessionRecord) -> None:
        try:
            self.controller.recorder.write(record)
        except StorageError as exc:
            if not self._save_failed:
                print(terminal_safe(f"coach: {exc}"), file=sys.stderr)
            self._save_failed = True
            return
        if record.status != "in_progress" or self.controller.kept_open:
            self._final_saved = True

    # ------------------------------------------------------------------ keys

    def on_key(self, key: str) -> None:
        """Act on one key."""
        ctl = self.controller
        if key == " ":
            ctl.toggle_pause()
        elif key in "nN":
            ctl.skip()
        elif key in "bB":
            ctl.back()
        elif key == ENTER:
            ctl.finish_set()
        elif key in "hH":
            self.it_hurts()
        elif key in "qQ":
            self.leave()
        elif key == "?":
            self.say(KEYS_HELP)

    def _without_keyboard(self) -> None:
        """No more keys can come: resume a pause, end a rep-counted set after its estimate."""
        state = self.controller.state
        if state.done or not self.keys.at_eof:
            return
        if state.paused:
            self.controller.resume()
            self.say(f"{RESUMED} (no keyboard)")
            state = self.controller.state
        step = state.step
        if step is None or step.duration_s is not None:
            return
        if self._no_kb_noted != state.step_index:
            self._no_kb_noted = state.step_index
            self.say(no_keyboard_note(step.estimate_s))
        if state.elapsed_s >= step.estimate_s:
            self.controller.finish_set()

    def _wait_s(self) -> float:
        """How long to wait for keys before looking at the controller again (real seconds)."""
        ctl = self.controller
        state = ctl.state
        if ctl.ended:
            return 0.0
        due = ctl.next_change_at()
        if due is None:
            return MAX_WAIT_S
        if state.remaining_s is None and self.keys.at_eof and state.step is not None:
            left = max(state.step.estimate_s - state.elapsed_s, 0.0) / ctl.speed
            due = min(due, ctl.clock() + left)
        return min(max(due - ctl.clock() + MIN_WAIT_S, MIN_WAIT_S), MAX_WAIT_S)

    # ------------------------------------------------------------------ the loop

    def run(self) -> int:
        """Run the session to its end (or a leave); returns the exit code."""
        ctl = self.controller
        try:
            self._header()
            routine = self.plan.routine
            with hangup_signals():
                self._pending.extend(self.keys.read(0))  # finds a closed input early
                resumed = ctl.recorder.start_step > 0
                practice = ctl.recorder.record.practice
                if checkins.asks_before(routine, practice) and not resumed:
                    self.ask_pain("before_session", "Before you start: how is your pain?")
                ctl.start()
                while not ctl.ended:
                    while not ctl.ended and (key := self._next_keys(self._wait_s(), one=True)):
                        self.on_key(key[0])
                    if not ctl.ended:
                        ctl.tick()
                    if not ctl.ended:
                        self._without_keyboard()
                if checkins.wants_after_check_in(routine, practice) and not ctl.kept_open:
                    self.ask_after()
        except KeyboardInterrupt:
            return self._interrupted()
        except Hangup as hup:
            return self._hung_up(hup.signum)
        except BrokenPipeError:
            # nobody reads the lines any more: stop, keeping what was done
            if not ctl.ended:
                ctl.stop_for_signal("partial")
            return 0
        return 1 if self._save_failed and not self._final_saved else 0

    def _interrupted(self) -> int:
        """Ctrl-C: save the session as partial (a second Ctrl-C cannot stop the save)."""
        with ignore_sigint():
            if self.controller.ended and self._final_saved:
                return EXIT_INTERRUPTED  # already over and saved
            record = self.controller.stop_for_signal("partial")
            with contextlib.suppress(BrokenPipeError):
                self._summary(record, "interrupted")
        return EXIT_INTERRUPTED

    def _hung_up(self, signum: int) -> int:
        """SIGTERM/SIGHUP: keep the session open so that it can be resumed."""
        with ignore_sigint():
            if not self.controller.ended:
                self.controller.stop_for_signal(None)
                with contextlib.suppress(BrokenPipeError):
                    if not self._save_failed:
                        self.say(f"Stopped. Your session was saved; {self.resume_hint}")
        return 128 + signum

    def _summary(self, record: SessionRecord, how: str) -> None:
        self.say(summary_line(record, how, self._final_saved))


def run_plain(
    recorder: SessionRecorder,
    loaded: LoadedRoutine,
    plan: Plan,
    *,
    speed: float,
    quiet: bool,
    resume_hint: str,
    save_check_in: SaveCheckIn | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    clock: Callable[[], float] = time.monotonic,
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
        controller = SessionController(plan, recorder, clock=clock, speed=speed)
        with KeyReader(source, use_default=False) as keys:
            runner = PlainRunner(
                controller,
                loaded,
                keys=keys,
                out=out,
                bell=bell,
                resume_hint=resume_hint,
                save_check_in=save_check_in,
            )
            outputs = CueOutputs.create(
                ring=(lambda: runner._write("\a")) if bell else (lambda: None),
                on_problem=_tell_stderr,
                choice=choice,
            )
            controller.subscribe(outputs.cues)
            try:
                return runner.run()
            finally:
                outputs.close(timeout=END_WORDS_S)
    return 1  # not reached


def _tell_stderr(message: str) -> None:
    """A voice or sound problem, once, on standard error (standard output stays the session)."""
    with contextlib.suppress(OSError, ValueError):
        print(terminal_safe(f"coach: {message}"), file=sys.stderr, flush=True)
