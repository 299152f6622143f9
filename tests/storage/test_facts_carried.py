"""A year's facts carried over a save (coach.storage.facts.after_log_write): right after a
check-in or a session is saved, its year's facts name the log as it is now and are the facts of
its records, so the next ``coach stats`` / ``history`` / ``report`` reads no records; a save
they cannot follow removes them; a crash between the log's write and theirs never leaves facts
that disagree with the log (real files, two years of history, and processes killed midway)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import Library, default_sources, load_library
from coach.storage import Repository, bulk, vouched
from coach.storage import facts as facts_module
from coach.storage.facts_file import _read_log, decode, facts_file_name, kept_log_facts, tz_key
from coach.storage.models import ProgramEntry
from coach.storage.names import log_file_name
from tests.storage.storage_helpers import forget_process_state
from tests.storage.test_facts import BERLIN, NOW, ROUTINES, _figures, _from_records, _history

YEAR = NOW.year
_MAKE = facts_module._make  # (the tests count the calls of the one coach makes)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(default_sources(Path("/nonexistent-coach-data")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Path:
    """Two years of history (built once; each test works on a copy)."""
    folder = tmp_path_factory.mktemp("two-years") / "data"
    repo = Repository.open(folder)
    repo.import_records(*_history(2))
    for rid in ROUTINES:
        loaded = library.routines[rid]
        repo.add_to_program(ProgramEntry(routine_id=rid, path=str(loaded.path),
                                         sha256=loaded.sha256,
                                         added_at=NOW - timedelta(days=800)))  # fmt: skip
    forget_process_state()
    return folder


@pytest.fixture
def data(built: Path, tmp_path: Path, library: Library) -> Iterator[Path]:
    """A copy of the history, its facts made (a copy is a new file: facts name its inode)."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(built, folder)
    forget_process_state()
    _figures(folder, library)
    forget_process_state()
    yield folder
    forget_process_state()


def _kept(folder: Path, year: int = YEAR) -> Any:
    """A year's kept facts if they name its log as it is now (else None)."""
    found = _read_log(folder / log_file_name(year))
    assert found is not None
    try:
        kept = (folder / facts_file_name(year)).read_bytes()
    except FileNotFoundError:
        return None
    return decode(kept, tz_key(BERLIN), found[0])  # type: ignore[arg-type]


def _made(folder: Path, year: int = YEAR) -> Any:
    """A year's facts made from its validated records."""
    path = folder / log_file_name(year)
    found = _read_log(path)
    assert found is not None
    version, raw = found
    sig = (version["ino"], version["size"], version["mtime_ns"])
    pending = facts_module._Pending(year, bulk.LogFile(path, raw=(sig, raw)), None)
    return json.loads(json.dumps(_MAKE(pending, BERLIN)))


def _count_makes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    made: list[Any] = []
    real = facts_module._make
    monkeypatch.setattr(facts_module, "_make", lambda *a: made.append(a) or real(*a))
    return made


def _checkin(at: datetime, value: int = 4, **kw: Any) -> CheckInRecord:
    return CheckInRecord(at=at, context=kw.pop("context", "at_rest"),
                         pain=[PainRating(region="neck", value=value)], **kw)  # fmt: skip


def _session(at: datetime, **kw: Any) -> SessionRecord:
    return SessionRecord(routine_id="neck-desk", routine_title="Neck Desk",
                         routine_hash="ab" * 32, started_at=at, **kw)  # fmt: skip


def test_a_check_in_saved_by_a_new_process_carries_its_years_facts_over(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _kept(data) is not None
    made = _count_makes(monkeypatch)
    Repository.open(data).save_checkin(_checkin(NOW - timedelta(hours=1), 9,
                                                measures={"chin-to-chest": 7.5}))  # fmt: skip
    kept = _kept(data)
    assert kept is not None and not made  # current, and no record read to make them
    assert kept == _made(data)
    assert kept["last_pain"][4] == 9
    forget_process_state()
    figures = _figures(data, library)
    assert not made  # the next reader read the facts, no records
    assert figures == _from_records(data, library)
    # ``coach history`` reads the year file the facts vouch for, without the record models
    since = NOW - timedelta(days=28)
    fast = vouched.history(data, since)
    assert fast is not None
    slow = Repository.open(data).history(since)
    assert [r.id for r in fast[1]] == [r.id for r in slow[1]]
    assert kept_log_facts(data, BERLIN) is not None  # (the lock-free reader of the home screen)


def test_a_session_saved_as_it_goes_on_carries_the_facts_over_each_time(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository.open(data)
    made = _count_makes(monkeypatch)
    start = NOW - timedelta(minutes=50)
    session = _session(start)
    repo.save_checkin(_checkin(start - timedelta(minutes=1), 5, context="before_session",
                               session_id=session.id, routine_id="neck-desk"))  # fmt: skip
    for update in ({}, {"resume_step": 2}, {"resume_step": 5},
                   {"status": "complete", "ended_at": start + timedelta(minutes=20)}):
        session = session.model_copy(update=update)
        repo.save_session(session)
        assert _kept(data) == _made(data), update
    repo.save_checkin(_checkin(start + timedelta(minutes=21), 2, context="after_session",
                               session_id=session.id, routine_id="neck-desk"))  # fmt: skip
    assert _kept(data) == _made(data) and not made
    forget_process_state()
    assert _figures(data, library) == _from_records(data, library)
    assert not made


def test_a_save_the_facts_cannot_follow_removes_them(
    data: Path, library: Library
) -> None:
    repo = Repository.open(data)
    latest = repo.checkins(NOW - timedelta(days=3))[-1]
    repo.save_checkin(latest.model_copy(update={"pain": [PainRating(region="neck", value=10)]}))
    assert not (data / facts_file_name(YEAR)).exists()  # an edit: removed, made by the reader
    assert _figures(data, library) == _from_records(data, library)
    assert _kept(data) is not None
    repo.save_checkin(_checkin(NOW - timedelta(days=20)))  # earlier than the latest
    assert not (data / facts_file_name(YEAR)).exists()
    assert _figures(data, library) == _from_records(data, library)
    repo.delete_checkin(latest.id)
    assert not (data / facts_file_name(YEAR)).exists()
    assert _figures(data, library) == _from_records(data, library)


def test_a_failed_facts_write_leaves_no_facts_that_disagree_with_the_log(
    data: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Path, data: bytes, **kw: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(facts_module, "atomic_write", fail)
    Repository.open(data).save_checkin(_checkin(NOW - timedelta(hours=1), 8))
    assert Repository.open(data).checkins(NOW - timedelta(hours=2))  # the check-in is saved
    assert not (data / facts_file_name(YEAR)).exists()
    monkeypatch.undo()
    assert _figures(data, library) == _from_records(data, library)


_CHILD = textwrap.dedent("""
    import os, sys
    from datetime import datetime
    from pathlib import Path
    from coach.domain.records import CheckInRecord, PainRating
    from coach.storage import Repository
    from coach.storage import facts as facts_module
    from coach.storage.atomic_file import temp_name

    folder, when, point = Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), sys.argv[3]

    def killed(path, data, **kw):
        if point == "half-written":  # the facts' temp file written in part, not renamed
            (path.parent / temp_name(path.name)).write_bytes(data[: len(data) // 2])
        os._exit(9)

    facts_module.atomic_write = killed
    Repository.open(folder).save_checkin(CheckInRecord(
        at=when, context="at_rest", pain=[PainRating(region="neck", value=10)]))
    os._exit(0)  # (never reached)
""")


@pytest.mark.parametrize("point", ["after-the-log", "half-written"])
def test_a_process_killed_between_the_log_and_its_facts(
    data: Path, library: Library, point: str
) -> None:
    stale = (data / facts_file_name(YEAR)).read_bytes()
    when = (NOW - timedelta(hours=1)).isoformat()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(data), when, point], env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 9, done.stderr
    assert (data / facts_file_name(YEAR)).read_bytes() == stale  # the old facts, as they were
    assert _kept(data) is None  # ... naming the log as it was: refused
    assert kept_log_facts(data, BERLIN) is None
    assert vouched.history(data, NOW - timedelta(days=28)) is None
    forget_process_state()
    figures = _figures(data, library)
    assert figures == _from_records(data, library)
    assert figures["pain"][2][0][1] == 10  # the check-in the crash left without its facts
    assert _kept(data) == _made(data)  # made again from the log, and kept
    assert not [p for p in os.listdir(data) if p.endswith(".tmp")]  # (the half file cleaned)


_op = st.fixed_dictionaries({
    "kind": st.sampled_from(["checkin", "checkin", "session", "again", "edit", "delete"]),
    "minutes": st.integers(-3000, 600),
    "value": st.integers(0, 10),
    "status": st.sampled_from(["in_progress", "complete", "partial"]),
    "speed": st.sampled_from([1.0, 1.0, 1.0, 2.0]),
    "pick": st.integers(0, 100),
    "fresh": st.booleans(),  # a new process (the memo forgotten) before the save
})  # fmt: skip


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(ops=st.lists(_op, min_size=1, max_size=6))
def test_any_saves_leave_facts_equal_to_the_records_or_none(
    data: Path, library: Library, ops: list[dict[str, Any]]
) -> None:
    """Kept facts that name the log as it is are always its records' facts, whatever was saved
    (the folder is shared by the examples: each one goes on from the last)."""
    repo = Repository.open(data)
    for op in ops:
        if op["fresh"]:
            forget_process_state()
            repo = Repository.open(data)
        at = NOW + timedelta(minutes=op["minutes"])
        sessions = repo.sessions(NOW - timedelta(days=3))
        checkins = repo.checkins(NOW - timedelta(days=3))
        if op["kind"] == "again" and sessions:
            old = sessions[op["pick"] % len(sessions)]
            repo.save_session(old.model_copy(update={"status": op["status"],
                                                     "resume_step": old.resume_step + 1}))
        elif op["kind"] == "edit" and checkins:
            old = checkins[op["pick"] % len(checkins)]
            repo.save_checkin(old.model_copy(update={"pain": [PainRating(region="neck",
                                                                        value=op["value"])]}))
        elif op["kind"] == "delete" and checkins:
            repo.delete_checkin(checkins[op["pick"] % len(checkins)].id)
        elif op["kind"] == "session":
            repo.save_session(_session(at, status=op["status"], speed=op["speed"]))
        else:
            link = sessions[op["pick"] % len(sessions)].id if sessions and op["pick"] % 2 else None
            repo.save_checkin(_checkin(at, op["value"], session_id=link))
        kept = _kept(data)
        if kept is not None:
            assert kept == _made(data)
    forget_process_state()
    assert _figures(data, library) == _from_records(data, library)
