"""Check a routine file's bytes against format v1 and say, in plain words, everything wrong.

``parse_routine(data, source)`` returns the :class:`Routine` or raises :class:`RoutineInvalid`
carrying every :class:`Problem` of the file (file, JSON path, message), in document order. The
reading steps: size, UTF-8, JSON syntax, nesting depth, NaN/Infinity, duplicate keys, ``format``,
then the models (types, bounds, patterns, unknown and missing keys) and the combination rules.
Pure: the caller reads the file (see ``coach.library``). The JSON reading steps, :class:`Problem`
and :class:`RoutineInvalid` live in :mod:`coach.domain.routine_json` (named here too).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
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
from coach.domain.routine_json import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Problem,
    RoutineInvalid,
    Unusable,
    clip,
    read_json,
    show_value,
    written,
)
from coach.domain.schema import child_node, describe_expected, node_at
from coach.domain.text import codepoint, escape_invisible, find_control

_MAX_SUGGESTIONS = 100
"""Closest-key suggestions per file (difflib is slow; a file with thousands of bad keys)."""
# Problems the raw checks below report (more completely) than the model validators.
_RAW_CHECKED = {
    "exercise_combination",
    "measure_bounds",
    "duplicate_measure_id",
    "progression_rule",
    "flare_progression",
}
_OWN_MESSAGES = ("tempo_", "media_", "progression_", "value_error", "assertion_error")
"""Error kinds whose message is already written for a therapist (the models' own checks)."""

__all__ = [
    "MAX_DEPTH", "MAX_FILE_BYTES", "Problem", "RoutineInvalid", "parse_routine", "path_text",
]  # fmt: skip

Loc = tuple[str | int, ...]


# --- words ----------------------------------------------------------------------------------


def path_text(loc: Loc) -> str:
    """A JSON path as the messages write it: ``exercises[2].hold_s``; ``$`` is the document."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "$"


def _quote(key: str) -> str:
    return "'" + escape_invisible(clip(key)) + "'"


class _Collector:
    """Problems with the location they sort by (document order), then the order found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.order: dict[Loc, int] = {}
        self.found: list[tuple[float, int, Problem]] = []
        self.reported: set[Loc] = set()
        self.suggested = 0

    def add(
        self, where: Loc, message: str, sort_loc: Loc | None = None, first: bool = False,
        place: str = "",
    ) -> None:  # fmt: skip
        key = sort_loc if sort_loc is not None else where
        while key not in self.order and key:
            key = key[:-1]
        rank = -1.0 if first else float(self.order.get(key, 0))
        problem = Problem(self.source, path_text(where), message, place)
        self.found.append((rank, len(self.found), problem))

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda item: item[:2])]


def _walk(value: Any, loc: Loc, node: dict[str, Any] | None, out: _Collector) -> None:
    """Record document order; report duplicate keys and explicit nulls at known keys."""
    out.order[loc] = len(out.order)
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            out.add(
                loc,
                f"duplicate key {_quote(key)} (a value written twice is ambiguous)",
                loc + (key,),
            )
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
            where = f" at {path_text(parent)}" if parent else " at the top level"
            hint = _suggest(str(key), parent) if out.suggested < _MAX_SUGGESTIONS else ""
            out.suggested += 1
            # the format's own wording names the place: printed once, not after the path too
            out.add(parent, f"unknown key {_quote(str(key))}{where}{hint}", loc, place=where)
        elif kind == "missing":
            expected = describe_expected(node_at(loc), str(key))
            yield loc[:-1], f"missing required key '{key}' (expected {expected})", loc[:-1]
        elif (
            kind == "string_pattern_mismatch"
            and error.get("ctx", {}).get("pattern") in (TEXT_PATTERN, MULTILINE_TEXT_PATTERN)
            and isinstance(value, str)
        ):
            yield loc, _control_message(value, error["ctx"]["pattern"]), loc
        elif kind == "string_unicode":
            yield (
                loc,
                "contains an unpaired surrogate escape (such as \\ud800), which is not a character",
                loc,
            )
        elif kind.startswith(_OWN_MESSAGES) or not kind:
            yield loc, error["msg"], loc
        else:
            node = node_at(loc)
            if node is None:
                yield loc, error["msg"], loc
                continue
            message = f"expected {describe_expected(node, str(key))}, got {show_value(value)}"
            if isinstance(value, Unusable):
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
    tree = read_json(data, source)
    out = _Collector(source)
    if not isinstance(tree, dict):
        out.add((), f"expected the routine as a JSON object {{...}}, got {show_value(tree)}")
        raise RoutineInvalid(out.problems())
    if "format" not in tree:
        out.add((), "missing required key 'format' (write \"format\": 1)", first=True)
        out.reported.add(("format",))
    elif not (type(tree["format"]) is int and tree["format"] == 1):
        out.add(("format",), f"unsupported format {written(tree['format'])} (this coach reads 1)")
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
