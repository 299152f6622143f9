"""SVG snapshots of the screens whose content depends on today's date (issue #13): home, log,
reminders, progress and check-in, on a fixed clock.

The app runs on an :class:`~coach.app.context.AppContext` with a fixed wall clock and zone, so
"today", the streak, the reminders' next times and the log's dates are the same on every run.
Two weeks of sessions and check-ins (neck and shoulder rated) are seeded through the repository.
Regenerate after a deliberate change with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.app.context import AppContext
from coach.domain.checkin import RED_FLAGS_SETTING
from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import load_file
from coach.services.reminder_settings import set_times
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.app import CoachApp
from tests.tui.conftest import FakeClock, settle

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 17, 30, tzinfo=TZ)  # a Tuesday evening
FIRST = NOW.date() - timedelta(days=13)

NECK = {
    "format": 1, "id": "desk-neck", "title": "Neck and shoulders at the desk",
    "summary": "Short breaks for a stiff neck.", "pain_stop": 6,
    "frequency": {"per_day": 2, "days_per_week": 7},
    "check_in": {"regions": ["neck", "shoulder"]},
    "exercises": [
        {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10, "hold_s": 5},
        {"name": "Shoulder rolls", "kind": "mobility", "region": "shoulder", "reps": 10},
        {"name": "Upper trapezius stretch", "kind": "stretch", "region": "neck", "hold_s": 30,
         "side": "each"},
    ],
}  # fmt: skip
BACK = {
    "format": 1, "id": "upper-back", "title": "Rounded shoulders and forward head",
    "frequency": {"per_day": 1, "days_per_week": 3},
    "exercises": [
        {"name": "Doorway stretch", "kind": "stretch", "region": "chest", "hold_s": 30},
        {"name": "Thoracic extension", "kind": "mobility", "region": "thoracic", "reps": 8},
        {"name": "Wall angels", "kind": "mobility", "region": "shoulder", "reps": 8},
    ],
}  # fmt: skip


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def seed(folder: Path, routines: Path) -> None:
    """A program of two routines, two weeks of sessions and check-ins, reminder times."""
    routines.mkdir(parents=True)
    repo = Repository.open(folder)
    repo.set_setting(RED_FLAGS_SETTING, True)
    for doc in (NECK, BACK):
        path = routines / f"{doc['id']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        loaded = load_file(path)
        repo.add_to_program(ProgramEntry(routine_id=loaded.routine.id, path=str(path),
                                         sha256=loaded.sha256, added_at=_at(FIRST, 7)))
        set_times(repo, loaded, [time(8, 30), time(18, 0)] if doc is NECK else [time(12, 0)])
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    for n in range(14):
        day = FIRST + timedelta(days=n)
        neck, shoulder = max(2, 5 - n // 3), 3 if n < 7 else 2
        for hour in (8, 18) if day != NOW.date() else (8,):
            status = "partial" if (n, hour) == (9, 18) else "complete"
            sid = f"s{len(sessions)}"
            sessions.append(SessionRecord(
                id=sid, routine_id="desk-neck", routine_title=NECK["title"],
                routine_hash="h", started_at=_at(day, hour, 5), ended_at=_at(day, hour, 20),
                status=status,  # type: ignore[arg-type]
            ))
            if hour == 8:
                checkins.append(CheckInRecord(
                    id=f"c{n}", at=_at(day, 8), context="before_session", session_id=sid,
                    pain=[PainRating(region="neck", value=neck),
                          PainRating(region="shoulder", value=shoulder)],
                    note="Slept badly" if n == 11 else None,
                ))
        if day.weekday() in (0, 3, 5):
            sessions.append(SessionRecord(
                id=f"s{len(sessions)}", routine_id="upper-back", routine_title=BACK["title"],
                routine_hash="h", started_at=_at(day, 12, 10), ended_at=_at(day, 12, 25),
                status="complete",
            ))
    last = max((s for s in sessions if s.started_at.date() < NOW.date()),
               key=lambda s: s.started_at)  # fmt: skip
    checkins.append(CheckInRecord(  # this morning's answer: the question is not asked again
        id="morning", at=_at(NOW.date(), 7, 30), context="next_morning", session_id=last.id,
        pain=[PainRating(region="neck", value=2), PainRating(region="shoulder", value=2)],
    ))
    repo.import_records(sessions, checkins)
    repo.set_excused(FIRST + timedelta(days=4), "ill")


def dated(folder: Path) -> CoachApp:
    """The coach app on a seeded data folder in ``folder``, today fixed at ``NOW``."""
    data, routines = folder / "data", folder / "routines"
    seed(data, routines)
    ctx = AppContext(data, [routines], clock=FakeClock(), wall=lambda: NOW, zone=TZ)
    return CoachApp(ctx=ctx, quiet=True, reminders=False)


@pytest.fixture
def dated_app(tmp_path: Path) -> CoachApp:
    return dated(tmp_path)


def _then(*keys: str) -> Any:
    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


SIZES = [(60, 20), (80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Any, dated_app: CoachApp, size: tuple[int, int]) -> None:
    assert snap_compare(dated_app, terminal_size=size, run_before=_then())


@pytest.mark.parametrize(
    ("screen", "key"), [("log", "l"), ("reminders", "m"), ("progress", "v"), ("checkin", "c")]
)
def test_screen_80x24(snap_compare: Any, dated_app: CoachApp, screen: str, key: str) -> None:
    assert snap_compare(dated_app, terminal_size=(80, 24), run_before=_then(key))
