"""The coach's voice: short spoken cues through the machine's text-to-speech engine.

:class:`Speaker` takes the words of a cue (``"Chin tuck. 10 reps, hold 5 seconds."``, ``"Rest,
30 seconds"``, ``"3"``) and speaks them in ONE worker thread, so neither the UI thread nor the
session's timer ever waits for speech. Words wait in a one-place queue: a cue that arrives
while another is being spoken replaces the one still waiting (a stale cue is never spoken late).

The engine is plyer's text-to-speech (``plyer.tts``). On Linux plyer runs ``espeak`` (Debian's
``espeak-ng-espeak`` package; ``espeak-ng`` itself is accepted too) or ``flite`` with the message
as one argument; :class:`CommandEngine` runs the very same command line plyer would, but with the
engine's output captured: espeak prints ALSA errors on a machine without a sound card, which
would land on the full-screen display, and it exits 0 even then. Elsewhere (macOS, Windows)
plyer's own ``tts.speak`` is called (:class:`PlyerEngine`).

Text is made speakable first (:func:`speakable`): control, format and bidi characters are
removed, whitespace is folded, and the message never starts with ``-``, so an exercise called
``-w out.wav`` can never be read by the engine as an option. When no engine is installed the
speaker says so ONCE, plainly, through ``on_problem`` (a toast in the TUI, a line in ``--plain``).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol

from coach.domain.cues import TEMPO_KINDS, Cue, CueKind
from coach.domain.text import sentence
from coach.services.latest_worker import LatestWorker

MAX_WORDS_CHARS = 200
"""Longest text handed to the engine (a coach's cue is short)."""
SPEAK_TIMEOUT_S = 30.0
"""Longest one utterance may take before the engine is stopped."""
INSTALL_HINT = "sudo apt install espeak-ng"
NO_ENGINE_MESSAGE = (
    "Voice is on, but no speech engine is installed, so the coach cannot speak. "
    f"To hear the coach, install one: {INSTALL_HINT}"
)
"""What the client is told (once) when the voice is on and nothing can speak."""


def speakable(text: str) -> str:
    """``text`` as it may be handed to the engine: one line, no control/format/bidi characters,
    no leading ``-`` or other punctuation an engine could read as an option, at most
    MAX_WORDS_CHARS characters."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category.startswith("Z") or ch in "\t\n\r\v\f":
            kept.append(" ")
        elif category[0] != "C":  # Cc control, Cf format (bidi, zero-width), Cs, Co, Cn
            kept.append(ch)
    words = " ".join("".join(kept).split())
    words = words.lstrip("- ")  # an argument starting with "-" is read as an option
    if len(words) > MAX_WORDS_CHARS:
        words = words[:MAX_WORDS_CHARS].rsplit(" ", 1)[0]
    return words


SILENT_WHEN_FOLLOWED = frozenset({CueKind.EXERCISE_DONE, CueKind.EXERCISE_SKIPPED})
"""Said only when nothing follows in the same batch: "Chin tuck done" is not said when the next
exercise's name or "Done. Well done." comes with it (the sound marks the end anyway)."""
UNSPOKEN = frozenset({CueKind.FINISH_LATER})
"""Cues the voice leaves to the screen (the client is leaving)."""


def spoken_words(cues: Sequence[Cue]) -> str:
    """What the coach says for a batch of cues (one engine operation), as one short phrase:
    ``"Last set. Hold."``, ``"Chin tuck. 10 reps, hold 5 seconds. Left side."``, ``"3"``."""
    said = [cue for cue in cues if cue.kind not in UNSPOKEN and cue.voiced]
    if len(said) > 1:
        said = [cue for cue in said if cue.kind not in SILENT_WHEN_FOLLOWED]
    parts: list[str] = []
    for i, cue in enumerate(said):
        text = cue.text.strip()
        after = said[i - 1] if i else None
        if after is not None and _opens_tempo_rep(after, cue) and after.text.strip():
            parts[-1] = f"{parts[-1]}, {text.lower()}"  # "Rep 3 of 10, down": one phrase
        elif text:
            parts.append(text)
    if len(parts) <= 1 and ". " not in "".join(parts):
        return "".join(parts)  # one short word or phrase: "Hold", "3", "Rest, 30 seconds"
    return " ".join(sentence(part) for part in parts)  # sentences: each ends in a full stop


def _opens_tempo_rep(rep: Cue, part: Cue) -> bool:
    """``part`` is the first tempo part of the tempo rep that ``rep`` starts."""
    return (
        rep.kind is CueKind.WORK_START
        and part.kind in TEMPO_KINDS.values()
        and rep.step_index == part.step_index
    )


class SpeechEngine(Protocol):
    """Something that speaks a line, blocking until it has been said."""

    name: str

    def speak(self, text: str) -> str | None:
        """Say ``text``; a short description of what went wrong, or None."""
        ...


class CommandEngine:
    """A speech command run the way plyer's Linux backend runs it, with its output captured.

    ``argv`` is the command line with ``{text}`` standing for the message (one argument).
    """

    def __init__(self, name: str, argv: Sequence[str]) -> None:
        self.name = name
        self.argv = list(argv)

    def command(self, text: str) -> list[str]:
        """The command line for ``text`` (the message is always a single argument)."""
        return [text if part == "{text}" else part for part in self.argv]

    def speak(self, text: str) -> str | None:
        """Run the command; its complaint (last error line) or None."""
        try:
            done = subprocess.run(
                self.command(text),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=SPEAK_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"{self.name} took longer than {SPEAK_TIMEOUT_S:.0f} s"
        except OSError as exc:
            return f"{self.name} could not be started ({exc.strerror or exc})"
        errors = [
            line.strip()
            for line in done.stderr.decode("utf-8", "replace").splitlines()
            if "error" in line.lower()
        ]
        if done.returncode != 0 or errors:
            detail = errors[-1] if errors else f"exit status {done.returncode}"
            return f"{self.name} reported: {detail}"
        return None


class PlyerEngine:
    """plyer's own text-to-speech (the platforms where plyer does not run a command)."""

    name = "plyer"

    def speak(self, text: str) -> str | None:
        """Say ``text`` through ``plyer.tts``."""
        # lazy: plyer.tts only when speaking through it
        from plyer import tts

        try:
            tts.speak(message=text)
        except NotImplementedError:
            return "no speech engine"
        except Exception as exc:  # noqa: BLE001 - the client gets a message, never a crash
            return f"the speech engine failed ({exc})"
        return None


LINUX_ENGINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("espeak", ("espeak", "{text}")),  # plyer's first choice (espeak-ng-espeak)
    ("espeak-ng", ("espeak-ng", "{text}")),  # Debian's espeak-ng without the espeak name
    ("flite", ("flite", "-t", "{text}", "play")),  # plyer's second choice
)
"""The speech commands looked for on PATH, in order, as plyer's Linux backend runs them."""


def find_engine(which: Callable[[str], str | None] = shutil.which) -> SpeechEngine | None:
    """The machine's speech engine, or None when there is none."""
    if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
        for name, argv in LINUX_ENGINES:
            if which(name):
                return CommandEngine(name, argv)
        return None
    if sys.platform in ("darwin", "win32"):
        return PlyerEngine()
    return None


class Speaker:
    """Speaks cue words in one worker thread; the newest words replace any still waiting.

    ``on_problem(message)`` is called at most once per kind of problem (no engine; the engine
    failed), from the worker thread or the caller's; it must be thread-safe. ``engine`` defaults
    to :func:`find_engine` (looked up on first use). With ``enabled`` False nothing is spoken.
    """

    def __init__(
        self,
        *,
        enabled: bool = True,
        engine: SpeechEngine | None = None,
        find: Callable[[], SpeechEngine | None] = find_engine,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.enabled = enabled
        self._engine = engine
        self._find = find
        self._looked = engine is not None
        self._on_problem = on_problem
        self._told: set[str] = set()
        self._told_lock = threading.Lock()
        self._worker: LatestWorker[str] = LatestWorker(self._speak, "coach-voice")
        self.spoken: list[str] = []
        """Words handed to the engine, in order (for tests and the log of what was said)."""
        self.superseded: list[str] = []
        """Words dropped because newer words came before they could be said."""

    # ------------------------------------------------------------------ public

    @property
    def engine(self) -> SpeechEngine | None:
        """The speech engine (looked up once)."""
        if not self._looked:
            self._engine = self._find()
            self._looked = True
        return self._engine

    def available(self) -> bool:
        """True when there is an engine to speak with."""
        return self.engine is not None

    def say(self, words: str) -> None:
        """Speak ``words`` soon (never blocks); replaces words still waiting to be said."""
        if not self.enabled or self._worker.closed:
            return
        text = speakable(words)
        if not text:
            return
        if self.engine is None:
            self._tell("missing", NO_ENGINE_MESSAGE)
            return
        replaced, old = self._worker.put(text)
        if replaced and old is not None:
            self.superseded.append(old)

    def cues(self, cues: Sequence[Cue]) -> None:
        """Say a batch of cues (the session controller's output hook)."""
        words = spoken_words(cues)
        if words:
            self.say(words)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until everything asked has been said (tests, end of a plain session)."""
        return self._worker.wait_idle(timeout)

    def close(self, timeout: float = 0.0) -> None:
        """Stop speaking: with ``timeout`` > 0 the waiting words get that long to be said."""
        replaced, old = self._worker.close(timeout)
        if replaced and old is not None:
            self.superseded.append(old)

    # ------------------------------------------------------------------ worker

    def _speak(self, text: str) -> None:
        """Say one text (worker thread)."""
        engine = self.engine
        assert engine is not None
        self.spoken.append(text)
        problem = engine.speak(text)
        if problem:
            self._tell(
                "failed",
                f"The coach's voice could not be played ({problem}). "
                "Check that the sound works on this computer.",
            )

    def _tell(self, kind: str, message: str) -> None:
        with self._told_lock:
            if kind in self._told:
                return
            self._told.add(kind)
        if self._on_problem is not None:
            with contextlib.suppress(Exception):  # a failed message must not stop the session
                self._on_problem(message)
