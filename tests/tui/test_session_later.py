"""The session screen as the controller's output: quit -> finish later -> start again -> resume
at the same step; one timer for the next change (no polling); tempo and release shown; practice
runs saved as practice. Pilot on a fake clock, a real repository in a temp folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from coach.domain.plan import Phase
from coach.domain.records import SessionRecord
from coach.storage.repo import Repository
from coach.tui.dialogs.quit_session import QuitSessionDialog
from coach.tui.dialogs.resume import ResumeDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.session_band import SessionBand
from tests.tui.conftest import settle, write_routine

SIZE = (80, 24)

TEMPO_ROUTINE: dict[str, Any] = {
    "format": 1,
    "id": "tempo-test",
    "title": "Tempo test",
    "check_in": {"before": False, "after": False},
    "exercises": [
        {"name": "Chin tuck", "kind": "posture", "reps": 3, "hold_s": 5},
        {"name": "Bird-dog", "kind": "strength", "reps": 2, "tempo": "2-3-2"},
    ],
}


def sessions(data_dir: Path) -> list[SessionRecord]:
    return Repository.open(data_dir).sessions()


async def tick(pilot: Any, screen: SessionScreen, clock: Any, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()


async def the_session(pilot: Any) -> SessionScreen:
    """The session screen the app opened with."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def test_quit_finish_later_then_start_again_resumes_at_the_same_step(
    make_app: Any, loaded: Any, clock: Any, data_dir: Path
) -> None:
    routine = loaded("short-test")
    app = make_app(start_routine=routine)
    async with app.run_test(size=SIZE) as pilot:
        screen = await the_session(pilot)
        # march done (30 s), squat finished, side stretch: get ready 10, left hold 1 (10),
        # rest 5, 4 s into the left hold of set 2
        await tick(pilot, screen, clock, 30 + 10)
        await pilot.press("enter")
        await tick(pilot, screen, clock, 10 + 10 + 5 + 4)
        state = screen.engine.state
        assert (state.phase, state.set, state.side) == (Phase.HOLD, 2, "left")
        step = state.step_index
        await pilot.press("q")
        assert isinstance(app.screen, QuitSessionDialog)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        (kept,) = sessions(data_dir)
        assert (kept.status, kept.resume_step, kept.ended_at) == ("in_progress", step, None)
        assert [e.status for e in kept.exercises] == ["done", "done", "partial"]

        app.start_session(routine)  # as the routine screen's Start does
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        detail = dialog.query_one("#resume-detail", Static).visual.plain
        assert "Side stretch, left side, set 2 of 2" in detail
        await pilot.press("r")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, SessionScreen) and again is not screen
        state = again.engine.state
        assert (state.step_index, state.phase, state.set, state.remaining_s) == (
            step, Phase.HOLD, 2, 10,
        )  # fmt: skip
        assert state.paused  # get back into position, then space
        assert "Press space to carry on" in again.query_one("#hint", Static).visual.plain
        await pilot.press("space")
        await tick(pilot, again, clock, 200)
        assert again.final_record is not None
    (final,) = sessions(data_dir)
    assert final.id == kept.id and final.status == "complete"
    assert final.exercises[2].sets_done == 4  # both sets on both sides


async def test_start_again_and_keep_it_starts_afresh(
    make_app: Any, loaded: Any, clock: Any, data_dir: Path
) -> None:
    routine = loaded("short-test")
    app = make_app(start_routine=routine)
    async with app.run_test(size=SIZE) as pilot:
        screen = await the_session(pilot)
        await tick(pilot, screen, clock, 15)
        await pilot.press("q", "f")
        await settle(pilot)
        app.start_session(routine)
        await settle(pilot)
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("k")
        await settle(pilot)
        fresh = app.screen
        assert isinstance(fresh, SessionScreen) and fresh.engine.state.step_index == 0
    statuses = sorted(s.status for s in sessions(data_dir))
    assert statuses == ["in_progress", "partial"]


async def test_one_timer_for_the_next_change_and_none_while_paused(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await the_session(pilot)
        clock.advance(0.25)
        screen.tick()
        wake = screen._wake
        assert wake is not None and wake._interval == 0.75 + 0.002  # to the next whole second
        assert not [t for t in screen._timers if getattr(t, "name", "") == "session-tick"]
        await pilot.press("space")
        assert screen._wake is None  # paused: nothing changes by itself
        await pilot.press("space")
        assert screen._wake is not None


async def test_tempo_parts_and_release_on_the_band(
    make_app: Any, routines_dir: Path, clock: Any
) -> None:
    from coach.library import load_file

    routine = load_file(write_routine(routines_dir, TEMPO_ROUTINE))
    app = make_app(start_routine=routine)
    async with app.run_test(size=SIZE) as pilot:
        screen = await the_session(pilot)
        await tick(pilot, screen, clock, 10 + 5)  # rep 1 held: release
        assert screen.engine.state.phase is Phase.RELEASE
        assert screen.query_one(SessionBand).number == "3"
        next_up = screen.query_one("#next-up", Static).visual.plain
        assert next_up == "Next up: Chin tuck, set 1 of 1, rep 2 of 3: hold 5 seconds"
        await tick(pilot, screen, clock, 3 + 5 + 3 + 5 + 10)  # into bird-dog rep 1
        state = screen.engine.state
        assert (state.exercise_index, state.tempo_part) == (1, "down")
        assert screen.query_one(SessionBand).number == "2"
        await tick(pilot, screen, clock, 2.5)
        assert screen.engine.state.tempo_part == "pause"
        assert screen.query_one(SessionBand).number == "3"
        assert screen.query_one(SessionBand).word == "PAUSE"


async def test_a_run_at_another_speed_is_saved_as_practice(
    make_app: Any, loaded: Any, clock: Any, data_dir: Path
) -> None:
    app = make_app(start_routine=loaded("short-test"), speed=10)
    async with app.run_test(size=SIZE) as pilot:
        screen = await the_session(pilot)
        await tick(pilot, screen, clock, 4.5)  # 45 routine seconds: the squat's set
        await pilot.press("enter")
        await tick(pilot, screen, clock, 20)
        assert screen.final_record is not None
        await settle(pilot)
    (record,) = sessions(data_dir)
    assert record.practice and record.speed == 10 and record.status == "complete"
