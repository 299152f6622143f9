"""What ``coach stats`` needs from the check-ins of the years before this one, in a few KB.

The review's trends (:mod:`coach.domain.trends`) read of a series its baseline (the first week's
values, or the first three), its current level (the last seven days', or the last three), how
many values it has, and, for pain, the days a rating rose two points above the baseline (flare
days). Once the first week of a series is over and it has three values, its baseline is settled:
values added later change neither it nor which earlier ratings were flares. So of the past years
the review needs, per series, only:

- pain and measures: the values of the baseline and of the last :data:`TAIL_DAYS` rated days
  (:func:`reduced`: the whole series while it is short or its first week is not over) and how
  many values there are; for pain, the flare days of a settled series (:func:`flare_bits`, one
  bitmap per region: ``--routine`` keeps only its regions);
- the activity scores (PSFS): a check-in's function value is the mean of the activities still on
  the client's list, which may change; :func:`reduced_function` keeps each check-in that some
  activity's baseline or last days read, whatever the list, and counts the others by the
  activities they rated (:meth:`coach.domain.trends.CheckInIndex.function` counts them).

:mod:`coach.domain.past_facts` keeps these beside what the today panel reads; its
:func:`~coach.domain.past_facts.combine_stats` puts them together with this year's facts.
Pure.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import compress
from typing import Any

from coach.domain.clinical import (
    BASELINE_DAYS,
    BASELINE_MIN_VALUES,
    CURRENT_MIN_VALUES,
    ROLLING_DAYS,
)
from coach.domain.trends import Values, rising_days

TAIL_DAYS = 14
"""Rated days kept at the end of each series (the panel's sparkline shows as many; the current
level reads the last :data:`ROLLING_DAYS` calendar days or :data:`CURRENT_MIN_VALUES` values)."""
assert max(ROLLING_DAYS, CURRENT_MIN_VALUES) <= TAIL_DAYS

Entry = tuple[int, Mapping[str, int]]  # (day ordinal, activity scores) of one check-in


def reduced(days: list[int], values: list[Any]) -> tuple[list[int], list[Any]]:
    """The values of a series (days ascending) that its baseline, its current level and its
    last :data:`TAIL_DAYS` rated days read, whatever values are added after it (all of them
    while its first week is not over or when it is short)."""
    if not days or days[-1] < days[0] + BASELINE_DAYS:
        return list(days), list(values)
    in_week = bisect_left(days, days[0] + BASELINE_DAYS)
    k = in_week if in_week >= BASELINE_MIN_VALUES else min(BASELINE_MIN_VALUES, len(values))
    start = _tail_start(days)
    if start <= k:
        return list(days), list(values)
    return days[:k] + days[start:], values[:k] + values[start:]


def _tail_start(days: Sequence[int]) -> int:
    """The index of the first value of the last :data:`TAIL_DAYS` distinct days."""
    start, found, previous = len(days), 0, None
    for i in range(len(days) - 1, -1, -1):
        if days[i] != previous:
            if found == TAIL_DAYS:
                break
            found, previous = found + 1, days[i]
        start = i
    return start


def settled(days: Sequence[int]) -> bool:
    """Whether a series' baseline can no longer change (its first week is over and it has at
    least :data:`BASELINE_MIN_VALUES` values), whatever later values come."""
    return bool(days) and days[-1] >= days[0] + BASELINE_DAYS and len(days) >= BASELINE_MIN_VALUES


# --- flare days ----------------------------------------------------------------------------------


def flare_days_of(days: list[int], values: list[Any]) -> list[int]:
    """The days of a pain series' ratings that :func:`coach.domain.trends.flare_days` reads
    as flares (a settled series: see :func:`settled`), ascending, once each."""
    found = rising_days(Values([date.fromordinal(d) for d in days], list(values)))
    return sorted({d.toordinal() for d in found})


def flare_bits(days: Iterable[int]) -> list[Any]:
    """Days (ordinals) as ``[first, hex]``: the hex digits of bytes whose bit ``i`` (of byte
    ``i // 8``, the lowest first) is the day ``first + i`` (``[0, ""]`` for none)."""
    ordered = sorted(set(days))
    if not ordered:
        return [0, ""]
    first = ordered[0]
    bits = 0
    for d in ordered:
        bits |= 1 << (d - first)
    return [first, bits.to_bytes((ordered[-1] - first) // 8 + 1, "little").hex()]


_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def days_of_bits(first: int, bits: str) -> list[int]:
    """The days of :func:`flare_bits`' ``[first, hex]``, ascending (ValueError: not hex)."""
    number = int.from_bytes(bytes.fromhex(bits), "little")
    if not number:
        return []
    flags = bin(number)[:1:-1].encode().translate(_FLAGS)  # (bit i at index i; all in C)
    return list(compress(range(first, first + len(flags)), flags))


# --- activity scores -----------------------------------------------------------------------------


def reduced_function(entries: Sequence[Entry]) -> tuple[list[Entry], list[list[Any]]]:
    """(the check-ins kept, the others counted) of the activity scores ``entries`` (in the
    log's order): kept, each check-in that rated some activity within that activity's first
    week, among its first :data:`BASELINE_MIN_VALUES` ratings, or on its last
    :data:`TAIL_DAYS` rated days. For any list of activities, the function values of the kept
    check-ins then hold every value the trend's baseline and current level read (the first
    day rated, its week and the last days are each some activity's). The others are counted
    as ``[[activity, ...], n]`` by the activities they rated (which
    :meth:`coach.domain.trends.CheckInIndex.function` adds to its count)."""
    by_activity: dict[str, list[int]] = {}
    for i, (_, scores) in enumerate(entries):
        for activity in scores:
            by_activity.setdefault(activity, []).append(i)
    keep: set[int] = set()
    for rated in by_activity.values():
        days = [entries[i][0] for i in rated]
        week_end = bisect_left(days, days[0] + BASELINE_DAYS)
        keep.update(rated[: max(week_end, BASELINE_MIN_VALUES)])
        keep.update(rated[_tail_start(days) :])
    counts: dict[tuple[str, ...], int] = {}
    for i, (_, scores) in enumerate(entries):
        if i not in keep:
            key = tuple(sorted(scores))
            counts[key] = counts.get(key, 0) + 1
    kept = [entries[i] for i in sorted(keep)]
    return kept, [[list(key), n] for key, n in sorted(counts.items())]


# --- the past's check-ins ------------------------------------------------------------------------


def summarize_checkins(
    pain: Mapping[str, tuple[list[int], list[Any]]],
    measures: Mapping[str, tuple[list[int], list[Any]]],
    function: Sequence[Entry],
    sep: str,
) -> dict[str, Any]:
    """The review's part of the past years' summary (JSON values): each pain series' and
    measure's count (their reduced values are kept beside), each region's flare days of its
    settled pain series (``sep``: between a pain series' region and context in its key), the
    measures reduced, and the activity scores reduced (:func:`reduced_function`)."""
    flares: dict[str, set[int]] = {}
    for key, (days, values) in pain.items():
        if settled(days):
            region = key.partition(sep)[0]
            flares.setdefault(region, set()).update(flare_days_of(days, values))
    kept, left_out = reduced_function(function)
    return {
        "pain_n": {k: len(v) for k, (_, v) in pain.items()},
        "flares": {region: flare_bits(days) for region, days in sorted(flares.items())},
        "measures": {k: list(reduced(d, v)) for k, (d, v) in measures.items()},
        "measures_n": {k: len(v) for k, (_, v) in measures.items()},
        "function": [[d, dict(scores)] for d, scores in kept],
        "function_out": left_out,
    }


__all__ = ["TAIL_DAYS", "days_of_bits", "flare_bits", "flare_days_of", "reduced",
           "reduced_function", "settled", "summarize_checkins"]  # fmt: skip
