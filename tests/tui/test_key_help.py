"""Key help is built from the bindings (issue #12): a new key shows in the help by itself, every
screen's and dialog's keys are in its help with their words, and no hand-kept key list is left.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

import coach.tui
from coach.domain.records import SessionRecord
from coach.tui.dialogs.help import HelpDialog
from coach.tui.key_help import help_lines, key_hint, key_label, own_bindings
from coach.tui.screens.log import LogScreen
from tests.tui.conftest import SHORT_ROUTINE, settle, write_routine
from tests.tui.test_checkin_screens import Host, routine_doc

TUI = Path(coach.tui.__file__).resolve().parent
TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 8, 30, tzinfo=TZ)


def screens(folder: Path) -> dict[str, Callable[[], Screen[Any]]]:
    """Every screen and dialog a client meets, made with test data (routines in ``folder``)."""
    from coach.library import load_file
    from coach.tui.adding import RoutineFilePicker
    from coach.tui.dialogs.activities import ActivitiesDialog
    from coach.tui.dialogs.confirm import ConfirmDialog
    from coach.tui.dialogs.file_problems import FileProblemsDialog
    from coach.tui.dialogs.measures import MeasuresDialog
    from coach.tui.dialogs.pain_rating import PainRatingDialog
    from coach.tui.dialogs.pain_stop import PainStopDialog
    from coach.tui.dialogs.quit_session import QuitSessionDialog
    from coach.tui.dialogs.red_flags import RedFlagsDialog
    from coach.tui.dialogs.resume import ResumeDialog
    from coach.tui.screens.checkin import CheckInScreen
    from coach.tui.screens.history import HistoryScreen
    from coach.tui.screens.reminders import RemindersScreen
    from coach.tui.screens.routine import RoutineScreen
    from coach.tui.screens.settings import SettingsScreen
    from coach.tui.screens.setup import SetupScreen

    short = load_file(write_routine(folder, SHORT_ROUTINE))
    neck = load_file(write_routine(folder, routine_doc(["neck"])))
    record = SessionRecord(
        routine_id="short-test", routine_title="Short", routine_hash="0" * 64,
        started_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC), resume_step=3,
    )  # fmt: skip
    return {
        "activities": ActivitiesDialog,
        "confirm": lambda: ConfirmDialog("Really?"),
        "file problems": lambda: FileProblemsDialog("Bad file", ["line 1"], "Ask"),
        "measures": lambda: MeasuresDialog(neck.routine),
        "pain rating": lambda: PainRatingDialog(["neck"], title="Pain before"),
        "pain stop": lambda: PainStopDialog("Stop gently", 4, 7),
        "quit session": QuitSessionDialog,
        "red flags": RedFlagsDialog,
        "resume": lambda: ResumeDialog(record, stopped_at="Squat"),
        "check-in": lambda: CheckInScreen(now=lambda: NOW, tz=TZ),
        "log": lambda: LogScreen(tz=TZ),
        "reminders": lambda: RemindersScreen(now=lambda: NOW),
        "settings": SettingsScreen,
        "set-up": SetupScreen,
        "routine": lambda: RoutineScreen(short, True),
        "progress": lambda: HistoryScreen(now=NOW, tz=TZ),
        "file picker": lambda: RoutineFilePicker(folder),
    }


async def shown_help(screen: Screen[Any], data_dir: Path) -> tuple[Screen[Any], str, str]:
    """Open ``screen`` in a host app and its help as ``?`` does: (screen, title, key lines)."""
    app = Host(screen, data_dir=data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        dialog = HelpDialog.for_screen(app.screen)
        app.push_screen(dialog)
        await pilot.pause()
        keys = "\n".join(f"{k}  {w}" for k, w in dialog.shown_lines())
        return screen, dialog.title_text, keys


def key_line(keys_text: str, binding: Binding) -> str | None:
    """The help line listing ``binding``'s key, if any (keys are left of the words)."""
    label = key_label(binding.key)
    for line in keys_text.splitlines():
        keys = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        if label in re.split(r" or | ", keys):
            return line
    return None


@pytest.mark.parametrize("name", list(screens(Path("/nonexistent-only-for-names")).keys()))
async def test_every_key_of_every_screen_is_in_its_help_with_its_words(
    tmp_path: Path, name: str
) -> None:
    screen, title, keys = await shown_help(screens(tmp_path / "routines")[name](), tmp_path)
    assert title and title != type(screen).__name__  # a name a client understands
    assert own_bindings(screen)
    for binding in own_bindings(screen):
        line = key_line(keys, binding)
        assert line is not None, f"{binding.key} missing from the help of {name}"
        words = binding.tooltip or binding.description
        assert words[1:] in line, f"{binding.key}: {words!r} not in {line!r}"


async def test_a_new_binding_appears_in_the_help_by_itself(tmp_path: Path) -> None:
    class LogWithExport(LogScreen):
        CSS_PATH = str(Path(inspect.getfile(LogScreen)).with_suffix(".tcss"))
        BINDINGS = [Binding("x", "export", "Export", tooltip="save the log as a file")]

    _, _, before = await shown_help(LogScreen(tz=TZ), tmp_path)
    _, _, after = await shown_help(LogWithExport(tz=TZ), tmp_path)
    assert "save the log" not in before
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line.split() for line in added] == [["x", "save", "the", "log", "as", "a", "file"]]


async def at_home(pilot: Any) -> None:
    """Settle, then close what covers the start screen (the red-flags notice on a first run)."""
    from coach.tui.screens.home import HomeScreen

    await settle(pilot)
    while not isinstance(pilot.app.screen, HomeScreen):
        pilot.app.pop_screen()
        await pilot.pause()


async def test_the_home_help_lists_the_home_bindings_in_their_order(make_app: Any) -> None:
    from coach.tui.screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await at_home(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == "the start screen"
        text = "\n".join(f"{k}  {w}" for k, w in app.screen.shown_lines())
    rows = [re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in text.splitlines()]
    own = [(key_label(b.key), b.tooltip) for b in own_bindings(HomeScreen())]
    keys = {keys: words for keys, words in rows}
    assert keys["↑ ↓"] == "move up and down the list"  # the lists' own keys
    assert keys["q or Ctrl+Q"] == "quit coach"  # the app's Ctrl+Q shares the line
    listed = [(k, w) for k, w in own if k != "q"]
    assert [row for row in rows if tuple(row) in listed] == [list(x) for x in listed]


async def test_question_mark_opens_the_help_of_a_screen_without_a_help_key(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(LogScreen(tz=TZ))
        await settle(pilot)
        assert not any(b.key == "question_mark" for b in own_bindings(app.screen))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == "your log"
        text = "\n".join(f"{k}  {w}" for k, w in app.screen.shown_lines())
        assert "delete the entry under the cursor (asks first)" in text
        await pilot.press("question_mark")  # closes it, does not open a help of the help
        assert isinstance(app.screen, LogScreen)


class Skipper(Screen[None]):
    BINDINGS = [Binding("right,n", "skip", "Skip", key_display="→")]


async def test_the_pain_dialog_keys_it_reads_itself_are_in_its_help(make_app: Any) -> None:
    from coach.tui.dialogs.pain_rating import PainRatingDialog

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        dialog = PainRatingDialog(["neck", "shoulder"], title="Pain before")
        results: list[Any] = []
        app.push_screen(dialog, results.append)
        await pilot.pause()
        await pilot.press("3", "question_mark")  # ? is not a rating key: it opens the help
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == "rating your pain"
        lines = dict(app.screen.shown_lines())
        assert lines["s or S or Shift+S"] == "skip this region (kept as skipped)"
        assert lines["Enter"] == "the next region (after the last one: save)"
        await pilot.press("escape")
        assert app.screen is dialog and dialog.scales()[0].value == 3  # the rating goes on
        await pilot.press("enter", "s")  # neck stays 3; shoulder skipped, the last: answered
        await settle(pilot)
    assert [(r.region, r.value) for r in results[0]] == [("neck", 3), ("shoulder", None)]


async def test_keys_are_named_as_a_client_reads_them(tmp_path: Path) -> None:
    assert [key_label(k) for k in ("question_mark", "ctrl+p", "right", "escape", "n")] == [
        "?", "Ctrl+P", "→", "Escape", "n"
    ]  # fmt: skip
    app = Host(Skipper(), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert help_lines(app.screen)[0] == ("→ or n", "skip")  # one line for both keys



PAIN_HINT = "Type 0-10 (10: 1 then 0) or ← →.  Enter: next.  S: skip.  Esc: cancel."


async def test_the_pain_dialog_hint_line_is_built_from_its_bindings(make_app: Any) -> None:
    from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog

    class SpaceForNext(PainRatingDialog):
        KEY_BINDINGS = [
            Binding("space", "next", "Go on", tooltip="the next region"),
            Binding("a", "step(-1)", "Less", tooltip="one less"),
        ]

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for dialog, hint in [
            (PainRatingDialog(["neck", "shoulder"]), PAIN_HINT),
            (QuickPainDialog("neck"), PAIN_HINT),
            (SpaceForNext(["neck"]), PAIN_HINT.replace("Enter: next", "Space: go on").replace(
                "← →", "A →"
            )),
        ]:
            app.push_screen(dialog)
            await pilot.pause()
            shown = str(dialog.query_one(".keys", Static).render())
            assert shown == hint == dialog.keys_hint()
            dialog.dismiss(None)
            await pilot.pause()


async def test_key_hint_takes_each_bindings_first_key_in_the_order_asked(tmp_path: Path) -> None:
    app = Host(Skipper(), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert key_hint(app.screen, ["skip"]) == "→: skip."  # "right,n": the first key only
        assert key_hint(app.screen, ["nothing", "skip"], "Lead.") == "Lead.  →: skip."
        assert key_hint(app.screen, ["nothing"]) == ""
        assert key_hint(app.screen, [], "Press {skip} to skip.") == "Press → to skip."


async def test_the_log_and_measures_hints_take_their_keys_from_the_bindings(
    tmp_path: Path,
) -> None:
    from coach.domain.routine import Routine
    from coach.tui.dialogs.measures import MeasuresDialog

    class LogWithX(LogScreen):
        BINDINGS = [Binding("x", "edit", "Edit", tooltip="change the check-in")]
        CSS_PATH = str(TUI / "screens" / "log.tcss")

    class MeasuresWithQ(MeasuresDialog):
        BINDINGS = [Binding("q", "skip_all", "Skip all")]

    routine = Routine.model_validate(routine_doc(["neck"]))
    expected = [
        (LogScreen(tz=TZ), "E: edit a check-in.  D: delete."),
        (LogWithX(tz=TZ), "X: edit a check-in.  D: delete."),
        (MeasuresDialog(routine), "Type each value (Enter: next). Leave a field empty to skip "
         "it. Esc: skip all."),
        (MeasuresWithQ(routine), "Type each value (Enter: next). Leave a field empty to skip "
         "it. Q: skip all."),
    ]  # fmt: skip
    for screen, hint in expected:
        app = Host(screen, data_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            if isinstance(screen, LogScreen):
                assert screen.keys_hint() == hint
            else:
                assert str(screen.query_one(".hint", Static).render()) == hint

# ------------------------------------------------------------------ no hand-kept key list

KEY_LIKE = re.compile(
    r"^(\?|!|[a-zA-Z]|Enter|Escape|Esc|Space|Tab|Shift\+\w+|Ctrl\+\w+|[↑↓←→]|Delete|Backspace)"
    r"( |$|/| or )"
)


def key_lists(tree: ast.AST) -> list[int]:
    """Lines of list/tuple literals holding two or more ``("key", "words")`` pairs."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.List | ast.Tuple):
            continue
        pairs = [
            e for e in node.elts
            if isinstance(e, ast.Tuple) and len(e.elts) == 2
            and all(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in e.elts)
            and KEY_LIKE.match(e.elts[0].value)  # type: ignore[attr-defined]
        ]  # fmt: skip
        if len(pairs) >= 2:
            found.append(node.lineno)
    return found


def test_no_hand_kept_key_list_is_left_in_the_tui() -> None:
    wrong = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        wrong += [f"{path.relative_to(TUI)}:{line}" for line in key_lists(tree)]
        for node in ast.walk(tree):  # the help dialog is made from a screen, nowhere by hand
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "HelpDialog"
                    and path.name != "help.py"):  # fmt: skip
                wrong.append(f"{path.relative_to(TUI)}:{node.lineno} HelpDialog(...)")
    assert wrong == []


def test_the_key_list_check_finds_the_old_lists() -> None:
    old = 'KEYS = [("↑ ↓", "move"), ("Enter", "open"), ("?", "this help")]\nX = [("a", "b")]'
    assert key_lists(ast.parse(old)) == [1]


def test_every_screen_names_itself_for_the_help() -> None:
    unnamed = []
    for info in pkgutil.walk_packages([str(TUI)], prefix="coach.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            ours = cls.__module__ == info.name and issubclass(cls, Screen)
            if ours and own_class_bindings(cls) and not getattr(cls, "HELP_TITLE", ""):
                unnamed.append(cls.__name__)
    assert unnamed == []


def own_class_bindings(cls: type) -> bool:
    return any("BINDINGS" in c.__dict__ for c in cls.__mro__ if c.__module__.startswith("coach"))


async def test_app_keys_that_do_nothing_on_a_screen_are_not_in_its_help(
    make_app: Any, loaded: Any
) -> None:
    """Ctrl+R (start the reminded routine) is offered on the start screen, not during a session,
    where it starts nothing."""
    from coach.tui.screens.session import SessionScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await at_home(pilot)
        assert any("Ctrl+R" in keys for keys, _ in help_lines(app.screen))
    session_app = make_app(start_routine=loaded("short-test"))
    async with session_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        session = session_app.screen
        assert isinstance(session, SessionScreen)
        assert session_app.session_running()
        assert not any("Ctrl+R" in keys for keys, _ in help_lines(session))
        await pilot.press("question_mark")  # the help on top: the session still runs under it
        assert isinstance(session_app.screen, HelpDialog)
        assert session_app.session_running()
        text = "\n".join(f"{k}  {w}" for k, w in session_app.screen.shown_lines())
        assert "Ctrl+R" not in text and "Space" in text
        assert session_app.check_action("start_reminded", ()) is False
