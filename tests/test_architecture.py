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
