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
