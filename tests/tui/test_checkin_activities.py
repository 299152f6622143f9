"""Everyday activities (PSFS) added, renamed and retired from the check-in screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, OptionList, Static

from coach.storage.repo import Repository
from coach.tui.dialogs.activities import ActivitiesDialog
from coach.tui.screens.checkin import NO_ACTIVITIES, CheckInScreen
from coach.tui.widgets.pain_scale import PainScale
from tests.tui.conftest import settle
from tests.tui.test_home_and_routine import mark_red_flags_seen

SIZE = (100, 40)


async def click_button(pilot: Any, button_id: str) -> None:
    button = pilot.app.screen.query_one(f"#{button_id}", Button)
    button.press()
    await settle(pilot)


async def type_in(pilot: Any, text: str) -> None:
    field = pilot.app.screen.query_one("#activity-name", Input)
    field.value = text
    await pilot.pause()


def listed(app: Any) -> list[str]:
    options = app.screen.query_one("#activity-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def feedback(app: Any) -> str:
    return str(app.screen.query_one("#activities-feedback", Static).render())


def rows(screen: CheckInScreen) -> list[str]:
    return [str(scale.what) for scale in screen.query(PainScale) if scale.id.startswith("function")]


async def test_add_rename_retire_then_rate(make_app: Any, data_dir: Path) -> None:
    mark_red_flags_seen(data_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        assert NO_ACTIVITIES.split(".")[0] in str(checkin.query_one("#function-rows").query_one(
            Static).render())
        await click_button(pilot, "activities")
        assert isinstance(app.screen, ActivitiesDialog)
        await type_in(pilot, "gardening")
        await click_button(pilot, "add")
        assert "3 to 5" in feedback(app)  # the first time: 3 to 5
        await type_in(pilot, "gardening, driving, stairs")
        await pilot.press("enter")  # Enter in the field adds
        await settle(pilot)
        assert listed(app) == ["gardening", "driving", "stairs"]
        app.screen.query_one("#activity-list", OptionList).highlighted = 1
        await type_in(pilot, "driving to work")
        await click_button(pilot, "rename")
        assert listed(app) == ["gardening", "driving to work", "stairs"]
        app.screen.query_one("#activity-list", OptionList).highlighted = 2
        await click_button(pilot, "retire")
        assert listed(app) == ["gardening", "driving to work"]
        assert "scores stay" in feedback(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is checkin
        assert rows(checkin) == ["gardening", "driving to work"]
        checkin.query_one("#function-1", PainScale).value = 4
        await pilot.press("ctrl+s")
        await settle(pilot)
    repo = Repository.open(data_dir)
    stored = {a.id: (a.name, a.active) for a in repo.psfs_activities(include_inactive=True)}
    assert stored == {"a1": ("gardening", True), "a2": ("driving to work", True),
                      "a3": ("stairs", False)}
    (record,) = repo.checkins()
    assert record.function == {"a2": 4}


async def test_values_entered_stay_when_the_list_changes(make_app: Any, data_dir: Path) -> None:
    from datetime import UTC, datetime

    from coach.app.activities import add_activities

    mark_red_flags_seen(data_dir)
    add_activities(Repository.open(data_dir), ["gardening", "driving", "stairs"],
                   datetime.now(UTC))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        checkin = app.screen
        checkin.query_one("#function-2", PainScale).value = 7  # stairs
        await click_button(pilot, "activities")
        app.screen.query_one("#activity-list", OptionList).highlighted = 0
        await click_button(pilot, "retire")  # gardening
        await pilot.press("escape")
        await settle(pilot)
        assert rows(checkin) == ["driving", "stairs"]
        assert checkin.query_one("#function-1", PainScale).value == 7
