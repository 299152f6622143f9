"""A writer process for the crash and concurrency tests (run with ``sys.executable``).

Usage: ``python writer_proc.py DATA_DIR NAME COUNT SEED [HOOK:N]``. Prints ``ready`` once the
store is open, waits for a line on stdin (so several writers start together), then prints after each
save has returned one line (flushed):

- ``checkin <id>``: a new check-in was saved;
- ``session <id> <step>``: a session was saved with ``resume_step == step`` (sessions are saved
  again and again with a growing step, like the app does at every exercise boundary);
- ``fired <key> <True|False>``: the result of ``record_fired``.

COUNT 0 means: keep writing until killed. ``HOOK:N`` makes the process SIGKILL itself at the
N-th call of a step of the atomic write (``write``, ``fsync``, ``replace``: just before it;
``replaced``: just after ``os.replace`` returned, before the folder is fsynced), so that crashes
land exactly inside the critical windows.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.storage import Repository

YEARS = (2024, 2025, 2026)


def _die_at(hook: str, nth: int) -> None:
    calls = {"n": 0}

    def wrap(real: Callable[..., object], after: bool) -> Callable[..., object]:
        def step(*args: object) -> object:
            calls["n"] += 1
            if not after and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args)
            if after and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return step

    name = "replace" if hook == "replaced" else hook
    setattr(os, name, wrap(getattr(os, name), after=hook == "replaced"))


def main() -> None:
    """Write records into the data folder given on the command line."""
    data, name, count, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    repo = Repository.open(data)
    if len(sys.argv) > 5:
        hook, nth = sys.argv[5].split(":")
        _die_at(hook, int(nth))
    print("ready", flush=True)
    sys.stdin.readline()
    sessions: list[SessionRecord] = []
    done = 0
    while count == 0 or done < count:
        done += 1
        roll = rng.random()
        when = datetime(rng.choice(YEARS), 1, 1, tzinfo=UTC) + timedelta(
            minutes=rng.randint(0, 525000)
        )
        if roll < 0.45:
            rec = CheckInRecord(
                at=when,
                context="at_rest",
                pain=[PainRating(region="knee", value=rng.randint(0, 10))],
                note=f"{name} #{done}",
            )
            repo.save_checkin(rec)
            print("checkin", rec.id, flush=True)
        elif roll < 0.6 or not sessions:
            session = SessionRecord(
                routine_id=name, routine_title="Test", routine_hash="0" * 64, started_at=when
            )
            repo.save_session(session)
            sessions.append(session)
            print("session", session.id, 0, flush=True)
        elif roll < 0.95:
            index = rng.randrange(len(sessions))
            session = sessions[index].model_copy(
                update={"resume_step": sessions[index].resume_step + 1}
            )
            repo.save_session(session)
            sessions[index] = session
            print("session", session.id, session.resume_step, flush=True)
        else:
            key = rng.choice(["shared", f"{name}-{done}"])
            fired = repo.record_fired(key, when)
            print("fired", key, fired, flush=True)


if __name__ == "__main__":
    main()
