"""``coach report`` from the past years summed up (``facts-before.json``) and this year's facts:
over ten years of history the page is byte for byte the report made from every validated
record, for periods within this year (from the summary) and periods or calendars that reach
into a past year (every facts file); a summary damaged in a way its CRC cannot tell is not
used (the same page)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.app import progress
from coach.app.context import AppContext
from coach.app.progression import dose_history
from coach.domain.trends import HeldValues
from coach.library import Library
from coach.services.report import build_report
from coach.services.report_data import load_report_extras
from coach.services.review import load_review
from coach.storage import Repository
from coach.storage.facts_before import BEFORE_FILE
from tests.storage import test_facts as _facts
from tests.storage.storage_helpers import forget_process_state
from tests.storage.test_facts import BERLIN, NOW
from tests.storage.test_stats_summed import _damages, _rewrite

built, data, library = _facts.built, _facts.data, _facts.library

# (start, now, from the summary): the period's charts and the calendar within this year, or not
CASES = [
    (NOW.date(), NOW, True),
    (NOW.date() - timedelta(weeks=8) + timedelta(days=1), NOW, True),
    (date(2026, 6, 1), NOW, True),
    (date(2026, 1, 1), NOW, False),  # (the 7-day means read the last days of 2025)
    (date(2025, 12, 20), NOW, False),  # (a period that crosses 1 January)
    (date(2024, 3, 1), NOW, False),  # (before this year)
    (date(2026, 1, 20), datetime(2026, 3, 2, 9, tzinfo=BERLIN), False),  # (the calendar: 2025)
]


def _ctx(folder: Path, now: datetime) -> AppContext:
    forget_process_state()
    return AppContext(folder, wall=lambda: now, zone=BERLIN)


def _truth(folder: Path, library: Library, start: date, now: datetime) -> str:
    """The report as it was made before: the review of every validated record."""
    repo = Repository.open(folder)
    whole = load_review(repo, library, now, BERLIN)
    extras = load_report_extras(repo, whole, start, False)
    return build_report(whole, start, now, extras, dose_history(repo))


class _Spy:
    """Whether the report's review came from the summary, and how many charts it drew so."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.summed: list[bool] = []
        self.drawn = 0
        real, series = progress._summed_review, HeldValues.series

        def summed(*args: Any) -> Any:
            found = real(*args)
            self.summed.append(found is not None)
            return found

        def drawn(values: HeldValues, first: date | None = None) -> Any:
            self.drawn += 1
            return series(values, first)

        monkeypatch.setattr(progress, "_summed_review", summed)
        monkeypatch.setattr(HeldValues, "series", drawn)


def _report(folder: Path, start: date, now: datetime) -> str:
    return progress.report(_ctx(folder, now), start, now=now)[0]


@pytest.mark.parametrize(("start", "now", "from_summary"), CASES, ids=lambda c: str(c)[:10])
def test_the_report_from_the_summed_up_past_is_the_report_from_every_record(
    data: Path,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    start: date,
    now: datetime,
    from_summary: bool,
) -> None:
    truth = _truth(data, library, start, now)
    progress.summary_review(_ctx(data, now), now=now)  # `coach stats`: keeps the summary
    assert _report(data, start, now) == truth  # (validated: keeps the report's inputs)
    assert (data / BEFORE_FILE).exists()
    spy = _Spy(monkeypatch)
    assert _report(data, start, now) == truth
    assert spy.summed == [from_summary]
    assert (spy.drawn > 0) is from_summary  # (the pain charts drawn from the summed series)


def test_a_damaged_summary_is_not_used_by_the_report(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = NOW.date() - timedelta(weeks=8) + timedelta(days=1)
    truth = _truth(data, library, start, NOW)
    progress.summary_review(_ctx(data, NOW), now=NOW)
    assert _report(data, start, NOW) == truth
    kept = (data / BEFORE_FILE).read_bytes()
    spy = _Spy(monkeypatch)
    for i, damage in enumerate(_damages()):
        _rewrite(data, damage)
        spy.summed.clear()
        assert _report(data, start, NOW) == truth, i
        assert spy.summed == [False], i  # every facts file
        (data / BEFORE_FILE).write_bytes(kept)
    spy.summed.clear()
    assert _report(data, start, NOW) == truth
    assert spy.summed == [True]
