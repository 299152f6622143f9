"""Damage is never read as "empty", and a file holding a bad record is never rewritten."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from storage_helpers import forget_process_state, make_checkin, make_session

from coach.storage import CorruptDatabase, Repository
from coach.storage.errors import InvalidRecord


def _saved_year(repo: Repository, data_dir: Path) -> Path:
    repo.save_session(make_session())
    repo.save_checkin(make_checkin())
    forget_process_state()
    return data_dir / "log-2026.json"


def _repeat_doc_id(text: str) -> str:
    # two check-ins under the same document id: a JSON reader would keep only the last
    doc = json.loads(text)
    first = json.dumps(doc["checkins"]["1"])
    return text.replace('"checkins": {"1": ', f'"checkins": {{"1": {first}, "1": ', 1)


def _repeat_field(text: str) -> str:
    return text.replace('"context": ', '"note": "a", "note": "b", "context": ', 1)


def _huge_number(text: str) -> str:
    return text.replace('"value": 3', '"value": ' + "9" * 5000, 1)


def _deep(text: str) -> str:
    return text.replace('"value": 3', '"value": ' + "[" * 100_000 + "]" * 100_000, 1)


DAMAGE: dict[str, Callable[[str], str]] = {
    "empty": lambda text: "",
    "blank": lambda text: "  \n\t ",
    "repeated document id": _repeat_doc_id,
    "repeated field": _repeat_field,
    "repeated table": lambda text: text.replace('"sessions": ', '"checkins": {}, "sessions": ', 1),
    "5000-digit number": _huge_number,
    "deep nesting": _deep,
    "year 9999 in UTC-14": lambda text: text.replace(
        '"at": "2026-03-01T09:30:00Z"', '"at": "9999-12-31T23:59:59-14:00"'
    ),
    "time without offset": lambda text: text.replace(
        '"at": "2026-03-01T09:30:00Z"', '"at": "2026-03-01T09:30:00"'
    ),
    "measure 1e308": lambda text: text.replace('"measures": {}', '"measures": {"m": 1e308}'),
    "bidi in a note": lambda text: text.replace('"note": null', '"note": "a\\u202eb"'),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_damaged_log_is_refused_everywhere_and_never_rewritten(
    repo: Repository, data_dir: Path, name: str
) -> None:
    path = _saved_year(repo, data_dir)
    damaged = DAMAGE[name](path.read_text()).encode()
    assert damaged != path.read_bytes()
    path.write_bytes(damaged)
    repo = Repository.open(data_dir)
    with pytest.raises(CorruptDatabase) as caught:
        repo.history()
    assert str(path) in str(caught.value)
    with pytest.raises(CorruptDatabase):
        repo.save_checkin(make_checkin(datetime(2026, 5, 1, tzinfo=UTC)))
    with pytest.raises(CorruptDatabase):
        repo.save_session(make_session(datetime(2026, 5, 1, tzinfo=UTC)))
    forget_process_state()
    with pytest.raises(CorruptDatabase):
        Repository.open(data_dir).save_checkin(make_checkin(datetime(2026, 5, 2, tzinfo=UTC)))
    assert path.read_bytes() == damaged


def test_a_bad_record_is_named_and_can_be_deleted_alone(repo: Repository, data_dir: Path) -> None:
    path = _saved_year(repo, data_dir)
    bad = make_checkin(datetime(2026, 4, 1, tzinfo=UTC))
    repo.save_checkin(bad)
    path.write_text(path.read_text().replace('"at": "2026-04-01T00:00:00Z"',
                                             '"at": "0001-01-01T00:00:00+14:00"'))
    forget_process_state()
    repo = Repository.open(data_dir)
    with pytest.raises(CorruptDatabase) as caught:
        repo.history()
    assert caught.value.record_id == bad.id
    assert f"coach history delete {bad.id}" in str(caught.value)
    assert repo.delete_record(bad.id)
    sessions, checkins = repo.history()
    assert len(sessions) == 1 and len(checkins) == 1


@pytest.mark.parametrize("kind", ["symlink", "folder", "fifo", "dangling symlink"])
def test_something_else_where_a_data_file_should_be(
    repo: Repository, data_dir: Path, tmp_path: Path, kind: str
) -> None:
    path = _saved_year(repo, data_dir)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    if kind == "symlink":
        path.symlink_to(elsewhere)
    elif kind == "dangling symlink":
        path.symlink_to(tmp_path / "missing.json")
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    repo = Repository.open(data_dir)
    with pytest.raises(CorruptDatabase, match="symbolic link|a folder|not a regular file"):
        repo.history()
    with pytest.raises(CorruptDatabase):
        repo.save_checkin(make_checkin(datetime(2026, 5, 1, tzinfo=UTC)))
    assert path.is_symlink() or path.is_dir() or path.is_fifo()
    if kind == "symlink":
        assert elsewhere.read_bytes() == path.read_bytes()


def test_coach_json_symlink_is_refused(data_dir: Path, tmp_path: Path) -> None:
    Repository.open(data_dir)
    coach = data_dir / "coach.json"
    target = tmp_path / "other.json"
    target.write_bytes(coach.read_bytes())
    coach.unlink()
    coach.symlink_to(target)
    forget_process_state()
    with pytest.raises(CorruptDatabase, match="symbolic link"):
        Repository.open(data_dir)
    assert coach.is_symlink()


def test_a_record_changed_out_of_bounds_is_not_saved(repo: Repository, data_dir: Path) -> None:
    rec = make_checkin()
    rec.note = "\u202eevil"
    with pytest.raises(InvalidRecord, match="U\\+202E"):
        repo.save_checkin(rec)
    assert not (data_dir / "log-2026.json").exists()


def test_repair_sets_bad_records_aside_and_keeps_the_original(
    repo: Repository, data_dir: Path
) -> None:
    from coach.storage.repair import repair

    path = _saved_year(repo, data_dir)
    good = make_checkin(datetime(2026, 4, 1, tzinfo=UTC))
    repo.save_checkin(good)
    damaged = path.read_text().replace('"at": "2026-03-01T09:30:00Z"',
                                       '"at": "9999-12-31T23:59:59-14:00"').encode()
    path.write_bytes(damaged)
    forget_process_state()
    report = repair(data_dir, datetime(2026, 12, 3, 10, tzinfo=UTC))
    assert report.changed
    backup = data_dir / "log-2026.json.bak-20261203T100000Z"
    assert backup.read_bytes() == damaged
    quarantine = json.loads((data_dir / "quarantine-20261203T100000Z.json").read_text())
    [entry] = quarantine["records"]
    assert entry["table"] == "checkins" and entry["record"]["at"].startswith("9999")
    forget_process_state()
    sessions, checkins = Repository.open(data_dir).history()
    assert len(sessions) == 1 and [c.id for c in checkins] == [good.id]
    assert repair(data_dir).lines[0].startswith("Nothing to repair")


def test_repair_moves_an_unreadable_file_aside(repo: Repository, data_dir: Path) -> None:
    from coach.storage.repair import repair

    path = _saved_year(repo, data_dir)
    path.write_bytes(b"")
    (data_dir / "log-2025.json").mkdir()
    report = repair(data_dir, datetime(2026, 12, 3, 10, tzinfo=UTC))
    assert (data_dir / "log-2026.json.damaged-20261203T100000Z").read_bytes() == b""
    assert (data_dir / "log-2025.json.damaged-20261203T100000Z").is_dir()
    assert len(report.lines) == 2
    forget_process_state()
    assert Repository.open(data_dir).history() == ([], [])
