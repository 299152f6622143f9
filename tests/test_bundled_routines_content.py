"""Content checks on the bundled routine library (``routines/*.json``).

These hold whatever the file validator does: they are about what a therapist expects of a
library handed to a client (every exercise says where it works and how to do it, every
routine carries safety advice and a check-in), not about the file format itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coach.domain.dosage import dosage_warnings
from coach.domain.routine import ID_PATTERN, Routine
from coach.domain.validation import parse_routine

ROUTINES_DIR = Path(__file__).resolve().parents[1] / "routines"
SCHEMA_NAME = "routine.schema.json"

NO_MEASURE_OK: dict[str, str] = {
    # id -> why this routine records no mobility measure. Every bundled routine has a
    # measure today; a routine with nothing sensible to measure (e.g. a pure breathing
    # or relaxation routine) goes here with its reason.
}

CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _files() -> list[Path]:
    return sorted(p for p in ROUTINES_DIR.glob("*.json") if p.name != SCHEMA_NAME)


def _raw(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path.name
    return data


FILES = _files()
IDS = [p.stem for p in FILES]


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    """Every string (keys included) in a JSON value, with its JSON path."""
    found: list[tuple[str, str]] = []
    if isinstance(value, str):
        found.append((where, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.append((f"{where}.{key} (key)", key))
            found.extend(_strings(item, f"{where}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_strings(item, f"{where}[{i}]"))
    return found


def test_library_has_at_least_eight_routines() -> None:
    assert len(FILES) >= 8, [p.name for p in FILES]


def test_core_routines_are_bundled() -> None:
    expected = {
        "neck-desk",
        "low-back-mcgill",
        "shoulder-basics",
        "knee-basics",
        "upper-crossed",
        "glute-release",
        "thoracic-mobility",
        "ankle-mobility",
    }
    assert expected <= set(IDS), expected - set(IDS)


def test_ids_are_unique() -> None:
    ids = [_raw(p)["id"] for p in FILES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


@pytest.fixture(params=FILES, ids=IDS)
def path(request: pytest.FixtureRequest) -> Path:
    """One bundled routine file."""
    return request.param


@pytest.fixture
def routine(path: Path) -> Routine:
    """The file parsed by the format model (strict: unknown keys and wrong types refused)."""
    return Routine.model_validate(_raw(path))


def test_full_validator_accepts_file(path: Path) -> None:
    parsed = parse_routine(path.read_bytes(), str(path))
    assert parsed == Routine.model_validate(_raw(path))


def test_id_matches_file_name(path: Path) -> None:
    data = _raw(path)
    assert data["id"] == path.stem
    assert re.match(ID_PATTERN, data["id"])


def test_header_names_schema_and_format(path: Path) -> None:
    data = _raw(path)
    assert list(data)[:2] == ["$schema", "format"]
    assert data["$schema"] == "./routine.schema.json"
    assert data["format"] == 1


def test_every_exercise_has_region_and_cues(routine: Routine) -> None:
    for i, ex in enumerate(routine.exercises):
        assert ex.region, f"exercises[{i}] ({ex.name}) has no region"
        assert 1 <= len(ex.cues) <= 4, f"exercises[{i}] ({ex.name}) has {len(ex.cues)} cues"
        assert all(cue.strip() for cue in ex.cues), f"exercises[{i}] has an empty cue"


def test_routine_has_summary_author_tags_and_advice(routine: Routine) -> None:
    assert routine.summary and routine.summary.strip()
    assert routine.author == "coach library"
    assert routine.tags
    assert routine.advice and routine.advice.strip()


def test_advice_covers_the_stop_rules(routine: Routine) -> None:
    advice = (routine.advice or "").lower()
    for phrase in ("sharp pain", "worse", "numbness", "tingling", "therapist"):
        assert phrase in advice, f"advice does not mention {phrase!r}"


def test_pain_stop_is_conservative(routine: Routine) -> None:
    assert routine.pain_stop <= 7


def test_check_in_asks_about_regions(routine: Routine) -> None:
    assert routine.check_in.before and routine.check_in.after
    assert routine.check_in.regions, "check_in.regions is missing or empty"
    exercise_regions = {ex.region for ex in routine.exercises}
    assert set(routine.check_in.regions) & exercise_regions, (
        "the pain question asks about none of the regions the exercises work on"
    )


def test_routine_has_a_measure_unless_justified(routine: Routine) -> None:
    if routine.id in NO_MEASURE_OK:
        assert NO_MEASURE_OK[routine.id].strip()
        return
    assert routine.check_in.measures, "no mobility measure in check_in.measures"


def test_measures_are_bounded_and_have_units(routine: Routine) -> None:
    for m in routine.check_in.measures:
        assert m.unit.strip(), m.id
        assert m.min is not None and m.max is not None, f"{m.id} has no min/max"
        assert m.min < m.max, m.id


def test_size_and_length_fit_a_home_session(routine: Routine) -> None:
    assert 1 <= len(routine.exercises) <= 8
    assert routine.frequency.per_day <= 3


def test_no_dosage_warnings(routine: Routine) -> None:
    warnings = dosage_warnings(routine)
    assert [(w.path, w.message) for w in warnings] == []


def test_no_control_characters_anywhere(path: Path) -> None:
    """None at all, but the newlines between the numbered steps of a description."""
    for where, text in _strings(_raw(path), "$"):
        if where.endswith(".description"):
            text = text.replace("\n", " ")
        assert not CONTROL_CHARS.search(text), f"control character in {where}"


def test_side_each_exercises_set_switch_time(routine: Routine) -> None:
    """A deliberate pause to change sides where the client has to change position."""
    for i, ex in enumerate(routine.exercises):
        if ex.side == "each":
            assert ex.switch_s is not None, f"exercises[{i}] ({ex.name}) has no switch_s"
        else:
            assert ex.switch_s is None, f"exercises[{i}] ({ex.name}) has a stray switch_s"
