"""Property-based tests: whatever a check-in's arguments or an import file hold, coach either
refuses it (exit 1, or 2 for a usage error, with nothing written) or accepts it, and then every
read command still works."""

from __future__ import annotations

import contextlib
import copy
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from coach.cli.main import main
from coach.storage import store as store_module
from tests.cli.conftest import minimal_routine, write_json

PROPERTY = settings(max_examples=30, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
READS = [["history"], ["stats"], ["export", "--format", "csv"], ["export", "--format", "json"],
         ["export", "--format", "fhir"], ["report", "--out", "{tmp}/r.html"], ["doctor"],
         ["program"]]


@pytest.fixture
def far_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Read in a time zone 12 hours behind UTC (dates at the edges move a day)."""
    monkeypatch.setenv("TZ", "Etc/GMT+12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def world(tmp_path: Path, far_zone: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    routine = write_json(tmp_path / "neck.json", minimal_routine(
        check_in={"measures": [{"id": "reach", "label": "Reach", "unit": "cm",
                                "better": "higher", "min": -50, "max": 50}]}))
    assert main(["add", str(routine), "--data-dir", str(tmp_path / "data")]) == 0
    return tmp_path


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != "coach.lock"}


def _reads_work(tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in READS:
        args = [a.replace("{tmp}", str(tmp)) for a in argv]
        code = main([*args, "--data-dir", str(tmp / "data")])
        out, err = capsys.readouterr()
        assert code in (0, 1) and "Traceback" not in err, (argv, err)
        if argv[0] != "doctor":  # doctor also checks notifications and the service
            assert code == 0, (argv, err)


def _run(tmp: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp / "data"
    store_module._SHARED.clear()
    before = _state(data)
    code = main([*argv, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    with contextlib.suppress(InvalidArgument):  # outside a property test: no statistics
        event("accepted" if code == 0 else f"refused (exit {code})")
    if code == 0:
        _reads_work(tmp, capsys)
    else:
        assert code in (1, 2), (code, err)
        assert _state(data) == before, "a refused input changed the data"


# --- check-in arguments ---------------------------------------------------------------------

nasty_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["\u202eevil", "a\u200bb", "=1+1", "\x1b[2J", "\r\n", "neck", "NECK ", "-1", "1e308",
     "nan", "inf", "9" * 5000])
numbers = (st.integers(-10**6, 10**6).map(str) | st.floats().map(repr) | nasty_text
           | st.just("9" * 4500))
moments = st.sampled_from([
    "2026-03-01 10:00", "0001-01-01 00:00", "9999-12-31 23:59", "1969-12-31 23:59",
    "2100-12-31 23:59", "2026-02-30 10:00", "yesterday 08:00", "today", "2026-03-01T10:00:00-14:00",
]) | nasty_text


@st.composite
def checkin_args(draw: st.DrawFn) -> list[str]:
    args = ["checkin"]
    if draw(st.booleans()):
        args += ["--region", draw(st.sampled_from(["neck"]) | nasty_text)]
    if draw(st.booleans()):
        args += ["--pain", draw(numbers)]
    if draw(st.booleans()):
        args += ["--stiffness", draw(numbers)]
    if draw(st.booleans()):
        args += ["--morning-stiffness", draw(numbers)]
    if draw(st.booleans()):
        args += ["--measure", f"{draw(st.sampled_from(['reach']) | nasty_text)}={draw(numbers)}"]
    if draw(st.booleans()):
        args += ["--note", draw(nasty_text)]
    if draw(st.booleans()):
        args += ["--at", draw(moments)]
    if draw(st.booleans()):
        args += ["--context", draw(st.sampled_from(["rest", "before", "after"]) | nasty_text)]
    values = {"--pain", "--stiffness", "--morning-stiffness", "--measure", "--note"}
    if not values & set(args):  # no value at all opens the check-in screen instead
        args += ["--pain", draw(numbers)]
    return [a.replace("\x00", "") for a in args]  # a command line cannot hold NUL


@pytest.mark.slow
@PROPERTY
@given(argv=checkin_args())
def test_any_checkin_arguments_are_refused_cleanly_or_readable(
    world: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    _run(world, argv, capsys)


# --- import files ---------------------------------------------------------------------------

EXPORT: dict[str, Any] = {
    "coach_export": 1,
    "sessions": [{"id": "s1", "routine_id": "test-neck", "routine_title": "Neck",
                  "routine_hash": "x", "started_at": "2026-03-01T09:00:00+01:00",
                  "ended_at": "2026-03-01T09:20:00+01:00", "status": "complete",
                  "exercises": [{"index": 0, "name": "Chin tuck", "status": "done",
                                 "sets_done": 1, "reps_done": 10, "seconds": 60.0}]}],
    "checkins": [{"id": "c1", "at": "2026-03-01T09:25:00+01:00", "context": "after_session",
                  "session_id": "s1", "pain": [{"region": "neck", "value": 2}],
                  "measures": {"reach": 3.5}, "stiffness": 2, "morning_stiffness_min": 10,
                  "note": "fine", "function": {}}],
    "excused_days": {"2026-03-02": "rest"},
    "activities": [],
}
PATHS: list[tuple[Any, ...]] = [
    ("sessions", 0, "started_at"), ("sessions", 0, "ended_at"), ("sessions", 0, "id"),
    ("sessions", 0, "routine_title"), ("sessions", 0, "speed"), ("sessions", 0, "resume_step"),
    ("sessions", 0, "exercises", 0, "seconds"), ("sessions", 0, "exercises", 0, "reps_done"),
    ("sessions", 0, "exercises", 0, "name"), ("checkins", 0, "at"), ("checkins", 0, "note"),
    ("checkins", 0, "measures", "reach"), ("checkins", 0, "measures", "other"),
    ("checkins", 0, "stiffness"), ("checkins", 0, "morning_stiffness_min"),
    ("checkins", 0, "pain", 0, "region"), ("checkins", 0, "pain", 0, "value"),
    ("checkins", 0, "function", "act"), ("checkins", 0, "edited_at"), ("checkins", 0, "id"),
    ("excused_days", "2026-03-02"),
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(10**20, 10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | nasty_text | moments
    | st.sampled_from(["2026-03-01T09:00:00+14:00", "2100-12-31T23:59:59-12:00", 0, 1, 10]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=5,
)


PLAUSIBLE = st.sampled_from([0, 1, 5, 2.5, "ok", "rest", "2026-03-01T09:00:00+14:00",
                             "2100-12-31T23:59:59+00:00", "1970-01-01T00:00:00+00:00"])


@st.composite
def export_docs(draw: st.DrawFn) -> str:
    doc = copy.deepcopy(EXPORT)
    doc["sessions"][0]["id"] = draw(st.uuids()).hex  # new ids: an accepted import adds them
    doc["checkins"][0]["id"] = draw(st.uuids()).hex
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(PATHS))
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = draw(json_values | PLAUSIBLE)
    text = json.dumps(doc)
    if draw(st.booleans()):  # extremes JSON itself allows
        text = text.replace('"stiffness": 2', draw(st.sampled_from([
            '"stiffness": 1e400', '"stiffness": ' + "[" * 3000 + "]" * 3000,
            '"stiffness": NaN', '"stiffness": 2, "stiffness": 3'])))
    return text


@pytest.mark.slow
@PROPERTY
@given(text=export_docs())
def test_any_import_file_is_refused_cleanly_or_readable(
    world: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = world / "import.json"
    path.write_text(text, encoding="utf-8")
    _run(world, ["import", str(path)], capsys)


def test_the_unchanged_export_imports(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = world / "import.json"
    path.write_text(json.dumps(EXPORT), encoding="utf-8")
    _run(world, ["import", str(path)], capsys)
    assert main(["history", "--data-dir", str(world / "data")]) == 0
    assert "fine" in capsys.readouterr().out
