"""``coach report`` from the log's facts and the period's records: the same document as from
every record, and the whole log read only when dose changes need it (real files)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.app import progress
from coach.app.context import AppContext
from coach.app.progression import dose_history
from coach.library import default_sources, load_library
from coach.services.report import build_report
from coach.services.report_data import load_report_extras
from coach.services.review import load_review
from coach.storage import Repository
from tests.services.test_review_kept import built, root  # noqa: F401 - fixtures
from tests.storage.storage_helpers import forget_process_state

TZ = ZoneInfo("Europe/Berlin")


def _every_record(data: Path, extra: Path, start: date, now: datetime, practice: bool) -> str:
    """The report as it was made before: the review of every record."""
    repo = Repository.open(data)
    library = load_library(default_sources(data, [extra]))
    whole = load_review(repo, library, now, TZ, include_practice=practice)
    extras = load_report_extras(repo, whole, start, practice)
    return build_report(whole, start, now, extras, dose_history(repo))


@pytest.mark.parametrize("practice", [False, True], ids=["", "include-practice"])
@pytest.mark.parametrize("back", [1, 8 * 7, 500, 5000], ids=lambda d: f"{d}d")
def test_the_report_from_the_facts_is_the_report_from_every_record(
    root: Path, back: int, practice: bool  # noqa: F811 - the fixture
) -> None:
    data, extra = root / "data", root / "extra"
    now = datetime.now(TZ)
    start = now.date() - timedelta(days=back - 1)
    truth = _every_record(data, extra, start, now, practice)
    forget_process_state()
    ctx = AppContext(data, [extra], wall=lambda: now, zone=TZ)
    html, review = progress.report(ctx, start, practice, now)
    assert html == truth
    if not practice:
        assert review.record_count  # the figures came from the facts
        assert all(s.started_at.astimezone(TZ).date() >= min(start, now.date() - timedelta(
            days=7 * 26)) for s in review.sessions)  # fmt: skip


def test_the_whole_log_is_read_only_for_a_routine_with_two_kept_versions(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    data, extra = root / "data", root / "extra"
    library = load_library(default_sources(data, [extra]))
    repo = Repository.open(data)
    for rid in ("neck-desk", "knee-basics", "test-neck"):
        loaded = library.routines[rid]
        repo.remember_routine_version(rid, loaded.sha256, loaded.path.read_text())
    reads: list[Any] = []
    history_facts = Repository.history_facts

    def spy(self: Repository, since: datetime | None = None, **kw: Any) -> Any:
        reads.append(since)
        return history_facts(self, since, **kw)

    monkeypatch.setattr(Repository, "history_facts", spy)
    now = datetime.now(TZ)
    ctx = AppContext(data, [extra], wall=lambda: now, zone=TZ)
    progress.report(ctx, now.date() - timedelta(days=27), now=now)
    assert None not in reads  # one kept version each: nothing changed, nothing to date
    text = library.routines["neck-desk"].path.read_text()
    changed = text.replace('"sets": 1', '"sets": 2', 1)
    assert changed != text
    repo.remember_routine_version("neck-desk", "c" * 64, changed)
    progress.report(ctx, now.date() - timedelta(days=27), now=now)
    assert None in reads  # two versions of neck-desk: when each came into use is read
