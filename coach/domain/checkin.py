"""Check-in rules (pure): what a check-in may hold, the pain stop, red flags, the next morning.

A check-in records pain 0-10 per body region in a context, the routine's mobility measures,
stiffness, function (PSFS, see :mod:`coach.domain.psfs`) and a note. Everything a client types
is checked here, with one specific, plain message per problem (:class:`CheckInError`), so that
the CLI and the TUI refuse the same input with the same words and nothing half-valid is saved.

The pain-monitoring model: pain up to the routine's ``pain_stop`` (default 5/10) during
exercise is acceptable if it settles by the next morning; above it, stop. The app never
diagnoses: it states what the numbers say and suggests telling the therapist.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from difflib import get_close_matches

from coach.domain.bounds import strip_invisible
from coach.domain.checkin_words import CONTEXT_LABELS as CONTEXT_LABELS
from coach.domain.checkin_words import CheckInError as CheckInError
from coach.domain.clinical import PAIN_RISE_FLAG_POINTS
from coach.domain.records import CheckInRecord, PainContext, PainRating, SessionRecord
from coach.domain.regions import region_words
from coach.domain.routine import Measure, Routine
from coach.domain.text import strip_control

PAIN_WORDING = "0 = no pain, 10 = worst pain imaginable"
"""The pain scale's anchors, always in these words."""
STIFFNESS_WORDING = "0 = no stiffness, 10 = worst stiffness imaginable"
NOTE_MAX_CHARS = 1000
MORNING_STIFFNESS_MAX_MIN = 24 * 60

RED_FLAGS_SETTING = "red_flags_shown"
"""Setting that remembers the red-flags notice was shown on first run."""
RED_FLAGS_TITLE = "When to stop and get medical help"
RED_FLAGS_TEXT = (
    "Stop exercising and seek medical help straight away if you have:\n"
    "- chest pain or tightness\n"
    "- severe breathlessness\n"
    "- dizziness or feeling faint\n"
    "- new numbness, pins and needles or weakness in an arm or a leg\n"
    "- new problems controlling your bladder or bowels, or numbness between your legs\n"
    "\n"
    "coach cannot tell what causes your symptoms. If in doubt, call your doctor or your "
    "therapist; in an emergency, call your local emergency number."
)

# CLI word -> stored context, in the order they are offered.
CONTEXT_WORDS: dict[str, PainContext] = {
    "before": "before_session",
    "after": "after_session",
    "during": "during_session",
    "morning": "next_morning",
    "rest": "at_rest",
    "activity": "with_activity",
}


# --- what the routines know ---------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Regions and measures known from the routines (a check-in may only use these)."""

    regions: tuple[str, ...] = ()
    measures: Mapping[str, tuple[Measure, ...]] = field(default_factory=dict)
    preferred: tuple[str, ...] = ()
    """The regions of the client's program (the default region, when it is the only one)."""

    def measure_list(self) -> list[Measure]:
        """One definition per measure id, in first-seen order."""
        return [defs[0] for defs in self.measures.values()]


def routine_regions(routine: Routine) -> list[str]:
    """A routine's check-in regions followed by any other exercise region, without repeats."""
    regions = list(routine.check_in_regions)
    for ex in routine.exercises:
        if ex.region and ex.region not in regions:
            regions.append(ex.region)
    return regions


def asked_regions(routines: Iterable[Routine]) -> tuple[str, ...]:
    """The regions the routines' pain questions ask about (``check_in_regions``), in order."""
    return tuple(dict.fromkeys(r for routine in routines for r in routine.check_in_regions))


def vocabulary(routines: Iterable[Routine]) -> Vocabulary:
    """The regions and measures of these routines, in first-seen order."""
    regions: list[str] = []
    measures: dict[str, list[Measure]] = {}
    for routine in routines:
        regions.extend(r for r in routine_regions(routine) if r not in regions)
        for m in routine.check_in.measures:
            measures.setdefault(m.id, []).append(m)
    return Vocabulary(tuple(regions), {k: tuple(v) for k, v in measures.items()})


def _known(words: Sequence[str]) -> str:
    return ", ".join(words) if words else "none: add a routine to your program first"


def _suggest(word: str, options: Sequence[str]) -> str:
    close = get_close_matches(word, list(options), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


# --- single values -------------------------------------------------------------------------------


def has_values(record: CheckInRecord) -> bool:
    """The one rule of what a check-in must hold: at least one value (a pain rating, a measure,
    stiffness, morning stiffness, an activity score or a note). A note alone is enough."""
    return bool(
        record.pain or record.measures or record.stiffness is not None
        or record.morning_stiffness_min is not None or record.function or record.note
    )


def parse_context(word: str) -> PainContext:
    """The stored context for a CLI word (``before``, ``rest``...) or a stored name."""
    w = word.strip().lower()
    if w in CONTEXT_WORDS:
        return CONTEXT_WORDS[w]
    if w in CONTEXT_LABELS:
        return w
    raise CheckInError(
        f"unknown context '{word}': use one of {', '.join(CONTEXT_WORDS)}"
    )


def _whole_number(value: object, what: str, expected: str) -> int:
    if isinstance(value, bool):
        raise CheckInError(f"{what} must be {expected}")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.lstrip("+-").isdigit() and text.isascii():
        if len(text.lstrip("+-0")) > 12:  # far out of any bound (and too long to convert)
            raise CheckInError(f"{what} must be {expected}; got a number of {len(text)} digits")
        return int(text)
    raise CheckInError(f"{what} must be {expected}; '{value}' is not a whole number")


def check_score(value: object, what: str = "pain", anchors: str = PAIN_WORDING) -> int:
    """A 0-10 score (pain, stiffness, a PSFS activity) as an int, or CheckInError."""
    expected = f"a whole number from 0 to 10 ({anchors})"
    number = _whole_number(value, what, expected)
    if not 0 <= number <= 10:
        raise CheckInError(f"{what} must be {expected}; got {number}")
    return number


def check_morning_stiffness(value: object) -> int:
    """Minutes of morning stiffness, 0 to 1440."""
    expected = f"a whole number of minutes from 0 to {MORNING_STIFFNESS_MAX_MIN}"
    minutes = _whole_number(value, "morning stiffness", expected)
    if not 0 <= minutes <= MORNING_STIFFNESS_MAX_MIN:
        raise CheckInError(f"morning stiffness must be {expected}; got {minutes}")
    return minutes


def check_region(region: str, vocab: Vocabulary) -> str:
    """The region if a routine knows it (exactly as the routine spells it), else CheckInError."""
    name = strip_control(region, keep_newline_tab=False).strip()
    if name in vocab.regions:
        return name
    folded = {r.casefold(): r for r in vocab.regions}
    if name.casefold() in folded:
        return folded[name.casefold()]
    raise CheckInError(
        f"unknown region '{name}': your routines ask about {_known(vocab.regions)}."
        + _suggest(name, vocab.regions)
    )


def _fmt(number: float) -> str:
    return f"{number:g}"


def bounds_text(measure: Measure) -> str:
    """``between 0 and 20 cm``, ``at least 0 cm``... or '' when the measure has no bounds."""
    unit = measure.unit
    if measure.min is not None and measure.max is not None:
        return f"between {_fmt(measure.min)} and {_fmt(measure.max)} {unit}"
    if measure.min is not None:
        return f"at least {_fmt(measure.min)} {unit}"
    if measure.max is not None:
        return f"at most {_fmt(measure.max)} {unit}"
    return ""


def check_measure(measure_id: str, raw: object, vocab: Vocabulary) -> tuple[str, float]:
    """(id, value) for a measure the routines define, the value within every bound given."""
    mid = measure_id.strip()
    if mid not in vocab.measures:
        known = list(vocab.measures)
        raise CheckInError(
            f"unknown measure '{mid}': your routines record {_known(known)}."
            + _suggest(mid, known)
        )
    defs = vocab.measures[mid]
    label = f"{defs[0].label} ({mid})"
    if isinstance(raw, bool):
        raise CheckInError(f"{label} must be a number in {defs[0].unit}")
    try:
        value = float(str(raw).strip().replace(",", ".")) if not isinstance(raw, float) else raw
    except ValueError:
        raise CheckInError(
            f"{label} must be a number in {defs[0].unit}; '{raw}' is not a number"
        ) from None
    if not math.isfinite(value):
        raise CheckInError(f"{label} must be a number in {defs[0].unit}; got '{raw}'")
    for m in defs:
        too_low = m.min is not None and value < m.min
        too_high = m.max is not None and value > m.max
        if too_low or too_high:
            raise CheckInError(f"{label} must be {bounds_text(m)}; got {_fmt(value)}")
    return mid, value


def parse_measure_arg(arg: str, vocab: Vocabulary) -> tuple[str, float]:
    """``ID=VALUE`` from the command line, checked like :func:`check_measure`."""
    mid, sep, raw = arg.partition("=")
    if not sep or not mid.strip():
        raise CheckInError(f"a measure is written ID=VALUE, e.g. knee-to-wall=8; got '{arg}'")
    return check_measure(mid, raw, vocab)


def clean_note(text: str | None) -> str | None:
    """The note without control characters and outer blanks; None when empty; max 1,000 chars."""
    if text is None:
        return None
    note = strip_invisible(strip_control(text)).strip()
    if len(note) > NOTE_MAX_CHARS:
        raise CheckInError(
            f"a note can be at most {NOTE_MAX_CHARS:,} characters; this one has {len(note):,}"
        )
    return note or None


def check_time(at: datetime, now: datetime) -> datetime:
    """``at`` if it is not in the future (a check-in records what happened)."""
    if at > now:
        raise CheckInError(
            f"{at.strftime('%Y-%m-%d %H:%M')} is in the future; a check-in can only be "
            "entered for a time that has passed"
        )
    return at


# --- the pain stop -------------------------------------------------------------------------------


def pain_stop_triggered(rating: int | None, pain_stop: int) -> bool:
    """True when a during-session rating is strictly above the routine's pain stop."""
    return rating is not None and rating > pain_stop


def pain_stop_rule(threshold: int) -> str:
    """The pain-monitoring rule in plain words."""
    return (
        f"Pain up to {threshold}/10 is acceptable if it settles by the next morning. "
        f"Above {threshold}/10, stop."
    )


# --- the next morning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NextMorningQuestion:
    """Ask this morning's pain for yesterday's session: which session, regions, before values."""

    session_id: str
    routine_id: str
    routine_title: str
    session_day: date
    regions: tuple[str, ...]
    before: Mapping[str, int | None]


def _local_day(at: datetime, tz: tzinfo) -> date:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(tz).date()


def next_morning_due(
    now: datetime,
    sessions: Iterable[SessionRecord],
    checkins: Iterable[CheckInRecord],
    tz: tzinfo,
    routine_regions: Mapping[str, Sequence[str]] | None = None,
) -> NextMorningQuestion | None:
    """The next-morning question to ask now, or None.

    Due on the local day after a day with a finished session (complete or partial), about the
    latest such session, until a next-morning check-in is linked to it (a skipped one counts, so
    it is asked once). Regions: those rated before the session, else after it, else
    ``routine_regions[routine_id]``; no region at all: nothing to ask.
    """
    yesterday = _local_day(now, tz) - timedelta(days=1)
    done = [
        s for s in sessions
        if s.status in ("complete", "partial") and _local_day(s.started_at, tz) == yesterday
    ]
    if not done:
        return None
    session = max(done, key=lambda s: s.started_at)
    linked = [c for c in checkins if c.session_id == session.id]
    if any(c.context == "next_morning" for c in linked):
        return None
    before = _latest(linked, "before_session")
    after = _latest(linked, "after_session")
    if before is not None and before.pain:
        regions = [p.region for p in before.pain]
    elif after is not None and after.pain:
        regions = [p.region for p in after.pain]
    else:
        regions = list((routine_regions or {}).get(session.routine_id, []))
    if not regions:
        return None
    values = {p.region: p.value for p in before.pain} if before is not None else {}
    return NextMorningQuestion(
        session_id=session.id,
        routine_id=session.routine_id,
        routine_title=session.routine_title,
        session_day=yesterday,
        regions=tuple(dict.fromkeys(regions)),
        before={r: values.get(r) for r in dict.fromkeys(regions)},
    )


def _latest(checkins: Sequence[CheckInRecord], context: str) -> CheckInRecord | None:
    found = [c for c in checkins if c.context == context]
    return max(found, key=lambda c: c.at) if found else None


def compare_next_morning(
    question: NextMorningQuestion, ratings: Sequence[PainRating]
) -> str | None:
    """A plain message when this morning's pain is 2+ points above yesterday's before-session pain.

    Regions without both values are left out; None when no region rose that much.
    """
    risen = []
    for rating in ratings:
        was = question.before.get(rating.region)
        if rating.value is None or was is None:
            continue
        if rating.value - was >= PAIN_RISE_FLAG_POINTS:
            name = region_words(rating.region)
            risen.append(f"{name} {rating.value}/10 (before the session: {was}/10)")
    if not risen:
        return None
    return (
        "This morning your pain is 2 or more points higher than before yesterday's session: "
        + "; ".join(risen)
        + ". Next time, ease off a little (fewer repetitions, a smaller movement or a gentler "
        "hold), and tell your therapist about it."
    )


def morning_record(
    question: NextMorningQuestion, ratings: Sequence[PainRating], at: datetime
) -> CheckInRecord:
    """The next-morning check-in linked to yesterday's session (skipped regions stay None)."""
    given = {r.region: r for r in ratings}
    pain = [given.get(region, PainRating(region=region)) for region in question.regions]
    return CheckInRecord(
        at=at,
        context="next_morning",
        session_id=question.session_id,
        routine_id=question.routine_id,
        pain=pain,
    )
