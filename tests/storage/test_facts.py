"""The per-year facts files are a cache: equal figures with and without them, made again after a
crash or damage, never hiding a damaged log (real files, ten years of history)."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import Library, default_sources, load_library
from coach.services.review import load_review
from coach.services.review_facts import load_summary_review
from coach.storage import Repository
from coach.storage import facts as facts_module
from coach.storage.errors import CorruptDatabase
from coach.storage.facts import facts_file_name
from coach.storage.models import ProgramEntry
from coach.storage.store import LOG_WRITE_HOOKS
from coach.tui.widgets.today import load_today
from tests.storage.storage_helpers import forget_process_state

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 24, 18, 30, tzinfo=BERLIN)
YEARS = 10
ROUTINES = ("knee-basics", "neck-desk", "low-back-mcgill")


def _history(years: int) -> tuple[list[SessionRecord], list[CheckInRecord]]:
    """Daily use over ``years`` up to yesterday, with gaps, partial, abandoned and practice runs,
    several contexts, measures, activity scores and late-night check-ins near New Year."""
    rng = random.Random(15)
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    day = (NOW - timedelta(days=365 * years)).replace(hour=7, minute=0)
    while day < NOW - timedelta(days=1):
        if rng.random() < 0.85:
            for run in range(rng.choice([1, 1, 2])):
                rid = rng.choice(ROUTINES)
                start = day + timedelta(hours=1 + 9 * run, minutes=rng.randint(0, 50))
                session = SessionRecord(
                    routine_id=rid,
                    routine_title=rid.replace("-", " ").title(),
                    routine_hash="ab" * 32,
                    started_at=start,
                    ended_at=start + timedelta(minutes=12),
                    status=rng.choice(["complete", "complete", "partial", "abandoned"]),
                    speed=1.5 if rng.random() < 0.05 else 1.0,  # a practice run
                )
                sessions.append(session)
                if rng.random() < 0.3:  # its after-session check-in (left out for a practice run)
                    checkins.append(
                        CheckInRecord(
                            at=start + timedelta(minutes=15),
                            context="after_session",
                            session_id=session.id,
                            routine_id=rid,
                            pain=[PainRating(region="neck", value=rng.randint(0, 9))],
                        )
                    )
        for hour, context in ((0, "next_morning"), (2, "before_session"), (16, "at_rest")):
            if rng.random() < 0.7:
                late = day + timedelta(hours=hour + (rng.random() * 0.9 if hour == 16 else 0))
                checkins.append(
                    CheckInRecord(
                        at=late,
                        context=context,  # type: ignore[arg-type]
                        pain=[
                            PainRating(region="neck", value=rng.randint(0, 8)),
                            PainRating(region="knee", value=rng.choice([None, 2, 5])),
                        ],
                        measures={"chin-to-chest": rng.randint(0, 24) / 2}
                        if rng.random() < 0.5
                        else {},
                        function={"stairs": rng.randint(0, 10)} if rng.random() < 0.2 else {},
                    )  # fmt: skip
                )
        day += timedelta(days=1)
    return sessions, checkins


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(default_sources(Path("/nonexistent-coach-data")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Path:
    """Ten years of history in a data folder (built once; each test works on a copy)."""
    folder = tmp_path_factory.mktemp("ten-years") / "data"
    repo = Repository.open(folder)
    repo.import_records(*_history(YEARS))
    for i, rid in enumerate(ROUTINES):
        loaded = library.routines[rid]
        repo.add_to_program(
            ProgramEntry(routine_id=rid, path=str(loaded.path), sha256=loaded.sha256,
                         added_at=NOW - timedelta(days=365 * YEARS - 30 * i))
        )  # fmt: skip
    repo.set_excused(date(2026, 11, 20), "flare")
    repo.set_excused(date(2019, 5, 2), "rest")
    return folder


@pytest.fixture
def data(built: Path, tmp_path: Path) -> Iterator[Path]:
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(built, folder)
    forget_process_state()
    yield folder
    forget_process_state()


def _facts_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("facts-[0-9]*.json"))


def _pack(review: Any, today: Any) -> dict[str, Any]:
    """Every figure of ``coach stats --json`` and the today panel."""
    from coach.cli.review_cmds import stats_json

    pain = today.last_pain
    return {
        "stats": stats_json(review),
        "today": (today.today, today.plan, today.streak, today.missing),
        "pain": None if pain is None else (pain.context, pain.at, [
            (r.region, r.value, r.spark, r.trend and r.trend.sentence) for r in pain.regions
        ]),
        "series": [(t.subject, t.context, t.series) for t in review.summary.pain],
    }  # fmt: skip


def _figures(folder: Path, library: Library, tz: Any = BERLIN, **kw: Any) -> dict[str, Any]:
    """The figures as coach shows them: from the facts."""
    repo = Repository.open(folder)
    now = NOW.astimezone(tz)
    return _pack(load_summary_review(repo, library, now, tz, **kw),
                 load_today(repo, library, now, tz))  # fmt: skip


def _from_records(folder: Path, library: Library, tz: Any = BERLIN, **kw: Any) -> dict[str, Any]:
    """The same figures from every record (the path without facts)."""
    from coach.tui.widgets.today import TodayData, last_pain_of

    repo = Repository.open(folder)
    review = load_review(repo, library, NOW.astimezone(tz), tz, **kw)
    s = review.summary
    today = TodayData(s.today, s.plan, s.overall, last_pain_of(review.checkins, tz),
                      review.missing)  # fmt: skip
    return _pack(review, today)


def test_equal_figures_with_and_without_the_facts_over_ten_years(
    data: Path, library: Library
) -> None:
    truth = _from_records(data, library)
    assert truth["stats"]["routines"] and truth["pain"] is not None
    assert not _facts_files(data)
    first = _figures(data, library)  # makes the facts of the past years
    kept = _facts_files(data)
    assert [p.name for p in kept] == [facts_file_name(y) for y in range(2016, 2027)]
    again = _figures(data, library)  # reads them
    for path in kept:
        path.unlink()
    without = _figures(data, library)
    assert first == truth
    assert again == truth
    assert without == truth
    narrowed = {"since": date(2026, 10, 1), "routine_id": "neck-desk"}
    got, want = _figures(data, library, **narrowed), _from_records(data, library, **narrowed)
    # (the today panel always shows the whole program)
    assert (got["stats"], got["series"]) == (want["stats"], want["series"])
    assert [r["routine_id"] for r in got["stats"]["routines"]] == ["neck-desk"]


def test_facts_are_made_for_the_time_zone_asked(data: Path, library: Library) -> None:
    _figures(data, library)
    assert _figures(data, library, TOKYO) == _from_records(data, library, TOKYO)
    head = json.loads(_facts_files(data)[0].read_bytes().partition(b"\n")[0])
    assert head["tz"] == "zone:Asia/Tokyo"


def test_saving_into_a_past_year_makes_its_facts_again_in_the_same_transaction(
    data: Path, library: Library
) -> None:
    _figures(data, library)
    path = data / facts_file_name(2020)
    before = path.read_bytes()
    repo = Repository.open(data)
    old = datetime(2020, 6, 3, 23, 59, tzinfo=BERLIN)
    repo.save_checkin(CheckInRecord(at=old, context="at_rest",
                                    pain=[PainRating(region="neck", value=10)]))  # fmt: skip
    assert path.read_bytes() != before  # remade before the lock was released
    log = data / "log-2020.json"
    version = json.loads(path.read_bytes().partition(b"\n")[0])["log"]
    assert version["size"] == log.stat().st_size
    assert _figures(data, library) == _from_records(data, library)


def test_saving_into_the_current_year_never_reads_its_log(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its facts are carried over a new check-in (tests/storage/test_facts_carried.py), or
    removed when they cannot follow the save (an edit): either way no record is read."""
    monkeypatch.setattr(facts_module, "_current_year", lambda: NOW.year)
    _figures(data, library)
    path = data / facts_file_name(NOW.year)
    assert path.exists()  # the current year's facts are kept too
    made = []
    real_make = facts_module._make
    monkeypatch.setattr(facts_module, "_make", lambda *a: made.append(a) or real_make(*a))
    repo = Repository.open(data)
    new = CheckInRecord(at=NOW - timedelta(hours=1), context="at_rest",
                        pain=[PainRating(region="shoulder", value=10)])  # fmt: skip
    repo.save_checkin(new)
    assert path.exists() and not made  # carried over; the save read no records
    figures = _figures(data, library)
    context, _, regions = figures["pain"]
    assert (context, [r[:2] for r in regions]) == ("at_rest", [("shoulder", 10)])
    assert figures == _from_records(data, library)
    assert not made  # read from the carried file
    repo.save_checkin(new.model_copy(update={"pain": [PainRating(region="shoulder", value=9)]}))
    assert not path.exists() and not made  # an edit: removed; the save read no records
    figures = _figures(data, library)
    assert figures == _from_records(data, library)
    assert path.exists() and len(made) == 1  # made again by the next reader, and kept
    made.clear()
    assert _figures(data, library) == figures and not made  # read from the kept file


def test_current_year_facts_left_stale_by_a_crash_are_not_used(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _figures(data, library)
    path = data / facts_file_name(NOW.year)
    stale = path.read_bytes()
    monkeypatch.setattr("coach.storage.store.LOG_WRITE_HOOKS", [])  # the "crash"
    Repository.open(data).save_session(
        SessionRecord(routine_id="neck-desk", routine_title="Neck", routine_hash="ab" * 32,
                      started_at=NOW - timedelta(hours=2), status="complete")
    )  # fmt: skip
    assert path.read_bytes() == stale
    monkeypatch.undo()
    assert _figures(data, library) == _from_records(data, library)
    assert path.read_bytes() != stale  # made again from the log, and kept


def test_a_crash_between_the_log_and_its_facts_is_caught(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _figures(data, library)
    path = data / facts_file_name(2019)
    stale = path.read_bytes()
    monkeypatch.setattr(facts_module, "after_log_write", lambda tx, year: None)
    monkeypatch.setattr("coach.storage.store.LOG_WRITE_HOOKS", [])
    assert LOG_WRITE_HOOKS  # the real hook is registered
    repo = Repository.open(data)
    repo.save_session(
        SessionRecord(routine_id="neck-desk", routine_title="Neck", routine_hash="ab" * 32,
                      started_at=datetime(2019, 2, 2, 9, tzinfo=BERLIN), status="complete")
    )  # fmt: skip
    assert path.read_bytes() == stale  # the "crash": the facts were not made again
    monkeypatch.undo()
    assert _figures(data, library) == _from_records(data, library)
    assert path.read_bytes() != stale  # made again from the log, and kept


def test_a_facts_file_cut_short_or_a_temp_file_left_by_a_crash(
    data: Path, library: Library
) -> None:
    _figures(data, library)
    path = data / facts_file_name(2018)
    path.write_bytes(path.read_bytes()[:-200])  # written half (not by coach's atomic write)
    temp = data / f".{facts_file_name(2018)}.123.{'0' * 16}.tmp"
    temp.write_bytes(b'{"format"')
    forget_process_state()
    assert _figures(data, library) == _from_records(data, library)
    assert not temp.exists()  # cleaned when the folder was opened
    head, _, body = path.read_bytes().partition(b"\n")
    assert json.loads(head)["body_crc32"] is not None and json.loads(body)["sessions"]


@pytest.mark.parametrize("how", ["bytes", "shape", "numbers", "order", "version"])
def test_a_damaged_facts_file_is_refused_and_made_again(
    data: Path, library: Library, how: str
) -> None:
    import zlib

    _figures(data, library)
    path = data / facts_file_name(2021)
    head_bytes, _, body = path.read_bytes().partition(b"\n")
    head = json.loads(head_bytes)
    if how == "bytes":
        at = body.index(b'"days":[') + len(b'"days":[') + 8
        body = body[:at] + (b"1" if body[at : at + 1] != b"1" else b"2") + body[at + 1 :]
    else:
        facts = json.loads(body)
        if how == "shape":
            facts["days"] = ["not", "days"]
        elif how == "numbers":
            next(iter(facts["pain"].values()))[1][0] = "a lot"
        elif how == "order":
            days = next(iter(facts["pain"].values()))[0]
            days[0], days[-1] = days[-1], days[0]
        else:
            head["log"]["crc32"] += 1
        body = json.dumps(facts).encode()
        head["body_crc32"] = zlib.crc32(body)  # a body that passes its own check
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)
    damaged = path.read_bytes()
    assert _figures(data, library) == _from_records(data, library)
    assert path.read_bytes() != damaged  # made again


def test_a_damaged_log_is_refused_even_with_its_facts_in_place(
    data: Path, library: Library
) -> None:
    _figures(data, library)
    log = data / "log-2017.json"
    raw = bytearray(log.read_bytes())
    at = raw.index(b'"status": "complete"') + len(b'"status": "')
    raw[at : at + 8] = b"complexe"  # same size; the modification time is put back too
    st = log.stat()
    log.write_bytes(bytes(raw))
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
    forget_process_state()
    with pytest.raises(CorruptDatabase, match="log-2017.json"):
        load_summary_review(Repository.open(data), library, NOW, BERLIN)


def test_check_ins_of_one_day_in_two_files_are_ordered_or_read_from_the_records(
    data: Path, library: Library
) -> None:
    # Written in UTC-10 on 31 December, these are 1 January in Berlin: the day spans two files.
    hawaii = ZoneInfo("Pacific/Honolulu")
    repo = Repository.open(data)
    for minute in (0, 30):
        at = datetime(2024, 12, 31, 16, minute, tzinfo=hawaii)
        repo.save_checkin(CheckInRecord(at=at, context="at_rest",
                                        pain=[PainRating(region="neck", value=9)]))  # fmt: skip
    repo.save_checkin(
        CheckInRecord(at=datetime(2025, 1, 1, 3, 15, tzinfo=BERLIN), context="at_rest",
                      pain=[PainRating(region="neck", value=1)])
    )  # fmt: skip
    assert _figures(data, library) == _from_records(data, library)
    assert _figures(data, library) == _from_records(data, library)  # from the kept facts


def test_the_check_in_of_a_practice_run_kept_in_another_file_is_left_out(
    data: Path, library: Library
) -> None:
    repo = Repository.open(data)
    run = SessionRecord(routine_id="neck-desk", routine_title="Neck", routine_hash="ab" * 32,
                        started_at=datetime(2023, 12, 31, 23, 50, tzinfo=BERLIN),
                        status="complete", speed=2.0)  # fmt: skip
    repo.save_session(run)
    repo.save_checkin(
        CheckInRecord(at=datetime(2024, 1, 1, 0, 5, tzinfo=BERLIN), context="after_session",
                      session_id=run.id, pain=[PainRating(region="neck", value=10)])
    )  # fmt: skip
    truth = _from_records(data, library)
    assert _figures(data, library) == truth
    assert _figures(data, library) == truth  # from the kept facts


def test_coach_stats_reads_the_facts_and_prints_the_same(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import main

    def stats() -> str:
        assert main(["--data-dir", str(data), "stats", "--json"]) == 0
        return capsys.readouterr().out

    first = stats()
    assert len(_facts_files(data)) >= YEARS  # made and kept by coach stats
    assert stats() == first
    for path in _facts_files(data):
        path.unlink()
    assert stats() == first
