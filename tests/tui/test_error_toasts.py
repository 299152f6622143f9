"""Every error toast shows its text as written: an error message (from a data folder path, a
routine, the system) that looks like Textual markup is shown literally, never interpreted.

Each test makes one failure path fail with a message full of markup and reads the toast as the
screen draws it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from textual.widgets._toast import Toast

from coach.domain.records import CheckInRecord, PainRating
from coach.storage.errors import StorageError
from coach.storage.repo import Repository
from coach.tui import themes
from coach.tui.screens import session_checkins
from coach.tui.screens.routine import RoutineScreen
from coach.tui.screens.session import SessionScreen
from tests.tui.conftest import settle

SIZE = (100, 30)
MARKUP = "[bold]x[/] in [red]/data[/red] [@click=app.quit]folder[/]"
"""An error message that is also valid Textual markup (it would lose its brackets if read)."""


def _fail(*args: Any, **kwargs: Any) -> None:
    raise StorageError(MARKUP)


def toasts(app: Any) -> list[str]:
    """The text of each toast on the screen, as drawn."""
    return [toast.render().plain for toast in app.screen.query(Toast)]


def shows_literally(app: Any, prefix: str) -> None:
    shown = [t for t in toasts(app) if prefix in t]
    assert shown, toasts(app)
    assert any(f"{prefix}{MARKUP}" in t for t in shown), shown


async def test_the_session_save_error_is_shown_as_written(
    make_app: Any, loaded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Repository, "save_session", _fail)
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert any(isinstance(s, SessionScreen) for s in app.screen_stack)
        shows_literally(app, "Your session could not be saved: ")


async def test_the_pain_rating_save_error_is_shown_as_written(
    make_app: Any, loaded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(start_routine=loaded("short-test"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, SessionScreen))
        monkeypatch.setattr(Repository, "save_checkin", _fail)
        record = CheckInRecord(at=screen.now(), context="during_session",
                               pain=[PainRating(region="neck", value=3)])
        session_checkins.save_checkin(screen, record)
        await settle(pilot)
        shows_literally(app, "Your pain rating could not be saved: ")


async def test_the_program_change_error_is_shown_as_written(
    make_app: Any, loaded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Repository, "add_to_program", _fail)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(RoutineScreen(loaded("short-test"), False))
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        assert toasts(app) and all("[bold]x[/]" in t for t in toasts(app)), toasts(app)
        assert any(t.endswith(MARKUP) for t in toasts(app)), toasts(app)


async def test_the_theme_save_error_is_shown_as_written(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Repository, "set_setting", _fail)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        themes.save_theme(app, "textual-light")
        await settle(pilot)
        shows_literally(app, "The colours could not be saved: ")


async def test_the_add_routine_error_is_shown_as_written(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.app.add_routine as add_routine
    from coach.tui.adding import AddRoutineFlow

    monkeypatch.setattr(add_routine, "install_routine", _fail)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        AddRoutineFlow(app)._install(check=None)  # the file was checked; installing fails
        await settle(pilot)
        shows_literally(app, "The routine was not added: ")


def _notify_calls(tree: ast.AST) -> list[ast.Call]:
    """``x.notify(...)`` calls, and ``call_from_thread(x.notify, ...)`` / ``call_on_ui``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        named = [node.func, *node.args]
        if any(isinstance(n, ast.Attribute) and n.attr == "notify" for n in named):
            found.append(node)
    return found


def _content_message(call: ast.Call) -> bool:
    """The message is built as Content (``plain_content``/``literal``/``Content``): never markup."""
    args = list(call.args)
    if args and isinstance(args[0], ast.Attribute) and args[0].attr == "notify":
        args = args[1:]  # call_from_thread(app.notify, message, ...)
    if not args or not isinstance(args[0], ast.Call):
        return False
    func = args[0].func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name in {"plain_content", "literal", "Content"}


def test_every_toast_in_the_tui_is_plain_text() -> None:
    """Each toast (error or not, including ones added later) passes ``markup=False`` (or builds
    its message as Content): a message that carries a path, a routine's words or a system error
    is never read as markup."""
    root = Path(__file__).resolve().parents[2] / "coach" / "tui"
    missing, seen = [], 0
    for path in sorted(root.rglob("*.py")):
        for call in _notify_calls(ast.parse(path.read_text(encoding="utf-8"))):
            seen += 1
            literal = any(
                k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in call.keywords
            ) or _content_message(call)
            if not literal:
                missing.append(f"{path.relative_to(root)}:{call.lineno}")
    assert seen >= 10  # the walk finds the toasts (it would pass on nothing otherwise)
    assert missing == []
