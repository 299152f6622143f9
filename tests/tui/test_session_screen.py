"""The session screen, driven with Pilot on a fake clock: start, pause, skip, back, rep-counted
sets, quit, run to the end, resume, the log afterwards, sounds, literal routine text, 80x24."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from coach.domain.plan import Phase, expand
from coach.domain.records import ExerciseLog, SessionRecord
from coach.services.cue_outputs import CueOutputs
from coach.services.sound import Sound, SoundPlayer
from coach.services.voice import Speaker
from coach.storage.repo import Repository
from coach.tui.dialogs.quit_session import QuitSessionDialog
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.dialogs.resume import ResumeDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.setup import SetupScreen
from coach.tui.sound import install_outputs
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.session_band import PARTS, SessionBand
from tests.tui.conftest import screen_text, settle

SIZE = (80, 24)


def shown(screen: Any, selector: str) -> str:
    """The plain text a Static shows."""
    return screen.query_one(selector, Static).visual.plain


async def start_session(pilot: Any) -> SessionScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def tick(pilot: Any, screen: SessionScreen, clock: Any, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()


def sessions(data_dir: Path) -> list[SessionRecord]:
    return Repository.open(data_dir).sessions()


async def test_from_home_to_detail_to_session(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RedFlagsDialog)  # first run: the notice comes first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)  # then the guided set-up: skipped here
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.data is not None
        titles = [lr.routine.title for lr in home.data.library.ordered()]
        await pilot.press(*["down"] * titles.index("Short test routine"), "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, RoutineScreen)
        assert shown(detail, "#routine-title") == "Short test routine"
        await pilot.press("s")
        screen = await start_session(pilot)
        assert screen.engine is not None and screen.engine.state.started
        assert shown(screen, "#exercise-line").startswith("March on the spot")
        # drawn, not just set (the detail screen's styles must not leak into this screen)
        assert screen_text(app).splitlines()[0].startswith(" Short test routine  ")
        assert screen.query_one(SessionBand).word == "GET READY"
        assert screen.query_one(SessionBand).number == "10"
        # the advice is shown on the get-ready step the session starts with, and only there
        assert shown(screen, "#advice") == "From your therapist: Go gently. Stop if it hurts."
        await pilot.press("right")
        assert shown(screen, "#advice") == ""
        await pilot.press("escape")  # Escape does not leave a running session
        assert app.screen is screen


async def test_pause_freezes_the_countdown_while_the_clock_runs(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 3)
        assert screen.engine.state.remaining_s == 7
        await pilot.press("space")
        assert screen.engine.state.paused
        await tick(pilot, screen, clock, 100)
        assert screen.engine.state.remaining_s == 7
        assert screen.query_one(SessionBand).number == "7"
        assert screen.query_one(SessionBand).word == "PAUSED"
        assert shown(screen, "#hint") == "Paused. Press space to carry on."
        keys = screen.query_one(KeyBar)
        assert "space Carry on" in keys.render().plain  # the key line says what space does now
        assert "Pause" not in keys.render().plain
        await pilot.press("space")
        await tick(pilot, screen, clock, 2)
        assert not screen.engine.state.paused
        assert "space Pause" in keys.render().plain
        assert "Carry on" not in keys.render().plain
        assert screen.engine.state.remaining_s == 5
        assert screen.query_one(SessionBand).word == "GET READY"


async def test_skip_and_back(make_app: Any, loaded: Any, clock: Any) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await pilot.press("right")
        assert screen.engine.state.exercise_index == 1
        assert shown(screen, "#exercise-line").startswith("Squat [3/4 depth]")
        await pilot.press("n")
        assert screen.engine.state.exercise_index == 2
        await pilot.press("left")  # from a get ready: back to the exercise before
        assert screen.engine.state.exercise_index == 1
        await tick(pilot, screen, clock, 12)  # into its rep-counted set
        await tick(pilot, screen, clock, 3)
        await pilot.press("b")  # back one set: its first set, so its get ready
        state = screen.engine.state
        assert (state.exercise_index, state.phase, state.remaining_s) == (1, Phase.GET_READY, 10)
        await pilot.click("#btn-skip")  # the buttons work with the mouse too
        assert screen.engine.state.exercise_index == 2
        logs = screen.engine.exercise_log()
        assert [log.status for log in logs] == ["skipped", "skipped", "not_reached"]


async def test_enter_finishes_a_rep_counted_set(make_app: Any, loaded: Any, clock: Any) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await pilot.press("enter")  # a timed step: Enter does nothing
        assert screen.engine.state.step_index == 0
        await pilot.press("right")
        await tick(pilot, screen, clock, 10)
        state = screen.engine.state
        assert state.step is not None and not state.step.timed and state.remaining_s is None
        await tick(pilot, screen, clock, 65)
        assert screen.query_one(SessionBand).number == "1:05"  # elapsed, counting up
        assert shown(screen, "#count-line") == "Set 1 of 1 · 5 reps"
        assert "press Enter when the set is done" in shown(screen, "#hint")
        assert screen.query_one("#btn-finish_set").display
        await pilot.press("enter")
        state = screen.engine.state
        assert (state.exercise_index, state.phase) == (2, Phase.GET_READY)
        squat = screen.engine.exercise_log()[1]
        assert (squat.status, squat.reps_done, squat.sets_done) == ("done", 5, 1)
        await settle(pilot)
        saved = sessions(app.data_dir)  # an exercise boundary was saved
        assert saved[0].status == "in_progress" and saved[0].exercises[1].status == "done"
        assert saved[0].resume_step == 4


async def test_quit_asks_then_saves_the_session_as_partial(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 10 + 20 + 4)  # exercise 1 done, into exercise 2
        await pilot.press("q")
        assert isinstance(app.screen, QuitSessionDialog)
        assert screen.engine.state.paused  # the session waits while asked
        await pilot.press("k")
        assert app.screen is screen and not screen.engine.state.paused
        await pilot.press("q", "s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    (record,) = sessions(app.data_dir)
    assert record.status == "partial" and record.ended_at is not None
    assert [e.status for e in record.exercises] == ["done", "not_reached", "not_reached"]


async def test_run_to_the_end_rings_and_saves_complete(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"), quiet=False)
    rung: list[int] = []
    sound = SoundPlayer(lambda: rung.append(1), player=[], sleep=lambda _s: None)
    install_outputs(app, CueOutputs(sound, Speaker(enabled=False)))

    async def heard(pilot: Any) -> list[Sound]:
        assert sound.wait_idle(5)
        await pilot.pause()
        return [played for played, _how in sound.played]

    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        assert await heard(pilot) == []  # get ready: the screen and the voice say it
        await tick(pilot, screen, clock, 7.5)  # 2.5 s left: the "3" cue
        await tick(pilot, screen, clock, 0.6)  # "2"
        await tick(pilot, screen, clock, 0.1)  # still "2": no new sound
        assert await heard(pilot) == [Sound.TICK, Sound.TICK] and len(rung) == 2
        await tick(pilot, screen, clock, 1.0)  # "1"
        assert len(await heard(pilot)) == 3
        await tick(pilot, screen, clock, 0.9)  # into the work step: "go" (two quick bells)
        assert screen.engine.state.phase is Phase.WORK
        assert (await heard(pilot))[-1] is Sound.START and len(rung) == 5
        await tick(pilot, screen, clock, 30)
        await pilot.press("enter")
        await tick(pilot, screen, clock, 200)
        assert screen.final_record is not None
        text = shown(screen, "#summary-text")
        assert text.startswith("Session complete. Well done!\nExercises done: 3 of 3 · time:")
        assert " ✓ Squat [3/4 depth]  (done)" in text
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")  # the log shows the session
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert any(c.startswith("Short test routine: complete, 3 done") for c in cells)
    (record,) = sessions(app.data_dir)
    assert record.status == "complete" and record.resume_step == 13
    assert [e.status for e in record.exercises] == ["done"] * 3


async def test_quiet_makes_no_sound(make_app: Any, loaded: Any, clock: Any) -> None:
    app = make_app(start_routine=loaded("short-test"), quiet=True)
    rung: list[int] = []
    app.bell = lambda: rung.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await tick(pilot, screen, clock, 15)
        assert screen.engine.state.phase is Phase.WORK and rung == []


async def test_resume_an_interrupted_session(
    make_app: Any, loaded: Any, clock: Any, data_dir: Path
) -> None:
    routine = loaded("short-test")
    plan = expand(routine.routine)
    started = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    seeded = SessionRecord(
        routine_id="short-test", routine_title="Short test routine", routine_hash=routine.sha256,
        started_at=started, resume_step=plan.exercise_start(2),
        exercises=[
            ExerciseLog(index=0, name="March on the spot", status="done", sets_done=1,
                        seconds=30),
            ExerciseLog(index=1, name="Squat [3/4 depth]", status="skipped", seconds=4),
            ExerciseLog(index=2, name="Side stretch"),
        ],
    )  # fmt: skip
    Repository.open(data_dir).save_session(seeded)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        assert shown(dialog, "#resume-title") == "You did not finish Short test routine"
        assert "it stopped during Side stretch" in shown(dialog, "#resume-detail")
        await pilot.press("r")
        screen = await start_session(pilot)
        state = screen.engine.state
        assert (state.exercise_index, state.phase, state.side) == (2, Phase.GET_READY, "left")
        assert shown(screen, "#exercise-count") == "Exercise 3 of 3"
        await tick(pilot, screen, clock, 10 + 75)
        assert screen.final_record is not None
        await settle(pilot)
    (record,) = sessions(data_dir)
    assert record.id == seeded.id and record.started_at == started
    assert record.status == "partial"  # the squat stays skipped
    assert [e.status for e in record.exercises] == ["done", "skipped", "done"]


async def test_keep_an_interrupted_session_as_partial(
    make_app: Any, loaded: Any, data_dir: Path
) -> None:
    routine = loaded("short-test")
    seeded = SessionRecord(
        routine_id="short-test", routine_title="Short test routine", routine_hash="0" * 64,
        started_at=datetime.now().astimezone() - timedelta(hours=2),
        exercises=[ExerciseLog(index=i, name=e.name)
                   for i, e in enumerate(routine.routine.exercises)],
    )  # fmt: skip
    Repository.open(data_dir).save_session(seeded)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        assert "routine file has changed" in shown(dialog, "#resume-reason")
        await pilot.press("r")  # cannot be resumed: nothing happens
        assert app.screen is dialog
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, RedFlagsDialog)  # then the opening questions
    (record,) = sessions(data_dir)
    assert record.id == seeded.id and record.status == "partial"


async def test_routine_text_is_literal_and_inert(make_app: Any, loaded: Any) -> None:
    app = make_app(start_routine=loaded("markup-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        assert shown(screen, "#session-title") == "[bold red]Not bold[/] title"
        assert shown(screen, "#exercise-line") == "[@click=app.quit]x  ·  mobility · [b]neck[/b]"
        assert shown(screen, "#cues").startswith("• [link=https://example.com]cue[/link]")
        assert "You need: [red]band[/red]" in shown(screen, "#cues")
        assert shown(screen, "#advice") == "From your therapist: [@click=app.quit]advice[/]"
        text = screen_text(app)
        assert "[@click=app.quit]x" in text and "[bold red]Not bold[/] title" in text
        for selector in ("#exercise-line", "#advice", "#session-title", "#cues"):
            await pilot.click(selector)
            await pilot.click(selector, offset=(1, 0))
            await pilot.click(selector, offset=(2, 0))
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert app.return_code is None


async def test_80x24_keeps_the_essentials_on_screen(
    make_app: Any, loaded: Any, clock: Any
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        await pilot.press("right", "right")
        await tick(pilot, screen, clock, 12)  # hold, left side
        assert screen.engine.state.side == "left"
        band = screen.query_one(SessionBand)
        regions = {f"band {part}": band.part_region(part) for part in PARTS}
        for selector in ("#exercise-line", "#count-line", "#next-up", "#session-line",
                         "#controls"):  # fmt: skip
            regions[selector] = screen.query_one(selector).region
        for name, region in regions.items():
            assert region.height >= 1 and region.bottom <= 23, name  # above the footer
            assert region.x >= 0 and region.right <= 80, name
        assert band.part_region("number").height >= 9  # about 40 % of 24 rows
        assert band.part_region("side").height >= 3
        text = screen_text(app)
        assert "Side stretch  ·  stretch · neck" in text
        assert "Set 1 of 2 · left side" in text
        assert band.side_word == "< LEFT" and band.type_used("side") != "plain"  # big letters
        footer = text.splitlines()[-1]
        for key in ("space Pause", "→ Skip", "← Back", "h It hurts", "q Quit", "? Help"):
            assert key in footer


async def test_a_session_of_another_routine_version_is_not_resumed(
    make_app: Any, loaded: Any
) -> None:
    routine = loaded("short-test")
    old = SessionRecord(
        routine_id="short-test", routine_title="Short test routine", routine_hash="1" * 64,
        started_at=datetime.now().astimezone(), resume_step=4,
    )  # fmt: skip
    app = make_app(start_routine=routine, resume_from=old)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_session(pilot)
        assert screen.engine is None
        assert shown(screen, "#summary-text").startswith(
            "This session was started with an older version of the routine"
        )
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert sessions(app.data_dir) == []
