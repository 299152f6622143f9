"""The program's past kept in ``facts-past.json`` (coach.domain.past, coach.storage.facts_past):
a cache over ten years of history. With it, without it, damaged or out of date, the today panel
shows the same figures; it is really read when current, and made again when not."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from coach.app.context import AppContext
from coach.domain.records import SessionRecord
from coach.library import Library
from coach.storage import Repository
from coach.storage.facts_past import PAST_FILE
from coach.tui.widgets.today import TodayData, load_today
from tests.storage.test_facts import BERLIN, NOW, built, data, library  # noqa: F401 (fixtures)


def _today(folder: Path, routines: Library, kept: bool) -> TodayData:
    ctx = AppContext(folder, wall=lambda: NOW, zone=BERLIN)
    return load_today(ctx.repo(), routines, NOW, BERLIN, ctx if kept else None)


def test_the_past_changes_no_figure_and_is_read_when_current(
    data: Path,  # noqa: F811 (the fixture)
    library: Library,  # noqa: F811
) -> None:
    truth = _today(data, library, kept=False)  # every day of ten years walked
    assert truth.consistency is not None and truth.consistency.weeks > 500
    path = data / PAST_FILE
    assert not path.exists()
    made = _today(data, library, kept=True)  # made and kept
    kept = json.loads(path.read_text())
    assert kept["past"]["at"] == NOW.date().replace(month=1, day=1).toordinal() - 3  # Mon 29 Dec
    assert _today(data, library, kept=True) == made == truth  # read back
    # It is really read: the same key with other figures shows them (never done by coach).
    kept["past"]["effort"][0] += 7
    path.write_text(json.dumps(kept))
    shown = _today(data, library, kept=True)
    assert shown.consistency is not None and truth.consistency is not None
    assert shown.consistency.good_weeks == truth.consistency.good_weeks + 7
    # Damaged, cut short, of another format or deleted: not used, made again whole.
    for damage in (b"{", b"", json.dumps({**kept, "format": 0}).encode(), None):
        if damage is None:
            path.unlink()
        else:
            path.write_bytes(damage)
        assert _today(data, library, kept=True) == truth
        again = json.loads(path.read_text())
        assert again["key"] == kept["key"] and again["past"]["effort"][0] == kept["past"][
            "effort"][0] - 7  # fmt: skip


def _add_session(folder: Path, routine_id: str, days_ago: int) -> None:
    start = NOW - timedelta(days=days_ago)
    session = SessionRecord(routine_id=routine_id, routine_title=routine_id,
                            routine_hash="ab" * 32, started_at=start,
                            ended_at=start + timedelta(minutes=9), status="complete")  # fmt: skip
    Repository.open(folder).import_records([session], [])


def test_a_session_added_to_a_past_year_makes_the_past_again(
    data: Path,  # noqa: F811 (the fixture)
    library: Library,  # noqa: F811
) -> None:
    _today(data, library, kept=True)
    before = json.loads((data / PAST_FILE).read_text())
    _add_session(data, "neck-desk", days_ago=800)
    got = _today(data, library, kept=True)
    after = json.loads((data / PAST_FILE).read_text())
    assert after["key"] != before["key"]
    assert got == _today(data, library, kept=False)
    # This year's sessions are walked each time: a new one keeps the past.
    _add_session(data, "knee-basics", days_ago=2)
    assert _today(data, library, kept=True) == _today(data, library, kept=False)
    assert json.loads((data / PAST_FILE).read_text())["key"] == after["key"]
