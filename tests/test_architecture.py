"""The architecture holds: a pure domain, one-way layers with no import cycle, and CLI commands
that open no TUI never load textual.

The import graph is built from the source (every ``import`` statement anywhere: at module level,
inside functions, under ``if TYPE_CHECKING``; relative ones resolved), so an import hidden in a
function for start-up speed still counts.
"""

from __future__ import annotations

import ast
import json
import re
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


# --- the import graph --------------------------------------------------------------------------

LAYERS_BELOW: dict[str, frozenset[str]] = {
    # package under coach -> the coach packages (or top-level modules) it must never import
    "domain": frozenset({"app", "cli", "tui", "services", "storage", "library", "paths",
                         "localtime"}),
    "paths": frozenset({"app", "cli", "tui", "services", "storage", "library", "domain"}),
    "localtime": frozenset({"app", "cli", "tui", "services", "storage", "library", "domain"}),
    "storage": frozenset({"app", "cli", "tui", "services", "library"}),
    "library": frozenset({"app", "cli", "tui", "services", "storage"}),
    "services": frozenset({"app", "cli", "tui"}),
    "app": frozenset({"cli", "tui"}),
    "tui": frozenset({"cli"}),
    "cli": frozenset({"tui"}),
}  # fmt: skip
"""The arrows that point upward (or across the two front ends)."""
LAUNCHER = "coach.cli.tui_cmd"
"""The one CLI module that may import the TUI: it opens the full screen."""
EDGES = ("cli", "tui")
"""The front ends: they reach the data only through the application layer (``coach.app``)."""


def module_name(path: Path, root: Path) -> str:
    """``coach/tui/app.py`` -> ``coach.tui.app``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path, package: str = "coach") -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports anywhere in its source (AST walk)."""
    files = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}

    def known(name: str) -> str | None:  # the module itself, else its closest package
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for mod, path in files.items():
        base = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    up = base.split(".")[: len(base.split(".")) - (node.level - 1)]
                    source = ".".join(up + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # `from coach.storage import schema` imports the module coach.storage.schema
                names = [f"{source}.{a.name}" if f"{source}.{a.name}" in files else source
                         for a in node.names]
            else:
                continue
            for name in names:
                if name == package or name.startswith(package + "."):
                    target = known(name)
                    if target is not None and target != mod:
                        targets.add(target)
        graph[mod] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (each group holds a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Every import that breaks :data:`LAYERS_BELOW` (the launcher may import the TUI)."""
    def layer(mod: str) -> str:
        return mod.split(".")[1] if "." in mod else ""

    wrong = []
    for mod, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer(target) in LAYERS_BELOW.get(layer(mod), frozenset()) and not (
                mod == LAUNCHER and layer(target) == "tui"
            ):
                wrong.append(f"{mod} -> {target}")
    return wrong


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(import_graph(ROOT)) == []


def test_no_import_points_upward_and_no_edge_imports_the_other() -> None:
    assert upward_arrows(import_graph(ROOT)) == []


def storage_from_edges(graph: dict[str, set[str]]) -> list[str]:
    """Every import of ``coach.storage`` from a front end (which must go through coach.app)."""
    return [
        f"{mod} -> {target}"
        for mod, targets in sorted(graph.items())
        if mod.split(".")[1:2] and mod.split(".")[1] in EDGES
        for target in sorted(targets)
        if target == "coach.storage" or target.startswith("coach.storage.")
    ]


def test_the_front_ends_never_import_the_storage() -> None:
    """cli/ and tui/ are parse/ask -> use case -> show: the repository's type, its errors and
    file writes come through coach.app (any import counts: in functions, TYPE_CHECKING)."""
    assert storage_from_edges(import_graph(ROOT)) == []


def test_only_the_launcher_imports_the_tui_from_the_cli() -> None:
    graph = import_graph(ROOT)
    from_cli = {m for m, ts in graph.items() if m.startswith("coach.cli.")
                and any(t.startswith("coach.tui") for t in ts)}  # fmt: skip
    assert from_cli <= {LAUNCHER}


def test_the_graph_sees_imports_in_functions_type_checking_and_relative_ones(
    tmp_path: Path,
) -> None:
    """The checks above would pass on anything if the graph missed imports: show it does not,
    on a small package with the old cycles' shapes (a function-level import back, a
    TYPE_CHECKING import back, a relative import) and an upward arrow."""
    pkg = tmp_path / "coach"
    for folder in ("storage", "tui/screens", "cli", "domain"):
        (pkg / folder).mkdir(parents=True, exist_ok=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "storage/store.py").write_text(
        "def open():\n    from coach.storage import schema\n    return schema\n"
    )
    (pkg / "storage/schema.py").write_text("from .store import open\n")
    (pkg / "tui/screens/session.py").write_text(
        "def ask():\n    from coach.tui.screens import session_checkins\n"
    )
    (pkg / "tui/screens/session_checkins.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from coach.tui.screens.session import SessionScreen\n"
    )
    (pkg / "tui/app.py").write_text("import coach.cli.checkin_cmds\n")
    (pkg / "cli/checkin_cmds.py").write_text("def run():\n    import coach.tui.app\n")
    (pkg / "domain/plan.py").write_text("def f():\n    from coach.storage.store import open\n")
    (pkg / "tui/screens/log.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ...storage import store\n"
    )
    graph = import_graph(tmp_path)
    assert cycles(graph) == [
        ["coach.cli.checkin_cmds", "coach.tui.app"],
        ["coach.storage.schema", "coach.storage.store"],
        ["coach.tui.screens.session", "coach.tui.screens.session_checkins"],
    ]
    assert upward_arrows(graph) == [
        "coach.cli.checkin_cmds -> coach.tui.app",
        "coach.domain.plan -> coach.storage.store",
        "coach.tui.app -> coach.cli.checkin_cmds",
    ]
    assert storage_from_edges(graph) == ["coach.tui.screens.log -> coach.storage.store"]


WRITE_CALLS = {"rename", "write_text", "write_bytes"}
"""Methods that write or move files (on any object: no str or dict method has these names)."""
MODULE_WRITES = {
    "os": {"replace", "rename", "renames", "link", "symlink"},
    "shutil": {"copy", "copy2", "copyfile", "copytree", "move"},
    "tempfile": {"mkstemp", "NamedTemporaryFile", "TemporaryFile"},
}
"""Module functions that write or move files: only coach/storage calls them."""
NOT_FILE_WRITES = {
    ("coach/cli/main.py", "open"),  # stdout to os.devnull once the reader has gone away
    ("coach/cli/plain_runner.py", "open"),  # os.devnull for a silent run
    ("coach/domain/schema.py", "write_text"),  # `python -m coach.domain.schema`: a dev tool
    ("coach/cli/checkin_cmds.py", "rename"),  # psfs.rename: renames an activity, not a file
    ("coach/app/activities.py", "rename"),  # psfs.rename, as above
    ("coach/services/sound.py", "open"),  # wave.open on an in-memory buffer
}


def _writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        if name in WRITE_CALLS or name in MODULE_WRITES.get(owner, ()):
            found.append(name)
        elif name in {"open", "fdopen"}:
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords
                      if k.arg == "mode" and isinstance(k.value, ast.Constant)]  # fmt: skip
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                found.append(name)
    return found


def test_every_file_write_goes_through_the_storage() -> None:
    """Exports, reports, routine copies and caches are written by coach/storage (temp file,
    fsync, rename, fsync the folder), never by hand elsewhere."""
    offenders = []
    for path in sorted(COACH.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("coach/storage/"):
            continue
        offenders += [f"{rel}: {name}()" for name in _writes(path)
                      if (rel, name) not in NOT_FILE_WRITES]  # fmt: skip
    assert offenders == []


# --- what each layer may load -------------------------------------------------------------------


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
    from coach.cli.main import build_parser, parse

    assert build_parser(argv).parse_args(argv) == build_parser().parse_args(argv)
    assert parse(argv) == build_parser().parse_args(argv)


def test_an_unconfigured_command_takes_no_arguments() -> None:
    from coach.cli.main import UsageError, _NotNarrow, build_parser

    assert build_parser(["show", "x"]).parse_args(["show", "x"]).routine == "x"
    with pytest.raises(_NotNarrow):  # a parser for the named commands holds no other one
        build_parser(["show"]).parse_args(["run", "x"])
    with pytest.raises(UsageError, match="unrecognized arguments: x"):
        build_parser(["show"], every=True).parse_args(["run", "x"])  # (not configured)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["foo", "stats"], "invalid choice: 'foo' (choose from 'validate', 'routines', "),
        (["stats", "--bogus"], "unrecognized arguments: --bogus"),
        (["stats", "--version"], "unrecognized arguments: --version"),
        (["--data-dir", "stats"], None),  # the command's name as a value: no command (the TUI)
    ],
)
def test_a_line_the_named_commands_refuse_gets_the_full_parsers_answer(
    argv: list[str], message: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import UsageError, build_parser, parse

    if message is None:
        assert parse(argv) == build_parser().parse_args(argv)
        return
    with pytest.raises(UsageError) as refused:
        parse(argv)
    assert message in str(refused.value)
    assert capsys.readouterr().err.startswith("usage: coach [-h]")  # printed once


@pytest.mark.parametrize("argv", [["--help", "stats"], ["--hel", "stats"], ["-h", "history"]])
def test_help_before_a_command_lists_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import COMMANDS, parse

    with pytest.raises(SystemExit):
        parse(argv)
    out = capsys.readouterr().out
    assert all(f"    {name} " in out for name in COMMANDS), out


def test_a_named_command_sets_up_only_its_own_parser() -> None:
    """Each command's parser costs ~0.2 ms to set up: `coach stats` makes only its own."""
    from coach.cli.main import build_parser

    subs = build_parser(["stats"])._subparsers
    assert subs is not None
    assert list(subs._group_actions[0].choices or ()) == ["stats"]


# --- imports inside functions -------------------------------------------------------------------

LAZY = re.compile(r"#\s*lazy:\s*\S")
"""``# lazy: <reason>``: why an import sits in a function (what it keeps off which fast path)."""


def lazy_imports_without_reason(source: str, name: str = "<source>") -> list[str]:
    """The imports inside functions that give no ``# lazy:`` reason (``name:line``).

    The reason sits on the import's own lines or in the comment lines right above it; one
    comment may head a run of adjacent imports. Imports under ``if TYPE_CHECKING`` load nothing.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    found: dict[int, ast.stmt] = {}

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found[child.lineno] = child
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    import_lines = {n for node in found.values()
                    for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)}  # fmt: skip
    missing = []
    for start, node in sorted(found.items()):
        own = lines[start - 1 : node.end_lineno]
        k = start - 2
        ok = any(LAZY.search(line) for line in own)
        while not ok and k >= 0 and (lines[k].lstrip().startswith("#") or k + 1 in import_lines):
            ok = bool(LAZY.search(lines[k]))
            k -= 1
        if not ok:
            missing.append(f"{name}:{start}")
    return missing


def test_every_import_inside_a_function_says_why_it_is_lazy() -> None:
    """An import in a function hides from a reader what a module needs: it is there only where it
    keeps something off a fast path (`coach --help`, the first frame, `coach stats`...) or must
    wait (textual for the CLI, an optional or platform package), and says so."""
    missing = []
    for path in sorted(COACH.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        missing += lazy_imports_without_reason(path.read_text(encoding="utf-8"), rel)
    assert missing == [], (
        "move these imports to the module top, or put `# lazy: <reason>` right above each (what "
        "it keeps off which fast path: `coach --help`, the first frame, `coach stats`...)"
    )


def test_the_lazy_check_sees_each_import_in_a_function() -> None:
    source = (
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "def f():\n"
        "    # lazy: pydantic stays off `coach --help`\n"
        "    from a import b\n"
        "    from c import (\n"
        "        d,\n"
        "    )\n"
        "    x = 1\n"
        "    import e\n"
        "    import g  # lazy: textual only for the full screen\n"
        "    if TYPE_CHECKING:\n"
        "        import h\n"
        "    def inner():\n"
        "        # a comment that gives no reason\n"
        "        import i\n"
        "        # lazy:\n"
        "        import j\n"
    )
    assert lazy_imports_without_reason(source) == ["<source>:10", "<source>:16", "<source>:18"]
