"""Trends in pain, mobility measures and function (PSFS): series, baseline, current, verdict.

Pure: check-ins in, :class:`Trend` values out. Thresholds, verdicts and the sentences the client
reads live in :mod:`coach.domain.clinical`.

Rules shared by every trend (a "value" is one pain rating, one measurement, or one check-in's
PSFS mean; values are ordered by time and dated by the client's local day in ``tz``):

- Series: one :class:`DayPoint` per day with values: the day's mean, and the trailing 7-day
  rolling mean = the mean of every value in the 7 calendar days ending that day (each value
  weighs the same, whatever its day).
- Baseline: the mean of the values dated within 7 calendar days of the first value (its day and
  the 6 after); if those are fewer than 3, the mean of the first 3 values instead.
- Current: the mean of the values in the 7 calendar days ending on the latest day (the rolling
  mean at the latest day); if those are fewer than 3, the mean of the last 3 values. Early on the
  current values may overlap the baseline ones, which pulls the change towards zero (cautious).
- Not enough data: fewer than 2 values, or every value belongs to the baseline.
- Change: points = current - baseline; percent = points / baseline x 100, None when the baseline
  is 0 (never divided by zero).
- Classification: see :mod:`coach.domain.clinical` (on the change as shown, thresholds >=).
- Skipped pain questions (value None) and non-finite numbers are ignored.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property, partial
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from coach.domain.checkin_words import CONTEXT_LABELS
from coach.domain.clinical import (
    BASELINE_DAYS,
    BASELINE_MIN_VALUES,
    CURRENT_MIN_VALUES,
    FLARE_RISE_POINTS,
    ROLLING_DAYS,
    MeasureSpec,
    Verdict,
    describe_function,
    describe_measure,
    describe_pain,
    shown_at_least,
)

if TYPE_CHECKING:  # (the shapes, for types: record_types' NamedTuples cost `coach stats` ~3 ms)
    from coach.domain.record_types import CheckInLike

__all__ = [
    "BLOCKS",
    "CheckInIndex",
    "DayPoint",
    "MeasureSpec",
    "PartValues",
    "Trend",
    "Values",
    "Verdict",
    "flare_days",
    "function_trend",
    "measure_trends",
    "pain_trends",
    "rising_days",
    "sparkline",
]

BLOCKS = "▁▂▃▄▅▆▇█"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CONTEXT_ORDER: dict[str, int] = {c: i for i, c in enumerate(CONTEXT_LABELS)}  # PainContext's
# (baseline, current) -> Verdict; None for both means not enough data
_Describe = Callable[[float | None, float | None], Verdict]


class DayPoint(NamedTuple):
    """One day of a series: the day's mean, how many values (``n``), the 7-day rolling mean."""

    day: date
    mean: float
    n: int
    rolling: float


@dataclass(frozen=True)
class Trend:
    """A series with its baseline, current level and verdict.

    ``subject`` is the pain region, the measure id, or "function"; ``context`` the pain context
    (None for measures and function).
    """

    subject: str
    context: str | None
    baseline: float | None
    current: float | None
    verdict: Verdict
    values: Values = field(repr=False, compare=False)

    @cached_property
    def series(self) -> tuple[DayPoint, ...]:
        """Daily means and 7-day rolling means (computed on first use: charts need it, a summary
        of verdicts does not)."""
        return self.values.series()

    @property
    def sentence(self) -> str:
        """The sentence for the client."""
        return self.verdict.sentence

    @property
    def flag(self) -> bool:
        """True when the client should tell their therapist."""
        return self.verdict.flag


# --- series arithmetic ---------------------------------------------------------------------------


class CheckInIndex:
    """Check-ins ordered by time with their local days, values grouped in one pass (built once).

    Every function below accepts either check-ins (and builds this) or a ready index, so a
    summary converts each time stamp to a local day once.
    """

    def __init__(self, checkins: Iterable[CheckInLike], tz: tzinfo) -> None:
        recs = list(checkins)
        # Exact UTC keys (no folds); the sort is stable for equal times.
        keys = [(c.at if c.at.tzinfo else c.at.replace(tzinfo=UTC)) - _EPOCH for c in recs]
        recs = [recs[i] for i in sorted(range(len(recs)), key=keys.__getitem__)]
        self.days = days = [
            (c.at if c.at.tzinfo else c.at.replace(tzinfo=UTC)).astimezone(tz).date() for c in recs
        ]
        self.functions: list[tuple[date, Mapping[str, int]]] = []
        self.left_out: list[tuple[frozenset[str], int]] = []
        self.known_flares: list[date] = []
        pain: dict[tuple[str, str], tuple[list[date], list[float]]] = {}
        measures: dict[str, tuple[list[date], list[float]]] = {}
        functions = self.functions
        for day, c in zip(days, recs, strict=True):
            ratings = c.pain
            if ratings:
                context = c.context
                for rating in ratings:
                    value = rating.value
                    if value is not None:
                        key = (rating.region, context)
                        lists = pain.get(key)
                        if lists is None:
                            lists = pain[key] = ([], [])
                        lists[0].append(day)
                        lists[1].append(value)
            numbers = c.measures
            if numbers:
                for measure_id, number in numbers.items():
                    if math.isfinite(number):
                        lists = measures.get(measure_id)
                        if lists is None:
                            lists = measures[measure_id] = ([], [])
                        lists[0].append(day)
                        lists[1].append(number)
            if c.function:
                functions.append((day, c.function))
        self.pain: dict[tuple[str, str], Values] = {k: Values(*v) for k, v in pain.items()}
        self.measures: dict[str, Values] = {k: Values(*v) for k, v in measures.items()}

    @classmethod
    def of_values(
        cls,
        days: list[date],
        pain: dict[tuple[str, str], Values],
        measures: dict[str, Values],
        functions: list[tuple[date, Mapping[str, int]]],
        left_out: Sequence[tuple[frozenset[str], int]] = (),
        known_flares: Sequence[date] = (),
    ) -> CheckInIndex:
        """An index from values already grouped (e.g. the log's per-day facts): ``days`` one
        local day per check-in, the rest as built by the constructor, in time order.

        From a summary of the past (:mod:`coach.domain.past_stats`): series may be
        :class:`PartValues`; ``functions`` may leave out activity scores that no function
        trend's baseline or current level reads, ``left_out`` counting them by the activities
        each check-in rated; ``known_flares``: flare days of the pain values left out."""
        index = cls.__new__(cls)
        index.days, index.pain, index.measures, index.functions = days, pain, measures, functions
        index.left_out, index.known_flares = list(left_out), list(known_flares)
        return index

    def measure(self, measure_id: str) -> Values:
        """The finite values recorded for one measure."""
        return self.measures.get(measure_id) or Values([], [])

    def function(self, activities: Collection[str] | None) -> Values:
        """Per check-in, the mean PSFS score over its active activities (if any rated)."""
        days: list[date] = []
        means: list[float] = []
        for day, function in self.functions:
            if activities is None:
                total, n = sum(function.values()), len(function)
            else:
                scores = [v for k, v in function.items() if k in activities]
                total, n = sum(scores), len(scores)
            if n:
                days.append(day)
                means.append(total / n)  # integers: exact
        more = sum(
            n
            for rated, n in self.left_out
            if activities is None or not rated.isdisjoint(activities)
        )
        return PartValues(days, means, len(means) + more) if more else Values(days, means)


def _as_index(checkins: Iterable[CheckInLike] | CheckInIndex, tz: tzinfo) -> CheckInIndex:
    return checkins if isinstance(checkins, CheckInIndex) else CheckInIndex(checkins, tz)


class Values:
    """Time-ordered values with their local days."""

    def __init__(self, days: list[date], values: list[float]) -> None:
        self.days = days
        self.values = values

    @property
    def count(self) -> int:
        """How many values the series has."""
        return len(self.values)

    def series(self, first: date | None = None) -> tuple[DayPoint, ...]:
        """Daily means and trailing rolling means, O(n); ``first``: only from that day on (the
        values of the days before it that a rolling mean covers are read, no earlier ones)."""
        days: list[date] = []
        totals: list[float] = []
        counts: list[int] = []
        previous = None
        lo = 0
        if first is not None:
            lo = bisect_left(self.days, first - timedelta(days=ROLLING_DAYS - 1))
        for day, v in zip(self.days[lo:], self.values[lo:], strict=True):
            if day == previous:
                totals[-1] += v
                counts[-1] += 1
            else:
                days.append(day)
                totals.append(v)
                counts.append(1)
                previous = day
        ordinals = [d.toordinal() for d in days]
        points = []
        lo = window_n = 0
        window_sum = 0.0
        for i, first_in_window in enumerate(ordinals):
            first_in_window -= ROLLING_DAYS - 1
            window_sum += totals[i]
            window_n += counts[i]
            while ordinals[lo] < first_in_window:
                window_sum -= totals[lo]
                window_n -= counts[lo]
                lo += 1
            k = counts[i]
            points.append(DayPoint(days[i], totals[i] / k, k, window_sum / window_n))
        if first is not None:
            return tuple(p for p in points if p.day >= first)
        return tuple(points)

    def baseline_count(self) -> int:
        """How many leading values form the baseline (see module rules)."""
        if not self.values:
            return 0
        in_week = bisect_left(self.days, self.days[0] + timedelta(days=BASELINE_DAYS))
        if in_week >= BASELINE_MIN_VALUES:
            return in_week
        return min(BASELINE_MIN_VALUES, len(self.values))

    def baseline_current(self) -> tuple[float, float] | None:
        """(baseline, current), or None when there is not enough data."""
        values, k = self.values, self.baseline_count()
        if self.count < 2 or k >= self.count:
            return None
        start = bisect_left(self.days, self.days[-1] - timedelta(days=ROLLING_DAYS - 1))
        recent = values[start:]
        if len(recent) < CURRENT_MIN_VALUES:
            recent = values[-CURRENT_MIN_VALUES:]
        return math.fsum(values[:k]) / k, math.fsum(recent) / len(recent)


class PartValues(Values):
    """A series with values in its middle left out (:mod:`coach.domain.past_stats`): it holds
    every value its baseline and its current level read (the first week's, the last days'),
    and ``count`` says how many it has in all. Its baseline, current level, verdict and count
    are the whole series'; it cannot be drawn (:meth:`series` raises ValueError)."""

    def __init__(self, days: list[date], values: list[float], count: int) -> None:
        super().__init__(days, values)
        self._count = count

    @property
    def count(self) -> int:
        return self._count

    def series(self, first: date | None = None) -> tuple[DayPoint, ...]:
        raise ValueError("a series summed up cannot be drawn: read the whole log")


def _trend(subject: str, context: str | None, vals: Values, describe: _Describe) -> Trend:
    pair = vals.baseline_current()
    if pair is None:
        return Trend(subject, context, None, None, describe(None, None), vals)
    return Trend(subject, context, pair[0], pair[1], describe(*pair), vals)


# --- trends from check-ins -----------------------------------------------------------------------


Checkins: TypeAlias = "Iterable[CheckInLike] | CheckInIndex"


def pain_trends(checkins: Checkins, tz: tzinfo) -> list[Trend]:
    """One trend per (region, context) that has ratings, sorted by region then context.

    The sentence names the context ("Neck pain before sessions is ...") only when the region
    has ratings in more than one context.
    """
    grouped = _as_index(checkins, tz).pain
    contexts: dict[str, int] = {}
    for region, _ in grouped:
        contexts[region] = contexts.get(region, 0) + 1
    trends = []
    for region, context in sorted(grouped, key=lambda k: (k[0], _CONTEXT_ORDER.get(k[1], 99))):
        shown = context if contexts[region] > 1 else None
        describe = partial(describe_pain, region, context=shown)
        trends.append(_trend(region, context, grouped[(region, context)], describe))
    return trends


def measure_trends(checkins: Checkins, specs: Sequence[MeasureSpec], tz: tzinfo) -> list[Trend]:
    """One trend per measure spec, in the given order (a measure never recorded: not enough)."""
    index = _as_index(checkins, tz)
    return [
        _trend(spec.id, None, index.measure(spec.id), partial(describe_measure, spec))
        for spec in specs
    ]


def function_trend(
    checkins: Checkins, tz: tzinfo, activities: Collection[str] | None = None
) -> Trend:
    """The PSFS trend: per check-in, the mean score over its active activities.

    ``activities``: the ids still on the client's list (None: every rated activity). A check-in
    with no active activity rated contributes nothing.
    """
    vals = _as_index(checkins, tz).function(activities)
    return _trend("function", None, vals, describe_function)


def flare_days(checkins: Checkins, excused: Mapping[date, str], tz: tzinfo) -> list[date]:
    """Sorted local days with a flare: marked "flare", or a pain rating >= 2 points above baseline.

    The baseline is that region's in the same context (before-session pain against before-session
    pain), as defined in the module rules; it exists from the first rating on.
    """
    days = {d for d, why in excused.items() if why == "flare"}
    index = _as_index(checkins, tz)
    for vals in index.pain.values():
        days.update(rising_days(vals))
    days.update(index.known_flares)
    return sorted(days)


def rising_days(vals: Values) -> list[date]:
    """The days (with repeats) of a pain series' ratings >= 2 points above its baseline."""
    k = vals.baseline_count()
    if not k:
        return []
    baseline = math.fsum(vals.values[:k]) / k
    # Pain values are few distinct numbers: decide each once.
    rising = {v for v in set(vals.values) if shown_at_least(v - baseline, FLARE_RISE_POINTS)}
    if not rising:
        return []
    return list(compress(vals.days, map(rising.__contains__, vals.values)))


def sparkline(
    values: Sequence[float | None], width: int, lo: float | None = None, hi: float | None = None
) -> str:
    """A one-line chart with ▁▂▃▄▅▆▇█, at most ``width`` characters.

    More values than ``width``: split into ``width`` equal buckets, each drawn at its mean. None
    (or an empty bucket) is drawn as a space. The scale is ``lo``..``hi`` (default: the data's
    min..max; values outside are clamped); a flat line without a given scale is drawn mid-height.
    """
    n = len(values)
    if width <= 0 or n == 0:
        return ""
    if n > width:
        buckets: list[float | None] = []
        for i in range(width):
            chunk = [v for v in values[i * n // width : (i + 1) * n // width] if v is not None]
            buckets.append(math.fsum(chunk) / len(chunk) if chunk else None)
    else:
        buckets = list(values)
    present = [v for v in buckets if v is not None]
    if not present:
        return " " * len(buckets)
    low = min(present) if lo is None else lo
    high = max(present) if hi is None else hi
    top = len(BLOCKS) - 1
    chars = []
    for v in buckets:
        if v is None:
            chars.append(" ")
        elif high <= low:
            chars.append(BLOCKS[top // 2] if lo is None and hi is None else BLOCKS[0])
        else:
            level = int((min(max(v, low), high) - low) / (high - low) * top + 0.5)  # half up
            chars.append(BLOCKS[level])
    return "".join(chars)
