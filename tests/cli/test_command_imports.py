"""What ``coach stats``, ``coach history`` and ``coach report`` import once their kept files are
there (the second call, as every call after the first is): never the data layer's engines, the
models, the TUI, nor the standard modules their paths were cut off (``decimal``, ``secrets``,
``threading``...). Each import is paid on every call: a regression fails here, not only in
``make bench``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.test_review_kept import built, root  # noqa: F401 - fixtures

# Never on these paths (a new process, the kept files made by the call before):
NEVER = (
    # engines, models and front ends: the validated read and the TUI bring them
    "pydantic", "pydantic_core", "tinydb", "filelock", "plyer", "textual", "rich", "PIL",
    "coach.domain.records", "coach.domain.routine", "coach.library", "coach.storage.repo",
    "coach.storage.store", "coach.tui",
    # standard modules these paths do without (ms each, on every call)
    "decimal",  # clinical.round_half_up rounds the written digits
    "secrets", "random", "hashlib", "hmac",  # temp names and revs: os.urandom
    "threading",  # locks: _thread.allocate_lock
    "asyncio", "subprocess", "logging", "email", "http", "xml", "csv", "tempfile",
    "socket", "ssl", "unittest", "sqlite3", "textwrap",
)  # fmt: skip
# ... nor what only another command needs
NOT_FOR = {
    "stats": ("coach.services.report", "coach.storage.vouched", "coach.domain.history", "html",
              "orjson", "uuid", "platform",  # (the facts: json; orjson is for the logs)
              "coach.domain.record_types"),  # (the records' shapes: types only)
    "history": ("coach.services.report", "coach.services.review", "coach.domain.stats", "html"),
    "report": ("coach.cli.history_cmds",),
}


def imports_of(
    folder: Path, argv: list[str], warm: bool = True, drop: tuple[str, ...] = ()
) -> tuple[set[str], bool]:
    """Run ``coach ARGV`` in a new process (it keeps what it reads; not when ``warm`` is
    False), remove the kept files named in ``drop``, then run it again in a new process; (the
    modules the second imported, whether it printed what the first did)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env["HOME"] = str(folder / "home")
    first = ""
    if warm:
        first = subprocess.run([sys.executable, "-m", "coach", *argv], env=env, text=True,
                               capture_output=True, timeout=60, check=True).stdout  # fmt: skip
    for name in drop:
        (folder / "data" / name).unlink()
    probe = (
        "import contextlib, io, json, sys\n"
        "from coach.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main({argv!r}) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
        "sys.stdout.write(out.getvalue())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    mods, _, shown = done.stdout.partition("\n")
    return set(json.loads(mods)), shown == first


def _hits(mods: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in mods for n in names if m == n or m.startswith(n + ".")}


@pytest.mark.parametrize(
    ("argv", "drop", "reads"),
    [(["stats"], (), "coach.storage.facts_file"),
     (["stats", "--json"], (), "coach.storage.facts_file"),
     (["history", "--since", "4w"], (), "coach.storage.vouched"),
     (["report", "--since", "8w", "--out", "{root}/r.html"], (), "coach.services.report_cache"),
     (["report", "--since", "8w", "--out", "{root}/r.html"], ("report-page.cache.json",),
      "coach.storage.facts_file")],  # fmt: skip
    ids=["stats", "stats --json", "history", "report again", "report from the facts"],
)
def test_the_kept_paths_import_nothing_they_do_without(
    root: Path,  # noqa: F811
    argv: list[str],
    drop: tuple[str, ...],
    reads: str,
) -> None:
    argv = [a.format(root=root) for a in argv]
    argv += ["--data-dir", str(root / "data"), "--routines", str(root / "extra")]
    mods, same = imports_of(root, argv, drop=drop)
    assert same
    assert reads in mods  # (the path meant: what it reads was imported)
    assert _hits(mods, NEVER) == set()
    assert _hits(mods, NOT_FOR[argv[0]]) == set()
    if argv[0] == "report" and not drop:  # the page kept: nothing of the review is made
        assert _hits(mods, ("coach.services.review", "coach.storage.facts_file")) == set()


def test_the_probe_sees_what_a_path_imports(root: Path) -> None:  # noqa: F811
    """The check above can fail: the first call (no kept files yet) reads validated records."""
    argv = ["stats", "--data-dir", str(root / "data"), "--routines", str(root / "extra")]
    mods, _ = imports_of(root, argv, warm=False)
    assert {"pydantic", "coach.domain.records", "tinydb"} <= _hits(mods, NEVER)
