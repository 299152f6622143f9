"""What the therapist's report needs beyond the review: the profile, per-exercise tallies and
the dose history (blocking: reads the log and the stored routine versions), and the read-only
shapes the report is drawn from.

    review = load_review(repo, library, now, tz)
    extras = load_report_extras(repo, review, start)
    html = build_report(review, start, now, extras)

The report reads the program's routines, the client's details and the accepted dose changes
through :class:`ReportRoutine`, :class:`ReportProfile` and :class:`AcceptedDose`: plain copies
of what it shows, made from the validated models (:func:`routine_of`, :func:`profile_of`,
:func:`accepted_of`), so that it can also be drawn from what a validated read kept
(:mod:`coach.services.report_kept`) without importing pydantic or the models. Importing this
module imports no models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from coach.domain.days import is_practice, local_date
from coach.domain.exercise_tally import ExerciseTally, dose_history, exercise_tallies

if TYPE_CHECKING:
    from coach.domain.exercise_tally import DoseChange
    from coach.domain.profile import Profile
    from coach.domain.progression import DoseChange as AcceptedChange
    from coach.domain.records import SessionRecord
    from coach.domain.routine import Exercise, Routine


# --- what the report shows of the models ---------------------------------------------------------


class ReportCadence(NamedTuple):
    """A routine's prescription: sessions a day, days a week."""

    per_day: int
    days_per_week: int


class ReportExercise(NamedTuple):
    """What the report shows of one exercise (``dose``: :func:`dose_text`)."""

    name: str
    kind: str
    region: str | None
    dose: str


class ReportRoutine(NamedTuple):
    """What the report shows of one program routine."""

    id: str
    title: str
    frequency: ReportCadence
    pain_stop: int
    advice: str | None
    exercises: tuple[ReportExercise, ...]


class ReportProfile(NamedTuple):
    """The client's details as the report shows them: (label, value) of each one set."""

    details: tuple[tuple[str, str], ...] = ()
    name: str | None = None

    @property
    def empty(self) -> bool:
        """True when no detail is set."""
        return not self.details

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) of each detail that is set, in order."""
        return list(self.details)


class AcceptedDose(NamedTuple):
    """A dose change from the therapist's progression plan the client accepted (or stepped
    back), as the report lists it (``words``: the new dose against the one before)."""

    routine_id: str
    exercise_name: str
    kind: str
    words: str
    at: datetime
    undone_at: datetime | None


def dose_text(ex: Exercise | ReportExercise) -> str:
    """``3 × 10 reps, hold 5 s, each side, rest 10 s`` (a :class:`ReportExercise`: its own)."""
    if isinstance(ex, ReportExercise):
        return ex.dose
    # lazy: the words of durations bring the routine models (here already read validated)
    from coach.domain.describe import format_duration

    parts = []
    sets = f"{ex.sets} × " if ex.sets > 1 else ""
    if ex.duration_s is not None:
        parts.append(f"{sets}{format_duration(ex.duration_s)}")
    elif ex.reps is not None:
        reps = f"{sets}{ex.reps} reps"
        if ex.hold_s is not None:
            reps += f", hold {format_duration(ex.hold_s)}"
        if ex.tempo is not None:
            reps += f" at tempo {ex.tempo}"
        parts.append(reps)
    elif ex.hold_s is not None:
        parts.append(f"{sets}hold {format_duration(ex.hold_s)}")
    side = {"each": "each side", "alternate": "alternating sides", "left": "left side only",
            "right": "right side only"}.get(ex.side)
    if side:
        parts.append(side)
    if ex.rest_s:
        parts.append(f"rest {format_duration(ex.rest_s)}")
    return ", ".join(parts)


def routine_of(routine: Routine | ReportRoutine) -> ReportRoutine:
    """What the report shows of a (validated) routine."""
    if isinstance(routine, ReportRoutine):
        return routine
    return ReportRoutine(
        routine.id, routine.title,
        ReportCadence(routine.frequency.per_day, routine.frequency.days_per_week),
        routine.pain_stop, routine.advice,
        tuple(ReportExercise(ex.name, ex.kind, ex.region, dose_text(ex))
              for ex in routine.exercises),
    )  # fmt: skip


def profile_of(profile: Profile | ReportProfile) -> ReportProfile:
    """What the report shows of the client's (validated) details."""
    if isinstance(profile, ReportProfile):
        return profile
    return ReportProfile(tuple(profile.lines()), profile.name)


def accepted_of(changes: Iterable[AcceptedChange | AcceptedDose]) -> list[AcceptedDose]:
    """The accepted dose changes as the report lists them."""
    out = []
    for c in changes:
        if not isinstance(c, AcceptedDose):
            # lazy: the words of a dose (a validated change: the models are read already)
            from coach.domain.progression import dose_words

            c = AcceptedDose(c.routine_id, c.exercise_name, c.kind,
                             dose_words(c.dose, c.previous), c.at, c.undone_at)  # fmt: skip
        out.append(c)
    return out


# --- the extras ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportExtras:
    """Per program routine: its exercises' tallies over the period and its dose history."""

    profile: ReportProfile = field(default_factory=ReportProfile)
    exercises: dict[str, list[ExerciseTally]] = field(default_factory=dict)
    doses: dict[str, list[DoseChange]] = field(default_factory=dict)
    include_practice: bool = False


def report_extras(
    review: Any,
    start: date,
    include_practice: bool,
    sessions: Sequence[Any],
    profile: Profile | ReportProfile,
    doses: Mapping[str, list[DoseChange]],
) -> ReportExtras:
    """The extras from the sessions read from a little before ``start`` on (every one: practice
    runs are left out here unless ``include_practice``) and the routines' dose histories."""
    tz = review.tz
    period = [
        s for s in sessions
        if start <= local_date(s.started_at, tz) <= review.today
        and (include_practice or not is_practice(s))
    ]  # fmt: skip
    exercises = {
        rid: exercise_tallies(routine, period, review.checkins)
        for rid, routine in review.routines.items()
    }
    dose_lists = {rid: list(doses.get(rid, [])) for rid in review.routines}
    return ReportExtras(profile_of(profile), exercises, dose_lists, include_practice)


def changed_routines(review: Any, counts: Mapping[str | None, int]) -> list[str]:
    """The review's routines with two or more stored versions (``counts``: the repository's
    :meth:`~coach.storage.repo.Repository.routine_version_counts`): only their dose history
    needs every session (when each version came into use)."""
    return [rid for rid in review.routines if counts.get(rid, 0) + counts.get(None, 0) > 1]


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
    changed = changed_routines(review, repo.routine_version_counts())
    all_sessions = repo.history_facts(checkins=False)[0] if changed else []
    entries = {e.routine_id: e for e in repo.program()}
    doses = {
        rid: dose_history(_versions(repo, review.routines[rid], all_sessions, entries.get(rid), tz))
        for rid in changed
    }
    return report_extras(review, start, include_practice, sessions, load_profile(repo), doses)


def _versions(
    repo: Any, current: Routine, sessions: Any, entry: Any, tz: Any
) -> list[tuple[date, Routine]]:
    """Each stored version of a routine with the first day it was used, oldest first."""
    # lazy: the routine files' reader (pydantic; the validated read imported it already)
    from coach.domain.validation import RoutineInvalid, parse_routine

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
