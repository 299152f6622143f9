"""The questions of a ``--plain`` session, typed on the keyboard: the pain before and after
(numbers 0-10, Enter skips), the routine's measures, ``h`` "it hurts" (above the routine's limit:
the therapist's advice, then skip, end or carry on) and ``q`` leave (finish later, stop, or
carry on). The session is paused while a question waits; no keyboard, no question.

:class:`PlainQuestions` is a part of :class:`~coach.cli.plain_runner.PlainRunner` (a mixin): it
reads keys through the runner's reader and prints through its :meth:`say`.
"""

from __future__ import annotations

import contextlib
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from datetime import datetime

from coach.app import session_checkins as checkins
from coach.app.errors import StorageError
from coach.app.session_controller import SessionController
from coach.cli.keys import ENTER, KeyReader
from coach.cli.plain_lines import LEAVE_QUESTION
from coach.domain.advice_words import limit_words
from coach.domain.checkin import CheckInError
from coach.domain.plan import Plan
from coach.domain.records import CheckInRecord, PainContext, PainRating
from coach.domain.regions import region_words
from coach.domain.text import terminal_safe

MAX_WAIT_S = 0.5
"""Longest the loop waits for keys between two looks at the controller (real seconds)."""
BACKSPACES = ("\x7f", "\b")

SaveCheckIn = Callable[[CheckInRecord], None]


class PlainQuestions(ABC):
    """Typed answers and the questions asked with them (see the module doc)."""

    controller: SessionController
    plan: Plan
    keys: KeyReader
    resume_hint: str
    whose: str
    """Whose the routine's advice and limit are (library.whose_advice)."""
    save_check_in: SaveCheckIn | None
    now: Callable[[], datetime]
    _pending: list[str]
    """Keys read but not handled yet (a question asked mid-batch takes them first)."""
    _asking: bool
    """True while a question (leave, it hurts) has paused the session: no pause lines."""

    @abstractmethod
    def say(self, line: str = "") -> None:
        """Print one line."""

    @abstractmethod
    def _write(self, text: str) -> None:
        """Print text as it is (no new line)."""

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
            value = self.ask_number(f"Pain in {region_words(region)} now, 0 to 10 (Enter to skip):")
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

    # ------------------------------------------------------------------ questions mid-session

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
        value = self.ask_number(
            f"It hurts: pain in {region_words(region)} now, 0 to 10 (Enter to skip):"
        )
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
            whose = self.whose
            self.say(
                f"Your pain is above your limit: {value}/10, {limit_words(whose)} is "
                f"{routine.pain_stop}/10."
            )
            if routine.advice:
                self.say(f"{whose[:1].upper()}{whose[1:]} advice: {routine.advice}")
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
