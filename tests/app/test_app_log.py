"""The log's use cases (``coach history edit/delete``, the TUI's log screen) and the check-in
helpers both front ends share, on a real data folder; and no front end writes the log itself."""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coach
from coach.app import log
from coach.app.checkins import find_session, program_routines
from coach.app.context import AppContext
from coach.domain.checkin import CheckInError
from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import load_file
from coach.services.program import put_in_program
from coach.storage.repo import Repository

AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ROUTINE = {
    "format": 1, "id": "neck", "title": "Neck",
    "check_in": {"before": True, "after": False},
    "exercises": [{"name": "Chin tuck", "kind": "posture", "region": "neck", "duration_s": 30}],
}  # fmt: skip


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "neck.json").write_text(json.dumps(ROUTINE), encoding="utf-8")
    return AppContext(tmp_path / "data", [routines], wall=lambda: AT, zone=UTC)


def _seed(repo: Repository) -> tuple[SessionRecord, CheckInRecord]:
    session = SessionRecord(
        routine_id="neck", routine_title="Neck", routine_hash="x", started_at=AT,
        status="complete",
    )  # fmt: skip
    checkin = CheckInRecord(
        at=AT.replace(hour=9), context="after_session", session_id=session.id,
        pain=[PainRating(region="neck", value=2)],
    )  # fmt: skip
    repo.save_session(session)
    repo.save_checkin(checkin)
    return session, checkin


def test_read_find_and_delete_entries(ctx: AppContext) -> None:
    assert log.read_log(ctx) == log.Log([], {})
    session, checkin = _seed(ctx.repo())
    found = log.read_log(ctx)
    assert [(e.kind, e.id) for e in found.entries] == [
        ("session", session.id), ("checkin", checkin.id)
    ]  # fmt: skip
    assert log.read_log(ctx, since=AT.replace(hour=8, minute=30)).entries == found.entries[1:]
    assert log.find(ctx, checkin.id[:6]).record == checkin
    with pytest.raises(CheckInError):
        log.find(ctx, "zzzzzz")
    assert log.delete_entry(ctx, log.find(ctx, session.id)) is True
    assert [e.kind for e in log.read_log(ctx).entries] == ["checkin"]  # its check-in stays
    assert log.delete_entry(ctx, log.find(ctx, checkin.id)) is True
    assert log.read_log(ctx).entries == []
    assert log.delete_unreadable(ctx, f" {checkin.id} ") is False  # already gone


def test_the_check_in_helpers_read_the_program_and_the_sessions(ctx: AppContext) -> None:
    assert program_routines(ctx) == []
    put_in_program(ctx.repo(), load_file(ctx.extra_dirs[0] / "neck.json"))
    assert [r.id for r in program_routines(ctx)] == ["neck"]
    session, _ = _seed(ctx.repo())
    assert find_session(ctx, session.id[:5]) == session


WRITES = {
    "save_checkin", "save_session", "delete_checkin", "delete_session", "delete_record",
    "add_to_program", "drop_from_program", "set_excused", "clear_excused", "save_dose_change",
    "save_psfs_activity", "import_records", "record_fired", "send_failed",
    "remember_routine_version", "forget_fired_before",
}  # fmt: skip
"""The repository's writes of the log, the program and the reminder bookkeeping."""


def edge_writes(root: Path) -> list[str]:
    """``file:line method`` for each call of a repository write in cli/ and tui/."""
    found = []
    for folder in ("cli", "tui"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in WRITES):  # fmt: skip
                    found.append(f"{folder}/{path.name}:{node.lineno} {node.func.attr}")
    return found


def test_the_front_ends_write_through_use_cases_only() -> None:
    """Both front ends save and delete through coach.app (the same rules for both)."""
    assert edge_writes(Path(coach.__file__).parent) == []


def test_the_write_check_finds_a_direct_call(tmp_path: Path) -> None:
    (tmp_path / "cli").mkdir()
    (tmp_path / "tui").mkdir()
    (tmp_path / "cli" / "x.py").write_text("def f(ctx):\n    ctx.repo().delete_checkin('a')\n")
    assert edge_writes(tmp_path) == ["cli/x.py:2 delete_checkin"]
