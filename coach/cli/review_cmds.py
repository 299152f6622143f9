"""``coach stats`` (streaks, adherence, trends) and ``coach excuse`` (rest, flare and ill days).

Figures come from :mod:`coach.services.review`, the same assembly the TUI and the report use.
An excused day freezes a streak instead of breaking it (up to 3 in a row; see
:mod:`coach.domain.streaks`).
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coach.cli import context
from coach.cli.context import add_include_practice as add_include_practice  # (re-export)
from coach.cli.output import err, out
from coach.domain.clinical import round_half_up
from coach.domain.progress import consistency_lines, encouragement

if TYPE_CHECKING:
    from coach.domain.progress import Consistency, WeekTotal
    from coach.domain.stats import Adherence, Streak
    from coach.domain.trends import Trend
    from coach.services.review import Review

EXCUSES = ("rest", "flare", "ill")
EMPTY = (
    "Nothing logged yet. Do a session (`coach run ID`) or record how you feel "
    "(`coach checkin`), and your progress will show here."
)
FLAG_MARK = "!"


def configure_stats(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach stats``."""
    p.add_argument("--routine", metavar="ID", help="only this routine of your program")
    p.add_argument(
        "--since", metavar="DATE", help="only from DATE on (2026-11-01, or 4w / 10d back)"
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_include_practice(p)


def configure_excuse(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach excuse``."""
    p.add_argument(
        "words",
        nargs="*",
        metavar="[DATE] REASON",
        help="the day (default today; e.g. 2026-11-24, yesterday) and rest, flare or ill",
    )
    p.add_argument("--clear", metavar="DATE", help="the day is no longer excused")


# --- coach stats ---------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    """Print streaks, adherence and trends (text or JSON)."""
    # lazy: brings TinyDB, the storage; this module loads with `coach stats` and `coach report`
    from coach.app import progress

    # lazy: brings platformdirs, pydantic; this module loads with `coach stats` and `coach report`
    from coach.services.review import ReviewError, parse_since

    ctx = context.app_context(args)
    now = ctx.now()
    try:
        since = parse_since(args.since, now.date()) if args.since else None
        review = progress.summary_review(ctx, since, args.routine, args.include_practice, now)
    except ReviewError as exc:
        err(f"coach: {exc}")
        return 1
    if args.json:
        # lazy: only `--json` writes JSON; the text stats stay without it
        import json

        out(json.dumps(stats_json(review), indent=2, ensure_ascii=False))
        return 0
    for line in stats_lines(review):
        out(line)
    return 0


def stats_lines(review: Review) -> list[str]:
    """The plain-text ``coach stats`` report."""
    # lazy: the review's wording; this module loads with `coach stats` and `coach report`
    from coach.services.review_words import (
        adherence_text,
        frequency_text,
        long_date,
        short_date,
        streak_text,
    )

    if review.empty:
        lines = [EMPTY]
        lines += [_missing(rid) for rid in review.missing]
        return lines
    s = review.summary
    head = f"Your progress up to {long_date(s.today)}"
    if review.since is not None:
        head += f", from {long_date(review.since)}"
    lines = [head, ""]
    if s.routines and s.overall.current == 0:
        lines += [encouragement(s.consistency), ""]
    for r in s.routines:
        lines.append(
            f"{r.item.title} ({r.item.routine_id}): {frequency_text(r.item.frequency)}, "
            f"measured from {long_date(r.item.since)}"
        )
        a = r.adherence
        lines += [
            f"  Streak:        {streak_text(r.streak)}",
            f"  Last 7 days:   {adherence_text(a.last_7)}",
            f"  Last 28 days:  {adherence_text(a.last_28)}",
            f"  Since start:   {adherence_text(a.since_start)}",
            f"  This week:     {r.week.text.removesuffix(' this week')}",
        ]
        effort = [x for x in consistency_lines(r.consistency, 1) if not x.startswith("This week")]
        lines += [f"  {x}" for x in effort]
        lines.append("")
    if not s.routines:
        lines += ["Your program is empty, so there are no streaks to show.", ""]
    else:
        if len(s.routines) > 1:
            lines.append(f"Whole program streak: {streak_text(s.overall)}")
        # the effort first (above) when the streak is 0; one routine's lines say the rest
        whole = consistency_lines(s.consistency, s.overall.current) if len(s.routines) > 1 else []
        whole = whole[1:] if whole and s.overall.current == 0 else whole  # said above
        lines += [*whole, ""] if whole else []
    lines += [_missing(rid) for rid in review.missing]
    excused = _excused_counts(review)
    if excused:
        lines += [f"Excused days in the last 28 days: {excused}", ""]
    lines += _trend_section("Pain (0 to 10)", s.pain, review)
    lines += _trend_section("Mobility", s.measures, review)
    lines += _trend_section("Everyday activities (0 to 10)", [s.function], review)
    if s.flare_days:
        shown = ", ".join(short_date(d) for d in s.flare_days[-10:])
        more = f" (the last 10 of {len(s.flare_days)})" if len(s.flare_days) > 10 else ""
        lines += [f"Flare days{more}: {shown}", ""]
    if any(t.flag for t in (*s.pain, *s.measures, s.function)):
        lines.append(f"{FLAG_MARK} = please tell your therapist about this one.")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _missing(routine_id: str) -> str:

    return (
        f"The routine file of '{routine_id}' is missing or invalid, so it is not measured "
        "(see `coach routines`)."
    )


def _excused_counts(review: Review) -> str:
    first = review.today - timedelta(days=27)
    reasons = [why for day, why in review.excused.items() if first <= day <= review.today]
    if not reasons:
        return ""
    counts = {why: reasons.count(why) for why in sorted(set(reasons))}
    return f"{len(reasons)} (" + ", ".join(f"{n} {why}" for why, n in counts.items()) + ")"


def _trend_section(title: str, trends: Any, review: Review) -> list[str]:
    # lazy: the review's wording; this module loads with `coach stats` and `coach report`
    from coach.services.review_words import trend_numbers

    trends = [t for t in trends if t.values.count]
    if not trends:
        return []
    lines = [title]
    for t in trends:
        label, unit = review.trend_label(t, function_label="activity scores (mean)")
        numbers = trend_numbers(t, unit)
        mark = f"{FLAG_MARK} " if t.flag else "  "
        lines.append(f"{mark}{label}" + (f": {numbers}" if numbers else ""))
        lines.append(f"    {t.sentence}")
    return lines + [""]


# --- JSON ----------------------------------------------------------------------------------------


def _streak(s: Streak) -> dict[str, Any]:
    return {"current": s.current, "longest": s.longest, "unit": s.unit}


def _adherence(a: Adherence) -> dict[str, Any]:
    return {
        "percent": a.percent,
        "done": round(a.done, 2),
        "prescribed": round(a.prescribed, 2),
        "first_day": a.first.isoformat() if a.first else None,
        "last_day": a.last.isoformat() if a.last else None,
        "excused_days": a.excused_days,
    }


def _week(w: WeekTotal | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "week_of": w.monday.isoformat(),
        "days_done": w.days_met,
        "days_target": w.days_target,
        "sessions_done": w.bouts_done,
        "sessions_target": w.bouts_target,
        "percent": None if w.fraction is None else int(w.fraction * 100 + 0.5),
    }


def _consistency(c: Consistency) -> dict[str, Any]:
    return {
        "good_weeks": c.good_weeks,
        "weeks": c.weeks,
        "active_days": c.active_days,
        "days": c.days,
        "this_week": _week(c.this_week),
        "best_week": _week(c.best_week),
    }


def _trend(t: Trend) -> dict[str, Any]:
    v = t.verdict
    return {
        "subject": t.subject,
        "context": t.context,
        "values": t.values.count,
        "baseline": None if t.baseline is None else round_half_up(t.baseline, 1),
        "current": None if t.current is None else round_half_up(t.current, 1),
        "change": v.change,
        "percent": v.percent,
        "status": v.status,
        "meaningful": v.meaningful,
        "flag": v.flag,
        "sentence": v.sentence,
    }


def stats_json(review: Review) -> dict[str, Any]:
    """The figures of ``coach stats`` as JSON-ready data (the same numbers as the text)."""
    s = review.summary
    measures = []
    for t in s.measures:
        spec = review.measure(t.subject)
        extra = {"label": spec.label, "unit": spec.unit, "better": spec.better} if spec else {}
        measures.append({**_trend(t), **extra})
    return {
        "as_of": s.today.isoformat(),
        "since": review.since.isoformat() if review.since else None,
        "empty": review.empty,
        "message": EMPTY if review.empty else None,
        "routines": [
            {
                "routine_id": r.item.routine_id,
                "title": r.item.title,
                "per_day": r.item.frequency.per_day,
                "days_per_week": r.item.frequency.days_per_week,
                "measured_from": r.item.since.isoformat(),
                "streak": _streak(r.streak),
                "adherence": {
                    "last_7_days": _adherence(r.adherence.last_7),
                    "last_28_days": _adherence(r.adherence.last_28),
                    "since_start": _adherence(r.adherence.since_start),
                },
                "this_week": {
                    "days_done": r.week.days_done,
                    "target": r.week.target,
                    "sessions_done": r.week.sessions_done,
                    "sessions_target": r.week.sessions_target,
                },
                "consistency": _consistency(r.consistency),
            }
            for r in s.routines
        ],
        "overall_streak": _streak(s.overall),
        "consistency": _consistency(s.consistency),
        "encouragement": encouragement(s.consistency) if s.routines else None,
        "missing_routines": list(review.missing),
        "excused_days": {d.isoformat(): why for d, why in sorted(review.excused.items())},
        "pain": [_trend(t) for t in s.pain],
        "measures": measures,
        "function": _trend(s.function),
        "flare_days": [d.isoformat() for d in s.flare_days],
    }


# --- coach excuse --------------------------------------------------------------------------------


def parse_day(text: str, today: date) -> date:
    """``today``, ``yesterday``, ``tomorrow`` or an ISO date; ValueError with a plain message."""
    word = text.strip().lower()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if word in offsets:
        return today + timedelta(days=offsets[word])
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise ValueError(
            f"can't read the day '{text}': write it like 2026-11-24, today or yesterday"
        ) from None


def cmd_excuse(args: argparse.Namespace) -> int:
    """Mark a day as a rest, flare or ill day (or clear it)."""
    # lazy: brings pydantic; this module loads with `coach stats` and `coach report`
    from coach.app import program
    from coach.services.review_words import long_date

    ctx = context.app_context(args)
    today = ctx.now().date()
    words = list(args.words or [])
    if args.clear is not None and words:
        err("coach excuse: give either --clear DATE or [DATE] REASON, not both")
        return 2
    if args.clear is None and not 1 <= len(words) <= 2:
        err("coach excuse: say why: coach excuse [DATE] rest|flare|ill")
        return 2
    if args.clear is None and words[-1].lower() not in EXCUSES:
        err(f"coach excuse: '{words[-1]}' is not a reason: use rest, flare or ill")
        return 2
    try:
        day = parse_day(args.clear if args.clear is not None else
                        (words[0] if len(words) == 2 else "today"), today)
    except ValueError as exc:
        err(f"coach: {exc}")
        return 1
    if args.clear is not None:
        if not program.clear_excuse(ctx, day):
            err(f"coach: {long_date(day)} was not excused; nothing changed.")
            return 1
        out(f"{long_date(day)} is no longer excused.")
        return 0
    reason = words[-1].lower()
    try:
        run = program.excuse_day(ctx, day, reason)
    except program.ExcuseError as exc:
        err(f"coach: {exc}")
        return 1
    out(f"Excused {long_date(day)} ({reason}). Missing your routines that day will not break "
        "your streak.")
    if run > program.MAX_EXCUSED_IN_A_ROW:
        out(f"Note: that makes {run} excused days in a row. A streak stays frozen for up to "
            f"{program.MAX_EXCUSED_IN_A_ROW} in a row; the next one ends it. If you are unwell "
            "for longer, talk to your therapist.")
    if reason == "flare":
        out("If the flare does not settle within a few days, or you notice new symptoms, "
            "contact your therapist.")
    return 0
