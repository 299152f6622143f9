"""The architecture holds: a pure domain, and CLI commands that open no TUI never load textual."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COACH = ROOT / "coach"
UI_PACKAGES = ("tui",)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_modules_import_no_textual_storage_or_ui() -> None:
    offenders = []
    for path in sorted((COACH / "domain").rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in {"textual", "rich", "tinydb", "filelock", "plyer"} or name.startswith(
                ("coach.tui", "coach.cli", "coach.storage", "coach.services")
            ):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_only_the_ui_layer_imports_textual_at_module_level() -> None:
    offenders = []
    for path in sorted(COACH.rglob("*.py")):
        rel = path.relative_to(COACH)
        if rel.parts[0] in UI_PACKAGES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: lazy imports inside functions are fine
            mods = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module]
            for mod in mods:
                if mod.split(".")[0] == "textual" or mod.startswith("coach.tui"):
                    offenders.append(f"coach/{rel} imports {mod}")
    assert offenders == []


def _loaded_modules(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_importing_the_domain_does_not_load_textual() -> None:
    mods = _loaded_modules(
        "import coach.domain.routine, coach.domain.plan, coach.domain.records, "
        "coach.domain.validation, coach.domain.describe, coach.domain.dosage, "
        "coach.domain.timer, coach.domain.diff"
    )
    assert not {m for m in mods if m.split(".")[0] in {"textual", "rich", "tinydb"}}


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "routines"],
        ["routines"],
        ["show", "neck-desk"],
        ["schema"],
        ["program"],
        ["history"],
        ["checkin", "--pain", "neck=2"],
        ["stats"],
        ["export", "--format", "json"],
        ["remind", "list"],
        ["doctor"],
        ["activities"],
    ],
)
def test_cli_commands_without_tui_do_not_load_textual(argv: list[str], tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from coach.cli.main import main\n"
        "quiet = contextlib.redirect_stdout(io.StringIO())\n"
        "with quiet, contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({argv!r} + ['--data-dir', {str(tmp_path)!r}])\n"
    )
    mods = _loaded_modules(code)
    assert "textual" not in mods
    assert "coach.tui" not in mods


# The first frame of the TUI and `coach --help` need none of the data layer: pydantic alone takes
# longer to import than Textual takes to draw, and the storage brings tinydb and filelock.
HEAVY = ("pydantic", "pydantic_core", "tinydb", "filelock", "plyer")
DATA_LAYER = ("coach.storage", "coach.library", "coach.domain.records", "coach.domain.routine")


def _heavy(mods: set[str]) -> set[str]:
    return {m for m in mods if m.split(".")[0] in HEAVY or m.startswith(DATA_LAYER)}


def test_importing_the_tui_app_loads_no_pydantic_nor_storage() -> None:
    mods = _loaded_modules("import coach.tui.app")
    assert "coach.tui.screens.home" in mods  # the first screen comes with the app
    assert _heavy(mods) == set()


@pytest.mark.parametrize("argv", [["--help"], ["program", "--help"], ["show", "--help"]])
def test_cli_help_loads_no_pydantic_nor_storage(argv: list[str]) -> None:
    code = (
        "import io, contextlib\n"
        "from coach.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit as stop:\n"
        "        assert stop.code == 0, stop.code\n"
        "assert 'usage: coach' in out.getvalue(), out.getvalue()\n"
    )
    mods = _loaded_modules(code)
    assert "argparse" in mods
    assert _heavy(mods) == set()
    assert "textual" not in mods


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "neck-desk"],
        ["run", "neck-desk", "--speed", "2", "--plain"],
        ["--data-dir", "show", "program"],  # a command's name as an option's value
        ["history", "edit", "c1", "--pain", "neck=3"],
        ["remind", "add", "neck-desk", "08:00"],
        ["checkin", "--pain", "neck=2", "--routines", "x"],
        [],
    ],
)
def test_configuring_only_the_named_command_parses_as_the_full_parser(argv: list[str]) -> None:
    from coach.cli.main import build_parser

    assert build_parser(argv).parse_args(argv) == build_parser().parse_args(argv)


def test_an_unconfigured_command_takes_no_arguments() -> None:
    from coach.cli.main import UsageError, build_parser

    assert build_parser(["show", "x"]).parse_args(["show", "x"]).routine == "x"
    with pytest.raises(UsageError, match="unrecognized arguments: x"):
        build_parser(["show"]).parse_args(["run", "x"])  # so only named ones may be skipped
