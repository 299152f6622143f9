"""The today panel's last pain rating: the latest check-in's ratings, each region's trend
against its first week and a sparkline of its last rated days (from a review, from check-ins or
from the log's per-day facts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used, off the path to the first frame
    from coach.domain.dayfacts import LogFacts
    from coach.domain.records import CheckInLike
    from coach.domain.trends import Trend, Values
    from coach.services.review import Review

SPARK_DAYS = 14


@dataclass(frozen=True)
class RegionPain:
    """One region's rating in the latest check-in, its trend and its last rated days."""

    region: str
    value: int
    trend: Trend | None
    spark: str


@dataclass(frozen=True)
class LastPain:
    """The latest check-in with a pain rating: when, in which context, and every region it
    rated (in recorded order), each with its trend and sparkline."""

    context: str
    at: datetime
    regions: tuple[RegionPain, ...]


def last_pain(review: Review, days: int = SPARK_DAYS) -> LastPain | None:
    """The latest check-in's pain ratings (every region it rated), each with its trend and a
    sparkline of the daily means of its last ``days`` days with ratings (0-10 scale)."""
    latest = _latest(review.checkins)
    return None if latest is None else _with_trends(latest, review.summary.pain, days)


def last_pain_of(
    checkins: Sequence[CheckInLike], tz: tzinfo, days: int = SPARK_DAYS
) -> LastPain | None:
    """:func:`last_pain` from check-ins (oldest first: every one, as the trend's baseline is its
    first week), without a review."""
    # lazy: off the first frame
    from coach.domain.trends import pain_trends

    latest = _latest(checkins)
    if latest is None:
        return None
    _, context, rated = latest
    # Their trends need only the check-ins of their context; one more rating a region in
    # another context, if there is one, makes its sentence name the context, as over the log.
    subset = [c for c in checkins if c.context == context]
    for region, _ in rated:
        other = next((c for c in checkins if c.context != context and _rates(c, region)), None)
        if other is not None:
            subset.append(other)
    return _with_trends(latest, pain_trends(subset, tz), days)


def _rates(checkin: CheckInLike, region: str) -> bool:
    return any(p.region == region and p.value is not None for p in checkin.pain)


Rated = tuple[datetime, str, list[tuple[str, int]]]
"""(when, context, [(region, value), ...]) of a check-in's pain ratings."""


def _latest(checkins: Sequence[CheckInLike]) -> Rated | None:
    """The latest check-in with a pain rating (of two at one time, the later in the list)."""
    latest: Rated | None = None
    for c in checkins:
        rated = [(p.region, p.value) for p in c.pain if p.value is not None]
        if rated and (latest is None or _utc(c.at) >= _utc(latest[0])):
            latest = (c.at, c.context, rated)
    return latest


def _with_trends(latest: Rated, trends: Sequence[Trend], days: int) -> LastPain:
    # lazy: off the first frame
    from coach.domain.trends import sparkline

    at, context, rated = latest
    regions = []
    for region, value in rated:
        trend = next((t for t in trends if t.subject == region and t.context == context), None)
        spark = ""
        if trend is not None:
            tail = _last_days(trend.values, days).series()  # (not the whole series: years)
            spark = sparkline([p.mean for p in tail], days, 0, 10)
        regions.append(RegionPain(region, value, trend, spark))
    return LastPain(context, at, tuple(regions))


def _last_days(values: Values, days: int) -> Values:
    """The values of the last ``days`` days with values: the daily means of their series are
    those of the last ``days`` points of the whole series."""
    found, start, previous = 0, len(values.days), None
    for i in range(len(values.days) - 1, -1, -1):
        if values.days[i] != previous:
            if found == days:
                break
            found, previous = found + 1, values.days[i]
        start = i
    return type(values)(values.days[start:], values.values[start:])


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)



def last_pain_from_facts(facts: LogFacts, tz: tzinfo, days: int = SPARK_DAYS) -> LastPain | None:
    """:func:`last_pain_of` from the log's per-day facts."""
    # lazy: off the first frame
    from coach.domain.trends import pain_trends

    latest = facts.latest_checkin_pain()
    if latest is None:
        return None
    index = facts.checkin_index([region for region, _ in latest[2]], pain_only=True)
    return _with_trends(latest, pain_trends(index, tz), days)
