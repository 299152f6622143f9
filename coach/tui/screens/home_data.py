"""What the home screen shows, read off the UI thread: the routines, the program, the rows of
the two lists, and what changed outside the app.

Nothing heavier than the standard library is imported with this module (the home screen's
skeleton is drawn first); each function imports what it needs and blocks: call from a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.app.context import AppContext
from coach.domain.text import shorten

if TYPE_CHECKING:
    from pathlib import Path

    from coach.domain.records import SessionRecord
    from coach.library import Library
    from coach.listing import Listing, Row


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, loaded off the UI thread."""

    library: Library
    program_ids: frozenset[str]
    estimates: dict[str, float]
    interrupted: list[SessionRecord] = field(default_factory=list)


def load_home_data(ctx: AppContext, with_interrupted: bool = False) -> HomeData:
    """Read routines, the program and interrupted sessions (blocking: call from a worker)."""
    from coach.app.sessions import unfinished
    from coach.domain.plan import expand

    library = ctx.library()
    repo = ctx.repo()
    program = frozenset(e.routine_id for e in repo.program() if e.active)
    estimates = {rid: expand(lr.routine).estimate_s for rid, lr in library.routines.items()}
    interrupted = unfinished(ctx) if with_interrupted else []
    return HomeData(library, program, estimates, interrupted)


def listing_of(data: HomeData) -> Listing:
    """The rows the lists show (and :mod:`coach.listing` keeps for the next start)."""
    from coach.domain.describe import format_minutes
    from coach.listing import Listing, Row

    rows = []
    for loaded in data.library.ordered():
        routine = loaded.routine
        regions = ", ".join(dict.fromkeys(e.region for e in routine.exercises if e.region))
        rows.append(
            Row(routine.id, routine.title, str(len(routine.exercises)),
                format_minutes(data.estimates[routine.id]).removeprefix("about "), regions,
                routine.id in data.program_ids)
        )  # fmt: skip
    gentle = any(
        r.routine.flare is not None
        for rid, r in data.library.routines.items()
        if rid in data.program_ids
    )
    return Listing(tuple(rows), tuple(str(p) for p in data.library.problems), gentle)


def routine_sources(app: Any) -> list[tuple[Path, str]]:
    from coach.library import default_sources

    return list(default_sources(app.data_dir, app.extra_dirs))


def shown_from_coach_json(app: Any) -> tuple[Any, ...]:
    """What the home screen shows from ``coach.json`` (blocking: call from a worker)."""
    repo = app.repo()
    return (
        repo.program(include_inactive=True),
        sorted(repo.excused_days().items()),
        repo.psfs_activities(include_inactive=True),
    )


def resume_details(record: SessionRecord, library: Library) -> tuple[str | None, str | None]:
    """(where the session stopped, why it cannot be resumed or None)."""
    from coach.app.sessions import resume_details as details

    return details(record, library.routines.get(record.routine_id))


COLUMNS = ("Routine", "Exercises", "About", "Areas")
"""The columns of the program and library lists."""
NARROW_COLUMNS = ("Routine", "About", "Areas")
"""On a narrow terminal the number of exercises gives way (the routine's screen lists them)."""
BESIDE_TABLE = 6
"""Cells of the screen's width the lists cannot use: their margins and two scroll bars."""
MIN_TITLE = 20
"""Titles are never cut shorter than this."""


@dataclass(frozen=True)
class ListLayout:
    """How the program and library lists fit the screen's width."""

    columns: tuple[str, ...]
    title: int
    """Characters of a routine's title shown (cut with "…")."""
    areas: int | None = None
    """The width the areas wrap at (on a very narrow terminal), None: on one line."""


def list_layout(screen_width: int, rows: Sequence[Row]) -> ListLayout:
    """The columns the lists show at ``screen_width`` and how many characters of a routine's
    title fit with every other column whole (their areas first: "knee, hip, calf", not
    "knee, hip, cal"). Very narrow: titles keep ``MIN_TITLE`` characters, the areas wrap."""
    room = 0
    for columns in (COLUMNS, NARROW_COLUMNS):
        room = screen_width - BESIDE_TABLE - 2 * len(columns)  # a cell each side of a column
        widths = [max([len(name)] + [len(_cell(row, name)) for row in rows])
                  for name in columns[1:]]  # fmt: skip
        room -= sum(widths)
        if room >= MIN_TITLE:
            return ListLayout(columns, room)
    return ListLayout(NARROW_COLUMNS, MIN_TITLE, max(len("Areas"), widths[-1] - MIN_TITLE + room))


def row_cells(row: Row, columns: Sequence[str], room: int) -> list[Any]:
    """The row's cells in ``columns``; its title cut to ``room`` characters."""
    return [shorten(row.title, room)] + [_cell(row, name) for name in columns[1:]]


def _cell(row: Row, column: str) -> str:
    return {"Exercises": row.exercises, "About": row.time, "Areas": row.areas}[column]
