"""Whose advice and pain limit a client reads: "your therapist's" for a routine file they added,
not for coach's own library (written by coach's authors): "Advice:", "this routine's limit"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from coach.domain.advice_words import advice_heading, limit_words, whose_advice
from coach.library import LoadedRoutine, load_file
from coach.tui.dialogs.pain_stop import PainStopDialog
from coach.tui.screens.routine import RoutineScreen
from tests.tui.conftest import screen_text, settle
from tests.tui.test_checkin_screens import Host

ROOT = Path(__file__).resolve().parents[2]


def test_the_words_by_origin() -> None:
    assert whose_advice("bundled") == "the routine's"
    assert [whose_advice(o) for o in ("user", "extra")] == ["your therapist's"] * 2
    assert advice_heading("bundled") == "Advice: "
    assert advice_heading("user") == "From your therapist: "
    assert limit_words(whose_advice("bundled")) == "this routine's limit"
    assert limit_words(whose_advice("user")) == "the limit your therapist set"


@pytest.mark.parametrize(
    ("origin", "heading"), [("bundled", "Advice: "), ("user", "From your therapist: ")]
)
async def test_the_routine_screen_says_whose_advice(
    tmp_path: Path, origin: Any, heading: str
) -> None:
    bundled = load_file(ROOT / "routines" / "neck-desk.json", origin)
    assert isinstance(bundled, LoadedRoutine) and bundled.routine.advice
    app = Host(RoutineScreen(bundled, in_program=True), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        advice = app.screen.query_one("#routine-advice", Static).visual.plain
        assert advice == heading + bundled.routine.advice


@pytest.mark.parametrize(
    ("whose", "limit", "label"),
    [("the routine's", "This routine's limit is 5/10.", "The routine's advice:"),
     ("your therapist's", "The limit your therapist set for this routine is 5/10.",
      "Your therapist's advice:")],
)  # fmt: skip
async def test_the_pain_stop_says_whose_limit_and_advice(
    tmp_path: Path, whose: str, limit: str, label: str
) -> None:
    app = Host(PainStopDialog("Ease off.", 5, 7, None, whose), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        words = " ".join(screen_text(app).replace("█", " ").split())
        assert f"You rated your pain 7/10. {limit}" in words
        assert label in words and "Ease off." in words


async def test_the_session_says_whose_advice(make_app: Any) -> None:
    """A practice run of the library's neck routine: its get-ready step shows "Advice: ..."."""
    from tests.tui.test_session_screen import shown, start_session

    bundled = load_file(ROOT / "routines" / "neck-desk.json", "bundled")
    app = make_app(start_routine=bundled, speed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_session(pilot)
        assert shown(screen, "#advice") == f"Advice: {bundled.routine.advice}"
