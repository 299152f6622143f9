"""Every threshold the statistics use, in one place, with where it comes from, and the verdicts.

The verdicts (``describe_pain``, ``describe_measure``, ``describe_function``) turn a baseline and a
current level into what the client reads. They classify the change *as shown* (points rounded
half-up to 0.1, percent to a whole number), so a sentence never contradicts its own number;
thresholds are inclusive (>=).

The clinical numbers are *minimal clinically important differences* (MCID) from the literature:
the smallest change that patients, on average, experience as a real change rather than
day-to-day variation. They are population figures for interpreting a trend, not a diagnosis;
the sentences built from them say "clinically meaningful" and nothing stronger.

The remaining numbers are product rules (how a baseline or a streak is measured); they are marked
as such and are not taken from the literature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from coach.domain.regions import region_words

if TYPE_CHECKING:  # (the statistics import this module without the routine models)
    from coach.domain.routine import Measure

# --- Pain (0-10 numeric rating scale, NRS) -----------------------------------------------------
# A reduction of about 2 points or about 30 % on the 11-point NRS corresponds to "much improved"
# on the patient's global impression of change:
#   Farrar JT, Young JP Jr, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes in
#   chronic pain intensity measured on an 11-point numerical pain rating scale. Pain.
#   2001;94(2):149-158.
#   Salaffi F, Stancati A, Silvestri CA, Ciapetti A, Grassi W. Minimal clinically important
#   changes in chronic musculoskeletal pain intensity measured on a numerical rating scale.
#   Eur J Pain. 2004;8(4):283-291. (about 2 points / 30-33 % for "much better")
PAIN_MCID_POINTS = 2.0
PAIN_MCID_PERCENT = 30.0

# A rise of the same size (2 points) is flagged for the therapist: it is the mirror of the MCID,
# i.e. a worsening the client would notice, not noise. Also used for flare days.
PAIN_RISE_FLAG_POINTS = 2.0
FLARE_RISE_POINTS = 2.0

# --- Function: Patient-Specific Functional Scale (PSFS), 0-10 per activity ---------------------
# The MCID of the PSFS mean score (average over the client's activities) is about 2 points:
#   Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual
#   patients: a report of a patient specific measure. Physiotherapy Canada. 1995;47(4):258-263.
#   Horn KK, Jennings S, Richardson G, van Vliet D, Hefford C, Abbott JH. The Patient-Specific
#   Functional Scale: psychometrics, clinimetrics, and application as a clinical outcome measure.
#   J Orthop Sports Phys Ther. 2012;42(1):30-42. (MCID 2 points for the mean, 3 for one activity)
PSFS_MCID_POINTS = 2.0

# --- Baseline and current level (product rules) ------------------------------------------------
# Baseline: the values in the first BASELINE_DAYS calendar days from the first value, or the
# first BASELINE_MIN_VALUES values when that week holds fewer.
BASELINE_DAYS = 7
BASELINE_MIN_VALUES = 3
# Current: the trailing ROLLING_DAYS-day mean at the latest day, or the last CURRENT_MIN_VALUES
# values when that window holds fewer.
ROLLING_DAYS = 7
CURRENT_MIN_VALUES = 3

# --- Streaks (product rule) ----------------------------------------------------------------------
# Excused days (rest, flare, ill) freeze a streak; this many in a row freeze it, one more breaks it.
MAX_EXCUSED_IN_A_ROW = 3


# --- verdicts -----------------------------------------------------------------------------------

Status = Literal["improved", "same", "worse", "not_enough"]
MINUS = "\u2212"  # the proper minus sign, for negative percentages

CONTEXT_WORDS: dict[str, str] = {
    "before_session": "before sessions",
    "after_session": "after sessions",
    "during_session": "during sessions",
    "next_morning": "the morning after",
    "at_rest": "at rest",
    "with_activity": "with activity",
}
"""A check-in context as a series of ratings is named (trends, charts)."""

ONE_CHECKIN_WORDS: dict[str, str] = {
    "before_session": "before a session",
    "after_session": "after a session",
    "during_session": "during a session",
    "next_morning": "the morning after",
    "at_rest": "at rest",
    "with_activity": "with activity",
}
"""One check-in's context ("Last pain: neck 3/10 (after a session, 17:38)", a note's)."""

_SAME = "within day-to-day variation"
_MEANINGFUL = "a change that is clinically meaningful"
_TELL = "Please tell your therapist."


def round_half_up(x: float, digits: int = 0) -> float:
    """``x`` rounded to ``digits`` decimals, halves away from zero (2.25 -> 2.3); never -0.0.

    The number is rounded as it is written (``repr``: 2.675 is 2.675, not 2.67499...), digit by
    digit: the first digit dropped decides. Same results as ``Decimal(repr(x)).quantize(...,
    ROUND_HALF_UP)`` without importing :mod:`decimal` on every command's path; numbers written
    with an exponent (tiny, huge, inf, nan) and negative ``digits`` still go through it.
    """
    text = repr(x)
    if digits < 0 or "e" in text or "n" in text:  # 1e-05, 1e+16, inf, nan
        return _decimal_half_up(x, digits)
    sign = -1 if text.startswith("-") else 1
    whole, _, part = text.lstrip("-").partition(".")
    if len(part) <= digits:  # nothing to drop
        return float(text) + 0.0
    scaled = int(whole + part[:digits]) + (part[digits] >= "5")
    unit: int = 10**digits
    return sign * scaled / unit + 0.0  # (int / int: correctly rounded, as float(Decimal) is)


def _decimal_half_up(x: float, digits: int) -> float:
    # lazy: decimal costs every command ~1 ms; only numbers written with an exponent need it
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP)) + 0.0


def shown_at_least(x: float, threshold: float) -> bool:
    """``round_half_up(x, 1) >= threshold``, without rounding in the clear cases."""
    if x >= threshold:
        return True
    return x >= threshold - 0.1 and round_half_up(x, 1) >= threshold


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Verdict:
    """How a change reads: status, the change as shown, and the sentence."""

    status: Status
    change: float | None  # points, rounded to 0.1
    percent: float | None  # whole percent; None when the baseline is 0 or not enough data
    meaningful: bool
    flag: bool  # True: the client is asked to tell their therapist
    sentence: str

    @classmethod
    def not_enough(cls, what: str) -> Verdict:
        """Too little data: ``Not enough {what} yet to compare with when you started``."""
        return cls(
            "not_enough", None, None, False, False,
            f"Not enough {what} yet to compare with when you started",
        )  # fmt: skip


@dataclass(frozen=True)
class MeasureSpec:
    """A mobility measure to trend; ``threshold`` is the therapist's meaningful change, if any."""

    id: str
    label: str
    unit: str
    better: Literal["higher", "lower"]
    threshold: float | None = None

    @classmethod
    def from_measure(cls, measure: Measure, threshold: float | None = None) -> MeasureSpec:
        """From a routine's measure definition."""
        return cls(measure.id, measure.label, measure.unit, measure.better, threshold)


def _change(baseline: float, current: float) -> tuple[float, float | None]:
    points = round_half_up(current - baseline, 1)
    percent = None if baseline == 0 else round_half_up((current - baseline) / baseline * 100)
    return points, percent


def _signed_percent(percent: float | None) -> str:
    if percent is None:
        return ""
    return f" ({MINUS if percent < 0 else '+'}{abs(percent):.0f} %)"


def _about_the_same(subject: str, points: float) -> str:
    if points == 0:
        detail = "no change"
    else:
        detail = f"{'up' if points > 0 else 'down'} {abs(points):.1f} points"
    return f"{subject} about the same as when you started ({detail}): {_SAME}"


def describe_pain(
    region: str, baseline: float | None, current: float | None, context: str | None = None
) -> Verdict:
    """The verdict on a pain change (None baseline/current: not enough data).

    Down >= 2 points or >= 30 %: improved and meaningful; up >= 2 points: worse, flagged; anything
    else: about the same. ``context`` (a PainContext) adds e.g. "before sessions" after the region.
    """
    name = f"{region_words(region)} pain"
    if context:
        name += f" {CONTEXT_WORDS.get(context, context)}"
    if baseline is None or current is None:
        return Verdict.not_enough(f"{name} ratings")
    points, percent = _change(baseline, current)
    subject = f"{_capitalise(name)} is"
    if points < 0 and (points <= -PAIN_MCID_POINTS or (percent or 0) <= -PAIN_MCID_PERCENT):
        text = (
            f"{subject} down {-points:.1f} points{_signed_percent(percent)} since you started:"
            f" {_MEANINGFUL}"
        )
        return Verdict("improved", points, percent, True, False, text)
    if points >= PAIN_RISE_FLAG_POINTS:
        text = f"{subject} up {points:.1f} points{_signed_percent(percent)} since you started."
        text += f" {_TELL}"
        return Verdict("worse", points, percent, True, True, text)
    return Verdict("same", points, percent, False, False, _about_the_same(subject, points))


def _amount(value: float, unit: str) -> str:
    number = f"{value:.1f}".removesuffix(".0")
    return f"{number}{unit}" if unit.startswith(("°", "%")) else f"{number} {unit}"


def describe_measure(spec: MeasureSpec, baseline: float | None, current: float | None) -> Verdict:
    """The verdict on a measure change, in the measure's own ``better`` direction.

    With a ``threshold``: a change of at least it is meaningful, a smaller one "about the same".
    Without one: the direction only ("improved by 6 cm"), never called meaningful.
    """
    if baseline is None or current is None:
        return Verdict.not_enough(f"measurements of {spec.label}")
    label = _capitalise(spec.label)
    delta = round_half_up(current - baseline, 1)
    gain = delta if spec.better == "higher" else -delta
    status: Status = "same" if gain == 0 else ("improved" if gain > 0 else "worse")
    moved = f"{'improved' if gain > 0 else 'got worse'} by {_amount(abs(delta), spec.unit)}"
    if spec.threshold is not None:
        if gain != 0 and abs(delta) >= spec.threshold:
            text = f"{label} {moved} since you started: a meaningful change"
            return Verdict(status, delta, None, True, False, text)
        detail = "no change" if gain == 0 else moved
        text = f"{label} is about the same as when you started ({detail}): {_SAME}"
        return Verdict("same", delta, None, False, False, text)
    text = f"{label} {'is unchanged' if gain == 0 else moved} since you started"
    return Verdict(status, delta, None, False, False, text)


def describe_function(baseline: float | None, current: float | None) -> Verdict:
    """The verdict on the PSFS mean (0-10, higher is better): +-2 points is meaningful."""
    if baseline is None or current is None:
        return Verdict.not_enough("activity scores")
    points, _ = _change(baseline, current)
    subject = "Your activity scores are"
    if points >= PSFS_MCID_POINTS:
        text = f"{subject} up {points:.1f} points since you started: {_MEANINGFUL}"
        return Verdict("improved", points, None, True, False, text)
    if points <= -PSFS_MCID_POINTS:
        text = f"{subject} down {-points:.1f} points since you started. {_TELL}"
        return Verdict("worse", points, None, True, True, text)
    return Verdict("same", points, None, False, False, _about_the_same(subject, points))
