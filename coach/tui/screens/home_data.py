"""What the home screen shows, read off the UI thread: the routines, the program, the rows of
the two lists, and what changed outside the app.

Nothing heavier than the standard library is imported with this module (the home screen's
skeleton is drawn first); each function imports what it needs and blocks: call from a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.app.context import AppContext
from coach.domain.text import shorten

if TYPE_CHECKING:
    from datetime import date, tzinfo
    from pathlib import Path

    from coach.domain.records import SessionRecord
    from coach.library import Library
    from coach.listing import Listing, Row
    from coach.tui.widgets.today import TodayData, TodayPanel


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, loaded off the UI thread."""

    library: Library
    program_ids: frozenset[str]
    estimates: dict[str, float]
    interrupted: list[SessionRecord] = field(default_factory=list)
    entries: tuple[Any, ...] = ()
    """The active program entries (``ProgramEntry``, in the program's order)."""
    excused: tuple[tuple[date, str], ...] = ()


def load_home_data(ctx: AppContext, with_interrupted: bool = False) -> HomeData:
    """Read routines, the program and interrupted sessions (blocking: call from a worker)."""
    # lazy: off the first frame (platformdirs, pydantic, the record models)
    from coach.app.sessions import unfinished

    # lazy: off the first frame (pydantic, the routine models, zoneinfo)
    from coach.domain.plan import expand

    library = ctx.library()
    repo = ctx.repo()
    entries = tuple(e for e in repo.program() if e.active)
    program = frozenset(e.routine_id for e in entries)
    estimates = {rid: expand(lr.routine).estimate_s for rid, lr in library.routines.items()}
    interrupted = unfinished(ctx) if with_interrupted else []
    excused = tuple(sorted(repo.excused_days().items()))
    return HomeData(library, program, estimates, interrupted, entries, excused)


def listing_of(data: HomeData) -> Listing:
    """The rows the lists show (and :mod:`coach.listing` keeps for the next start)."""
    # lazy: off the first frame (pydantic, the routine models, zoneinfo)
    from coach.domain.describe import format_minutes
    from coach.domain.regions import region_words

    # lazy: brings platformdirs; this module loads with the first frame and the home screen
    from coach.listing import Listing, Planned, Row

    rows = []
    for loaded in data.library.ordered():
        routine = loaded.routine
        areas = (region_words(e.region) for e in routine.exercises if e.region)
        regions = ", ".join(dict.fromkeys(areas))
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
    program: list[Planned] = []
    missing: list[str] = []
    for entry in data.entries:
        found = data.library.routines.get(entry.routine_id)
        if found is None:
            missing.append(entry.routine_id)
            continue
        freq = found.routine.frequency
        program.append(
            Planned(entry.routine_id, found.routine.title, freq.per_day, freq.days_per_week,
                    entry.added_at.isoformat(), entry.since and entry.since.isoformat())
        )  # fmt: skip
    excused = tuple((day.isoformat(), reason) for day, reason in data.excused)
    return Listing(tuple(rows), tuple(str(p) for p in data.library.problems), gentle,
                   tuple(program), tuple(missing), excused)  # fmt: skip


def show_kept_today(app: Any, panel: TodayPanel, kept: Listing) -> None:
    """Draw the today panel from :func:`kept_today`, if it can be, and wait (at most a second)
    until it is on the screen: the validated reading that follows holds the interpreter lock
    most of the time and would only delay drawing what is ready (blocking: from a worker)."""
    tz = panel.tz or app.ctx.tz()
    data = kept_today(app.ctx, kept, panel.fixed_now or datetime.now(tz), tz)
    if data is None or panel.data is not None:
        return
    app.call_from_thread(panel.show, data, tz)
    wait_drawn(app, panel)


def wait_drawn(app: Any, widget: Any, timeout: float = 1.0) -> None:
    """Block a worker until what the UI thread was just asked to change is on the screen (at
    most ``timeout`` s): work that follows in the worker holds the interpreter lock most of the
    time, and would only delay drawing what is ready."""
    import threading  # lazy: a worker's helper (the module imports nothing at start-up)

    drawn = threading.Event()
    app.call_from_thread(widget.call_after_refresh, drawn.set)
    drawn.wait(timeout)


def kept_today(ctx: AppContext, kept: Listing, now: datetime, tz: tzinfo) -> TodayData | None:
    """The today panel's data from the kept program (``kept``: the rows of the last start, still
    current) and the log's kept facts files, when every one is current; else None. Imports no
    routine or record models (the panel is drawn before they are)."""
    # lazy: off the first frame
    from coach.domain.days import local_date
    from coach.tui.widgets.today import today_from_kept

    if kept.program is None:
        return None
    # The past years summed up and this year's facts; else every year's facts.
    facts: Any = ctx.kept_panel_facts(tz, local_date(now, tz))
    if facts is not None:
        try:
            found = today_from_kept(facts, kept.program, kept.missing, kept.excused, now, tz, ctx)
        except ValueError:
            return None
        if found is not None:
            return found
    facts = ctx.kept_day_facts(tz)
    if facts is None:
        return None
    try:
        return today_from_kept(facts, kept.program, kept.missing, kept.excused, now, tz, ctx)
    except ValueError:  # a kept time or day that cannot be read: not early, then
        return None


def routine_sources(app: Any) -> list[tuple[Path, str]]:
    # lazy: off the first frame (platformdirs, pydantic, the routine library)
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
    # lazy: off the first frame (platformdirs, pydantic, the record models)
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
