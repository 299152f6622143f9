"""``coach stats`` from the kept facts and kept inputs: the same output as the validated read,
never used when anything it was made from changed, and never hiding damage (real files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.app.context import AppContext
from coach.cli.main import main
from coach.library import default_sources, load_library
from coach.services import review_kept
from coach.storage import Repository
from coach.storage.models import ProgramEntry, PsfsActivity
from tests.cli.conftest import minimal_routine, write_json
from tests.storage.storage_helpers import forget_process_state
from tests.storage.test_facts import _history

YEARS = 3
ROUTINES = ("knee-basics", "neck-desk", "low-back-mcgill")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years of history, three bundled routines and one of the client's own in the
    program, excused days and rated activities (built once; each test works on a copy)."""
    root = tmp_path_factory.mktemp("kept")
    own = write_json(root / "extra" / "test-neck.json", minimal_routine(
        check_in={"measures": [{"id": "m", "label": "M", "unit": "cm", "better": "higher"}]}))
    folder = root / "data"
    repo = Repository.open(folder)
    repo.import_records(*_history(YEARS))
    library = load_library(default_sources(folder, [own.parent]))
    added = datetime.now(UTC) - timedelta(days=365 * YEARS)
    for i, rid in enumerate((*ROUTINES, "test-neck")):
        loaded = library.routines[rid]
        repo.add_to_program(
            ProgramEntry(routine_id=rid, path=str(loaded.path), sha256=loaded.sha256,
                         added_at=added + timedelta(days=40 * i),
                         since=date(2025, 1, 6) if rid == "neck-desk" else None)
        )  # fmt: skip
    repo.set_excused(date.today() - timedelta(days=3), "flare")
    repo.set_excused(date(2025, 5, 2), "rest")
    repo.save_psfs_activity(PsfsActivity(name="stairs", added_at=added))
    forget_process_state()
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    forget_process_state()
    yield tmp_path
    forget_process_state()


def _stats(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["stats", *args, "--data-dir", str(root / "data"),
                 "--routines", str(root / "extra")])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out + err


def _no_full_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the repository or the routine library is read (the kept path does without)."""
    monkeypatch.setattr(AppContext, "repo", lambda self: pytest.fail("read the repository"))
    monkeypatch.setattr(AppContext, "library", lambda self: pytest.fail("read the library"))


ARGS = [(), ("--json",), ("--since", "4w"), ("--since", "2025-06-01", "--json"),
        ("--routine", "neck-desk", "--json"), ("--routine", "test-neck")]


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_kept_inputs_give_what_the_validated_read_gives(
    root: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = root / "data" / review_kept.CACHE_NAME
    full = _stats(root, capsys, *args)
    assert full[0] == 0 and cache.exists()
    with monkeypatch.context() as m:
        _no_full_read(m)
        assert _stats(root, capsys, *args) == full
    cache.unlink()
    assert _stats(root, capsys, *args) == full  # deleting it changes nothing
    if "--json" in args and "--routine" not in args:
        figures = json.loads(full[1])
        assert figures["excused_days"] and figures["measures"] and figures["function"]
        assert len(figures["routines"]) == 4


def test_a_routine_not_in_the_program_is_refused_from_the_kept_inputs_too(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _stats(root, capsys)[0] == 0
    _no_full_read(monkeypatch)
    code, text = _stats(root, capsys, "--routine", "hip-desk")
    assert code == 1 and "not in your program" in text


def test_a_routine_file_gone_is_told_missing_by_both_paths(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _stats(root, capsys)[0] == 0
    (root / "extra" / "test-neck.json").unlink()
    full = _stats(root, capsys)  # the routine files changed: everything read again
    assert "The routine file of 'test-neck' is missing" in full[1]
    _no_full_read(monkeypatch)
    assert _stats(root, capsys) == full


def test_a_change_to_the_program_or_excused_days_is_seen_at_once(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = root / "data"
    before = json.loads(_stats(root, capsys, "--json")[1])
    day = date.today() - timedelta(days=1)
    assert main(["excuse", day.isoformat(), "ill", "--data-dir", str(data)]) == 0
    assert main(["drop", "test-neck", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    after = json.loads(_stats(root, capsys, "--json")[1])
    assert after["excused_days"][day.isoformat()] == "ill"
    assert [r["routine_id"] for r in after["routines"]] == [
        r["routine_id"] for r in before["routines"] if r["routine_id"] != "test-neck"
    ]


def test_coach_json_damaged_in_place_with_its_time_put_back_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same inode, size and modification time: only the bytes tell (the kept CRC-32)."""
    data = root / "data"
    assert _stats(root, capsys)[0] == 0
    path = data / "coach.json"
    st = path.stat()
    text = path.read_bytes()
    assert b'"reason": "flare"' in text
    with open(path, "r+b") as handle:  # in place: the same inode
        handle.write(text.replace(b'"reason": "flare"', b'"reason": "fl\x07re"', 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (st.st_ino, st.st_size)
    damaged = path.read_bytes()
    forget_process_state()
    code, text_out = _stats(root, capsys)
    assert code == 1 and str(path) in text_out
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("body", [
    b"", b"{", b"[]", b'{"format": 1}',
    b'{"format": 99, "signature": null}',
])
def test_a_damaged_cache_is_not_used_and_made_again(
    root: Path, body: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _stats(root, capsys, "--json")
    cache = root / "data" / review_kept.CACHE_NAME
    cache.write_bytes(body)
    assert _stats(root, capsys, "--json") == full
    assert json.loads(cache.read_bytes())["format"] == review_kept.FORMAT


def test_kept_values_of_the_wrong_shape_are_not_used(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _stats(root, capsys, "--json")
    cache = root / "data" / review_kept.CACHE_NAME
    good = json.loads(cache.read_bytes())
    for change in (
        lambda d: d["routines"][0].__setitem__(2, "1"),  # per_day as text
        lambda d: d["routines"][0].__setitem__(3, 9),  # 9 days a week
        lambda d: d["routines"][0][5].append(["m", "M", "cm", "sideways", None]),
        lambda d: d["entries"][0].__setitem__(1, 5),  # added_at not a text
        lambda d: d["entries"][0].__setitem__(1, "yesterday"),  # not a time
        lambda d: d["excused"].append(["2026-02-30", "rest"]),
        lambda d: d["activities"].append(["x", 3]),
    ):
        doc = json.loads(json.dumps(good))
        change(doc)
        cache.write_text(json.dumps(doc))
        forget_process_state()
        assert _stats(root, capsys, "--json") == full


def heavy_imports(
    root: Path, argv: list[str], between: Callable[[], object] | None = None
) -> tuple[str, str]:
    """Run ``coach ARGV`` in a new process (what it keeps), then (after ``between``) again in a
    new process that tells which of pydantic and the routine and record models it imported;
    (those, whether the second printed what the first did)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env["HOME"] = str(root / "home")
    first = subprocess.run([sys.executable, "-m", "coach", *argv], env=env, capture_output=True,
                           text=True, timeout=60, check=True)  # fmt: skip
    if between is not None:
        between()
    probe = (
        "import contextlib, io, sys\n"
        "from coach.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main({argv!r}) == 0\n"
        "heavy = [m for m in ('pydantic', 'coach.domain.records', 'coach.domain.routine',\n"
        "                     'coach.library', 'coach.storage.repo', 'tinydb')\n"
        "         if m in sys.modules]\n"
        "print(heavy)\n"
        "sys.stdout.write(out.getvalue())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    heavy, _, shown = done.stdout.partition("\n")
    return heavy, "same" if shown == first.stdout else shown


def test_coach_stats_from_the_kept_files_imports_no_models(root: Path) -> None:
    """A new process: pydantic and the routine and record models are never imported."""
    argv = ["stats", "--data-dir", str(root / "data"), "--routines", str(root / "extra")]
    assert heavy_imports(root, argv) == ("[]", "same")


def test_the_kept_pasts_change_no_figure(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program's and each routine's past (streak and effort before this year) are kept:
    the figures are the same with them, without them, and with a damaged file."""
    narrowed = ("--routine", "neck-desk", "--since", "2025-03-01", "--json")
    full = _stats(root, capsys, "--json")
    narrow = _stats(root, capsys, *narrowed)
    pasts = root / "data" / review_kept.PASTS_NAME
    assert len(json.loads(pasts.read_bytes())["pasts"]) >= 5  # the program, each routine
    assert _stats(root, capsys, "--json") == full
    with monkeypatch.context() as m:  # every day walked, nothing kept
        m.setattr(review_kept.KeptPasts, "kept_past", lambda self, key: None)
        m.setattr(review_kept.KeptPasts, "keep_past", lambda self, key, plain: None)
        assert _stats(root, capsys, "--json") == full
        assert _stats(root, capsys, *narrowed) == narrow
    for body in (b"", b"[1]", b'{"format": 1, "pasts": {"x": 1}}', b"{" * 10_000):
        pasts.write_bytes(body)
        assert _stats(root, capsys, "--json") == full
