"""The log's use cases: ``coach history edit/delete`` and the TUI's log screen call these.

Read everything logged with the activity names the entries mention (:func:`read_log`), find an
entry by its id or a unique prefix (:func:`find`), delete one (:func:`delete_entry`, a check-in
or a session) or a stored record coach cannot read (:func:`delete_unreadable`). Editing a
check-in saves through :func:`coach.app.checkins.record_checkin`, as a new one does. Blocking
(they read the data folder): the TUI calls them from worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from coach.app.checkins import load_activities
from coach.domain import psfs
from coach.domain.history import Entry, find_entry, timeline

if TYPE_CHECKING:
    from coach.app.context import AppContext


@dataclass(frozen=True)
class Log:
    """Sessions and check-ins, oldest first, and the names of the activities rated in them."""

    entries: list[Entry]
    activity_names: dict[str, str] = field(default_factory=dict)


def read_log(ctx: AppContext, since: datetime | None = None) -> Log:
    """Everything logged (from ``since`` on) with the activity names (one read of the log)."""
    repo = ctx.repo()
    entries = timeline(*repo.history(since), since)
    return Log(entries, psfs.names(load_activities(repo)) if entries else {})


def measure_names(ctx: AppContext) -> dict[str, tuple[str, str]]:
    """Measure id -> (label, unit) of every routine coach finds, to show measures by name
    (reads the routines: call it where the log is shown, not on a command's fast path)."""
    # lazy: the routine models
    from coach.domain.history import measure_labels

    library = ctx.library()
    return measure_labels(
        m for lr in library.ordered() for m in lr.routine.check_in.measures
    )


def find(ctx: AppContext, entry_id: str) -> Entry:
    """The entry with this id or unique id prefix; CheckInError says why none is found."""
    return find_entry(timeline(*ctx.repo().history()), entry_id)


def delete_entry(ctx: AppContext, entry: Entry) -> bool:
    """Delete a check-in or a session (its check-ins stay); whether it was still there."""
    repo = ctx.repo()
    if entry.kind == "checkin":
        return repo.delete_checkin(entry.id)
    return repo.delete_session(entry.id)


def delete_unreadable(ctx: AppContext, record_id: str) -> bool:
    """Delete a stored session or check-in coach refuses to read (named in the refusal);
    whether one was found."""
    return ctx.repo().delete_record(record_id.strip())
