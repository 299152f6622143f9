"""The CSV export can never run as a formula in a spreadsheet, whatever the text holds."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.services import export
from coach.services.csv_cells import inert_cell

_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_DANGER = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    "=HYPERLINK(\"http://x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "a\r=1+1",
    "note\n=cmd|' /C calc'!A0",
    "  =1+1",
    "\u3000=1",
    "\x1b[31mred\x07",
    "ok\x00\x85done",
    "a\r\n@b",
]


def _assert_inert(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows, "no rows"
    for row in rows:
        for cell in row:
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", cell), repr(cell)
            if _NUMBER.match(cell):
                continue
            assert not cell.startswith(_DANGER), repr(cell)
            assert not cell.lstrip().startswith(_DANGER[:4]), repr(cell)
            for line in cell.split("\n"):
                assert not line.lstrip().startswith(_DANGER[:4]), repr(cell)


def _records(text: str) -> tuple[list[SessionRecord], list[CheckInRecord]]:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    session = SessionRecord(
        routine_id="r", routine_title="Title", routine_hash="h", started_at=at,
        exercises=[ExerciseLog(index=0, name="Ex")],
    ).model_copy(update={"routine_title": text, "routine_id": text})  # unvalidated: worst case
    checkin = CheckInRecord(
        at=at, context="at_rest", pain=[PainRating(region="knee", value=3)],
        measures={"m": -3.5},
    ).model_copy(update={"note": text, "routine_id": text, "session_id": text})
    return [session], [checkin]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_inert_in_the_csv(text: str) -> None:
    out = export.to_csv(*_records(text), UTC)
    _assert_inert(out)
    assert "-3.5" in out  # a plain negative number stays a number


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.builds(lambda a, b: a + b, st.sampled_from(["=", "+", "-", "@", "\t", "\r", " ", "\n"]),
                   st.text(max_size=10)))
def test_any_text_is_inert_in_the_csv(text: str) -> None:
    _assert_inert(export.to_csv(*_records(text), UTC))


def test_plain_numbers_stay_numbers() -> None:
    for number in ("-3.5", "12", "0.25", "-1e-05"):
        assert inert_cell(number) == number
    assert inert_cell("-x") == "'-x"
