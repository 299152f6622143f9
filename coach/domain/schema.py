"""The published JSON Schema of routine files, generated from the models in ``routine.py``.

The models are the single source: ``python -m coach.domain.schema`` regenerates
``routines/routine.schema.json`` (a test fails when the committed file drifts). The schema lets
editors check a file as the therapist types; the Python validation remains the authority (it
also checks what JSON Schema cannot say, such as unique measure ids and ``min`` < ``max``).
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from coach.domain.routine import Routine
from coach.domain.routine_base import ID_PATTERN, IMAGE_PATTERN, TEMPO_PATTERN, VIDEO_PATTERN

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://coach.example/routine.schema.json"
SCHEMA_FILE_NAME = "routine.schema.json"
TITLE = "coach routine file, format 1"


class _RoutineSchemaGenerator(GenerateJsonSchema):
    """Pydantic's generator, adjusted to describe the file rather than the Python model.

    A key may be left out but is never ``null`` in a file, so optional fields are not nullable;
    property titles (derived from Python names) are left out as noise.
    """

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        """An optional key: the value's own schema, without ``null``."""
        return self.generate_inner(schema["schema"])

    def field_title_should_be_set(self, schema: Any) -> bool:
        """No generated per-field titles."""
        return False


def _drop_null_defaults(node: Any) -> None:
    """Remove ``"default": null`` from every property (null is not a valid value in a file)."""
    if isinstance(node, dict):
        if "default" in node and node["default"] is None:
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)


@lru_cache(maxsize=1)
def _cached_schema() -> dict[str, Any]:
    generated = Routine.model_json_schema(
        by_alias=True, mode="validation", schema_generator=_RoutineSchemaGenerator
    )
    _drop_null_defaults(generated)
    generated.pop("title", None)
    head: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": TITLE,
        "description": generated.pop("description", ""),
    }
    return head | generated


def routine_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a routine file, as a fresh dict."""
    return copy.deepcopy(_cached_schema())


def schema_text() -> str:
    """The schema as the committed file's text: 2-space indent, key order kept, final newline."""
    return json.dumps(_cached_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


# --- reading the schema back: where a value sits, and what is expected there, in words --------

_NOUNS = {"Exercise": "exercises", "Measure": "measures"}
_OBJECTS = {
    "Exercise": "an exercise (an object with at least 'name' and 'kind')",
    "Measure": "a measure (an object with 'id', 'label', 'unit' and 'better')",
    "Frequency": 'an object like {"per_day": 1, "days_per_week": 7}',
    "CheckInSpec": 'an object like {"before": true, "after": true}',
    "Media": 'an object like {"image": "images/chin-tuck.png", "video": "https://...", '
    '"credit": "..."}',
    "Flare": 'an object like {"advice": "...", "exercises": [...]}',
    "Progression": 'an object like {"step": {"hold_s": 5}, "max": {"hold_s": 60}, '
    '"after_sessions": 6, "if_pain_at_most": 3}',
    "Dose": 'an object with one or more of "hold_s", "duration_s", "reps", "sets", such as '
    '{"hold_s": 5}',
}
_PATTERN_WORDS = {
    ID_PATTERN: "an id made of lowercase letters, digits and hyphens, starting with a letter or "
    "digit, at most 64 characters",
    TEMPO_PATTERN: 'a tempo of three whole numbers of seconds, down-pause-up, such as "3-1-2"',
    IMAGE_PATTERN: 'a path to a .png or .jpg file inside the routine\'s folder, such as '
    '"images/chin-tuck.png"',
    VIDEO_PATTERN: "an https:// link",
}


def _resolve(node: Any) -> dict[str, Any] | None:
    """The node itself, or the definition its ``$ref`` points to (None when not a schema)."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = _cached_schema()["$defs"].get(ref.removeprefix("#/$defs/"))
        return {**target, "$def": ref.removeprefix("#/$defs/"), **node} if target else None
    return node


def child_node(node: dict[str, Any] | None, part: str | int) -> dict[str, Any] | None:
    """The schema of a key (str) or list item (int) inside ``node``; None when unknown."""
    if node is None:
        return None
    if isinstance(part, int):
        return _resolve(node.get("items"))
    return _resolve(node.get("properties", {}).get(part))


def node_at(loc: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The schema that applies at a location of the document (``()`` is the whole routine)."""
    node: dict[str, Any] | None = _cached_schema()
    for part in loc:
        node = child_node(node, part)
    return node


def _n(value: float) -> str:
    return f"{value:g}"


def describe_expected(node: dict[str, Any] | None, key: str = "") -> str:
    """What a value must be, in words a therapist reads: ``a whole number from 1 to 20``."""
    if node is None:
        return "a valid value"
    if "enum" in node:
        return "one of " + ", ".join(f'"{v}"' for v in node["enum"])
    if "const" in node:
        return json.dumps(node["const"])
    kind = node.get("type")
    low, high = node.get("minimum"), node.get("maximum")
    if kind == "integer":
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        return "a whole number" + (f" of at least {low}" if low is not None else "")
    if kind == "number":
        what = "a number of seconds" if key.endswith("_s") else "a number"
        above = node.get("exclusiveMinimum")
        if above is not None and high is not None:
            return f"{what} more than {_n(above)} and at most {_n(high)}"
        if low is not None and high is not None:
            return f"{what} from {_n(low)} to {_n(high)}"
        return what
    if kind == "string":
        if node.get("pattern") in _PATTERN_WORDS:
            return _PATTERN_WORDS[node["pattern"]]
        shortest, longest = node.get("minLength"), node.get("maxLength")
        if shortest and longest:
            return f"text of {shortest} to {longest} characters"
        if longest:
            return f"text of at most {longest} characters"
        return "text"
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        items = child_node(node, 0) or {}
        noun = _NOUNS.get(items.get("$def", ""), "region names" if key == "regions" else "texts")
        fewest, most = node.get("minItems"), node.get("maxItems")
        if fewest and most:
            return f"a list of {fewest} to {most} {noun}"
        return f"a {'non-empty ' if fewest else ''}list of {noun}"
    return _OBJECTS.get(node.get("$def", ""), "an object")


if __name__ == "__main__":  # the only place the domain writes a file: regenerating the schema
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "routines" / SCHEMA_FILE_NAME
    target.write_text(schema_text(), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
