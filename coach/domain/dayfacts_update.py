"""One log file's facts carried over a save, without reading its other records.

A save usually adds one check-in later than every other, or a session (new, or the same session
saved again as it goes on: ``in_progress``, then ``complete``). The facts of the file after such
a save follow from the facts before it and the records that changed: :func:`updated` gives them,
equal to what :func:`coach.domain.dayfacts.build` makes from every record of the file after the
save. When that cannot be told from the facts alone (a check-in edited, or not later than every
other; a session removed, moved to another routine, or made a practice run; a local day going
back, as at a time-zone change), it returns None and the caller makes the facts from the
records instead.

Pure: facts (as read from a facts file, lists and dicts) and validated records in, new facts
out; the facts given are not changed.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from coach.domain.dayfacts import SEP, WIDTH, FileFacts, NotFacts, utc_us
from coach.domain.days import DayFacts, is_practice, session_facts
from coach.domain.record_types import CheckInLike, SessionLike


@dataclass(frozen=True)
class Change:
    """What one save changed in a log file: sessions saved (each with the version it replaced,
    None for a new one) and check-ins added. Anything else (a removal, an edited check-in) is not
    a change :func:`updated` can follow."""

    sessions: Sequence[tuple[SessionLike | None, SessionLike]] = ()
    checkins: Sequence[CheckInLike] = ()


class _Cannot(Exception):
    """The facts after the change cannot be told from the facts before it."""


def updated(
    facts: FileFacts, change: Change, tz: tzinfo, has_session: Callable[[str], bool]
) -> FileFacts | None:
    """The facts of a log file after ``change``, from its facts before it (``tz``: the zone
    they were made in; ``has_session``: whether a session id is in the file after the change).
    None when they cannot be told without the file's other records."""
    out: FileFacts = {
        "sessions": dict(facts["sessions"]),
        "days": list(facts["days"]),
        "pain": dict(facts["pain"]),
        "measures": dict(facts["measures"]),
        "function": list(facts["function"]),
        "last_pain": facts["last_pain"],
        "practice": list(facts["practice"]),
        "links": list(facts["links"]),
    }
    try:
        for old, new in change.sessions:
            if old is not None:
                _replace_session(out, old, new, tz)
            else:
                _add_session(out, new, tz)
        for us, _, checkin in sorted((utc_us(c.at), c.id, c) for c in change.checkins):
            _add_checkin(out, us, checkin, tz, has_session)
    except (_Cannot, NotFacts):
        return None
    return out


# --- sessions ------------------------------------------------------------------------------------


def _row(facts: DayFacts) -> list[int]:
    return [getattr(facts, name) for name in DayFacts.__slots__]


def _day_of(session: SessionLike, tz: tzinfo) -> int:
    return session.started_at.astimezone(tz).toordinal()


def _add_to_days(flat: list[int], day: int, row: list[int], sign: int) -> list[int]:
    """A routine's flat per-day facts with ``row`` added to (or, ``sign`` -1, taken from) a
    day; a day left with nothing is dropped, as the facts made from records have none such."""
    days = flat[::WIDTH]
    at = bisect_left(days, day)
    flat = list(flat)
    if at < len(days) and days[at] == day:
        start = at * WIDTH + 1
        values = [have + sign * add for have, add in zip(flat[start : start + WIDTH - 1], row,
                                                         strict=True)]  # fmt: skip
        if min(values) < 0:
            raise _Cannot("facts taken from a day that does not hold them")
        if any(values):
            flat[start : start + WIDTH - 1] = values
        else:
            del flat[start - 1 : start + WIDTH - 1]
        return flat
    if sign < 0:
        raise _Cannot("a session taken from a day without sessions")
    flat[at * WIDTH : at * WIDTH] = [day, *row]
    return flat


def _add_session(out: FileFacts, new: SessionLike, tz: tzinfo) -> None:
    practice = is_practice(new)
    if new.id in out["practice"] or (practice and new.id in out["links"]):
        raise _Cannot("a practice run whose check-ins the facts count")  # (or a repeated id)
    key = [utc_us(new.started_at), new.id]
    entry = out["sessions"].get(new.routine_id)
    if entry is None:
        entry = {"first": [*key, new.routine_title], "days": []}
    elif key < entry["first"][:2]:
        entry = {"first": [*key, new.routine_title], "days": entry["days"]}
    days = _add_to_days(entry["days"], _day_of(new, tz), _row(session_facts(new)), 1)
    out["sessions"][new.routine_id] = {"first": entry["first"], "days": days}
    if practice:
        out["practice"] = sorted([*out["practice"], new.id])
    if new.id in out["links"]:  # its check-ins here no longer point to another file
        out["links"] = [link for link in out["links"] if link != new.id]


def _replace_session(out: FileFacts, old: SessionLike, new: SessionLike, tz: tzinfo) -> None:
    if old.id != new.id or old.routine_id != new.routine_id:
        raise _Cannot("a session moved to another routine")
    if is_practice(old) != is_practice(new):
        raise _Cannot("a session made a practice run, or no longer one")
    entry = out["sessions"].get(old.routine_id)
    if entry is None:
        raise _Cannot("a session the facts do not hold")
    old_key = [utc_us(old.started_at), old.id]
    new_key = [utc_us(new.started_at), new.id]
    first = entry["first"]
    if first[:2] == old_key:
        if new_key != old_key:
            raise _Cannot("the routine's first session moved")
        first = [*new_key, new.routine_title]
    elif new_key < first[:2]:
        first = [*new_key, new.routine_title]
    days = _add_to_days(entry["days"], _day_of(old, tz), _row(session_facts(old)), -1)
    days = _add_to_days(days, _day_of(new, tz), _row(session_facts(new)), 1)
    if not days:
        raise _Cannot("a routine left without sessions")
    out["sessions"][old.routine_id] = {"first": first, "days": days}


# --- check-ins -----------------------------------------------------------------------------------


def _add_checkin(
    out: FileFacts, us: int, checkin: CheckInLike, tz: tzinfo, has_session: Callable[[str], bool]
) -> None:
    session_id = checkin.session_id
    if session_id is not None:
        if session_id in out["practice"]:
            return  # a practice run's check-in: left out
        if not has_session(session_id) and session_id not in out["links"]:
            out["links"] = sorted([*out["links"], session_id])
    days = out["days"]
    day = checkin.at.astimezone(tz).toordinal()
    if days:
        if us <= days[-1]:
            raise _Cannot("a check-in not later than every other")
        if day < days[-4]:
            raise _Cannot("a local day going back")
    if days and days[-4] == day:
        out["days"] = [*days[:-3], days[-3] + 1, days[-2], us]
    else:
        out["days"] = [*days, day, 1, us, us]
    rated: list[list[Any]] = [[r.region, r.value] for r in checkin.pain if r.value is not None]
    for region, value in rated:
        _append(out["pain"], f"{region}{SEP}{checkin.context}", day, value)
    if rated:
        out["last_pain"] = [us, checkin.id, rated[-1][0], checkin.context, rated[-1][1], day,
                            rated]  # fmt: skip
    for measure_id, number in checkin.measures.items():
        if math.isfinite(number):
            _append(out["measures"], measure_id, day, float(number))
    if checkin.function:
        out["function"] = [*out["function"], [day, dict(checkin.function)]]


def _append(series: dict[str, Any], key: str, day: int, value: Any) -> None:
    days, values = series.get(key) or ([], [])
    series[key] = [[*days, day], [*values, value]]
