"""The program's past summed up: the streak, the excused days in a row and the credit for effort
at the start of this year (a Monday), so that a screen walks only this year's days.

The streak and the consistency figures walk every day from the program's first day to today
(:mod:`coach.domain.streaks`, :mod:`coach.domain.progress`): O(days), ten years of history are
11,000 judged days a routine. Every day and week before the Monday that starts the week of 1
January (:func:`checkpoint`) is finished, and its judgement no longer depends on today, so the
walk's state at that Monday (:class:`Past`, made by :func:`summarize` with the same code the walk
runs) can be kept and the walk resumed from it, with the same figures.

A past is valid only for its inputs: the program (each routine's prescription and first day),
the excused days and every routine's per-day facts before its Monday, and the rules. Its
:func:`past_key` is a digest of exactly these; a kept past whose key differs is never used (the
storage keeps it as a cache: deleting it changes no figure, only the time it takes).
"""

from __future__ import annotations

from _blake2 import blake2b  # (hashlib's blake2b, without loading OpenSSL: ~5 ms at start)
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from coach.domain.adherence import tally
from coach.domain.clinical import MAX_EXCUSED_IN_A_ROW
from coach.domain.days import ONE_DAY, ProgramItem, SessionIndex, monday_of
from coach.domain.past_facts import day_rows, rows_digest
from coach.domain.past_state import Past as Past  # (named from here too)
from coach.domain.progress import effort_days, effort_weeks, week_totals
from coach.domain.streaks import program_run
from coach.domain.weeks import GOOD_WEEK, WeekTotal, weeks_between

RULES = 2  # 2: each routine's adherence tally
"""Bump when a rule of the day-status model, the streaks or the effort figures changes: kept
pasts made by the old rules are then not used."""


class PastCache(Protocol):
    """Where a past is kept (:class:`~coach.app.context.AppContext`: ``facts-past.json``)."""

    def kept_past(self, key: str) -> Any:
        """The past kept under ``key`` as JSON values (:func:`to_plain`), or None."""

    def keep_past(self, key: str, plain: dict[str, Any]) -> None:
        """Keep ``plain`` (:func:`to_plain`) under ``key``, in place of the one kept before."""


def checkpoint(today: date) -> date:
    """The Monday that starts the ISO week of 1 January of ``today``'s year."""
    return monday_of(date(today.year, 1, 1))


def summarize(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    at: date,
    today: date,
) -> Past:
    """The state of the walks at the start of the Monday ``at`` (on or before ``today``), by the
    code the walks run (their figures from ``at`` on, resumed from it, are the same)."""
    before = [p for p in program if p.since < at]
    if not before:
        return Past(at)
    end = at - ONE_DAY
    daily_run, weekly_run = (0, 0, 0), (0, 0)
    unit, state = program_run(index, before, excused, today, end)
    if unit == "days":
        daily_run = (state[0], state[1], state[2])
    else:
        weekly_run = (state[0], state[1])
    runs = tuple(
        (p.routine_id, weeks_between(index, p, excused, monday_of(p.since), monday_of(end),
                                     today)[1])
        for p in before
    )  # fmt: skip
    good, judged, best = effort_weeks(week_totals(index, before, excused, today, last=end), at)
    active_days, days = effort_days(index, before, excused, today, None, end)
    tallies = tuple((p.routine_id, *tally(index, p, excused, p.since, end, today)) for p in before)
    return Past(at, daily_run, weekly_run, runs, good, judged, active_days, days, best, tallies)


def past_key(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    at: date,
    version: str = "",
    digests: Mapping[str, str] | None = None,
) -> str:
    """A digest of everything a past at ``at`` depends on (``version``: the program's, so that
    an upgrade makes it again). ``digests``: each routine's :func:`rows_digest` of its days
    before ``at``, when ``index`` does not hold those days (:mod:`coach.domain.past_facts`)."""
    before = sorted((p for p in program if p.since < at), key=lambda p: p.routine_id)
    digest = blake2b(digest_size=20)
    head = (
        RULES, version, MAX_EXCUSED_IN_A_ROW, GOOD_WEEK, at.toordinal(),
        [(p.routine_id, p.frequency.per_day, p.frequency.days_per_week, p.since.toordinal())
         for p in before],
        sorted((d.toordinal(), str(r)) for d, r in excused.items() if d < at),
    )  # fmt: skip
    digest.update(repr(head).encode())
    cut = at.toordinal()
    for p in before:
        if digests is not None:
            rows = digests.get(p.routine_id) or rows_digest([])
        else:
            rows = rows_digest(day_rows(index.facts_by_day(p.routine_id), cut))
        digest.update(rows.encode())
    return digest.hexdigest()


def past_for(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    kept: Callable[[str], Any] | None = None,
    keep: Callable[[str, dict[str, Any]], None] | None = None,
    version: str = "",
    digests: Mapping[str, str] | None = None,
) -> Past:
    """The past at this year's :func:`checkpoint`: the one ``kept(key)`` hands back when it is
    whole, else made here (and handed to ``keep(key, plain)``, if given). ``digests``: see
    :func:`past_key` (e.g. each routine's, made once for the pasts of several programs)."""
    at = checkpoint(today)
    if not any(p.since < at for p in program):
        return Past(at)
    key = past_key(index, program, excused, at, version, digests)
    past = from_plain(kept(key), at) if kept is not None else None
    if past is None:
        past = summarize(index, program, excused, at, today)
        if keep is not None:
            keep(key, to_plain(past))
    return past


def kept_past_for(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    kept: Callable[[str], Any],
    digests: Mapping[str, str],
    version: str = "",
) -> Past | None:
    """:func:`past_for` when ``index`` lacks the days before the checkpoint (their
    ``digests``, see :func:`past_key`): the kept past, or None when none is kept for its key
    (it cannot be made here)."""
    at = checkpoint(today)
    if not any(p.since < at for p in program):
        return Past(at)
    return from_plain(kept(past_key(index, program, excused, at, version, digests)), at)


# --- as plain JSON values ------------------------------------------------------------------------


def to_plain(past: Past) -> dict[str, Any]:
    """The past as JSON values (:func:`from_plain` reads it back)."""
    best = past.best_week
    return {
        "at": past.at.toordinal(),
        "daily_run": list(past.daily_run),
        "weekly_run": list(past.weekly_run),
        "excused_runs": [list(r) for r in past.excused_runs],
        "effort": [past.good_weeks, past.weeks, past.active_days, past.days],
        "adherence": [list(a) for a in past.adherence],
        "best_week": None if best is None else [
            best.monday.toordinal(), best.bouts_done, best.bouts_owed, best.bouts_target,
            best.days_met, best.days_target,
        ],
    }  # fmt: skip


def _counts(value: Any, n: int) -> bool:
    """A list of ``n`` ints (never bools), none negative."""
    return type(value) is list and len(value) == n and all(
        type(x) is int and x >= 0 for x in value
    )


def from_plain(value: Any, at: date) -> Past | None:
    """The past in ``value`` (as :func:`to_plain` writes it) if it has exactly that shape and is
    for the Monday ``at``; else None (it is made again)."""
    keys = {"at", "daily_run", "weekly_run", "excused_runs", "effort", "best_week", "adherence"}
    if type(value) is not dict or set(value) != keys or value["at"] != at.toordinal():
        return None
    if type(value["at"]) is not int:
        return None
    if not (_counts(value["daily_run"], 3) and _counts(value["weekly_run"], 2)):
        return None
    if not _counts(value["effort"], 4):
        return None
    runs = value["excused_runs"]
    if type(runs) is not list or not all(
        type(r) is list and len(r) == 2 and type(r[0]) is str and _counts(r[1:], 1) for r in runs
    ):
        return None
    tallies = value["adherence"]
    if type(tallies) is not list or not all(
        type(a) is list and len(a) == 4 and type(a[0]) is str and _counts(a[1:], 3) for a in tallies
    ):
        return None
    best, week = value["best_week"], None
    if best is not None:
        if not (type(best) is list and len(best) == 6 and _counts(best[:2] + best[3:], 5)):
            return None
        if type(best[2]) not in (int, float) or not 0 <= best[2] < 1e9:
            return None
        if not 1 <= best[0] < date.max.toordinal():
            return None
        monday = date.fromordinal(best[0])
        if monday.weekday() or monday >= at:
            return None
        week = WeekTotal(monday, best[1], float(best[2]), best[3], best[4], best[5])
    daily, weekly, effort = value["daily_run"], value["weekly_run"], value["effort"]
    return Past(
        at, (daily[0], daily[1], daily[2]), (weekly[0], weekly[1]),
        tuple((r[0], r[1]) for r in runs), effort[0], effort[1], effort[2], effort[3], week,
        tuple((a[0], a[1], a[2], a[3]) for a in tallies),
    )  # fmt: skip
