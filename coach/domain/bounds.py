"""The bounds every record must keep, in one place (pure).

Every record that enters coach (typed, imported, or read back from disk) is validated with the
same field types, so a record that is accepted can never break a later read, sum or display:

- :data:`Moment`: a date-time with a UTC offset between 1970-01-01 and 2100-12-31 (UTC), so it
  can be shown in any time zone without overflowing;
- :data:`Id`, :data:`Name`, :data:`Note`...: text without control characters (a note may
  keep newline and tab), without direction overrides (bidi) or zero-width characters, and
  without unpaired surrogates;
- finite numbers within the field's bounds (NaN and infinity are refused by the
  records' model configuration).

The types are pydantic ``Annotated`` constraints, checked by pydantic-core itself (no Python
code per record), so fast bulk reads keep their speed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, Field

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""The earliest moment a record may carry."""
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
"""The latest moment a record may carry."""

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Direction overrides and marks (bidi), zero-width characters, and the byte-order mark: invisible
# characters that change how a line reads on the terminal or in a report.
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_SURROGATES = "\ud800-\udfff"
FORBIDDEN_CHARS = f"\t\n{_CONTROL}{_INVISIBLE}{_SURROGATES}"
"""Every character a one-line text may not hold (a character class body)."""
ONE_LINE_PATTERN = f"^[^{FORBIDDEN_CHARS}]*$"
MULTI_LINE_PATTERN = f"^[^{_CONTROL}{_INVISIBLE}{_SURROGATES}]*$"
_FORBIDDEN_RE = re.compile(f"[{FORBIDDEN_CHARS}]")
_FORBIDDEN_MULTI_RE = re.compile(f"[{_CONTROL}{_INVISIBLE}{_SURROGATES}]")

Moment = Annotated[AwareDatetime, Field(ge=EARLIEST, le=LATEST)]
"""A date-time with its UTC offset, 1970 to 2100."""


def forbidden_char(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` a record may not hold, or None."""
    found = (_FORBIDDEN_MULTI_RE if multiline else _FORBIDDEN_RE).search(value)
    return None if found is None else found.group()


def strip_invisible(value: str) -> str:
    """``value`` without bidi, zero-width and surrogate characters (text a user types)."""
    return re.sub(f"[{_INVISIBLE}{_SURROGATES}]", "", value)


def _one_line(low: int, high: int) -> Any:
    return Field(min_length=low, max_length=high, pattern=ONE_LINE_PATTERN)


Id = Annotated[str, _one_line(1, 100)]
"""A record id (coach writes 32 hexadecimal digits; an import may carry others)."""
Name = Annotated[str, _one_line(1, 200)]
"""A routine title, an exercise's name, a region, a measure's id, an activity's name."""
Word = Annotated[str, _one_line(1, 20)]
"""A short word (an excused day's reason)."""
Key = Annotated[str, _one_line(1, 300)]
"""A setting's or a sent reminder's key."""
Digest = Annotated[str, _one_line(0, 128)]
"""A routine file's sha256."""
PathText = Annotated[str, _one_line(1, 4096)]
"""A file path as coach keeps it."""
Note = Annotated[str, Field(max_length=1000, pattern=MULTI_LINE_PATTERN)]
"""A client's note: up to 1,000 characters; newline and tab allowed."""
MEASURE_LIMIT = 1_000_000.0
"""A measure's value is at most this far from zero, whatever its unit."""
MeasureValue = Annotated[float, Field(ge=-MEASURE_LIMIT, le=MEASURE_LIMIT, allow_inf_nan=False)]
Score = Annotated[int, Field(ge=0, le=10)]
"""A 0-10 score."""


def plain_error(error: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in plain words.

    The location is left to the caller; the message never quotes the forbidden character raw.
    """
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        found = forbidden_char(value, multiline=True) or forbidden_char(value) or ""
        where = value.find(found) + 1 if found else 0
        return (
            f"the text holds the invisible or control character U+{ord(found):04X} at "
            f"character {where}" if found else "the text holds a character coach does not accept"
        )
    if kind == "string_unicode":
        return "the text holds a character that is not valid Unicode"
    if kind == "timezone_aware":
        return "the time has no UTC offset (write it like 2026-03-01T08:30:00+01:00)"
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = next(iter(error.get("ctx", {}).values()), "")
        if isinstance(bound, datetime) or str(bound)[:4] in ("1970", "2100"):
            return "the time is not between 1970 and 2100 (UTC)"
        return f"{_short(value)} is out of bounds ({error.get('msg', '').lower()})"
    if kind == "finite_number":
        return "the number is not finite (NaN or infinity)"
    return str(error.get("msg", "not valid"))


def _short(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        return "a number of many digits"
    shown = repr(value)
    return shown if len(shown) <= 24 else f"a value of {len(shown)} characters"
