"""The sound and the voice of a session, as one output of the session's cues.

Both front ends (the TUI session screen and ``coach run --plain``) build one
:class:`CueOutputs` and hand it every batch of cues (``outputs.cues(batch)``); it plays the
batch's sound (:mod:`coach.services.sound`) and says its words (:mod:`coach.services.voice`),
each in its own worker thread, so the caller never waits.

What is on: ``--quiet`` silences both; ``--voice`` / ``--no-voice`` decide the voice for one run;
otherwise the saved settings decide (voice off, sounds on, until the client changes them in the
settings screen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coach.domain.cues import Cue
from coach.services.sound import SOUNDS_SETTING, SoundPlayer
from coach.services.voice import VOICE_SETTING, Speaker


class SettingsStore(Protocol):
    """What the settings need from the repository."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class SoundPrefs:
    """The saved choices: speak the cues, play the sounds."""

    voice: bool = False
    sounds: bool = True


def load_prefs(repo: SettingsStore) -> SoundPrefs:
    """The saved voice and sound choices (defaults where unset or not a yes/no)."""
    voice = repo.get_setting(VOICE_SETTING, False)
    sounds = repo.get_setting(SOUNDS_SETTING, True)
    return SoundPrefs(
        voice=voice if isinstance(voice, bool) else False,
        sounds=sounds if isinstance(sounds, bool) else True,
    )


def save_pref(repo: SettingsStore, key: str, on: bool) -> None:
    """Save one choice (``VOICE_SETTING`` or ``SOUNDS_SETTING``)."""
    if key not in (VOICE_SETTING, SOUNDS_SETTING):
        raise ValueError(f"not a sound setting: {key}")
    repo.set_setting(key, bool(on))


def decide(prefs: SoundPrefs, *, quiet: bool, voice: bool | None) -> SoundPrefs:
    """What is on for this run: ``quiet`` silences everything; ``voice`` (from ``--voice`` /
    ``--no-voice``) overrides the saved voice choice."""
    if quiet:
        return SoundPrefs(voice=False, sounds=False)
    return SoundPrefs(voice=prefs.voice if voice is None else voice, sounds=prefs.sounds)


class CueOutputs:
    """Sound and voice for a session's cues (both never block the caller)."""

    def __init__(self, sound: SoundPlayer, voice: Speaker) -> None:
        self.sound = sound
        self.voice = voice

    @classmethod
    def create(
        cls,
        ring: Callable[[], None],
        on_problem: Callable[[str], None],
        choice: SoundPrefs,
    ) -> CueOutputs:
        """Outputs for ``choice``; ``ring`` rings the bell once, ``on_problem`` tells the client
        something (both may be called from a worker thread)."""
        return cls(
            SoundPlayer(ring, enabled=choice.sounds),
            Speaker(enabled=choice.voice, on_problem=on_problem),
        )

    def cues(self, batch: Sequence[Cue]) -> None:
        """Play and say one batch of cues."""
        if batch:
            self.sound.cues(batch)
            self.voice.cues(batch)

    def set_voice(self, on: bool) -> None:
        """Turn the voice on or off from now on."""
        self.voice.enabled = on

    def close(self, timeout: float = 0.0) -> None:
        """Stop; what is still waiting gets ``timeout`` seconds (e.g. "Done. Well done.")."""
        self.voice.close(timeout)
        self.sound.close(timeout)
