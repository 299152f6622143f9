"""Small records kept in ``coach.json`` that are not part of the domain log."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from coach.domain.records import new_id


class ProgramEntry(BaseModel):
    """One routine in the client's program: which file, which version, since when."""

    model_config = ConfigDict(extra="forbid")

    routine_id: str
    path: str
    sha256: str
    added_at: datetime
    active: bool = True
    since: date | None = None
    """The first day to measure from, when the client set it (``coach add --since``); else
    the earlier of ``added_at`` and the routine's first logged session."""


class PsfsActivity(BaseModel):
    """An activity the client rates 0-10 in check-ins (Patient-Specific Functional Scale)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1, max_length=200)
    added_at: datetime
    active: bool = True
