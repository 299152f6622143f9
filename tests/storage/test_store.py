"""The data folder: permissions, temp files, schema version and migration, transactions, lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from storage_helpers import folder_state, forget_process_state, make_checkin, make_session

from coach.storage import (
    MIGRATIONS,
    SCHEMA_VERSION,
    CorruptDatabase,
    NewerDatabase,
    Repository,
    StorageBusy,
    Store,
)


def _mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def _schema(data_dir: Path) -> int:
    meta = json.loads((data_dir / "coach.json").read_text())["meta"]
    [doc] = meta.values()
    return int(doc["schema"])


# --- permissions and temp files ----------------------------------------------------------------


def test_new_folder_is_0700_and_every_file_0600(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    repo.save_session(make_session())
    repo.save_checkin(make_checkin())
    repo.set_setting("theme", "dark")
    assert _mode(data_dir) == 0o700
    names = sorted(p.name for p in data_dir.iterdir())
    assert names == ["coach.json", "coach.lock", "log-2026.json"]
    assert {name: _mode(data_dir / name) for name in names} == dict.fromkeys(names, 0o600)


def test_existing_coach_folder_is_tightened(data_dir: Path) -> None:
    Repository.open(data_dir)
    data_dir.chmod(0o755)
    Repository.open(data_dir)
    assert _mode(data_dir) == 0o700


def test_a_folder_that_is_not_coachs_keeps_its_permissions(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    (shared / "holiday.jpg").write_bytes(b"jpg")
    Repository.open(shared)
    assert _mode(shared) == 0o755
    assert _mode(shared / "coach.json") == 0o600


def test_leftover_temp_files_are_removed_and_foreign_files_kept(data_dir: Path) -> None:
    Repository.open(data_dir).save_checkin(make_checkin())
    ours = [".coach.json.4242.0123456789abcdef.tmp", ".log-2026.json.7.fedcba9876543210.tmp"]
    foreign = [
        ".coach.json.tmp",
        "notes.txt",
        "coach.json.bak",
        ".log-2026.json.abc.tmp",
        ".other.json.1.0123456789abcdef.tmp",
    ]
    for name in ours + foreign:
        (data_dir / name).write_bytes(b"{half a write")
    forget_process_state()
    Repository.open(data_dir)
    left = {p.name for p in data_dir.iterdir()}
    assert not left & set(ours)
    assert set(foreign) <= left


# --- schema version ----------------------------------------------------------------------------


def test_every_version_below_the_current_one_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(SCHEMA_VERSION))


def test_fresh_database_records_the_current_version(data_dir: Path) -> None:
    Repository.open(data_dir)
    assert _schema(data_dir) == SCHEMA_VERSION
    tables = json.loads((data_dir / "coach.json").read_text())
    for name in ("program", "settings", "routine_versions", "reminders_fired", "excused_days"):
        assert tables[name] == {}


@pytest.mark.parametrize("meta", [None, {"1": {"schema": 0}}])
def test_version_0_database_migrates(data_dir: Path, meta: dict[str, object] | None) -> None:
    session = make_session()
    checkin = make_checkin()
    old = {
        "settings": {"1": {"key": "units", "value": "metric"}},
        "sessions": {"1": session.model_dump(mode="json")},
        "checkins": {"1": checkin.model_dump(mode="json")},
    }
    if meta is not None:
        old["meta"] = meta
    data_dir.mkdir()
    (data_dir / "coach.json").write_text(json.dumps(old))
    repo = Repository.open(data_dir)
    assert _schema(data_dir) == 1
    tables = json.loads((data_dir / "coach.json").read_text())
    assert "sessions" not in tables and "checkins" not in tables
    assert repo.get_setting("units") == "metric"
    assert repo.sessions() == [session]
    assert repo.checkins() == [checkin]
    year = json.loads((data_dir / "log-2026.json").read_text())
    assert [d["id"] for d in year["sessions"].values()] == [session.id]


def test_interrupted_migration_runs_again_without_duplicates(data_dir: Path) -> None:
    session = make_session()
    doc = session.model_dump(mode="json")
    data_dir.mkdir()
    (data_dir / "coach.json").write_text(json.dumps({"sessions": {"1": doc}}))
    # the year file was written, then the process died before coach.json was
    (data_dir / "log-2026.json").write_text(json.dumps({"sessions": {"1": doc}}))
    repo = Repository.open(data_dir)
    assert repo.sessions() == [session]
    year = json.loads((data_dir / "log-2026.json").read_text())
    assert len(year["sessions"]) == 1


def test_newer_database_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "coach.json").write_text(json.dumps({"meta": {"1": {"schema": 99}}}))
    (data_dir / ".coach.json.1.0123456789abcdef.tmp").write_text("{}")
    before = folder_state(data_dir)
    with pytest.raises(NewerDatabase) as caught:
        Repository.open(data_dir)
    message = str(caught.value)
    assert "newer version of coach" in message and "99" in message
    assert "Please update coach" in message and "Nothing has been changed" in message
    assert str(data_dir / "coach.json") in message
    after = folder_state(data_dir)
    after.pop("coach.lock", None)
    assert after == before


def test_corrupt_coach_json_is_refused_untouched(data_dir: Path) -> None:
    Repository.open(data_dir).set_setting("a", 1)
    path = data_dir / "coach.json"
    path.write_bytes(path.read_bytes()[:25])
    before = folder_state(data_dir)
    forget_process_state()
    with pytest.raises(CorruptDatabase) as caught:
        Repository.open(data_dir)
    assert str(path) in str(caught.value)
    assert "restore this file from a backup" in str(caught.value)
    assert folder_state(data_dir) == before


def test_unreadable_version_number_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "coach.json").write_text(json.dumps({"meta": {"1": {"schema": "one"}}}))
    with pytest.raises(CorruptDatabase, match="data format number"):
        Repository.open(data_dir)


# --- transactions ------------------------------------------------------------------------------


def test_exception_inside_transaction_writes_nothing(repo: Repository, data_dir: Path) -> None:
    repo.save_checkin(make_checkin())
    before = folder_state(data_dir)
    with pytest.raises(RuntimeError), repo.transaction():
        repo.save_checkin(make_checkin(note="never"))
        repo.save_session(make_session())
        repo.set_setting("x", 1)
        repo.record_fired("daily", make_checkin().at)
        raise RuntimeError("stop")
    assert folder_state(data_dir) == before
    assert len(repo.checkins()) == 1
    assert repo.sessions() == []
    assert repo.get_setting("x") is None


def test_transaction_writes_each_changed_file_once(
    repo: Repository, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replaced: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        replaced.append(Path(dst).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    session = make_session()
    with repo.transaction():
        repo.save_session(session)
        for step in range(3):
            repo.save_session(session.model_copy(update={"resume_step": step}))
        repo.save_checkin(make_checkin())
        repo.set_setting("a", 1)
        repo.set_setting("b", 2)
        assert replaced == []
    # two files change: the journal first (the whole change), then each file once
    assert replaced[0] == "coach.journal"
    assert sorted(replaced[1:]) == ["coach.json", "log-2026.json"]
    assert not (data_dir / "coach.journal").exists()
    assert repo.get_session(session.id).resume_step == 2  # type: ignore[union-attr]


def test_threads_of_one_process_lose_nothing(repo: Repository) -> None:
    def work(n: int) -> None:
        for i in range(15):
            repo.save_checkin(make_checkin(note=f"{n}-{i}"))
            repo.set_setting(f"t{n}", i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    notes = sorted(c.note or "" for c in repo.checkins())
    assert notes == sorted(f"{n}-{i}" for n in range(4) for i in range(15))
    assert [repo.get_setting(f"t{n}") for n in range(4)] == [14] * 4


_HOLD_LOCK = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
with lock:
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_busy_lock_gives_a_plain_message(data_dir: Path) -> None:
    Repository.open(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(data_dir / "coach.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        impatient = Repository(Store(data_dir, lock_timeout=0.2))
        with pytest.raises(StorageBusy) as caught:
            impatient.save_checkin(make_checkin())
        assert "another coach window or command" in str(caught.value)
        assert "try again" in str(caught.value)
    finally:
        holder.communicate("")
    Repository(Store(data_dir, lock_timeout=5)).save_checkin(make_checkin())
