"""The review's wording shared by ``coach stats``, the TUI and the report: dates, numbers,
prescriptions, adherence, trends and the calendar's legend, in words a client understands::

    long_date(date(2026, 11, 24))      # "Tuesday 24 November 2026"
    adherence_text(a)                  # "86 % (12 of 14 sessions)"
    trend_numbers(trend, "cm")         # "5.0 → 3.2 cm"

Pure (dates, numbers and the domain's values in, text out); also importable from
:mod:`coach.services.review`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.domain.clinical import CONTEXT_WORDS, round_half_up
from coach.domain.regions import region_words
from coach.domain.streaks import streak_text as streak_text  # (re-export: said here)
from coach.services.dates import long_date as long_date  # (re-export: said here)

if TYPE_CHECKING:
    from coach.domain.adherence import Adherence
    from coach.domain.days import Cadence
    from coach.domain.trends import Trend

STATUS_WORDS: dict[str, str] = {
    "complete": "all done",
    "partial": "some done",
    "missed": "none done",
    "excused": "excused",
    "practice": "practice only",
    "rest": "nothing due",
}
"""Legend words of the calendar statuses (``future`` and ``before`` are left blank)."""


def short_date(day: date) -> str:
    """``24 Nov 2026``."""
    return f"{day.day} {day:%b %Y}"


def number(x: float) -> str:
    """``12``, ``4.3``: one decimal at most (half up), no trailing ``.0``."""
    return f"{round_half_up(x, 1):.1f}".removesuffix(".0")


def frequency_text(freq: Cadence) -> str:
    """``2 times a day, every day`` / ``once a day, 3 days a week``."""
    times = {1: "once", 2: "twice"}.get(freq.per_day, f"{freq.per_day} times")
    days = "every day" if freq.days_per_week == 7 else f"{freq.days_per_week} days a week"
    return f"{times} a day, {days}"


def adherence_text(a: Adherence) -> str:
    """``86 % (12 of 14 sessions)``, with excused days left out noted; or ``nothing due yet``."""
    if a.percent is None:
        return "nothing due yet"
    due = number(a.prescribed)
    due = due if "." not in due else f"about {round_half_up(a.prescribed):.0f}"
    text = f"{a.percent} % ({number(a.done)} of {due} sessions)"
    if a.excused_days:
        text += f", {a.excused_days} excused day{'' if a.excused_days == 1 else 's'} left out"
    return text


def trend_numbers(trend: Trend, unit: str = "") -> str:
    """``5.0 -> 3.2`` (baseline to current, one decimal), or empty without enough data."""
    if trend.baseline is None or trend.current is None:
        return ""
    suffix = f" {unit}" if unit else ""
    return (
        f"{round_half_up(trend.baseline, 1):.1f} → {round_half_up(trend.current, 1):.1f}{suffix}"
    )


def pain_label(trend: Trend) -> str:
    """``neck, before sessions``."""
    context = trend.context or ""
    name = region_words(trend.subject)
    return f"{name}, {CONTEXT_WORDS.get(context, context)}" if context else name
