"""Every command survives its environment: a clear message and exit 1, never a traceback, and
nothing lost (read-only folder, full disk, full stdout, ASCII locale, non-UTF-8 arguments)."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli.main import main
from tests.cli.conftest import minimal_routine, write_json

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path, *, env: dict[str, str] | None = None,
         stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items()
            if not k.startswith(("COACH", "LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    full.update(HOME=str(tmp_path / "home"), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], env=full, cwd=tmp_path, timeout=60,
        stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _checkin(data: Path) -> int:
    return main(["checkin", "--data-dir", str(data), "--region", "neck", "--pain", "3",
                 "--routines", str(data.parent / "routines")])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    write_json(tmp_path / "routines" / "test-neck.json", minimal_routine())
    folder = tmp_path / "data"
    assert _checkin(folder) == 0
    return folder


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_full_stdout_is_a_message_and_exit_1(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = _run(["routines"], tmp_path, stdout=full.fileno())
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "Traceback" not in err and "No space left on device" in err


@pytest.mark.parametrize("locale", [{"LANG": "C"}, {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0",
                                                     "PYTHONUTF8": "0"}])
def test_ascii_locale(tmp_path: Path, locale: dict[str, str]) -> None:
    write_json(tmp_path / "routines" / "t.json", minimal_routine(title="Nacken ✓ übung"))
    for args in (["routines", "--routines", "routines"], ["doctor"],
                 ["show", "test-neck", "--routines", "routines"]):
        proc = _run([*args, "--data-dir", "data"], tmp_path, env=locale)
        assert b"Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1)


def test_non_utf8_arguments(tmp_path: Path) -> None:
    write_json(tmp_path / "routines" / "t.json", minimal_routine())
    base = ["--data-dir", "data", "--routines", "routines"]
    bad = os.fsdecode(b"\xff\xfe")
    for args in (["checkin", "--region", "neck", "--pain", "2", "--note", bad],
                 ["checkin", "--region", bad, "--pain", "2"],
                 ["show", bad], ["validate", bad], ["history", "delete", bad, "--yes"]):
        proc = _run([*args, *base], tmp_path)
        assert b"Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.returncode in (0, 1), (args, proc.stderr)
    history = _run(["history", *base], tmp_path)
    assert history.returncode == 0, history.stderr


def test_read_only_data_folder_is_refused_not_changed(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(data)
    data.chmod(0o500)
    try:
        capsys.readouterr()
        assert _checkin(data) == 1
        assert "read-only" in capsys.readouterr().err
        assert stat.S_IMODE(data.stat().st_mode) == 0o500
        assert main(["history", "--data-dir", str(data)]) == 1
    finally:
        data.chmod(0o700)
    assert _state(data) == before


def test_full_disk_keeps_what_was_saved(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _state(data)
    real_write = os.write

    def full(fd: int, payload: bytes) -> int:
        if os.fstat(fd).st_size > 0 or len(payload) > 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, payload)

    monkeypatch.setattr(os, "write", full)
    assert _checkin(data) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    monkeypatch.undo()
    assert _state(data) == before
    assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]


def test_validate_dir_reports_what_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "r"
    write_json(folder / "good.json", minimal_routine())
    (folder / "folder.json").mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "folder.json: this is a folder" in out
    assert "pipe.json: this is not a regular file" in out
    assert "loop.json: the file cannot be read" in out
    assert "4 files checked: 1 valid, 3 invalid" in err


def test_an_invalid_routine_in_the_user_folder_reports_its_own_problem(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = data / "routines"
    write_json(user / "my-knee.json", minimal_routine(id="my-knee", title=""))
    capsys.readouterr()
    assert main(["show", "my-knee", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "my-knee.json: title:" in err and "no routine with id" not in err


def test_coach_add_installs_exactly_the_bytes_it_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach import library

    source = write_json(tmp_path / "neck.json", minimal_routine())
    good = source.read_bytes()
    real_read = library._read

    def read_then_swap(path: Path) -> bytes:
        data = real_read(path)
        if path == source:  # another program replaces the file right after coach read it
            source.write_text(json.dumps({"format": 1, "id": "test-neck", "evil": True}))
        return data

    monkeypatch.setattr(library, "_read", read_then_swap)
    assert main(["add", str(source), "--data-dir", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "routines" / "test-neck.json").read_bytes() == good
