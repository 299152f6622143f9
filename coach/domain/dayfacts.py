"""Per-day facts of the log: what statistics need from years of records, in a few kilobytes.

Pure: validated records in, plain JSON-ready values out, and back into the inputs of the
statistics (:meth:`SessionIndex.from_facts <coach.domain.days.SessionIndex.from_facts>` and a
:class:`~coach.domain.trends.CheckInIndex`). Facts, never figures: the day-status model's
:class:`~coach.domain.days.DayFacts` per routine and local day (complete, partial, practice,
flare, logged sessions); each local day's pain ratings, measures and activity scores in the
order they were recorded; the latest pain rating. Streaks, adherence, consistency, baselines and
trends are computed from them by the same code that computes them from records. The storage
layer keeps the facts of each past year's log file as a cache (:mod:`coach.storage.facts`);
deleting them changes no figure.

The facts of one log file (``FileFacts``), days as proleptic ordinals (``date.toordinal()``) in
the time zone they were made for, ``us`` as microseconds since 1970 UTC::

    {"sessions": {routine_id: {"first": [us, id, title],                 # its first session
                               "days": [day, complete, partial, practice, flare, logged,
                                        day, ...]}},                     # DayFacts per day
     "days": [day, n, first us, last us, ...],     # check-ins per day, and their time span
     "pain": {"neck|before_session": [[day, ...], [value, ...]]},      # in recorded order
     "measures": {"chin-to-chest": [[day, ...], [value, ...]]},
     "function": [[day, {"stairs": 6}], ...],
     "last_pain": [us, id, region, context, value, day, [[region, value], ...]] or None,
                   # the latest rating, and every rating of its check-in in recorded order
     "practice": [id, ...],        # practice runs: their check-ins are left out
     "links": [id, ...]}           # sessions in other files that check-ins here belong to

The log's order is (us, id); two files holding check-ins of one day are put in order by their
time spans, and when those overlap the facts cannot be merged (:class:`NotFacts`: read the records).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from coach.domain.days import DayFacts, SessionIndex, is_practice, session_facts
from coach.domain.trends import CheckInIndex, Values

if TYPE_CHECKING:  # (the shapes, for types: record_types' NamedTuples cost `coach stats` ~3 ms)
    from coach.domain.record_types import CheckInLike, SessionLike

FileFacts = dict[str, Any]
Series = tuple[list[int], list[Any]]  # (day ordinals, values), in the log's order
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
SEP = "|"  # between a pain region and its context in a key (neither holds it)
WIDTH = 1 + len(DayFacts.__slots__)  # a day and its counts, in a routine's flat "days"


_NONE = DayFacts()


def _row(facts: DayFacts) -> tuple[int, ...]:
    return tuple(getattr(facts, name) for name in DayFacts.__slots__)


class NotFacts(ValueError):
    """The facts cannot stand for the records (a naive time, or an order they cannot tell)."""


def utc_us(at: datetime) -> int:
    """Microseconds since 1970 UTC of an aware time (a naive one cannot be placed: refused)."""
    if at.tzinfo is None:
        raise NotFacts("a naive time")
    return (at - _EPOCH) // _US


def build(
    sessions: Iterable[SessionLike], checkins: Iterable[CheckInLike], tz: tzinfo
) -> FileFacts:
    """The facts of the records of one log file (validated records, any order).

    Practice runs count as practice only, and their check-ins are left out (as
    :func:`~coach.domain.days.without_practice` does); a check-in of a session in another file
    is noted (``links``) so that merging can tell whether that session was a practice run.
    """
    sessions = list(sessions)
    practice = sorted(s.id for s in sessions if is_practice(s))
    own = {s.id for s in sessions}
    links: set[str] = set()
    routines: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[int, DayFacts]] = {}
    for s in sessions:
        key = (utc_us(s.started_at), s.id)
        entry = routines.get(s.routine_id)
        if entry is None:
            entry = routines[s.routine_id] = {"first": [*key, s.routine_title], "days": []}
        elif key < (entry["first"][0], entry["first"][1]):
            entry["first"] = [*key, s.routine_title]
        by_day = counts.setdefault(s.routine_id, {})
        day = s.started_at.astimezone(tz).toordinal()
        by_day[day] = by_day.get(day, _NONE) + session_facts(s)
    for rid, by_day in counts.items():
        routines[rid]["days"] = [x for day, f in sorted(by_day.items()) for x in (day, *_row(f))]
    days: dict[int, list[int]] = {}
    pain: dict[str, Series] = {}
    measures: dict[str, Series] = {}
    function: list[list[Any]] = []
    last: list[Any] | None = None
    skip = set(practice)
    for us, rec_id, c in sorted((utc_us(c.at), c.id, c) for c in checkins):
        if c.session_id is not None:
            if c.session_id in skip:
                continue
            if c.session_id not in own:
                links.add(c.session_id)
        day = c.at.astimezone(tz).toordinal()
        span = days.get(day)
        if span is None:
            days[day] = [0, us, us]
        else:
            span[2] = us
        days[day][0] += 1
        rated: list[list[Any]] = [[r.region, r.value] for r in c.pain if r.value is not None]
        for region, value in rated:
            series = pain.setdefault(f"{region}{SEP}{c.context}", ([], []))
            series[0].append(day)
            series[1].append(value)
        if rated:
            last = [us, rec_id, rated[-1][0], c.context, rated[-1][1], day, rated]
        for measure_id, number in c.measures.items():
            if math.isfinite(number):
                series = measures.setdefault(measure_id, ([], []))
                series[0].append(day)
                series[1].append(float(number))
        if c.function:
            function.append([day, dict(c.function)])
    return {
        "sessions": routines,
        "days": [x for day, span in sorted(days.items()) for x in (day, *span)],
        "pain": {k: list(v) for k, v in pain.items()},
        "measures": {k: list(v) for k, v in measures.items()},
        "function": function,
        "last_pain": last,
        "practice": practice,
        "links": sorted(links),
    }


# --- many files at once --------------------------------------------------------------------------


@dataclass
class LogFacts:
    """The facts of the whole log (every file's, merged), ready for the statistics."""

    sessions: dict[str, tuple[list[Any], dict[int, DayFacts]]] = field(default_factory=dict)
    """routine id -> (its first session [us, id, title], day -> its facts)."""
    days: list[tuple[int, int]] = field(default_factory=list)  # (day, check-ins), ascending
    pain: dict[str, Series] = field(default_factory=dict)
    measures: dict[str, Series] = field(default_factory=dict)
    function: list[tuple[int, Mapping[str, int]]] = field(default_factory=list)
    last_pain: list[Any] | None = None

    @classmethod
    def merge(cls, parts: Sequence[FileFacts]) -> LogFacts:
        """Merge the facts of several log files (raises :class:`NotFacts` when two files hold
        check-ins of one day whose order between the files cannot be told)."""
        out = cls()
        practice = {i for part in parts for i in part["practice"]}
        if any(link in practice for part in parts for link in part["links"]):
            raise NotFacts("a check-in of a practice run kept in another log file")
        shared: dict[tuple[int, ...], DayFacts] = {}  # most days have the same facts: one each
        for part in parts:
            for rid, entry in part["sessions"].items():
                first, by_day = out.sessions.setdefault(rid, (entry["first"], {}))
                if (entry["first"][0], entry["first"][1]) < (first[0], first[1]):
                    out.sessions[rid] = (entry["first"], by_day)
                flat = entry["days"]
                for i in range(0, len(flat), WIDTH):
                    key = tuple(flat[i + 1 : i + WIDTH])
                    facts = shared.get(key) or shared.setdefault(key, DayFacts(*key))
                    have = by_day.get(flat[i])
                    by_day[flat[i]] = facts if have is None else have + facts
            last = part["last_pain"]
            if last is not None and (
                out.last_pain is None or (last[0], last[1]) >= (out.last_pain[0], out.last_pain[1])
            ):
                out.last_pain = last
        files = [p for p in parts if p["days"]]
        rank = _file_order(files)
        files = [files[i] for i in rank] if rank is not None else files
        if rank is not None:  # one after the other: concatenate
            for part in files:
                _extend(out, part)
        else:  # days shared or interleaved between files: order each day's values by its span
            spans = [_spans(p) for p in files]
            _check_spans(spans)
            functions: list[tuple[int, int, Mapping[str, int]]] = []
            for i, part in enumerate(files):
                _extend(out, part, spans[i], functions)
            out.pain = {k: _sorted(v) for k, v in out.pain.items()}
            out.measures = {k: _sorted(v) for k, v in out.measures.items()}
            functions.sort(key=lambda f: (f[0], f[1]))  # stable within a file
            out.function = [(day, scores) for day, _, scores in functions]
        merged: dict[int, int] = {}
        for day, n in out.days:
            merged[day] = merged.get(day, 0) + n
        out.days = sorted(merged.items())
        return out

    def since(self, first: date | None) -> LogFacts:
        """Only the days from ``first`` on (None: all)."""
        if first is None:
            return self
        cut = first.toordinal()
        sessions = {}
        for rid, (head, by_day) in self.sessions.items():
            kept = {d: f for d, f in by_day.items() if d >= cut}
            if kept:
                sessions[rid] = (head, kept)
        last = self.last_pain if self.last_pain is not None and self.last_pain[5] >= cut else None
        return LogFacts(
            sessions,
            [(d, n) for d, n in self.days if d >= cut],
            {k: _cut(v, cut) for k, v in self.pain.items() if v[0] and v[0][-1] >= cut},
            {k: _cut(v, cut) for k, v in self.measures.items() if v[0] and v[0][-1] >= cut},
            [(d, f) for d, f in self.function if d >= cut],
            last,
        )

    def record_count(self) -> int:
        """How many sessions and check-ins that count (practice runs and theirs left out)."""
        sessions = sum(f.logged for _, days in self.sessions.values() for f in days.values())
        return sessions + sum(n for _, n in self.days)

    def session_index(self, firsts: Mapping[str, date] | None = None) -> SessionIndex:
        """The sessions' per-day facts as the day-status model reads them (titles: each
        routine's first session's; ``firsts``: see :meth:`SessionIndex.from_facts`)."""
        dates: dict[int, date] = {}
        facts = {}
        for rid, (_, by_day) in self.sessions.items():
            facts[rid] = {_date(d, dates): f for d, f in sorted(by_day.items())}
        titles = {rid: head[2] for rid, (head, _) in self.sessions.items()}
        return SessionIndex.from_facts(facts, titles, firsts)

    def checkin_index(
        self, regions: Sequence[str] | None = None, *, pain_only: bool = False
    ) -> CheckInIndex:
        """The check-ins' values as the trends read them (``regions``: only their pain;
        ``pain_only``: no measures, activity scores or days of the check-ins, for the pain
        trends alone)."""
        dates: dict[int, date] = {}

        def as_dates(days: list[int]) -> list[date]:
            for d in set(days).difference(dates):
                dates[d] = date.fromordinal(d)
            return list(map(dates.__getitem__, days))

        wanted = None if regions is None else set(regions)
        pain = {}
        for key, (days, values) in self.pain.items():
            region, _, context = key.partition(SEP)
            if wanted is None or region in wanted:
                pain[(region, context)] = Values(as_dates(days), list(values))
        if pain_only:
            return CheckInIndex.of_values([], pain, {}, [])
        measures = {k: Values(as_dates(d), list(v)) for k, (d, v) in self.measures.items()}
        every = as_dates([d for d, n in self.days for _ in range(n)])
        functions = [(dates.get(d) or date.fromordinal(d), f) for d, f in self.function]
        return CheckInIndex.of_values(every, pain, measures, functions)

    def measures_recorded(self) -> set[str]:
        """Every measure id with a value."""
        return {k for k, (days, _) in self.measures.items() if days}

    def latest_pain(self) -> tuple[datetime, str, str, int] | None:
        """(when, region, context, value) of the latest pain rating, or None."""
        last = self.last_pain
        if last is None:
            return None
        return _EPOCH + timedelta(microseconds=last[0]), last[2], last[3], last[4]

    def latest_checkin_pain(self) -> tuple[datetime, str, list[tuple[str, int]]] | None:
        """(when, context, [(region, value), ...]) of the latest check-in with a pain rating:
        every region it rated, in recorded order; None without any."""
        last = self.last_pain
        if last is None:
            return None
        rated = [(str(r), int(v)) for r, v in last[6]] if len(last) > 6 else [(last[2], last[4])]
        return _EPOCH + timedelta(microseconds=last[0]), last[3], rated


def _date(ordinal: int, known: dict[int, date]) -> date:
    found = known.get(ordinal)
    if found is None:
        found = known[ordinal] = date.fromordinal(ordinal)
    return found


def _file_order(files: list[FileFacts]) -> list[int] | None:
    """The files' order when each one's check-in days all come before the next one's."""
    bounds = sorted((f["days"][0], f["days"][-4], i) for i, f in enumerate(files))
    for (_, last, _), (first, _, _) in zip(bounds, bounds[1:], strict=False):
        if last >= first:
            return None
    return [i for _, _, i in bounds]


def _spans(part: FileFacts) -> dict[int, tuple[int, int]]:
    flat = part["days"]
    return {flat[i]: (flat[i + 2], flat[i + 3]) for i in range(0, len(flat), 4)}


def _check_spans(spans: list[dict[int, tuple[int, int]]]) -> None:
    """Two files' check-ins of one day must not interleave (nor share a time)."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for file_spans in spans:
        for day, span in file_spans.items():
            by_day.setdefault(day, []).append(span)
    for day, several in by_day.items():
        several.sort()
        for (_, end), (start, _) in zip(several, several[1:], strict=False):
            if end >= start:
                raise NotFacts(f"check-ins of day {day} interleave across log files")


def _extend(
    out: LogFacts,
    part: FileFacts,
    spans: dict[int, tuple[int, int]] | None = None,
    functions: list[tuple[int, int, Mapping[str, int]]] | None = None,
) -> None:
    """Add one file's check-in facts; with ``spans``, each value with its sort key (its day's
    first time in this file), and the activity scores to ``functions`` likewise."""
    flat = part["days"]
    out.days.extend((flat[i], flat[i + 1]) for i in range(0, len(flat), 4))
    targets: tuple[dict[str, Any], dict[str, Any]] = (out.pain, out.measures)
    for target, source in zip(targets, (part["pain"], part["measures"]), strict=True):
        for key, (days, values) in source.items():
            series = target.setdefault(key, ([], [], []) if spans is not None else ([], []))
            series[0].extend(days)
            series[1].extend(values)
            if spans is not None:
                series[2].extend(spans[d][0] for d in days)
    if spans is not None and functions is not None:
        functions.extend((d, spans[d][0], f) for d, f in part["function"])
    else:
        out.function.extend((d, f) for d, f in part["function"])


def _sorted(series: Any) -> Any:
    """A series gathered from several files, in the log's order (day, then the file's span on
    that day; stable within a file)."""
    days, values, starts = series
    order = sorted(range(len(days)), key=lambda i: (days[i], starts[i]))
    return [days[i] for i in order], [values[i] for i in order]


def _cut(series: Series, cut: int) -> Series:
    start = bisect_left(series[0], cut)
    return series[0][start:], series[1][start:]
