"""The shapes statistics read, without the record models: importable without pydantic.

:mod:`coach.domain.records` defines the validated records (pydantic models); the statistics
(:mod:`coach.domain.days`, :mod:`coach.domain.stats`, :mod:`coach.domain.dayfacts`, ...) read
only what is here, so that the home screen's today panel and ``coach stats`` can be computed
from the log's per-day facts before (or without) the record models are imported.
:mod:`coach.domain.records` re-exports every name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Literal, NamedTuple, Protocol

SessionStatus = Literal["in_progress", "complete", "partial", "abandoned"]
ExerciseStatus = Literal["done", "partial", "skipped", "not_reached"]
PainContext = Literal[
    "before_session", "after_session", "during_session", "next_morning", "at_rest", "with_activity"
]


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
    def of(cls, rec: SessionLike) -> SessionFacts:
        """The facts of a (validated) session record."""
        return cls.of_many([rec])[0]

    @classmethod
    def of_many(cls, records: Iterable[SessionLike]) -> list[SessionFacts]:
        """The facts of many (validated) session records, in order."""
        new, get = tuple.__new__, _SESSION_FIELDS
        return [new(cls, get(rec.__dict__)) for rec in records]


class ExerciseFacts(NamedTuple):
    """What the history and the report read of one exercise of a session: its name and how
    far it got."""

    name: str
    status: ExerciseStatus


class SessionRecordFacts(NamedTuple):
    """A read-only copy of a :class:`SessionRecord` with its exercises' names and statuses (for
    the history list and the report)."""

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
    exercises: tuple[ExerciseFacts, ...]


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
    def of(cls, rec: CheckInLike) -> CheckInFacts:
        """The facts of a (validated) check-in record."""
        return cls.of_many([rec])[0]

    @classmethod
    def of_many(cls, records: Iterable[CheckInLike]) -> list[CheckInFacts]:
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
