"""The client's program and excused days: ``coach program`` / ``drop`` / ``excuse`` and the
TUI's routine screen (``p``) call these.

A routine's progress counts from the earlier of the day it was added and its first logged
session (or the day the client chose); taking a routine out keeps its history. An excused day
(rest, flare, ill) pauses streaks: up to :data:`MAX_EXCUSED_IN_A_ROW` in a row freeze a streak,
the next one ends it. Blocking (they read and write the data folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.domain.clinical import MAX_EXCUSED_IN_A_ROW
from coach.services.program import measured_from, put_in_program
from coach.services.review import long_date

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.library import LoadedRoutine

__all__ = [
    "MAX_EXCUSED_IN_A_ROW", "ExcuseError", "ProgramRow", "clear_excuse", "drop", "excuse_day",
    "put_in", "rows",
]  # fmt: skip


@dataclass(frozen=True)
class ProgramRow:
    """One routine of the program as ``coach program`` lists it."""

    routine_id: str
    title: str | None
    """None when its routine file is missing or invalid."""
    per_day: int
    days_per_week: int
    since: date
    """The first day its progress counts from."""


def rows(ctx: AppContext) -> list[ProgramRow]:
    """The active program's routines, each with the day it is measured from."""
    repo = ctx.repo()
    entries = [e for e in repo.program() if e.active]
    if not entries:
        return []
    library = ctx.library()
    starts = measured_from(repo, library)
    found = []
    for entry in entries:
        loaded = library.routines.get(entry.routine_id)
        start = starts.get(entry.routine_id, entry.since or entry.added_at.date())
        if loaded is None:
            found.append(ProgramRow(entry.routine_id, None, 0, 0, start))
            continue
        f = loaded.routine.frequency
        found.append(ProgramRow(entry.routine_id, loaded.routine.title, f.per_day,
                                f.days_per_week, start))  # fmt: skip
    return found


def put_in(ctx: AppContext, loaded: LoadedRoutine) -> None:
    """Put a routine coach has into the program (this version of it)."""
    put_in_program(ctx.repo(), loaded, now=ctx.now())


def drop(ctx: AppContext, routine_id: str) -> bool:
    """Take a routine out of the program (its history stays); False when it was not in it."""
    return ctx.repo().drop_from_program(routine_id)


class ExcuseError(ValueError):
    """A day that cannot be excused (yet); ``str()`` says why, plainly."""


def excuse_day(ctx: AppContext, day: date, reason: str) -> int:
    """Excuse ``day`` (``rest``, ``flare`` or ``ill``); how many days in a row are now excused
    around it (more than :data:`MAX_EXCUSED_IN_A_ROW`: the streak ends). ExcuseError (nothing
    saved) for a day more than a day ahead."""
    if day > ctx.now().date() + timedelta(days=1):
        raise ExcuseError(
            f"{long_date(day)} is more than a day ahead. Excuse a day when it comes "
            "(or the day before)."
        )
    repo = ctx.repo()
    repo.set_excused(day, reason)
    excused = repo.excused_days()
    run, d = 0, day
    while d in excused:
        run, d = run + 1, d - timedelta(days=1)
    d = day + timedelta(days=1)
    while d in excused:
        run, d = run + 1, d + timedelta(days=1)
    return run


def clear_excuse(ctx: AppContext, day: date) -> bool:
    """The day is no longer excused; False when it was not."""
    return ctx.repo().clear_excused(day)
