"""The home screen starts light: its skeleton first, then the routines, then the today panel,
which reads only what it shows (``load_today``) and shows what the review shows.

History of the today tests (Europe/London, today = Tuesday 24 November 2026 at 18:00), in
the program since 2 November: a daily routine done twice a day (per_day 2) on most days, once
today, partly on 21 November, with 18 November excused (ill); a weekly routine (3 days a week)
done on Monday, Wednesday and Friday of most weeks; a routine in the program whose file is gone.
Check-ins in two contexts for the neck (so the sentence names the context) and one for the
knee; neck pain before sessions rises from 2 to 6 (worse: flagged), the latest rating of all is
that one.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import DataTable, Static

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import default_sources, load_library
from coach.services.review import load_review
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.screens import home
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.log import LogScreen
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.today import (
    TodayData,
    TodayPanel,
    load_today,
    today_content,
    today_data,
)
from tests.tui.conftest import settle

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=TZ)
START = date(2026, 11, 2)
EXERCISE = {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10, "hold_s": 5}


def routine(rid: str, per_day: int, days_per_week: int) -> dict[str, object]:
    return {
        "format": 1, "id": rid, "title": f"Routine {rid}",
        "frequency": {"per_day": per_day, "days_per_week": days_per_week},
        "exercises": [EXERCISE],
    }  # fmt: skip


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def session(n: int, rid: str, day: date, hour: int, status: str = "complete") -> SessionRecord:
    return SessionRecord(id=f"s{n}", routine_id=rid, routine_title=f"Routine {rid}",
                         routine_hash="h", started_at=at(day, hour), status=status)  # type: ignore[arg-type]


def seed(folder: Path, program: bool = True) -> Path:
    (folder / "routines").mkdir(parents=True)
    for doc in (routine("daily", 2, 7), routine("weekly", 1, 3)):
        (folder / "routines" / f"{doc['id']}.json").write_text(json.dumps(doc), encoding="utf-8")
    repo = Repository.open(folder)
    if program:
        for rid in ("daily", "weekly", "gone"):
            repo.add_to_program(ProgramEntry(routine_id=rid, path="p", sha256="h",
                                             added_at=at(START, 7)))  # fmt: skip
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    day = START - timedelta(days=20)  # before the program: counted nowhere
    while day <= NOW.date():
        n = len(sessions)
        if day != date(2026, 11, 18):
            sessions.append(session(n, "daily", day, 8))
            if day not in (date(2026, 11, 21), NOW.date()):
                sessions.append(session(n + 1, "daily", day, 17))
            elif day == date(2026, 11, 21):
                sessions.append(session(n + 1, "daily", day, 17, "partial"))
        if day.weekday() in (0, 2, 4) and day != date(2026, 11, 13):
            sessions.append(session(len(sessions), "weekly", day, 12))
        i = len(checkins)
        rise = 2 if day < date(2026, 11, 10) else 6
        checkins.append(CheckInRecord(id=f"c{i}", at=at(day, 7), context="before_session",
                                      pain=[PainRating(region="neck", value=rise)]))
        checkins.append(CheckInRecord(id=f"c{i + 1}", at=at(day, 6), context="next_morning",
                                      pain=[PainRating(region="neck", value=3),
                                            PainRating(region="knee", value=None)]))
        day += timedelta(days=1)
    repo.import_records(sessions, checkins)
    repo.set_excused(date(2026, 11, 18), "ill")
    return folder


def both(folder: Path) -> tuple[TodayData, TodayData]:
    library = load_library(default_sources(folder))
    repo = Repository.open(folder)
    return load_today(repo, library, NOW, TZ), today_data(load_review(repo, library, NOW, TZ))


def test_load_today_shows_what_the_review_shows(tmp_path: Path) -> None:
    light, full = both(seed(tmp_path / "data"))
    assert light == full
    assert light.missing == ("gone",)
    daily, weekly = light.plan
    assert (daily.routine_id, daily.done, daily.due, daily.left) == ("daily", 1, 2, 1)
    assert weekly.routine_id == "weekly" and weekly.week.days_done == 1  # Monday the 23rd
    assert light.streak.unit == "days"
    assert light.streak.longest > light.streak.current > 0
    assert light.last_pain is not None and light.last_pain.context == "before_session"
    (pain,) = light.last_pain.regions
    assert (pain.region, pain.value) == ("neck", 6)
    assert pain.trend is not None and pain.trend.flag
    assert pain.spark == "▅" * 14  # its last 14 rated days, all 6/10 (on a 0-10 scale)
    text = str(today_content(light, TZ))
    assert "Neck pain before sessions is up 4.0 points" in text  # two contexts: named


def test_load_today_without_a_program_or_a_log(tmp_path: Path) -> None:
    light, full = both(seed(tmp_path / "data", program=False))
    assert light == full and light.plan == () and light.streak.current == 0
    (tmp_path / "empty").mkdir()
    light, full = both(tmp_path / "empty")
    assert light == full and light.last_pain is None
    assert "No pain rating yet: press c to check in." in str(today_content(light, TZ))


@pytest.mark.parametrize("program", [True, False])
@pytest.mark.parametrize("with_facts", [True, False])
def test_load_today_reads_the_log_once(tmp_path: Path, program: bool, with_facts: bool) -> None:
    folder = seed(tmp_path / "data", program=program)
    library = load_library(default_sources(folder))
    repo = Repository.open(folder)
    calls: list[object] = []
    read, facts = repo.history_facts, repo.day_facts

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return read(*args, **kwargs)  # type: ignore[arg-type]

    def facts_spy(*args: object) -> object:
        calls.append("facts")
        return facts(*args) if with_facts else None  # type: ignore[arg-type]

    repo.history_facts = spy  # type: ignore[method-assign, assignment]
    repo.day_facts = facts_spy  # type: ignore[method-assign, assignment]
    load_today(repo, library, NOW, TZ)
    if with_facts:  # the per-day facts: the records are not read
        assert calls == ["facts"]
    else:  # no facts (e.g. a naive time in the log): every record, once
        assert calls == ["facts", {"sessions": program}]  # no sessions without a program


# --- the home screen -----------------------------------------------------------------------------


async def test_the_skeleton_is_drawn_before_the_routines_are_read(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    read = home.load_home_data

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10), "the test never let the routines be read"
        return read(*args, **kwargs)

    monkeypatch.setattr(home, "load_home_data", held)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):  # a loaded machine may need a few rounds to draw the first frame
            await pilot.pause()
            if app.drawn.is_set():
                break
        screen = app.screen
        assert isinstance(screen, HomeScreen) and app.drawn.is_set()
        hint = str(screen.query_one("#program-hint", Static).render())
        assert hint == "Loading your routines…"
        assert not screen.query(DataTable)  # the tables come with their rows
        assert str(screen.query_one(TodayPanel).render()) == "Loading today…"
        keys = str(screen.query_one(KeyBar).render())
        assert keys.startswith(" c Check in   a Add file   l Log   v Progress ")
        assert keys.rstrip().endswith(" q Quit   ? Help")
        release.set()
        await settle(pilot)
        home_screen = app.screen_stack[1]
        tables = {t.id: t.row_count for t in home_screen.query(DataTable)}
        assert set(tables) == {"program", "library"} and tables["library"] > 2  # bundled too
        assert home_screen.query_one(TodayPanel).data is not None  # loaded after the list


async def test_a_click_on_a_key_of_the_key_bar_presses_it(make_app: Any, data_dir: Path) -> None:
    from coach.domain.checkin import RED_FLAGS_SETTING

    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        start = next(x for x, _, key in bar._spans if key == "l")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
