"""The Patient-Specific Functional Scale (PSFS): the client's own activities, rated 0-10 (pure).

The client names 3 to 5 activities once ("lifting my grandchild"), then rates each from
0 (unable to do it) to 10 (able to do it as before the problem). Activities have stable ids
(``a1``, ``a2``...), so renaming or retiring one never loses its history:
``CheckInRecord.function`` maps activity id -> score.

Storage keeps the list (``Repository.psfs_activities``/``save_psfs_activity``); every change
here returns a new list and nothing is mutated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from coach.domain.checkin import CheckInError, check_score
from coach.domain.text import strip_control

MIN_ACTIVITIES = 3
MAX_ACTIVITIES = 5
NAME_MAX_CHARS = 80
WORDING = "0 = unable to do it, 10 = able to do it as before the problem"


@dataclass(frozen=True)
class Activity:
    """One activity the client rates; ``active`` False once retired (history is kept)."""

    id: str
    name: str
    active: bool = True


def active(activities: Sequence[Activity]) -> list[Activity]:
    """The activities still rated, in order."""
    return [a for a in activities if a.active]


def names(activities: Sequence[Activity]) -> dict[str, str]:
    """Activity id -> current name, retired ones included (for showing history)."""
    return {a.id: a.name for a in activities}


def clean_name(name: str) -> str:
    """An activity name without control characters; 1 to 80 characters."""
    cleaned = " ".join(strip_control(name, keep_newline_tab=False).split())
    if not cleaned:
        raise CheckInError("an activity needs a name, e.g. 'lifting my grandchild'")
    if len(cleaned) > NAME_MAX_CHARS:
        raise CheckInError(
            f"an activity name can be at most {NAME_MAX_CHARS} characters; "
            f"this one has {len(cleaned)}"
        )
    return cleaned


def _next_id(activities: Sequence[Activity]) -> str:
    numbers = [int(a.id[1:]) for a in activities if a.id[:1] == "a" and a.id[1:].isdigit()]
    return f"a{max(numbers, default=0) + 1}"


def _check_unique(activities: Sequence[Activity], name: str, skip_id: str | None = None) -> None:
    for a in active(activities):
        if a.id != skip_id and a.name.casefold() == name.casefold():
            raise CheckInError(f"you already rate '{a.name}' ({a.id})")


def set_up(names_: Sequence[str]) -> list[Activity]:
    """The first list: 3 to 5 named activities."""
    if not MIN_ACTIVITIES <= len(names_) <= MAX_ACTIVITIES:
        raise CheckInError(
            f"name {MIN_ACTIVITIES} to {MAX_ACTIVITIES} activities that are hard for you "
            f"because of the problem; got {len(names_)}"
        )
    activities: list[Activity] = []
    for name in names_:
        activities = add(activities, name)
    return activities


def add(activities: Sequence[Activity], name: str) -> list[Activity]:
    """The list with one more active activity (at most 5 active)."""
    cleaned = clean_name(name)
    if len(active(activities)) >= MAX_ACTIVITIES:
        raise CheckInError(
            f"you already rate {MAX_ACTIVITIES} activities: retire one before adding another"
        )
    _check_unique(activities, cleaned)
    return [*activities, Activity(_next_id(activities), cleaned)]


def find(activities: Sequence[Activity], ref: str) -> Activity:
    """An activity by id, or by its current name (case-insensitive)."""
    ref = ref.strip()
    for a in activities:
        if a.id == ref:
            return a
    matches = [a for a in activities if a.name.casefold() == ref.casefold()]
    if matches:
        return next((a for a in matches if a.active), matches[0])
    listed = ", ".join(f"{a.id} ({a.name})" for a in active(activities)) or "none yet"
    raise CheckInError(f"no activity '{ref}': your activities are {listed}")


def rename(activities: Sequence[Activity], ref: str, name: str) -> list[Activity]:
    """The list with one activity renamed (same id, so its history follows)."""
    target = find(activities, ref)
    cleaned = clean_name(name)
    _check_unique(activities, cleaned, skip_id=target.id)
    return [replace(a, name=cleaned) if a.id == target.id else a for a in activities]


def retire(activities: Sequence[Activity], ref: str) -> list[Activity]:
    """The list with one activity no longer rated (its scores stay in the log)."""
    target = find(activities, ref)
    return [replace(a, active=False) if a.id == target.id else a for a in activities]


def check_scores(activities: Sequence[Activity], scores: Mapping[str, object]) -> dict[str, int]:
    """Scores by activity id or name -> {id: 0..10}, only for active activities."""
    checked: dict[str, int] = {}
    for ref, value in scores.items():
        target = find(activities, ref)
        if not target.active:
            raise CheckInError(f"'{target.name}' was retired; it is no longer rated")
        checked[target.id] = check_score(value, f"'{target.name}'", WORDING)
    return checked


def parse_score_arg(activities: Sequence[Activity], arg: str) -> tuple[str, int]:
    """``ID=SCORE`` (or ``NAME=SCORE``) from the command line -> (id, score)."""
    ref, sep, raw = arg.rpartition("=")
    if not sep or not ref.strip():
        raise CheckInError(f"a function score is written ID=SCORE, e.g. a1=6; got '{arg}'")
    ((aid, score),) = check_scores(activities, {ref: raw}).items()
    return aid, score
