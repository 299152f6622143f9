"""``coach stats`` without the models: the review's inputs kept beside the data.

Besides the log (whose per-day facts are kept in ``facts-YYYY.json``, :mod:`coach.storage.facts`),
the review reads the program, the excused days and the rated activities from ``coach.json`` and
each routine's title, prescription, regions and measures from the routine files: reading those
means importing pydantic and the routine and record models, which costs more than the figures.
So after a validated read, what the review took from them is kept in ``review.cache.json`` in
the data folder, with the signature of everything it was made from
(:func:`coach.storage.kept.stamp`: each routine file's name, inode, size and modification time,
and ``coach.json``'s, and a CRC-32 of each one's bytes). The next
``coach stats`` uses it when the signature is unchanged and every facts file is current (a few
``stat`` calls and small files: no pydantic, no TinyDB), and reads everything as before
otherwise. A cache, never the truth: any doubt (missing, damaged, older format, another
signature) and it is not used, so a damaged ``coach.json`` or log is read, and refused, as on
every full read. Deleting it changes no figure (tests assert it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.domain.clinical import MeasureSpec
from coach.storage.kept import REVIEW_INPUTS, REVIEW_PASTS, read_kept, stamp, write_kept

if TYPE_CHECKING:
    from coach.domain.dayfacts import LogFacts
    from coach.domain.days import ProgramItem
    from coach.domain.past_facts import StatsFacts
    from coach.library import Library
    from coach.services.review import Review
    from coach.storage.models import ProgramEntry

CACHE_NAME = REVIEW_INPUTS
FORMAT = 2  # 2: every activity's name (the history shows retired ones too)


@dataclass(frozen=True)
class KeptEntry:
    """An active program entry."""

    routine_id: str
    added_at: str
    """When it entered the program (ISO 8601, aware)."""
    since: str | None
    """The first day the client chose (ISO date), if any."""


@dataclass(frozen=True)
class KeptRoutine:
    """What the review reads of one routine of the library."""

    routine_id: str
    title: str
    per_day: int
    days_per_week: int
    regions: tuple[str, ...]
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class KeptInputs:
    """The review's inputs other than the log: the active program entries (in order), the
    library's routines (in the library's order), excused days, active activities, and every
    activity's name (retired ones too)."""

    entries: tuple[KeptEntry, ...]
    routines: tuple[KeptRoutine, ...]
    excused: dict[date, str]
    activities: dict[str, str]
    names: dict[str, str]


# --- keeping them --------------------------------------------------------------------------------


def inputs_of(
    entries: Iterable[ProgramEntry],
    library: Library,
    excused: Mapping[date, str],
    activities: Mapping[str, str],
    names: Mapping[str, str],
) -> KeptInputs:
    """What the review reads of a validated program, library, excused days and activities
    (``names``: every activity's, retired ones too)."""
    # lazy: brings pydantic (only after a validated read, which imported it already)
    from coach.domain.checkin import routine_regions

    routines = tuple(
        KeptRoutine(
            r.id, r.title, r.frequency.per_day, r.frequency.days_per_week,
            tuple(routine_regions(r)),
            tuple(MeasureSpec.from_measure(m) for m in r.check_in.measures),
        )
        for r in (loaded.routine for loaded in library.ordered())
    )  # fmt: skip
    kept = tuple(
        KeptEntry(e.routine_id, e.added_at.isoformat(), e.since.isoformat() if e.since else None)
        for e in entries
    )
    return KeptInputs(kept, routines, dict(sorted(excused.items())), dict(activities), dict(names))


def write(
    data_dir: Path, extra_dirs: Sequence[Path], inputs: KeptInputs, made_from: list[Any] | None
) -> None:
    """Keep ``inputs``, made from the files as they were at ``made_from`` (a :func:`stamp`
    taken before reading them); nothing is kept if anything changed since, or the folder
    cannot be written (a cache: never an error)."""
    if made_from is None or not data_dir.is_dir() or stamp(data_dir, extra_dirs) != made_from:
        return
    body = {
        "format": FORMAT,
        "signature": made_from,
        "entries": [[e.routine_id, e.added_at, e.since] for e in inputs.entries],
        "routines": [
            [
                r.routine_id,
                r.title,
                r.per_day,
                r.days_per_week,
                list(r.regions),
                [[m.id, m.label, m.unit, m.better, m.threshold] for m in r.measures],
            ]
            for r in inputs.routines
        ],  # fmt: skip
        "excused": [[day.isoformat(), why] for day, why in inputs.excused.items()],
        "activities": [[key, name] for key, name in inputs.activities.items()],
        "names": [[key, name] for key, name in inputs.names.items()],
    }
    write_kept(data_dir, CACHE_NAME, body)


# --- reading them --------------------------------------------------------------------------------


def read(data_dir: Path, now: list[Any] | None) -> KeptInputs | None:
    """The kept inputs if they were made from exactly what is there now (``now``: the
    :func:`stamp` just taken) and have the shape :func:`write` gives them; else None."""
    if now is None:
        return None
    kept = read_kept(data_dir, CACHE_NAME, FORMAT, now)
    if kept is None:
        return None
    try:
        entries = tuple(KeptEntry(*e) for e in kept["entries"])
        routines = tuple(_routine(*r) for r in kept["routines"])
        excused = {date.fromisoformat(day): why for day, why in kept["excused"]}
        activities = {key: name for key, name in kept["activities"]}
        names = {key: name for key, name in kept["names"]}
    except (ValueError, TypeError, KeyError):
        return None
    if not all(_strs(e.routine_id, e.added_at, *[e.since] * (e.since is not None))
               for e in entries):  # fmt: skip
        return None
    if not _well_formed(routines):
        return None
    if not _strs(*excused.values(), *activities, *activities.values(), *names, *names.values()):
        return None
    return KeptInputs(entries, routines, excused, activities, names)


def _routine(
    rid: Any, title: Any, per_day: Any, days: Any, regions: Any, measures: Any
) -> KeptRoutine:
    if type(regions) is not list or type(measures) is not list:
        raise TypeError("not a kept routine")
    specs = tuple(MeasureSpec(*m) for m in measures)
    return KeptRoutine(rid, title, per_day, days, tuple(regions), specs)


def _strs(*values: Any) -> bool:
    return all(type(v) is str for v in values)


def _well_formed(routines: Sequence[KeptRoutine]) -> bool:
    return all(
        _strs(r.routine_id, r.title, *r.regions)
        and type(r.per_day) is int
        and type(r.days_per_week) is int
        and r.per_day >= 1
        and 1 <= r.days_per_week <= 7
        and all(
            _strs(m.id, m.label, m.unit)
            and m.better in ("higher", "lower")
            and (m.threshold is None or type(m.threshold) in (int, float))
            for m in r.measures
        )
        for r in routines
    )


# --- the review ----------------------------------------------------------------------------------


def kept_review(
    facts: LogFacts | StatsFacts,
    data_dir: Path,
    extra_dirs: Sequence[Path],
    now: datetime,
    tz: tzinfo,
    since: date | None = None,
    routine_id: str | None = None,
    pasts: KeptPasts | None = None,
) -> Review | None:
    """:func:`~coach.services.review_facts.load_summary_review`'s review from the log's kept
    facts (``facts``: every facts file current) and the kept inputs, when they were made from
    the files as they are now; else None (nothing is read or made: the caller reads
    everything; so too when ``facts`` are the past summed up and a past they need is not kept,
    or ``since`` asks for days summed up). Imports no routine or record models. Raises
    :class:`~coach.services.review.ReviewError` for a routine not in the program."""
    # lazy: the review (`coach history` reads the kept inputs' names only)
    from coach.services.review import ReviewError

    inputs = read(data_dir, stamp(data_dir, extra_dirs))
    if inputs is None:
        return None
    try:
        return review_of_inputs(facts, inputs, now, tz, since, routine_id, pasts)
    except ReviewError:
        raise
    except ValueError:  # a kept time or day that cannot be read: not from the cache, then
        return None


def review_of_inputs(
    facts: LogFacts | StatsFacts,
    inputs: KeptInputs,
    now: datetime,
    tz: tzinfo,
    since: date | None = None,
    routine_id: str | None = None,
    pasts: KeptPasts | None = None,
) -> Review:
    """:func:`~coach.services.review_facts.review_from_facts`'s review from kept inputs."""
    # lazy: the review (`coach history` reads the kept inputs' names only)
    from coach.domain.days import Prescription, ProgramItem, local_date, program_start
    from coach.services.review import merge_specs, only_routine
    from coach.services.review_facts import facts_review

    entries = only_routine(inputs.entries, routine_id)
    library = {r.routine_id: r for r in inputs.routines}
    index = facts.session_index()
    program: list[ProgramItem] = []
    found: list[KeptRoutine] = []
    missing: list[str] = []
    for entry in entries:
        routine = library.get(entry.routine_id)
        if routine is None:
            missing.append(entry.routine_id)
            continue
        found.append(routine)
        start = program_start(
            local_date(datetime.fromisoformat(entry.added_at), tz),
            index.first_run(routine.routine_id),
            None if entry.since is None else date.fromisoformat(entry.since),
        )
        cadence = Prescription(routine.per_day, routine.days_per_week)
        program.append(ProgramItem(routine.routine_id, routine.title, cadence, start))
    regions = None
    if routine_id is not None:
        regions = sorted({region for r in found for region in r.regions})

    def specs(recorded: set[str]) -> list[MeasureSpec]:
        program_specs = (m for r in found for m in r.measures)
        others = (m for r in inputs.routines for m in r.measures)
        return merge_specs(program_specs, others, recorded, only=routine_id is not None)

    return facts_review(
        facts, index, program, missing, regions, specs, inputs.excused, inputs.activities,
        now, tz, since, pasts=pasts,
    )  # fmt: skip


# --- the programs' pasts -------------------------------------------------------------------------

PASTS_NAME = REVIEW_PASTS
PASTS_FORMAT = 1
MAX_PASTS = 16
_MAX_PASTS_BYTES = 1 << 20


class KeptPasts:
    """The pasts ``coach stats`` uses (the whole program's and each routine's, see
    :mod:`coach.domain.past`), kept by key in ``review-past.cache.json`` (the latest
    :data:`MAX_PASTS`). A cache: a key says exactly what a past stands for, anything else in the
    file reads as not kept, and deleting it changes no figure. New ones are written by
    :meth:`flush`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._pasts: dict[str, Any] | None = None
        self._changed = False

    def _read(self) -> dict[str, Any]:
        if self._pasts is None:
            self._pasts = {}
            kept = read_kept(
                self.data_dir, PASTS_NAME, PASTS_FORMAT, check_signature=False,
                max_bytes=_MAX_PASTS_BYTES,
            )  # fmt: skip
            pasts = None if kept is None else kept.get("pasts")
            if type(pasts) is dict:
                self._pasts = pasts
        return self._pasts

    def kept_past(self, key: str) -> Any:
        """The past kept under ``key`` as JSON values (the domain checks them), or None."""
        return self._read().get(key)

    def keep_past(self, key: str, plain: dict[str, Any]) -> None:
        """Keep ``plain`` under ``key`` (written by :meth:`flush`)."""
        pasts = self._read()
        pasts.pop(key, None)
        pasts[key] = plain
        while len(pasts) > MAX_PASTS:
            pasts.pop(next(iter(pasts)))
        self._changed = True

    def flush(self) -> None:
        """Write the pasts if one was added (a cache: never an error)."""
        if not self._changed:
            return
        body = {"format": PASTS_FORMAT, "pasts": self._read()}
        if write_kept(self.data_dir, PASTS_NAME, body):
            self._changed = False
