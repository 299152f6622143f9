"""Contracts of every write coach makes: the file is fsynced, renamed over the old one, and THEN
its folder is fsynced (without the last step a crash can lose the rename). Checked by recording
the system calls in order, for the database, the client's files and exports/reports."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.domain.records import CheckInRecord, PainRating
from coach.storage.files import atomic_write_bytes, write_text_file
from coach.storage.repo import Repository

Call = tuple[str, str]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Call]]:
    """Record ("fsync", path), ("replace", target) in the order they happen."""
    paths: dict[int, str] = {}
    seen: list[Call] = []
    real_open, real_fsync, real_replace = os.open, os.fsync, os.replace

    def opened(path: str | os.PathLike[str], flags: int, *args: int, **kw: object) -> int:
        fd = real_open(path, flags, *args, **kw)  # type: ignore[arg-type]
        paths[fd] = os.fspath(path)
        return fd

    def fsync(fd: int) -> None:
        seen.append(("fsync", paths.get(fd, f"fd {fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real_replace(src, dst)
        seen.append(("replace", os.fspath(dst)))

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield seen


def _durable(calls: list[Call], target: Path) -> None:
    """``target`` was replaced after its temp file was fsynced, and its folder fsynced after."""
    i = calls.index(("replace", str(target)))
    before, after = calls[:i], calls[i + 1 :]
    temp = [p for kind, p in before if kind == "fsync" and Path(p).parent == target.parent
            and Path(p).name.startswith(f".{target.name}.")]  # fmt: skip
    assert temp, f"the temp file of {target.name} was not fsynced before the rename: {calls}"
    assert ("fsync", str(target.parent)) in after, (
        f"the folder of {target.name} was not fsynced after the rename: {calls}"
    )


@pytest.mark.parametrize(
    "write",
    [
        lambda p: atomic_write_bytes(p, b"routine"),  # the client's routine copies
        lambda p: write_text_file(p, "kind,id\n"),  # exports and reports
    ],
    ids=["routine-copy", "export"],
)
def test_a_file_write_fsyncs_then_renames_then_fsyncs_the_folder(
    tmp_path: Path, calls: list[Call], write: Callable[[Path], None]
) -> None:
    target = tmp_path / "out.csv"
    write(target)
    _durable(calls, target)


def test_saving_a_check_in_fsyncs_its_year_file_and_the_folder_after_the_rename(
    tmp_path: Path, calls: list[Call]
) -> None:
    repo = Repository.open(tmp_path)
    calls.clear()
    at = datetime(2026, 12, 1, 8, tzinfo=UTC)
    repo.save_checkin(CheckInRecord(at=at, context="at_rest",
                                    pain=[PainRating(region="neck", value=2)]))
    replaced = [Path(p) for kind, p in calls if kind == "replace"]
    assert replaced, calls
    for target in replaced:
        _durable(calls, target)


def test_a_check_in_that_carries_its_years_facts_over_makes_both_durable(
    tmp_path: Path, calls: list[Call]
) -> None:
    """The log and its facts are each fsynced before their rename; the folder once after both
    (the facts are a cache: whichever renames a crash keeps, facts name the log they are of)."""
    from zoneinfo import ZoneInfo

    repo = Repository.open(tmp_path)
    at = datetime(2026, 12, 1, 8, tzinfo=UTC)
    repo.save_checkin(CheckInRecord(at=at, context="at_rest",
                                    pain=[PainRating(region="neck", value=2)]))
    assert repo.day_facts(ZoneInfo("Europe/Berlin"), at.date()) is not None  # facts kept
    calls.clear()
    repo.save_checkin(CheckInRecord(at=at + timedelta(hours=1), context="at_rest",
                                    pain=[PainRating(region="neck", value=3)]))
    replaced = [Path(p).name for kind, p in calls if kind == "replace"]
    assert replaced == ["log-2026.json", "facts-2026.json"], calls
    for name in replaced:
        _durable(calls, tmp_path / name)
    assert calls.count(("fsync", str(tmp_path))) == 1  # (one folder fsync for both)


def test_an_export_goes_to_a_folder_that_exists_or_is_not_written(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_text_file(tmp_path / "missing" / "out.csv", "x")
    assert not (tmp_path / "missing").exists()
    write_text_file(tmp_path / "out.csv", "a,b\nü\n")
    assert (tmp_path / "out.csv").read_bytes() == "a,b\nü\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left
