"""The everyday activities rated at check-in (PSFS): added, renamed, retired from the TUI.

The rules are the domain's (:mod:`coach.domain.psfs`); reading and writing go through the same
two functions as ``coach activities`` (:mod:`coach.app.checkins`). Each change returns the
activities now stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from coach.app.checkins import load_activities, save_activities
from coach.domain import psfs

if TYPE_CHECKING:
    from coach.storage.repo import Repository


def current(repo: Repository) -> list[psfs.Activity]:
    """The activities, retired ones too."""
    return load_activities(repo)


def _store(repo: Repository, activities: list[psfs.Activity], now: datetime) -> list[psfs.Activity]:
    save_activities(repo, activities, now)
    return activities


def add_activities(repo: Repository, names: Sequence[str], now: datetime) -> list[psfs.Activity]:
    """Add activities (the first time: 3 to 5 of them); CheckInError when a rule is broken."""
    with repo.transaction():
        activities = current(repo)
        if not psfs.active(activities) and not activities:
            activities = psfs.set_up(list(names))
        else:
            for name in names:
                activities = psfs.add(activities, name)
        return _store(repo, activities, now)


def rename_activity(
    repo: Repository, activity_id: str, name: str, now: datetime
) -> list[psfs.Activity]:
    """Rename one activity (its history follows: same id)."""
    with repo.transaction():
        return _store(repo, psfs.rename(current(repo), activity_id, name), now)


def retire_activity(repo: Repository, activity_id: str, now: datetime) -> list[psfs.Activity]:
    """Stop rating one activity (its scores stay in the log)."""
    with repo.transaction():
        return _store(repo, psfs.retire(current(repo), activity_id), now)
