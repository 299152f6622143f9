"""Sound cues of a session: the terminal bell at every phase change and in the last 3 seconds.

The bell is the only sound a terminal app can make everywhere; ``quiet`` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coach.domain.timer_events import Countdown, Event, PhaseChanged, SessionDone

CUE_EVENTS = (PhaseChanged, Countdown, SessionDone)
"""Events that make a sound."""


def wants_bell(events: Iterable[Event]) -> bool:
    """True when any of the events is a sound cue (several in one tick still ring once)."""
    return any(isinstance(event, CUE_EVENTS) for event in events)


class Bell:
    """Rings ``ring`` (e.g. ``App.bell``) for the events of an engine operation."""

    def __init__(self, ring: Callable[[], None], quiet: bool = False) -> None:
        self._ring = ring
        self.quiet = quiet
        self.rung = 0
        """How many times the bell rang (for tests and the summary)."""

    def cue(self, events: Iterable[Event]) -> bool:
        """Ring once if the events call for it (and not quiet); whether it rang."""
        if self.quiet or not wants_bell(events):
            return False
        self._ring()
        self.rung += 1
        return True
