"""A practice run at normal pace through the use case both front ends call, saved in a real
TinyDB log (#9): it is stored as practice, read back as practice, and never counts."""

from __future__ import annotations

from pathlib import Path

from coach.app import sessions
from coach.app.context import AppContext
from coach.app.session_controller import SessionController
from coach.domain.days import DayFacts, SessionIndex
from coach.domain.describe import PRACTICE_MARK, session_title
from coach.domain.plan import expand
from coach.localtime import local_tz
from coach.storage.repo import Repository
from tests.app.test_session_controller import loaded
from tests.fakes import FakeClock


def run_to_the_end(ctl: SessionController, clock: FakeClock) -> None:
    ctl.on_record(ctl.recorder.write)
    ctl.start()
    while not ctl.ended:
        due = ctl.next_change_at()
        assert due is not None
        clock.t = due + 0.001
        ctl.tick()


def test_a_normal_pace_practice_run_is_stored_and_read_as_practice(tmp_path: Path) -> None:
    routine = loaded(tmp_path, {"duration_s": 10})
    plan = expand(routine.routine)
    clock = FakeClock()
    ctx = AppContext(tmp_path / "data", clock=clock)
    rec = sessions.recorder(ctx, routine, plan, practice=True)
    run_to_the_end(SessionController(plan, rec, clock=clock), clock)

    (saved,) = Repository.open(tmp_path / "data").sessions()  # read back from the file
    assert (saved.status, saved.speed, saved.practice) == ("complete", 1.0, True)
    day = saved.started_at.astimezone(local_tz()).date()
    index = SessionIndex.build([saved], local_tz())
    assert index.facts("r", day) == DayFacts(practice=1)  # shown as practice, never counted
    counted = SessionIndex.build([saved], local_tz(), include_practice=True)
    assert counted.facts("r", day).complete == 1  # only with --include-practice


def test_the_session_title_marks_practice_and_flare() -> None:
    assert session_title("Desk neck") == "Desk neck"
    assert session_title("Desk neck", practice=True) == f"{PRACTICE_MARK} · Desk neck"
    assert session_title("Desk neck", flare=True, practice=True) == (
        "PRACTICE — not counted · Desk neck · flare day, gentle version"
    )
