"""The application context: one repository per run (thread safe), the routine library cached
until a routine file changes, the clocks and time zone it was given."""

from __future__ import annotations

import json
import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.app.context import AppContext
from coach.paths import bundled_routines_dir
from coach.storage.repo import Repository


def _routine(folder: Path, rid: str, title: str) -> Path:
    source = json.loads((bundled_routines_dir() / "neck-desk.json").read_text(encoding="utf-8"))
    source["id"], source["title"] = rid, title
    for exercise in [*source["exercises"], *source.get("flare", {}).get("exercises", [])]:
        exercise.pop("media", None)  # its pictures stay in the bundled folder
    path = folder / f"{rid}.json"
    path.write_text(json.dumps(source), encoding="utf-8")
    return path


def test_the_library_is_read_once_and_again_when_a_file_changes(tmp_path: Path) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    path = _routine(extra, "my-neck", "My neck")
    ctx = AppContext(tmp_path / "data", [extra])
    first = ctx.library()
    assert first.routines["my-neck"].routine.title == "My neck"
    assert ctx.library() is first  # nothing changed: not read again

    _routine(extra, "my-neck", "My neck, updated by my therapist")
    os.utime(path, ns=(1, 1))  # even with an old modification time: the size changed
    changed = ctx.library()
    assert changed is not first
    assert changed.routines["my-neck"].routine.title == "My neck, updated by my therapist"

    _routine(extra, "my-back", "My back")  # a file added
    assert "my-back" in ctx.library().routines
    (extra / "my-back.json").unlink()  # and removed
    assert "my-back" not in ctx.library().routines

    user = tmp_path / "data" / "routines"  # the user's own folder counts too
    user.mkdir(parents=True)
    shutil.copy(path, user / "copy.json")
    assert ctx.library().problems  # the same id twice: both refused, as load_library says


def test_the_repository_is_opened_once_even_from_many_threads(tmp_path: Path) -> None:
    opened: list[Path] = []
    gate = threading.Barrier(8)

    def slow_open(folder: Path) -> Repository:
        opened.append(folder)
        return Repository.open(folder)

    ctx = AppContext(tmp_path / "data", open_repo=slow_open)
    got: list[Any] = []

    def worker() -> None:
        gate.wait()
        got.append(ctx.repo())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert opened == [tmp_path / "data"]
    assert len({id(r) for r in got}) == 1


def test_settings_go_through_the_repository(tmp_path: Path) -> None:
    ctx = AppContext(tmp_path / "data")
    assert ctx.setting("voice", "off") == "off"
    ctx.set_setting("voice", "on")
    assert Repository.open(tmp_path / "data").get_setting("voice") == "on"
    assert AppContext(tmp_path / "data").setting("voice") == "on"


def test_clock_wall_and_zone_are_the_ones_given(tmp_path: Path) -> None:
    fixed = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    ctx = AppContext(tmp_path, clock=lambda: 42.0, wall=lambda: fixed, zone=UTC)
    assert (ctx.clock(), ctx.now(), ctx.tz()) == (42.0, fixed, UTC)


def test_the_folder_follows_coach_home_unless_given(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    assert AppContext.for_folder().data_dir == tmp_path / "home"
    assert AppContext.for_folder(tmp_path / "given", ["~/x"]).data_dir == tmp_path / "given"
    assert AppContext.for_folder(None, ["~/x"]).extra_dirs == [Path("~/x").expanduser()]
