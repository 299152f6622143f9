"""The typed repository: round trips of every function, the year split, edits, import."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from storage_helpers import forget_process_state, make_checkin, make_session

from coach.domain.records import ExerciseLog, PainRating
from coach.storage import CorruptDatabase, ProgramEntry, PsfsActivity, Repository

PLUS_10 = timezone(timedelta(hours=10))


def _year_ids(data_dir: Path, year: int, table: str) -> list[str]:
    path = data_dir / f"log-{year}.json"
    if not path.exists():
        return []
    return [doc["id"] for doc in json.loads(path.read_text()).get(table, {}).values()]


# --- sessions ----------------------------------------------------------------------------------


def test_session_round_trip_and_replace_by_id(repo: Repository) -> None:
    session = make_session()
    repo.save_session(session)
    assert repo.get_session(session.id) == session
    done = session.model_copy(
        update={
            "status": "complete",
            "ended_at": session.started_at + timedelta(minutes=20),
            "exercises": [ExerciseLog(index=0, name="Heel slides", status="done", sides=["left"])],
        }
    )
    repo.save_session(done)
    assert repo.get_session(session.id) == done
    assert repo.sessions() == [done]
    assert repo.get_session("no-such-id") is None


def test_sessions_are_sorted_and_filtered(repo: Repository) -> None:
    late = make_session(datetime(2026, 5, 2, 8, tzinfo=UTC), routine_id="back")
    early = make_session(datetime(2025, 5, 1, 8, tzinfo=UTC))
    middle = make_session(datetime(2026, 5, 1, 20, tzinfo=PLUS_10))  # 10:00 UTC
    for rec in (late, early, middle):
        repo.save_session(rec)
    assert repo.sessions() == [early, middle, late]
    assert repo.sessions(routine_id="back") == [late]
    assert repo.sessions(since=datetime(2026, 5, 1, 10, tzinfo=UTC)) == [middle, late]
    assert repo.sessions(since=datetime(2026, 5, 1, 10, 1, tzinfo=UTC)) == [late]


def test_since_reaches_a_record_whose_local_year_is_earlier(repo: Repository) -> None:
    new_year_eve = make_checkin(datetime(2025, 12, 31, 22, tzinfo=timezone(timedelta(hours=-5))))
    repo.save_checkin(new_year_eve)  # 2026-01-01T03:00Z, filed under 2025 as written
    repo.save_checkin(make_checkin(datetime(2024, 6, 1, tzinfo=UTC)))
    assert repo.checkins(since=datetime(2026, 1, 1, tzinfo=UTC)) == [new_year_eve]


def test_interrupted_sessions_are_those_in_progress(repo: Repository) -> None:
    open_one = make_session(datetime(2024, 2, 1, tzinfo=UTC), resume_step=4)
    closed = make_session(status="complete")
    repo.save_session(open_one)
    repo.save_session(closed)
    repo.save_checkin(make_checkin(note='"status": "in_progress"'))
    assert repo.interrupted_sessions() == [open_one]
    repo.save_session(open_one.model_copy(update={"status": "abandoned"}))
    assert repo.interrupted_sessions() == []


def test_delete_session(repo: Repository) -> None:
    keep, gone = make_session(), make_session(datetime(2023, 1, 1, tzinfo=UTC))
    repo.save_session(keep)
    repo.save_session(gone)
    assert repo.delete_session(gone.id) is True
    assert repo.delete_session(gone.id) is False
    assert repo.sessions() == [keep]


# --- check-ins ---------------------------------------------------------------------------------


def test_checkin_round_trip_edit_and_filters(repo: Repository) -> None:
    before = make_checkin(context="before_session", measures={"flexion": 110.5})
    after = make_checkin(
        datetime(2026, 3, 2, tzinfo=UTC),
        context="after_session",
        stiffness=4,
        morning_stiffness_min=15,
        function={"stairs": 6},
        note="ok",
    )
    repo.save_checkin(before)
    repo.save_checkin(after)
    assert repo.get_checkin(after.id) == after
    edited = after.model_copy(
        update={"pain": [PainRating(region="knee_left", value=None)], "edited_at": after.at}
    )
    repo.save_checkin(edited)
    assert repo.get_checkin(after.id) == edited
    assert repo.checkins() == [before, edited]
    assert repo.checkins(context="before_session") == [before]
    assert repo.checkins(since=datetime(2026, 3, 2, tzinfo=UTC)) == [edited]
    assert repo.delete_checkin(before.id) is True
    assert repo.delete_checkin(before.id) is False
    assert repo.checkins() == [edited]


def test_history_reads_both_kinds(repo: Repository) -> None:
    session, checkin = make_session(), make_checkin()
    repo.save_session(session)
    repo.save_checkin(checkin)
    assert repo.history() == ([session], [checkin])
    assert repo.history(since=datetime(2027, 1, 1, tzinfo=UTC)) == ([], [])


# --- the year split ----------------------------------------------------------------------------


def test_records_land_in_the_file_of_their_year(repo: Repository, data_dir: Path) -> None:
    s25, s26 = make_session(datetime(2025, 7, 1, tzinfo=UTC)), make_session()
    c25, c26 = make_checkin(datetime(2025, 12, 31, 23, 59, tzinfo=UTC)), make_checkin()
    for rec in (s25, s26):
        repo.save_session(rec)
    for rec in (c25, c26):
        repo.save_checkin(rec)
    assert _year_ids(data_dir, 2025, "sessions") == [s25.id]
    assert _year_ids(data_dir, 2026, "sessions") == [s26.id]
    assert _year_ids(data_dir, 2025, "checkins") == [c25.id]
    assert _year_ids(data_dir, 2026, "checkins") == [c26.id]
    coach_json = json.loads((data_dir / "coach.json").read_text())
    assert "sessions" not in coach_json and "checkins" not in coach_json


def test_saving_a_record_rewrites_only_its_year(repo: Repository, data_dir: Path) -> None:
    old = make_checkin(datetime(2020, 1, 1, tzinfo=UTC))
    repo.save_checkin(old)
    stamp = (data_dir / "log-2020.json").stat().st_mtime_ns
    for step in range(3):
        repo.save_session(make_session(resume_step=step))
        repo.save_checkin(make_checkin(note=str(step)))
    assert (data_dir / "log-2020.json").stat().st_mtime_ns == stamp


def test_update_and_delete_find_the_record_in_its_year(repo: Repository, data_dir: Path) -> None:
    old = make_session(datetime(2019, 4, 1, tzinfo=UTC))
    repo.save_session(old)
    repo.save_session(make_session())
    forget_process_state()  # a new process: nothing memoised
    fresh = Repository.open(data_dir)
    fresh.save_session(old.model_copy(update={"status": "complete"}))
    assert _year_ids(data_dir, 2019, "sessions") == [old.id]
    assert fresh.get_session(old.id).status == "complete"  # type: ignore[union-attr]
    assert fresh.delete_session(old.id) is True
    assert _year_ids(data_dir, 2019, "sessions") == []
    assert len(_year_ids(data_dir, 2026, "sessions")) == 1


def test_edit_moving_the_time_to_another_year_keeps_one_copy(
    repo: Repository, data_dir: Path
) -> None:
    checkin = make_checkin(datetime(2025, 12, 31, 23, tzinfo=UTC))
    repo.save_checkin(checkin)
    moved = checkin.model_copy(update={"at": datetime(2026, 1, 1, 1, tzinfo=UTC)})
    repo.save_checkin(moved)
    assert repo.checkins() == [moved]
    assert _year_ids(data_dir, 2025, "checkins") == [checkin.id]  # stays where it was
    assert _year_ids(data_dir, 2026, "checkins") == []
    assert repo.checkins(since=datetime(2026, 1, 1, tzinfo=UTC)) == [moved]
    assert repo.delete_checkin(checkin.id) is True
    assert repo.checkins() == []


def test_bad_stored_record_names_file_and_record(repo: Repository, data_dir: Path) -> None:
    checkin = make_checkin()
    repo.save_checkin(checkin)
    path = data_dir / "log-2026.json"
    tables = json.loads(path.read_text())
    tables["checkins"]["1"]["pain"][0]["value"] = 11
    path.write_text(json.dumps(tables))
    with pytest.raises(CorruptDatabase) as caught:
        repo.checkins()
    message = str(caught.value)
    assert str(path) in message and checkin.id in message and "pain > 0 > value" in message


# --- import ------------------------------------------------------------------------------------


def test_import_merges_by_id(repo: Repository) -> None:
    kept = make_session()
    repo.save_session(kept)
    changed_copy = kept.model_copy(update={"status": "abandoned"})
    new_sessions = [make_session(datetime(2024, 1, 1, tzinfo=UTC)) for _ in range(3)]
    checkins = [make_checkin(datetime(2025, 6, 1, tzinfo=UTC)), make_checkin()]
    added = repo.import_records([changed_copy, *new_sessions, new_sessions[0]], checkins)
    assert added == (3, 2)
    assert repo.get_session(kept.id) == kept  # existing records are left as they are
    assert repo.import_records([kept, *new_sessions], checkins) == (0, 0)
    assert len(repo.sessions()) == 4 and len(repo.checkins()) == 2


# --- small tables ------------------------------------------------------------------------------


def test_program(repo: Repository) -> None:
    knee = ProgramEntry(
        routine_id="knee", path="/r/knee.json", sha256="1" * 64,
        added_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    back = ProgramEntry(
        routine_id="back", path="/r/back.json", sha256="2" * 64,
        added_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    repo.add_to_program(back)
    repo.add_to_program(knee)
    assert repo.program() == [knee, back]
    newer_knee = knee.model_copy(update={"sha256": "3" * 64})
    repo.add_to_program(newer_knee)
    assert repo.program() == [newer_knee, back]
    assert repo.drop_from_program("knee") is True
    assert repo.drop_from_program("knee") is False
    assert repo.drop_from_program("nope") is False
    assert repo.program() == [back]
    assert repo.program(include_inactive=True) == [
        newer_knee.model_copy(update={"active": False}),
        back,
    ]


def test_routine_versions(repo: Repository) -> None:
    repo.remember_routine_version("knee", "a" * 64, '{"v": 1}')
    repo.remember_routine_version("knee", "a" * 64, "ignored: same version")
    repo.remember_routine_version("knee", "b" * 64, '{"v": 2}')
    assert repo.routine_version("a" * 64) == '{"v": 1}'
    assert repo.routine_version("b" * 64) == '{"v": 2}'
    assert repo.routine_version("c" * 64) is None


def test_settings(repo: Repository) -> None:
    assert repo.get_setting("missing") is None
    assert repo.get_setting("missing", 5) == 5
    repo.set_setting("reminders", {"times": ["09:00"], "on": True})
    value = repo.get_setting("reminders")
    value["times"].append("21:00")  # the caller's copy, not the stored value
    assert repo.get_setting("reminders") == {"times": ["09:00"], "on": True}
    repo.set_setting("reminders", None)
    assert repo.get_setting("reminders", "default") is None
    with pytest.raises(ValueError, match="plain JSON"):
        repo.set_setting("bad", {1, 2})
    with pytest.raises(ValueError, match="plain JSON"):
        repo.set_setting("bad", float("nan"))


def test_fired_reminders(repo: Repository) -> None:
    first = datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert repo.record_fired("2026-03-01/morning", first) is True
    assert repo.record_fired("2026-03-01/morning", first + timedelta(minutes=5)) is False
    assert repo.record_fired("2026-03-02/morning", first + timedelta(days=1)) is True
    assert repo.fired_reminders() == {
        "2026-03-01/morning": first,
        "2026-03-02/morning": first + timedelta(days=1),
    }
    # entries are only dropped once later days have entries of their own (clock jumps)
    assert repo.forget_fired_before(first + timedelta(hours=1)) == 0
    assert repo.record_fired("2026-03-03/morning", first + timedelta(days=2)) is True
    assert repo.forget_fired_before(first + timedelta(hours=1)) == 1
    assert list(repo.fired_reminders()) == ["2026-03-02/morning", "2026-03-03/morning"]


def test_excused_days(repo: Repository) -> None:
    repo.set_excused(date(2026, 3, 1), "flu")
    repo.set_excused(date(2026, 3, 2), "travel")
    repo.set_excused(date(2026, 3, 1), "still flu")
    assert repo.excused_days() == {date(2026, 3, 1): "still flu", date(2026, 3, 2): "travel"}
    assert repo.clear_excused(date(2026, 3, 1)) is True
    assert repo.clear_excused(date(2026, 3, 1)) is False
    assert repo.excused_days() == {date(2026, 3, 2): "travel"}


def test_psfs_activities(repo: Repository) -> None:
    stairs = PsfsActivity(name="Climbing stairs", added_at=datetime(2026, 1, 1, tzinfo=UTC))
    garden = PsfsActivity(name="Gardening", added_at=datetime(2026, 1, 2, tzinfo=UTC))
    repo.save_psfs_activity(garden)
    repo.save_psfs_activity(stairs)
    assert repo.psfs_activities() == [stairs, garden]
    retired = garden.model_copy(update={"active": False})
    repo.save_psfs_activity(retired)
    assert repo.psfs_activities() == [stairs]
    assert repo.psfs_activities(include_inactive=True) == [stairs, retired]


def test_data_survives_a_new_process(repo: Repository, data_dir: Path) -> None:
    session, checkin = make_session(), make_checkin()
    repo.save_session(session)
    repo.save_checkin(checkin)
    repo.set_setting("k", [1])
    forget_process_state()
    again = Repository.open(data_dir)
    assert again.history() == ([session], [checkin])
    assert again.get_setting("k") == [1]


def test_reading_recent_records_skips_files_of_older_years(
    repo: Repository, data_dir: Path
) -> None:
    recent = make_checkin()
    repo.save_checkin(make_checkin(datetime(2020, 5, 1, tzinfo=UTC)))
    repo.save_checkin(recent)
    old_file = data_dir / "log-2020.json"
    old_file.write_bytes(old_file.read_bytes()[:-30])  # damaged, but not needed below
    assert repo.checkins(since=datetime(2026, 1, 1, tzinfo=UTC)) == [recent]
    with pytest.raises(CorruptDatabase):
        repo.checkins()
