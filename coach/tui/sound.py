"""Sound cues of a session: the terminal bell once per cue batch that starts something.

The bell rings for a new step, a tempo part, each of the last 3 seconds and the end of the
session, at most once per batch (several cues of one moment ring once); ``quiet`` turns it off.
It is one output of the session controller (``SessionController.subscribe``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coach.domain.cues import STEP_KINDS, TEMPO_KINDS, Cue, CueKind

RING_KINDS = STEP_KINDS | set(TEMPO_KINDS.values()) | {CueKind.COUNTDOWN, CueKind.SESSION_DONE}
"""Cues that make a sound."""


def wants_bell(cues: Iterable[Cue]) -> bool:
    """True when any of the cues is a sound cue (several in one batch still ring once)."""
    return any(cue.kind in RING_KINDS for cue in cues)


class Bell:
    """Rings ``ring`` (e.g. ``App.bell``) for a batch of cues."""

    def __init__(self, ring: Callable[[], None], quiet: bool = False) -> None:
        self._ring = ring
        self.quiet = quiet
        self.rung = 0
        """How many times the bell rang (for tests and the summary)."""

    def cue(self, cues: Iterable[Cue]) -> bool:
        """Ring once if the cues call for it (and not quiet); whether it rang."""
        if self.quiet or not wants_bell(cues):
            return False
        self._ring()
        self.rung += 1
        return True
