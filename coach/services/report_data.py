"""What the therapist's report needs beyond the review: the profile, per-exercise tallies and
the dose history (blocking: reads the log and the stored routine versions).

    review = load_review(repo, library, now, tz)
    extras = load_report_extras(repo, review, start)
    html = build_report(review, start, now, extras)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from coach.domain.days import is_practice, local_date
from coach.domain.exercise_tally import DoseChange, ExerciseTally, dose_history, exercise_tallies
from coach.domain.profile import Profile
from coach.domain.routine import Routine
from coach.domain.validation import RoutineInvalid, parse_routine

if TYPE_CHECKING:
    from coach.domain.records import SessionRecord


@dataclass(frozen=True)
class ReportExtras:
    """Per program routine: its exercises' tallies over the period and its dose history."""

    profile: Profile = field(default_factory=Profile)
    exercises: dict[str, list[ExerciseTally]] = field(default_factory=dict)
    doses: dict[str, list[DoseChange]] = field(default_factory=dict)
    include_practice: bool = False


def load_report_extras(
    repo: Any,
    review: Any,
    start: date,
    include_practice: bool = False,
    sessions: Sequence[SessionRecord] | None = None,
) -> ReportExtras:
    """Read the full sessions of the period (unless given: ``sessions``, every one from a
    little before ``start`` on) and the stored versions of each program routine.

    The whole log's sessions are read only for a routine with two or more stored versions
    (when each came into use tells what changed when; one version changed nothing)."""
    # lazy: brings pydantic, zoneinfo; this module loads with `coach report`
    from coach.services.profile import load_profile

    tz = review.tz
    if sessions is None:
        lower = datetime.combine(start, time(), UTC) - timedelta(days=3)
        sessions, _ = repo.history(lower, checkins=False)
    period = [
        s for s in sessions
        if start <= local_date(s.started_at, tz) <= review.today
        and (include_practice or not is_practice(s))
    ]  # fmt: skip
    exercises = {
        rid: exercise_tallies(routine, period, review.checkins)
        for rid, routine in review.routines.items()
    }
    kept = repo.routine_version_counts()
    changed = [rid for rid in review.routines if kept.get(rid, 0) + kept.get(None, 0) > 1]
    all_sessions = repo.history_facts(checkins=False)[0] if changed else []
    entries = {e.routine_id: e for e in repo.program()}
    doses = {
        rid: dose_history(_versions(repo, routine, all_sessions, entries.get(rid), tz))
        if rid in changed else []
        for rid, routine in review.routines.items()
    }
    return ReportExtras(load_profile(repo), exercises, doses, include_practice)


def _versions(
    repo: Any, current: Routine, sessions: Any, entry: Any, tz: Any
) -> list[tuple[date, Routine]]:
    """Each stored version of a routine with the first day it was used, oldest first."""
    first_use: dict[str, date] = {}
    for s in sessions:
        if s.routine_id == current.id and s.routine_hash:
            day = local_date(s.started_at, tz)
            if s.routine_hash not in first_use or day < first_use[s.routine_hash]:
                first_use[s.routine_hash] = day
    if entry is not None and entry.sha256 not in first_use:
        first_use[entry.sha256] = local_date(entry.added_at, tz)
    out: list[tuple[date, Routine]] = []
    for sha, day in sorted(first_use.items(), key=lambda kv: kv[1]):
        text = repo.routine_version(sha)
        if text is None:
            continue
        try:
            out.append((day, parse_routine(text.encode("utf-8"), f"stored version {sha[:8]}")))
        except RoutineInvalid:
            continue
    return out
