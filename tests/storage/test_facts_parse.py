"""A facts file's body reads as the json module reads it, and what coach never writes is refused
(NaN, Infinity, numbers too large for a float, bad UTF-8, integers beyond 64 bits, deep nesting),
so that a damaged facts file is never read as figures (it is made again from the log)."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from coach.domain import dayfacts
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage.facts_file import decode, encode

VERSION = {"ino": 1, "size": 2, "mtime_ns": 3, "rev": "r", "crc32": 4}
AT = datetime(2026, 3, 2, 8, tzinfo=UTC)


def _facts() -> dict[str, object]:
    sessions = [
        SessionRecord(
            routine_id="neck", routine_title="Neck", routine_hash="0" * 64,
            started_at=AT + timedelta(days=k), ended_at=AT + timedelta(days=k, minutes=9),
            status="complete" if k % 3 else "partial",
            exercises=[ExerciseLog(index=0, name="Tuck", status="done", sets_done=1)],
        )
        for k in range(20)
    ]  # fmt: skip
    checkins = [
        CheckInRecord(at=AT + timedelta(days=k, hours=1), context="at_rest",
                      pain=[PainRating(region="neck", value=k % 11)],
                      measures={"gap": 2.5 + k}, function={"desk": k % 11})
        for k in range(20)
    ]  # fmt: skip
    return dayfacts.build(sessions, checkins, UTC)  # type: ignore[return-value]


def _file(body: bytes) -> bytes:
    head = {"format": 3, "tz": "offset:0", "log": VERSION, "body_crc32": zlib.crc32(body)}
    return json.dumps(head).encode() + b"\n" + body


def test_a_whole_facts_file_reads_as_the_json_module_reads_it() -> None:
    facts = _facts()
    data = encode(facts, "offset:0", VERSION)  # type: ignore[arg-type]
    read = decode(data, "offset:0", VERSION)
    assert read == json.loads(data.partition(b"\n")[2]) == json.loads(json.dumps(facts))
    assert read is not None and type(read["measures"]["gap"][1][0]) is float


@pytest.mark.parametrize(
    "damage",
    [
        (b'"gap":[[', b'"gap":[[NaN,'),
        (b'"gap":[[', b'"gap":[[Infinity,'),
        (b'"gap":[[', b'"gap":[[-Infinity,'),
        (b'"gap":[[', b'"gap":[[' + str(2**64).encode() + b","),
        (b"],[2.5,", b"],[" + str(2**64).encode() + b","),  # (the measure's values)
        (b"],[2.5,", b"],[" + str(-(2**63) - 1).encode() + b","),
        (b"],[2.5,", b"],[1e999,"),  # (read as infinity)
        (b"],[2.5,", b"],[-1e999,"),
        (b"],[2.5,", b"],[1e19,"),
        (b"],[2.5,", b"],[NaN,"),
        (b'"Neck"', b'"Ne\xffck"'),
        (b'"practice":[]', b'"practice":' + b"[" * 5000 + b"]" * 5000),
        (b'"practice":[]', b'"practice":[]}'),
    ],
)
def test_a_facts_body_coach_never_writes_is_refused(damage: tuple[bytes, bytes]) -> None:
    body = encode(_facts(), "offset:0", VERSION).partition(b"\n")[2]  # type: ignore[arg-type]
    old, new = damage
    assert old in body
    damaged = body.replace(old, new, 1)
    assert decode(_file(body), "offset:0", VERSION) is not None
    assert decode(_file(damaged), "offset:0", VERSION) is None
