"""The home screen notices what another coach process changed, and only that."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.cli.main import main
from coach.domain.checkin import RED_FLAGS_SETTING
from coach.storage import Repository
from coach.tui.outside_changes import OutsideChanges
from coach.tui.screens.home import HomeScreen
from tests.tui.conftest import settle


async def test_a_routine_added_elsewhere_appears_without_pressing_r(
    make_app: Callable[..., Any], data_dir: Path, routines_dir: Path
) -> None:
    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)  # no notice on top
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home._poll_outside()  # the first poll remembers how things are
        await settle(pilot)
        assert "short-test" not in home.query_one("#program").rows
        code = main(["add", "short-test", "--data-dir", str(data_dir),
                     "--routines", str(routines_dir)])  # as another coach command would
        assert code == 0
        home._poll_outside()
        await settle(pilot)
        assert "short-test" in home.query_one("#program").rows


def test_only_what_the_screen_shows_counts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    routines = tmp_path / "routines"
    routines.mkdir()
    repo = Repository.open(data)
    reads: list[int] = []

    def shown() -> Any:
        reads.append(1)
        return repo.excused_days()

    watch = OutsideChanges(data, [routines], shown)
    watch.start()
    assert not watch.changed()
    repo.set_setting("reminders.tui_open", {"at": "now"})  # the app's own heartbeat
    assert not watch.changed()
    from datetime import date

    repo.set_excused(date(2026, 3, 1), "rest")
    assert watch.changed()
    assert not watch.changed()
    (routines / "new.json").write_text("{}")
    assert watch.changed()
    assert len(reads) == 3  # coach.json is only read when it moved
