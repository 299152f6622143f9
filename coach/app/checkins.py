"""Check-in use cases shared by ``coach checkin`` / ``coach activities`` and the TUI screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from coach.domain.checkin import CheckInError, has_values
from coach.domain.psfs import Activity

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.domain.records import CheckInRecord, SessionRecord
    from coach.domain.routine import Routine
    from coach.storage.repo import Repository


class EmptyCheckIn(CheckInError):
    """A check-in with no value at all: nothing is saved (each front end says which values it
    takes, in its own words)."""


def record_checkin(repo: Repository, record: CheckInRecord) -> CheckInRecord:
    """Save a new or edited check-in; :class:`EmptyCheckIn` (nothing saved) when it holds no
    value (:func:`~coach.domain.checkin.has_values`). The CLI and the TUI both save through here,
    so they accept the same check-ins (a note alone included)."""
    if not has_values(record):
        raise EmptyCheckIn("a check-in needs at least one value")
    repo.save_checkin(record)
    return record


def load_activities(repo: Repository) -> list[Activity]:
    """The client's PSFS activities (retired ones too), as the pure model."""
    return [Activity(a.id, a.name, a.active) for a in repo.psfs_activities(include_inactive=True)]


def save_activities(repo: Repository, activities: Sequence[Activity], now: datetime) -> None:
    """Store the activities that are new or changed (one transaction)."""
    # lazy: the storage models bring pydantic; the check-in screen's module loads without it
    from coach.storage.models import PsfsActivity

    stored = {a.id: a for a in repo.psfs_activities(include_inactive=True)}
    with repo.transaction():
        for act in activities:
            old = stored.get(act.id)
            if old is not None and (old.name, old.active) == (act.name, act.active):
                continue
            added = old.added_at if old is not None else now
            repo.save_psfs_activity(
                PsfsActivity(id=act.id, name=act.name, active=act.active, added_at=added)
            )


def program_routines(ctx: AppContext) -> list[Routine]:
    """The program's routines coach can read, in program order: the regions and measures a
    check-in asks about first (``coach checkin`` and the check-in screen)."""
    library = ctx.library()
    return [
        library.routines[e.routine_id].routine
        for e in ctx.repo().program()
        if e.routine_id in library.routines
    ]


def find_session(ctx: AppContext, ref: str) -> SessionRecord:
    """A logged session by id or unique id prefix (to link a check-in to it); CheckInError
    says why none is found."""
    # lazy: brings pydantic, the record models (the check-in screen's module loads without it)
    from coach.domain.history import find_entry, timeline

    entries = [e for e in timeline(ctx.repo().sessions(), []) if e.kind == "session"]
    return find_entry(entries, ref).record  # type: ignore[return-value]
