"""`coach remind install` with hostile paths: the unit file and crontab line hold only what
coach means them to, and folders are made with explicit modes whatever the umask."""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_systemd import BASE, FakeRun, env_for, parse_unit, values

from coach.services import systemd

HOSTILE_OK = [
    "data %h %t $HOME ${X}",
    'quote " and \' and ;',
    "back\\slash\\",
    "spaces   and ; && | `id`",
    "ünïcødé ✓",
    "-starts-with-dash",
]
HOSTILE_REFUSED = [
    "line\nExecStartPre=/bin/sh -c evil",
    "carriage\rreturn",
    "tab\there",
    "esc\x1b[2J",
    "nul-ish\x7f",
    "c1\x85",
    "bad-bytes-\udcff",
]


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("name", HOSTILE_OK)
def test_hostile_but_printable_paths_are_quoted_exactly(tmp_path: Path, name: str) -> None:
    data = tmp_path / name
    env = env_for(tmp_path, XDG_RUNTIME_DIR="/run/user/1000")
    result = systemd.install(data, environ=env, run=FakeRun({}), base=BASE)
    text = result.unit.read_text(encoding="utf-8")
    unit = parse_unit(text)
    [exec_start] = values(unit, "Service", "ExecStart")
    words = [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(exec_start)]
    assert words == [*BASE, "remind", "run", "--data-dir", str(data)]
    assert sum(line.startswith("ExecStart") for line in text.splitlines()) == 1
    # the crontab line: one line; cron turns \% back into %; the shell sees the exact words
    line = result.crontab
    assert "\n" not in line and "\r" not in line
    assert line.startswith(systemd.CRON_SCHEDULE + " ")
    command = line.removeprefix(systemd.CRON_SCHEDULE + " ")
    assert "%" not in command.replace("\\%", "")
    words = shlex.split(command.replace("\\%", "%"))
    assert words[1:] == [*BASE, "remind", "once", "--quiet", "--data-dir", str(data)]


@pytest.mark.parametrize("name", HOSTILE_REFUSED)
def test_paths_with_line_breaks_or_controls_are_refused_and_nothing_written(
    tmp_path: Path, name: str
) -> None:
    env = env_for(tmp_path)
    with pytest.raises(systemd.UnsafePath, match="cannot hold safely"):
        systemd.install(tmp_path / name, environ=env, run=FakeRun({}), base=BASE)
    assert not systemd.unit_path(env).exists()
    assert not (tmp_path / "home").exists()


def test_a_hostile_routines_folder_or_runtime_dir_is_refused(tmp_path: Path) -> None:
    with pytest.raises(systemd.UnsafePath):
        systemd.install(None, [tmp_path / "r\nx"], environ=env_for(tmp_path), run=FakeRun({}),
                        base=BASE)
    env = env_for(tmp_path, XDG_RUNTIME_DIR="/run/user/1000\n* * * * * evil")
    with pytest.raises(systemd.UnsafePath):
        systemd.install(None, environ=env, run=FakeRun({}), base=BASE)


def test_folders_and_unit_have_explicit_modes_under_umask_000(
    tmp_path: Path, umask_000: None
) -> None:
    env = env_for(tmp_path)
    result = systemd.install(None, environ=env, run=FakeRun({}), base=BASE)
    for folder in (tmp_path / "home", tmp_path / "home" / "config",
                   result.unit.parent.parent, result.unit.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(result.unit.stat().st_mode) == 0o600


def test_data_folder_and_parents_have_explicit_modes_under_umask_000(
    tmp_path: Path, umask_000: None
) -> None:
    from coach.storage import Repository

    data = tmp_path / "a" / "b" / "data"
    Repository.open(data)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in data.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_cli_refuses_a_hostile_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.cli.main import main

    for key, value in env_for(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    code = main(["remind", "install", "--data-dir", str(tmp_path / "d\nExecStartPre=x")])
    assert code == 1
    assert "cannot hold safely" in capsys.readouterr().err
    assert not systemd.unit_path(env_for(tmp_path)).exists()
