"""Read a routine file's bytes as JSON, refusing what a JSON parser would take silently.

The first steps of :func:`coach.domain.validation.parse_routine`: size, UTF-8, JSON syntax,
nesting depth, NaN/Infinity and huge numbers (kept as :class:`Unusable` for the messages),
duplicate keys (remembered on each object); and how a value found is named in a message. Pure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coach.domain.text import escape_invisible, terminal_safe

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this (1 MiB) are refused unread."""
MAX_DEPTH = 32
"""Deepest nesting of objects and lists accepted."""
_BOM = b"\xef\xbb\xbf"
_MAX_INT_DIGITS = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file: ``FILE: PATH: message`` when printed (``FILE:
    message`` for the file as a whole, path ``$``: no ``$`` for a reader to puzzle over; and
    when the message names the place itself, ``place``: the path is never said twice)."""

    file: str
    path: str
    message: str
    place: str = ""
    """The words of ``message`` that name where (`` at exercises[2]`` in ``unknown key
    'hold_sec' at exercises[2] (did you mean 'hold_s'?)``, the format's own example), or ""."""

    def __str__(self) -> str:
        if self.path == "$" or self.place:
            return terminal_safe(f"{self.file}: {self.message}")
        return terminal_safe(f"{self.file}: {self.path}: {self.message}")

    @property
    def what(self) -> str:
        """The message without the words naming the place (for a reader told the place in
        other words: ``exercise 3: unknown key 'hold_sec' (did you mean 'hold_s'?)``)."""
        return self.message.replace(self.place, "", 1) if self.place else self.message


class RoutineInvalid(Exception):
    """A routine file was refused; ``problems`` says everything that is wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems: list[Problem] = list(problems)


@dataclass(frozen=True)
class Unusable:
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


def _parse_constant(text: str) -> Unusable:
    return Unusable(text, "NaN and Infinity are not numbers in a routine file")


def _parse_float(text: str) -> float | Unusable:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return Unusable(clip(text), "too large to be a number here")
    return value


def _parse_int(text: str) -> int | Unusable:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return Unusable(f"a number of {len(text)} digits", "too large to be a number here")
    return int(text)


# --- values in words ------------------------------------------------------------------------


def clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_value(value: Any) -> str:
    """What was found, in words: ``true``, ``12``, ``the text "10"``, ``a list of 3 items``."""
    if isinstance(value, Unusable):
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
        shown = f'the text "{escape_invisible(clip(value))}"'
        return shown if len(value) <= 40 else f"{shown} ({len(value)} characters)"
    if isinstance(value, list):
        n = len(value)
        return "an empty list" if n == 0 else f"a list of {n} item{'s' if n != 1 else ''}"
    if isinstance(value, dict):
        return "an object"
    return "a value of an unexpected kind"


def written(value: Any) -> str:
    """A value roughly as written in the file (for 'unsupported format N')."""
    if isinstance(value, Unusable):
        return value.text
    if isinstance(value, float):
        return repr(value)
    try:
        return clip(json.dumps(value, ensure_ascii=True))
    except (TypeError, ValueError):
        return show_value(value)


# --- reading --------------------------------------------------------------------------------

_JSON_MESSAGES = (
    (
        "Expecting value",
        "expected a value (a number, text in double quotes, true, false, "
        "a list [...] or an object {...})",
    ),
    (
        "Expecting property name",
        "expected a key in double quotes (a comma before '}' also causes this)",
    ),
    ("Expecting ':'", "expected ':' after the key"),
    ("Expecting ','", "expected ',' between items, or the end of the list or object"),
    ("Unterminated string", 'text in double quotes is not closed (a " is missing)'),
    (
        "Invalid control character",
        "a line break or control character inside text in double quotes (write \\n for a new line)",
    ),
    ("Invalid \\uXXXX", "a \\u escape needs four hexadecimal digits"),
    ("Invalid \\escape", 'a backslash must start an escape such as \\n, \\" or \\\\'),
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


def read_json(data: bytes, source: str) -> Any:
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
