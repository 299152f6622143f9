"""``coach report`` written again with nothing changed (:mod:`coach.services.report_cache`): the
kept page is the report drawn now (its time of writing put in anew), it is drawn again when
anything it was made from changed, a damaged kept page is never used, and damage in the log is
still refused (real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.app import progress
from coach.app.context import AppContext
from coach.cli.main import main
from coach.domain.profile import Profile
from coach.domain.records import CheckInRecord, PainRating
from coach.services import report_cache
from coach.services.profile import save_profile
from coach.storage import Repository
from coach.storage.kept import REPORT_PAGE
from tests.services.test_report_kept import TZ, _ctx, _enrich
from tests.services.test_review_kept import built, root  # noqa: F401 - fixtures
from tests.storage.storage_helpers import forget_process_state

NOW = datetime.now(TZ).replace(hour=10, minute=4, second=0, microsecond=0)
START = NOW.date() - timedelta(days=8 * 7 - 1)


def _page(folder: Path, now: datetime = NOW, start: date = START, **kw: Any) -> Any:
    return progress.report_page(_ctx(folder, now), start, now=now, **kw)


def _drawn(folder: Path, now: datetime = NOW, start: date = START) -> str:
    """The report drawn now (never the kept page)."""
    return progress.report(_ctx(folder, now), start, now=now)[0]


def _count_draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    draws: list[int] = []
    real = progress.report

    def spy(*args: Any, **kwargs: Any) -> Any:
        draws.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(progress, "report", spy)
    return draws


def test_the_kept_page_is_the_report_written_now(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    _enrich(root, NOW)
    first = _page(root)
    assert (root / "data" / REPORT_PAGE).exists()
    assert first.html == _drawn(root)
    later = NOW + timedelta(minutes=7)
    truth = _drawn(root, later)
    assert "at 10:11 from the client" in truth
    draws = _count_draws(monkeypatch)
    again = _page(root, later)
    assert draws == []  # nothing drawn
    assert again.html == truth
    assert (again.today, again.empty, again.charts) == (first.today, first.empty, first.charts)
    assert again.charts > 0 and not again.empty


def _new_checkin(folder: Path) -> None:
    Repository.open(folder / "data").save_checkin(CheckInRecord(
        at=NOW - timedelta(hours=1), context="at_rest", note="a new one",
        pain=[PainRating(region="neck", value=4)]))  # fmt: skip


def _new_details(folder: Path) -> None:
    save_profile(Repository.open(folder / "data"), Profile(name="Bea"))


def _routine_file(folder: Path) -> None:
    own = folder / "extra" / "test-neck.json"
    doc = json.loads(own.read_text())
    doc["title"] = "Neck, the new title"
    own.write_text(json.dumps(doc))


def _same_bytes_new_time(folder: Path) -> None:
    path = folder / "data" / f"log-{NOW.year}.json"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


CHANGES: dict[str, Callable[[Path], None]] = {
    "a new check-in": _new_checkin,
    "new details": _new_details,
    "a changed routine file": _routine_file,
    "a log file touched": _same_bytes_new_time,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_in_the_files_draws_it_again(
    root: Path, change: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    _page(root)
    CHANGES[change](root)
    forget_process_state()
    truth = _drawn(root)
    draws = _count_draws(monkeypatch)
    assert _page(root).html == truth
    assert draws == [1]
    assert _page(root).html == truth  # kept again
    assert draws == [1]


@pytest.mark.parametrize(
    "other",
    [
        {"now": NOW + timedelta(days=1)},
        {"start": START - timedelta(days=1)},
        {"zone": timezone(timedelta(hours=1))},
        {"include_practice": True},
    ],
    ids=["the next day", "another start", "another zone", "practice runs"],
)
def test_another_day_period_or_zone_draws_it_again(
    root: Path, other: dict[str, Any], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    _page(root)
    now, start = other.get("now", NOW), other.get("start", START)
    practice = other.get("include_practice", False)
    ctx = _ctx(root, now)
    if "zone" in other:
        ctx = AppContext(root / "data", [root / "extra"], wall=lambda: now, zone=other["zone"])
    truth = progress.report(ctx, start, practice, now)[0]
    draws = _count_draws(monkeypatch)
    assert progress.report_page(ctx, start, practice, now).html == truth
    assert draws == [1]


def test_deleting_or_damaging_the_kept_page_changes_nothing(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    truth = _page(root).html
    path = root / "data" / REPORT_PAGE
    kept = json.loads(path.read_bytes())
    assert kept["head"] + report_cache.written_at(NOW) + kept["tail"] == truth
    damaged: list[Any] = [
        None, b"", b"{", b"[]", b"\xff", {**kept, "format": 99}, {**kept, "signature": None},
        {**kept, "head": kept["head"].replace("<h1>", "<h1>X", 1)},  # (its CRC-32 tells)
        {**kept, "tail": 12}, {**kept, "today": "not a day"}, {**kept, "empty": 0},
        {**kept, "charts": "4"}, {**kept, "crc32": None},
        {k: v for k, v in kept.items() if k != "tail"},
        {**kept, "signature": [*kept["signature"][:4], "0.0.1"]},  # another coach
    ]  # fmt: skip
    for bad in damaged:
        if bad is None:
            path.unlink()
        else:
            path.write_bytes(bad if isinstance(bad, bytes) else json.dumps(bad).encode())
        with monkeypatch.context() as m:
            draws = _count_draws(m)
            assert _page(root).html == truth, bad
            assert draws == [1], bad
        assert json.loads(path.read_bytes()) == kept  # made again


def test_a_change_while_it_is_drawn_keeps_nothing(
    root: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811 - the fixture
) -> None:
    real = progress.report

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        drawn = real(*args, **kwargs)
        _new_checkin(root)  # a check-in saved while the report was drawn
        return drawn

    monkeypatch.setattr(progress, "report", meanwhile)
    _page(root)
    assert not (root / "data" / REPORT_PAGE).exists()


def test_an_injected_repository_keeps_no_page(root: Path) -> None:  # noqa: F811 - the fixture
    ctx = AppContext(root / "data", [root / "extra"], wall=lambda: NOW, zone=TZ,
                     open_repo=Repository.open)  # fmt: skip
    progress.report_page(ctx, START, now=NOW)
    assert not (root / "data" / REPORT_PAGE).exists()


def _cli(folder: Path) -> list[str]:
    return ["report", "--since", "8w", "--out", str(folder / "r.html"), "--data-dir",
            str(folder / "data"), "--routines", str(folder / "extra")]  # fmt: skip


def test_the_log_damaged_in_place_after_a_kept_page_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811 - the fixture
) -> None:
    """Same inode, size and modification time: the CRC-32 in the key tells."""
    Repository.open(root / "data").save_checkin(CheckInRecord(
        at=datetime.now(TZ) - timedelta(hours=1), context="at_rest", note="Zebra"))  # fmt: skip
    forget_process_state()
    for _ in range(2):
        forget_process_state()
        assert main(_cli(root)) == 0
    assert (root / "data" / REPORT_PAGE).exists()
    capsys.readouterr()
    path = root / "data" / f"log-{datetime.now(TZ).year}.json"
    st = path.stat()
    raw = path.read_bytes()
    assert raw.count(b'"Zebra"') == 1
    path.write_bytes(raw.replace(b'"Zebra"', b'"Zebr\\"', 1))  # a string left open
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (st.st_ino, st.st_size)
    forget_process_state()
    assert main(_cli(root)) == 1
    out, err = capsys.readouterr()
    assert path.name in err and "Traceback" not in err + out
    assert path.read_bytes() == raw.replace(b'"Zebra"', b'"Zebr\\"', 1)  # left as it was


def test_a_kept_page_imports_neither_the_review_nor_the_storage(
    root: Path,  # noqa: F811 - the fixture
) -> None:
    """A new process: the second report is the kept page, and it reads no review, no facts,
    no records (nor dataclasses, for their inspect)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env["HOME"] = str(root / "home")
    subprocess.run([sys.executable, "-m", "coach", *_cli(root)], env=env, check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    probe = (
        "import sys\n"
        "from coach.cli.main import main\n"
        f"assert main({_cli(root)!r}) == 0\n"
        "print([m for m in ('coach.services.review', 'coach.services.report', 'dataclasses',\n"
        "       'coach.storage.facts_file', 'coach.storage.vouched', 'coach.domain.stats',\n"
        "       'orjson', 'pydantic', 'tinydb') if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "[]"
    assert "Wrote the report from" in done.stdout


def test_the_zone_and_the_day_are_in_the_key(tmp_path: Path) -> None:
    """A zone without a name keeps nothing; the day is the client's day in their zone."""
    Repository.open(tmp_path).checkins()
    late = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))

    class Unnamed(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return "here"

    assert report_cache.key(tmp_path, [], START, late, Unnamed()) is None
    berlin = report_cache.key(tmp_path, [], START, late, TZ)
    utc = report_cache.key(tmp_path, [], START, late, ZoneInfo("UTC"))
    assert berlin is not None and utc is not None and berlin != utc
    assert "2026-03-02" in berlin[2] and "2026-03-02" not in utc[2]


def test_a_log_damaged_in_place_while_it_is_drawn_is_refused_next(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """The key taken after drawing leaves the CRC-32s out (a stat each): a page kept while a
    log was damaged in place with its time put back bears the CRC-32 taken before, so it is
    not used, and the damage is told."""
    Repository.open(root / "data").save_checkin(CheckInRecord(
        at=datetime.now(TZ) - timedelta(hours=1), context="at_rest", note="Zebra"))  # fmt: skip
    path = root / "data" / f"log-{datetime.now(TZ).year}.json"
    real = progress.report

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        drawn = real(*args, **kwargs)
        st = path.stat()
        path.write_bytes(path.read_bytes().replace(b'"Zebra"', b'"Zebr\\"', 1))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return drawn

    forget_process_state()
    with monkeypatch.context() as m:
        m.setattr(progress, "report", meanwhile)
        assert main(_cli(root)) == 0
    capsys.readouterr()
    forget_process_state()
    assert main(_cli(root)) == 1
    out, err = capsys.readouterr()
    assert path.name in err and "Traceback" not in err + out


def test_an_empty_log_says_one_chart_and_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first report of a new client (the calendar alone): "1 chart", the same again."""
    argv = ["report", "--out", str(tmp_path / "r.html"), "--data-dir", str(tmp_path / "d")]
    said = []
    for _ in range(2):
        forget_process_state()
        assert main(argv) == 0
        said.append(capsys.readouterr().out)
    assert "(1 chart) to" in said[0] and "Nothing is logged yet" in said[0]
    assert said[0] == said[1] and (tmp_path / "d" / REPORT_PAGE).exists()
