"""The corruption matrix: damaged variants of each data file x every command (and the TUI).

For every cell: no traceback, the damaged file byte-identical afterwards, and a command that
refused says which file (exit 1). Commands that must read the damaged file must refuse. Most
cells call ``main()`` in this process (fast); a representative subset runs ``coach`` as a
subprocess; the TUI is opened headless on a selection of damaged folders.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.storage import store as store_module
from tests.cli.conftest import minimal_routine, write_json

LOG = "log-2026.json"
COACH = "coach.json"


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        text = path.read_text()
        assert old in text, (old, path.name)
        path.write_text(text.replace(old, new, 1))

    return damage


def _symlink(path: Path) -> None:
    target = path.with_name("elsewhere-" + path.name)
    path.rename(target)
    path.symlink_to(target)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _repeat_doc_id(path: Path) -> None:
    text = path.read_text()
    table = "checkins" if path.name.startswith("log-") else "program"
    doc = json.loads(text)[table]["1"]
    path.write_text(text.replace(f'"{table}": {{"1": ',
                                 f'"{table}": {{"1": {json.dumps(doc)}, "1": ', 1))


COMMON: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "blank": lambda p: p.write_bytes(b" \n\t\n"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "not-utf8": lambda p: p.write_bytes(b"\xff\xfe" + p.read_bytes()),
    "repeated-doc-id": _repeat_doc_id,
    "deep": lambda p: p.write_bytes(p.read_bytes()[:-1] + b', "x": ' + b"[" * 50_000
                                    + b"]" * 50_000 + b"}"),
    "symlink": _symlink,
    "folder": _folder,
}
DAMAGE: dict[tuple[str, str], Callable[[Path], None]] = {
    **{(LOG, name): fn for name, fn in COMMON.items()},
    **{(COACH, name): fn for name, fn in COMMON.items()},
    (LOG, "year-9999"): _replace('"at": "2026-03-02T', '"at": "9999-12-31T'),
    (LOG, "no-offset"): _replace('"started_at": "2026-03-01T09:00:00Z"',
                                 '"started_at": "2026-03-01T09:00:00"'),
    (LOG, "huge-number"): _replace('"morning_stiffness_min": null',
                                   '"morning_stiffness_min": ' + "9" * 5000),
    (LOG, "measure-1e308"): _replace('"measures": {}', '"measures": {"m": 1e308}'),
    (LOG, "bidi-note"): _replace('"note": "fine"', '"note": "a\\u202eb"'),
    (COACH, "bad-excused"): _replace('"reason": "rest"', '"reason": "\\u0007"'),
    (COACH, "bad-fired"): _replace('"at": "2026-03-01T09:00:00+00:00"', '"at": "yesterday"'),
    (COACH, "bad-setting"): _replace('"key": "my.setting"', '"key": ""'),
    (COACH, "bad-program"): _replace('"routine_id": "test-neck"', '"routine_id": 5'),
    (COACH, "huge-schema"): _replace('"schema": 1', '"schema": ' + "1" * 5000),
}

# argv (after "coach"); whether it must refuse any damaged coach.json / log file.
COMMANDS: list[tuple[str, list[str], bool, bool]] = [
    ("history", ["history"], True, True),
    ("stats", ["stats"], True, True),
    ("export-csv", ["export", "--format", "csv"], True, True),
    ("export-json", ["export", "--format", "json"], True, True),
    ("export-fhir", ["export", "--format", "fhir"], True, True),
    ("report", ["report", "--out", "{tmp}/report.html"], True, True),
    ("checkin", ["checkin", "--region", "neck", "--pain", "3", "--at", "2026-03-05 10:00"],
     True, True),
    ("program", ["program"], True, False),
    ("drop", ["drop", "test-neck"], True, False),
    ("excuse", ["excuse", "2026-03-04", "rest"], True, False),
    ("activities", ["activities"], True, False),
    ("remind-list", ["remind", "list"], True, False),
    ("remind-once", ["remind", "once", "--quiet"], True, False),
    ("doctor", ["doctor"], True, True),
    ("import", ["import", "{tmp}/export.json"], True, True),
    ("add", ["add", "{tmp}/other.json", "--yes"], True, False),
    ("history-delete", ["history", "delete", "nope", "--yes"], True, True),
    ("routines", ["routines"], False, False),
    ("show", ["show", "test-neck"], False, False),
    ("validate", ["validate", "{tmp}/other.json"], False, False),
]


_LOG_READERS = {"history", "stats", "export-csv", "export-json", "export-fhir", "report",
                "checkin", "doctor", "history-delete"}
MUST_REFUSE_RECORD: dict[str, set[str]] = {
    "year-9999": _LOG_READERS,
    "no-offset": _LOG_READERS,
    "huge-number": _LOG_READERS | {"import"},
    "measure-1e308": _LOG_READERS,
    "bidi-note": _LOG_READERS,
    "bad-excused": {"stats", "export-json", "report", "excuse"},
    "bad-fired": {"remind-once"},
    "bad-setting": {"remind-list", "remind-once"},
    "bad-program": {"program", "drop", "remind-list", "remind-once", "doctor"},
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with every kind of record, made once by the real commands."""
    root = tmp_path_factory.mktemp("matrix")
    routine = write_json(root / "test-neck.json", minimal_routine(
        check_in={"measures": [{"id": "m", "label": "M", "unit": "cm", "better": "higher"}]}))
    write_json(root / "other.json", minimal_routine(id="other-neck", title="Other"))
    data = root / "data"
    from coach.domain.records import CheckInRecord, PainRating
    from coach.storage import Repository
    from tests.storage.storage_helpers import make_session

    assert main(["add", str(routine), "--data-dir", str(data)]) == 0
    repo = Repository.open(data)
    repo.save_session(make_session(datetime(2026, 3, 1, 9, tzinfo=UTC), status="complete"))
    repo.save_checkin(CheckInRecord(at=datetime(2026, 3, 2, 9, tzinfo=UTC), context="at_rest",
                                    pain=[PainRating(region="neck", value=2)], note="fine"))
    repo.set_excused(datetime(2026, 3, 3).date(), "rest")
    repo.record_fired("test-neck/2026-03-01/09:00", datetime(2026, 3, 1, 9, tzinfo=UTC))
    repo.set_setting("my.setting", 1)
    repo.set_setting("red_flags_shown", True)  # the TUI opens on its home screen
    assert main(["export", "--format", "json", "--out", str(root / "export.json"),
                 "--data-dir", str(data)]) == 0
    store_module._SHARED.clear()
    return root


def _damaged(base: Path, tmp_path: Path, file: str, name: str) -> tuple[Path, Path, bytes]:
    shutil.copytree(base, tmp_path, dirs_exist_ok=True, symlinks=True)
    data = tmp_path / "data"
    path = data / file
    DAMAGE[(file, name)](path)
    store_module._SHARED.clear()
    return data, path, _snapshot(path)


def _snapshot(path: Path) -> bytes:
    if path.is_symlink():
        return b"link:" + os.readlink(path).encode() + path.resolve().read_bytes()
    if path.is_dir():
        return b"dir:" + "\n".join(sorted(os.listdir(path))).encode()
    return path.read_bytes()


CELLS = [(file, name, cmd) for (file, name) in DAMAGE for cmd in COMMANDS]


@pytest.mark.parametrize(("file", "name", "command"), CELLS,
                         ids=[f"{f}-{n}-{c[0]}" for f, n, c in CELLS])
def test_cell(base: Path, tmp_path: Path, file: str, name: str,
              command: tuple[str, list[str], bool, bool],
              capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    label, argv, refuse_coach, refuse_log = command
    data, path, before = _damaged(base, tmp_path, file, name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # no systemctl, no notify-send
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code = main([*args, "--data-dir", str(data), "--routines", str(tmp_path / "test-neck.json")])
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert _snapshot(path) == before, "the damaged file was changed"
    if name in COMMON or name == "huge-schema":  # the file cannot be read at all
        must_refuse = refuse_coach if file == COACH else refuse_log
    else:  # one bad record: every command reading (or writing) its table refuses
        must_refuse = label in MUST_REFUSE_RECORD[name]
    if must_refuse:
        assert code == 1, (code, out, err)
        assert str(path) in err + out or str(data) in err + out, err


KEPT_READERS = [c for c in COMMANDS if c[0] in ("stats", "history", "report")]
KEPT_CELLS = [(file, name, cmd) for (file, name) in DAMAGE for cmd in KEPT_READERS]


@pytest.mark.parametrize(("file", "name", "command"), KEPT_CELLS,
                         ids=[f"{f}-{n}-{c[0]}" for f, n, c in KEPT_CELLS])
def test_files_kept_before_the_damage_never_hide_it(
        base: Path, tmp_path: Path, file: str, name: str,
        command: tuple[str, list[str], bool, bool],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands that keep what they read (the facts files, the review's inputs) ran before
    the file was damaged: they refuse it all the same."""
    label, argv, refuse_coach, refuse_log = command
    shutil.copytree(base, tmp_path, dirs_exist_ok=True, symlinks=True)
    data = tmp_path / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    common = ["--data-dir", str(data), "--routines", str(tmp_path / "test-neck.json")]
    args = [a.replace("{tmp}", str(tmp_path)) for a in [*argv, *common]]
    assert main(["stats", *common]) == 0  # keeps what it read
    assert main(args) == 0  # from what was kept
    assert (data / "review.cache.json").exists() and list(data.glob("facts-*.json"))
    path = data / file
    DAMAGE[(file, name)](path)
    store_module._SHARED.clear()
    before = _snapshot(path)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert _snapshot(path) == before, "the damaged file was changed"
    if name in COMMON or name == "huge-schema":
        must_refuse = refuse_coach if file == COACH else refuse_log
    else:
        must_refuse = label in MUST_REFUSE_RECORD[name]
    if must_refuse:
        assert code == 1, (code, out, err)
        assert str(path) in err + out or str(data) in err + out, err


LOG_KEPT_CELLS = [(name, cmd) for (file, name) in DAMAGE if file == LOG for cmd in KEPT_READERS]


@pytest.mark.parametrize(("name", "command"), LOG_KEPT_CELLS,
                         ids=[f"{n}-{c[0]}" for n, c in LOG_KEPT_CELLS])
def test_facts_carried_over_a_check_in_never_hide_damage(
        base: Path, tmp_path: Path, name: str, command: tuple[str, list[str], bool, bool],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A check-in saved after the facts were kept carries them over (they name the log as it
    is after the save): damage to the log after that is refused all the same."""
    label, argv, _, _ = command
    shutil.copytree(base, tmp_path, dirs_exist_ok=True, symlinks=True)
    data = tmp_path / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    common = ["--data-dir", str(data), "--routines", str(tmp_path / "test-neck.json")]
    assert main(["stats", *common]) == 0  # keeps the facts
    kept = (data / "facts-2026.json").read_bytes()
    assert main(["checkin", "--region", "neck", "--pain", "4", "--at", "2026-03-05 10:00",
                 *common]) == 0
    carried = (data / "facts-2026.json").read_bytes()
    assert carried != kept  # carried over the save, naming the log as it is now
    path = data / LOG
    DAMAGE[(LOG, name)](path)
    store_module._SHARED.clear()
    before = _snapshot(path)
    capsys.readouterr()
    args = [a.replace("{tmp}", str(tmp_path)) for a in [*argv, *common]]
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert _snapshot(path) == before, "the damaged file was changed"
    if name in COMMON or label in MUST_REFUSE_RECORD[name]:
        assert code == 1, (code, out, err)
        assert str(path) in err + out or str(data) in err + out, err


PAST_LOG = "log-2025.json"
PAST_DAMAGE = {**COMMON, "no-offset": _replace('"at": "2025-06-02T09:00:00Z"',
                                                '"at": "2025-06-02T09:00:00"')}
PAST_CELLS = [(name, cmd) for name in PAST_DAMAGE for cmd in KEPT_READERS]


@pytest.mark.parametrize(("name", "command"), PAST_CELLS,
                         ids=[f"{PAST_LOG}-{n}-{c[0]}" for n, c in PAST_CELLS])
def test_a_past_year_summed_up_never_hides_its_damage(
        base: Path, tmp_path: Path, name: str, command: tuple[str, list[str], bool, bool],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A past year's log damaged after the stats read it summed up (``facts-before.json``,
    which checks the past logs by their header, not every byte): refused all the same."""
    from coach.domain.records import CheckInRecord, PainRating
    from coach.storage import Repository

    label, argv, _, _ = command
    shutil.copytree(base, tmp_path, dirs_exist_ok=True, symlinks=True)
    data = tmp_path / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    Repository.open(data).save_checkin(CheckInRecord(
        at=datetime(2025, 6, 2, 9, tzinfo=UTC), context="at_rest",
        pain=[PainRating(region="neck", value=4)]))  # (a year before the others)
    store_module._SHARED.clear()
    common = ["--data-dir", str(data), "--routines", str(tmp_path / "test-neck.json")]
    args = [a.replace("{tmp}", str(tmp_path)) for a in [*argv, *common]]
    assert main(["stats", *common]) == 0  # keeps what it read, the past year summed up
    assert main(["stats", *common]) == 0 and main(args) == 0  # from what was kept
    assert (data / "facts-before.json").exists()
    path = data / PAST_LOG
    PAST_DAMAGE[name](path)
    store_module._SHARED.clear()
    before = _snapshot(path)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert _snapshot(path) == before, "the damaged file was changed"
    assert code == 1, (code, out, err)
    assert str(path) in err + out or str(data) in err + out, err


SUBPROCESS = [(LOG, "empty", "history"), (LOG, "year-9999", "stats"),
              (COACH, "truncated", "program"), (COACH, "symlink", "checkin"),
              (LOG, "huge-number", "export-csv"), (COACH, "bad-fired", "remind-once")]


@pytest.mark.slow
@pytest.mark.parametrize(("file", "name", "label"), SUBPROCESS)
def test_cell_as_a_subprocess(base: Path, tmp_path: Path, file: str, name: str,
                              label: str) -> None:
    data, path, before = _damaged(base, tmp_path, file, name)
    argv = next(c[1] for c in COMMANDS if c[0] == label)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env.update(HOME=str(tmp_path / "home"), PATH=str(tmp_path / "no-tools"))
    proc = subprocess.run(
        [sys.executable, "-m", "coach", *argv, "--data-dir", str(data), "--routines",
         str(tmp_path / "test-neck.json")], capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=60)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert str(path) in proc.stderr
    assert _snapshot(path) == before


TUI = [(LOG, "empty"), (LOG, "year-9999"), (LOG, "folder"), (COACH, "truncated"),
       (COACH, "bad-excused"), (COACH, "symlink"), (LOG, "repeated-doc-id")]


@pytest.mark.slow
@pytest.mark.parametrize(("file", "name"), TUI)
def test_the_tui_shows_the_refusal_headless(base: Path, tmp_path: Path, file: str,
                                            name: str) -> None:
    import asyncio

    from coach.tui.app import CoachApp
    from tests.tui.conftest import screen_text, settle

    data, path, before = _damaged(base, tmp_path, file, name)

    async def run() -> str:
        app = CoachApp(data_dir=data, extra_dirs=[tmp_path / "test-neck.json"], quiet=True,
                       reminders=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, 5)
            text = screen_text(app)
            await pilot.press("q")
        return text

    text = asyncio.run(run())
    words = " ".join(text.split())
    assert "cannot read its data file" in words or "cannot use" in words, text
    assert _snapshot(path) == before
