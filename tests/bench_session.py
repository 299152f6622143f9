"""CPU of a running session against a bare Textual countdown (part of ``make bench``).

Each app runs in its own process on a pseudo-terminal of the same size, for the same wall time:
after a warm-up (the first frame and the session's start), the process's CPU time (all threads,
``time.process_time``) is read at the start and at the end of a measuring window. The bare app
shows a ``Digits`` countdown and a ``ProgressBar`` updated once a second, in ONE frame a second
(the bar has a 1 s timer of its own, for its ETA: the countdown starts with it; started apart,
in about one run in three the two fell in frames of their own, 40 frames in 20 s instead of 20,
and the bare app's CPU rose by ~40 %, flattering the ratio by chance); coach runs a real
session of the bundled ``neck-desk`` routine (check-ins off, so that it starts at once; sounds
on with the terminal bell; voice off: speech runs in its own process and is not the screen's
cost). The runs alternate (bare, coach, bare, coach...; three pairs unless told), and the
figure is the median of the per-pair ratios (the machine is shared: one pair can be off).
Goal: coach <= 1.5x the bare app. ``--exercise 2`` measures a window over chin tucks alone
(holds and releases every few seconds).

Run alone: ``python tests/bench_session.py [--seconds S] [--runs N]``; ``tests/benchmark.py``
calls :func:`session_cpu` for its table. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS, ROWS = 120, 40
WARM_S = 4.0
"""Seconds before the window starts (first frame, session start, first redraws)."""
GOAL = 1.5

HARNESS = r"""
import json, sys, time
from pathlib import Path

kind, result_path, data_dir, routine_path = sys.argv[1:5]
warm_s, measure_s = float(sys.argv[5]), float(sys.argv[6])
marks = {}


def begin():
    marks["cpu0"], marks["wall0"] = time.process_time(), time.monotonic()


def end(app):
    marks["cpu1"], marks["wall1"] = time.process_time(), time.monotonic()
    app.exit()


if kind == "bare":
    from textual.app import App
    from textual.widgets import Digits, ProgressBar

    class Bar(ProgressBar):
        def on_mount(self):  # runs just before ProgressBar's, which starts a 1 s timer (ETA)
            self.app.start_seconds()

    class Bench(App):
        def compose(self):
            yield Digits("600")
            yield Bar(total=600, show_eta=False)

        def start_seconds(self):
            self.left = 600
            self.set_interval(1.0, self.second)  # in step with the bar's own timer: one frame

        def on_mount(self):
            self.set_timer(warm_s, begin)
            self.set_timer(warm_s + measure_s, lambda: end(self))

        def second(self):
            self.left -= 1
            self.query_one(Digits).update(str(self.left))
            self.query_one(ProgressBar).advance(1)

    app = Bench()
else:
    import inspect

    from coach.library import load_file
    from coach.tui.app import CoachApp

    here = Path(inspect.getfile(CoachApp)).parent
    css = CoachApp.CSS_PATH
    css = [css] if isinstance(css, (str, Path)) else list(css or [])

    class Bench(CoachApp):
        CSS_PATH = [str(here / p) for p in css]  # this file is elsewhere

        def on_mount(self):  # Textual also calls CoachApp.on_mount (every class in the MRO)
            self.set_timer(warm_s, begin)
            self.set_timer(warm_s + measure_s, lambda: end(self))

    app = Bench(
        data_dir=Path(data_dir), extra_dirs=[], reminders=False, voice=False,
        start_routine=load_file(Path(routine_path)),
    )

app.run()
Path(result_path).write_text(json.dumps(marks))
"""


def bench_routine(workdir: Path, exercise: int | None = None) -> Path:
    """The bundled neck-desk routine with its check-ins off (the session starts at once), in a
    folder of its own beside a copy of the bundled pictures it names (its ``media.image`` paths
    are relative to the routine file, and a routine naming a missing picture does not load).
    ``exercise`` (from 1): that exercise alone (e.g. 2, chin tucks: holds and releases)."""
    bundled = ROOT / "routines"
    source = json.loads((bundled / "neck-desk.json").read_text(encoding="utf-8"))
    source["check_in"] = {"before": False, "after": False}
    if exercise is not None:
        source["exercises"] = [source["exercises"][exercise - 1]]
    folder = workdir / "routine"
    shutil.copytree(bundled / "images", folder / "images", dirs_exist_ok=True)
    path = folder / "bench-neck.json"
    path.write_text(json.dumps(source), encoding="utf-8")
    return path


def run_on_pty(argv: list[str], env: dict[str, str], cwd: Path, timeout_s: float) -> bytes:
    """Run ``argv`` on a COLUMNS x ROWS pseudo-terminal, reading all it draws; its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                            start_new_session=True)  # fmt: skip
    os.close(slave)
    screen = bytearray()
    deadline = time.monotonic() + timeout_s
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    screen += os.read(master, 65536)
                except OSError:
                    break
        proc.wait(timeout=max(deadline - time.monotonic(), 1.0))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    finally:
        os.close(master)
    return bytes(screen)


def one_run(
    kind: str, workdir: Path, routine: Path, seconds: float, warm_s: float = WARM_S
) -> float:
    """CPU seconds per wall second of one app during the window (after ``warm_s``)."""
    harness = workdir / "bench_session_harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    result = workdir / f"session-{kind}.json"
    result.unlink(missing_ok=True)
    data = workdir / f"data-{kind}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH", "TEXTUAL"))}
    env.update(TERM="xterm-256color", HOME=str(workdir / "home"), COLUMNS=str(COLUMNS),
               LINES=str(ROWS), PYTHONPATH=str(ROOT), COACH_SOUND_PLAYER="none")  # fmt: skip
    argv = [sys.executable, str(harness), kind, str(result), str(data), str(routine),
            str(warm_s), str(seconds)]  # fmt: skip
    screen = run_on_pty(argv, env, workdir, warm_s + seconds + 60)
    if not result.exists():
        tail = screen[-1500:].decode("utf-8", "replace")
        raise RuntimeError(f"{kind} did not report: {tail}")
    marks = json.loads(result.read_text())
    return (marks["cpu1"] - marks["cpu0"]) / (marks["wall1"] - marks["wall0"])


def session_cpu(
    workdir: Path, seconds: float = 20.0, runs: int = 3, exercise: int | None = None
) -> dict[str, float]:
    """Median CPU load (CPU s per s) of the bare app and of a coach session, and their ratio."""
    (workdir / "home").mkdir(exist_ok=True)
    routine = bench_routine(workdir, exercise)
    bare: list[float] = []
    coach: list[float] = []
    for _ in range(runs):
        bare.append(one_run("bare", workdir, routine, seconds))
        coach.append(one_run("coach", workdir, routine, seconds))
    ratios = [c / b for b, c in zip(bare, coach, strict=True) if b > 0]
    return {
        "bare": statistics.median(bare),
        "coach": statistics.median(coach),
        "ratio": statistics.median(ratios) if ratios else float("inf"),
        "seconds": seconds,
        "runs": float(runs),
    }


def session_figure(result: dict[str, float]) -> tuple[str, str, str, str, str]:
    """The benchmark table's row: ``(e) CPU of a running session``."""
    ok = "✓" if result["ratio"] <= GOAL else "✗"
    return (
        f"(e) CPU of a running session ({result['seconds']:.0f} s window)",
        f"{result['coach'] * 100:.1f} %",
        f"{result['bare'] * 100:.1f} %",
        f"{result['ratio']:.2f}x {ok}",
        f"<= {GOAL}x",
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print the session's CPU figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measuring window")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--exercise", type=int, help="that exercise of neck-desk alone (from 1;"
                        " 2: chin tucks, holds and releases)")  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coach-bench-session-") as tmp:
        result = session_cpu(Path(tmp), args.seconds, args.runs, args.exercise)
    label, coach, bare, ratio, goal = session_figure(result)
    print(f"{label}: coach {coach}, bare Digits app {bare} of one CPU: {ratio} (goal {goal})")
    print(f"({args.runs} runs each, medians; {COLUMNS}x{ROWS} pseudo-terminal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
