"""Optional additions to format 1 (issue 14): an exercise's how-to ``media`` and ``progression``.

``media``: ``{"image": "relative/path.png", "video": "https://...", "credit": "..."}``. Only the
path's form is checked here (relative, inside the routine's folder, PNG or JPEG by name); that the
file exists and is a sound image of bounded size is checked where files are read
(:mod:`coach.media`).

``progression``: the therapist's plan to raise the dose, ``{"step": {...}, "max": {...},
"after_sessions": n, "if_pain_at_most": n}`` over ``hold_s``, ``duration_s``, ``reps``, ``sets``.
When it applies is :mod:`coach.domain.progression`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from coach.domain.routine_base import (
    IMAGE_PATTERN,
    TEXT_PATTERN,
    VIDEO_PATTERN,
    DurationSeconds,
    HoldSeconds,
    Reps,
    Sets,
    Strict,
)
from coach.domain.text import find_control

IMAGE_PATH_MAX = 200
VIDEO_URL_MAX = 2000
DOSE_KEYS = ("hold_s", "duration_s", "reps", "sets")
"""The keys a progression may raise, in the order they are worded."""


def image_path_problem(path: str) -> str | None:
    """What is wrong with the form of an image path (None when fine)."""
    if find_control(path, allow_newline_tab=False) is not None:
        return "the image path contains a control character"
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return (
            f'the image path "{path[:60]}" is absolute; write it relative to the routine file, '
            'such as "images/chin-tuck.png"'
        )
    if "\\" in path:
        return "the image path must use forward slashes (/), not backslashes"
    if ".." in path.split("/"):
        return "the image path must stay inside the routine's folder ('..' is not allowed)"
    if not path.lower().endswith((".png", ".jpg", ".jpeg")):
        return "the image must be a PNG or JPEG file (a name ending in .png, .jpg or .jpeg)"
    return None


def video_problem(url: str) -> str | None:
    """What is wrong with a video link (None when fine): https only, a host, no spaces."""
    if not url.lower().startswith("https://"):
        return "the video must be an https:// link (http and other kinds of links are refused)"
    if find_control(url, allow_newline_tab=False) is not None or any(c.isspace() for c in url):
        return "the video link contains a space or control character"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        return "the video link has no web address after https://"
    return None


class Media(Strict):
    """Pictures and a video link that show how an exercise is done."""

    image: Annotated[
        str, Field(max_length=IMAGE_PATH_MAX, json_schema_extra={"pattern": IMAGE_PATTERN})
    ] | None = Field(
        default=None,
        description="A PNG or JPEG next to the routine file, as a relative path inside its "
        "folder (no '..'); at most 5 MB and 4096 pixels a side.",
    )
    video: Annotated[
        str, Field(max_length=VIDEO_URL_MAX, json_schema_extra={"pattern": VIDEO_PATTERN})
    ] | None = Field(
        default=None, description="An https:// link, shown for the client to open; never fetched."
    )
    credit: Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)] | None = (
        Field(default=None, description="Who made the picture or video.")
    )

    @field_validator("image")
    @classmethod
    def _image_form(cls, value: str | None) -> str | None:
        problem = None if value is None else image_path_problem(value)
        if problem:
            raise PydanticCustomError("media_image", problem)
        return value

    @field_validator("video")
    @classmethod
    def _video_form(cls, value: str | None) -> str | None:
        problem = None if value is None else video_problem(value)
        if problem:
            raise PydanticCustomError("media_video", problem)
        return value

    @model_validator(mode="after")
    def _something(self) -> Media:
        if self.image is None and self.video is None:
            raise PydanticCustomError("media_empty", "'media' needs an 'image' or a 'video'")
        return self


class Dose(Strict):
    """Dose keys of an exercise (a progression's ``step`` or ``max``); at least one."""

    hold_s: HoldSeconds | None = Field(default=None, description="Seconds of each hold.")
    duration_s: DurationSeconds | None = Field(default=None, description="Seconds of each block.")
    reps: Reps | None = Field(default=None, description="Repetitions per set.")
    sets: Sets | None = Field(default=None, description="Sets.")

    @property
    def given(self) -> dict[str, float]:
        """The keys written, in DOSE_KEYS order, with their values."""
        values = {key: getattr(self, key) for key in DOSE_KEYS}
        return {key: value for key, value in values.items() if value is not None}

    @model_validator(mode="after")
    def _not_empty(self) -> Dose:
        if not self.given:
            raise PydanticCustomError(
                "progression_empty", "give at least one of 'hold_s', 'duration_s', 'reps', 'sets'"
            )
        return self


class Progression(Strict):
    """The therapist's plan to raise the dose when the client tolerates it."""

    step: Dose = Field(description='How much to add at each step, e.g. {"hold_s": 5}.')
    max: Dose = Field(description='Where to stop, e.g. {"hold_s": 60}; the same keys as step.')
    after_sessions: Annotated[int, Field(ge=1, le=60)] = Field(
        description="Completed sessions in a row that must go well before the next step."
    )
    if_pain_at_most: Annotated[int, Field(ge=0, le=10)] = Field(
        description="Highest pain (0-10) during or after those sessions that still counts as well."
    )

    @model_validator(mode="after")
    def _same_keys(self) -> Progression:
        step, top = set(self.step.given), set(self.max.given)
        if step != top:
            missing = sorted(step - top) or sorted(top - step)
            where = "max" if step - top else "step"
            raise PydanticCustomError(
                "progression_keys",
                f"'step' and 'max' must name the same keys ('{missing[0]}' is missing in "
                f"'{where}')",
            )
        return self


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def progression_problems(exercise: Mapping[str, Any]) -> list[str]:
    """What is wrong between an exercise's ``progression`` and its dose (empty when nothing).

    Works on the file as written (values of a wrong type are reported elsewhere): every stepped
    key must be part of the exercise's dose (``sets`` always is), and each ``max`` must be above
    the dose written in the file.
    """
    progression = exercise.get("progression")
    if not isinstance(progression, Mapping):
        return []
    step, top = progression.get("step"), progression.get("max")
    problems: list[str] = []
    for key in DOSE_KEYS:
        if not (isinstance(step, Mapping) and key in step):
            continue
        current = exercise.get(key, 1 if key == "sets" else None)
        if current is None:
            problems.append(
                f"'progression' steps '{key}' but this exercise has no '{key}' to raise"
            )
            continue
        limit = top.get(key) if isinstance(top, Mapping) else None
        if _number(limit) and _number(current) and not limit > current:
            problems.append(
                f"'progression.max.{key}' ({limit:g}) must be more than the exercise's "
                f"'{key}' ({current:g})"
            )
    return problems
