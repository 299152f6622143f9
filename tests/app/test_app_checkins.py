"""The check-in use case: one rule (at least one value) for both front ends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.app.checkins import EmptyCheckIn, record_checkin
from coach.domain.checkin import CheckInError, has_values
from coach.domain.records import CheckInRecord, PainRating
from coach.storage.repo import Repository

AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "values",
    [
        {"note": "a note alone"},
        {"pain": [PainRating(region="neck", value=0)]},
        {"measures": {"reach": 0.0}},
        {"stiffness": 0},
        {"morning_stiffness_min": 0},
        {"function": {"a1": 0}},
    ],
)
def test_any_one_value_makes_a_check_in(values: dict[str, object], tmp_path: Path) -> None:
    record = CheckInRecord(at=AT, context="at_rest", **values)  # type: ignore[arg-type]
    assert has_values(record)
    repo = Repository.open(tmp_path)
    record_checkin(repo, record)
    assert repo.checkins() == [record]


def test_an_empty_check_in_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    repo = Repository.open(tmp_path)
    empty = CheckInRecord(at=AT, context="at_rest", note=None)
    assert not has_values(empty)
    with pytest.raises(EmptyCheckIn) as caught:
        record_checkin(repo, empty)
    assert isinstance(caught.value, CheckInError)  # the front ends' usual handling applies
    assert repo.checkins() == []
