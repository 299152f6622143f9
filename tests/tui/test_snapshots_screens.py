"""SVG snapshots of the screens a client meets, at the sizes the issue names (#13).

Regenerate after a deliberate change with ``--snapshot-update`` and look at the SVGs (or the
screen in tmux) before committing them. Screens whose content depends on today's date (home,
log, reminders) are checked in tmux instead (see the note of issue 13).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coach.domain.records import SessionRecord
from coach.tui.dialogs.pain_rating import PainRatingDialog
from coach.tui.dialogs.resume import ResumeDialog
from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.settings import SettingsScreen
from tests.tui.test_checkin_screens import Host
from tests.tui.test_snapshots_session import PHASES, drive


def test_routine_screen_80x24(snap_compare: Any, loaded: Any) -> None:
    assert snap_compare(Host(RoutineScreen(loaded("short-test"), True)), terminal_size=(80, 24))


def test_settings_screen_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(Host(SettingsScreen(), data_dir=tmp_path), terminal_size=(80, 24))


def test_resume_dialog_80x24(snap_compare: Any) -> None:
    record = SessionRecord(
        routine_id="short-test", routine_title="Short test routine", routine_hash="0" * 64,
        started_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC), resume_step=3,
    )
    dialog = ResumeDialog(record, stopped_at="Squat [3/4 depth]")
    assert snap_compare(Host(dialog), terminal_size=(80, 24))


def test_pain_dialog_60x20(snap_compare: Any) -> None:
    app = Host(PainRatingDialog(["neck", "shoulder", "lower back and hips"],
                                title="Pain before the session"))

    async def rate(pilot: Any) -> None:
        await pilot.press("3")

    assert snap_compare(app, terminal_size=(60, 20), run_before=rate)


@pytest.mark.parametrize("phase", ["work", "rep_counted"])
def test_session_60x20(
    snap_compare: Any, make_app: Any, loaded: Any, clock: Any, phase: str
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    assert snap_compare(app, terminal_size=(60, 20), run_before=drive(clock, PHASES[phase]))
