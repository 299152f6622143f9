"""Routine file format v1 (``shared/ROUTINE_FORMAT.md``) as strict pydantic models.

These models are the single source of truth for validation and for the published JSON Schema
(``routines/routine.schema.json``). Field names are the file's keys.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
TEMPO_PATTERN = r"^[0-9]+-[0-9]+-[0-9]+$"

Kind = Literal["stretch", "strength", "mobility", "release", "posture", "breathing", "cardio"]
Side = Literal["none", "each", "left", "right", "alternate"]
DEFAULT_SWITCH_S = 5.0


class _Strict(BaseModel):
    """Base: strict types (no bool-as-number, no str-as-number), unknown keys refused."""

    model_config = ConfigDict(
        strict=True, extra="forbid", allow_inf_nan=False, frozen=True, populate_by_name=True
    )


class Frequency(_Strict):
    """The prescription: bouts per day and days per week."""

    per_day: Annotated[int, Field(ge=1, le=6)] = 1
    days_per_week: Annotated[int, Field(ge=1, le=7)] = 7


class Measure(_Strict):
    """A therapist-defined mobility measure the client records."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    label: Annotated[str, Field(min_length=1, max_length=80)]
    unit: Annotated[str, Field(min_length=1, max_length=20)]
    better: Literal["higher", "lower"]
    min: float | None = None
    max: float | None = None


class CheckInSpec(_Strict):
    """What to ask before and after the routine."""

    before: bool = True
    after: bool = True
    regions: list[Annotated[str, Field(min_length=1, max_length=40)]] | None = None
    measures: list[Measure] = Field(default_factory=list)


class Exercise(_Strict):
    """One exercise of a routine, with exactly one way of saying how long it lasts."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    kind: Kind
    region: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    cues: list[str] = Field(default_factory=list)
    equipment: list[str] = Field(default_factory=list)
    sets: Annotated[int, Field(ge=1, le=20)] = 1
    reps: Annotated[int, Field(ge=1, le=100)] | None = None
    hold_s: Annotated[float, Field(gt=0, le=600)] | None = None
    duration_s: Annotated[float, Field(gt=0, le=3600)] | None = None
    tempo: Annotated[str, Field(pattern=TEMPO_PATTERN)] | None = None
    rest_s: Annotated[float, Field(ge=0, le=600)] = 0
    side: Side = "none"
    switch_s: Annotated[float, Field(ge=0, le=60)] | None = None
    note: str | None = None

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


class Routine(_Strict):
    """A whole routine file."""

    format: int
    schema_: str | None = Field(default=None, alias="$schema")
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    summary: Annotated[str, Field(max_length=500)] | None = None
    author: str | None = None
    tags: list[str] = Field(default_factory=list)
    frequency: Frequency = Field(default_factory=Frequency)
    pain_stop: Annotated[int, Field(ge=0, le=10)] = 5
    advice: str | None = None
    check_in: CheckInSpec = Field(default_factory=CheckInSpec)
    exercises: Annotated[list[Exercise], Field(min_length=1, max_length=60)]

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
