"""One rule for styles (issue #12): a screen or dialog keeps its styles in a ``.tcss`` file next to
its module, named after it and loaded with ``CSS_PATH``; ``DEFAULT_CSS`` only in the reusable
widgets of ``coach/tui/widgets/``; no inline ``CSS``.

A ``CSS_PATH`` file applies to the whole app once its screen has been shown (Textual does not
scope it), so each rule in a screen's file must start with the screen's own type: a ``.row``
rule of the check-in screen must not restyle the rows of the reminder screen opened later.
``app.tcss`` is the one file of app-wide defaults.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

import coach.tui

TUI = Path(coach.tui.__file__).resolve().parent
WIDGETS = TUI / "widgets"
APP_WIDE = TUI / "app.tcss"

def tui_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages([str(TUI)], prefix="coach.tui.")
    )


def styled_classes() -> list[type[DOMNode]]:
    """Every screen and app class defined in coach/tui that names its own CSS files."""
    found: list[type[DOMNode]] = []
    for name in tui_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, Screen | App):
                continue
            if "CSS_PATH" in cls.__dict__:
                found.append(cls)
    return found


def css_files(cls: type[DOMNode]) -> list[Path]:
    """The files of ``cls.CSS_PATH``, resolved the way Textual does (relative to the module)."""
    paths = cls.__dict__["CSS_PATH"]
    if isinstance(paths, str | Path):
        paths = [paths]
    here = Path(inspect.getfile(cls)).parent
    return [(here / path).resolve() for path in paths]


def own_file(cls: type[DOMNode]) -> Path:
    """Where a class's own styles belong: ``<module>.tcss`` next to its module."""
    return Path(inspect.getfile(cls)).resolve().with_suffix(".tcss")


def class_css_assignments(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(class, attribute, line) of every ``DEFAULT_CSS``/``CSS`` set in a class body."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            targets: list[ast.expr] = []
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in {"DEFAULT_CSS", "CSS"}:
                    found.append((node.name, target.id, statement.lineno))
    return found


def rules_of(path: Path) -> list[list[str]]:
    """The first selector names of every rule in a ``.tcss`` file (nested rules flattened)."""
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source(path.read_text(encoding="utf-8"), read_from=(str(path), ""))
    sheet.parse()
    return [
        [selectors.selectors[0].name for selectors in rule.selector_set]
        for rule in sheet.rules
    ]


def test_only_reusable_widgets_carry_default_css_and_nothing_carries_inline_css() -> None:
    wrong = []
    for path in sorted(TUI.rglob("*.py")):
        relative = path.relative_to(TUI).as_posix()
        for cls, attribute, line in class_css_assignments(ast.parse(path.read_text("utf-8"))):
            if attribute == "DEFAULT_CSS" and path.is_relative_to(WIDGETS):
                continue
            wrong.append(f"{relative}:{line} {cls}.{attribute}")
    assert wrong == [], "move these styles to a .tcss file next to the screen/dialog"


def test_every_screen_style_file_is_next_to_its_module_and_named_after_it() -> None:
    classes = styled_classes()
    assert len(classes) >= 15  # the app, the screens, the dialogs
    shared = {file for cls in classes for base in cls.__mro__[1:] if "CSS_PATH" in
              base.__dict__ and base.__module__.startswith("coach.") for file in css_files(base)}
    wrong = []
    for cls in classes:
        for file in css_files(cls):
            if not file.is_file():
                wrong.append(f"{cls.__name__}: {file} does not exist")
            elif file not in shared and file != own_file(cls) and file != APP_WIDE:
                wrong.append(f"{cls.__name__}: {file.name} is not {own_file(cls).name}")
    assert wrong == []


def test_no_style_file_is_left_unused() -> None:
    used = {file for cls in styled_classes() for file in css_files(cls)}
    unused = sorted(str(p.relative_to(TUI)) for p in TUI.rglob("*.tcss") if p not in used)
    assert unused == []
    assert APP_WIDE in used


def test_each_rule_of_a_screen_file_starts_with_its_screen() -> None:
    owners = {
        own_file(cls): cls.__name__
        for cls in styled_classes()
        if own_file(cls) in css_files(cls) and own_file(cls) != APP_WIDE
    }
    assert len(owners) >= 15
    wrong = []
    for file, owner in sorted(owners.items()):
        # (a shared file, the dialog box, starts with its base class: every subclass matches)
        wrong += [f"{file.name}: a rule starts with {name!r}, not {owner!r}"
                  for names in rules_of(file) for name in names if name != owner]  # fmt: skip
    assert wrong == []


def test_the_rules_check_catches_an_unscoped_rule(tmp_path: Path) -> None:
    sheet = tmp_path / "x.tcss"
    sheet.write_text(
        "XScreen #a { width: 1; }\n.row { height: 1; }\nXScreen { & .b { width: 2; } }"
    )
    assert rules_of(sheet) == [["XScreen"], ["row"], ["XScreen"], ["XScreen"]]


def test_the_ast_check_catches_inline_styles() -> None:
    source = 'class A:\n    DEFAULT_CSS = "A {}"\nclass B:\n    CSS: str = "B {}"\n'
    assert class_css_assignments(ast.parse(source)) == [
        ("A", "DEFAULT_CSS", 2), ("B", "CSS", 4)
    ]
