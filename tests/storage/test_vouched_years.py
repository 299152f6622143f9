"""The vouched reader (:mod:`coach.storage.vouched`) at year edges: a year file whose header
bounds its records before ``since`` is checked but not parsed, and the records listed are
exactly the validated read's, whatever offsets the times were written with (real files)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.storage import Repository, vouched
from coach.storage.errors import StorageError
from tests.storage.storage_helpers import forget_process_state, make_checkin, make_session

LATEST = timezone(timedelta(hours=-23, minutes=-59))  # the furthest behind UTC an offset goes
EARLIEST = timezone(timedelta(hours=23, minutes=59))


def _folder(tmp: Path, records: list[tuple[str, datetime]]) -> Path:
    """A data folder with these records (kind, time) and every year's facts file made."""
    folder = tmp / "data"
    repo = Repository.open(folder)
    sessions = [make_session(at) for kind, at in records if kind == "session"]
    checkins = [make_checkin(at) for kind, at in records if kind == "checkin"]
    repo.import_records(sessions, checkins)
    assert repo.day_facts(UTC, date(2027, 6, 1)) is not None  # makes the facts files
    forget_process_state()
    return folder


def _ids(found: tuple[list, list]) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    return [s.id for s in found[0]], [c.id for c in found[1]]


def _same_as_validated(folder: Path, since: datetime) -> tuple[list[str], list[str]]:
    found = vouched.history(folder, since)
    assert found is not None, "not vouched"
    forget_process_state()
    assert _ids(found) == _ids(Repository.open(folder).history(since))
    return _ids(found)


EDGE = [
    ("checkin", datetime(2025, 12, 31, 23, 59, 59, tzinfo=LATEST)),  # 2026-01-01 23:58:59 UTC
    ("session", datetime(2025, 12, 31, 22, 0, tzinfo=LATEST)),
    ("checkin", datetime(2026, 1, 1, 0, 30, tzinfo=EARLIEST)),  # 2025-12-31 00:31 UTC
    ("checkin", datetime(2024, 6, 1, 8, 0, tzinfo=UTC)),
    ("session", datetime(2026, 3, 1, 9, 0, tzinfo=UTC)),
    ("checkin", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize("since", [
    datetime(2025, 12, 31, tzinfo=UTC), datetime(2026, 1, 1, 23, 0, tzinfo=UTC),
    datetime(2026, 1, 1, 23, 58, 59, tzinfo=UTC), datetime(2026, 1, 1, 23, 59, tzinfo=UTC),
    datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC),
    datetime(2026, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=-13))),
], ids=str)  # fmt: skip
def test_the_last_minutes_of_a_year_written_far_behind_utc_are_listed(
    tmp_path: Path, since: datetime
) -> None:
    folder = _folder(tmp_path, EDGE)
    _same_as_validated(folder, since)
    found = vouched.history(folder, since)
    assert found is not None
    times = [c.at for c in found[1]]
    assert times == sorted(at for kind, at in EDGE if kind == "checkin" and at >= since)
    assert (EDGE[0][1] in times) is (since <= datetime(2026, 1, 1, 23, 58, 59, tzinfo=UTC))


def test_a_year_file_bounded_before_since_is_checked_but_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, EDGE)
    parsed: list[int] = []
    real = vouched._vouched

    def spy(folder: Path, year: int, parse: bool = True) -> object:
        if parse:
            parsed.append(year)
        return real(folder, year, parse)

    monkeypatch.setattr(vouched, "_vouched", spy)
    _same_as_validated(folder, datetime(2026, 1, 2, tzinfo=UTC))
    assert parsed == [2026]
    parsed.clear()
    _same_as_validated(folder, datetime(2026, 1, 1, 23, 59, tzinfo=UTC))
    assert parsed == [2026, 2025]


def test_a_damaged_year_file_that_is_not_parsed_is_still_refused(tmp_path: Path) -> None:
    """Damaged in place with its time put back: its facts file no longer vouches for it, so
    nothing is listed from the vouched files (the validated read refuses it and says why)."""
    folder = _folder(tmp_path, EDGE)
    since = datetime(2026, 2, 1, tzinfo=UTC)
    assert vouched.history(folder, since) is not None
    path = folder / "log-2025.json"
    st_ = path.stat()
    raw = path.read_bytes()
    good, bad = b'"context": "after_session"', b'"context": "after_sessio_"'
    assert raw.count(good) == 1  # the check-in of 2025-12-31 written at -23:59
    path.write_bytes(raw.replace(good, bad))
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (st_.st_ino, st_.st_size)
    assert vouched.history(folder, since) is None
    forget_process_state()
    with pytest.raises(StorageError, match="log-2025.json"):
        Repository.open(folder).history(since)


_TIMES = st.datetimes(
    min_value=datetime(2024, 12, 25), max_value=datetime(2026, 1, 8),
    timezones=st.sampled_from([UTC, LATEST, EARLIEST, timezone(timedelta(hours=-5)),
                               timezone(timedelta(hours=9, minutes=30))]),
)  # fmt: skip


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(st.tuples(st.sampled_from(["session", "checkin"]), _TIMES), max_size=12),
    since=_TIMES,
)
def test_the_vouched_records_are_the_validated_reads_from_any_since(
    tmp_path_factory: pytest.TempPathFactory,
    records: list[tuple[str, datetime]],
    since: datetime,
) -> None:
    folder = _folder(tmp_path_factory.mktemp("v"), records)
    _same_as_validated(folder, since)


def test_before_every_checkin_from_only_the_check_ins_during_a_session_are_listed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    repo = Repository.open(folder)
    at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    session = make_session(at)
    repo.save_session(session)
    for minutes, context in ((-10, "before_session"), (5, "during_session"),
                             (20, "after_session")):  # fmt: skip
        repo.save_checkin(make_checkin(at + timedelta(minutes=minutes), context=context,
                                       session_id=session.id))  # fmt: skip
    assert repo.day_facts(UTC, date(2026, 6, 1)) is not None
    forget_process_state()
    since, every = datetime(2026, 2, 1, tzinfo=UTC), at + timedelta(minutes=15)
    found = vouched.history(folder, since, every_checkin_from=every)
    assert found is not None
    assert [c.context for c in found[1]] == ["during_session", "after_session"]
    assert [s.id for s in found[0]] == [session.id]
    assert _ids(vouched.history(folder, since) or ([], [])) == _ids(repo.history(since))
