"""The client's preferences kept in the data folder's settings: voice and sounds on or off.

(The colour theme is kept by the TUI itself: :mod:`coach.tui.themes`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.storage.repo import Repository

VOICE = "voice"
"""Setting: speak the exercises aloud during a session (bool; on unless turned off)."""


def voice_on(repo: Repository) -> bool:
    """Is the voice on? (On unless the client turned it off.)"""
    return repo.get_setting(VOICE, True) is not False


def set_voice(repo: Repository, on: bool) -> None:
    """Turn the voice on or off."""
    repo.set_setting(VOICE, bool(on))


SOUNDS = "sounds"
"""Setting: sounds during a session (bool; on unless turned off; ``--quiet`` for one run)."""


def sounds_on(repo: Repository) -> bool:
    """Are the session sounds on? (On unless the client turned them off.)"""
    return repo.get_setting(SOUNDS, True) is not False


def set_sounds(repo: Repository, on: bool) -> None:
    """Turn the session sounds on or off."""
    repo.set_setting(SOUNDS, bool(on))


SETUP_OFFERED = "setup.offered"
"""Setting: the first-run guided set-up was offered (it opens by itself only once; the command
palette runs it again)."""
