"""Session sounds you can tell apart without looking: one pattern per kind of moment.

Each :class:`Sound` has a pattern of notes (:data:`PATTERNS`): a short generated tone (a small
WAV file written once with the standard ``wave`` module and cached) played through the first
player found (``paplay``, ``pw-play``, ``aplay``), or, where there is no player or it fails
(no sound card), the terminal bell rung once per note at the notes' rhythm. So even on the bell
alone the patterns differ: 1 bell for a countdown second, 2 quick for "go", 2 slow for rest,
3 quick for switch sides, 3 slow for an exercise done, 5 for the end of the session. Tempo
phases and "release" are soft tones only (no bell): the bell never rings every second, only in
the last 3 seconds of a timed step.

Everything is played by ONE worker thread (:class:`SoundPlayer`), so neither the UI thread nor
the session's timer ever waits; a sound still waiting when a newer one comes is dropped.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import shutil
import struct
import subprocess
import tempfile
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from coach.domain.cues import Cue, CueKind
from coach.services.latest_worker import LatestWorker

SAMPLE_RATE = 22050
VOLUME = 0.45
"""Peak amplitude of the tones (0..1): clear, not startling."""
FADE_S = 0.006
"""Fade in and out of each note (no clicks)."""
PLAY_TIMEOUT_S = 5.0
PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("pw-play",), ("aplay", "-q"))
"""Sound players looked for on PATH, in order (the WAV path is appended)."""
PLAYER_ENV = "COACH_SOUND_PLAYER"
"""Environment variable: which player to use, or ``none`` for the terminal bell only."""


class Sound(StrEnum):
    """The moments of a session that have a sound."""

    START = "start"
    """Work or a hold begins: "go"."""
    TICK = "tick"
    """Each of the last 3 seconds of a timed step."""
    REST = "rest"
    """A rest begins."""
    SWITCH = "switch"
    """Change to the other side."""
    EXERCISE_DONE = "exercise_done"
    """An exercise is finished."""
    SESSION_DONE = "session_done"
    """The whole session is finished."""
    RELEASE = "release"
    """Let go between held reps (soft; no bell)."""
    TEMPO = "tempo"
    """A tempo phase begins: down, pause, up (soft; no bell)."""


@dataclass(frozen=True)
class Note:
    """One tone: pitch (Hz), length and the silence after it (seconds); ``bell``: rung on the
    bell when there is no player."""

    hz: float
    length_s: float
    gap_s: float = 0.0
    bell: bool = True


C5, E5, G5, C6 = 523.25, 659.25, 783.99, 1046.5

PATTERNS: dict[Sound, tuple[Note, ...]] = {
    Sound.TICK: (Note(1000, 0.07),),
    Sound.START: (Note(660, 0.12, 0.05), Note(990, 0.25)),
    Sound.REST: (Note(784, 0.25, 0.35), Note(523, 0.45)),
    Sound.SWITCH: (Note(988, 0.08, 0.07), Note(740, 0.08, 0.07), Note(988, 0.12)),
    Sound.EXERCISE_DONE: (Note(C5, 0.15, 0.2), Note(E5, 0.15, 0.2), Note(G5, 0.35)),
    Sound.SESSION_DONE: (
        Note(C5, 0.12, 0.04),
        Note(E5, 0.12, 0.04),
        Note(G5, 0.12, 0.04),
        Note(C6, 0.12, 0.04),
        Note(C6, 0.6),
    ),
    Sound.RELEASE: (Note(440, 0.2, bell=False),),
    Sound.TEMPO: (Note(587, 0.06, bell=False),),
}
"""The notes of each sound (their rhythm is also the bell pattern)."""


CUE_SOUNDS: dict[CueKind, Sound] = {
    CueKind.SESSION_DONE: Sound.SESSION_DONE,
    CueKind.EXERCISE_DONE: Sound.EXERCISE_DONE,
    CueKind.SWITCH_SIDE: Sound.SWITCH,
    CueKind.REST: Sound.REST,
    CueKind.WORK_START: Sound.START,
    CueKind.HOLD_START: Sound.START,
    CueKind.RELEASE: Sound.RELEASE,
    CueKind.TEMPO_DOWN: Sound.TEMPO,
    CueKind.TEMPO_PAUSE: Sound.TEMPO,
    CueKind.TEMPO_UP: Sound.TEMPO,
    CueKind.COUNTDOWN: Sound.TICK,
}
"""The sound of each kind of cue, most important first: a batch of cues (one engine
operation) plays only the sound of its most important cue. Get ready, side, last set, halfway,
skips, pause and resume make no sound (the voice and the screen say them)."""


def sound_for(cues: Sequence[Cue]) -> Sound | None:
    """The one sound a batch of cues plays, or None."""
    kinds = {cue.kind for cue in cues}
    return next((sound for kind, sound in CUE_SOUNDS.items() if kind in kinds), None)


def bell_times(sound: Sound) -> list[float]:
    """When each bell rings, in seconds from the start of the sound (empty: no bell)."""
    times, at = [], 0.0
    for note in PATTERNS[sound]:
        if note.bell:
            times.append(round(at, 3))
        at += note.length_s + note.gap_s
    return times


def pattern_length_s(sound: Sound) -> float:
    """How long the sound lasts."""
    return sum(n.length_s + n.gap_s for n in PATTERNS[sound])


# ---------------------------------------------------------------------------- tones


def tone_frames(notes: tuple[Note, ...], rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM of the notes (sine tones with a short fade, silence between)."""
    out = bytearray()
    peak = VOLUME * 32767
    for note in notes:
        count = int(note.length_s * rate)
        fade = max(1, int(FADE_S * rate))
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            sample = peak * envelope * math.sin(2 * math.pi * note.hz * i / rate)
            out += struct.pack("<h", int(sample))
        out += b"\x00\x00" * int(note.gap_s * rate)
    return bytes(out)


def cache_dir() -> Path:
    """Where the generated WAV files are kept (the user cache folder; temp if unwritable)."""
    # lazy: brings platformdirs; this module loads with the home screen
    import platformdirs

    return Path(platformdirs.user_cache_dir("coach", appauthor=False)) / "sounds"


def wav_bytes(notes: tuple[Note, ...]) -> bytes:
    """A mono 16-bit WAV file of ``notes``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(tone_frames(notes))
    return buffer.getvalue()


def wav_for(sound: Sound, folder: Path | None = None) -> Path:
    """The WAV file of ``sound``, written on first use (atomically) and cached by content."""
    # lazy: the storage package brings tinydb; only a session's first sound needs it
    from coach.storage.files import atomic_write_bytes

    notes = PATTERNS[sound]
    key = hashlib.sha256(repr((SAMPLE_RATE, VOLUME, notes)).encode()).hexdigest()[:12]
    for base in (folder or cache_dir(), Path(tempfile.gettempdir()) / f"coach-{os.getuid()}"):
        path = base / f"{sound.value}-{key}.wav"
        if path.is_file():
            return path
        try:
            atomic_write_bytes(path, wav_bytes(notes))
            return path
        except OSError:
            continue
    raise OSError("no folder to write the session sounds to")


def find_player(which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The command line (without the file) of the first sound player on PATH, or None.

    ``COACH_SOUND_PLAYER`` picks one (``paplay``, ``pw-play``, ``aplay``) or, set to ``none``,
    none: the terminal bell only."""
    wanted = os.environ.get(PLAYER_ENV, "").strip()
    if wanted.lower() == "none":
        return None
    for argv in PLAYERS:
        if wanted and argv[0] != wanted:
            continue
        if which(argv[0]):
            return list(argv)
    return None


# ---------------------------------------------------------------------------- the player


class SoundPlayer:
    """Plays session sounds in one worker thread: a tone when a player works, else the bell.

    ``ring`` rings the terminal bell once (thread-safe: it is called from the worker, e.g.
    ``lambda: app.call_from_thread(app.bell)``). ``player`` is the player's command line
    (default: :func:`find_player`; ``[]`` means none: bell only). ``sleep`` spaces the bells.
    With ``enabled`` False nothing sounds (``--quiet``).
    """

    def __init__(
        self,
        ring: Callable[[], None],
        *,
        enabled: bool = True,
        player: list[str] | None = None,
        folder: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.enabled = enabled
        self._ring = ring
        self._player = find_player() if player is None else (player or None)
        self._folder = folder
        self._sleep = sleep
        self._worker: LatestWorker[Sound] = LatestWorker(self._play_now, "coach-sound")
        self.played: list[tuple[Sound, str]] = []
        """What was played and how (``"tone"`` or ``"bell"``), in order (for tests)."""

    @property
    def uses_tones(self) -> bool:
        """True while tones are played (False: the bell; a failing player turns them off)."""
        return self._player is not None

    def play(self, sound: Sound) -> None:
        """Play ``sound`` soon (never blocks); replaces a sound still waiting."""
        if not self.enabled or self._worker.closed:
            return
        if not self.uses_tones and not bell_times(sound):
            return  # a soft tone only, and no player: nothing to do
        self._worker.put(sound)

    def cues(self, cues: Sequence[Cue]) -> None:
        """Play the sound of a batch of cues (the session controller's output hook)."""
        sound = sound_for(cues)
        if sound is not None:
            self.play(sound)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every sound asked for has been played (tests, end of a plain session)."""
        return self._worker.wait_idle(timeout)

    def close(self, timeout: float = 0.0) -> None:
        """Stop (a waiting sound gets ``timeout`` seconds to be played)."""
        self._worker.close(timeout)

    def _play_now(self, sound: Sound) -> None:
        """Play one sound (worker thread): the tone, or the bell when tones do not work."""
        if not (self.uses_tones and self._tone(sound)):
            self._bells(sound)

    def _tone(self, sound: Sound) -> bool:
        """Play the tone; False (and tones off from now on) when the player fails."""
        assert self._player is not None
        try:
            path = wav_for(sound, self._folder)
            done = subprocess.run(
                [*self._player, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=PLAY_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            self._player = None
            return False
        if done.returncode != 0:
            self._player = None  # e.g. no sound card: the bell from now on
            return False
        self.played.append((sound, "tone"))
        return True

    def _bells(self, sound: Sound) -> None:
        times = bell_times(sound)
        if not times:
            return
        self.played.append((sound, "bell"))
        previous = 0.0
        for at in times:
            if at > previous:
                self._sleep(at - previous)
            previous = at
            try:
                self._ring()
            except Exception:  # noqa: BLE001 - the app may be closing; never crash a session
                return
