"""Helpers shared by the storage tests (record factories, 'new process', folder snapshots)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage import store as store_module


def forget_process_state() -> None:
    """Drop this process's memo and locks, as if coach had just started (a 'new process')."""
    store_module._SHARED.clear()


def make_session(started_at: datetime | None = None, **changes: Any) -> SessionRecord:
    """A session record with sensible defaults."""
    return SessionRecord(
        routine_id=changes.pop("routine_id", "knee-basic"),
        routine_title=changes.pop("routine_title", "Knee basics"),
        routine_hash=changes.pop("routine_hash", "ab" * 32),
        started_at=started_at or datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        exercises=changes.pop(
            "exercises",
            [ExerciseLog(index=0, name="Heel slides", status="done", sets_done=2, reps_done=10)],
        ),
        **changes,
    )


def make_checkin(at: datetime | None = None, **changes: Any) -> CheckInRecord:
    """A check-in record with sensible defaults."""
    return CheckInRecord(
        at=at or datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        context=changes.pop("context", "after_session"),
        pain=changes.pop("pain", [PainRating(region="knee_left", value=3)]),
        **changes,
    )


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in ``folder`` with its bytes and mtime (to prove nothing was touched)."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
