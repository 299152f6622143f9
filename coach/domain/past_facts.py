"""What the today panel needs from the log files of the years before this one, in a few KB.

The panel (streak, effort, today's plan, the last pain rating with its trend and sparkline) reads
the per-day facts of the whole log (:mod:`coach.domain.dayfacts`): ten years are eleven facts
files, ~700 KB of JSON to parse, check and merge on every start. Of the past years it needs only:

- per routine: its first session (id, time, title), its first logged day (where the program's
  first day starts), a digest of its per-day facts before this year's :func:`checkpoint
  <coach.domain.past.checkpoint>` (the key of the kept past: :func:`coach.domain.past.past_key`)
  and its per-day facts from that Monday on (the walks resume there);
- per pain series (region and context): the values of its baseline (first week) and of its last
  :data:`TAIL_DAYS` rated days (the current level, the sparkline); the whole series when shorter;
- the latest pain rating, and the practice runs and cross-file links the merge checks.

:func:`summarize` makes that (:class:`Before`, as JSON values) from the past years' facts;
:func:`combine` puts it together with the facts of this year's log file(s) into the facts the
panel reads, with the same figures as the whole log's, or None when it cannot vouch for that
(a record of this year's files dated on or before the summary's last day, a session before the
checkpoint, a practice link across): the caller then reads the whole log. Pure; the storage
keeps it (``facts-before.json``) as a cache.
"""

from __future__ import annotations

from _blake2 import blake2b  # (hashlib's blake2b, without loading OpenSSL: ~5 ms at start)
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.domain.dayfacts import SEP, WIDTH, FileFacts, LogFacts, NotFacts, Series
from coach.domain.days import DayFacts, SessionIndex
from coach.domain.past_stats import TAIL_DAYS, days_of_bits, reduced, summarize_checkins
from coach.domain.trends import CheckInIndex, PartValues

FORMAT = 2  # 2: what `coach stats` reads of the past too (coach.domain.past_stats)


def rows_digest(rows: Sequence[tuple[int, ...]]) -> str:
    """A digest of one routine's per-day facts rows ``(day, complete, partial, practice, flare,
    logged)``, ascending (the part of :func:`coach.domain.past.past_key` a routine adds)."""
    return blake2b(repr(list(rows)).encode(), digest_size=20).hexdigest()


def day_rows(by_day: Mapping[Any, DayFacts], before: int) -> list[tuple[int, ...]]:
    """The rows of days (ordinals, or dates) before the ordinal ``before``, ascending."""
    rows = []
    for day, f in by_day.items():
        n = day if type(day) is int else day.toordinal()
        if n < before:
            rows.append((n, f.complete, f.partial, f.practice, f.flare, f.logged))
    return sorted(rows)


def summarize(parts: Sequence[FileFacts], at: date) -> dict[str, Any]:
    """What the panel needs of the facts files ``parts`` (the years before this one) for this
    year's checkpoint ``at``, as JSON values (raises :class:`NotFacts` as merging them does)."""
    facts = LogFacts.merge(parts)
    cut = at.toordinal()
    last = max([d for _, by_day in facts.sessions.values() for d in by_day]
               + [d for d, _ in facts.days] + [0])  # fmt: skip
    sessions = {}
    for rid, (head, by_day) in facts.sessions.items():
        logged = [d for d, f in by_day.items() if f.logged]
        flat = [x for d, f in sorted(by_day.items()) if d >= cut
                for x in (d, f.complete, f.partial, f.practice, f.flare, f.logged)]  # fmt: skip
        sessions[rid] = {
            "first": head, "run": min(logged, default=None),
            "before": rows_digest(day_rows(by_day, cut)), "days": flat,
        }  # fmt: skip
    practice = sorted({i for p in parts for i in p["practice"]})
    links = sorted({i for p in parts for i in p["links"]})
    records = facts.record_count() - sum(
        f.logged for _, by_day in facts.sessions.values() for d, f in by_day.items() if d >= cut
    )  # (the sessions from the checkpoint on are counted from their days, kept above)
    return {
        "format": FORMAT, "at": cut, "last_day": last, "sessions": sessions,
        "pain": {k: list(reduced(d, v)) for k, (d, v) in facts.pain.items()},
        "last_pain": facts.last_pain, "practice": practice, "links": links, "records": records,
        **summarize_checkins(facts.pain, facts.measures, facts.function, SEP),
    }  # fmt: skip


@dataclass
class PanelFacts:
    """The facts the today panel reads: the log's (sessions from the checkpoint on, pain series
    reduced as :func:`summarize` does; no measures, activities or check-in days) with each
    routine's first logged day and the digests of its days before the checkpoint."""

    facts: LogFacts
    firsts: dict[str, date]
    digests: dict[str, str]
    at: date


def combine(before: Any, current: LogFacts, at: date) -> PanelFacts | None:
    """``before`` (:func:`summarize`'s values, shape checked) with ``current``, the facts of this
    year's log file(s), when they give the whole log's figures; else None (the practice runs
    and links across are checked by :func:`check_links`)."""
    if before["at"] != at.toordinal():
        return None
    last_day = before["last_day"]
    session_days = [d for _, by_day in current.sessions.values() for d in by_day]
    if min(session_days + [d for d, _ in current.days], default=last_day + 1) <= last_day:
        return None  # a record of this year's files among the past's days: read the whole log
    if min(session_days, default=at.toordinal()) < at.toordinal():
        return None  # (a session before the checkpoint: its past would change)
    out = LogFacts()
    firsts: dict[str, date] = {}
    digests: dict[str, str] = {}
    shared: dict[tuple[int, ...], DayFacts] = {}
    for rid, entry in before["sessions"].items():
        flat = entry["days"]
        by_day = {}
        for i in range(0, len(flat), WIDTH):
            key = tuple(flat[i + 1 : i + WIDTH])
            by_day[flat[i]] = shared.get(key) or shared.setdefault(key, DayFacts(*key))
        out.sessions[rid] = (entry["first"], by_day)
        if entry["run"] is not None:
            firsts[rid] = date.fromordinal(entry["run"])
        digests[rid] = entry["before"]
    for rid, (head, days) in current.sessions.items():
        first, by_day = out.sessions.setdefault(rid, (head, {}))
        if (head[0], head[1]) < (first[0], first[1]):
            out.sessions[rid] = (head, by_day)
        by_day.update(days)  # (days after the past's: none shared)
        logged = [d for d, f in days.items() if f.logged]
        if logged and rid not in firsts:
            firsts[rid] = date.fromordinal(min(logged))
    out.pain = {k: (list(d), list(v)) for k, (d, v) in before["pain"].items()}
    for name, (rated_days, values) in current.pain.items():
        series: Series = out.pain.setdefault(name, ([], []))
        series[0].extend(rated_days)
        series[1].extend(values)
    out.last_pain = current.last_pain or before["last_pain"]  # (this year's: the later)
    out.days = list(current.days)
    return PanelFacts(out, firsts, digests, at)


@dataclass
class StatsFacts:
    """What ``coach stats`` reads of the whole log: :class:`PanelFacts`' sessions, and the
    check-ins with the past's series reduced (:mod:`coach.domain.past_stats`), each with how
    many of its values were left out, the flare days of those, and the activity scores left
    out (by the activities they rated). Gives the review the whole log's figures, except that
    its session index lacks the days before the checkpoint (the kept pasts stand for them) and
    its trends cannot be drawn."""

    facts: LogFacts
    firsts: dict[str, date]
    digests: dict[str, str]
    at: date
    last_day: int
    """The past's last day with a record (ordinal): this year's come after it."""
    records: int
    """The past's sessions before the checkpoint and check-ins (those after: in ``facts``)."""
    pain_left_out: dict[str, int]
    """Each pain series (``region|context``): how many of the past's values were left out."""
    measures_left_out: dict[str, int]
    """Each measure: how many of the past's values were left out."""
    flares: dict[str, list[int]]
    """Each region's flare days among the past's values (ordinals)."""
    function_out: list[tuple[frozenset[str], int]]

    def session_index(self) -> SessionIndex:
        """The sessions' per-day facts from the checkpoint on (with each routine's first)."""
        return self.facts.session_index(self.firsts)

    def record_count(self) -> int:
        """How many sessions and check-ins that count, in the whole log."""
        return self.records + self.facts.record_count()

    def measures_recorded(self) -> set[str]:
        """Every measure id with a value."""
        return self.facts.measures_recorded()

    def covers(self, first: date | None) -> bool:
        """Whether :meth:`since` can give the days from ``first`` on (None: all)."""
        return first is None or (first >= self.at and first.toordinal() > self.last_day)

    def since(self, first: date | None) -> StatsFacts | LogFacts:
        """Only the days from ``first`` on (None: all); NotFacts when not :meth:`covers`."""
        if first is None:
            return self
        if not self.covers(first):
            raise NotFacts("the days asked for are summed up")
        return self.facts.since(first)

    def checkin_index(self, regions: Sequence[str] | None = None) -> CheckInIndex:
        """The check-ins' values as the trends read them (``regions``: only their pain); the
        series with values left out are :class:`~coach.domain.trends.PartValues`. Its
        ``days`` are this year's check-ins' only."""
        index = self.facts.checkin_index(regions)
        for (region, context), values in list(index.pain.items()):
            more = self.pain_left_out.get(f"{region}{SEP}{context}", 0)
            if more:
                part = PartValues(values.days, values.values, values.count + more)
                index.pain[(region, context)] = part
        for name, values in list(index.measures.items()):
            more = self.measures_left_out.get(name, 0)
            if more:
                index.measures[name] = PartValues(values.days, values.values, values.count + more)
        wanted = None if regions is None else set(regions)
        chosen = [days for name, days in self.flares.items() if wanted is None or name in wanted]
        flares = list(map(date.fromordinal, sorted(set().union(*chosen))))
        return CheckInIndex.of_values(
            index.days, index.pain, index.measures, index.functions, self.function_out, flares
        )


def combine_stats(before: Any, current: LogFacts, at: date) -> StatsFacts | None:
    """``before`` (:func:`summarize`'s values, shape checked) with ``current``, the facts of
    this year's log file(s), as :func:`combine` does, with what the review reads of the
    check-ins; None when they cannot give the whole log's figures."""
    panel = combine(before, current, at)
    if panel is None:
        return None
    out = panel.facts
    out.measures = {k: (list(d), list(v)) for k, (d, v) in before["measures"].items()}
    for name, (days, values) in current.measures.items():
        series: Series = out.measures.setdefault(name, ([], []))
        series[0].extend(days)
        series[1].extend(values)
    out.function = [(d, scores) for d, scores in before["function"]] + list(current.function)
    pain_out = {k: n - len(before["pain"][k][1]) for k, n in before["pain_n"].items()}
    measures_out = {k: n - len(before["measures"][k][1]) for k, n in before["measures_n"].items()}
    flares = {
        region: days_of_bits(first, bits) for region, (first, bits) in before["flares"].items()
    }
    function_out = [(frozenset(rated), n) for rated, n in before["function_out"]]
    return StatsFacts(out, panel.firsts, panel.digests, at, before["last_day"],
                      before["records"], {k: n for k, n in pain_out.items() if n},
                      {k: n for k, n in measures_out.items() if n}, flares,
                      function_out)  # fmt: skip


def check_links(before: Any, current_parts: Sequence[FileFacts]) -> bool:
    """Whether no check-in of one side belongs to a practice run of the other (as
    :meth:`LogFacts.merge` refuses)."""
    practice = set(before["practice"]).union(*(p["practice"] for p in current_parts))
    links = set(before["links"]).union(*(p["links"] for p in current_parts))
    return not (practice & links)


__all__ = ["FORMAT", "TAIL_DAYS", "NotFacts", "PanelFacts", "StatsFacts", "check_links",
           "combine", "combine_stats", "day_rows", "rows_digest", "summarize"]  # fmt: skip
