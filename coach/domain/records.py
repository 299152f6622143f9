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
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Literal, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coach.domain.bounds import Digest, Id, MeasureValue, Moment, Name, Note, Score

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


# --- read-only copies for statistics -------------------------------------------------------------


class SessionLike(Protocol):
    """What reading code may use of a session: a :class:`SessionRecord` or its facts."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def routine_id(self) -> str: ...  # noqa: D102
    @property
    def routine_title(self) -> str: ...  # noqa: D102
    @property
    def started_at(self) -> datetime: ...  # noqa: D102
    @property
    def ended_at(self) -> datetime | None: ...  # noqa: D102
    @property
    def status(self) -> SessionStatus: ...  # noqa: D102


class PainLike(Protocol):
    """What reading code may use of a pain rating: a :class:`PainRating` or its facts."""

    @property
    def region(self) -> str: ...  # noqa: D102
    @property
    def value(self) -> int | None: ...  # noqa: D102


class CheckInLike(Protocol):
    """What reading code may use of a check-in: a :class:`CheckInRecord` or its facts."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def at(self) -> datetime: ...  # noqa: D102
    @property
    def context(self) -> PainContext: ...  # noqa: D102
    @property
    def session_id(self) -> str | None: ...  # noqa: D102
    @property
    def routine_id(self) -> str | None: ...  # noqa: D102
    @property
    def pain(self) -> Sequence[PainLike]: ...  # noqa: D102
    @property
    def measures(self) -> Mapping[str, float]: ...  # noqa: D102
    @property
    def stiffness(self) -> int | None: ...  # noqa: D102
    @property
    def morning_stiffness_min(self) -> int | None: ...  # noqa: D102
    @property
    def function(self) -> Mapping[str, int]: ...  # noqa: D102
    @property
    def note(self) -> str | None: ...  # noqa: D102
    @property
    def edited_at(self) -> datetime | None: ...  # noqa: D102


class SessionFacts(NamedTuple):
    """A read-only copy of a :class:`SessionRecord` without its exercises (for statistics)."""

    id: str
    routine_id: str
    routine_title: str
    routine_hash: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    resume_step: int
    speed: float
    practice: bool
    flare: bool

    @classmethod
    def of(cls, rec: SessionRecord) -> SessionFacts:
        """The facts of a (validated) session record."""
        return cls.of_many([rec])[0]

    @classmethod
    def of_many(cls, records: Iterable[SessionRecord]) -> list[SessionFacts]:
        """The facts of many (validated) session records, in order."""
        new, get = tuple.__new__, _SESSION_FIELDS
        return [new(cls, get(rec.__dict__)) for rec in records]


class PainFacts(NamedTuple):
    """A read-only copy of a :class:`PainRating`."""

    region: str
    value: int | None


class CheckInFacts(NamedTuple):
    """A read-only copy of a :class:`CheckInRecord`, every field (for statistics).

    ``measures`` and ``function`` are the record's own dicts: read them, never change them.
    Equal pain ratings of one batch share one :class:`PainFacts`.
    """

    id: str
    at: datetime
    context: PainContext
    session_id: str | None
    routine_id: str | None
    pain: tuple[PainFacts, ...]
    measures: Mapping[str, float]
    stiffness: int | None
    morning_stiffness_min: int | None
    function: Mapping[str, int]
    note: str | None
    edited_at: datetime | None

    @classmethod
    def of(cls, rec: CheckInRecord) -> CheckInFacts:
        """The facts of a (validated) check-in record."""
        return cls.of_many([rec])[0]

    @classmethod
    def of_many(cls, records: Iterable[CheckInRecord]) -> list[CheckInFacts]:
        """The facts of many (validated) check-in records, in order."""
        new, get = tuple.__new__, _CHECKIN_FIELDS
        ratings: dict[tuple[str, int | None], PainFacts] = {}
        out = []
        for rec in records:
            fields = list(get(rec.__dict__))
            pain = []
            for rating in fields[_PAIN_AT]:
                key = (rating.region, rating.value)
                shared = ratings.get(key)
                if shared is None:
                    shared = ratings[key] = new(PainFacts, key)
                pain.append(shared)
            fields[_PAIN_AT] = tuple(pain)
            out.append(new(cls, fields))
        return out


# A validated record keeps every field in its __dict__: read them all in one call.
_SESSION_FIELDS = itemgetter(*SessionFacts._fields)
_CHECKIN_FIELDS = itemgetter(*CheckInFacts._fields)
_PAIN_AT = CheckInFacts._fields.index("pain")
