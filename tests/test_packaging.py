"""A non-editable install (``pip install .``, a wheel) carries the bundled routine library."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coach import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_holds_every_bundled_routine_the_schema_and_the_styles(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("coach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = sorted(p.name for p in (ROOT / "routines").glob("*.json"))
    assert "routine.schema.json" in bundled and len(bundled) >= 9
    missing = [n for n in bundled if f"coach/_routines/{n}" not in names]
    assert missing == []
    pictures = sorted(p.name for p in (ROOT / "routines" / "images").glob("*.png"))
    assert pictures and [n for n in pictures if f"coach/_routines/images/{n}" not in names] == []
    # the screens' and dialogs' style files (CSS_PATH): without them the TUI does not start
    styles = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "coach").rglob("*.tcss"))
    assert len(styles) >= 20 and [n for n in styles if n not in names] == []


def test_an_installed_package_finds_its_own_copy_of_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "coach"
    (package / "_routines").mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    assert paths.bundled_routines_dir() == (package / "_routines").resolve()
    (package / "_routines").rmdir()  # a source checkout: the top-level routines/ folder
    assert paths.bundled_routines_dir() == (tmp_path / "routines").resolve()
