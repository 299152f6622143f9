"""Several processes: a writer killed at random moments, and writers running at the same time."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from storage_helpers import forget_process_state

from coach.storage import Repository
from coach.storage.atomic import is_temp

WRITER = Path(__file__).with_name("writer_proc.py")


@dataclass
class Saved:
    """What writers reported as saved (each line is printed only after the save returned)."""

    checkins: set[str] = field(default_factory=set)
    steps: dict[str, int] = field(default_factory=dict)
    fired: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, lines: list[str]) -> None:
        for line in lines:
            if not line.endswith("\n"):
                continue  # cut off by the kill: not reported
            kind, *rest = line.split()
            if kind == "checkin":
                self.checkins.add(rest[0])
            elif kind == "session":
                self.steps[rest[0]] = max(self.steps.get(rest[0], -1), int(rest[1]))
            elif kind == "fired":
                self.fired.append((rest[0], rest[1] == "True"))


def _start(
    data_dir: Path, name: str, count: int, seed: int, die_at: str | None = None
) -> subprocess.Popen[str]:
    extra = [die_at] if die_at else []
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), name, str(count), str(seed), *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _ids_on_disk(data_dir: Path) -> list[str]:
    ids = []
    for path in sorted(data_dir.glob("log-*.json")):
        tables = json.loads(path.read_text())
        for table in ("sessions", "checkins"):
            ids += [doc["id"] for doc in tables.get(table, {}).values()]
    return ids


def _check(data_dir: Path, saved: Saved) -> Repository:
    repo = Repository.open(data_dir)
    assert not [p.name for p in data_dir.iterdir() if is_temp(p.name)]
    stored = {c.id for c in repo.checkins()}
    assert saved.checkins <= stored
    steps = {s.id: s.resume_step for s in repo.sessions()}
    for session_id, step in saved.steps.items():
        assert steps[session_id] >= step
    ids = _ids_on_disk(data_dir)
    assert len(ids) == len(set(ids))
    return repo


@pytest.mark.slow
def test_killed_writer_never_loses_or_corrupts_saved_records(data_dir: Path) -> None:
    """32 SIGKILLs: half from outside after a random number of saves, half from inside the
    writer at a random step of a random save (before write/fsync/replace, or right after
    replace). After each, every save the writer reported is there and every file parses."""
    Repository.open(data_dir)
    rng = random.Random(20260301)
    saved = Saved()
    leftovers = 0
    kills = 32
    for round_ in range(kills):
        inside = round_ % 2 == 1
        hook = rng.choice(["write", "fsync", "replace", "replaced"])
        die_at = f"{hook}:{rng.randint(1, 14)}" if inside else None
        proc = _start(data_dir, f"w{round_}", 0, round_, die_at)
        assert proc.stdout is not None and proc.stdin is not None
        _go(proc)
        lines = [] if inside else [proc.stdout.readline() for _ in range(rng.randint(0, 10))]
        if not inside:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        lines += proc.stdout.read().splitlines(keepends=True)
        proc.stdout.close()
        proc.stdin.close()
        assert proc.returncode == -signal.SIGKILL
        saved.add(lines)
        leftovers += any(is_temp(p.name) for p in data_dir.iterdir())
        forget_process_state()
        _check(data_dir, saved)
    assert len(saved.checkins) + len(saved.steps) > kills
    assert leftovers >= 4  # crashes really happened with a half-done save on disk
    print(f"\n{kills} kills, {leftovers} left a temp file (killed mid-write)")
    check = subprocess.run(
        [sys.executable, "-c", _COUNT, str(data_dir)], capture_output=True, text=True, check=True
    )
    counts = json.loads(check.stdout)
    assert set(counts["checkins"]) >= saved.checkins
    assert set(counts["sessions"]) >= set(saved.steps)


_COUNT = """
import json, sys
from pathlib import Path
from coach.storage import Repository
repo = Repository.open(Path(sys.argv[1]))
print(json.dumps({"sessions": [s.id for s in repo.sessions()],
                  "checkins": [c.id for c in repo.checkins()]}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 3])
def test_concurrent_writers_lose_nothing(data_dir: Path, writers: int) -> None:
    Repository.open(data_dir)
    procs = [_start(data_dir, f"w{n}", 50, 100 + n) for n in range(writers)]
    for proc in procs:
        _go(proc)
    saved = Saved()
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        saved.add(out.splitlines(keepends=True))
    forget_process_state()
    repo = _check(data_dir, saved)
    assert {c.id for c in repo.checkins()} == saved.checkins
    assert {s.id: s.resume_step for s in repo.sessions()} == saved.steps
    assert set(repo.fired_reminders()) == {key for key, _ in saved.fired}
    firsts = Counter(key for key, fired in saved.fired if fired)
    assert all(count == 1 for count in firsts.values())
    assert set(firsts) == {key for key, _ in saved.fired}
