"""The client's log as one time-ordered list of sessions and check-ins (pure).

Used by ``coach history`` and the log screen: :func:`timeline` merges and orders, the
``describe_*`` functions give the plain one-line text, :func:`find_entry` resolves the short
ids that the history shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from coach.domain.checkin_words import CONTEXT_LABELS, CheckInError
from coach.domain.regions import region_words

if TYPE_CHECKING:  # the models bring pydantic: `coach history` lists kept records without them
    from coach.domain.record_types import CheckInFacts, PainFacts, SessionRecordFacts
    from coach.domain.records import CheckInRecord, PainRating, SessionLike, SessionRecord
    from coach.domain.routine import Measure

    Session = SessionRecord | SessionRecordFacts
    CheckIn = CheckInRecord | CheckInFacts

SHORT_ID = 8
STATUS_WORDS = {
    "complete": "complete",
    "partial": "partial",
    "abandoned": "abandoned",
    "in_progress": "not finished",
}


@dataclass(frozen=True)
class Entry:
    """One line of the log: a session or a check-in."""

    kind: Literal["session", "checkin"]
    at: datetime
    record: Session | CheckIn

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def timeline(
    sessions: Iterable[Session],
    checkins: Iterable[CheckIn],
    since: datetime | None = None,
) -> list[Entry]:
    """Sessions (by start) and check-ins (by time), oldest first, from ``since`` on."""
    entries = [Entry("session", _aware(s.started_at), s) for s in sessions]
    entries += [Entry("checkin", _aware(c.at), c) for c in checkins]
    if since is not None:
        entries = [e for e in entries if e.at >= since]
    return sorted(entries, key=lambda e: (e.at, e.kind, e.id))


def short_id(record_id: str) -> str:
    """The first characters of an id, as the history shows them."""
    return record_id[:SHORT_ID]


def find_entry(entries: Sequence[Entry], ref: str) -> Entry:
    """The entry whose id is ``ref`` or starts with it (a unique prefix of 4+ characters)."""
    ref = ref.strip().lower()
    exact = [e for e in entries if e.id == ref]
    if exact:
        return exact[0]
    matches = [e for e in entries if len(ref) >= 4 and e.id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CheckInError(f"'{ref}' matches {len(matches)} entries: give more of the id")
    raise CheckInError(f"no entry with id '{ref}' (see the ids in `coach history`)")


def format_duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``1 h 05 min``."""
    total = max(0, round(seconds))
    if total < 60:
        return f"{total} s"
    minutes = round(total / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def session_counts(session: Session) -> tuple[int, int, int]:
    """(exercises done, exercises partly done, exercises skipped)."""
    done = sum(1 for e in session.exercises if e.status == "done")
    partial = sum(1 for e in session.exercises if e.status == "partial")
    skipped = sum(1 for e in session.exercises if e.status == "skipped")
    return done, partial, skipped


def practice_words(session: Session) -> str | None:
    """``practice at 10x speed`` for a practice run (never counted), else None."""
    if not session.practice and session.speed == 1:
        return None
    return f"practice at {session.speed:g}x speed" if session.speed != 1 else "practice"


def describe_session(session: Session) -> str:
    """``Neck routine: complete, 5 done, 1 skipped, 12 min`` (``1 partly done`` when any);
    a practice run starts ``practice at 10x speed, complete, ...``; a flare session says so
    after the title."""
    done, partial, skipped = session_counts(session)
    parts = [STATUS_WORDS.get(session.status, session.status), f"{done} done"]
    practice = practice_words(session)
    if practice:
        parts.insert(0, practice)
    if partial:
        parts.append(f"{partial} partly done")
    parts.append(f"{skipped} skipped")
    if session.ended_at is not None:
        parts.append(format_duration((session.ended_at - session.started_at).total_seconds()))
    version = " (flare day, gentle version)" if getattr(session, "flare", False) else ""
    return f"{session.routine_title}{version}: " + ", ".join(parts)


def pain_summary(pain: Sequence[PainRating | PainFacts]) -> str:
    """``neck 3/10, shoulder skipped``."""
    return ", ".join(
        f"{region_words(p.region)} {'skipped' if p.value is None else f'{p.value}/10'}"
        for p in pain
    )


def describe_checkin(
    record: CheckIn,
    activity_names: Mapping[str, str] | None = None,
    measure_labels: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """One line: context, pain per region, measures, stiffness, function, note.

    ``activity_names`` maps PSFS activity ids to their names, ``measure_labels`` measure ids to
    (label, unit): ``Head turn 60 degrees`` (unknown ids show as the id).
    """
    parts = [CONTEXT_LABELS.get(record.context, record.context)]
    if record.pain:
        parts.append("pain " + pain_summary(record.pain))
    if record.measures:
        labels = measure_labels or {}
        parts.append(", ".join(_measure_text(k, v, labels) for k, v in record.measures.items()))
    if record.stiffness is not None:
        parts.append(f"stiffness {record.stiffness}/10")
    if record.morning_stiffness_min is not None:
        parts.append(f"morning stiffness {record.morning_stiffness_min} min")
    if record.function:
        names = activity_names or {}
        parts.append(
            "function "
            + ", ".join(f"{names.get(k, k)} {v}/10" for k, v in record.function.items())
        )
    if record.note:
        parts.append("note: " + " ".join(record.note.split()))
    return "; ".join(parts)


def _measure_text(measure_id: str, value: float, labels: Mapping[str, tuple[str, str]]) -> str:
    """``Head turn 60 degrees`` (a known measure), else ``rotation 60``."""
    if measure_id not in labels:
        return f"{measure_id} {value:g}"
    label, unit = labels[measure_id]
    return f"{label} {value:g} {unit}".rstrip()


def measure_labels(measures: Iterable[Measure]) -> dict[str, tuple[str, str]]:
    """Measure id -> (label, unit) of these definitions (the first one of an id wins)."""
    labels: dict[str, tuple[str, str]] = {}
    for m in measures:
        labels.setdefault(m.id, (m.label, m.unit))
    return labels


def local_time(at: datetime, tz: tzinfo) -> str:
    """``2026-11-24 08:30`` in the client's time zone."""
    return _aware(at).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def describe(
    entry: Entry,
    activity_names: Mapping[str, str] | None = None,
    measure_labels: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """The entry's one-line description (without its time)."""
    if entry.kind == "session":
        return describe_session(entry.record)  # type: ignore[arg-type]
    record: CheckIn = entry.record  # type: ignore[assignment]
    text = describe_checkin(record, activity_names, measure_labels)
    return text + (" (edited)" if record.edited_at is not None else "")


def as_json(entry: Entry) -> dict[str, Any]:
    """The entry for ``coach history --json``: ``{"kind": ..., **record}``."""
    return {"kind": entry.kind, **entry.record.model_dump(mode="json")}  # type: ignore[union-attr]


def flare_session_days(sessions: Iterable[SessionLike], tz: tzinfo) -> set[date]:
    """Local days with a session of a routine's flare version (complete or partial)."""
    # lazy: off `coach history`
    from coach.domain.stats import local_date

    return {
        local_date(s.started_at, tz) for s in sessions
        if getattr(s, "flare", False) and s.status in ("complete", "partial")
    }  # fmt: skip
