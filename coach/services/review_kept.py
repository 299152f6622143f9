"""``coach stats`` without the models: the review's inputs kept beside the data.

Besides the log (whose per-day facts are kept in ``facts-YYYY.json``, :mod:`coach.storage.facts`),
the review reads the program, the excused days and the rated activities from ``coach.json`` and
each routine's title, prescription, regions and measures from the routine files: reading those
means importing pydantic and the routine and record models, which costs more than the figures.
So after a validated read, what the review took from them is kept in ``review.cache.json`` in
the data folder, with the signature of everything it was made from (:func:`stamp`: each routine
file's name, inode, size and modification time, and ``coach.json``'s, as
:func:`coach.listing.signature` takes them, and a CRC-32 of each one's bytes). The next
``coach stats`` uses it when the signature is unchanged and every facts file is current (a few
``stat`` calls and small files: no pydantic, no TinyDB), and reads everything as before
otherwise. A cache, never the truth: any doubt (missing, damaged, older format, another
signature) and it is not used, so a damaged ``coach.json`` or log is read, and refused, as on
every full read. Deleting it changes no figure (tests assert it).
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from coach.domain.clinical import MeasureSpec
from coach.listing import signature

if TYPE_CHECKING:
    from coach.domain.dayfacts import LogFacts
    from coach.domain.days import ProgramItem
    from coach.library import Library
    from coach.services.review import Review
    from coach.storage.models import ProgramEntry

CACHE_NAME = "review.cache.json"
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


def stamp(data_dir: Path, extra_dirs: Sequence[Path] = ()) -> list[Any] | None:
    """What the kept inputs are made from: :func:`coach.listing.signature` (each routine file's
    and ``coach.json``'s name, inode, size, modification time) and a CRC-32 of each of those
    files' bytes, so that a file damaged in place with its time put back is not missed. None
    when ``coach.json`` is there but not a plain file (a link, a folder: the validated read
    refuses it, and says why)."""
    taken = signature(data_dir, extra_dirs)
    crcs: list[int | None] = []
    for entry in taken:
        if entry[0] == "coach.json":
            try:
                crcs.append(_plain_crc(data_dir / "coach.json"))
            except FileNotFoundError:
                crcs.append(None)
            except OSError:
                return None
            continue
        paths = [Path(entry[0])]
        if len(entry) == 3 and entry[1] == "folder":
            paths = [Path(entry[0]) / file[0] for file in entry[2] or ()]
        for path in paths:
            try:
                crcs.append(zlib.crc32(path.read_bytes()))
            except OSError:
                crcs.append(None)
    return [taken, crcs]


def _plain_crc(path: Path) -> int:
    """The CRC-32 of a plain file's bytes (OSError for a link, a folder, a FIFO)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        if not S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IsADirectoryError(f"{path} is not a plain file")
        return zlib.crc32(handle.read())


def write(
    data_dir: Path, extra_dirs: Sequence[Path], inputs: KeptInputs, made_from: list[Any] | None
) -> None:
    """Keep ``inputs``, made from the files as they were at ``made_from`` (a :func:`stamp`
    taken before reading them); nothing is kept if anything changed since, or the folder
    cannot be written (a cache: never an error)."""
    # lazy: written only after a validated read
    from coach.storage.atomic import atomic_write

    if made_from is None or not data_dir.is_dir() or stamp(data_dir, extra_dirs) != made_from:
        return
    body = {
        "format": FORMAT,
        "signature": made_from,
        "entries": [[e.routine_id, e.added_at, e.since] for e in inputs.entries],
        "routines": [
            [r.routine_id, r.title, r.per_day, r.days_per_week, list(r.regions),
             [[m.id, m.label, m.unit, m.better, m.threshold] for m in r.measures]]
            for r in inputs.routines
        ],  # fmt: skip
        "excused": [[day.isoformat(), why] for day, why in inputs.excused.items()],
        "activities": [[key, name] for key, name in inputs.activities.items()],
        "names": [[key, name] for key, name in inputs.names.items()],
    }
    try:
        atomic_write(data_dir / CACHE_NAME, json.dumps(body, ensure_ascii=False).encode())
    except OSError:
        return


# --- reading them --------------------------------------------------------------------------------


def read(data_dir: Path, now: list[Any] | None) -> KeptInputs | None:
    """The kept inputs if they were made from exactly what is there now (``now``: the
    :func:`stamp` just taken) and have the shape :func:`write` gives them; else None."""
    if now is None:
        return None
    try:
        kept = json.loads((data_dir / CACHE_NAME).read_bytes())
        if type(kept) is not dict or kept.get("format") != FORMAT:
            return None
        if kept.get("signature") != now:
            return None
        entries = tuple(KeptEntry(*e) for e in kept["entries"])
        routines = tuple(_routine(*r) for r in kept["routines"])
        excused = {date.fromisoformat(day): why for day, why in kept["excused"]}
        activities = {key: name for key, name in kept["activities"]}
        names = {key: name for key, name in kept["names"]}
    except (OSError, ValueError, TypeError, KeyError):
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
    facts: LogFacts,
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
    everything). Imports no routine or record models. Raises
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
    facts: LogFacts,
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

PASTS_NAME = "review-past.cache.json"
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
            try:
                with open(self.data_dir / PASTS_NAME, "rb") as handle:
                    data = handle.read(_MAX_PASTS_BYTES + 1)
                kept = json.loads(data) if len(data) <= _MAX_PASTS_BYTES else None
            except (OSError, ValueError, RecursionError):
                kept = None
            if type(kept) is dict and kept.get("format") == PASTS_FORMAT:
                pasts = kept.get("pasts")
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
        if not self._changed or not self.data_dir.is_dir():
            return
        # lazy: written only when a past was made
        from coach.storage.atomic import atomic_write

        body = {"format": PASTS_FORMAT, "pasts": self._read()}
        try:
            atomic_write(self.data_dir / PASTS_NAME, json.dumps(body).encode())
        except OSError:
            return
        self._changed = False
