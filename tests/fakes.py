"""Test doubles shared across the suite."""

from __future__ import annotations


class FakeClock:
    """A monotonic clock that only moves when the test says so (never sleep in a test)."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    @property
    def now(self) -> float:
        """The current reading (same as calling the clock)."""
        return self.t

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.t += seconds
