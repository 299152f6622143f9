"""Check a routine file's bytes against format v1 and say, in plain words, everything wrong.

``parse_routine(data, source)`` returns the :class:`Routine` or raises :class:`RoutineInvalid`
carrying every :class:`Problem` of the file (file, JSON path, message), in document order. The
reading steps: size, UTF-8, JSON syntax, nesting depth, NaN/Infinity, duplicate keys, ``format``,
then the models (types, bounds, patterns, unknown and missing keys) and the combination rules.
Pure: the caller reads the file (see ``coach.library``).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from coach.domain.routine import (
    FLARE_PROGRESSION_PROBLEM,
    Routine,
    duplicate_measure_ids,
    exercise_combination_problems,
    measure_bounds_problem,
)
from coach.domain.routine_base import MULTILINE_TEXT_PATTERN, TEXT_PATTERN
from coach.domain.routine_extras import progression_problems
from coach.domain.schema import child_node, describe_expected, node_at
from coach.domain.text import codepoint, escape_invisible, find_control, terminal_safe

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this (1 MiB) are refused unread."""
MAX_DEPTH = 32
"""Deepest nesting of objects and lists accepted."""
_BOM = b"\xef\xbb\xbf"
_MAX_INT_DIGITS = 1000
_MAX_SUGGESTIONS = 100
"""Closest-key suggestions per file (difflib is slow; a file with thousands of bad keys)."""
# Problems the raw checks below report (more completely) than the model validators.
_RAW_CHECKED = {
    "exercise_combination", "measure_bounds", "duplicate_measure_id", "progression_rule",
    "flare_progression",
}
_OWN_MESSAGES = ("tempo_", "media_", "progression_", "value_error", "assertion_error")
"""Error kinds whose message is already written for a therapist (the models' own checks)."""

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file: ``FILE: PATH: message`` when printed."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return terminal_safe(f"{self.file}: {self.path}: {self.message}")


class RoutineInvalid(Exception):
    """A routine file was refused; ``problems`` says everything that is wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems: list[Problem] = list(problems)


@dataclass(frozen=True)
class _Unusable:
    """A JSON number that is not a number here (NaN, Infinity, out of range), kept for messages."""

    text: str
    why: str


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys written more than once."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    # Addition to the contract (ROUTINE_FORMAT.md does not mention duplicate keys): JSON parsers
    # silently keep the last value, so {"hold_s": 30, "hold_s": 300} would run a dosage the
    # therapist may not have meant. A repeated key is refused.
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj and key not in obj.duplicates:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _parse_constant(text: str) -> _Unusable:
    return _Unusable(text, "NaN and Infinity are not numbers in a routine file")


def _parse_float(text: str) -> float | _Unusable:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Unusable(_clip(text), "too large to be a number here")
    return value


def _parse_int(text: str) -> int | _Unusable:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return _Unusable(f"a number of {len(text)} digits", "too large to be a number here")
    return int(text)


# --- words ----------------------------------------------------------------------------------


def path_text(loc: Loc) -> str:
    """A JSON path as the messages write it: ``exercises[2].hold_s``; ``$`` is the document."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "$"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(key: str) -> str:
    return "'" + escape_invisible(_clip(key)) + "'"


def _show(value: Any) -> str:
    """What was found, in words: ``true``, ``12``, ``the text "10"``, ``a list of 3 items``."""
    if isinstance(value, _Unusable):
        return value.text
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        digits = len(str(abs(value)))
        return str(value) if digits <= 20 else f"a number of {digits} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        if not value:
            return "an empty text"
        shown = f'the text "{escape_invisible(_clip(value))}"'
        return shown if len(value) <= 40 else f"{shown} ({len(value)} characters)"
    if isinstance(value, list):
        n = len(value)
        return "an empty list" if n == 0 else f"a list of {n} item{'s' if n != 1 else ''}"
    if isinstance(value, dict):
        return "an object"
    return "a value of an unexpected kind"


def _written(value: Any) -> str:
    """A value roughly as written in the file (for 'unsupported format N')."""
    if isinstance(value, _Unusable):
        return value.text
    if isinstance(value, float):
        return repr(value)
    try:
        return _clip(json.dumps(value, ensure_ascii=True))
    except (TypeError, ValueError):
        return _show(value)


# --- the steps ------------------------------------------------------------------------------

_JSON_MESSAGES = (
    ("Expecting value", "expected a value (a number, text in double quotes, true, false, "
     "a list [...] or an object {...})"),
    ("Expecting property name", "expected a key in double quotes (a comma before '}' "
     "also causes this)"),
    ("Expecting ':'", "expected ':' after the key"),
    ("Expecting ','", "expected ',' between items, or the end of the list or object"),
    ("Unterminated string", "text in double quotes is not closed (a \" is missing)"),
    ("Invalid control character", "a line break or control character inside text in double "
     "quotes (write \\n for a new line)"),
    ("Invalid \\uXXXX", "a \\u escape needs four hexadecimal digits"),
    ("Invalid \\escape", "a backslash must start an escape such as \\n, \\\" or \\\\"),
    ("Extra data", "more text after the end of the routine's object"),
)


def _json_problem(err: json.JSONDecodeError) -> str:
    plain = next((words for start, words in _JSON_MESSAGES if err.msg.startswith(start)), err.msg)
    return f"this is not valid JSON at line {err.lineno}, column {err.colno}: {plain}"


def _too_deep(tree: Any) -> bool:
    """True when objects and lists nest deeper than MAX_DEPTH (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _read_json(data: bytes, source: str) -> Any:
    """Size, encoding, syntax and depth checks; the parsed document (objects as _Object)."""
    def refuse(message: str) -> RoutineInvalid:
        return RoutineInvalid([Problem(source, "$", message)])

    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"the file is larger than 1 MiB ({len(data)} bytes); it was not read")
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = err.start + skip
        raise refuse(
            f"the file is not UTF-8 text: the byte 0x{data[offset]:02X} at byte offset {offset} "
            "is not valid UTF-8 (save the file as UTF-8)"
        ) from None
    if not text.strip():
        raise refuse("the file is empty (expected a routine: a JSON object)")
    try:
        tree = json.loads(
            text,
            object_pairs_hook=_object_pairs,
            parse_constant=_parse_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as err:
        raise refuse(_json_problem(err)) from None
    except RecursionError:
        tree = None
        deep = True
    else:
        deep = _too_deep(tree)
    if deep:
        raise refuse(f"the JSON is nested deeper than {MAX_DEPTH} levels")
    return tree


class _Collector:
    """Problems with the location they sort by (document order), then the order found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.order: dict[Loc, int] = {}
        self.found: list[tuple[float, int, Problem]] = []
        self.reported: set[Loc] = set()
        self.suggested = 0

    def add(
        self, where: Loc, message: str, sort_loc: Loc | None = None, first: bool = False
    ) -> None:
        key = sort_loc if sort_loc is not None else where
        while key not in self.order and key:
            key = key[:-1]
        rank = -1.0 if first else float(self.order.get(key, 0))
        problem = Problem(self.source, path_text(where), message)
        self.found.append((rank, len(self.found), problem))

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda item: item[:2])]


def _walk(value: Any, loc: Loc, node: dict[str, Any] | None, out: _Collector) -> None:
    """Record document order; report duplicate keys and explicit nulls at known keys."""
    out.order[loc] = len(out.order)
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            out.add(loc, f"duplicate key {_quote(key)} (a value written twice is ambiguous)",
                     loc + (key,))
        properties = (node or {}).get("properties", {})
        for key, child in value.items():
            child_loc = loc + (key,)
            if key not in properties:
                out.order[child_loc] = len(out.order)
                continue
            inner = child_node(node, key)
            if child is None:
                out.order[child_loc] = len(out.order)
                out.add(child_loc, f"expected {describe_expected(inner, key)}, got null")
                out.reported.add(child_loc)
            else:
                _walk(child, child_loc, inner, out)
    elif isinstance(value, list) and node is not None:
        inner = child_node(node, 0)
        for index, child in enumerate(value):
            _walk(child, loc + (index,), inner, out)


def _exercise_rules(exercises: Any, where: Loc, out: _Collector, flare: bool = False) -> None:
    if not isinstance(exercises, list):
        return
    for index, exercise in enumerate(exercises):
        if not isinstance(exercise, dict):
            continue
        for message in exercise_combination_problems(exercise):
            out.add(where + (index,), message)
        if flare and "progression" in exercise:
            out.add(where + (index, "progression"), FLARE_PROGRESSION_PROBLEM)
            continue
        for message in progression_problems(exercise):
            out.add(where + (index, "progression"), message)


def _raw_rules(top: dict[str, Any], out: _Collector) -> None:
    """The rules beyond field types, checked on the file as written."""
    _exercise_rules(top.get("exercises"), ("exercises",), out)
    flare = top.get("flare")
    if isinstance(flare, dict):
        _exercise_rules(flare.get("exercises"), ("flare", "exercises"), out, flare=True)
    check_in = top.get("check_in")
    measures = check_in.get("measures") if isinstance(check_in, dict) else None
    if not isinstance(measures, list):
        return
    for index, measure in enumerate(measures):
        if isinstance(measure, dict):
            problem = measure_bounds_problem(measure.get("min"), measure.get("max"))
            if problem:
                out.add(("check_in", "measures", index), problem)
    ids = [m.get("id") if isinstance(m, dict) else None for m in measures]
    for index, first in duplicate_measure_ids(ids):
        where: Loc = ("check_in", "measures", index, "id")
        earlier = path_text(("check_in", "measures", first, "id"))
        out.add(where, f"duplicate measure id {_quote(str(ids[index]))} (also at {earlier})")


def _model_problems(err: ValidationError, out: _Collector) -> Iterator[tuple[Loc, str, Loc]]:
    """Each pydantic error as (path, message, location to sort by)."""
    for error in err.errors(include_url=False):
        kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
        if kind in _RAW_CHECKED or loc in out.reported:
            continue
        key = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            parent = loc[:-1]
            where = f"at {path_text(parent)}" if parent else "at the top level"
            hint = _suggest(str(key), parent) if out.suggested < _MAX_SUGGESTIONS else ""
            out.suggested += 1
            yield parent, f"unknown key {_quote(str(key))} {where}{hint}", loc
        elif kind == "missing":
            expected = describe_expected(node_at(loc), str(key))
            yield loc[:-1], f"missing required key '{key}' (expected {expected})", loc[:-1]
        elif kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") in (
            TEXT_PATTERN, MULTILINE_TEXT_PATTERN
        ) and isinstance(value, str):
            yield loc, _control_message(value, error["ctx"]["pattern"]), loc
        elif kind == "string_unicode":
            yield loc, "contains an unpaired surrogate escape (such as \\ud800), which is not a " \
                "character", loc
        elif kind.startswith(_OWN_MESSAGES) or not kind:
            yield loc, error["msg"], loc
        else:
            node = node_at(loc)
            if node is None:
                yield loc, error["msg"], loc
                continue
            message = f"expected {describe_expected(node, str(key))}, got {_show(value)}"
            if isinstance(value, _Unusable):
                message += f" ({value.why})"
            yield loc, message, loc


def _suggest(key: str, parent: Loc) -> str:
    valid = list((node_at(parent) or {}).get("properties", {}))
    lowered = {k.lower(): k for k in valid}
    close = difflib.get_close_matches(key.lower(), list(lowered), n=1)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def _control_message(value: str, pattern: str) -> str:
    multiline = pattern == MULTILINE_TEXT_PATTERN
    index = find_control(value, allow_newline_tab=multiline) or 0
    allowed = "only newline and tab are allowed" if multiline else "none is allowed"
    return (
        f"contains the control character {codepoint(value[index])} at character {index + 1}; "
        f"control characters are not allowed in text ({allowed} here)"
    )


def _check(data: bytes, source: str) -> Routine:
    tree = _read_json(data, source)
    out = _Collector(source)
    if not isinstance(tree, dict):
        out.add((), f"expected the routine as a JSON object {{...}}, got {_show(tree)}")
        raise RoutineInvalid(out.problems())
    if "format" not in tree:
        out.add((), "missing required key 'format' (write \"format\": 1)", first=True)
        out.reported.add(("format",))
    elif not (type(tree["format"]) is int and tree["format"] == 1):
        out.add(("format",), f"unsupported format {_written(tree['format'])} (this coach reads 1)")
        raise RoutineInvalid(out.problems())
    _walk(tree, (), node_at(()), out)
    _raw_rules(tree, out)
    routine: Routine | None = None
    try:
        routine = Routine.model_validate(tree, by_name=False)
    except ValidationError as err:
        for where, message, sort_loc in _model_problems(err, out):
            out.add(where, message, sort_loc)
    problems = out.problems()
    if problems or routine is None:
        raise RoutineInvalid(problems or [Problem(source, "$", "the routine was refused")])
    return routine


def parse_routine(data: bytes, source: str) -> Routine:
    """Validate a routine file's bytes; ``source`` names the file in the problems.

    Raises RoutineInvalid with every problem found; no other exception escapes for any input.
    """
    try:
        return _check(data, source)
    except RoutineInvalid:
        raise
    except Exception as err:  # last resort: a bug here must not become a traceback for a client
        message = f"this file could not be checked (internal error: {type(err).__name__})"
        raise RoutineInvalid([Problem(source, "$", message)]) from err
