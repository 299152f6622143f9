"""Shapes of what coach logs: sessions and check-ins.

These are the records the storage layer keeps (as ``model_dump(mode="json")``) and that stats
read back. Times are timezone-aware; ids are random strings so that exports re-import without
duplicates.

Statistics read many records and never change them, so they also accept small read-only copies
(:class:`SessionFacts`, :class:`CheckInFacts`, made from validated records with ``of``): about a
third of the memory of a record, and far fewer objects for the garbage collector to walk. Code
that only reads accepts either, typed :class:`SessionLike` / :class:`CheckInLike`.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.domain.bounds import Digest, Id, MeasureValue, Moment, Name, Note, Score
from coach.domain.record_types import CheckInFacts as CheckInFacts
from coach.domain.record_types import CheckInLike as CheckInLike
from coach.domain.record_types import ExerciseStatus as ExerciseStatus
from coach.domain.record_types import PainContext as PainContext
from coach.domain.record_types import PainFacts as PainFacts
from coach.domain.record_types import PainLike as PainLike
from coach.domain.record_types import SessionFacts as SessionFacts
from coach.domain.record_types import SessionLike as SessionLike
from coach.domain.record_types import SessionStatus as SessionStatus


def new_id() -> str:
    """A fresh record id."""
    return uuid.uuid4().hex


class _Record(BaseModel):
    # NaN/Infinity would be written as non-standard JSON and break exports: refuse them.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ExerciseLog(_Record):
    """What was done of one exercise in a session."""

    index: int = Field(ge=0, le=10_000)
    name: Name
    status: ExerciseStatus = "not_reached"
    sets_done: int = Field(default=0, ge=0, le=10_000)
    reps_done: int = Field(default=0, ge=0, le=1_000_000)
    sides: list[Literal["left", "right"]] = Field(default_factory=list, max_length=10_000)
    seconds: float = Field(default=0.0, ge=0, le=7 * 24 * 3600)


class SessionRecord(_Record):
    """One run of a routine."""

    id: Id = Field(default_factory=new_id)
    routine_id: Name
    routine_title: Name
    routine_hash: Digest  # sha256 of the routine file's bytes: the prescription version
    started_at: Moment
    ended_at: Moment | None = None
    status: SessionStatus = "in_progress"
    exercises: list[ExerciseLog] = Field(default_factory=list, max_length=10_000)
    resume_step: int = Field(default=0, ge=0, le=1_000_000)  # plan step to resume from
    speed: float = Field(default=1.0, ge=0.01, le=100)
    practice: bool = False  # a try-out run (speed other than 1): shown, never counted
    flare: bool = False  # the routine's gentler flare version (counts as the day's session)


class PainRating(_Record):
    """Pain 0-10 in one region; ``value`` None means the client skipped the question."""

    region: Name
    value: int | None = Field(default=None, ge=0, le=10)


class CheckInRecord(_Record):
    """A check-in: pain per region in a context, measures, stiffness, function, a note."""

    id: Id = Field(default_factory=new_id)
    at: Moment
    context: PainContext
    session_id: Id | None = None
    routine_id: Name | None = None
    pain: list[PainRating] = Field(default_factory=list, max_length=1000)
    measures: dict[Name, MeasureValue] = Field(default_factory=dict, max_length=1000)
    stiffness: int | None = Field(default=None, ge=0, le=10)
    morning_stiffness_min: int | None = Field(default=None, ge=0, le=24 * 60)
    # PSFS activity id -> 0..10
    function: dict[Id, Score] = Field(default_factory=dict, max_length=1000)
    note: Note | None = None
    edited_at: Moment | None = None
