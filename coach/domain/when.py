"""Reading the dates and times a client types (``--at``, ``--since``), in local time (pure).

Accepted: ``now``; an ISO date ``2026-11-24``; an ISO date and time ``2026-11-24T08:30`` or
``2026-11-24 08:30`` (seconds and a UTC offset are allowed); ``today``/``yesterday`` alone or
followed by a time (``yesterday 8:30``); a time alone (``8:30``, today); for ``--since``, a span
back from today (``4w`` four weeks, ``10d`` ten days: ``1w`` is the last 7 days including
today). Times without an offset are local times in ``tz``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from coach.domain.checkin_words import CheckInError

_TIME = re.compile(r"^(\d{1,2})[:h.](\d{2})(?::(\d{2}))?$")
_SPAN = re.compile(r"^(\d{1,4})\s*([dw])$")
_EXAMPLES = "e.g. 2026-11-24, 2026-11-24T08:30, yesterday 8:30 or 8:30"
DateOnly = Literal["noon", "start"]


def _bad(text: str) -> CheckInError:
    return CheckInError(f"can't read the date or time '{text}': write it {_EXAMPLES}")


def _time(text: str, original: str) -> time:
    match = _TIME.match(text)
    if not match:
        raise _bad(original)
    hour, minute, second = (int(g) if g else 0 for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise CheckInError(f"'{original}' is not a time of day (hours 0-23, minutes 0-59)")
    return time(hour, minute, second)


def _localize(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=tz)


def _date_only(day: date, now: datetime, tz: tzinfo, date_only: DateOnly) -> datetime:
    if date_only == "start":
        return _localize(day, time(0, 0), tz)
    noon = _localize(day, time(12, 0), tz)
    local_now = now.astimezone(tz)
    return local_now if day == local_now.date() and noon > local_now else noon


def parse_when(
    text: str, now: datetime, tz: tzinfo, date_only: DateOnly = "noon"
) -> datetime:
    """The aware datetime the client meant (not checked against the future here).

    A date without a time means noon that day (``date_only="noon"``: today before noon it
    means now) or the start of that day (``date_only="start"``, for ``--since``).
    """
    raw = text.strip()
    lowered = raw.lower()
    local_now = now.astimezone(tz)
    if lowered == "now":
        return local_now
    words = lowered.split()
    if words and words[0] in ("today", "yesterday"):
        day = local_now.date() - timedelta(days=1 if words[0] == "yesterday" else 0)
        if len(words) == 1:
            return _date_only(day, now, tz, date_only)
        if len(words) == 2:
            return _localize(day, _time(words[1], raw), tz)
        raise _bad(raw)
    if _TIME.match(lowered):
        return _localize(local_now.date(), _time(lowered, raw), tz)
    span = _SPAN.match(lowered)
    if span and date_only == "start":
        days = int(span.group(1)) * (7 if span.group(2) == "w" else 1)
        if days == 0:
            raise CheckInError(f"'{raw}' is no time at all: use e.g. 4w, 10d or 2026-11-01")
        return _localize(local_now.date() - timedelta(days=days - 1), time(0, 0), tz)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return _date_only(date.fromisoformat(raw), now, tz, date_only)
        if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}", raw):
            raise _bad(raw)
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(raw) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)
