"""The published JSON Schema: generated from the models, committed, and structurally sound."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from coach.domain.routine import exercise_combination_problems
from coach.domain.schema import SCHEMA_ID, routine_json_schema, schema_text

COMMITTED = Path(__file__).resolve().parents[2] / "routines" / "routine.schema.json"
REGENERATE = "python -m coach.domain.schema"


def _nodes(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every schema object in the document with its JSON pointer."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        found.append((where, node))
        for key, value in node.items():
            found.extend(_nodes(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_nodes(value, f"{where}/{index}"))
    return found


def _object_schemas(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(w, n) for w, n in _nodes(schema) if n.get("type") == "object" or "properties" in n
            and "type" in n]


def test_the_committed_schema_is_regenerated_byte_for_byte() -> None:
    assert COMMITTED.is_file(), f"{COMMITTED} is missing: run `{REGENERATE}`"
    assert COMMITTED.read_bytes() == schema_text().encode("utf-8"), (
        f"{COMMITTED} is out of date with coach/domain/routine.py: run `{REGENERATE}` and commit it"
    )


def test_schema_text_is_indented_json_with_a_final_newline() -> None:
    text = schema_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "$schema": ')
    assert json.loads(text) == routine_json_schema()


def test_the_head_names_dialect_id_title_and_description() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] and schema["description"]


def test_every_object_forbids_additional_properties() -> None:
    objects = _object_schemas(routine_json_schema())
    assert {w for w, _ in objects} == {
        "#", "#/$defs/CheckInSpec", "#/$defs/Exercise", "#/$defs/Frequency", "#/$defs/Measure",
        "#/$defs/Media", "#/$defs/Flare", "#/$defs/Progression", "#/$defs/Dose",
    }
    for where, node in objects:
        assert node.get("additionalProperties") is False, where


def test_every_property_is_described() -> None:
    for where, node in _object_schemas(routine_json_schema()):
        for key, prop in node["properties"].items():
            described = prop.get("description") or "$ref" in prop
            assert described, f"{where}/properties/{key} has no description"


def test_every_ref_resolves_and_no_value_may_be_null() -> None:
    schema = routine_json_schema()
    for where, node in _nodes(schema):
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            assert name in schema["$defs"], where
        assert node.get("type") != "null", where
        assert not ("default" in node and node["default"] is None), where


def test_required_keys_match_the_contract() -> None:
    schema = routine_json_schema()
    defs = schema["$defs"]
    assert schema["required"] == ["format", "id", "title", "exercises"]
    assert defs["Exercise"]["required"] == ["name", "kind"]
    assert defs["Measure"]["required"] == ["id", "label", "unit", "better"]
    assert "required" not in defs["Frequency"] and "required" not in defs["CheckInSpec"]
    assert schema["properties"]["format"]["const"] == 1
    assert "$schema" in schema["properties"] and "schema_" not in schema["properties"]


def test_patterns_compile_and_refuse_control_characters() -> None:
    for where, node in _nodes(routine_json_schema()):
        if "pattern" in node:
            pattern = re.compile(node["pattern"])
            assert not pattern.search("a\x1bb"), where


# A tiny evaluator of the keywords the exercise rules use (no JSON Schema library is installed).
def _holds(rule: dict[str, Any], instance: dict[str, Any]) -> bool:
    checks = [all(k in instance for k in rule.get("required", []))]
    for key, sub in rule.get("properties", {}).items():
        if key in instance and "const" in sub:
            checks.append(instance[key] == sub["const"])
    if "not" in rule:
        checks.append(not _holds(rule["not"], instance))
    if "anyOf" in rule:
        checks.append(any(_holds(r, instance) for r in rule["anyOf"]))
    for key, sub in rule.get("dependentSchemas", {}).items():
        if key in instance:
            checks.append(_holds(sub, instance))
    if "if" in rule and _holds(rule["if"], instance):
        checks.append(_holds(rule.get("then", {}), instance))
    return all(checks)


DOSING_KEYS = ["reps", "hold_s", "duration_s", "tempo", "switch_s"]
SIDES = [None, "none", "each", "left", "right", "alternate"]


@pytest.mark.parametrize("side", SIDES)
def test_schema_combination_rules_agree_with_the_python_rules(side: str | None) -> None:
    exercise_rules = routine_json_schema()["$defs"]["Exercise"]
    exercise_rules = {k: v for k, v in exercise_rules.items() if k != "properties"}
    for size in range(len(DOSING_KEYS) + 1):
        for keys in itertools.combinations(DOSING_KEYS, size):
            instance: dict[str, Any] = {"name": "E", "kind": "stretch", **{k: 1 for k in keys}}
            if side is not None:
                instance["side"] = side
            python_ok = not exercise_combination_problems(instance)
            assert _holds(exercise_rules, instance) == python_ok, instance
