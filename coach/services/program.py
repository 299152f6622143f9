"""Putting a routine into the client's program (the CLI's ``coach add`` and the TUI's ``p``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.domain.days import SessionIndex
from coach.localtime import local_now, local_tz
from coach.services.reminder_settings import skip_passed_today
from coach.services.review import program_items
from coach.storage.models import ProgramEntry

if TYPE_CHECKING:
    from coach.library import LoadedRoutine
    from coach.storage.repo import Repository


def put_in_program(
    repo: Repository,
    loaded: LoadedRoutine,
    path: Path | None = None,
    content: str | None = None,
    since: date | None = None,
    now: datetime | None = None,
) -> None:
    """Add ``loaded`` to the program (replacing an entry of the same id), and remember this
    version of the prescription so the log can say which version each session used.

    ``path``/``content``: where the routine now lives and its text, when it was just copied
    (``coach add``); by default the file it was loaded from. ``since``: the first day to
    measure it from, when the client sets it (else the earlier of today and its first session).
    ``now`` (the use cases always give it; None only for seeding data): a routine new to the
    program first reminds at its next time, today's times that already passed wait for tomorrow.
    """
    where = path or loaded.path
    text = content if content is not None else where.read_text(encoding="utf-8")
    with repo.transaction():
        new = not any(e.routine_id == loaded.routine.id and e.active for e in repo.program())
        repo.remember_routine_version(loaded.routine.id, loaded.sha256, text)
        repo.add_to_program(
            ProgramEntry(
                routine_id=loaded.routine.id,
                path=str(where),
                sha256=loaded.sha256,
                added_at=local_now(),
                active=True,
                since=since,
            )
        )
        if new and now is not None:
            skip_passed_today(repo, loaded, now)


def measured_from(repo: Repository, library: Any) -> dict[str, date]:
    """The first day each active program routine is measured from (blocking: reads the log).

    The same day ``coach stats`` and the report count from
    (:func:`coach.services.review.program_items`).
    """
    tz = local_tz()
    entries = [e for e in repo.program() if e.active]
    sessions, _ = repo.history_facts(checkins=False) if entries else ([], [])
    items, _, _ = program_items(entries, library, tz, SessionIndex.build(sessions, tz))
    return {p.routine_id: p.since for p in items}
