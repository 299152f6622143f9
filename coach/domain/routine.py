"""Routine file format v1 (``shared/ROUTINE_FORMAT.md``) as strict pydantic models.

These models are the single source of truth for validation and for the published JSON Schema
(``routines/routine.schema.json``). Field names are the file's keys.

The rules that pydantic field types cannot express (how an exercise says how long it lasts,
measure bounds, unique measure ids) are pure functions here, used both by the model validators
and by :mod:`coach.domain.validation`, which checks them on the raw file so that every problem
of a file is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, get_args

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from coach.domain.routine_base import (  # noqa: F401  (re-exported: the file format's names)
    DEFAULT_SWITCH_S,
    DESCRIPTION_MAX,
    ID_PATTERN,
    IMAGE_PATTERN,
    MULTILINE_TEXT_PATTERN,
    TEMPO_PART_MAX_S,
    TEMPO_PATTERN,
    TEXT_PATTERN,
    VIDEO_PATTERN,
    Description,
    DurationSeconds,
    HoldSeconds,
    Kind,
    LongText,
    RegionName,
    Reps,
    Sets,
    Side,
    Text,
)
from coach.domain.routine_base import Strict as _Strict
from coach.domain.routine_extras import Media, Progression, progression_problems

# --- rules beyond field types (pure; shared with coach.domain.validation) -------------------


def exercise_combination_problems(exercise: Mapping[str, Any]) -> list[str]:
    """What is wrong with how an exercise says how long it lasts (empty when nothing).

    ``exercise`` maps keys to values as written; a key counts as given when its value is not
    None, whatever its type (a mistyped value is reported elsewhere).
    """
    has = {key for key, value in exercise.items() if value is not None}
    side = exercise.get("side")
    problems: list[str] = []
    if "tempo" in has:
        if "reps" not in has:
            problems.append("'tempo' needs 'reps' (the tempo times each rep)")
        for other in ("hold_s", "duration_s"):
            if other in has:
                problems.append(f"'tempo' cannot be combined with '{other}'")
    if "duration_s" in has:
        for other in ("reps", "hold_s"):
            if other in has:
                problems.append(f"'duration_s' cannot be combined with '{other}'")
    if not has & {"duration_s", "hold_s", "reps", "tempo"}:
        problems.append(
            "does not say how long it lasts: give 'duration_s', or 'hold_s' (with or without "
            "'reps'), or 'reps' with 'tempo', or 'reps' alone"
        )
    if side == "alternate" and "reps" not in has:
        problems.append("'side: alternate' needs 'reps' (the reps alternate left and right)")
    if "switch_s" in has and (side is None or side in get_args(Side)) and side != "each":
        shown = "not given, so 'none'" if side is None else f"'{side}'"
        problems.append(f"'switch_s' is only allowed with 'side: each' (here 'side' is {shown})")
    return problems


def measure_bounds_problem(low: Any, high: Any) -> str | None:
    """The problem with a measure's ``min``/``max`` (None when fine or not both numbers)."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
    if numbers and not low < high:
        return f"'min' ({low:g}) must be less than 'max' ({high:g})"
    return None


def duplicate_measure_ids(ids: Sequence[Any]) -> list[tuple[int, int]]:
    """Pairs (index, index of the first measure with the same id) for every repeated id."""
    first: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []
    for index, measure_id in enumerate(ids):
        if not isinstance(measure_id, str):
            continue
        if measure_id in first:
            repeats.append((index, first[measure_id]))
        else:
            first[measure_id] = index
    return repeats


def tempo_problem(tempo: str) -> str | None:
    """Addition to the contract: a tempo whose rep lasts 0 s, or a part above 600 s, is refused."""
    parts = [int(p) if len(p) <= 6 else TEMPO_PART_MAX_S + 1 for p in tempo.split("-")]
    if any(p > TEMPO_PART_MAX_S for p in parts):
        return f'each number of the tempo "{tempo[:40]}" must be at most {TEMPO_PART_MAX_S} seconds'
    if sum(parts) == 0:
        return f'a rep of tempo "{tempo}" would last no time: one of the numbers must be above 0'
    return None


# --- models ------------------------------------------------------------------------------------


class Frequency(_Strict):
    """The prescription: bouts per day and days per week."""

    per_day: Annotated[int, Field(ge=1, le=6, description="Sessions a day, 1 to 6.")] = 1
    days_per_week: Annotated[int, Field(ge=1, le=7, description="Days a week, 1 to 7.")] = 7


class Measure(_Strict):
    """A therapist-defined mobility measure the client records."""

    id: Annotated[
        str, Field(pattern=ID_PATTERN, description="Identifier, unique in the file; logs use it.")
    ]
    label: Annotated[
        str,
        Field(min_length=1, max_length=80, pattern=TEXT_PATTERN, description="Shown to the user."),
    ]
    unit: Annotated[
        str,
        Field(min_length=1, max_length=20, pattern=TEXT_PATTERN, description="e.g. cm, degrees."),
    ]
    better: Literal["higher", "lower"] = Field(description="Which way is improvement.")
    min: float | None = Field(default=None, description="Lowest value the client may record.")
    max: float | None = Field(default=None, description="Highest value the client may record.")

    @model_validator(mode="after")
    def _bounds(self) -> Measure:
        problem = measure_bounds_problem(self.min, self.max)
        if problem:
            raise PydanticCustomError("measure_bounds", problem)
        return self


class CheckInSpec(_Strict):
    """What to ask before and after the routine."""

    before: bool = Field(default=True, description="Ask for pain (0-10) before the session.")
    after: bool = Field(default=True, description="Ask for pain (0-10) after the session.")
    regions: Annotated[list[RegionName], Field(min_length=1)] | None = Field(
        default=None,
        description="Regions the pain question asks about; default: the exercises' regions.",
    )
    measures: list[Measure] = Field(
        default_factory=list, description="Mobility measures the client records."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> CheckInSpec:
        repeats = duplicate_measure_ids([m.id for m in self.measures])
        if repeats:
            index, _ = repeats[0]
            raise PydanticCustomError(
                "duplicate_measure_id", f"duplicate measure id '{self.measures[index].id}'"
            )
        return self


# The combination rules, as far as JSON Schema can say them (the Python checks are the authority).
_EXERCISE_SCHEMA_RULES: dict[str, Any] = {
    "anyOf": [{"required": ["duration_s"]}, {"required": ["hold_s"]}, {"required": ["reps"]}],
    "dependentSchemas": {
        "tempo": {
            "required": ["reps"],
            "not": {"anyOf": [{"required": ["hold_s"]}, {"required": ["duration_s"]}]},
        },
        "duration_s": {"not": {"anyOf": [{"required": ["reps"]}, {"required": ["hold_s"]}]}},
        "switch_s": {"required": ["side"], "properties": {"side": {"const": "each"}}},
    },
    "if": {"required": ["side"], "properties": {"side": {"const": "alternate"}}},
    "then": {"required": ["reps"]},
}


class Exercise(_Strict):
    """One exercise of a routine, with exactly one way of saying how long it lasts.

    One of: duration_s; hold_s (with or without reps); reps with tempo; reps alone.
    """

    model_config = ConfigDict(json_schema_extra=_EXERCISE_SCHEMA_RULES)

    name: Annotated[str, Field(min_length=1, max_length=60, pattern=TEXT_PATTERN)] = Field(
        description="Shown to the client."
    )
    kind: Kind = Field(
        description="What sort of exercise; 'release' is self soft-tissue work (ball, roller)."
    )
    region: RegionName | None = Field(
        default=None, description="Body region it targets, e.g. neck, low-back, shoulder."
    )
    cues: list[Text] = Field(
        default_factory=list, description="Short coaching cues shown during the exercise."
    )
    equipment: list[Text] = Field(default_factory=list, description="e.g. band, tennis ball.")
    sets: Annotated[int, Field(ge=1, le=20)] = Field(
        default=1, description="How many times the whole prescription is done."
    )
    reps: Annotated[int, Field(ge=1, le=100)] | None = Field(
        default=None, description="Repetitions per set (per side with side each or alternate)."
    )
    hold_s: Annotated[float, Field(gt=0, le=600)] | None = Field(
        default=None, description="Seconds to hold each rep (with reps) or the single hold."
    )
    duration_s: Annotated[float, Field(gt=0, le=3600)] | None = Field(
        default=None, description="A timed block per set, in seconds; excludes reps and hold_s."
    )
    tempo: Annotated[str, Field(pattern=TEMPO_PATTERN)] | None = Field(
        default=None,
        description='Seconds down-pause-up per rep, e.g. "3-1-2"; needs reps, excludes hold_s.',
    )
    rest_s: Annotated[float, Field(ge=0, le=600)] = Field(
        default=0, description="Rest between sets (and between sides), in seconds."
    )
    side: Side = Field(
        default="none",
        description="each: all sets left, then right; alternate: reps alternate within a set.",
    )
    switch_s: Annotated[float, Field(ge=0, le=60)] | None = Field(
        default=None,
        description="Pause to change sides, in seconds (default 5); only with side each.",
        json_schema_extra={"default": DEFAULT_SWITCH_S},
    )
    note: LongText | None = Field(default=None, description="Longer instruction.")
    description: Description | None = Field(
        default=None,
        description="How to do it, in plain steps; shown before the session and by --plain.",
    )
    media: Media | None = Field(
        default=None, description="A picture next to the routine file and/or a video link."
    )
    progression: Progression | None = Field(
        default=None,
        description="When and how far to raise this exercise's dose (hold_s, duration_s, reps, "
        "sets) once the client tolerates it; the file itself is never changed.",
    )

    @field_validator("tempo")
    @classmethod
    def _tempo_range(cls, value: str | None) -> str | None:
        problem = None if value is None else tempo_problem(value)
        if problem:
            raise PydanticCustomError("tempo_range", problem)
        return value

    @model_validator(mode="after")
    def _one_dosing(self) -> Exercise:
        given = {
            "reps": self.reps,
            "hold_s": self.hold_s,
            "duration_s": self.duration_s,
            "tempo": self.tempo,
            "switch_s": self.switch_s,
            "side": self.side,
        }
        problems = exercise_combination_problems(given)
        if problems:
            raise PydanticCustomError("exercise_combination", "; ".join(problems))
        if self.progression is not None:
            problems = progression_problems(self.model_dump(exclude_none=True))
            if problems:
                raise PydanticCustomError("progression_rule", "; ".join(problems))
        return self

    @property
    def effective_switch_s(self) -> float:
        """Pause to change sides (only meaningful with ``side: each``)."""
        return DEFAULT_SWITCH_S if self.switch_s is None else self.switch_s

    @property
    def tempo_s(self) -> tuple[int, int, int] | None:
        """The tempo as (down, pause, up) seconds, or None."""
        if self.tempo is None:
            return None
        down, pause, up = (int(p) for p in self.tempo.split("-"))
        return down, pause, up


class Flare(_Strict):
    """The gentle version for a flare day: usually fewer, shorter, easier exercises."""

    advice: LongText | None = Field(
        default=None, description="What to do and not do on a flare day; shown before it starts."
    )
    exercises: Annotated[list[Exercise], Field(min_length=1, max_length=60)] = Field(
        description="The flare-day exercises, in order (the same rules as the routine's)."
    )

    @model_validator(mode="after")
    def _no_progression(self) -> Flare:
        for ex in self.exercises:
            if ex.progression is not None:
                raise PydanticCustomError("flare_progression", FLARE_PROGRESSION_PROBLEM)
        return self


FLARE_PROGRESSION_PROBLEM = (
    "'progression' is not used in the flare version (a flare day never raises the dose)"
)


class Routine(_Strict):
    """A coach routine file, format 1: the therapist's prescription, run exactly as written."""

    format: int = Field(
        description="Format version; this coach reads 1.", json_schema_extra={"const": 1}
    )
    schema_: Annotated[str, Field(pattern=TEXT_PATTERN)] | None = Field(
        default=None, alias="$schema", description="Ignored by the app; lets editors find it."
    )
    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        description="Stable identifier (logs refer to it): lowercase letters, digits, hyphens."
    )
    title: Annotated[str, Field(min_length=1, max_length=80, pattern=TEXT_PATTERN)] = Field(
        description="Shown to the client."
    )
    summary: Annotated[str, Field(max_length=500, pattern=MULTILINE_TEXT_PATTERN)] | None = (
        Field(default=None, description="One paragraph: purpose, who it is for.")
    )
    author: Text | None = Field(default=None, description="Therapist or clinic.")
    tags: list[Text] = Field(default_factory=list, description='e.g. ["neck", "posture"].')
    frequency: Frequency = Field(
        default_factory=Frequency,
        description="The prescription that streaks, adherence and reminders measure against.",
    )
    pain_stop: Annotated[int, Field(ge=0, le=10)] = Field(
        default=5,
        description="Pain above this (0-10) during the routine pauses it and shows the advice.",
    )
    advice: LongText | None = Field(
        default=None, description="Safety note, shown at start and when the pain stop triggers."
    )
    check_in: CheckInSpec = Field(
        default_factory=CheckInSpec, description="What to ask before and after the routine."
    )
    exercises: Annotated[list[Exercise], Field(min_length=1, max_length=60)] = Field(
        description="The exercises, in order."
    )
    flare: Flare | None = Field(
        default=None,
        description="A gentler version the client may do instead on a flare day; it counts as "
        "the day's session.",
    )

    @field_validator("format")
    @classmethod
    def _format_1(cls, value: int) -> int:
        if value != 1:
            raise PydanticCustomError(
                "unsupported_format", f"unsupported format {value} (this coach reads 1)"
            )
        return value

    @property
    def check_in_regions(self) -> list[str]:
        """Regions the pain question asks about: explicit, else the exercises' distinct regions."""
        if self.check_in.regions is not None:
            return list(self.check_in.regions)
        seen: list[str] = []
        for ex in self.exercises:
            if ex.region and ex.region not in seen:
                seen.append(ex.region)
        return seen
