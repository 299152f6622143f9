"""A log file's facts carried over a save (coach.domain.dayfacts_update) are exactly the facts
made from every record of the file after it, or None (made from the records instead); and the
usual saves (a later check-in, a new session, a session saved again as it goes on) are carried."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain import dayfacts
from coach.domain.dayfacts_update import Change, updated
from coach.domain.records import CheckInRecord, PainRating, SessionRecord

BERLIN = ZoneInfo("Europe/Berlin")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")  # (summer time ended at midnight: 2018-02-18)
START = datetime(2018, 2, 15, 20, 0, tzinfo=BERLIN)
ROUTINES = ("neck", "knee", "back")
CONTEXTS = ("before_session", "after_session", "at_rest", "next_morning", "during_session")


def _plain(facts: Any) -> Any:
    """Facts as a facts file holds them (JSON: lists, never tuples)."""
    return json.loads(json.dumps(facts))


class _File:
    """The records of one log file, saved one change at a time; its facts carried over each."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.sessions: dict[str, SessionRecord] = {}
        self.checkins: dict[str, CheckInRecord] = {}
        self.facts = _plain(dayfacts.build([], [], tz))
        self.carried = 0

    def made(self) -> Any:
        return _plain(dayfacts.build(self.sessions.values(), self.checkins.values(), self.tz))

    def save(
        self, sessions: list[SessionRecord], checkins: list[CheckInRecord]
    ) -> Any:
        change = Change(
            sessions=[(self.sessions.get(s.id), s) for s in sessions], checkins=checkins
        )
        for s in sessions:
            self.sessions[s.id] = s
        for c in checkins:
            self.checkins[c.id] = c
        before = json.dumps(self.facts)
        got = updated(self.facts, change, self.tz, self.sessions.__contains__)
        assert json.dumps(self.facts) == before  # the facts given are left as they were
        expected = self.made()
        if got is not None:
            assert _plain(got) == expected
            self.carried += 1
        self.facts = expected
        return got


def _session(rid: str, at: datetime, **kw: Any) -> SessionRecord:
    return SessionRecord(routine_id=rid, routine_title=rid.title(), routine_hash="ab" * 32,
                         started_at=at, **kw)  # fmt: skip


def _checkin(at: datetime, **kw: Any) -> CheckInRecord:
    return CheckInRecord(at=at, context=kw.pop("context", "at_rest"), **kw)


def test_the_usual_saves_are_carried_over() -> None:
    f = _File(BERLIN)
    at = START
    for day in range(6):
        at = START + timedelta(days=day)
        s = _session(ROUTINES[day % 3], at + timedelta(hours=1))
        assert f.save([], [_checkin(at, context="before_session", session_id=s.id,
                                    pain=[PainRating(region="neck", value=day)])]) is not None
        assert f.save([s], []) is not None  # started (its check-in came first: a link, then own)
        s = s.model_copy(update={"resume_step": 3})
        assert f.save([s], []) is not None  # saved as it goes on
        s = s.model_copy(update={"status": "complete" if day % 2 else "partial",
                                 "ended_at": at + timedelta(hours=2), "flare": day == 4})
        assert f.save([s], []) is not None  # finished
        assert f.save([], [_checkin(at + timedelta(hours=3), context="after_session",
                                    session_id=s.id, measures={"reach": 4.5},
                                    function={"stairs": 6},
                                    pain=[PainRating(region="neck", value=2),
                                          PainRating(region="knee", value=None)])]) is not None
    practice = _session("neck", at + timedelta(hours=5), speed=1.5)
    assert f.save([practice], [_checkin(at + timedelta(hours=6), session_id=practice.id,
                                        pain=[PainRating(region="neck", value=9)])]) is not None
    assert f.facts["practice"] == [practice.id] and f.facts["last_pain"][4] == 2
    assert f.save([], [_checkin(at + timedelta(hours=7), session_id="elsewhere-1")]) is not None
    assert f.facts["links"] == ["elsewhere-1"]


def test_what_cannot_be_carried_over_is_refused() -> None:
    f = _File(BERLIN)
    first = _checkin(START, pain=[PainRating(region="neck", value=3)])
    assert f.save([], [first]) is not None
    assert f.save([], [_checkin(START - timedelta(minutes=1))]) is None  # not later than all
    s = _session("neck", START + timedelta(hours=1))
    assert f.save([s], [_checkin(START + timedelta(hours=2), session_id=s.id)]) is not None
    assert f.save([s.model_copy(update={"speed": 2.0})], []) is None  # made a practice run
    assert f.save([s.model_copy(update={"routine_id": "knee"})], []) is None  # moved
    second = _session("neck", START + timedelta(hours=5))
    assert f.save([second], []) is not None
    moved = s.model_copy(update={"started_at": START + timedelta(hours=6)})
    assert f.save([moved], []) is None  # the routine's first session moved: which is first?
    assert f.save([moved.model_copy(update={"started_at": START})], []) is not None
    assert f.facts["sessions"]["neck"]["first"][1] == s.id  # (not the first: moved before it)
    late = _checkin(START + timedelta(hours=3), session_id="later")
    assert f.save([], [late]) is not None and f.facts["links"] == ["later"]
    # a practice run whose check-in the facts count: its check-in must be taken out
    assert f.save([_session("knee", START + timedelta(hours=4), id="later", practice=True)],
                  []) is None  # fmt: skip


class _Back(tzinfo):
    """A zone whose clocks go back two hours at 00:30 on 18 February 2018 (to 22:30 the day
    before): a later time on an earlier local day."""

    _AT = datetime(2018, 2, 17, 23, 30)  # (UTC)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def fromutc(self, dt: datetime) -> datetime:
        offset = timedelta(hours=1) if dt.replace(tzinfo=None) < self._AT else timedelta(hours=-1)
        return dt + offset


def test_a_local_day_going_back_is_refused() -> None:
    tz = _Back()
    at_1 = datetime(2018, 2, 17, 23, 20, tzinfo=ZoneInfo("UTC"))  # 00:20 on the 18th
    at_2 = datetime(2018, 2, 17, 23, 40, tzinfo=ZoneInfo("UTC"))  # 22:40 on the 17th
    assert at_1.astimezone(tz).day == 18 and at_2.astimezone(tz).day == 17
    f = _File(tz)
    assert f.save([], [_checkin(at_1)]) is not None
    assert f.save([], [_checkin(at_2)]) is None


_times = st.integers(min_value=-3 * 24 * 60, max_value=6 * 24 * 60)


@st.composite
def _steps(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """A sequence of saves: new sessions, sessions saved again, new check-ins (any time)."""
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["session", "again", "checkin", "checkin", "both"]))
        out.append((kind, draw(st.fixed_dictionaries({
            "minutes": _times,
            "routine": st.sampled_from(ROUTINES),
            "status": st.sampled_from(["in_progress", "complete", "partial", "abandoned"]),
            "speed": st.sampled_from([1.0, 1.0, 1.0, 0.5]),
            "practice": st.booleans(),
            "flare": st.booleans(),
            "context": st.sampled_from(CONTEXTS),
            "pain": st.lists(st.tuples(st.sampled_from(["neck", "knee"]),
                                       st.one_of(st.none(), st.integers(0, 10))), max_size=3),
            "measures": st.dictionaries(st.sampled_from(["reach", "turn"]),
                                        st.floats(-50, 50, allow_nan=False), max_size=2),
            "function": st.dictionaries(st.sampled_from(["stairs", "socks"]), st.integers(0, 10),
                                        max_size=2),
            "link": st.sampled_from([None, "own", "own", "other"]),
            "pick": st.integers(0, 1000),
        }))))  # fmt: skip
    return out


@pytest.mark.parametrize("tz", [BERLIN, SAO_PAULO], ids=["berlin", "sao-paulo"])
@settings(max_examples=80, deadline=None)
@given(steps=_steps())
def test_carried_facts_are_the_facts_of_the_records(tz: tzinfo, steps: list[Any]) -> None:
    f = _File(tz)
    base = datetime(2018, 2, 15, 12, 0, tzinfo=ZoneInfo("UTC"))
    for kind, p in steps:
        at = base + timedelta(minutes=p["minutes"])
        known = sorted(f.sessions)
        if kind == "again" and known:
            old = f.sessions[known[p["pick"] % len(known)]]
            new = old.model_copy(update={"status": p["status"], "flare": p["flare"],
                                         "resume_step": old.resume_step + 1})  # fmt: skip
            if p["pick"] % 5 == 1:  # moved to another time
                new = new.model_copy(update={"started_at": at, "routine_title": "Moved"})
            if p["pick"] % 7 == 0:  # now and then something that cannot be carried over
                new = new.model_copy(update={"speed": p["speed"], "practice": p["practice"]})
            f.save([new], [])
            continue
        sessions = []
        if kind in ("session", "both"):
            sessions.append(_session(p["routine"], at, status=p["status"], speed=p["speed"],
                                     practice=p["practice"], flare=p["flare"]))  # fmt: skip
        checkins = []
        if kind in ("checkin", "both"):
            link = p["link"]
            session_id = None
            if link == "other":
                session_id = f"other-{p['pick'] % 3}"
            elif link == "own" and (sessions or known):
                session_id = (sessions[0].id if sessions
                              else known[p["pick"] % len(known)])  # fmt: skip
            checkins.append(_checkin(
                at + timedelta(seconds=1), context=p["context"], session_id=session_id,
                pain=[PainRating(region=r, value=v) for r, v in p["pain"]],
                measures=p["measures"], function=p["function"]))  # fmt: skip
        f.save(sessions, checkins)


def test_the_property_test_carries_over_most_saves() -> None:
    """(So that the property above would fail if nothing were ever carried over.)"""
    f = _File(BERLIN)
    at = START
    for i in range(40):
        at += timedelta(hours=5)
        s = _session(ROUTINES[i % 3], at, status="complete")
        f.save([s], [_checkin(at + timedelta(minutes=1), session_id=s.id,
                              pain=[PainRating(region="neck", value=i % 11)])])  # fmt: skip
    assert f.carried == 40
