"""A practice run on the session screen (#9), Pilot with a fake clock:

- the time left is the real time the client waits at the pace (a 10 min routine at 3x is over
  in about 3 min 20 s), never the routine's own minutes;
- the pace dialog says how long each pace really takes;
- no pain questions before or after a practice run (at any pace; as ``coach run --plain``):
  they would never count; ``h`` still stops at the therapist's limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.library import load_file
from coach.storage.repo import Repository
from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog
from coach.tui.dialogs.pain_stop import PainStopDialog
from coach.tui.dialogs.practice import PracticeDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.readouts import Readout
from tests.tui.conftest import screen_text, settle, write_routine
from tests.tui.test_session_screen import SIZE, start_session, tick

TEN_MINUTES: dict[str, Any] = {
    "format": 1, "id": "ten-min", "title": "Ten minutes",
    "check_in": {"before": False, "after": False},
    "exercises": [{"name": "Long walk on the spot", "kind": "cardio", "duration_s": 590}],
}  # fmt: skip
"""Get ready 10 s, then 590 s of work: 600 s (10 min) of routine time."""


@pytest.mark.parametrize(
    ("speed", "at_start", "after_a_minute"),
    [(1, "10 min left", "9 min left"), (2, "5 min left", "4 min left"),
     (3, "3 min left", "2 min left")],
)  # fmt: skip
async def test_time_left_is_real_time_at_the_pace(
    make_app: Any, routines_dir: Path, clock: Any, speed: float, at_start: str,
    after_a_minute: str,
) -> None:  # fmt: skip
    """10 min of routine: at 3x, 200 real seconds (3 min, to the nearest minute as the pace
    dialog's "about 3 min"); one real minute later (180 routine seconds) 140 s: 2 min. At 2x:
    300 s then 240 s."""
    loaded = load_file(write_routine(routines_dir, TEN_MINUTES))
    app = make_app(start_routine=loaded, speed=speed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        left = screen.query_one("#time-left", Readout)
        assert left.text == at_start
        await tick(pilot, screen, clock, 60)
        assert screen.engine is not None
        assert screen.engine.state.clock_left_s == pytest.approx((600 - 60 * speed) / speed)
        assert left.text == after_a_minute


ASKS_PAIN: dict[str, Any] = {
    "format": 1, "id": "asks-pain", "title": "Asks pain", "pain_stop": 4,
    "advice": "Ease off and call me.",
    "check_in": {"before": True, "after": True, "regions": ["neck"]},
    "exercises": [{"name": "Neck hold", "kind": "posture", "region": "neck", "duration_s": 20}],
}  # fmt: skip
"""Get ready 10 s, then 20 s: asks the pain before and after a real session."""


@pytest.mark.parametrize(("speed", "practice"), [(1, False), (1, True), (3, False)])
async def test_a_practice_run_asks_no_pain_questions(
    make_app: Any, routines_dir: Path, clock: Any, data_dir: Path, speed: float,
    practice: bool,
) -> None:  # fmt: skip
    """A real run asks before and after; a practice run (asked for, or at 3x) neither: the
    session starts at once and Enter after it goes home. Nothing is saved but the run."""
    loaded = load_file(write_routine(routines_dir, ASKS_PAIN))
    app = make_app(start_routine=loaded, speed=speed, practice=practice)
    real = speed == 1 and not practice
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if real:
            assert isinstance(app.screen, PainRatingDialog)
            await pilot.press("escape")  # skip the question: the session starts
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.engine is not None
        assert screen.engine.state.started
        await tick(pilot, screen, clock, 30 / speed + 1)
        assert screen.final_record is not None
        assert screen.final_record.practice is not real
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PainRatingDialog if real else HomeScreen), app.screen
    assert Repository.open(data_dir).checkins() == []


async def test_it_hurts_still_stops_a_practice_run_at_the_limit(
    make_app: Any, routines_dir: Path, clock: Any,
) -> None:  # fmt: skip
    """``h`` in a practice run: the quick rating, and above the limit the pain-stop choice
    with the therapist's advice (a safety stop, practice or not)."""
    loaded = load_file(write_routine(routines_dir, ASKS_PAIN))
    app = make_app(start_routine=loaded, speed=2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 6)  # 12 routine seconds: in the hold
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, QuickPainDialog)
        await pilot.press("7", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PainStopDialog)
        assert "Ease off and call me." in screen_text(app)


async def test_the_pace_dialog_says_how_long_each_pace_takes(
    make_app: Any, routines_dir: Path
) -> None:
    """The ten-minute routine: 10 min at normal pace, 5 min at 2x, 3 min 20 s at 3x."""
    loaded = load_file(write_routine(routines_dir, TEN_MINUTES))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_practice(loaded)
        await settle(pilot)
        assert isinstance(app.screen, PracticeDialog)
        labels = [str(app.screen.query_one(f"#pace-{key}").label) for key in "123"]
        assert labels == [
            "Normal pace: about 10 min (1)", "2× faster: about 5 min (2)",
            "3× faster: about 3 min (3)",
        ]  # fmt: skip
        await pilot.pause()
        words = " ".join(screen_text(app).replace("█", " ").split())
        assert "The session runs as usual, without the pain questions," in words
        await pilot.press("3")  # the session then says the same time: one rule, both places
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.speed == 3.0
        assert app.screen.query_one("#time-left", Readout).text == "3 min left"


async def test_a_practice_run_left_for_later_resumes_at_its_pace(
    make_app: Any, routines_dir: Path, data_dir: Path
) -> None:
    """A 3x practice run kept open: the resume question says it is a practice run at 3x, and
    resumed it carries on at 3x (the time left is real: about 3 min of the 10), still practice."""
    from datetime import UTC, datetime

    from coach.domain.records import ExerciseLog, SessionRecord
    from coach.tui.dialogs.resume import ResumeDialog
    from coach.tui.session_start import start_or_offer_resume

    loaded = load_file(write_routine(routines_dir, TEN_MINUTES))
    kept = SessionRecord(
        routine_id="ten-min", routine_title="Ten minutes", routine_hash=loaded.sha256,
        started_at=datetime(2026, 12, 3, 9, 30, tzinfo=UTC), resume_step=1, practice=True,
        speed=3.0, exercises=[ExerciseLog(index=0, name="Long walk on the spot",
                                          status="not_reached", seconds=0.0)],
    )  # fmt: skip
    Repository.open(data_dir).save_session(kept)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start_or_offer_resume(app, loaded)
        await settle(pilot)
        assert isinstance(app.screen, ResumeDialog)
        words = " ".join(screen_text(app).replace("█", " ").split())
        assert "You did not finish your practice run of Ten minutes" in words
        assert "It is a practice run at 3× speed, not counted, and carries on as one." in words
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.speed == 3.0
        assert screen.query_one("#time-left", Readout).text == "3 min left"
        assert screen.recorder is not None and screen.recorder.record.practice


async def test_the_summary_of_a_practice_run_gives_the_real_time(
    make_app: Any, routines_dir: Path, clock: Any
) -> None:
    """The ten-minute routine at 3x is over in 200 s: the summary says so, not "10 min"."""
    from coach.domain.describe import time_spent_s

    loaded = load_file(write_routine(routines_dir, TEN_MINUTES))
    app = make_app(start_routine=loaded, speed=3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 201)
        assert screen.final_record is not None
        assert time_spent_s(screen.final_record) == pytest.approx(200, abs=1)
        summary = " ".join(screen_text(app).split())
        assert "time: 3 min 20 s" in summary, summary
        assert "time: 10 min" not in summary


@pytest.mark.parametrize("speed", [1, 3])
async def test_leaving_a_practice_run_says_it_is_one(
    make_app: Any, routines_dir: Path, clock: Any, speed: float
) -> None:
    """q in a practice run: "Leave this practice run now?" (a real run: "Leave this session")."""
    from coach.tui.dialogs.quit_session import QuitSessionDialog

    loaded = load_file(write_routine(routines_dir, TEN_MINUTES))
    app = make_app(start_routine=loaded, speed=speed)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, QuitSessionDialog)
        words = " ".join(screen_text(app).replace("█", " ").split())
        practice = speed != 1
        assert ("Leave this practice run now?" in words) is practice
        assert ("Leave this session now?" in words) is not practice
        if practice:
            assert "as a practice run at the same pace" in words
        await pilot.press("s")  # stop: the message after says what was saved, as asked
        await settle(pilot)
        told = "\n".join(n.message for n in app._notifications)
        assert ("Practice run stopped. It is saved in your log as a practice run, partly done "
                "(never counted)." in told) is practice  # fmt: skip
        assert ("Session stopped. What you did is saved as partly done." in told) is not practice
