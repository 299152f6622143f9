"""The days a review or a report is asked for (``--since``) and their words, in a module of its
own: ``coach report`` written again with nothing changed (:mod:`coach.services.report_cache`)
reads its period and says it without importing the review. Also importable from
:mod:`coach.services.review`."""

from __future__ import annotations

import re
from datetime import date, timedelta


class ReviewError(ValueError):
    """A problem with what the client asked for (a bad ``--since``, an unknown routine)."""


_RELATIVE = re.compile(r"^(\d{1,4})\s*([dw])$")


def parse_since(text: str, today: date) -> date:
    """The first day meant by ``--since``: ``2026-11-01``, ``4w`` (4 weeks), ``10d``, ``today``.

    ``Nw`` / ``Nd`` count back from today: ``1w`` is the last 7 days including today.
    """
    raw = text.strip().lower()
    match = _RELATIVE.match(raw)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        days = count * (7 if unit == "w" else 1)
        if days == 0:
            raise ReviewError(f"'{text}' is no time at all: use e.g. 4w, 10d or 2026-11-01")
        return today - timedelta(days=days - 1)
    if raw in ("today", "yesterday"):
        return today - timedelta(days=1 if raw == "yesterday" else 0)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ReviewError(
            f"can't read '{text}' as a date: write e.g. 2026-11-01, 4w (four weeks) or 10d"
        ) from None
    if day > today:
        raise ReviewError(f"{day.isoformat()} is in the future: give a day up to today")
    return day


def long_date(day: date) -> str:
    """``Tuesday 24 November 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"
