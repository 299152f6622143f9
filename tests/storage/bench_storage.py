"""Storage figures with ten years of synthetic history (~20,000 log entries).

Run: ``python tests/storage/bench_storage.py``. Not collected by pytest (no ``test_`` names).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage import Repository

FIRST_YEAR = 2017
YEARS = 10
SAVES = 60

_COLD_SAVE = """
import json, sys, time
from datetime import datetime, UTC
from pathlib import Path
from coach.domain.records import CheckInRecord, PainRating
from coach.storage import Repository
t0 = time.perf_counter()
repo = Repository.open(Path(sys.argv[1]))
t1 = time.perf_counter()
repo.save_checkin(CheckInRecord(at=datetime({year}, 12, 30, 20, tzinfo=UTC),
    context="at_rest", pain=[PainRating(region="knee_left", value=2)]))
t2 = time.perf_counter()
print(json.dumps({{"open": (t1 - t0) * 1000, "save": (t2 - t1) * 1000}}))
"""


def _session(rng: random.Random, start: datetime) -> SessionRecord:
    return SessionRecord(
        routine_id=rng.choice(["knee-basic", "back-mobility", "shoulder-rehab"]),
        routine_title="Knee basics",
        routine_hash=f"{rng.getrandbits(256):064x}",
        started_at=start,
        ended_at=start + timedelta(minutes=rng.randint(10, 40)),
        status=rng.choice(["complete", "complete", "complete", "partial"]),
        exercises=[
            ExerciseLog(
                index=i,
                name=f"Exercise {i}: slow controlled movement",
                status="done",
                sets_done=3,
                reps_done=10,
                sides=["left", "right"],
                seconds=float(rng.randint(60, 240)),
            )
            for i in range(6)
        ],
    )


def _checkin(rng: random.Random, at: datetime, context: str) -> CheckInRecord:
    return CheckInRecord(
        at=at,
        context=context,  # type: ignore[arg-type]
        pain=[
            PainRating(region="knee_left", value=rng.randint(0, 8)),
            PainRating(region="lower_back", value=rng.randint(0, 8)),
        ],
        measures={"knee_flexion_deg": float(rng.randint(90, 135))},
        stiffness=rng.randint(0, 6),
        function={"stairs": rng.randint(3, 10)},
        note=rng.choice([None, "felt fine", "a bit sore after the stairs"]),
    )


def history(seed: int = 7) -> tuple[list[SessionRecord], list[CheckInRecord]]:
    """Ten years of daily use: ~1.5 sessions and 4 check-ins a day (~20,000 entries)."""
    rng = random.Random(seed)
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    day = datetime(FIRST_YEAR, 1, 1, 8, tzinfo=UTC)
    end = datetime(FIRST_YEAR + YEARS, 1, 1, tzinfo=UTC)
    while day < end:
        runs = 2 if rng.random() < 0.5 else 1
        for run in range(runs):
            start = day + timedelta(hours=2 + 8 * run)
            sessions.append(_session(rng, start))
        for hour, context in ((0, "next_morning"), (2, "before_session"), (3, "after_session")):
            checkins.append(_checkin(rng, day + timedelta(hours=hour), context))
        checkins.append(_checkin(rng, day + timedelta(hours=12), "at_rest"))
        day += timedelta(days=1)
    return sessions, checkins


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def bench(tmp: Path) -> dict[str, float]:
    """Build the history in ``tmp`` and measure saving and reading; returns the figures."""
    data = tmp / "data"
    sessions, checkins = history()
    repo = Repository.open(data)
    start = time.perf_counter()
    added = repo.import_records(sessions, checkins)
    figures: dict[str, float] = {
        "entries": float(added[0] + added[1]),
        "sessions": float(added[0]),
        "checkins": float(added[1]),
        "import_all_ms": _ms(start),
    }
    last_year = FIRST_YEAR + YEARS - 1
    rng = random.Random(1)

    saves = []
    for i in range(SAVES):
        rec = _checkin(
            rng, datetime(last_year, 12, 31, 12, tzinfo=UTC) + timedelta(seconds=i), "at_rest"
        )
        start = time.perf_counter()
        repo.save_checkin(rec)
        saves.append(_ms(start))
    figures["save_checkin_median_ms"] = statistics.median(saves)
    figures["save_checkin_p90_ms"] = sorted(saves)[int(len(saves) * 0.9)]

    session = _session(rng, datetime(last_year, 12, 31, 18, tzinfo=UTC)).model_copy(
        update={"status": "in_progress"}
    )
    updates = []
    for i in range(SAVES):
        session = session.model_copy(update={"resume_step": i})
        start = time.perf_counter()
        repo.save_session(session)
        updates.append(_ms(start))
    figures["save_session_boundary_median_ms"] = statistics.median(updates)

    edits = []
    for i in range(5):  # several: one alone may meet the garbage collector's full pass
        old = sessions[len(sessions) // 3 + 300 * i].model_copy(update={"speed": 1.25})
        start = time.perf_counter()
        repo.save_session(old)
        edits.append(_ms(start))
    figures["edit_old_session_median_ms"] = statistics.median(edits)
    figures["edit_old_session_max_ms"] = max(edits)

    colds = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", _COLD_SAVE.format(year=last_year), str(data)],
            check=True,
            capture_output=True,
            text=True,
        )
        colds.append(json.loads(out.stdout))
    figures["cold_process_open_ms"] = statistics.median(c["open"] for c in colds)
    figures["cold_process_first_save_ms"] = statistics.median(c["save"] for c in colds)

    reads = []
    for _ in range(3):
        start = time.perf_counter()
        both = repo.history()
        reads.append(_ms(start))
    figures["read_all_history_median_ms"] = statistics.median(reads)
    figures["read_all_entries"] = float(len(both[0]) + len(both[1]))
    del both
    reads = []
    for _ in range(3):
        start = time.perf_counter()
        facts = repo.history_facts()
        reads.append(_ms(start))
        del facts
    figures["read_all_history_facts_median_ms"] = statistics.median(reads)
    tracemalloc.start()
    for name, read in (("history", repo.history), ("history_facts", repo.history_facts)):
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        kept = read()
        now, peak = tracemalloc.get_traced_memory()
        figures[f"{name}_kept_mb"] = (now - base) / 1e6
        figures[f"{name}_peak_mb"] = (peak - base) / 1e6
        del kept
    tracemalloc.stop()
    start = time.perf_counter()
    repo.sessions()
    repo.checkins()
    figures["read_all_two_calls_ms"] = _ms(start)
    start = time.perf_counter()
    repo.checkins(since=datetime(last_year, 12, 1, tzinfo=UTC))
    figures["read_checkins_last_month_ms"] = _ms(start)
    start = time.perf_counter()
    repo.interrupted_sessions()
    figures["interrupted_sessions_ms"] = _ms(start)

    sizes = {p.name: p.stat().st_size for p in data.iterdir() if p.suffix == ".json"}
    figures["total_file_mb"] = sum(sizes.values()) / 1e6
    figures["largest_year_file_mb"] = max(v for k, v in sizes.items() if k.startswith("log-")) / 1e6
    figures["coach_json_kb"] = sizes["coach.json"] / 1e3
    figures["year_files"] = float(sum(1 for k in sizes if k.startswith("log-")))
    return figures


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        figures = bench(Path(tmp))
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:10.1f}")
    print(f"(cpus: {os.cpu_count()}, python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
