"""Use cases of the routine versions a client runs: doses accepted, and the flare version.

Both front ends call these (``coach dose``, ``coach run --flare``, ``coach show`` and the TUI's
routine, home and session screens). The routine file is never edited: the session runs
:func:`session_routine`, the file's routine with the client's accepted doses, or its flare
version. Storage calls block: the TUI calls them from worker threads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from coach.domain.progression import (
    DoseChange,
    Proposal,
    apply_doses,
    current_doses,
    proposals,
    rising_regions,
)
from coach.domain.routine import Routine

if TYPE_CHECKING:
    from coach.library import LoadedRoutine
    from coach.storage.repo import Repository

LOOK_BACK = timedelta(days=180)
"""How far back the log is read to judge an offer (enough sessions and a pain baseline)."""


class NoFlareVersion(Exception):
    """The routine has no flare version (the client may rest today instead)."""


def flare_version(routine: Routine) -> Routine:
    """The routine as its flare version: the flare exercises and advice (raises NoFlareVersion)."""
    if routine.flare is None:
        raise NoFlareVersion(
            f"'{routine.title}' has no flare version. On a bad day you can rest instead: "
            "coach excuse today flare"
        )
    advice = routine.flare.advice or routine.advice
    return routine.model_copy(update={"exercises": list(routine.flare.exercises),
                                      "advice": advice, "flare": None})  # fmt: skip


def session_routine(repo: Repository, loaded: LoadedRoutine, flare: bool = False) -> LoadedRoutine:
    """What a session of ``loaded`` runs: its flare version, or the file with accepted doses.

    Same file, same sha256 (the log keeps which prescription version it was); only the routine
    model differs. The flare version never carries raised doses.
    """
    if flare:
        return replace(loaded, routine=flare_version(loaded.routine))
    doses = current_doses(loaded.routine, repo.dose_changes(loaded.routine.id))
    if not doses:
        return loaded
    return replace(loaded, routine=apply_doses(loaded.routine, doses))


def dose_offers(
    repo: Repository, loaded: LoadedRoutine, now: datetime, tz: tzinfo
) -> list[Proposal]:
    """The therapist's plan for each exercise now: step up, or back when pain has risen."""
    routine = loaded.routine
    if not any(ex.progression for ex in routine.exercises):
        return []
    sessions, checkins = repo.history(now - LOOK_BACK)
    mine = [s for s in sessions if s.routine_id == routine.id]
    rising = rising_regions(checkins, tz)
    return proposals(routine, mine, checkins, repo.dose_changes(routine.id), rising)


def accept(repo: Repository, offer: Proposal, now: datetime) -> DoseChange:
    """Keep the new dose: the next sessions run it."""
    change = offer.change(now)
    repo.save_dose_change(change)
    return change


def decline(repo: Repository, offer: Proposal, now: datetime) -> DoseChange:
    """Not now: the dose stays; the offer comes back after enough new sessions."""
    change = offer.declined(now)
    repo.save_dose_change(change)
    return change


def undo_last(repo: Repository, routine_id: str, now: datetime) -> DoseChange | None:
    """Take back the latest accepted dose change of a routine (None when there is none)."""
    standing = [
        c for c in repo.dose_changes(routine_id) if c.undone_at is None and c.kind != "declined"
    ]
    if not standing:
        return None
    last = standing[-1].model_copy(update={"undone_at": now})
    repo.save_dose_change(last)
    return last


def dose_history(repo: Repository, routine_id: str | None = None) -> list[DoseChange]:
    """Every accepted change (undone ones marked), oldest first: the report's dose history."""
    return [c for c in repo.dose_changes(routine_id) if c.kind != "declined"]


def rest_today(repo: Repository, today: date) -> None:
    """A flare day without a flare version: today is excused (``flare``), the streak kept."""
    repo.set_excused(today, "flare")

