"""Check-in words every front end shows, and the error of a check-in that cannot be kept.

Imports no record models (pydantic): ``coach history`` lists kept records without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the shapes, for types: record_types' NamedTuples cost `coach stats` ~3 ms)
    from coach.domain.record_types import PainContext

CONTEXT_LABELS: dict[PainContext, str] = {
    "before_session": "before a session",
    "after_session": "after a session",
    "during_session": "during a session",
    "next_morning": "the next morning",
    "at_rest": "at rest",
    "with_activity": "with activity",
}


class CheckInError(ValueError):
    """Input a check-in cannot hold; the message says what was expected, in plain words."""
