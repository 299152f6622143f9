"""The atomic TinyDB storage and the file layer: round trips, corrupt files, failed writes, memo."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from storage_helpers import folder_state, forget_process_state, make_checkin, make_session
from tinydb import TinyDB, where
from tinydb.storages import JSONStorage

from coach.storage import AtomicJSONStorage, CorruptDatabase, Repository, StorageError
from coach.storage.atomic import is_temp, temp_name
from coach.storage.files import atomic_write_bytes
from coach.storage.memo import FileCache

RECOVERY_WORDS = ("restore", "backup", "move the file out of the folder", "will not write to it")


def _assert_recovery_message(message: str, path: Path) -> None:
    assert str(path) in message
    for words in RECOVERY_WORDS:
        assert words in message, words
    assert "Traceback" not in message


def test_tinydb_on_atomic_storage_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "coach.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("settings").insert({"key": "a", "value": [1, 2]})
    db.table("settings").insert({"key": "b", "value": {"x": None}})
    db.table("settings").remove(where("key") == "a")

    again = TinyDB(path, storage=AtomicJSONStorage)
    assert [dict(d) for d in again.table("settings").all()] == [{"key": "b", "value": {"x": None}}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coach.json"]
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_files_stay_readable_by_plain_tinydb(tmp_path: Path) -> None:
    path = tmp_path / "log-2026.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("checkins").insert({"id": "c1", "at": "2026-01-01T00:00:00Z"})
    plain = TinyDB(path, storage=JSONStorage, access_mode="r")
    assert plain.table("checkins").all() == [{"id": "c1", "at": "2026-01-01T00:00:00Z"}]
    assert json.loads(path.read_text())["checkins"] == {"1": plain.table("checkins").get(doc_id=1)}


def test_missing_file_is_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "coach.json"
    assert AtomicJSONStorage(path).read() is None
    assert TinyDB(path, storage=AtomicJSONStorage).table("meta").all() == []


@pytest.mark.parametrize("content", [b"", b"  \n"])
def test_empty_file_is_damage_not_an_empty_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "coach.json"
    path.write_bytes(content)
    with pytest.raises(CorruptDatabase, match="empty|blank space"):
        AtomicJSONStorage(path).read()
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"meta": {"1": {"schema": 1}}, "settings": {"1": {"key": "a", "val', "damaged"),
        (b"\x00\x00\x00\x00\x00", "damaged"),
        (b'{"settings": {"1": {"key": "\xff\xfe"}}}', "not text"),
        (b"this is not a database", "damaged"),
        (b"[1, 2, 3]", "not laid out as coach data"),
        (b'{"settings": [1, 2]}', "not laid out as coach data"),
        (b'{"settings": {"1": 5}}', "not laid out as coach data"),
        (b'{"settings": {}} trailing', "damaged"),
    ],
)
def test_unreadable_file_is_refused_and_never_written(
    tmp_path: Path, content: bytes, detail: str
) -> None:
    path = tmp_path / "coach.json"
    path.write_bytes(content)
    before = folder_state(tmp_path)
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(CorruptDatabase) as caught:
        db.table("settings").insert({"key": "x", "value": 1})
    assert detail in str(caught.value)
    _assert_recovery_message(str(caught.value), path)
    assert folder_state(tmp_path) == before


def test_damage_is_located_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "coach.json"
    path.write_bytes(b'{"settings": {\n  "1": {"key": "a",, "value": 1}}}')
    with pytest.raises(CorruptDatabase, match="line 2, column"):
        AtomicJSONStorage(path).read()


def test_failed_write_keeps_the_old_file_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    repo = Repository.open(data)
    kept = make_checkin()
    repo.save_checkin(kept)
    before = folder_state(data)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorageError) as caught:
        repo.save_checkin(make_checkin(note="lost"))
    monkeypatch.undo()
    assert "No space left on device" in str(caught.value)
    assert "still holds what was saved before" in str(caught.value)
    assert folder_state(data) == before
    assert [c.id for c in repo.checkins()] == [kept.id]


def test_temp_names_follow_our_pattern_only() -> None:
    name = temp_name("coach.json")
    assert name.startswith(".coach.json.") and name.endswith(".tmp")
    assert is_temp(name) and is_temp(temp_name("log-2031.json"))
    for foreign in (
        ".coach.json.tmp",
        "coach.json",
        ".notes.txt.1.0123456789abcdef.tmp",
        ".coach.json.12.xyz.tmp",
        ".log-20311.json.1.0123456789abcdef.tmp",
    ):
        assert not is_temp(foreign), foreign


def test_atomic_write_bytes_creates_private_file(tmp_path: Path) -> None:
    target = tmp_path / "routines" / "knee.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert os.stat(target.parent).st_mode & 0o777 == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["knee.json"]


# --- the per-process memo ----------------------------------------------------------------------


def test_memo_sees_changes_made_by_another_process(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    first = make_checkin()
    repo.save_checkin(first)  # memoised in this "process"
    forget_process_state()  # ... now another process writes the same year file
    other = Repository.open(data_dir)
    second = make_checkin(note="from elsewhere")
    other.save_checkin(second)
    assert {c.id for c in repo.checkins()} == {first.id, second.id}
    third = make_checkin(note="third")
    repo.save_checkin(third)  # must not write its stale memo back over `second`
    forget_process_state()
    assert {c.id for c in Repository.open(data_dir).checkins()} == {first.id, second.id, third.id}


def test_memo_does_not_hide_a_file_damaged_after_it_was_read(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    repo.save_checkin(make_checkin())
    year_file = data_dir / "log-2026.json"
    year_file.write_bytes(year_file.read_bytes()[:-40])
    before = folder_state(data_dir)
    with pytest.raises(CorruptDatabase) as caught:
        repo.save_checkin(make_checkin(note="after damage"))
    _assert_recovery_message(str(caught.value), year_file)
    assert folder_state(data_dir) == before


def test_memo_notices_a_same_size_rewrite_in_the_same_clock_tick(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    repo.set_setting("colour", "red")  # memoised by this "process"
    path = data_dir / "coach.json"
    stat = path.stat()
    keep_inode = data_dir / "same-inode"
    os.link(path, keep_inode)
    forget_process_state()
    Repository.open(data_dir).set_setting("colour", "tan")  # another process
    rewritten = path.read_bytes()
    # make the new version share inode, size and timestamp with the memoised one (coarse clocks
    # and recycled inode numbers allow it); only the random token tells them apart
    assert len(rewritten) == stat.st_size
    with open(keep_inode, "r+b") as handle:
        handle.write(rewritten)
    os.replace(keep_inode, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (stat.st_ino, stat.st_size)
    assert repo.get_setting("colour") == "tan"


def test_memo_matches_what_is_on_disk(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    session = make_session()
    for step in range(5):
        session = session.model_copy(update={"resume_step": step})
        repo.save_session(session)
        repo.save_checkin(make_checkin(note=f"n{step}"))
    repo.delete_checkin(repo.checkins()[0].id)
    on_disk = json.loads((data_dir / "log-2026.json").read_text())
    stored = {doc["id"]: doc for doc in on_disk["checkins"].values()}
    assert {c.id: c.model_dump(mode="json") for c in repo.checkins()} == stored
    assert [doc["resume_step"] for doc in on_disk["sessions"].values()] == [4]


def test_memo_documents_are_read_only(tmp_path: Path) -> None:
    path = tmp_path / "coach.json"
    cache = FileCache()
    writer = AtomicJSONStorage(path, cache=cache)
    writer.write({"settings": {"1": {"key": "a", "value": 1}}})
    doc = AtomicJSONStorage(path, cache=cache).read()["settings"]["1"]  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        doc["value"] = 2
    db = TinyDB(storage=lambda: AtomicJSONStorage(path, cache=cache))
    with pytest.raises(TypeError, match="read-only"):
        db.table("settings").update({"value": 3})
    assert json.loads(path.read_text())["settings"]["1"]["value"] == 1
