"""Check-in use cases shared by ``coach checkin`` / ``coach activities`` and the TUI screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from coach.domain.psfs import Activity

if TYPE_CHECKING:
    from coach.storage.repo import Repository


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
