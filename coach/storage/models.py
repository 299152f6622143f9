"""Small records kept in ``coach.json`` that are not part of the domain log.

Every row is validated with the domain's bounds (:mod:`coach.domain.bounds`) when it is written
and when it is read back, so a damaged row is refused naming the file and the row.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from coach.domain.bounds import Digest, Id, Key, Moment, Name, PathText, Word
from coach.domain.records import new_id

Day = Annotated[date, Field(ge=date(1970, 1, 1), le=date(2100, 12, 31))]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ProgramEntry(_Row):
    """One routine in the client's program: which file, which version, since when."""

    routine_id: Name
    path: PathText
    sha256: Digest
    added_at: Moment
    active: bool = True
    since: Day | None = None
    """The first day to measure from, when the client set it (``coach add --since``); else
    the earlier of ``added_at`` and the routine's first logged session."""


class PsfsActivity(_Row):
    """An activity the client rates 0-10 in check-ins (Patient-Specific Functional Scale)."""

    id: Id = Field(default_factory=new_id)
    name: Name
    added_at: Moment
    active: bool = True


class SettingRow(_Row):
    """One setting: a key and a plain JSON value (its reader checks the value's shape)."""

    key: Key
    value: Any = None


class FiredRow(_Row):
    """A reminder already sent (or claimed): its key and when."""

    model_config = ConfigDict(extra="allow")  # later coaches may add bookkeeping fields

    key: Key
    at: Moment


class ExcusedRow(_Row):
    """A day excused from streaks and reminders."""

    day: Day
    reason: Word
