"""Figures for coach: start-up time and memory against a bare Textual app, and timer drift.

Run: ``python tests/benchmark.py`` (``make bench``). Not collected by pytest (no ``test_``
name, and nothing runs on import). Options: ``--runs N`` (default 5), ``--data DIR`` (reuse a
data folder instead of building ten years of history in a temp folder).

(a) Start-up: each app runs in its own process on a pseudo-terminal (120x40), through a small
    harness that records the wall-clock time of its first frame (``call_after_refresh`` from
    ``on_mount``: the first screen drawn and settled) and exits at once. The time is counted
    from just before the process is spawned, so interpreter start-up and imports are included
    for both. coach opens on a data folder holding ten years of history (~20,000 sessions and
    check-ins, built with the repository). Also shown: when the home screen's skeleton text
    (``Your program``) reached the terminal, as read on the pseudo-terminal; when the home
    screen first shows the routine list, and when it is fully loaded (the list and the today
    panel; their data is read in worker threads). Median of N runs each, runs interleaved, one
    warm-up each.
(b) Drift: a 60-minute routine on the timer engine with a fake clock ticked at irregular
    intervals (1 ms to 250 ms, and a few 2 s stalls): the session's end against the ideal
    end, and the latest any step began against its ideal start.
(d) Years of history: ``coach stats``, ``coach history --since 4w`` and ``coach report --since
    8w`` as new processes against ``coach --version`` (the interpreter + import floor), the median
    time of saving a check-in, and ``coach stats`` in one process after its imports (first
    call). ``--growth [YEARS]`` adds the home screen, stats and saving at 1, 10 and 30 years
    (slow: builds each history).
(c) Memory: peak resident set of the child processes of (a) at each mark (what it took to get
    there): ``VmHWM`` from ``/proc/self/status`` where there is one (Linux keeps ``ru_maxrss``
    across ``exec``, so it would report the peak of the process that spawned it), else
    ``ru_maxrss``. Also at the exit of the first-frame run (workers released by the first frame
    are waited for at exit, so that one depends on how far they got).
(e) Session CPU (``tests/bench_session.py``): a running session of neck-desk against a bare
    Textual app showing a ``Digits`` countdown and a progress bar updated once a second, same
    pseudo-terminal size, process CPU time over the same window (``--session-seconds``, default
    20; 0 skips it), alternating runs, median ratio. Goal <= 1.5x.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = 10
COLUMNS, ROWS = 120, 40
CHILD_TIMEOUT_S = 60.0
READY_TIMEOUT_S = 10.0
SKELETON_TEXT = b"Your program"  # on the home screen from its first frame

HARNESS = r"""
import json, resource, sys, time
from pathlib import Path

kind, result_path, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
READY_TIMEOUT_S = float(sys.argv[4])
marks = {}


def peak_kb():
    # ru_maxrss survives exec on Linux (it would report the spawning process's peak): prefer the
    # high-water mark of this process's own memory, VmHWM.
    try:
        status = Path("/proc/self/status").read_text()
        return float(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
    except (OSError, StopIteration):
        return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def mark(name):
    if name not in marks:
        marks[name] = time.time()
        marks[name + "_kb"] = peak_kb()  # the peak so far: what it took to get here


if kind == "bare":
    from textual.app import App

    class Bench(App):
        def on_mount(self):
            self.call_after_refresh(self.first_frame)

        def first_frame(self):
            mark("first_frame")
            self.exit()

    app = Bench()
else:
    import inspect

    from coach.tui.app import CoachApp

    here = Path(inspect.getfile(CoachApp)).parent
    css = CoachApp.CSS_PATH
    css = [css] if isinstance(css, (str, Path)) else list(css or [])
    wait_for = kind.rpartition("-")[2]  # coach[-empty]: first frame; -list; -ready: list + today

    class Bench(CoachApp):
        CSS_PATH = [str(here / p) for p in css]  # this file is elsewhere

        # No super().on_mount(): Textual itself calls the handler of every class in the MRO
        # (calling it here too would open the home screen twice).
        def on_mount(self):
            if wait_for in ("list", "ready"):
                self._started = time.monotonic()
                self.set_interval(0.002, self.check)
            else:
                self.call_after_refresh(self.first_frame)

        def first_frame(self):
            mark("first_frame")
            self.exit()

        def check(self):
            from textual.widgets import DataTable

            from coach.tui.screens.home import HomeScreen
            from coach.tui.widgets.today import TodayPanel

            home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
            listed = home is not None and any(t.row_count for t in home.query(DataTable))
            today = home is not None and home.query_one(TodayPanel).data is not None
            if listed and (wait_for == "list" or today):
                self.call_after_refresh(self.done)
            elif time.monotonic() - self._started > READY_TIMEOUT_S:
                self.exit()

        def done(self):
            mark("listed" if wait_for == "list" else "ready")
            self.exit()

    app = Bench(data_dir=Path(data_dir), extra_dirs=[])

app.run()
marks["maxrss_kb"] = peak_kb()  # at exit (workers still running then are waited for)
Path(result_path).write_text(json.dumps(marks))
"""


# ---------------------------------------------------------------------------- history


def build_history(data: Path, years: int = YEARS) -> dict[str, float]:
    """``years`` of daily use ending today: ~1.5 sessions and 4 check-ins a day."""
    from coach.domain.plan import expand
    from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
    from coach.library import default_sources, load_library
    from coach.services.session_log import open_repo
    from coach.storage.models import ProgramEntry

    rng = random.Random(7)
    library = load_library(default_sources(data))
    chosen = [library.routines[r] for r in ("neck-desk", "knee-basics", "low-back-mcgill")
              if r in library.routines] or list(library.routines.values())[:3]  # fmt: skip
    now = datetime.now().astimezone()
    day = (now - timedelta(days=365 * years)).replace(hour=8, minute=0, second=0, microsecond=0)
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    while day < now - timedelta(days=1):
        for run in range(2 if rng.random() < 0.5 else 1):
            loaded = rng.choice(chosen)
            start = day + timedelta(hours=2 + 8 * run)
            exercises = [
                ExerciseLog(index=i, name=ex.name, status="done", sets_done=ex.sets,
                            reps_done=(ex.reps or 0) * ex.sets, seconds=float(rng.randint(60, 240)))
                for i, ex in enumerate(loaded.routine.exercises)
            ]  # fmt: skip
            sessions.append(
                SessionRecord(
                    routine_id=loaded.routine.id, routine_title=loaded.routine.title,
                    routine_hash=loaded.sha256, started_at=start,
                    ended_at=start + timedelta(minutes=rng.randint(8, 30)),
                    status=rng.choice(["complete", "complete", "complete", "partial"]),
                    exercises=exercises,
                )  # fmt: skip
            )
        for hour, context in ((0, "next_morning"), (2, "before_session"), (3, "after_session"),
                              (12, "at_rest")):  # fmt: skip
            checkins.append(
                CheckInRecord(
                    at=day + timedelta(hours=hour), context=context,  # type: ignore[arg-type]
                    pain=[PainRating(region="neck", value=rng.randint(0, 7)),
                          PainRating(region="shoulder", value=rng.randint(0, 7))],
                    measures={"chin-to-chest": float(rng.randint(0, 12))},
                    stiffness=rng.randint(0, 6),
                    note=rng.choice([None, "felt fine", "a bit sore after work"]),
                )  # fmt: skip
            )
        day += timedelta(days=1)
    repo = open_repo(data)
    began = time.perf_counter()
    added = repo.import_records(sessions, checkins)
    took = time.perf_counter() - began
    for loaded in chosen:
        repo.add_to_program(
            ProgramEntry(routine_id=loaded.routine.id, path=str(loaded.path),
                         sha256=loaded.sha256, added_at=day - timedelta(days=365 * years))
        )  # fmt: skip
        estimate = expand(loaded.routine).estimate_s
        assert estimate > 0
    size = sum(p.stat().st_size for p in data.iterdir() if p.suffix == ".json")
    return {"sessions": added[0], "checkins": added[1], "import_s": took, "mb": size / 1e6}


# ---------------------------------------------------------------------------- start-up


def run_child(kind: str, data: Path, workdir: Path) -> dict[str, float]:
    """Run the harness on a pseudo-terminal; its marks as seconds after the spawn, and KB."""
    result = workdir / f"result-{kind}.json"
    harness = workdir / "bench_harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    result.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH", "TEXTUAL"))}
    env.update(TERM="xterm-256color", HOME=str(workdir / "home"), COLUMNS=str(COLUMNS),
               LINES=str(ROWS), PYTHONPATH=str(ROOT))  # fmt: skip
    spawned = time.time()
    proc = subprocess.Popen(
        [sys.executable, str(harness), kind, str(result), str(data), str(READY_TIMEOUT_S)],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=workdir, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    screen = bytearray()
    shown: float | None = None  # when the home screen's skeleton reached the terminal
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    screen += os.read(master, 65536)
                except OSError:
                    break
                if shown is None and SKELETON_TEXT in screen:
                    shown = time.time()
        proc.wait(timeout=max(deadline - time.monotonic(), 1.0))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    finally:
        os.close(master)
    if not result.exists():
        tail = screen[-1500:].decode("utf-8", "replace")
        raise RuntimeError(f"{kind} did not report (exit {proc.returncode}): {tail}")
    marks = json.loads(result.read_text())
    out = {k: v - spawned for k, v in marks.items() if k in ("first_frame", "listed", "ready")}
    out.update({k: v for k, v in marks.items() if k.endswith("_kb")})
    if shown is not None:
        out["on_terminal"] = shown - spawned
    return out


def startup(data: Path, runs: int, workdir: Path) -> dict[str, list[dict[str, float]]]:
    """Interleaved runs of the bare app and coach (one warm-up each, not counted).

    ``coach-empty`` is coach on an empty data folder, to tell the cost of the history from the
    cost of coach itself.
    """
    empty = workdir / "empty-data"
    folders = {
        "bare": data, "coach": data, "coach-list": data, "coach-ready": data, "coach-empty": empty,
    }  # fmt: skip
    results: dict[str, list[dict[str, float]]] = {k: [] for k in folders}
    for kind, folder in folders.items():
        run_child(kind, folder, workdir)
    for _ in range(runs):
        for kind, folder in folders.items():
            results[kind].append(run_child(kind, folder, workdir))
    return results


# ---------------------------------------------------------------------------- drift


def drift(seed: int = 3) -> dict[str, float]:
    """A 60-minute routine on a fake clock with irregular ticks: end error and step lateness."""
    from coach.domain.plan import expand
    from coach.domain.routine import Routine
    from coach.domain.timer import Engine
    from coach.domain.timer_events import PhaseChanged, SessionDone

    exercises = [
        {"name": f"Hold {i + 1}", "kind": "stretch", "sets": 5, "hold_s": 50, "rest_s": 10}
        for i in range(12)
    ]  # 12 x (10 get ready + 5 x 50 + 4 x 10) = 3600 s
    routine = Routine.model_validate(
        {"format": 1, "id": "drift", "title": "Drift", "exercises": exercises}
    )
    plan = expand(routine)
    ideal_starts = []
    t = 0.0
    for step in plan.steps:
        ideal_starts.append(t)
        t += step.duration_s or 0.0
    rng = random.Random(seed)
    now = [10_000.0]
    engine = Engine(plan, lambda: now[0])
    events = engine.start()
    t0 = now[0]
    late_max = 0.0
    gap_max = 0.0
    ticks = 0
    done_seen_at = None
    while done_seen_at is None:
        for event in events:
            if isinstance(event, PhaseChanged):
                late_max = max(late_max, (now[0] - t0) - ideal_starts[event.step_index])
            elif isinstance(event, SessionDone):
                done_seen_at = now[0]
        if done_seen_at is not None:
            break
        gap = 2.0 if rng.random() < 0.002 else rng.uniform(0.001, 0.25)
        gap_max = max(gap_max, gap)
        now[0] += gap
        ticks += 1
        events = engine.tick()
    assert engine.finished_at is not None
    end_error = abs((engine.finished_at - t0) - plan.estimate_s)
    return {
        "minutes": plan.estimate_s / 60,
        "steps": float(len(plan.steps)),
        "ticks": float(ticks),
        "end_error_ms": end_error * 1000,
        "latest_step_report_ms": late_max * 1000,
        "largest_tick_gap_ms": gap_max * 1000,
    }


# ---------------------------------------------------------------------------- years of history

CLI_COMMANDS: dict[str, list[str]] = {
    "--version": ["--version"],
    "stats": ["stats"],
    "history --since 4w": ["history", "--since", "4w"],
    "report --since 8w": ["report", "--since", "8w", "--out", "{workdir}/report.html"],
}

SCALE_HARNESS = r"""
import contextlib, io, json, statistics, sys, time
from datetime import datetime
from pathlib import Path

what, data, result_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
from coach.cli.main import main  # imports before the clock starts: in-process figures
out = {}
if what == "stats":
    times = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["--data-dir", data, "stats"])
        times.append(time.perf_counter() - began)
        assert code == 0, code
    out["first_ms"] = times[0] * 1000
    out["ms"] = statistics.median(times[1:]) * 1000
else:
    from coach.domain.records import CheckInRecord, PainRating
    from coach.localtime import local_now
    from coach.storage.repo import Repository

    repo = Repository.open(Path(data))
    times = []
    for i in range(runs + 1):
        rec = CheckInRecord(at=local_now(), context="at_rest", note=f"bench {i}",
                            pain=[PainRating(region="neck", value=i % 10)])
        began = time.perf_counter()
        repo.save_checkin(rec)
        times.append(time.perf_counter() - began)
    out["ms"] = statistics.median(times[1:]) * 1000  # the first one opens the year file
Path(result_path).write_text(json.dumps(out))
"""


def _child_env(workdir: Path) -> dict[str, str]:
    """The commands' environment. Python may keep compiled modules (``__pycache__``), as it
    does for a client (pip compiles them on install): with ``PYTHONDONTWRITEBYTECODE`` set
    here, every coach module would be compiled from source on each run, which only this
    machine's shell does (the warm-up run writes them)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COACH", "TEXTUAL")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(HOME=str(workdir / "home"), PYTHONPATH=str(ROOT))
    return env


def cli_times(data: Path, runs: int, workdir: Path) -> dict[str, list[float]]:
    """Wall time of each command in :data:`CLI_COMMANDS` as a new process (interleaved runs,
    one warm-up each), seconds."""
    env = _child_env(workdir)
    coach = [sys.executable, "-m", "coach", "--data-dir", str(data)]
    results: dict[str, list[float]] = {name: [] for name in CLI_COMMANDS}
    for round_ in range(runs + 1):
        for name, args in CLI_COMMANDS.items():
            argv = coach + [a.format(workdir=workdir) for a in args]
            began = time.perf_counter()
            done = subprocess.run(argv, env=env, cwd=workdir, capture_output=True, check=False)
            took = time.perf_counter() - began
            if done.returncode != 0:
                raise RuntimeError(f"coach {name} failed: {done.stderr.decode()[-500:]}")
            if round_:
                results[name].append(took)
    return results


def after_a_save(data: Path, runs: int, workdir: Path) -> dict[str, float]:
    """``coach history --since 4w`` and ``coach report --since 8w`` as new processes, each the
    first command after a ``coach checkin`` (median of ``runs`` saves each), seconds: what a
    client waits for right after logging."""
    env = _child_env(workdir)
    coach = [sys.executable, "-m", "coach", "--data-dir", str(data)]
    results: dict[str, list[float]] = {"history --since 4w": [], "report --since 8w": []}
    for _ in range(runs):
        for name in results:
            save = coach + ["checkin", "--region", "neck", "--pain", "3"]
            subprocess.run(save, env=env, cwd=workdir, capture_output=True, check=True)
            argv = coach + [a.format(workdir=workdir) for a in CLI_COMMANDS[name]]
            began = time.perf_counter()
            done = subprocess.run(argv, env=env, cwd=workdir, capture_output=True, check=False)
            took = time.perf_counter() - began
            if done.returncode != 0:
                raise RuntimeError(f"coach {name} failed: {done.stderr.decode()[-500:]}")
            results[name].append(took)
    return {name: statistics.median(times) for name, times in results.items()}


def in_process(what: str, data: Path, runs: int, workdir: Path) -> dict[str, float]:
    """``stats``: ``coach stats`` called in one process after its imports (first call, then the
    median of ``runs`` more); ``save``: the median time of saving a check-in (``runs`` saves)."""
    harness = workdir / "bench_scale.py"
    harness.write_text(SCALE_HARNESS, encoding="utf-8")
    result = workdir / f"scale-{what}.json"
    argv = [sys.executable, str(harness), what, str(data), str(result), str(runs)]
    done = subprocess.run(argv, env=_child_env(workdir), cwd=workdir, capture_output=True,
                          check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed: {done.stderr.decode()[-800:]}")
    return json.loads(result.read_text())  # type: ignore[no-any-return]


def scale_figures(
    data: Path, runs: int, workdir: Path, figures: list[tuple[str, str, str, str, str]]
) -> dict[str, float]:
    """The command-line, check-in and in-process stats goal lines; their figures by name."""
    times = cli_times(data, runs, workdir)
    floor = statistics.median(times["--version"])
    found = {"version_ms": floor * 1000}
    figures.append(("(d) coach --version (the import floor)", f"{floor * 1000:.0f} ms", "",
                    "", "(for information)"))  # fmt: skip
    for name in ("stats", "history --since 4w", "report --since 8w"):
        took = statistics.median(times[name])
        ratio = took / floor
        found[f"{name}_ms"] = took * 1000
        figures.append((f"(d) coach {name}", f"{took * 1000:.0f} ms", "",
                        f"{ratio:.2f}x of --version {mark(ratio <= 3)}", "<= 3x"))  # fmt: skip
    # A copy: the saves must not change the history the other figures are measured on.
    scratch = workdir / "save-data"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(data, scratch)
    # The copies are new files: the facts kept beside each log name its inode, so they are
    # made again once (as the client's are current), then the saves keep them current.
    prime = [sys.executable, "-m", "coach", "--data-dir", str(scratch), "stats"]
    subprocess.run(prime, env=_child_env(workdir), cwd=workdir, capture_output=True, check=True)
    save = in_process("save", scratch, max(runs * 5, 15), workdir)["ms"]
    after = after_a_save(scratch, max(runs // 2, 2), workdir)
    shutil.rmtree(scratch, ignore_errors=True)
    found["save_ms"] = save
    figures.append(("(d) saving a check-in (median)", f"{save:.1f} ms", "", mark(save < 20),
                    "< 20 ms"))  # fmt: skip
    for name, took in after.items():
        found[f"{name} after a save_ms"] = took * 1000
        figures.append((f"(d) coach {name}, first after a save", f"{took * 1000:.0f} ms", "",
                        f"{took / floor:.2f}x of --version", "(for information)"))  # fmt: skip
    stats = in_process("stats", data, runs, workdir)
    found["stats_first_ms"], found["stats_again_ms"] = stats["first_ms"], stats["ms"]
    figures.append(("(d) stats in process, first call", f"{stats['first_ms']:.0f} ms", "",
                    mark(stats["first_ms"] < 100), "< 100 ms"))  # fmt: skip
    figures.append(("(d) stats in process, again (median)", f"{stats['ms']:.0f} ms", "",
                    "", "(for information)"))  # fmt: skip
    return found


def growth(years_list: list[int], runs: int, workdir: Path) -> list[dict[str, float]]:
    """The home screen, ``coach stats`` and saving a check-in at each number of years."""
    rows = []
    for years in years_list:
        data = workdir / f"grow-{years}"
        built = build_history(data, years)
        res: dict[str, list[dict[str, float]]] = {"bare": [], "coach-ready": []}
        for kind in res:
            run_child(kind, data, workdir)  # warm-up
        for _ in range(runs):
            for kind in res:
                res[kind].append(run_child(kind, data, workdir))
        bare = _median(res["bare"], "first_frame") or float("nan")
        ready = _median(res["coach-ready"], "ready") or float("nan")
        bare_kb = _median(res["bare"], "first_frame_kb") or float("nan")
        ready_kb = _median(res["coach-ready"], "ready_kb") or float("nan")
        figures: list[tuple[str, str, str, str, str]] = []
        found = scale_figures(data, runs, workdir, figures)
        rows.append({"years": years, "mb": built["mb"], "home_x": ready / bare,
                     "home_ms": ready * 1000, "mem_x": ready_kb / bare_kb, **found})  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)
    return rows


def growth_report(rows: list[dict[str, float]]) -> None:
    """Print the growth curve."""
    print("\ngrowth (medians; ratios against the bare app / coach --version of the same run)")
    head = ("years", "log MB", "home loaded", "memory", "stats (CLI)", "stats in process",
            "again", "save check-in")  # fmt: skip
    lines = [head]
    for r in rows:
        lines.append((f"{r['years']:.0f}", f"{r['mb']:.1f}",
                      f"{r['home_ms']:.0f} ms {r['home_x']:.2f}x", f"{r['mem_x']:.2f}x",
                      f"{r['stats_ms']:.0f} ms {r['stats_ms'] / r['version_ms']:.2f}x",
                      f"{r['stats_first_ms']:.0f} ms", f"{r['stats_again_ms']:.0f} ms",
                      f"{r['save_ms']:.1f} ms"))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())


# ---------------------------------------------------------------------------- report


def mark(ok: bool) -> str:
    """The verdict of a goal line."""
    return "✓" if ok else "✗"


def _median(rows: list[dict[str, float]], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return statistics.median(values) if values else None

def startup_figures(
    res: dict[str, list[dict[str, float]]],
    figures: list[tuple[str, str, str, str, str]],
    notes: list[str],
) -> None:
    """The start-up (a) and memory (c) rows, against the bare app's first frame and memory."""
    bare_t = _median(res["bare"], "first_frame")
    bare_m = _median(res["bare"], "first_frame_kb")
    if not bare_t or not bare_m:
        notes.append("the bare app did not report its first frame")
        return

    def ms(label: str, value: float | None, target: float | None = None) -> None:
        if value is None:
            return
        ratio = value / bare_t
        verdict = "" if target is None else f" {mark(ratio <= target)}"
        figures.append((label, f"{value * 1000:.0f} ms", f"{bare_t * 1000:.0f} ms",
                        f"{ratio:.2f}x{verdict}",
                        f"<= {target}x" if target else "(for information)"))  # fmt: skip

    def mb(
        label: str, value: float | None, target: float | None = None, bare: float = bare_m
    ) -> None:
        if value is None:
            return
        ratio = value / bare
        verdict = "" if target is None else f" {mark(ratio <= target)}"
        figures.append((label, f"{value / 1024:.1f} MB", f"{bare / 1024:.1f} MB",
                        f"{ratio:.2f}x{verdict}",
                        f"<= {target}x" if target else "(for information)"))  # fmt: skip

    ms("(a) start to first frame", _median(res["coach"], "first_frame"), 1.3)
    shown = _median(res["coach"], "on_terminal")
    ms("(a) start to home skeleton on the terminal", shown)
    if shown is None:
        notes.append("the home screen's skeleton never reached the terminal by the first frame")
    listed = _median(res["coach-list"], "listed")
    ms("(a) start to routine list shown", listed, 1.3)
    if listed is None:
        notes.append("the routine list never appeared (home screen not ready?)")
    ready = _median(res["coach-ready"], "ready")
    ms("(a) start to home screen loaded (list + today)", ready, 1.5)
    if ready is None:
        notes.append("the today panel never finished loading")
    ms("(a) first frame, empty data folder", _median(res["coach-empty"], "first_frame"))
    mb("(c) peak memory at the first frame (VmHWM)", _median(res["coach"], "first_frame_kb"), 1.3)
    mb("(c) peak memory, first-frame run at exit", _median(res["coach"], "maxrss_kb"),
       bare=_median(res["bare"], "maxrss_kb") or bare_m)  # fmt: skip
    mb("(c) peak memory, routine list shown", _median(res["coach-list"], "listed_kb"))
    mb("(c) peak memory, home screen loaded", _median(res["coach-ready"], "ready_kb"), 1.5)
    empty_m = _median(res["coach-empty"], "first_frame_kb")
    mb("(c) peak memory at first frame, empty folder", empty_m)


def report(figures: list[tuple[str, str, str, str, str]]) -> None:
    """Print the table of figures."""
    headers = ("figure", "coach", "bare app", "ratio / value", "target")
    rows = [headers, *figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers))]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures; what cannot be measured is reported as such."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=None, help="reuse this data folder")
    parser.add_argument(
        "--growth", nargs="?", const="1,10,30", default=None, metavar="YEARS",
        help="also measure the growth curve at these numbers of years (default 1,10,30; slow)",
    )  # fmt: skip
    parser.add_argument(
        "--session-seconds", type=float, default=20.0, metavar="S",
        help="(e) measuring window of the session CPU figure (0: not measured)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    figures: list[tuple[str, str, str, str, str]] = []
    notes: list[str] = []

    d = drift()
    verdict = mark(d["end_error_ms"] <= 20)
    figures.append(("(b) drift at the end of a 60 min routine", f"{d['end_error_ms']:.4f} ms",
                    "", f"{verdict}", "<= 20 ms"))  # fmt: skip
    late_ok = mark(d["latest_step_report_ms"] <= d["largest_tick_gap_ms"])
    ticks = int(d["ticks"])
    figures.append(("(b) latest step report after its start",
                    f"{d['latest_step_report_ms']:.0f} ms", "", f"{late_ok} ({ticks} ticks)",
                    f"<= largest tick gap ({d['largest_tick_gap_ms']:.0f} ms)"))  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "home").mkdir()
        data = args.data
        if data is None:
            data = workdir / "data"
            try:
                built = build_history(data)
                notes.append(
                    f"history: {built['sessions']:.0f} sessions + {built['checkins']:.0f} "
                    f"check-ins over {YEARS} years, {built['mb']:.1f} MB, imported in "
                    f"{built['import_s']:.1f} s"
                )
            except Exception as exc:  # storage not ready: measure on an empty folder
                notes.append(f"history could not be built ({exc!r}); empty data folder used")
        try:
            res = startup(data, args.runs, workdir)
        except Exception as exc:
            notes.append(f"start-up not measured: {exc}")
            res = None
        if res is not None:
            startup_figures(res, figures, notes)
        try:
            scale_figures(data, args.runs, workdir, figures)
        except Exception as exc:
            notes.append(f"commands and stats not measured: {exc}")
        if args.session_seconds > 0:  # (e): CPU of a running session, see tests/bench_session.py
            try:
                from tests.bench_session import session_cpu, session_figure

                figures.append(session_figure(session_cpu(workdir, args.session_seconds)))
            except Exception as exc:
                notes.append(f"session CPU not measured: {exc}")
        rows = None
        if args.growth:
            rows = growth([int(y) for y in args.growth.split(",")], max(args.runs // 2, 2), workdir)
    report(figures)
    for note in notes:
        print(f"note: {note}")
    print(f"({args.runs} runs each, medians; cpus: {os.cpu_count()}, "
          f"python {sys.version.split()[0]}, {COLUMNS}x{ROWS} pseudo-terminal)")  # fmt: skip
    if rows:
        growth_report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
