"""Figures for the review path (``coach stats``, ``coach report``, the TUI's review) over ten years.

Run: ``python tests/bench_review.py`` (options: ``--runs N``, default 5; ``--data DIR`` to reuse
or keep a data folder). Not collected by pytest (no ``test_`` name, nothing runs on import).

The history is the one of ``tests/storage/bench_storage.py`` (~1.5 sessions of six exercises and
four check-ins a day, ~20,000 entries, ~13 MB in ten year files) moved to end yesterday and run
on three bundled routines that are in the program, so streaks and adherence are computed.

Printed, each the median of N runs in fresh processes (so every read is cold):

- the pieces of ``open_review``: imports, ``Repository.open``, the routine library, reading the
  log as ``load_review`` does, ``build_review`` (``summarise`` and the filters), ``heatmap_weeks``;
- ``Repository.history()`` alone (full records), cold;
- memory (tracemalloc, one run): what ``history()``, ``history_facts()`` (the small read-only
  copies the review reads) and ``load_review`` keep, and their peaks;
- in one warm process: ``history()``, ``history_facts()``, ``sessions()``, last month's
  ``checkins()``, ``summarise``;
- end to end, as the client runs them: ``coach stats``, ``coach stats --since 4w``,
  ``coach stats --json``, ``coach report``, ``coach export --format json``: wall time and
  peak resident memory (``VmHWM``; ``ru_maxrss`` where there is no ``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "storage"))

YEARS = 10
ROUTINES = ("knee-basics", "low-back-mcgill", "neck-desk")

PIECES = r"""
import json, sys, time
t0 = time.perf_counter()
from datetime import datetime
from pathlib import Path
from coach.library import default_sources, load_library
from coach.services.review import build_review, heatmap_weeks, local_tz
from coach.storage.repo import Repository
t1 = time.perf_counter()
data = Path(sys.argv[1])
repo = Repository.open(data)
t2 = time.perf_counter()
library = load_library(default_sources(data))
t3 = time.perf_counter()
read = getattr(repo, "history_facts", repo.history)  # what load_review reads
sessions, checkins = read()
t4 = time.perf_counter()
tz = local_tz()
now = datetime.now(tz)
entries = [e for e in repo.program() if e.active]
activities = {a.id: a.name for a in repo.psfs_activities()}
review = build_review(sessions, checkins, entries, library, repo.excused_days(), activities,
                      now, tz)
t5 = time.perf_counter()
heatmap_weeks(review)
t6 = time.perf_counter()
ms = lambda a, b: (b - a) * 1000
print(json.dumps({"imports": ms(t0, t1), "open": ms(t1, t2), "library": ms(t2, t3),
                  "read for review": ms(t3, t4), "build_review": ms(t4, t5),
                  "heatmap": ms(t5, t6), "open_review": ms(t1, t6)}))
"""

HISTORY = r"""
import json, sys, time
from pathlib import Path
from coach.storage.repo import Repository
repo = Repository.open(Path(sys.argv[1]))
t0 = time.perf_counter()
repo.history()
print(json.dumps({"history": (time.perf_counter() - t0) * 1000}))
"""

MEMORY = r"""
import json, sys, tracemalloc
from pathlib import Path
from coach.library import default_sources, load_library
from coach.services.review import load_review
from coach.storage.repo import Repository
data = Path(sys.argv[1])
repo = Repository.open(data)
library = load_library(default_sources(data))
figures = {}
tracemalloc.start()
reads = (("history()", repo.history), ("history_facts()", getattr(repo, "history_facts", None)),
         ("load_review", lambda: load_review(repo, library)))
for name, read in reads:
    if read is None:
        continue
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    kept = read()
    now, peak = tracemalloc.get_traced_memory()
    figures[name + " kept"], figures[name + " peak"] = (now - base) / 1e6, (peak - base) / 1e6
    del kept
print(json.dumps(figures))
"""

CLI = r"""
import atexit, os, resource, sys
def peak():
    kb = None
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    kb = int(line.split()[1])
    except OSError:
        pass
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    os.write(2, f"\nPEAK_KB {kb}\n".encode())
atexit.register(peak)
from coach.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
sys.exit(code)
"""


def build(data: Path) -> dict[str, float]:
    """Write ten years of history ending yesterday, with three routines in the program."""
    import bench_storage

    from coach.library import default_sources, load_library
    from coach.storage import ProgramEntry, Repository

    sessions, checkins = bench_storage.history()
    now = datetime.now(UTC)
    shift = (now - timedelta(days=1)) - datetime(
        bench_storage.FIRST_YEAR + bench_storage.YEARS, 1, 1, tzinfo=UTC
    )
    rng = random.Random(11)
    library = load_library(default_sources(data))
    sessions = [
        s.model_copy(
            update={
                "started_at": s.started_at + shift,
                "ended_at": s.ended_at + shift if s.ended_at else None,
                "routine_id": (rid := rng.choice(ROUTINES)),
                "routine_title": library.routines[rid].routine.title,
            }
        )
        for s in sessions
    ]
    checkins = [c.model_copy(update={"at": c.at + shift}) for c in checkins]
    repo = Repository.open(data)
    added = repo.import_records(sessions, checkins)
    first = min(s.started_at for s in sessions)
    for rid in ROUTINES:
        loaded = library.routines[rid]
        entry = ProgramEntry(
            routine_id=rid, path=str(loaded.path), sha256=loaded.sha256, added_at=first
        )
        repo.add_to_program(entry)
    size = sum(p.stat().st_size for p in data.iterdir() if p.suffix == ".json")
    return {"sessions": added[0], "checkins": added[1], "mb": size / 1e6}


def _child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli(data: Path, args: list[str]) -> tuple[float, float]:
    """(wall ms, peak MB) of one ``coach`` command in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CLI, "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    took = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"coach {' '.join(args)} failed: {proc.stderr[-2000:]}")
    lines = proc.stderr.splitlines()
    kb = next(int(line.split()[1]) for line in lines if line.startswith("PEAK_KB"))
    return took, kb / 1024


def warm(data: Path, runs: int) -> dict[str, float]:
    """Repeated reads and ``summarise`` in this process (imports and adapters are warm)."""
    from coach.domain.stats import summarise
    from coach.library import default_sources, load_library
    from coach.services.review import build_review, local_tz
    from coach.storage import Repository

    repo = Repository.open(data)
    figures: dict[str, list[float]] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        figures.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return result

    tz = local_tz()
    now = datetime.now(tz)
    month = now - timedelta(days=30)
    library = load_library(default_sources(data))
    entries = [e for e in repo.program() if e.active]
    facts = getattr(repo, "history_facts", None)
    for _ in range(runs):
        both = timed("warm history()", repo.history)
        if facts is not None:
            del both
            both = timed("warm history_facts()", facts)
        timed("warm sessions()", repo.sessions)
        timed("warm checkins(since a month)", lambda: repo.checkins(since=month))
        program = build_review(*both, entries, library, {}, {}, now, tz).program
        timed("warm summarise", partial(summarise, *both, program, {}, tz, now))
        del both
    return {k: statistics.median(v) for k, v in figures.items()}


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the history, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="data folder to reuse (built if missing)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        if not (data / "coach.json").exists():
            built = build(data)
            print(f"history: {built['sessions']:.0f} sessions + {built['checkins']:.0f} "
                  f"check-ins, {built['mb']:.1f} MB")  # fmt: skip
        rows: list[tuple[str, str]] = []
        pieces = [_child(PIECES, str(data)) | _child(HISTORY, str(data)) for _ in range(args.runs)]
        for key in pieces[0]:
            rows.append((f"cold {key} ms", f"{statistics.median(p[key] for p in pieces):.0f}"))
        memory = _child(MEMORY, str(data))
        rows += [(f"{key} MB (tracemalloc)", f"{value:.1f}") for key, value in memory.items()]
        rows += [(f"{k} ms", f"{v:.0f}") for k, v in warm(data, args.runs).items()]
        commands = {
            "coach stats": ["stats"],
            "coach stats --since 4w": ["stats", "--since", "4w"],
            "coach stats --json": ["stats", "--json"],
            "coach report": ["report", "--out", str(Path(tmp) / "report.html")],
            "coach export json": ["export", "--format", "json", "--out", str(Path(tmp) / "x.json")],
            "coach --version": ["--version"],
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so a busy moment hits every command alike
            for name, cmd in commands.items():
                results[name].append(_cli(data, cmd))
        for name, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            rows.append((f"{name}: ms / peak MB", f"{wall:.0f} / {peak:.0f}"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    print(f"(cpus: {os.cpu_count()}, python {sys.version.split()[0]}, median of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
