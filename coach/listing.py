"""The routine list as the home screen shows it, kept so that it is shown before anything is parsed.

Reading the routine library means importing the routine models and validating every file, which
takes most of the time to the home screen's list. The list's rows (title, exercise count, time,
areas, in the program or not) are therefore kept in ``routine-list.cache.json`` in the data
folder, with the signature of everything they were made from: each routine file of every source
(name, inode, size, modification time) and ``coach.json`` (where the program is). At start-up the
home screen shows the kept rows when the signature is unchanged (a few ``stat`` calls and one
small JSON file: no pydantic, no storage), then reads and validates the library as before and
shows that (the same rows when nothing changed). Any doubt (a missing, damaged or older file, a
different signature) and the rows are simply not shown early. This module imports nothing heavy.

The program as the today panel measures it is kept with the rows (each active routine's title,
prescription, the day it entered the program and the day the client chose; the routines whose
file is missing; the excused days): with the log's kept facts files the panel is drawn from
them too, before the routine and record models are imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.storage.kept import ROUTINE_LIST, read_kept, signature, write_kept

__all__ = ["Listing", "Planned", "Row", "read", "signature", "write"]

CACHE_NAME = ROUTINE_LIST
FORMAT = 3


@dataclass(frozen=True)
class Row:
    """One routine as the list shows it."""

    routine_id: str
    title: str
    exercises: str
    time: str
    areas: str
    in_program: bool


@dataclass(frozen=True)
class Planned:
    """One active routine of the program, as the day-status model measures it."""

    routine_id: str
    title: str
    per_day: int
    days_per_week: int
    added_at: str
    """When it entered the program (ISO 8601, aware)."""
    since: str | None
    """The first day the client chose (ISO date), if any."""


@dataclass(frozen=True)
class Listing:
    """The rows (in the library's order) and the problems of files that could not be used."""

    rows: tuple[Row, ...]
    problems: tuple[str, ...]
    gentle: bool = False
    """Whether a routine of the program has a flare version (the hint offers it)."""
    program: tuple[Planned, ...] | None = None
    """The active program routines whose file was read (None: not known)."""
    missing: tuple[str, ...] = ()
    """Active program routines whose file is missing."""
    excused: tuple[tuple[str, str], ...] = ()
    """Excused days (ISO date, reason), in order."""


def read(data_dir: Path, now: list[Any]) -> Listing | None:
    """The kept rows if they were made from exactly what is there now (``now``: the
    :func:`signature` just taken); else None."""
    kept = read_kept(data_dir, CACHE_NAME, FORMAT, now)
    if kept is None:
        return None
    try:
        rows = tuple(Row(*row) for row in kept["rows"])
        problems = tuple(str(p) for p in kept["problems"])
        gentle = kept["gentle"] is True
        planned = kept["program"]
        program = None if planned is None else tuple(Planned(*p) for p in planned)
        missing = tuple(kept["missing"])
        excused = tuple((day, reason) for day, reason in kept["excused"])
    except (ValueError, TypeError, KeyError):
        return None
    if not all(isinstance(v, str) for r in rows for v in (r.routine_id, r.title, r.time)):
        return None
    if not (_planned_ok(program) and _strs(missing) and _strs(v for e in excused for v in e)):
        return None
    return Listing(rows, problems, gentle, program, missing, excused)


def _strs(values: Any) -> bool:
    return all(type(v) is str for v in values)


def _planned_ok(program: tuple[Planned, ...] | None) -> bool:
    return program is None or all(
        _strs((p.routine_id, p.title, p.added_at))
        and (p.since is None or type(p.since) is str)
        and type(p.per_day) is int
        and type(p.days_per_week) is int
        and p.per_day >= 1
        and 1 <= p.days_per_week <= 7
        for p in program
    )


def write(
    data_dir: Path, extra_dirs: Sequence[Path], listing: Listing, made_from: list[Any]
) -> None:
    """Keep ``listing``, made from the files as they were at ``made_from`` (a
    :func:`signature` taken before reading them); nothing is kept if anything changed since, or
    if the folder cannot be written (a cache: never an error)."""
    if signature(data_dir, extra_dirs) != made_from or not data_dir.is_dir():
        return
    body = {
        "format": FORMAT,
        "signature": made_from,
        "rows": [list(vars(row).values()) for row in listing.rows],
        "problems": list(listing.problems),
        "gentle": listing.gentle,
        "program": None
        if listing.program is None
        else [list(vars(p).values()) for p in listing.program],
        "missing": list(listing.missing),
        "excused": [list(e) for e in listing.excused],
    }
    write_kept(data_dir, CACHE_NAME, body)
