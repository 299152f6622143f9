"""``coach report`` from what a validated read kept (:mod:`coach.services.report_kept`), the
log's facts and the vouched year files: byte for byte the report made from every record, no
models imported, never used when anything it was made from changed, and damage never hidden
(real files)."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.app import progress
from coach.app.context import AppContext
from coach.cli.main import main
from coach.domain.profile import Profile
from coach.domain.progression import DoseChange
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.library import default_sources, load_library
from coach.services import report_kept
from coach.services.profile import save_profile
from coach.storage import Repository
from coach.storage.kept import REPORT_PAGE
from tests.services.test_report_from_facts import _every_record
from tests.services.test_review_kept import built, heavy_imports, root  # noqa: F401 - fixtures
from tests.storage.storage_helpers import forget_process_state

TZ = ZoneInfo("Europe/Berlin")
NAMES = ["Shoulder rolls", "Chin tucks", "Upper trapezius stretch", "Levator scapulae stretch"]


def _enrich(folder: Path, now: datetime) -> None:
    """What the report shows beyond the figures: the client's details, an accepted (and an
    undone) dose change, sessions with exercises, a pain stop during one (tied to an exercise
    by its note), a flare version, a practice run, notes; some before the period's start."""
    repo = Repository.open(folder / "data")
    save_profile(repo, Profile(name="Ann <Example>", therapist="Dr T & co", clinic="Zürich"))
    for days, undone in ((20, None), (9, now - timedelta(days=8))):
        repo.save_dose_change(DoseChange(
            routine_id="neck-desk", exercise_index=1, exercise_name="Chin tucks",
            kind="progressed", dose={"reps": 12}, previous={"reps": 10}, base={"reps": 10},
            at=now - timedelta(days=days), undone_at=undone))  # fmt: skip
    for days, flare, speed in ((2, False, 1.0), (5, True, 1.0), (6, False, 2.0), (70, True, 1.0)):
        at = (now - timedelta(days=days)).replace(hour=9, minute=5, microsecond=0)
        logs = [ExerciseLog(index=i, name=n, status=s) for i, (n, s) in enumerate(
            zip(NAMES, ["done", "partial", "skipped", "not_reached"], strict=True))]
        logs.append(ExerciseLog(index=4, name="An old exercise", status="done"))
        session = SessionRecord(
            routine_id="neck-desk", routine_title="Neck at the desk", routine_hash="cd" * 32,
            started_at=at, ended_at=at + timedelta(minutes=14), status="partial",
            exercises=logs, flare=flare, speed=speed)  # fmt: skip
        repo.save_session(session)
        for minutes, note in ((4, "Pain 7/10 during Chin tucks, above the limit"),
                              (9, "Pain 6/10, above the limit")):  # fmt: skip
            repo.save_checkin(CheckInRecord(
                at=at + timedelta(minutes=minutes), context="during_session",
                session_id=session.id, routine_id="neck-desk", note=note,
                pain=[PainRating(region="neck", value=7 if minutes == 4 else 6)]))  # fmt: skip
    repo.save_checkin(CheckInRecord(at=now - timedelta(days=3), context="at_rest",
                                    note="Line one\nline <two> & =1+1, Zürich 😀 \\ \"q\"",
                                    pain=[PainRating(region="neck", value=2)]))  # fmt: skip
    forget_process_state()


def _ctx(folder: Path, now: datetime) -> AppContext:
    forget_process_state()
    return AppContext(folder / "data", [folder / "extra"], wall=lambda: now, zone=TZ)


def _no_full_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the repository or the routine library is read (the kept path does without)."""
    monkeypatch.setattr(AppContext, "repo", lambda self: pytest.fail("read the repository"))
    monkeypatch.setattr(AppContext, "library", lambda self: pytest.fail("read the library"))


def _kept(folder: Path, now: datetime, start: date, monkeypatch: pytest.MonkeyPatch) -> str:
    """The report with the repository and the library out of reach."""
    with monkeypatch.context() as m:
        _no_full_read(m)
        return progress.report(_ctx(folder, now), start, now=now)[0]


@pytest.mark.parametrize("back", [1, 8 * 7, 500, 5000], ids=lambda d: f"{d}d")
def test_the_kept_report_is_the_report_from_every_record(
    root: Path, back: int, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    now = datetime.now(TZ).replace(microsecond=0)
    _enrich(root, now)
    start = now.date() - timedelta(days=back - 1)
    truth = _every_record(root / "data", root / "extra", start, now, False)
    assert "Ann &lt;Example&gt;" in truth and "Chin tucks: raised to do 12 reps" in truth
    assert ("An old exercise (no longer in the routine)" in truth) is (back > 2)
    first, _ = progress.report(_ctx(root, now), start, now=now)  # validated: keeps its inputs
    assert first == truth
    assert (root / "data" / report_kept.CACHE_NAME).exists()
    assert _kept(root, now, start, monkeypatch) == truth


def test_deleting_or_damaging_the_kept_inputs_changes_nothing(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    now = datetime.now(TZ).replace(microsecond=0)
    _enrich(root, now)
    start = now.date() - timedelta(days=55)
    truth, _ = progress.report(_ctx(root, now), start, now=now)
    path = root / "data" / report_kept.CACHE_NAME
    kept = json.loads(path.read_bytes())
    damaged: list[Any] = [
        None, b"", b"{", b"[]", {**kept, "format": 99}, {**kept, "signature": [[], []]},
        {**kept, "coach": "0.0.1"},
        {**kept, "routines": [[*kept["routines"][0][:4], 11, *kept["routines"][0][5:]]]},
        {**kept, "routines": [[*kept["routines"][0][:6], [["x", "stretch", None, 3]]]]},
        {**kept, "profile": [[["Name", 7]], None]},
        {**kept, "accepted": [[*kept["accepted"][0][:4], "not a time", None]]},
        {**kept, "changed": "neck-desk"},
    ]  # fmt: skip
    real = AppContext.repo
    for bad in damaged:
        if bad is None:
            path.unlink()
        else:
            path.write_bytes(bad if isinstance(bad, bytes) else json.dumps(bad).encode())
        reads: list[str] = []

        def spy(self: AppContext, reads: list[str] = reads) -> Any:
            reads.append("repo")
            return real(self)

        with monkeypatch.context() as m:
            m.setattr(AppContext, "repo", spy)
            assert progress.report(_ctx(root, now), start, now=now)[0] == truth, bad
        assert reads, f"{bad!r} was used"
        assert json.loads(path.read_bytes()) == kept  # made again
    assert _kept(root, now, start, monkeypatch) == truth


def test_a_changed_details_or_routine_file_is_read_again(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    now = datetime.now(TZ).replace(microsecond=0)
    start = now.date() - timedelta(days=27)
    progress.report(_ctx(root, now), start, now=now)
    save_profile(Repository.open(root / "data"), Profile(name="Bea"))
    html, _ = progress.report(_ctx(root, now), start, now=now)
    assert "Bea" in html
    own = root / "extra" / "test-neck.json"
    doc = json.loads(own.read_text())
    doc["title"] = "Neck, the new title"
    own.write_text(json.dumps(doc))
    html, _ = progress.report(_ctx(root, now), start, now=now)
    assert "Neck, the new title" in html
    assert _kept(root, now, start, monkeypatch) == html


def test_a_routine_with_two_kept_versions_reads_the_log_validated(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    """Its dose history needs when each version came into use: every session is read."""
    data, extra = root / "data", root / "extra"
    library = load_library(default_sources(data, [extra]))
    loaded = library.routines["neck-desk"]
    repo = Repository.open(data)
    repo.remember_routine_version("neck-desk", loaded.sha256, loaded.path.read_text())
    changed = loaded.path.read_text().replace('"reps": 10', '"reps": 8', 1)
    repo.remember_routine_version("neck-desk", "c" * 64, changed)
    now = datetime.now(TZ).replace(microsecond=0)
    start = now.date() - timedelta(days=27)
    truth = _every_record(data, extra, start, now, False)
    assert progress.report(_ctx(root, now), start, now=now)[0] == truth
    assert json.loads((data / report_kept.CACHE_NAME).read_bytes())["changed"] == ["neck-desk"]
    with monkeypatch.context() as m:
        _no_full_read(m)
        with pytest.raises(pytest.fail.Exception, match="read the repository"):
            progress.report(_ctx(root, now), start, now=now)


def test_coach_json_damaged_in_place_after_a_kept_report_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811 - the fixture
) -> None:
    """Same inode, size and modification time: the CRC-32 in the stamp tells."""
    data = root / "data"
    save_profile(Repository.open(data), Profile(name="Ann"))
    argv = ["report", "--since", "8w", "--out", str(root / "r.html"), "--data-dir", str(data),
            "--routines", str(root / "extra")]  # fmt: skip
    for _ in range(2):
        forget_process_state()
        assert main(argv) == 0
    capsys.readouterr()
    path = data / "coach.json"
    st = path.stat()
    raw = path.read_bytes()
    assert raw.count(b'"name": "Ann"') == 1
    path.write_bytes(raw.replace(b'"name": "Ann"', b'"name": 12345'))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (st.st_ino, st.st_size)
    forget_process_state()
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "coach.json" in err and "Name" in err and "Traceback" not in err + out


def test_coach_report_from_the_kept_files_imports_no_models(root: Path) -> None:  # noqa: F811
    """(Drawn: the kept page, :mod:`coach.services.report_cache`, is deleted in between.)"""
    argv = ["report", "--since", "8w", "--out", str(root / "r.html"), "--data-dir",
            str(root / "data")]  # fmt: skip
    page = root / "data" / REPORT_PAGE
    assert heavy_imports(root, argv, page.unlink) == ("[]", "same")
    assert page.exists()  # kept again (without the storage engine)


def test_include_practice_reads_every_record(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    now = datetime.now(TZ).replace(microsecond=0)
    start = now.date() - timedelta(days=27)
    progress.report(_ctx(root, now), start, now=now)
    truth = _every_record(root / "data", root / "extra", start, now, True)
    assert progress.report(_ctx(root, now), start, True, now)[0] == truth  # (practice: validated)
