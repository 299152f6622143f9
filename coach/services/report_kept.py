"""``coach report`` without the models: what the report reads of ``coach.json`` and the routine
files, kept beside the data after a validated read.

Besides the log, the report reads the program's routines (title, prescription, pain limit,
advice, each exercise's name, kind, region and dose), the client's details, the accepted dose
changes and how many versions of each routine are stored. Reading them means importing pydantic
and the routine models, which costs several times what drawing the report does. So after a
validated read, what the report showed of them (:mod:`coach.services.report_data`'s shapes) is
kept in ``report.cache.json``, stamped like the review's inputs (:func:`coach.storage.
kept.stamp`: each routine file's and ``coach.json``'s name, inode, size, modification
time and a CRC-32 of its bytes, taken before they were read). It is used only when that stamp
is the files' stamp now; any doubt (missing, damaged, another format or stamp, a value of the
wrong type, another version of coach, whose words may differ) and it is not used: the report
reads everything validated, which refuses damage. A cache, never the truth: deleting it
changes nothing in the report (tests assert it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from coach import __version__
from coach.services.report_data import (
    AcceptedDose,
    ReportCadence,
    ReportExercise,
    ReportProfile,
    ReportRoutine,
)
from coach.storage.kept import REPORT_INPUTS, read_kept, stamp, write_kept

CACHE_NAME = REPORT_INPUTS
FORMAT = 1
_MAX_BYTES = 4 << 20


class ReportInputs(NamedTuple):
    """What the report read of ``coach.json`` and the routine files."""

    routines: dict[str, ReportRoutine]
    """The program's routines found in the library, by id."""
    profile: ReportProfile
    accepted: tuple[AcceptedDose, ...]
    changed: tuple[str, ...]
    """Program routines with two or more stored versions (their dose history needs the log)."""


def write(
    data_dir: Path, extra_dirs: Sequence[Path], inputs: ReportInputs, made_from: list[Any] | None
) -> None:
    """Keep ``inputs``, read from the files as they were at ``made_from`` (a stamp taken before
    reading them); nothing is kept if anything changed since, or the folder cannot be written
    (a cache: never an error)."""
    if made_from is None or not data_dir.is_dir() or stamp(data_dir, extra_dirs) != made_from:
        return
    body = {
        "format": FORMAT,
        "coach": __version__,  # the words of a dose are coach's: another version words anew
        "signature": made_from,
        "routines": [
            [r.id, r.title, r.frequency.per_day, r.frequency.days_per_week, r.pain_stop,
             r.advice, [list(ex) for ex in r.exercises]]
            for r in inputs.routines.values()
        ],  # fmt: skip
        "profile": [[list(line) for line in inputs.profile.details], inputs.profile.name],
        "accepted": [
            [
                a.routine_id,
                a.exercise_name,
                a.kind,
                a.words,
                a.at.isoformat(),
                None if a.undone_at is None else a.undone_at.isoformat(),
            ]
            for a in inputs.accepted
        ],  # fmt: skip
        "changed": list(inputs.changed),
    }
    write_kept(data_dir, CACHE_NAME, body)


def read(data_dir: Path, now: list[Any] | None) -> ReportInputs | None:
    """The kept inputs if they were made from exactly the files there now (``now``: their stamp
    just taken, :func:`coach.storage.kept.stamp`) and have the shape :func:`write`
    gives them; else None."""
    if now is None:
        return None
    kept = read_kept(data_dir, CACHE_NAME, FORMAT, now, max_bytes=_MAX_BYTES)
    if kept is None or kept.get("coach") != __version__:
        return None
    try:
        routines = {r.id: r for r in (_routine(*row) for row in _list(kept["routines"]))}
        details, name = kept["profile"]
        profile = ReportProfile(tuple(_pair(*line) for line in _list(details)), _opt_str(name))
        accepted = tuple(_accepted(*row) for row in _list(kept["accepted"]))
        changed = tuple(_str(rid) for rid in _list(kept["changed"]))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return ReportInputs(routines, profile, accepted, changed)


def inputs_of(
    routines: Mapping[str, Any],
    profile: Any,
    accepted: Sequence[Any],
    changed: Sequence[str],
) -> ReportInputs:
    """What the report reads of validated routines, details and dose changes."""
    # lazy: the shapes' converters (the models are read already)
    from coach.services.report_data import accepted_of, profile_of, routine_of

    return ReportInputs(
        {rid: routine_of(r) for rid, r in routines.items()}, profile_of(profile),
        tuple(accepted_of(accepted)), tuple(changed),
    )  # fmt: skip


# --- shapes --------------------------------------------------------------------------------------


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("a list")
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise TypeError("a number in range")
    return value


def _pair(label: Any, value: Any) -> tuple[str, str]:
    return _str(label), _str(value)


def _routine(
    rid: Any, title: Any, per_day: Any, days: Any, pain_stop: Any, advice: Any, exercises: Any
) -> ReportRoutine:
    return ReportRoutine(
        _str(rid), _str(title), ReportCadence(_int(per_day, 1, 6), _int(days, 1, 7)),
        _int(pain_stop, 0, 10), _opt_str(advice), tuple(_exercise(*ex) for ex in _list(exercises)),
    )  # fmt: skip


def _exercise(name: Any, kind: Any, region: Any, dose: Any) -> ReportExercise:
    return ReportExercise(_str(name), _str(kind), _opt_str(region), _str(dose))


def _time(value: Any) -> datetime:
    return datetime.fromisoformat(_str(value))  # (as it was: aware, or naive)


def _accepted(rid: Any, name: Any, kind: Any, words: Any, at: Any, undone: Any) -> AcceptedDose:
    return AcceptedDose(_str(rid), _str(name), _str(kind), _str(words), _time(at),
                        None if undone is None else _time(undone))  # fmt: skip
