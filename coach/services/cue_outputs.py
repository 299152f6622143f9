"""The sound and the voice of a session, as one output of the session's cues.

Both front ends (the TUI session screen and ``coach run --plain``) build one
:class:`CueOutputs` and hand it every batch of cues (``outputs.cues(batch)``); it plays the
batch's sound (:mod:`coach.services.sound`) and says its words (:mod:`coach.services.voice`),
each in its own worker thread, so the caller never waits.

What is on: ``--quiet`` silences both; ``--voice`` / ``--no-voice`` decide the voice for one run;
otherwise the saved settings decide (:mod:`coach.services.preferences`: both on unless the client
turned them off in the first-run set-up or the settings screen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.domain.cues import Cue
from coach.services.preferences import sounds_on, voice_on
from coach.services.sound import SoundPlayer
from coach.services.voice import Speaker

if TYPE_CHECKING:
    from coach.storage.repo import Repository


@dataclass(frozen=True)
class SoundPrefs:
    """What is on: speak the cues, play the sounds."""

    voice: bool = True
    sounds: bool = True


def load_prefs(repo: Repository) -> SoundPrefs:
    """The saved choices (:mod:`coach.services.preferences`; both on unless turned off)."""
    return SoundPrefs(voice=voice_on(repo), sounds=sounds_on(repo))


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
