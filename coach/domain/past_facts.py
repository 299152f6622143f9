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
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.domain.clinical import BASELINE_DAYS, BASELINE_MIN_VALUES
from coach.domain.dayfacts import WIDTH, FileFacts, LogFacts, NotFacts, Series
from coach.domain.days import DayFacts

FORMAT = 1
TAIL_DAYS = 14
"""Rated days kept at the end of each pain series (the panel's sparkline shows as many)."""


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


def _reduced(days: list[int], values: list[Any]) -> tuple[list[int], list[Any]]:
    """The values of a pain series that its baseline, its current level and its last
    :data:`TAIL_DAYS` rated days read, whatever values later files add after it (all of them
    while its first week is not over or when it is short)."""
    if not days or days[-1] < days[0] + BASELINE_DAYS:
        return list(days), list(values)
    in_week = bisect_left(days, days[0] + BASELINE_DAYS)
    k = in_week if in_week >= BASELINE_MIN_VALUES else min(BASELINE_MIN_VALUES, len(values))
    start, found, previous = len(days), 0, None
    for i in range(len(days) - 1, -1, -1):
        if days[i] != previous:
            if found == TAIL_DAYS:
                break
            found, previous = found + 1, days[i]
        start = i
    if start <= k:
        return list(days), list(values)
    return days[:k] + days[start:], values[:k] + values[start:]


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
    return {
        "format": FORMAT, "at": cut, "last_day": last, "sessions": sessions,
        "pain": {k: list(_reduced(d, v)) for k, (d, v) in facts.pain.items()},
        "last_pain": facts.last_pain, "practice": practice, "links": links,
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


def check_links(before: Any, current_parts: Sequence[FileFacts]) -> bool:
    """Whether no check-in of one side belongs to a practice run of the other (as
    :meth:`LogFacts.merge` refuses)."""
    practice = set(before["practice"]).union(*(p["practice"] for p in current_parts))
    links = set(before["links"]).union(*(p["links"] for p in current_parts))
    return not (practice & links)


__all__ = ["FORMAT", "TAIL_DAYS", "NotFacts", "PanelFacts", "check_links", "combine",
           "day_rows", "rows_digest", "summarize"]  # fmt: skip
