"""``coach history`` from year files the validated read vouched for: the same lines as the
validated read, no record models imported, and damage refused all the same (real files)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.app.context import AppContext
from coach.cli.main import main
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating
from coach.localtime import local_tz
from coach.storage import Repository
from coach.storage import vouched as vouched_module
from tests.services.test_review_kept import built, heavy_imports, root  # noqa: F401 - fixtures
from tests.storage.storage_helpers import forget_process_state, make_session


def _history(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    forget_process_state()
    code = main(["history", *args, "--data-dir", str(folder / "data"),
                 "--routines", str(folder / "extra")])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out + err


def _recent(folder: Path) -> None:
    """Records of the last days of every kind the list words differently."""
    repo = Repository.open(folder / "data")
    now = datetime.now(local_tz()).replace(microsecond=0)
    repo.save_session(make_session(now - timedelta(days=2), status="in_progress", exercises=[
        ExerciseLog(index=0, name="a", status="done"), ExerciseLog(index=1, name="b",
                                                                   status="partial"),
        ExerciseLog(index=2, name="c", status="skipped")], flare=True))  # fmt: skip
    repo.save_session(make_session(now - timedelta(days=3), status="complete", speed=2.0,
                                   practice=True, ended_at=now - timedelta(days=3, minutes=-12)))
    repo.save_checkin(CheckInRecord(
        at=now - timedelta(days=1), context="next_morning", note="stiff  after work",
        pain=[PainRating(region="neck", value=3), PainRating(region="knee")],
        measures={"chin-to-chest": 4.5, "m": 12.0}, stiffness=2, morning_stiffness_min=15,
        edited_at=now))  # fmt: skip
    forget_process_state()


def _no_validated_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AppContext, "repo", lambda self: pytest.fail("read validated"))


ARGS = [(), ("--since", "4w"), ("--since", "2025-01-01"), ("--since", "400d")]


@pytest.mark.parametrize("args", ARGS, ids=lambda a: " ".join(a) or "all")
def test_vouched_files_give_the_lines_the_validated_read_gives(
    root: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _recent(root)
    first = _history(root, capsys, *args)  # validated (no facts yet); keeps the facts
    assert first[0] == 0 and "(edited)" in first[1] and "not finished" in first[1]
    assert "practice at 2x speed" in first[1] and "flare day, gentle version" in first[1]
    assert "M 12 cm" in first[1] and " m 12" not in first[1]  # a measure by its label
    with monkeypatch.context() as m:
        _no_validated_read(m)
        assert _history(root, capsys, *args) == first
    with monkeypatch.context() as m:  # and from the records, validated, once more
        m.setattr(vouched_module, "history", lambda *a, **k: None)
        assert _history(root, capsys, *args) == first


def test_after_a_save_the_first_history_reads_no_records_validated_either(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    data = root / "data"
    assert _history(root, capsys, "--since", "4w")[0] == 0
    assert main(["checkin", "--region", "neck", "--pain", "4", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    reads: list[Any] = []
    history = Repository.history

    def spy(self: Repository, *a: Any, **k: Any) -> Any:
        reads.append(a)
        return history(self, *a, **k)

    monkeypatch.setattr(Repository, "history", spy)
    first = _history(root, capsys, "--since", "4w")
    assert not reads and "neck 4/10" in first[1]  # the save carried the facts over
    assert _history(root, capsys, "--since", "4w") == first
    assert not reads
    monkeypatch.setattr(vouched_module, "history", lambda *a, **k: None)
    assert _history(root, capsys, "--since", "4w") == first  # = from the records, validated
    assert reads


def test_a_log_damaged_in_place_with_its_time_put_back_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
) -> None:
    """Same inode, size and modification time: the CRC-32 its facts file names tells."""
    _recent(root)
    data = root / "data"
    assert _history(root, capsys, "--since", "4w")[0] == 0  # keeps the facts
    path = data / f"log-{datetime.now().year}.json"
    st = path.stat()
    raw = path.read_bytes()
    at = raw.index(b'"status": "complete"')
    with open(path, "r+b") as handle:  # not a status: refused by the validated read
        handle.seek(at)
        handle.write(b'"status": "c0mplete"')
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (st.st_ino, st.st_size)
    code, text = _history(root, capsys, "--since", "4w")
    assert code == 1 and str(path) in text


def test_coach_history_from_vouched_files_imports_no_models(root: Path) -> None:  # noqa: F811
    argv = ["history", "--since", "4w", "--data-dir", str(root / "data")]
    assert heavy_imports(root, argv) == ("[]", "same")


def test_coach_history_from_vouched_files_reads_no_facts(root: Path) -> None:  # noqa: F811
    """The year files' versions are read without the facts' reader (nor the database reader):
    a new process imports neither."""
    argv = ["history", "--since", "4w", "--data-dir", str(root / "data")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env["HOME"] = str(root / "home")
    subprocess.run([sys.executable, "-m", "coach", *argv], env=env, capture_output=True,
                   timeout=60, check=True)  # fmt: skip
    probe = (
        "import contextlib, io, sys\n"
        "from coach.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "print([m for m in ('coach.storage.facts_file', 'coach.domain.dayfacts', 'threading',\n"
        "       'coach.storage.jsonfile', 'coach.storage.memo') if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
