"""``coach run --plain``: a session as plain lines, for screen readers and pipes.

It drives the same :class:`~coach.app.session_controller.SessionController` as the TUI and is
one more output of it: one line per phase change (:func:`cue_lines`), never a line per second.
What it prints, in order: the routine's title, the therapist's advice, the plan total; the pain
questions before the session (when the routine asks them); then a line per step as it begins
(:func:`coach.domain.describe.describe_step`, "Last set. " first when it is), a line per tempo
part ("Down (2 seconds)"), a line when an exercise is done or skipped; the pain questions
after; a last line saying what was saved. The 3-2-1 of a timed step is the terminal bell, only
when standard output is a terminal and ``--quiet`` was not given; the sounds and the voice
(:mod:`coach.services.cue_outputs`: ``--voice`` or the saved setting) are one more output of
the controller's cues, silenced by ``--quiet``.

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
import math
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from types import FrameType
from typing import IO

from coach.app import session_checkins as checkins
from coach.app.errors import StorageError
from coach.app.session_controller import SessionController
from coach.cli.keys import ENTER, KeyReader
from coach.domain.checkin import CheckInError
from coach.domain.cues import Cue, CueKind
from coach.domain.describe import format_duration, plan_summary, spoken_duration, where_words
from coach.domain.plan import Phase, Plan
from coach.domain.records import CheckInRecord, PainContext, PainRating, SessionRecord
from coach.domain.text import terminal_safe
from coach.library import LoadedRoutine
from coach.services.cue_outputs import CueOutputs, SoundPrefs
from coach.services.session_log import SessionRecorder, local_now

MAX_WAIT_S = 0.5
"""Longest the loop waits for keys between two looks at the controller (real seconds)."""
MIN_WAIT_S = 0.001
KEYS_HELP = (
    "Keys: space pause or resume, n skip, b back one rep, Enter end a set, h it hurts, "
    "q leave (finish later or stop), ? keys."
)
PAUSED = "Paused — press space to continue"
RESUMED = "Resumed"
LEAVE_QUESTION = (
    "Leave now? Press f to finish later (you carry on at this step next time), "
    "s to stop and save it as partly done, or any other key to carry on."
)
EXIT_INTERRUPTED = 130
END_WORDS_S = 4.0
"""Longest the last words ("Done. Well done.") and sound may take before the command exits."""
BACKSPACES = ("\x7f", "\b")

SaveCheckIn = Callable[[CheckInRecord], None]


class _Hangup(Exception):
    """SIGTERM or SIGHUP arrived: keep the session open and leave."""

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


def no_keyboard_note(estimate_s: float) -> str:
    """Said of a rep-counted set when no key can end it."""
    return f"(no keyboard: moving on after about {spoken_duration(estimate_s)})"


def cue_lines(
    cues: Sequence[Cue],
    untimed_note: Callable[[Cue], str] | None = None,
    howto: Callable[[Cue], list[str]] | None = None,
) -> list[str]:
    """The plain lines of a batch of cues: one per step, tempo part, exercise end, pause.
    ``untimed_note`` adds a note to the line of a rep-counted set (one with no countdown);
    ``howto`` gives the lines printed under a step's line (the description at get ready)."""
    lines: list[str] = []
    prefix = ""
    for cue in cues:
        kind = cue.kind
        if kind is CueKind.LAST_SET:
            prefix = "Last set. "
        elif cue.is_step:
            line = prefix + cue.detail
            if untimed_note is not None and cue.seconds is None:
                line += f" {untimed_note(cue)}"
            lines.append(line)
            if howto is not None:
                lines.extend(howto(cue))
            prefix = ""
        elif kind.name.startswith("TEMPO_"):
            lines.append(f"{cue.text} ({spoken_duration(cue.seconds or 0)})")
        elif kind is CueKind.EXERCISE_DONE:
            lines.append(f"Done: {cue.exercise_name or ''}")
        elif kind is CueKind.EXERCISE_SKIPPED and cue.status != "not_reached":
            lines.append(cue.text)
        elif kind is CueKind.PAUSED:
            lines.append(PAUSED)
        elif kind is CueKind.RESUMED:
            lines.append(RESUMED)
    return lines


class PlainRunner:
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
                _silence_stdout()
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
            self.say(f"Your therapist's advice: {routine.advice}")
        self.say(plan_summary(self.plan))
        start = self.controller.recorder.start_step
        if 0 < start < len(self.plan.steps):
            number, count = exercise_position(self.plan, start)
            where = where_words(self.plan.steps[start])
            self.say(f"Resuming where you stopped: exercise {number} of {count}, {where}.")
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

    def _save_ratings(
        self,
        context: PainContext,
        ratings: list[PainRating],
        note: str | None,
        measures: dict[str, float] | None = None,
    ) -> None:
        if self.save_check_in is None or not checkins.worth_saving(ratings, measures):
            return
        record = checkins.session_check_in(
            at=self.now(),
            context=context,
            routine=self.plan.routine,
            session_id=self.controller.recorder.record.id,
            pain=ratings,
            note=note,
            measures=measures,
        )
        try:
            self.save_check_in(record)
        except StorageError as exc:
            print(terminal_safe(f"coach: {exc}"), file=sys.stderr)

    # ------------------------------------------------------------------ typed answers

    def ask_number(self, question: str, low: int = 0, high: int = 10) -> int | None:
        """Ask for a whole number ``low``-``high`` (typed, then Enter); Enter alone, or no
        keyboard, skips (None)."""
        while self._pending or not self.keys.at_eof:
            typed = self._read_line(question)
            if typed is None or typed == "":
                return None
            if typed.isdigit() and low <= int(typed) <= high:
                return int(typed)
            self.say(f"Please type a number from {low} to {high}, or just Enter to skip.")
        return None

    def _read_line(self, question: str) -> str | None:
        """One typed line (echoed on a terminal); None when the input ended first."""
        if self.keys.is_terminal:
            self._write(terminal_safe(question) + " ")
        else:
            self.say(question)
        typed = ""
        while True:
            for key in self._next_keys():
                if key == ENTER:
                    if self.keys.is_terminal:
                        self._write("\n")
                    return typed.strip()
                if key in BACKSPACES:
                    if typed and self.keys.is_terminal:
                        self._write("\b \b")
                    typed = typed[:-1]
                elif key.isprintable() and len(typed) < 8:
                    typed += key
                    if self.keys.is_terminal:
                        self._write(terminal_safe(key))
            if self.keys.at_eof and not self._pending:
                return None

    def _read_choice(self, allowed: str) -> str | None:
        """The next key (lower case); None when the input ended first."""
        while self._pending or not self.keys.at_eof:
            for key in self._next_keys(one=True):
                if key.strip():
                    return key.lower() if key.lower() in allowed else ""
                if key == ENTER:
                    return ""
        return None

    def _next_keys(self, timeout: float = MAX_WAIT_S, one: bool = False) -> list[str]:
        """Keys read earlier and not handled yet, else the keys that come within ``timeout``.
        ``one``: take a single key (the rest stay pending)."""
        if not self._pending:
            self._pending.extend(self.keys.read(timeout))
        if one:
            return [self._pending.pop(0)] if self._pending else []
        taken, self._pending = self._pending, []
        return taken

    def ask_pain(self, context: PainContext, heading: str) -> None:
        """The pain question of every check-in region (before or after the session)."""
        if self.keys.at_eof and not self._pending:
            return
        self._save_ratings(context, self._pain_ratings(heading), None)

    def _pain_ratings(self, heading: str) -> list[PainRating]:
        self.say(heading)
        ratings = []
        for region in checkins.check_in_regions(self.plan.routine):
            value = self.ask_number(f"Pain in {region} now, 0 to 10 (Enter to skip):")
            ratings.append(PainRating(region=region, value=value))
        return ratings

    def ask_after(self) -> None:
        """After the session: the pain (when the routine asks) and the routine's measures,
        saved as one check-in."""
        if self.keys.at_eof and not self._pending:
            return
        routine = self.plan.routine
        ratings = []
        if routine.check_in.after:
            ratings = self._pain_ratings("After the session: how is your pain now?")
        measures = self.ask_measures()
        self._save_ratings("after_session", ratings, None, measures)

    def ask_measures(self) -> dict[str, float]:
        """Each measure of the routine, typed (Enter skips one); checked against its bounds."""
        found: dict[str, float] = {}
        measures = checkins.after_measures(self.plan.routine)
        if not measures:
            return found
        self.say("Your therapist's measures (Enter to skip one):")
        for m in measures:
            while self._pending or not self.keys.at_eof:
                typed = self._read_line(checkins.measure_question(m) + ":")
                if not typed:
                    break
                try:
                    found[m.id] = checkins.read_measure(self.plan.routine, m, typed)
                    break
                except CheckInError as exc:
                    self.say(f"{exc}. Type it again, or just Enter to skip.")
        return found

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

    def leave(self) -> None:
        """``q``: finish later, stop and save as partly done, or carry on."""
        ctl = self.controller
        was_paused = ctl.state.paused
        with self._question():
            ctl.pause()
            self.say(LEAVE_QUESTION)
            choice = self._read_choice("fs")
            if choice == "f":
                ctl.finish_later()
                self.say(f"Kept for later: {self.resume_hint}")
            elif choice in ("s", None):  # no more keys can come: stop, as asked
                ctl.quit()
            elif not was_paused:
                ctl.resume()
                self.say("Carrying on.")

    @contextlib.contextmanager
    def _question(self) -> Iterator[None]:
        """While asking: the pause and the carry-on are not announced as lines."""
        self._asking = True
        try:
            yield
        finally:
            self._asking = False

    def it_hurts(self) -> None:
        """``h``: a typed rating; above the limit the therapist's advice and a choice."""
        with self._question():
            self._it_hurts()

    def _it_hurts(self) -> None:
        ctl = self.controller
        was_paused = ctl.state.paused
        ctl.pause(for_pain=True)
        routine = self.plan.routine
        step = ctl.state.step
        region = checkins.during_region(routine, step)
        value = self.ask_number(f"It hurts: pain in {region} now, 0 to 10 (Enter to skip):")
        rating = PainRating(region=region, value=value)
        if value is None:
            self.say("No rating given.")
        elif not checkins.above_limit(routine, value):
            self._save_ratings("during_session", [rating], None)
            self.say(
                f"Pain {value}/10 noted. That is within your limit of {routine.pain_stop}/10: "
                "carry on gently, and press h again if it gets worse."
            )
        else:
            self.say(
                f"Your pain is above your limit: {value}/10, the limit your therapist set is "
                f"{routine.pain_stop}/10."
            )
            if routine.advice:
                self.say(f"Your therapist's advice: {routine.advice}")
            self.say(
                "Press s to skip this exercise, e to end the session (saved as partly done), "
                "or c to carry on."
            )
            choice = None
            while choice not in ("s", "e", "c"):
                choice = self._read_choice("sec")
                if choice is None:
                    choice = "e"  # no more keys: stop safely
            word = {"s": "skip", "e": "end", "c": "continue"}[choice]
            note = checkins.pain_stop_note(routine, value, step, word)
            self._save_ratings("during_session", [rating], note)
            if word == "skip":
                ctl.skip()
            elif word == "end":
                ctl.quit()
                return
        if not was_paused and not ctl.ended:
            ctl.resume()

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
            with _hangup_signals():
                self._pending.extend(self.keys.read(0))  # finds a closed input early
                resumed = ctl.recorder.start_step > 0
                if routine.check_in.before and not resumed:
                    self.ask_pain("before_session", "Before you start: how is your pain?")
                ctl.start()
                while not ctl.ended:
                    while not ctl.ended and (key := self._next_keys(self._wait_s(), one=True)):
                        self.on_key(key[0])
                    if not ctl.ended:
                        ctl.tick()
                    if not ctl.ended:
                        self._without_keyboard()
                if checkins.wants_after_check_in(routine) and not ctl.kept_open:
                    self.ask_after()
        except KeyboardInterrupt:
            return self._interrupted()
        except _Hangup as hup:
            return self._hung_up(hup.signum)
        except BrokenPipeError:
            # nobody reads the lines any more: stop, keeping what was done
            if not ctl.ended:
                ctl.stop_for_signal("partial")
            return 0
        return 1 if self._save_failed and not self._final_saved else 0

    def _interrupted(self) -> int:
        """Ctrl-C: save the session as partial (a second Ctrl-C cannot stop the save)."""
        with _ignore_sigint():
            if self.controller.ended and self._final_saved:
                return EXIT_INTERRUPTED  # already over and saved
            record = self.controller.stop_for_signal("partial")
            with contextlib.suppress(BrokenPipeError):
                self._summary(record, "interrupted")
        return EXIT_INTERRUPTED

    def _hung_up(self, signum: int) -> int:
        """SIGTERM/SIGHUP: keep the session open so that it can be resumed."""
        with _ignore_sigint():
            if not self.controller.ended:
                self.controller.stop_for_signal(None)
                with contextlib.suppress(BrokenPipeError):
                    if not self._save_failed:
                        self.say(f"Stopped. Your session was saved; {self.resume_hint}")
        return 128 + signum

    def _summary(self, record: SessionRecord, how: str) -> None:
        total = len(record.exercises)
        done = sum(1 for e in record.exercises if e.status == "done")
        spent = session_time(sum(e.seconds for e in record.exercises))
        saved = "Saved" if self._final_saved else "It could not be saved"
        practice = " (a practice run)" if record.practice and self._final_saved else ""
        if how == "finished" and record.status == "complete":
            self.say(f"Session complete: {done} of {total} exercises, {spent}. {saved}{practice}.")
            return
        head = {
            "finished": "Session finished",
            "stopped": "Session stopped",
            "interrupted": "Session interrupted",
        }[how]
        partial = " as partial" if self._final_saved else ""
        self.say(f"{head}: {done} of {total} exercises done, {spent}. {saved}{partial}{practice}.")


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
