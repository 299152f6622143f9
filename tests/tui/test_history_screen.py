"""The history screen and the today panel, driven by Pilot, with a fixed "today" and real storage.

History (Europe/London, today = Tuesday 24 November 2026 at 18:00): one daily routine whose
title is markup-like text, in the program since 10 November; complete sessions every day from
10 to 23 November except 15 November (missed) and 20 November (excused, rest); nothing today
yet. Streak: 16..23 November = 7 days (the excused 20th freezes it: it neither adds nor
breaks), longest 7. Adherence: last 7 days 6 of 6 (100 %), 28 days 12 of 13 (92 %). Neck pain
6 for the first week, then 3: down 3 points, meaningful. A "reach" measure: 10 then 15 cm.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Select, Static

from coach.app.context import AppContext
from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.base import CoachAppBase
from coach.tui.screens.history import HistoryScreen
from coach.tui.widgets.charts import TrendChart
from coach.tui.widgets.heatmap import Heatmap
from coach.tui.widgets.today import TodayPanel
from tests.tui.conftest import settle

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=TZ)
START = date(2026, 11, 10)
TITLE = "[bold]Neck[/] desk routine"
ROUTINE = {
    "format": 1,
    "id": "neck-test",
    "title": TITLE,
    "frequency": {"per_day": 1, "days_per_week": 7},
    "check_in": {"regions": ["neck"], "measures": [
        {"id": "reach", "label": "Reach [cm]", "unit": "cm", "better": "higher"}]},
    "exercises": [{"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10,
                   "hold_s": 5}],
}


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def seed(folder: Path) -> Path:
    (folder / "routines").mkdir(parents=True)
    (folder / "routines" / "neck-test.json").write_text(json.dumps(ROUTINE), encoding="utf-8")
    repo = Repository.open(folder)
    repo.add_to_program(ProgramEntry(routine_id="neck-test", path="p", sha256="h",
                                     added_at=at(START, 8)))
    sessions, checkins = [], []
    for n in range(14):
        day = START + timedelta(days=n)
        if day not in (date(2026, 11, 15), date(2026, 11, 20)):
            sessions.append(SessionRecord(id=f"s{n}", routine_id="neck-test",
                                          routine_title=TITLE, routine_hash="h",
                                          started_at=at(day), status="complete"))
        checkins.append(CheckInRecord(
            id=f"c{n}", at=at(day, 8), context="before_session",
            pain=[PainRating(region="neck", value=6 if n < 7 else 3)],
            measures={"reach": 10.0 if n < 7 else 15.0}))
    repo.import_records(sessions, checkins)
    repo.set_excused(date(2026, 11, 20), "rest")
    return folder


class ReviewApp(CoachAppBase):
    """A small coach app holding the history screen or the today panel."""

    TITLE = "coach"

    def __init__(self, data_dir: Path, panel: bool = False, now: datetime = NOW) -> None:
        super().__init__(AppContext(data_dir))
        self.panel = panel
        self.now = now

    def compose(self) -> Any:
        if self.panel:
            yield TodayPanel(now=self.now, tz=TZ, id="today")

    def on_mount(self) -> None:
        if not self.panel:
            self.push_screen(HistoryScreen(now=self.now, tz=TZ))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return seed(tmp_path / "data")


async def test_history_screen_shows_figures_chart_choices_and_sentences(data: Path) -> None:
    app = ReviewApp(data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        figures = str(screen.query_one("#history-figures", Static).render())
        assert TITLE in figures  # shown literally, never as markup
        assert "Streak 7 days (longest 7 days), 1 of 7 days this week" in figures
        assert "Done 100 % (7 days) · 92 % (28 days) · 92 % (all)" in figures
        sentences = str(screen.query_one("#sentences", Static).render())
        assert "Neck pain is down 3.0 points (\u221250 %) since you started" in sentences
        assert "Reach [cm] improved by 5 cm since you started" in sentences
        select = screen.query_one("#chart-select", Select)
        assert select.value == "pain:neck"
        options = [str(prompt) for prompt, _ in select._options]
        assert options[1:] == ["Pain: neck", "Mobility: Reach [cm]"]
        heatmap = str(screen.query_one(Heatmap).render())
        lines = heatmap.splitlines()
        assert lines[7].startswith("Sun")
        # the weeks since the first day (Tuesday 10 Nov): 3 columns, not 26
        assert str(screen.query_one("#calendar-title", Static).render()) == "The last 3 weeks"
        assert all(len(line) <= 4 + 2 * 3 for line in lines[1:8])  # Mon-Sun: 3 days each
        week = [line[4 + 2 * 1] for line in lines[1:8]]  # the 2nd of 3 columns: 16-22 Nov
        assert week == ["■", "■", "■", "■", "◇", "■", "■"]  # Friday 20th excused
        assert [line[4 + 2 * 0] for line in lines[1:8]] == [" "] + ["■"] * 5 + ["□"]  # 15th
        assert [line[4 + 2 * 2] for line in lines[1:8]] == ["■"] + [" "] * 6  # today still open
        chart = screen.query_one(TrendChart)
        assert "Neck pain (0-10)" in chart.plt.build()
        select.value = "measure:reach"
        await pilot.pause()
        assert "Reach [cm] (cm, higher is better)" in chart.plt.build()
        hint = screen.query_one("#period-hint", Static)
        # the data spans about 3 weeks: the smallest period that holds it all
        assert str(hint.render()) == "Showing the last 4 weeks (p: change)"
        await pilot.press("p")
        assert str(hint.render()) == "Showing the last 12 weeks (p: change)"
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_history_screen_with_an_empty_log(tmp_path: Path) -> None:
    app = ReviewApp(tmp_path / "empty")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#history-status", Static)
        assert status.display
        assert str(status.render()).startswith("Nothing logged yet.")
        assert "Your program is empty" in str(app.screen.query_one("#history-figures").render())


async def test_today_panel_shows_what_is_left_the_streak_and_the_last_pain(data: Path) -> None:
    app = ReviewApp(data, panel=True)
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        text = str(app.query_one(TodayPanel).render())
        assert text.splitlines()[0] == "Today, Tuesday 24 November"
        assert f"{TITLE}  0 of 1 done, 1 left" in text
        assert "Streak: 7 days (longest 7 days)" in text
        assert "Last pain: neck 3/10 (before a session, 23 Nov 08:00)" in text
        assert "▅▅▅▅▅▅▅▃▃▃▃▃▃▃ recent days" in text  # 6/10 then 3/10 on a 0-10 scale


def test_history_screen_snapshot(data: Path, snap_compare: Any) -> None:
    assert snap_compare(ReviewApp(data), terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize(("width", "stacked"), [(80, True), (120, False)])
async def test_figures_go_under_the_calendar_on_a_narrow_terminal(
    data: Path, width: int, stacked: bool
) -> None:
    app = ReviewApp(data)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        calendar = app.screen.query_one("#calendar-box").region
        figures = app.screen.query_one("#history-figures").region
        assert app.screen.has_class("-narrow") is stacked
        if stacked:
            assert figures.y >= calendar.bottom and figures.width >= width - 4
        else:
            assert figures.y == calendar.y and figures.x >= calendar.right


def test_done_line_on_the_first_day_says_nothing_due_yet_not_dashes() -> None:
    from coach.domain.stats import Adherence, RoutineAdherence
    from coach.tui.screens.history import done_text

    empty = Adherence(None, None, 0, 0, 0)
    assert done_text(RoutineAdherence("r", empty, empty, empty)) == "nothing due yet"
    week = Adherence(date(2026, 11, 18), date(2026, 11, 24), 6, 6, 0)
    assert done_text(RoutineAdherence("r", week, empty, week)) == (
        "100 % (7 days) · nothing due (28 days) · 100 % (all)"
    )


async def test_the_calendar_shows_the_first_week_on_the_first_day(tmp_path: Path) -> None:
    """The program added today, one session done: one week (this one), not 26 (25 of them
    blank before the client's first day); it grows week by week, up to 26."""
    folder = tmp_path / "data"
    (folder / "routines").mkdir(parents=True)
    (folder / "routines" / "neck-test.json").write_text(json.dumps(ROUTINE), encoding="utf-8")
    repo = Repository.open(folder)
    repo.add_to_program(ProgramEntry(routine_id="neck-test", path="p", sha256="h",
                                     added_at=at(NOW.date(), 8)))
    repo.import_records([SessionRecord(id="s1", routine_id="neck-test", routine_title=TITLE,
                                       routine_hash="h", started_at=at(NOW.date()),
                                       status="complete")], [])
    app = ReviewApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#calendar-title", Static).render()) == "This week"
        lines = str(screen.query_one(Heatmap).render()).splitlines()
        assert lines[0].strip() == "Nov"
        days = [line[4:].rstrip() for line in lines[1:8]]
        assert days == ["", "■", "", "", "", "", ""]  # Monday before, Tuesday done, future


async def test_the_pain_chart_names_the_region_in_words(tmp_path: Path) -> None:
    """"Low back pain (0-10)" over the chart, as the chooser says "Pain: low back"."""
    folder = tmp_path / "data"
    (folder / "routines").mkdir(parents=True)
    (folder / "routines" / "neck-test.json").write_text(json.dumps(ROUTINE), encoding="utf-8")
    repo = Repository.open(folder)
    repo.add_to_program(ProgramEntry(routine_id="neck-test", path="p", sha256="h",
                                     added_at=at(START, 8)))
    repo.import_records([], [CheckInRecord(
        id=f"c{n}", at=at(START + timedelta(days=n), 7), context="next_morning",
        pain=[PainRating(region="low-back", value=4)]) for n in range(3)])  # fmt: skip
    app = ReviewApp(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        select = screen.query_one("#chart-select", Select)
        assert select.value == "pain:low-back"
        assert [str(prompt) for prompt, _ in select._options][1] == "Pain: low back"
        built = screen.query_one(TrendChart).plt.build()
        assert "Low back pain (0-10)" in built and "Low-back" not in built
