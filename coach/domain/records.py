"""Shapes of what coach logs: sessions and check-ins.

These are the records the storage layer keeps (as ``model_dump(mode="json")``) and that stats
read back. Times are timezone-aware; ids are random strings so that exports re-import without
duplicates.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SessionStatus = Literal["in_progress", "complete", "partial", "abandoned"]
ExerciseStatus = Literal["done", "partial", "skipped", "not_reached"]
PainContext = Literal[
    "before_session", "after_session", "during_session", "next_morning", "at_rest", "with_activity"
]


def new_id() -> str:
    """A fresh record id."""
    return uuid.uuid4().hex


class _Record(BaseModel):
    # NaN/Infinity would be written as non-standard JSON and break exports: refuse them.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ExerciseLog(_Record):
    """What was done of one exercise in a session."""

    index: int
    name: str
    status: ExerciseStatus = "not_reached"
    sets_done: int = 0
    reps_done: int = 0
    sides: list[Literal["left", "right"]] = Field(default_factory=list)
    seconds: float = 0.0


class SessionRecord(_Record):
    """One run of a routine."""

    id: str = Field(default_factory=new_id)
    routine_id: str
    routine_title: str
    routine_hash: str  # sha256 of the routine file's bytes: the prescription version
    started_at: datetime
    ended_at: datetime | None = None
    status: SessionStatus = "in_progress"
    exercises: list[ExerciseLog] = Field(default_factory=list)
    resume_step: int = 0  # index of the plan step to resume from after an interruption
    speed: float = 1.0


class PainRating(_Record):
    """Pain 0-10 in one region; ``value`` None means the client skipped the question."""

    region: str
    value: int | None = Field(default=None, ge=0, le=10)


class CheckInRecord(_Record):
    """A check-in: pain per region in a context, measures, stiffness, function, a note."""

    id: str = Field(default_factory=new_id)
    at: datetime
    context: PainContext
    session_id: str | None = None
    routine_id: str | None = None
    pain: list[PainRating] = Field(default_factory=list)
    measures: dict[str, float] = Field(default_factory=dict)
    stiffness: int | None = Field(default=None, ge=0, le=10)
    morning_stiffness_min: int | None = Field(default=None, ge=0)
    function: dict[str, int] = Field(default_factory=dict)  # PSFS activity id -> 0..10
    note: str | None = Field(default=None, max_length=1000)
    edited_at: datetime | None = None
