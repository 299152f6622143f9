"""Practice runs started inside the app (#9): the home screen's ``p`` and the command palette ask
the pace (normal, 2x, 3x faster), run the same session screen marked "PRACTICE — not counted",
and save it as practice: the today panel's streak and adherence do not move (Pilot, fake clock).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from textual.worker import WorkerCancelled

from coach.domain.days import is_practice
from coach.domain.describe import PRACTICE_MARK
from coach.library import load_file
from coach.services.program import put_in_program
from coach.storage.repo import Repository
from coach.tui.dialogs.help import HelpDialog
from coach.tui.dialogs.practice import PACES, PracticeDialog
from coach.tui.key_help import help_lines
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.session_summary import PRACTICE_SAVED
from coach.tui.widgets.today import TodayPanel
from tests.tui.conftest import screen_text, settle, write_routine
from tests.tui.test_checkin_screens import UNSET, Host
from tests.tui.test_flare_and_doses import cursor_on
from tests.tui.test_home_and_routine import mark_red_flags_seen, open_home, open_routine
from tests.tui.test_palette import run_command
from tests.tui.test_session_screen import SIZE, tick

TINY: dict[str, Any] = {
    "format": 1, "id": "tiny-test", "title": "Tiny test routine",
    "check_in": {"before": False, "after": False},
    "exercises": [{"name": "Easy breathing", "kind": "breathing", "duration_s": 20}],
}  # fmt: skip
"""Get ready 10 s, then 20 s of breathing: 30 s in all."""


@pytest.fixture
def tiny(routines_dir: Path, data_dir: Path) -> Path:
    """The tiny routine, in the program (so that the today panel judges it)."""
    mark_red_flags_seen(data_dir)
    path = write_routine(routines_dir, TINY)
    put_in_program(Repository.open(data_dir), load_file(path))
    return path


def panel_text(app: Any) -> str:
    return str(app.screen.query_one(TodayPanel).render())


async def calm(pilot: Any) -> None:
    """Let workers finish; one cancelled by a newer load of the same screen is no failure."""
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def panel_reloaded(pilot: Any, old: object) -> str:
    """The today panel's text once it was read again after leaving a session (not before)."""
    for _ in range(200):
        await calm(pilot)
        screen = pilot.app.screen
        if isinstance(screen, HomeScreen) and screen.query_one(TodayPanel).data is not old:
            await calm(pilot)
            return panel_text(pilot.app)
    raise AssertionError("the today panel was not read again")


async def run_to_the_end(pilot: Any, clock: Any, seconds: float) -> SessionScreen:
    """Run the session on the screen to its summary, then leave it (Enter)."""
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    await tick(pilot, screen, clock, seconds)
    assert screen.final_record is not None and screen.final_record.status == "complete"
    said = PRACTICE_SAVED in str(screen.query_one("#summary-text", Static).render())
    assert said == screen.final_record.practice
    await pilot.press("enter")
    return screen


@pytest.mark.parametrize("key", ["1", "2"])
async def test_practice_from_home_is_saved_as_practice_and_never_counts(
    make_app: Any, tiny: Path, clock: Any, data_dir: Path, key: str
) -> None:
    """At normal pace too: a whole practice session leaves the streak and today's plan as they
    were (a real session of the same routine would mark it done and start a streak)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await cursor_on(pilot, "tiny-test", "#program")
        await settle(pilot)
        before, shown = panel_text(app), app.screen.query_one(TodayPanel).data
        assert "Streak: " in before
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.practice
        assert screen.speed == float(key)
        top = screen_text(app).splitlines()
        assert top[0].startswith(f" {PRACTICE_MARK} · Tiny test routine"), top[:3]
        await run_to_the_end(pilot, clock, 30 / float(key) + 1)
        after = await panel_reloaded(pilot, shown)
        (saved,) = Repository.open(data_dir).sessions()
        assert (saved.status, saved.practice, saved.speed) == ("complete", True, float(key))
        assert is_practice(saved)
        assert after == before

        # the same run for real: the panel moves (so the comparison above can tell)
        await cursor_on(pilot, "tiny-test", "#program")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")  # start, from the routine's screen
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and not app.screen.practice
        shown = app.screen_stack[1].query_one(TodayPanel).data
        await run_to_the_end(pilot, clock, 31)
        assert await panel_reloaded(pilot, shown) != before


async def test_cancel_starts_nothing(make_app: Any, tiny: Path, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await cursor_on(pilot, "tiny-test", "#program")
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert Repository.open(data_dir).sessions() == []


async def test_practice_from_the_palette_at_3x(
    make_app: Any, tiny: Path, clock: Any, data_dir: Path
) -> None:
    """At 60x20 too the mark is on the top line whole (the title gives way)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await run_command(pilot, "practice tiny", "Practice run (not counted): Tiny test routine")
        assert isinstance(app.screen, PracticeDialog)
        await pilot.click("#pace-3")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.speed == 3.0
        assert screen_text(app).splitlines()[0].startswith(f" {PRACTICE_MARK} · Tiny")
        await run_to_the_end(pilot, clock, 11)
        await calm(pilot)
    (saved,) = Repository.open(data_dir).sessions()
    assert saved.practice and saved.speed == 3.0


async def test_t_on_the_routine_screen_asks_the_pace(make_app: Any, tiny: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routine(pilot, "tiny-test")
        assert "practice run (not counted)" in dict(help_lines(screen))["p or t"]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.practice


async def test_the_home_help_lists_the_practice_key(make_app: Any, tiny: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        home = await open_home(pilot)
        lines = dict(help_lines(home))
        assert "practice run (not counted)" in lines["p"]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        assert "practice run (not counted) of the routine under the cursor" in screen_text(app)


async def answered(do: str) -> Any:
    """What the dialog is dismissed with after ``do`` (``key:1``, ``click:#pace-2``)."""
    host = Host(PracticeDialog("Desk neck"))
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        how, what = do.split(":", 1)
        await (pilot.press(what) if how == "key" else pilot.click(what))
        await pilot.pause()
    assert host.result is not UNSET
    return host.result


@pytest.mark.parametrize(
    ("do", "speed"),
    [("key:1", 1.0), ("key:2", 2.0), ("key:3", 3.0), ("key:c", None), ("key:escape", None),
     *[(f"click:#pace-{p.key}", p.speed) for p in PACES], ("click:#cancel", None)],
)  # fmt: skip
async def test_the_dialog_choices_map_to_speeds(do: str, speed: float | None) -> None:
    assert await answered(do) == speed


def test_the_paces_offered() -> None:
    assert [(p.key, p.label, p.speed) for p in PACES] == [
        ("1", "Normal pace", 1.0), ("2", "2× faster", 2.0), ("3", "3× faster", 3.0)
    ]  # fmt: skip


def test_practice_dialog_80x24(snap_compare: Any) -> None:
    """The title is shown literally (never markup)."""
    dialog = PracticeDialog("Desk neck [daily]", 627)
    assert snap_compare(Host(dialog), terminal_size=(80, 24))


async def test_an_open_practice_run_is_offered_as_a_practice_run() -> None:
    from datetime import UTC, datetime

    from coach.domain.records import SessionRecord
    from coach.tui.dialogs.resume import ResumeDialog

    record = SessionRecord(
        routine_id="tiny-test", routine_title="Tiny test routine", routine_hash="0" * 64,
        started_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC), resume_step=1, practice=True,
    )  # fmt: skip
    host = Host(ResumeDialog(record))
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(host.screen.query_one("#resume-title", Static).render())
    assert title == "You did not finish your practice run of Tiny test routine"
