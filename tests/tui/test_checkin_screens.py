"""Check-in screen, log screen and the pain dialogs, driven with the keyboard through Pilot."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from coach.app.context import AppContext
from coach.domain.checkin import RED_FLAGS_SETTING, NextMorningQuestion
from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.storage.models import ProgramEntry, PsfsActivity
from coach.storage.repo import Repository
from coach.tui.base import CoachAppBase
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.dialogs.next_morning import NextMorningDialog, ask_startup_questions
from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog
from coach.tui.dialogs.pain_stop import PainStopDialog
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.log import LogScreen
from coach.tui.widgets.pain_scale import PainScale

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 8, 30, tzinfo=TZ)
MARKUP = "[bold]x[/]"
CLICK = "[@click=app.quit]quit[/]"
UNSET = object()


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no pytest async plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class Host(CoachAppBase):
    """A tiny coach app holding one screen or dialog; keeps what it was dismissed with."""

    CSS_PATH = str(ROOT / "coach" / "tui" / "app.tcss")

    def __init__(self, screen: Screen[Any] | None = None, data_dir: Path | None = None) -> None:
        super().__init__(AppContext(data_dir or Path("/nonexistent")))
        self.start = screen
        self.result: Any = UNSET

    def on_mount(self) -> None:
        if self.start is not None:
            self.push_screen(self.start, self.keep)

    def keep(self, result: Any) -> None:
        self.result = result


def routine_doc(regions: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "format": 1, "id": "test-neck", "title": "Test neck", "pain_stop": 4,
        "check_in": {
            "regions": regions,
            "measures": [{"id": "rotation", "label": "Head turn", "unit": "degrees",
                          "better": "higher", "min": 0, "max": 90}],
        },
        "exercises": [{"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10}],
        **extra,
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder whose program is one routine (regions: neck, the markup one)."""
    data = tmp_path / "data"
    folder = data / "routines"
    folder.mkdir(parents=True)
    raw = json.dumps(routine_doc(["neck", MARKUP])).encode()
    (folder / "test-neck.json").write_bytes(raw)
    Repository.open(data).add_to_program(ProgramEntry(
        routine_id="test-neck", path=str(folder / "test-neck.json"),
        sha256=hashlib.sha256(raw).hexdigest(), added_at=datetime(2026, 11, 1, tzinfo=UTC)))
    return data


def texts(screen: Screen[Any]) -> list[str]:
    """The plain text of every Static on the screen."""
    return [str(s.render()) for s in screen.query(Static)]


# --- the scale and the rating dialogs -------------------------------------------------------------


@run_async
async def test_pain_scale_keys() -> None:
    app = Host(PainRatingDialog(["neck"]))
    async with app.run_test(size=(80, 24)) as pilot:
        scale = app.screen.query_one(PainScale)
        assert scale.value is None and scale.active
        await pilot.press("7")
        assert scale.value == 7
        await pilot.press("1", "0")
        assert scale.value == 10
        await pilot.press("0")  # after 10, 0 is 0 again
        assert scale.value == 0
        await pilot.press("1", "right", "0")
        assert scale.value == 0  # 1, then 2, then 0: no 10 once another key came between
        await pilot.press("left", "left", "right", "right", "right")
        assert scale.value == 3
        await pilot.press("backspace")  # takes the value back (s would skip to the next)
        assert scale.value is None
        await pilot.press("right")
        assert scale.value == 0
        await pilot.press("1", "0", "right")
        assert scale.value == 10


@run_async
async def test_pain_rating_dialog_with_the_keyboard_alone() -> None:
    app = Host(PainRatingDialog(["neck", "shoulder", "hip"], title="Pain before the session"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "0 = no pain, 10 = worst pain imaginable" in texts(app.screen)
        # 3 regions in 6 key presses: 3 Enter 1 0 Enter S (skip: on to the next, here done).
        await pilot.press("3", "enter", "1", "0", "enter", "s")
    assert app.result == [
        PainRating(region="neck", value=3), PainRating(region="shoulder", value=10),
        PainRating(region="hip", value=None),
    ]


@run_async
async def test_keys_typed_in_a_burst_land_on_the_right_region() -> None:
    # A fast typist (or tmux send-keys) queues several keys before the screen redraws: the key
    # after Enter must go to the next region, not the one just answered.
    from textual import events

    app = Host(PainRatingDialog(["neck", "shoulder"]))
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [("2", "2"), ("enter", "\r"), ("1", "1"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
    assert app.result == [
        PainRating(region="neck", value=2), PainRating(region="shoulder", value=1)
    ]


@run_async
async def test_pain_rating_dialog_escape_cancels_and_initial_values_show() -> None:
    app = Host(PainRatingDialog(["neck"], initial={"neck": 4}))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one(PainScale).value == 4
        await pilot.press("escape")
    assert app.result is None


@run_async
async def test_pain_rating_dialog_with_no_region_returns_nothing_to_ask() -> None:
    app = Host(PainRatingDialog([]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.result == []


@pytest.mark.parametrize(
    "keys, expected",
    [(("7", "enter"), PainRating(region="neck", value=7)),
     (("enter",), PainRating(region="neck", value=None)),
     (("escape",), None)],
)
@run_async
async def test_quick_pain_dialog(keys: tuple[str, ...], expected: PainRating | None) -> None:
    app = Host(QuickPainDialog("neck"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "It hurts: how much pain in your neck now?" in texts(app.screen)
        await pilot.press(*keys)
    assert app.result == expected


@run_async
async def test_region_markup_is_shown_literally_and_inert() -> None:
    app = Host(PainRatingDialog([MARKUP, CLICK]))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = texts(app.screen)
        assert MARKUP in shown and CLICK in shown
        await pilot.click(Static, offset=(2, 0))  # clicking around never quits
        await pilot.press("enter", "enter")
        assert app.is_running
    assert app.result == [PainRating(region=MARKUP), PainRating(region=CLICK)]


# --- pain stop, red flags, confirm ----------------------------------------------------------------


@pytest.mark.parametrize(
    "keys, choice",
    [(("s",), "skip"), (("e",), "end"), (("c",), "continue"), (("enter",), "skip"),
     (("right", "enter"), "end"), (("right", "right", "enter"), "continue")],
)
@run_async
async def test_pain_stop_choices(keys: tuple[str, ...], choice: str) -> None:
    app = Host(PainStopDialog("Stop if it tingles. " + MARKUP, threshold=4, pain=6))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = texts(app.screen)
        assert "You rated your pain 6/10. The limit your therapist set for this routine is " \
               "4/10." in shown
        assert ("Pain up to 4/10 is acceptable if it settles by the next morning. "
                "Above 4/10, stop.") in shown
        assert "Stop if it tingles. " + MARKUP in shown
        await pilot.press("escape")  # no cancel: a choice must be made
        assert app.result is UNSET
        await pilot.press(*keys)
    assert app.result == choice


@run_async
async def test_red_flags_dialog_shows_the_notice_and_closes() -> None:
    app = Host(RedFlagsDialog())
    async with app.run_test(size=(80, 24)) as pilot:
        shown = "\n".join(texts(app.screen))
        assert "chest pain" in shown and "seek medical help" in shown
        await pilot.press("enter")
    assert app.result is None


@pytest.mark.parametrize("keys, answer", [(("y",), True), (("n",), False),
                                          (("escape",), False), (("enter",), False),
                                          (("left", "enter"), True)])
@run_async
async def test_confirm_dialog(keys: tuple[str, ...], answer: bool) -> None:
    app = Host(ConfirmDialog("Delete " + MARKUP + "?", yes="Delete"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Delete " + MARKUP + "?" in texts(app.screen)
        await pilot.press(*keys)
    assert app.result is answer


# --- next morning ---------------------------------------------------------------------------------


def seed_yesterday(data: Path, before: int = 3) -> SessionRecord:
    repo = Repository.open(data)
    start = NOW - timedelta(hours=14)
    session = SessionRecord(routine_id="test-neck", routine_title="Test neck", routine_hash="h",
                            started_at=start, ended_at=start + timedelta(minutes=10),
                            status="complete")
    repo.save_session(session)
    repo.save_checkin(CheckInRecord(at=start - timedelta(minutes=1), context="before_session",
                                    session_id=session.id, routine_id="test-neck",
                                    pain=[PainRating(region="neck", value=before)]))
    return session


async def run_startup(data: Path, *keys: str) -> Host:
    app = Host(data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        ask_startup_questions(app.screen, now=lambda: NOW, tz=TZ)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.last_screen = app.screen  # type: ignore[attr-defined]
        app.last_texts = texts(app.screen)  # type: ignore[attr-defined]
    return app


@run_async
async def test_first_run_shows_red_flags_once_then_the_next_morning_question(
    data_dir: Path,
) -> None:
    session = seed_yesterday(data_dir)
    app = await run_startup(data_dir, "enter", "4", "enter")
    assert isinstance(app.last_screen, Screen) and not isinstance(  # type: ignore[attr-defined]
        app.last_screen, NextMorningDialog)  # type: ignore[attr-defined]
    repo = Repository.open(data_dir)
    assert repo.get_setting(RED_FLAGS_SETTING) is True
    morning = repo.checkins(context="next_morning")
    assert len(morning) == 1
    assert morning[0].session_id == session.id and morning[0].at == NOW
    assert morning[0].pain == [PainRating(region="neck", value=4)]
    # Asked once: opening again asks nothing (no dialog at all).
    again = await run_startup(data_dir)
    assert not isinstance(again.last_screen, (RedFlagsDialog, NextMorningDialog))  # type: ignore[attr-defined]
    assert len(Repository.open(data_dir).checkins(context="next_morning")) == 1


@run_async
async def test_next_morning_rise_is_said_plainly_before_closing(data_dir: Path) -> None:
    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)
    seed_yesterday(data_dir, before=3)
    app = Host(data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        ask_startup_questions(app.screen, now=lambda: NOW, tz=TZ)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NextMorningDialog)
        assert "    before yesterday's session: 3/10" in texts(app.screen)
        await pilot.press("5", "enter")
        shown = "\n".join(texts(app.screen))
        assert isinstance(app.screen, NextMorningDialog)
        assert "2 or more points higher than before yesterday's session: neck 5/10" in shown
        assert "tell your therapist" in shown
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, NextMorningDialog)
    saved = Repository.open(data_dir).checkins(context="next_morning")
    assert [p.value for p in saved[0].pain] == [5]


@run_async
async def test_next_morning_escape_records_skipped(data_dir: Path) -> None:
    Repository.open(data_dir).set_setting(RED_FLAGS_SETTING, True)
    seed_yesterday(data_dir)
    await run_startup(data_dir, "escape")
    saved = Repository.open(data_dir).checkins(context="next_morning")
    assert [p.value for p in saved[0].pain] == [None]


@run_async
async def test_next_morning_dialog_small_rise_closes_at_once() -> None:
    q = NextMorningQuestion("s1", "r", "R", NOW.date(), ("neck",), {"neck": 3})
    app = Host(NextMorningDialog(q))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "enter")
    assert app.result == [PainRating(region="neck", value=4)]


@run_async
@pytest.mark.parametrize(
    ("hour", "words"),
    [(7, "Good morning. Yesterday you did 'R'. How is your pain this morning?"),
     (14, "Good afternoon. Yesterday you did 'R'. How was your pain this morning?"),
     (20, "Good evening. Yesterday you did 'R'. How was your pain this morning?")],
)  # fmt: skip
async def test_next_morning_question_greets_by_the_time_of_day(hour: int, words: str) -> None:
    """Asked all day after a session: no "Good morning" in the evening."""
    q = NextMorningQuestion("s1", "r", "R", NOW.date(), ("neck",), {"neck": 3})
    app = Host(NextMorningDialog(q, NOW.replace(hour=hour)))
    async with app.run_test(size=(80, 24)):
        assert words in texts(app.screen)


# --- the check-in screen --------------------------------------------------------------------------


async def open_checkin(data: Path, screen: CheckInScreen | None = None) -> Host:
    return Host(screen or CheckInScreen(now=lambda: NOW, tz=TZ), data_dir=data)


async def settle(app: App[Any], pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@run_async
async def test_checkin_screen_saves_with_the_keyboard(data_dir: Path) -> None:
    app = await open_checkin(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, PainScale) and app.focused.id == "pain-0"
        await pilot.press("3", "enter", "s", "enter")  # neck 3, markup region skipped
        assert app.focused is not None and app.focused.id == "measure-0"
        await pilot.press(*"45", "enter", "2", "enter", *"20", "enter")  # measure, stiffness, min
        assert app.focused is not None and app.focused.id == "note"
        await pilot.press(*"stiff " + CLICK)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        feedback = str(app.screen.query_one("#feedback", Static).render())
        assert feedback.startswith("Saved (2026-11-24 08:30): at rest; pain neck 3/10;")
        assert app.is_running
    saved = Repository.open(data_dir).checkins()
    assert len(saved) == 1
    rec = saved[0]
    assert (rec.at, rec.context, rec.pain) == (NOW, "at_rest", [PainRating(region="neck", value=3)])
    assert rec.measures == {"rotation": 45.0} and rec.stiffness == 2
    assert rec.morning_stiffness_min == 20 and rec.note == "stiff " + CLICK


@run_async
async def test_checkin_screen_saves_a_note_alone(data_dir: Path) -> None:
    """The same rule as ``coach checkin --note`` (coach.domain.checkin.has_values)."""
    app = await open_checkin(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#note").focus()
        await pilot.press(*"slept badly")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        feedback = str(app.screen.query_one("#feedback", Static).render())
        assert feedback.startswith("Saved (2026-11-24 08:30): at rest; note: slept badly"), feedback
    [rec] = Repository.open(data_dir).checkins()
    assert (rec.note, rec.pain, rec.measures, rec.stiffness) == ("slept badly", [], {}, None)


@run_async
async def test_checkin_screen_refuses_bad_values_and_writes_nothing(data_dir: Path) -> None:
    app = await open_checkin(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        feedback = app.screen.query_one("#feedback", Static)
        assert str(feedback.render()) == "Not saved: Nothing to save yet: rate your pain, enter " \
            "a measure, your stiffness, an activity or a note."
        await pilot.press("5")
        app.screen.query_one("#measure-0").value = "95"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert str(feedback.render()) == (
            "Not saved: Head turn (rotation) must be between 0 and 90 degrees; got 95"
        )
        assert app.focused is not None and app.focused.id == "measure-0"
        app.screen.query_one("#measure-0").value = ""  # type: ignore[attr-defined]
        app.screen.query_one("#when").value = "2026-11-25"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "is in the future" in str(feedback.render())
    assert Repository.open(data_dir).checkins() == []


@run_async
async def test_checkin_screen_context_time_and_function(data_dir: Path) -> None:
    repo = Repository.open(data_dir)
    repo.save_psfs_activity(PsfsActivity(id="a1", name="Lifting " + MARKUP,
                                         added_at=NOW - timedelta(days=9)))
    screen = CheckInScreen(now=lambda: NOW, tz=TZ, context="before_session")
    app = await open_checkin(data_dir, screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Lifting " + MARKUP in texts(app.screen)
        app.screen.query_one("#when").value = "yesterday 21:05"  # type: ignore[attr-defined]
        app.screen.query_one("#function-0", PainScale).value = 6
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (rec,) = Repository.open(data_dir).checkins()
    assert rec.context == "before_session" and rec.function == {"a1": 6}
    assert rec.at == datetime(2026, 11, 23, 21, 5, tzinfo=TZ) and rec.pain == []


# --- the log screen -------------------------------------------------------------------------------


def seed_log(data: Path) -> CheckInRecord:
    seed_yesterday(data)
    rec = CheckInRecord(at=NOW - timedelta(hours=1), context="at_rest", note=CLICK,
                        pain=[PainRating(region="neck", value=2)])
    Repository.open(data).save_checkin(rec)
    return rec


@run_async
async def test_log_lists_entries_newest_first_with_literal_text(data_dir: Path) -> None:
    seed_log(data_dir)
    app = Host(LogScreen(tz=TZ), data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0] == [
            "2026-11-24 07:30", "check-in", f"at rest; pain neck 2/10; note: {CLICK}"
        ]
        assert rows[1][:2] == ["2026-11-23 18:30", "session"]
        assert rows[2][2] == "before a session; pain neck 3/10"
        await pilot.click(DataTable, offset=(60, 1))
        assert app.is_running


@run_async
async def test_log_delete_asks_first(data_dir: Path) -> None:
    rec = seed_log(data_dir)
    app = Host(LogScreen(tz=TZ), data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert Repository.open(data_dir).get_checkin(rec.id) is not None
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert Repository.open(data_dir).get_checkin(rec.id) is None
        assert app.screen.query_one(DataTable).row_count == 2


@run_async
async def test_log_edit_keeps_the_id_and_marks_it_edited(data_dir: Path) -> None:
    rec = seed_log(data_dir)
    app = Host(LogScreen(tz=TZ), data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        screen.now = lambda: NOW
        assert screen.query_one("#pain-0", PainScale).value == 2
        await pilot.press("6", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LogScreen)
        assert "pain neck 6/10" in str(app.screen.query_one(DataTable).get_row_at(0)[2])
    edited = Repository.open(data_dir).get_checkin(rec.id)
    assert edited is not None and edited.pain == [PainRating(region="neck", value=6)]
    assert edited.at == rec.at and edited.edited_at == NOW and edited.note == CLICK
    assert len(Repository.open(data_dir).checkins()) == 2


# --- snapshots ------------------------------------------------------------------------------------


@run_async
@pytest.mark.parametrize("width", [60, 80, 120])
async def test_every_scale_value_and_unit_shows_at_60_columns(data_dir: Path, width: int) -> None:
    """Below 80 columns the labels narrow and the scales go compact: the whole scale, its
    value (``3/10``) and every measure's unit are on the screen, nothing scrolls sideways."""
    app = Host(CheckInScreen(now=lambda: NOW, tz=TZ), data_dir=data_dir)
    async with app.run_test(size=(width, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow") is (width < 80)
        visible = screen.query_one(VerticalScroll).scrollable_content_region
        for row in screen.query(".row"):
            for part in row.children:
                assert part.region.right <= visible.right, (part, part.region, visible)
        scales = list(screen.query(PainScale))
        assert len(scales) >= 3  # neck, the markup region, stiffness
        assert str(scales[0].render()).endswith("3/10")
        assert all(str(s.render()).rstrip().endswith(("not rated", "/10")) for s in scales)
        assert any("degrees" in str(u.render()) for u in screen.query(".unit"))


LONG_LABEL = "Head turned fully to the stiffer side: chin to shoulder gap"


@run_async
@pytest.mark.parametrize("width", [60, 80, 120])
async def test_a_long_measure_label_wraps_whole(tmp_path: Path, width: int) -> None:
    data = tmp_path / "data"
    folder = data / "routines"
    folder.mkdir(parents=True)
    doc = routine_doc(["neck"])
    doc["check_in"]["measures"][0]["label"] = LONG_LABEL
    raw = json.dumps(doc).encode()
    (folder / "test-neck.json").write_bytes(raw)
    Repository.open(data).add_to_program(ProgramEntry(
        routine_id="test-neck", path=str(folder / "test-neck.json"),
        sha256=hashlib.sha256(raw).hexdigest(), added_at=datetime(2026, 11, 1, tzinfo=UTC)))
    app = Host(CheckInScreen(now=lambda: NOW, tz=TZ), data_dir=data)
    async with app.run_test(size=(width, 50)) as pilot:
        await settle(app, pilot)
        label = next(s for s in app.screen.query(".field-label") if "Head" in str(s.render()))
        lines = label.render_lines(label.region.reset_offset)
        text = " ".join("".join(seg.text for seg in line).strip() for line in lines)
        assert " ".join(text.split()) == LONG_LABEL, text  # whole, on as many lines as needed
        row = label.parent
        assert row is not None and row.region.height == label.region.height > 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
def test_checkin_screen_snapshot(snap_compare: Any, data_dir: Path, size: tuple[int, int]) -> None:
    async def ready(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("3", "enter")

    app = Host(CheckInScreen(now=lambda: NOW, tz=TZ), data_dir=data_dir)
    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_pain_rating_dialog_snapshot(snap_compare: Any) -> None:
    app = Host(PainRatingDialog(["neck", "shoulder", MARKUP], title="Pain before the session"))

    async def rate(pilot: Any) -> None:
        await pilot.press("4", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=rate)


def test_pain_stop_dialog_snapshot(snap_compare: Any) -> None:
    advice = "Mild discomfort is fine. Stop if you feel sharp pain, numbness or tingling."
    assert snap_compare(Host(PainStopDialog(advice, 5, 7)), terminal_size=(80, 24))


@run_async
async def test_coach_checkin_without_options_opens_the_screen_and_esc_exits(
    data_dir: Path,
) -> None:
    from coach.tui.launch import checkin_app

    app = checkin_app(AppContext(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_pain_dialog_s_and_capital_s_skip_to_the_next_region() -> None:
    app = Host(PainRatingDialog(["neck", "shoulder", "hip"]))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        await pilot.press("S")  # neck skipped: on to the shoulder
        assert dialog.current == 1
        await pilot.press("4", "backspace")  # Backspace takes the value back, stays
        assert dialog.current == 1 and dialog.scales()[1].value is None
        await pilot.press("4", "enter", "s")  # hip skipped: that was the last, so done
    assert app.result == [
        PainRating(region="neck", value=None), PainRating(region="shoulder", value=4),
        PainRating(region="hip", value=None),
    ]


@run_async
async def test_saved_check_in_and_log_name_measures_and_activities(data_dir: Path) -> None:
    # The client typed a head turn and rated "Lifting": the words they read back name them,
    # never the ids "rotation" or "a1".
    repo = Repository.open(data_dir)
    repo.save_psfs_activity(PsfsActivity(id="a1", name="Lifting", added_at=NOW - timedelta(9)))
    app = await open_checkin(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#measure-0").value = "45"  # type: ignore[attr-defined]
        app.screen.query_one("#function-0", PainScale).value = 6
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        feedback = str(app.screen.query_one("#feedback", Static).render())
        assert "Head turn 45 degrees" in feedback and "function Lifting 6/10" in feedback
        assert "rotation" not in feedback and "a1" not in feedback
    app = Host(LogScreen(tz=TZ), data_dir=data_dir)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        what = str(table.get_row_at(0)[2])
        assert "Head turn 45 degrees" in what and "Lifting 6/10" in what, what
        assert "rotation" not in what
