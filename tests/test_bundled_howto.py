"""The bundled library teaches: a description for every exercise, pictures, flare versions."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from coach.domain.dosage import dosage_warnings
from coach.domain.plan import expand
from coach.library import load_file
from coach.media import image_paths

ROOT = Path(__file__).resolve().parents[1]
ROUTINES = sorted(p for p in (ROOT / "routines").glob("*.json") if p.name != "routine.schema.json")


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_every_exercise_has_a_stepwise_description(path: Path) -> None:
    routine = load_file(path).routine
    flare = routine.flare.exercises if routine.flare else []
    for ex in [*routine.exercises, *flare]:
        assert ex.description, ex.name
        steps = ex.description.splitlines()
        assert len(steps) >= 3 and steps[0].startswith("1. "), ex.name
        assert len(ex.description) <= 2000


def test_at_least_two_routines_have_pictures_and_flare_versions() -> None:
    loaded = [load_file(p).routine for p in ROUTINES]  # load_file checks every picture
    with_pictures = {r.id for r in loaded if image_paths(r)}
    with_flare = {r.id for r in loaded if r.flare is not None}
    assert len(with_pictures & with_flare) >= 2
    assert len(with_flare) >= 4
    for routine in loaded:
        if routine.id in with_pictures:  # every exercise of it has its picture
            assert all(ex.media and ex.media.image for ex in routine.exercises), routine.id


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_flare_versions_are_shorter_and_gentler(path: Path) -> None:
    routine = load_file(path).routine
    if routine.flare is None:
        pytest.skip("no flare version")
    gentle = routine.model_copy(update={"exercises": routine.flare.exercises})
    assert routine.flare.advice
    assert expand(gentle).estimate_s < expand(routine).estimate_s
    assert len(routine.flare.exercises) <= len(routine.exercises)
    assert [(w.path, w.message) for w in dosage_warnings(gentle)] == []


def test_bundled_pictures_are_small_and_what_the_drawing_script_draws() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from draw_routine_pictures import DRAWINGS, draw
    finally:
        sys.path.remove(str(ROOT / "tests"))
    folder = ROOT / "routines" / "images"
    assert sorted(p.stem for p in folder.glob("*.png")) == sorted(DRAWINGS)
    for name in DRAWINGS:
        data = (folder / f"{name}.png").read_bytes()
        assert len(data) < 4096, name
        committed = Image.open(io.BytesIO(data)).convert("RGB").tobytes()
        drawn = Image.open(io.BytesIO(draw(name))).convert("RGB").tobytes()
        assert committed == drawn, f"{name}.png differs from tests/draw_routine_pictures.py"


def test_validate_reports_the_library_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "validate", str(ROOT / "routines")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""  # no problems, no warnings
    assert "invalid" not in proc.stderr and "warning" not in proc.stderr
