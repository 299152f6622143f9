"""The building blocks of the routine file models: text patterns, field types, the strict base.

Shared by :mod:`coach.domain.routine` (the file's models) and :mod:`coach.domain.routine_extras`
(the optional additions: how-to media and progression rules).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
TEMPO_PATTERN = r"^[0-9]+-[0-9]+-[0-9]+$"
TEXT_PATTERN = r"^[^\x00-\x1F\x7F-\x9F]*$"
"""Plain one-line text: no control character (U+0000-U+001F, U+007F-U+009F)."""
MULTILINE_TEXT_PATTERN = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"
"""Long text (summary, advice, note, description): no control character but newline and tab."""
IMAGE_PATTERN = (
    r"^[^/\\\x00-\x1F\x7F-\x9F][^\\\x00-\x1F\x7F-\x9F]*\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$"
)
"""A relative path with forward slashes to a .png/.jpg/.jpeg file (``..`` is refused apart)."""
VIDEO_PATTERN = r"^https://[^\s\x00-\x1F\x7F-\x9F]+$"
"""An https link: nothing else is shown as a link (coach never fetches it)."""
DESCRIPTION_MAX = 2000
"""Longest how-to ``description`` of an exercise, in characters."""
TEMPO_PART_MAX_S = 600
"""Addition to the contract: each tempo number is at most 600 s (the ``hold_s`` ceiling)."""

Kind = Literal["stretch", "strength", "mobility", "release", "posture", "breathing", "cardio"]
Side = Literal["none", "each", "left", "right", "alternate"]
DEFAULT_SWITCH_S = 5.0

Text = Annotated[str, Field(pattern=TEXT_PATTERN)]
LongText = Annotated[str, Field(pattern=MULTILINE_TEXT_PATTERN)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX, pattern=MULTILINE_TEXT_PATTERN)]
RegionName = Annotated[str, Field(min_length=1, max_length=40, pattern=TEXT_PATTERN)]

# The bounds of the dose keys (the exercise's own fields and a progression's step and max).
Sets = Annotated[int, Field(ge=1, le=20)]
Reps = Annotated[int, Field(ge=1, le=100)]
HoldSeconds = Annotated[float, Field(gt=0, le=600)]
DurationSeconds = Annotated[float, Field(gt=0, le=3600)]


class Strict(BaseModel):
    """Base: strict types (no bool-as-number, no str-as-number), unknown keys refused."""

    model_config = ConfigDict(
        strict=True, extra="forbid", allow_inf_nan=False, frozen=True, populate_by_name=True
    )
