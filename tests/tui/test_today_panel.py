"""The today panel: the last pain of every region rated, and lines that fit the panel (#13)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coach.domain import dayfacts
from coach.domain.records import CheckInRecord, PainRating
from coach.library import default_sources, load_library
from coach.storage.repo import Repository
from coach.tui.widgets.today import TodayPanel, last_pain_from_facts, last_pain_of, load_today
from tests.tui.conftest import settle
from tests.tui.test_snapshots_today import NOW, TZ, dated, seed


def _checkin(hour: int, context: str, **pain: int | None) -> CheckInRecord:
    return CheckInRecord(
        id=f"c{hour}", at=datetime(2026, 11, 24, hour, tzinfo=UTC), context=context,  # type: ignore[arg-type]
        pain=[PainRating(region=r, value=v) for r, v in pain.items()],
    )


def test_every_region_of_the_latest_check_in_from_records_and_from_facts() -> None:
    checkins = [
        _checkin(7, "at_rest", knee=5),
        _checkin(8, "before_session", neck=3, shoulder=2, hip=None),  # hip: not rated
    ]
    from_records = last_pain_of(checkins, UTC)
    facts = dayfacts.LogFacts.merge([dayfacts.build([], checkins, UTC)])
    from_facts = last_pain_from_facts(facts, UTC)
    assert from_records == from_facts
    assert from_records is not None and from_records.context == "before_session"
    assert [(r.region, r.value) for r in from_records.regions] == [("neck", 3), ("shoulder", 2)]


def test_facts_of_the_old_format_give_the_latest_rating() -> None:
    """Facts files written before every region was kept (format 2) are made again; until
    then their one rating still shows."""
    facts = dayfacts.LogFacts(last_pain=[0, "c1", "neck", "at_rest", 4, 719163])
    assert facts.latest_checkin_pain() == (datetime(1970, 1, 1, tzinfo=UTC), "at_rest",
                                           [("neck", 4)])  # fmt: skip


def test_load_today_names_both_regions(tmp_path: Path) -> None:
    seed(tmp_path / "data", tmp_path / "routines")
    repo = Repository.open(tmp_path / "data")
    library = load_library(default_sources(tmp_path / "data", [tmp_path / "routines"]))
    pain = load_today(repo, library, NOW, TZ).last_pain
    assert pain is not None
    assert [(r.region, r.value) for r in pain.regions] == [("neck", 2), ("shoulder", 2)]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_plan_lines_fit_the_panel(tmp_path: Path, size: tuple[int, int]) -> None:
    """No plan line wraps: the week goes on a line of its own under the figures when narrow;
    the last pain names both regions (with sparklines where they fit)."""
    dated_app = dated(tmp_path)
    async with dated_app.run_test(size=size) as pilot:
        await settle(pilot)
        panel = dated_app.screen.query_one(TodayPanel)
        room = panel.content_region.width
        text = str(panel.render())
        lines = text.splitlines()
        plan = lines[1:4] if size[0] < 100 else lines[1:3]
        assert all(len(line) <= room for line in plan), (room, plan)
        assert "(1 of 3 days this week)" in text
        if size[0] >= 120:
            assert "Last pain: neck 2/10 ▅" in text and ", shoulder 2/10 ▃" in text
        else:
            assert "Last pain: neck 2/10, shoulder 2/10 (before a session, 08:00)" in text


async def test_the_panel_is_laid_out_again_on_resize(tmp_path: Path) -> None:
    dated_app = dated(tmp_path)
    async with dated_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel: Any = dated_app.screen.query_one(TodayPanel)
        wide = str(panel.render())
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = str(panel.render())
        assert narrow != wide and "recent days" not in narrow
        assert all(len(line) <= panel.content_region.width for line in narrow.splitlines()[1:4])
