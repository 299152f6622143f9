"""The kept (cache) files: read only when whole, of the right format and made from the same
files; written atomically; their interrupted writes cleaned up like the log's; never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.storage import kept
from coach.storage.atomic import is_temp, temp_name
from coach.storage.repo import Repository

BODY = {"format": 3, "signature": [["coach.json", [1, 2, 3]]], "rows": [["neck", "Neck"]]}


@pytest.mark.parametrize("name", kept.NAMES)
def test_written_then_read_back(tmp_path: Path, name: str) -> None:
    assert kept.write_kept(tmp_path, name, BODY)
    assert kept.read_kept(tmp_path, name, 3, BODY["signature"]) == BODY
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left


def test_not_read_when_made_from_other_files_or_of_another_format(tmp_path: Path) -> None:
    kept.write_kept(tmp_path, kept.ROUTINE_LIST, BODY)
    assert kept.read_kept(tmp_path, kept.ROUTINE_LIST, 3, [["coach.json", [1, 2, 4]]]) is None
    assert kept.read_kept(tmp_path, kept.ROUTINE_LIST, 4, BODY["signature"]) is None
    assert kept.read_kept(tmp_path, kept.ROUTINE_LIST, 3, check_signature=False) == BODY
    assert kept.read_kept(tmp_path, kept.REPORT_INPUTS, 3, BODY["signature"]) is None  # missing


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b"[1, 2]", b'"text"', b"\xff\xfe{}", b"[" * 100_000 + b"]" * 100_000,
     b'{"format": 3, "signature": [["coach.json", [1, 2, 3]]], "rows": [["neck", "Ne'],
)  # fmt: skip
def test_damaged_file_is_not_read(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / kept.REVIEW_INPUTS).write_bytes(damage)
    assert kept.read_kept(tmp_path, kept.REVIEW_INPUTS, 3, BODY["signature"]) is None


def test_an_oversized_file_is_not_read(tmp_path: Path) -> None:
    big = dict(BODY, pad="x" * (kept.MAX_BYTES + 1))
    (tmp_path / kept.REVIEW_PASTS).write_text(json.dumps(big))
    assert kept.read_kept(tmp_path, kept.REVIEW_PASTS, 3, BODY["signature"]) is None


def test_writing_never_fails_the_caller(tmp_path: Path) -> None:
    assert not kept.write_kept(tmp_path / "missing", kept.ROUTINE_LIST, BODY)
    assert not kept.write_kept(tmp_path, kept.ROUTINE_LIST, {"x": "\ud800"})  # not encodable
    assert not kept.write_kept(tmp_path, kept.ROUTINE_LIST, {"x": object()})  # not JSON
    assert not kept.write_kept(tmp_path, "coach.json", BODY)  # only kept files
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_writing_into_a_read_only_folder_is_not_an_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        assert not kept.write_kept(tmp_path, kept.ROUTINE_LIST, BODY)
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.parametrize("name", kept.NAMES)
def test_an_interrupted_write_is_cleaned_up_at_the_next_open(tmp_path: Path, name: str) -> None:
    Repository.open(tmp_path).checkins()
    left = tmp_path / temp_name(name)
    left.write_bytes(b'{"format": 3, "sig')  # a crash mid-write leaves this
    assert is_temp(left.name)
    Repository.open(tmp_path).checkins()
    assert not left.exists()


def test_reading_imports_nothing_heavy() -> None:
    code = (
        "import sys; from coach.storage import kept; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tinydb', 'filelock', 'pydantic', 'textual')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_signature_names_folders_the_same_relative_or_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "mine.json").write_text("{}")
    (data / "coach.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert kept.signature(Path("data")) == kept.signature(data)
    assert kept.stamp(Path("data"), [Path("data/routines")]) == kept.stamp(
        data, [data / "routines"]
    )
    before = kept.stamp(data)
    (data / "routines" / "mine.json").write_text("[]")  # same size, other bytes
    assert kept.stamp(Path("data")) != before


def test_the_log_stamp_tells_every_byte_and_refuses_doubt(tmp_path: Path) -> None:
    """Every log file with a CRC-32 of its bytes (damage in place with its time put back is
    seen); None while a journal is there or a log file is a link."""
    repo = Repository.open(tmp_path)
    repo.checkins()
    log = tmp_path / "log-2026.json"
    log.write_bytes(b'{"checkins": {}}')
    (tmp_path / "log-2025.json").write_bytes(b"{}")
    taken = kept.log_stamp(tmp_path)
    assert taken is not None and [row[0] for row in taken] == ["log-2025.json", "log-2026.json"]
    st = log.stat()
    log.write_bytes(b'{"checkinz": {}}')
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = kept.log_stamp(tmp_path)
    assert again is not None and again[1][:4] == taken[1][:4] and again[1][4] != taken[1][4]
    (tmp_path / "coach.journal").write_bytes(b"")
    assert kept.log_stamp(tmp_path) is None
    (tmp_path / "coach.journal").unlink()
    target = tmp_path / "elsewhere.json"
    log.rename(target)
    log.symlink_to(target)
    assert kept.log_stamp(tmp_path) is None
    assert kept.log_stamp(tmp_path / "missing") is None


def test_the_log_stamp_tells_past_years_by_their_save_token(tmp_path: Path) -> None:
    """With ``year``, a past year's log stands by its header's save token (a save gives
    another, and replaces the file), one without a token by its CRC-32; this year's always by
    its CRC-32."""
    head = b'{"_file": {"1": {"rev": "%s", "max_year": 2025}}, "checkins": {}}'
    past, now = tmp_path / "log-2025.json", tmp_path / "log-2026.json"
    past.write_bytes(head % b"a1")
    now.write_bytes(b'{"checkins": {}}')
    taken = kept.log_stamp(tmp_path, year=2026)
    assert taken is not None
    plain = kept.log_stamp(tmp_path)
    assert plain is not None and taken[1] == plain[1]  # (this year's: CRC-32)
    assert taken[0][4] == "rev:a1" and plain[0][4] != "rev:a1"
    past.write_bytes(head % b"b2")
    again = kept.log_stamp(tmp_path, year=2026)
    assert again is not None and again[0] != taken[0]
    past.write_bytes(b'{"checkins": {}}')  # no token: its CRC-32
    again = kept.log_stamp(tmp_path, year=2026)
    assert again is not None and again[0][4] == kept.log_stamp(tmp_path)[0][4]  # type: ignore[index]
