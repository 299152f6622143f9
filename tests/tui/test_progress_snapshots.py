"""The progress screen and the today panel with 3 weeks and with 2 years of data.

Three weeks: the client of issue 10: a 3-times-a-day, 5-days-a-week routine, 29 of 45 sessions
done (64 %) over three weeks, no strict week met: the strict streak is 0 and the credit for
effort comes first. Two years: a once-a-day routine with gaps, pain falling from 6 to 2.
Today is Thursday 3 December 2026 at 18:00 in London.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.widgets.today import TodayPanel
from tests.tui.conftest import settle
from tests.tui.test_history_screen import ReviewApp

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 3, 18, 0, tzinfo=TZ)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def routine(rid: str, title: str, per_day: int, days_per_week: int) -> dict[str, Any]:
    return {
        "format": 1, "id": rid, "title": title,
        "frequency": {"per_day": per_day, "days_per_week": days_per_week},
        "check_in": {"regions": ["neck"], "measures": [
            {"id": "turn-left", "label": "Turn head left", "unit": "deg", "better": "higher"}]},
        "exercises": [{"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10}],
    }  # fmt: skip


def write(folder: Path, doc: dict[str, Any], since: date) -> Repository:
    (folder / "routines").mkdir(parents=True)
    (folder / "routines" / f"{doc['id']}.json").write_text(json.dumps(doc), encoding="utf-8")
    repo = Repository.open(folder)
    repo.add_to_program(ProgramEntry(routine_id=doc["id"], path="p", sha256="h",
                                     added_at=at(since, 8)))
    return repo


def session(n: int | str, rid: str, day: date, hour: int) -> SessionRecord:
    return SessionRecord(id=f"s{n}", routine_id=rid, routine_title=rid, routine_hash="h",
                         started_at=at(day, hour), status="complete")


def three_weeks(folder: Path) -> Path:
    """29 sessions of 3 a day, Monday-Friday, from Monday 16 November."""
    start = date(2026, 11, 16)
    repo = write(folder, routine("neck-3x", "Neck three times a day", 3, 5), start)
    per_day = [3, 2, 3, 1, 2, 0, 0,  3, 2, 2, 1, 1, 0, 0,  2, 3, 1, 3]  # to Thursday 3 Dec
    sessions, checkins = [], []
    for i, count in enumerate(per_day):
        day = start + timedelta(days=i)
        sessions += [session(f"{i}-{k}", "neck-3x", day, 8 + 4 * k) for k in range(count)]
        if count:
            checkins.append(CheckInRecord(
                id=f"c{i}", at=at(day, 7), context="before_session",
                pain=[PainRating(region="neck", value=6 - i // 6)],
                measures={"turn-left": 50.0 + i}))
    assert len(sessions) == 36 - 7  # 29 sessions
    repo.import_records(sessions, checkins)
    return folder


def two_years(folder: Path) -> Path:
    """A daily routine since 4 December 2024, done on most days; pain falling from 6 to 2."""
    start = date(2024, 12, 4)
    repo = write(folder, routine("neck-daily", "Neck every day", 1, 7), start)
    sessions, checkins = [], []
    day, n = start, 0
    while day <= NOW.date():
        if n % 9 not in (4, 7) and day != NOW.date():
            sessions.append(session(n, "neck-daily", day, 9))
        if n % 3 == 0:
            checkins.append(CheckInRecord(
                id=f"c{n}", at=at(day, 8), context="before_session",
                pain=[PainRating(region="neck", value=max(2, 6 - n // 120))],
                measures={"turn-left": min(80.0, 45.0 + n / 20)}))
        day += timedelta(days=1)
        n += 1
    repo.import_records(sessions, checkins)
    repo.set_excused(date(2026, 11, 27), "ill")
    return folder


def ProgressApp(data_dir: Path, panel: bool = False) -> ReviewApp:  # noqa: N802
    """The history tests' small coach app, on this module's today."""
    return ReviewApp(data_dir, panel, now=NOW)


def test_progress_screen_with_three_weeks_of_data(tmp_path: Path, snap_compare: Any) -> None:
    app = ProgressApp(three_weeks(tmp_path / "data"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_progress_screen_with_two_years_of_data(tmp_path: Path, snap_compare: Any) -> None:
    app = ProgressApp(two_years(tmp_path / "data"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


async def test_three_weeks_fit_the_chart_and_credit_the_effort(tmp_path: Path) -> None:
    app = ProgressApp(three_weeks(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#period-hint").render()) == (
            "Showing the last 4 weeks (p: change)"
        )
        figures = str(screen.query_one("#history-figures").render())
        assert "Streak 0 weeks (longest 0 weeks)" in figures
        # 29 sessions, this week (Mon 30 Nov - Thu 3 Dec): 2 + 3 + 1 + 3 = 9 of 15
        assert "2 of 5 days, 9 of 15 sessions this week" in figures
        assert "You have done 9 sessions this week: every one counts." in figures
        assert "Active on 14 of 18 days" in figures  # weekends without work count too
        assert "Consistency: 0 of 2 weeks with at least 80 % of sessions done" in figures
        assert "Best week so far: 11 of 15 sessions (week of 16 Nov)" in figures


async def test_two_years_default_to_the_longest_period(tmp_path: Path) -> None:
    app = ProgressApp(two_years(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#period-hint").render()) == (
            "Showing the last 52 weeks (p: change)"
        )
        await pilot.press("p")
        assert str(app.screen.query_one("#period-hint").render()) == (
            "Showing the last 2 weeks (p: change)"
        )


async def test_today_panel_puts_the_effort_first_when_the_streak_is_0(tmp_path: Path) -> None:
    app = ProgressApp(three_weeks(tmp_path / "data"), panel=True)
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(pilot)
        lines = str(app.query_one(TodayPanel).render()).splitlines()
        assert lines[0] == "Today, Thursday 3 December"
        assert "✓ done (3 of 3)" in lines[1]
        assert lines[2] == "You have done 9 sessions this week: every one counts."
        assert lines[3] == "Active on 14 of 18 days"
        assert lines[4] == "Best week so far: 11 of 15 sessions (week of 16 Nov)"
        assert lines[5] == "Streak: 0 weeks (longest 0 weeks)"


def second_week_gap(folder: Path) -> Path:
    """A daily routine since Monday 23 November, done on 5 days of its first week, not since."""
    start = date(2026, 11, 23)
    repo = write(folder, routine("neck-daily", "Neck every day", 1, 7), start)
    days = [start + timedelta(days=n) for n in (0, 1, 3, 4, 6)]
    repo.import_records([session(n, "neck-daily", day, 9) for n, day in enumerate(days)], [])
    return folder


async def test_today_panel_says_the_active_days_once(tmp_path: Path) -> None:
    app = ProgressApp(second_week_gap(tmp_path / "data"), panel=True)
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(pilot)
        text = str(app.query_one(TodayPanel).render())
        lines = text.splitlines()
        assert lines[2] == (
            "You have exercised on 5 of 10 days so far. One session today starts a new streak."
        )
        assert "Active on" not in text and text.count("5 of 10") == 1
        assert lines[3] == "Best week so far: 5 of 7 sessions (week of 23 Nov)"
