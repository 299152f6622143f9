"""The routine list kept from the last start: shown before the library is read, only when
nothing it was made from changed (real files, real app)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from coach import listing
from coach.listing import CACHE_NAME, Listing, Row
from coach.tui.screens import home
from coach.tui.screens.home import HomeScreen
from tests.tui.conftest import settle


def _rows(screen: Any) -> dict[str, list[str]]:
    return {str(t.id): [str(key.value) for key in t.rows] for t in screen.query(DataTable)}


async def _run(make_app: Any, hold: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Start the app; with ``hold``, what the home screen shows while the library is not read."""
    release = threading.Event()
    read = home.load_home_data

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10)
        return read(*args, **kwargs)

    monkeypatch.setattr(home, "load_home_data", held)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        early: dict[str, list[str]] = {}
        if hold:
            for _ in range(20):
                await pilot.pause()
                screen = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
                early = _rows(screen)
                if early:
                    break
        release.set()
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
        return {"early": early, "late": _rows(screen)}


async def test_the_list_of_the_last_start_is_shown_before_the_library_is_read(
    make_app: Any, data_dir: Path, routines_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _run(make_app, hold=True, monkeypatch=monkeypatch)
    assert first["early"] == {}  # nothing kept yet: the list comes with the library
    if not (data_dir / CACHE_NAME).is_file():  # the very first start made the data folder
        assert (await _run(make_app, hold=False, monkeypatch=monkeypatch))["late"] == first["late"]
    assert (data_dir / CACHE_NAME).is_file()
    second = await _run(make_app, hold=True, monkeypatch=monkeypatch)
    assert second["early"] == second["late"] == first["late"]
    assert len(second["early"]["library"]) > 2
    # A routine file changes: the kept list is not shown.
    routine = next(p for p in sorted(routines_dir.glob("*.json")))
    st = routine.stat()
    os.utime(routine, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    third = await _run(make_app, hold=True, monkeypatch=monkeypatch)
    assert third["early"] == {} and third["late"] == first["late"]


async def test_the_kept_list_is_shown_before_any_worker_reads(
    make_app: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept rows are read while the home screen mounts (no worker, no library) and shown
    right after the first frame: they are on the screen when the workers are let go (the
    frame after it); without kept rows, there are no tables then."""
    from coach.tui.app import CoachApp

    seen: list[dict[str, list[str]]] = []
    drawn = CoachApp._first_frame_drawn

    def first_frame(self: CoachApp) -> None:
        drawn(self)  # (the workers are let go after the next refresh)
        screen = next(s for s in self.screen_stack if isinstance(s, HomeScreen))
        self.call_after_refresh(lambda: seen.append(_rows(screen)))

    monkeypatch.setattr(CoachApp, "_first_frame_drawn", first_frame)
    first = await _run(make_app, hold=False, monkeypatch=monkeypatch)
    if not (data_dir / CACHE_NAME).is_file():  # the very first start made the data folder
        first = await _run(make_app, hold=False, monkeypatch=monkeypatch)
    assert seen[-1] == {}  # nothing was kept before it: the rows came with the library
    seen.clear()
    second = await _run(make_app, hold=True, monkeypatch=monkeypatch)
    assert seen == [first["late"]] and second["late"] == first["late"]
    assert len(seen[0]["library"]) > 2


def test_kept_rows_need_the_same_files_and_program(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "routines").mkdir(parents=True)
    (data / "coach.json").write_text("{}")
    shown = Listing((Row("a", "A title", "3", "5 min", "neck", True),), ("bad.json: no id",))
    before = listing.signature(data)
    listing.write(data, (), shown, before)
    assert listing.read(data, listing.signature(data)) == shown
    (data / "routines" / "new.json").write_text("{}")  # a routine file added
    assert listing.read(data, listing.signature(data)) is None
    (data / "routines" / "new.json").unlink()
    assert listing.read(data, listing.signature(data)) == shown
    os.utime(data / "coach.json", ns=(1, 1))  # the program may have changed
    assert listing.read(data, listing.signature(data)) is None


@pytest.mark.parametrize("damage", [b"", b"{", b'{"format": 1}', b"[]", b"\xff\xfe"])
def test_a_damaged_or_foreign_kept_list_is_not_used(tmp_path: Path, damage: bytes) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / CACHE_NAME).write_bytes(damage)
    assert listing.read(data, listing.signature(data)) is None


def test_nothing_is_kept_when_the_files_changed_while_reading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    before = listing.signature(data)
    (data / "coach.json").write_text("{}")
    listing.write(data, (), Listing((), ()), before)
    assert not (data / CACHE_NAME).exists()
    kept = json.dumps({"format": 2, "signature": listing.signature(data), "rows": [["a"]],
                       "problems": []})  # fmt: skip
    (data / CACHE_NAME).write_text(kept)
    assert listing.read(data, listing.signature(data)) is None


async def test_lists_filled_under_another_screen_show_whole_cells(make_app: Any) -> None:
    """Back from a session ("Finish later"), the lists are filled again while the home screen
    is still under the session: their columns fit the cells, not only the headers."""
    from textual.screen import Screen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
        await app.push_screen(Screen())
        await pilot.pause()
        await screen._fill(screen._shown)  # (what a reload does, the screen under another)
        app.pop_screen()
        await settle(pilot)
        table = screen.query_one("#library", DataTable)
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        widths = [c.get_render_width(table) - 2 * table.cell_padding
                  for c in table.columns.values()]  # fmt: skip
        assert widths[0] >= max(len(t) for t in titles) > len("Routine")
        about = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert widths[2] >= max(len(a) for a in about)
        # Given, never left to the table to measure: it measures on an idle message, which a
        # table filled under another screen may only get at the next key press (seen in tmux
        # at 80x24 after "Finish later": "Knee     4          16 mi  knee,").
        assert not any(c.auto_width for c in table.columns.values())
