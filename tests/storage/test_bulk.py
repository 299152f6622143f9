"""Reading many records at once: same results as one by one, short lock, small records."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from filelock import FileLock
from storage_helpers import forget_process_state, make_checkin, make_session

from coach.domain.records import CheckInFacts, CheckInRecord, PainRating, SessionFacts
from coach.domain.routine import Frequency
from coach.domain.stats import ProgramItem, summarise
from coach.storage import CorruptDatabase, Repository, bulk
from coach.storage.bulk import SharedFieldNames

LONDON = ZoneInfo("Europe/London")


def _edit(path: Path, change: Any) -> None:
    """Rewrite a data file by hand (as another program might)."""
    tables = json.loads(path.read_text())
    change(tables)
    path.write_text(json.dumps(tables))


def _fill(repo: Repository) -> tuple[list[Any], list[Any]]:
    sessions = [
        make_session(datetime(2025, 11, 1, 9, tzinfo=UTC) + timedelta(days=n), status="complete")
        for n in range(80)
    ]
    checkins = [
        make_checkin(
            datetime(2025, 11, 1, 10, tzinfo=UTC) + timedelta(days=n),
            context="before_session" if n % 2 else "after_session",
            pain=[PainRating(region="knee_left", value=n % 7), PainRating(region="back")],
            measures={"knee_flexion_deg": 90.0 + n},
            function={"stairs": n % 10},
            note="a note" if n % 5 == 0 else None,
        )
        for n in range(80)
    ]
    repo.import_records(sessions, checkins)
    return sessions, checkins


# --- the same results as before ----------------------------------------------------------------


def test_bulk_reads_match_records_validated_one_by_one(repo: Repository, data_dir: Path) -> None:
    sessions, checkins = _fill(repo)
    forget_process_state()  # read the files from disk (the fast path)
    again = Repository.open(data_dir)
    assert again.history() == (sessions, checkins)
    with again.transaction():  # files open in the transaction: validated from documents
        assert again.history() == (sessions, checkins)
    repo.save_checkin(checkins[0])  # in the memo now
    assert repo.history() == (sessions, checkins)
    assert again.checkins(context="before_session") == checkins[1::2]


def test_a_transaction_reads_its_own_unsaved_records(repo: Repository) -> None:
    old = make_checkin(datetime(2024, 3, 1, tzinfo=UTC))
    repo.save_checkin(old)
    new = make_checkin()
    with repo.transaction():
        repo.save_checkin(new)
        assert repo.checkins() == [old, new]
        assert repo.history_facts()[1] == CheckInFacts.of_many([old, new])


def test_history_facts_are_read_only_copies_of_the_records(repo: Repository) -> None:
    sessions, checkins = _fill(repo)
    facts_s, facts_c = repo.history_facts()
    assert facts_s == SessionFacts.of_many(sessions)
    assert facts_c == CheckInFacts.of_many(checkins)
    assert facts_s[3].started_at == sessions[3].started_at and facts_s[3].status == "complete"
    assert facts_c[4].pain[0].value == 4 and facts_c[4].measures == {"knee_flexion_deg": 94.0}
    assert facts_c[1].pain[1] is facts_c[3].pain[1]  # equal ratings share one copy
    assert not hasattr(facts_s[0], "exercises")
    with pytest.raises(AttributeError):
        facts_c[0].note = "changed"  # type: ignore[misc]
    since = datetime(2026, 1, 15, tzinfo=UTC)
    assert repo.history_facts(since, checkins=False) == (
        SessionFacts.of_many(s for s in sessions if s.started_at >= since),
        [],
    )


def test_statistics_from_facts_and_from_records_are_the_same(repo: Repository) -> None:
    _fill(repo)
    program = [ProgramItem("knee-basic", "Knee", Frequency(per_day=1, days_per_week=7),
                           date(2025, 11, 1))]  # fmt: skip
    now = datetime(2026, 1, 19, 20, tzinfo=UTC)  # the 80th day
    from_records = summarise(*repo.history(), program, {}, LONDON, now)
    from_facts = summarise(*repo.history_facts(), program, {}, LONDON, now)
    assert from_facts == from_records
    assert from_facts.routines[0].streak.current == 80
    assert [t.values.values for t in from_facts.pain] == [
        t.values.values for t in from_records.pain
    ]


# --- damaged files and bad records: reported as before -----------------------------------------


def test_a_bad_record_is_named_whichever_way_it_is_read(repo: Repository, data_dir: Path) -> None:
    _fill(repo)
    path = data_dir / "log-2025.json"
    _edit(path, lambda t: next(iter(t["checkins"].values()))["pain"].append({"region": "x"}))
    _edit(path, lambda t: next(iter(t["checkins"].values()))["pain"][-1].update(value=11))
    bad_id = next(iter(json.loads(path.read_text())["checkins"].values()))["id"]
    for read in (repo.checkins, repo.history, repo.history_facts):
        with pytest.raises(CorruptDatabase) as caught:
            read()
        message = str(caught.value)
        assert str(path) in message and bad_id in message and "pain > 2 > value" in message
    assert len(repo.sessions()) == 80  # the sessions are fine and still readable


def test_a_damaged_older_file_is_reported_before_a_bad_record_in_a_newer_one(
    repo: Repository, data_dir: Path
) -> None:
    _fill(repo)
    newer = data_dir / "log-2026.json"
    _edit(newer, lambda t: next(iter(t["sessions"].values())).update(speed="x"))
    older = data_dir / "log-2025.json"
    older.write_bytes(older.read_bytes()[:-20])
    with pytest.raises(CorruptDatabase) as caught:
        repo.history()
    assert str(older) in str(caught.value) and "damaged or incomplete" in str(caught.value)


def test_bad_records_nobody_asked_for_are_not_reported(repo: Repository, data_dir: Path) -> None:
    sessions, checkins = _fill(repo)
    path = data_dir / "log-2026.json"
    # a bad after-session check-in: not read when asking for before-session ones
    _edit(path, lambda t: next(
        c for c in t["checkins"].values() if c["context"] == "after_session"
    ).update(stiffness=42))  # fmt: skip
    # an older copy of a record, replaced by a newer file's: never read
    stale = {**checkins[-1].model_dump(mode="json"), "stiffness": 99}
    _edit(data_dir / "log-2025.json", lambda t: t["checkins"].update({"999": stale}))
    assert repo.checkins(context="before_session") == checkins[1::2]
    with pytest.raises(CorruptDatabase, match="stiffness"):
        repo.checkins()


def test_the_exact_path_reads_the_same_records_as_the_fast_one(
    repo: Repository, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(repo)
    forget_process_state()
    fast = Repository.open(data_dir).history()
    monkeypatch.setattr(bulk, "_fast", lambda data, kinds: None)  # as if the fast path failed
    forget_process_state()
    assert Repository.open(data_dir).history() == fast


def test_records_without_an_id_read_as_before(repo: Repository, data_dir: Path) -> None:
    repo.save_checkin(make_checkin())
    path = data_dir / "log-2026.json"
    doc = next(iter(json.loads(path.read_text())["checkins"].values()))
    doc.pop("id")
    _edit(path, lambda t: t["checkins"].update({"1": dict(doc), "2": dict(doc)}))
    found = repo.checkins()  # one kept (both have no id), given a fresh id as model_validate does
    assert len(found) == 1 and len(found[0].id) == 32


def test_a_table_that_is_not_a_set_of_records_is_reported(repo: Repository, data_dir: Path) -> None:
    repo.save_session(make_session())
    _edit(data_dir / "log-2026.json", lambda t: t.update(checkins=[]))
    with pytest.raises(CorruptDatabase, match="a table is not a set of records"):
        repo.sessions()


# --- the lock is held only while the files are read --------------------------------------------


def test_records_are_validated_after_the_lock_is_released(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(repo)
    forget_process_state()
    repo = Repository.open(repo.store.folder)
    free: list[bool] = []
    real_fast = bulk._fast

    def checking(data: bytes, kinds: Any) -> Any:
        other = FileLock(str(repo.store.lock_path))
        try:
            other.acquire(timeout=0)
            other.release()
            free.append(True)
        except TimeoutError:
            free.append(False)
        return real_fast(data, kinds)

    monkeypatch.setattr(bulk, "_fast", checking)
    assert len(repo.history()[1]) == 80
    assert free == [True, True]  # two year files, both validated without the lock


# --- one shared set of field names -------------------------------------------------------------


def test_records_read_in_bulk_share_their_field_names_and_behave_alike(
    repo: Repository,
) -> None:
    _fill(repo)
    first, second = repo.checkins()[:2]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert first.pain[0].__pydantic_fields_set__ is second.pain[1].__pydantic_fields_set__
    assert first.model_fields_set == set(CheckInRecord.model_fields)
    first.note = "changed"  # assigning a field works as on any record
    assert second.note is None and first.model_fields_set == set(CheckInRecord.model_fields)
    copied = first.model_copy(update={"stiffness": 3})
    assert type(copied.__pydantic_fields_set__) is set and copied.stiffness == 3
    assert type(copy.deepcopy(first).__pydantic_fields_set__) is set
    assert pickle.loads(pickle.dumps(first)) == first
    assert first.model_dump(exclude_unset=True) == first.model_dump()


def test_a_record_saved_without_some_fields_keeps_its_own_field_names(
    repo: Repository, data_dir: Path
) -> None:
    repo.save_session(make_session())
    path = data_dir / "log-2026.json"
    _edit(path, lambda t: next(iter(t["sessions"].values())).pop("speed"))
    (found,) = repo.sessions()
    assert "speed" not in found.model_fields_set and found.speed == 1.0
    assert type(found.__pydantic_fields_set__) is set


def test_the_shared_field_names_cannot_change() -> None:
    names = SharedFieldNames({"a", "b"})
    names.add("a")
    names.update(["b"], {"a"})
    names |= {"a"}
    for change in (lambda: names.add("c"), lambda: names.discard("a"), names.clear,
                   lambda: names.update({"z"})):  # fmt: skip
        with pytest.raises(TypeError):
            change()
    assert names == {"a", "b"} and type(copy.copy(names)) is set
