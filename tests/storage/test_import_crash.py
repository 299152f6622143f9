"""An import spanning several year files lands whole or not at all, even under ``kill -9``."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from storage_helpers import forget_process_state, make_checkin, make_session

from coach.services.export import to_json
from coach.storage import Repository, StorageError
from coach.storage import atomic as atomic_module
from coach.storage import journal as journal_module

YEARS = range(2019, 2027)


def _export(path: Path, per_year: int) -> tuple[int, int]:
    sessions, checkins = [], []
    for year in YEARS:
        start = datetime(year, 1, 2, 8, tzinfo=UTC)
        for i in range(per_year):
            at = start + timedelta(hours=7 * i)
            sessions.append(make_session(at))
            checkins.append(make_checkin(at + timedelta(minutes=30), note=f"n{i}"))
    path.write_text(to_json(sessions, checkins, {}, []), encoding="utf-8")
    return len(sessions), len(checkins)


def _counts(data: Path) -> tuple[int, int]:
    forget_process_state()
    sessions, checkins = Repository.open(data).history()
    return len(sessions), len(checkins)


def test_a_crash_between_files_is_completed_by_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    export = tmp_path / "export.json"
    total = _export(export, 3)
    real_write = atomic_module.atomic_write
    written: list[str] = []

    def crash_after_two(path: Path, payload: bytes) -> object:
        if len(written) == 2:
            raise OSError(5, "simulated crash")
        written.append(path.name)
        return real_write(path, payload)

    from coach.services.export import parse_json

    parsed = parse_json(export.read_text(), "export.json")
    repo = Repository.open(data)
    monkeypatch.setattr(journal_module, "atomic_write", crash_after_two)
    with pytest.raises(StorageError):
        repo.import_records(parsed.sessions, parsed.checkins)
    monkeypatch.undo()
    assert written[0] == "coach.journal" and (data / "coach.journal").exists()
    assert _counts(data) == total  # replayed: the whole import
    assert not (data / "coach.journal").exists()


@pytest.mark.slow
def test_kill_9_during_an_import_leaves_nothing_or_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    export = tmp_path / "export.json"
    total = _export(export, 60)
    repo = Repository.open(data)
    repo.save_session(make_session(datetime(2026, 11, 1, 8, tzinfo=UTC)))
    before = _counts(data)
    after = (before[0] + total[0], before[1] + total[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env["HOME"] = str(tmp_path / "home")
    argv = [sys.executable, "-m", "coach", "import", str(export), "--data-dir", str(data)]

    started = time.monotonic()  # one full run, to spread the kills over its length
    probe = tmp_path / "probe"
    subprocess.run([*argv[:-1], str(probe)], env=env, check=True, capture_output=True,
                   timeout=120)
    length = time.monotonic() - started
    rng = random.Random(11)
    outcomes = {"nothing": 0, "everything": 0}
    # The probe's length is only a guess on a loaded machine: while every kill so far left
    # nothing, the kills move later (and earlier while every one left everything), so both
    # outcomes are seen however slow or fast this run is; every kill must leave one of them.
    scale = 1.0
    trial = 0
    while trial < 20 or (not all(outcomes.values()) and trial < 60):
        backup = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 0.9) * length * scale)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        found = _counts(data)
        assert found in (before, after), found
        outcome = "nothing" if found == before else "everything"
        outcomes[outcome] += 1
        if not all(outcomes.values()):
            scale *= 1.3 if outcome == "nothing" else 1 / 1.3
        if trial % 4 == 0:  # a re-run reports what was already there, and completes it
            rerun = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
            assert rerun.returncode == 0, rerun.stderr
            if found == after:
                assert "Imported 0 sessions and 0 check-ins" in rerun.stdout
                assert "Already in your log" in rerun.stdout
            assert _counts(data) == after
        for path in list(data.iterdir()):  # back to before for the next trial
            if path.is_file() and path.name not in backup:
                path.unlink()
        for name, content in backup.items():
            (data / name).write_bytes(content)
        forget_process_state()
        trial += 1
    print(outcomes)
    assert outcomes["nothing"] and outcomes["everything"], outcomes
    assert json.loads(export.read_text())["coach_export"] == 1
