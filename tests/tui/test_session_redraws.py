"""A running session redraws little (the CPU goal of ``make bench``, row (e)), and what it skips
redrawing is still drawn right.

- The home screen under a session does nothing meanwhile: Textual repaints the whole screen on
  top for anything a screen below it does (every 2 s, when the home screen looked for outside
  changes).
- The session's bar and time left (at the bottom) change at a new step or a new minute, not
  every second: a change there on top of the band's makes Textual repaint every row between.
- The band (phase word, side, number, step bar) is one widget: a new count repaints only the
  rows of the number that differ, and the screen then shows exactly the new number; its colours
  come from its component classes.
- ``tests/bench_session.py``'s routine loads (the bench's session figure depends on it).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.geometry import Region

from coach.domain.describe import format_minutes, time_left_text
from coach.library import load_file
from coach.tui.screens.home import HomeScreen
from coach.tui.widgets.big_font import number_rows
from coach.tui.widgets.big_text import BigText
from coach.tui.widgets.readouts import ProgressLine, Readout
from coach.tui.widgets.session_band import TONES, SessionBand
from tests.bench_session import bench_routine
from tests.tui.conftest import FakeClock, settle, write_routine
from tests.tui.test_session_screen import start_session


def _polling(home: HomeScreen) -> bool:
    timer = home._poll
    assert timer is not None
    return timer._active.is_set()  # Textual's Timer: set while it runs, clear while paused


async def test_the_home_screen_stops_looking_for_changes_while_a_session_runs(
    make_app: Any, loaded: Any, clock: FakeClock
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(80, 24)) as pilot:
        session = await start_session(pilot)
        homes = [s for s in app.screen_stack if isinstance(s, HomeScreen)]
        assert len(homes) == 1
        home = homes[0]
        assert not _polling(home)
        clock.advance(5)
        session.tick()
        await pilot.pause()
        assert not _polling(home)
        session.dismiss()
        await settle(pilot)
        assert app.screen is home
        assert _polling(home)  # back on top: it looks again (and reloads at once)


def test_time_left_is_in_whole_minutes_by_the_estimates_rule() -> None:
    # the nearest minute, as "about 13 min" before the run (describe.format_minutes)
    assert time_left_text(754) == "13 min left"
    assert time_left_text(720) == "12 min left"
    assert time_left_text(200) == "3 min left"  # 10 min at 3x: "3× faster: about 3 min"
    assert time_left_text(210) == "4 min left"  # 3.5 min: half up, as the estimate
    assert time_left_text(61) == "1 min left"
    assert time_left_text(59) == "under 1 min left"
    assert time_left_text(0.2) == "under 1 min left"
    assert time_left_text(0) == "0 min left"
    assert time_left_text(3600) == "1 h left"
    assert time_left_text(3901) == "1 h 5 min left"
    for seconds in (0.2, 59, 61, 200, 210, 754, 3901):
        assert time_left_text(seconds) == format_minutes(seconds).removeprefix("about ") + " left"


async def test_the_session_line_changes_at_a_new_step_or_minute_only(
    make_app: Any, loaded: Any, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot)
        bar = screen.query_one("#session-bar", ProgressLine)
        left = screen.query_one("#time-left", Readout)
        repaints: list[str] = []
        for widget in (bar, left):
            original = widget.refresh

            def counted(*args: Any, _w: Any = widget, _o: Any = original, **kw: Any) -> Any:
                repaints.append(str(_w.id))
                return _o(*args, **kw)

            monkeypatch.setattr(widget, "refresh", counted)
        assert screen.engine is not None
        total = screen.engine.state.session_left_s
        assert left.text == time_left_text(total)
        for second in range(8):  # within the 10 s get-ready step: once a minute at most
            shown_before = left.text
            clock.advance(1)
            screen.tick()
            await pilot.pause()
            left_now = screen.engine.state.session_left_s
            if time_left_text(left_now) == shown_before:
                assert repaints == [], second
            else:
                assert "time-left" in repaints and left.text == time_left_text(left_now)
                repaints.clear()
        progress_before = bar.progress
        clock.advance(2.5)  # the march begins: a new step
        screen.tick()
        await pilot.pause()
        assert bar.progress > progress_before
        assert screen.engine.state.step_index == 1
        assert "session-bar" in repaints


class _BandApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SessionBand(id="band")


def _shown(rows: list[str]) -> list[str]:
    """The rows with something on them (the lines are centred in the box: blank rows above
    and below), without the spaces around: a row left over from before would show here."""
    return [row.strip() for row in rows if row.strip()]


def _drawn(app: App[Any], region: Region) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return [s.crop(region.x, region.right).text for s in strips[region.y : region.bottom]]


def _style(strip: Any, x: int) -> Any:
    """The style of the cell at ``x`` of a drawn row."""
    return next(iter(strip.crop(x, x + 1))).style


def _show(band: SessionBand, number: str, word: str = "HOLD", bar: float = 0.5,
          side: str | None = None, tone: str = "hold") -> None:  # fmt: skip
    band.show(word=word, side=side, number=number, tone=tone, bar=bar)


@pytest.mark.parametrize("values", [["45", "44", "43", "42", "41", "40", "39"],
                                    ["9", "8", "7", "6", "5", "4", "3", "2", "1", "0"],
                                    ["1:00", "0:59"], ["12", "2", "12"]])  # fmt: skip
async def test_a_new_count_repaints_the_rows_that_differ_and_shows_the_number(
    values: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _BandApp()
    async with app.run_test(size=(40, 30)) as pilot:
        band = app.query_one(SessionBand)
        _show(band, values[0])
        await pilot.pause()
        rows_repainted: list[int] = []
        original = band.refresh

        def recorded(*regions: Region, **kw: Any) -> Any:
            rows_repainted.extend(y for r in regions for y in range(r.y, r.bottom))
            if not regions:
                rows_repainted.extend(range(band.content_size.height))
            return original(*regions, **kw)

        monkeypatch.setattr(band, "refresh", recorded)
        same_shape = repainted = 0
        for old, new in zip(values, values[1:], strict=False):
            rows_repainted.clear()
            _show(band, new)
            await pilot.pause()
            await pilot.pause()
            number = band.part_region("number")
            expected = number_rows(new, number.height, max_width=number.width)
            assert _shown(_drawn(app, number)) == _shown(expected), new
            assert _shown(band.text_rows("number")) == _shown(expected)
            words = band.part_region("word")
            assert _shown(_drawn(app, words)) == _shown(band.text_rows("word"))
            if len(old) == len(new):  # same shape: only the rows that differ
                before = number_rows(old, number.height, max_width=number.width)
                top = (number.height - len(expected)) // 2  # centred: blank rows around
                differ = [top + y for y in range(len(expected)) if before[y] != expected[y]]
                assert sorted(set(rows_repainted)) == differ
                same_shape += number.height
                repainted += len(differ)
        assert repainted < same_shape or not same_shape  # some rows were left alone


async def test_the_band_draws_its_parts_in_its_colours() -> None:
    app = _BandApp()
    async with app.run_test(size=(60, 20)) as pilot:
        band = app.query_one(SessionBand)
        for tone in TONES:
            _show(band, "7", word="HOLD", tone=tone, side="left", bar=0.5)
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            styles = band.get_component_styles(f"session-band--{tone}")
            number = band.part_region("number")
            drawn_bg = _style(strips[number.y], number.x).bgcolor
            assert Color.from_rich_color(drawn_bg) == styles.background, tone
            side = band.part_region("side")
            left = band.get_component_styles("session-band--left").background
            assert Color.from_rich_color(_style(strips[side.y], side.x).bgcolor) == left
            bar = band.part_region("bar")
            assert bar.height == 1 and bar.bottom == band.content_region.bottom
            drawn = _drawn(app, bar)[0]
            assert drawn == "━" * bar.width
            done = _style(strips[bar.y], bar.x).color
            todo = _style(strips[bar.y], bar.right - 1).color
            assert done != todo  # the part done stands out from the part to do
        _show(band, "", word="DONE", tone="done", bar=None)  # the end: no number, no bar
        await pilot.pause()
        await pilot.pause()
        assert band.part_region("bar").height == 0 and band.part_region("number").width == 0
        assert band.content_size.height == 8  # 40 % of 20 rows, no bar row


async def test_big_words_are_repainted_right_after_a_change() -> None:
    class WordsApp(App[None]):
        def compose(self) -> ComposeResult:
            yield BigText("HOLD", id="w")

    app = WordsApp()
    async with app.run_test(size=(60, 10)) as pilot:
        words = app.query_one(BigText)
        await pilot.pause()
        for word in ("RELEASE", "UP", "DOWN", "PAUSED", "HOLD"):
            words.update(word)
            await pilot.pause()
            drawn = _drawn(app, words.content_region)
            assert _shown(drawn) == _shown(words.render().plain.splitlines()), word


def test_the_bench_routine_loads_with_its_pictures(tmp_path: Path) -> None:
    path = bench_routine(tmp_path)
    loaded = load_file(path)
    assert loaded.routine.id == "neck-desk"
    assert not loaded.routine.check_in.before and not loaded.routine.check_in.after
    pictures = [ex.media.image for ex in loaded.routine.exercises if ex.media and ex.media.image]
    assert pictures and all((path.parent / p).is_file() for p in pictures)
    chin = load_file(bench_routine(tmp_path / "chin", exercise=2))  # the holds-and-releases window
    assert [ex.name for ex in chin.routine.exercises] == ["Chin tucks"]
    assert chin.routine.exercises[0].hold_s


@pytest.mark.parametrize("kind", ["bare", "coach"])
def test_the_bench_harness_measures_both_apps(tmp_path: Path, kind: str) -> None:
    from tests.bench_session import one_run

    (tmp_path / "home").mkdir()
    load = one_run(kind, tmp_path, bench_routine(tmp_path), seconds=0.3, warm_s=1.0)
    assert 0 < load < 5  # CPU seconds per second: a figure, whatever the machine's load


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_holds_releases_and_tempo_parts_do_not_lay_the_screen_out(
    make_app: Any, routines_dir: Path, clock: FakeClock, size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Within an exercise, a new rep, hold, release or tempo part redraws the band and a few
    lines in place: the screen is not laid out again (each time costs two or three layouts)."""
    from tests.tui.test_session_later import TEMPO_ROUTINE, the_session

    routine = load_file(write_routine(routines_dir, TEMPO_ROUTINE))
    app = make_app(start_routine=routine)
    async with app.run_test(size=size) as pilot:
        screen = await the_session(pilot)
        layouts: list[str] = []
        original = screen._refresh_layout

        def counted(*args: Any, **kw: Any) -> Any:
            assert screen.engine is not None
            layouts.append(f"{screen.engine.state.phase.value} {screen.engine.state.tempo_part}")
            return original(*args, **kw)

        monkeypatch.setattr(screen, "_refresh_layout", counted)
        seen: set[str] = set()

        async def second_by_second(seconds: int) -> None:
            for _ in range(seconds):
                clock.advance(1)
                screen.tick()
                await pilot.pause()
                assert screen.engine is not None
                state = screen.engine.state
                seen.add(f"{state.phase.value} {state.tempo_part}")

        await second_by_second(11)  # get ready, then the first hold: laid out once for all
        await settle(pilot)
        layouts.clear()
        await second_by_second(4 + 3 + 5 + 3 + 4)  # holds and releases of rep 1 to 3
        assert {"hold None", "release None"} <= seen
        assert layouts == []
        await second_by_second(1 + 10 + 1)  # the bird-dog's get ready, then its first rep
        await settle(pilot)
        layouts.clear()
        await second_by_second(2 + 3 + 2 + 2)  # down, pause, up, down again
        assert {"work down", "work pause", "work up"} <= seen
        assert layouts == []


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_a_new_exercise_lays_the_screen_out_twice_at_most(
    tmp_path: Path, make_app: Any, clock: FakeClock, size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """From "get ready" (picture, description) to the first rep: set and rep appear, the details
    shrink. One layout, and one more that Textual makes for the widgets it resized; the details'
    scrollbar going away made a third (its column is kept: ``scrollbar-gutter: stable``)."""
    app = make_app(start_routine=load_file(bench_routine(tmp_path)))
    async with app.run_test(size=size) as pilot:
        screen = await start_session(pilot)
        await settle(pilot)  # the picture is read and shown
        assert screen.engine is not None
        assert not screen.query_one("#get-ready-picture").has_class("-empty")
        layouts: list[str] = []
        original = screen._refresh_layout

        def counted(*args: Any, **kw: Any) -> Any:
            layouts.append("layout")
            return original(*args, **kw)

        monkeypatch.setattr(screen, "_refresh_layout", counted)
        clock.advance(10)
        screen.tick()
        await settle(pilot)
        assert screen.engine.state.step is not None
        assert screen.engine.state.step.phase.value == "work"
        assert 1 <= len(layouts) <= 2


async def test_the_collector_leaves_the_heap_from_before_the_session_alone(
    make_app: Any, loaded: Any, clock: FakeClock
) -> None:
    """A full garbage collection walks every tracked object (coach's ~95,000: 35-70 ms): while
    a session runs it walks only what the session made, and what was frozen is given back when
    the session goes (and when the app exits with a session open)."""
    assert gc.get_freeze_count() == 0
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=(80, 24)) as pilot:
        session = await start_session(pilot)
        frozen = gc.get_freeze_count()
        assert frozen > 20_000  # the modules, the app, its screens
        clock.advance(5)
        session.tick()
        await pilot.pause()
        assert len(gc.get_objects()) < frozen / 4  # what a full collection walks now
        session.dismiss()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert gc.get_freeze_count() == 0
        app.open_session(loaded("short-test"))
        await start_session(pilot)
        assert gc.get_freeze_count() > 20_000
    assert gc.get_freeze_count() == 0
