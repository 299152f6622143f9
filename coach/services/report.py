"""The progress report for the therapist: one self-contained HTML file (pure).

:func:`build_report` turns a :class:`~coach.services.review.Review` into HTML with inline CSS and
inline SVG charts (:mod:`coach.services.report_svg`): no script, no external file, nothing to
fetch, so it opens anywhere and can be mailed or printed (A4, page breaks between sections,
colours kept in print). Every text from a routine file or from the client is escaped with
``html.escape``.

Sections: the program (routines, prescription, exercises), adherence and streaks, a 26-week
calendar, pain charts per region, mobility and everyday-activity charts, the meaningful-change
sentences (flagged ones first), flare days, notes and excused days of the period.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from html import escape
from typing import TYPE_CHECKING

from coach.domain.clinical import (
    CONTEXT_WORDS,
    FLARE_RISE_POINTS,
    ONE_CHECKIN_WORDS,
    shown_at_least,
)
from coach.domain.history import flare_session_days
from coach.domain.progress import consistency_lines
from coach.domain.regions import region_words
from coach.domain.stats import local_date
from coach.domain.trends import Trend
from coach.services import report_svg
from coach.services.report_cache import written_at
from coach.services.report_data import (
    AcceptedDose,
    ReportExtras,
    ReportRoutine,
    accepted_of,
    dose_text,
    profile_of,
    routine_of,
)
from coach.services.report_page import CSS, chart_count, page
from coach.services.report_parts import client_block, dose_section, exercise_section
from coach.services.review import (
    Review,
    adherence_text,
    calendar_title,
    frequency_text,
    heatmap_weeks,
    long_date,
    pain_label,
    short_date,
    streak_text,
    trend_numbers,
)

if TYPE_CHECKING:  # the models bring pydantic: the report from kept files does without them
    from coach.domain.progression import DoseChange

__all__ = ["CSS", "build_report", "chart_count", "dose_text", "flare_reasons"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _program(review: Review) -> list[str]:
    html = ["<section><h2>Program</h2>"]
    if not review.program:
        html.append("<p>The program is empty.</p>")
    for item in review.program:
        routine: ReportRoutine = review.routines[item.routine_id]  # type: ignore[assignment]
        html.append(
            f"<h3>{_e(routine.title)} <span class='muted'>({_e(routine.id)})</span></h3>"
            f"<p>{_e(frequency_text(routine.frequency).capitalize())}; measured from "
            f"{_e(long_date(item.since))}. Pain stop above {routine.pain_stop}/10.</p>"
        )
        if routine.advice:
            html.append(f"<p class='muted'>Advice: {_e(routine.advice)}</p>")
        html.append("<table><tr><th>Exercise</th><th>Kind</th><th>Region</th><th>Dose</th></tr>")
        for ex in routine.exercises:
            region = region_words(ex.region or "")  # "low back", as the client's screens say
            html.append(
                f"<tr><td>{_e(ex.name)}</td><td>{_e(ex.kind)}</td><td>{_e(region)}</td>"
                f"<td>{_e(dose_text(ex))}</td></tr>"
            )
        html.append("</table>")
    for rid in review.missing:
        html.append(f"<p class='flag'>The routine file of {_e(rid)} is missing; not measured.</p>")
    return html + ["</section>"]


def _adherence(review: Review) -> list[str]:
    s = review.summary
    html = [
        "<section><h2>Adherence</h2>",
        "<p class='muted'>Only complete sessions count; partial ones show in the calendar. "
        "Excused days (rest, flare, ill) are left out.</p>",
        "<table><tr><th>Routine</th><th>Streak</th><th>Last 7 days</th><th>Last 28 days</th>"
        "<th>Since start</th><th>This week</th></tr>",
    ]
    for r in s.routines:
        a = r.adherence
        html.append(
            f"<tr><td>{_e(r.item.title)}</td><td>{_e(streak_text(r.streak))}</td>"
            f"<td>{_e(adherence_text(a.last_7))}</td><td>{_e(adherence_text(a.last_28))}</td>"
            f"<td>{_e(adherence_text(a.since_start))}</td>"
            f"<td>{_e(r.week.text.removesuffix(' this week'))}</td></tr>"
        )
    html.append("</table>")
    if len(s.routines) > 1:
        html.append(f"<p>Whole program streak: {_e(streak_text(s.overall))}.</p>")
    weeks = heatmap_weeks(review)  # from the client's first week, at most 26
    html.append(f"<h3>{_e(calendar_title(len(weeks)))}</h3>")
    gentle = flare_session_days(review.sessions, review.tz)
    calendar = report_svg.heatmap(weeks, flare_days=gentle)
    html.append(f"<div class='chart-box'>{calendar}</div>")
    return html + ["</section>"]


def _series(trend: Trend, label: str, start: date) -> report_svg.Series:
    """The chart's series of the period from ``start`` (the days before are never drawn)."""
    shown = trend.values.series(start)
    points = [(p.day, p.mean) for p in shown]
    rolling = [(p.day, p.rolling) for p in shown]
    return report_svg.Series(label, points, rolling)


def _charts(review: Review, start: date) -> list[str]:
    s, end = review.summary, review.today
    marked = [d for d, why in review.excused.items() if why == "flare" and start <= d <= end]
    html = [
        "<section><h2>Pain</h2>",
        "<p class='muted'>Dots: the mean of each day's ratings (0 = no pain, 10 = worst "
        "imaginable). Lines: the mean of the last 7 days.</p>",
    ]
    regions = list(dict.fromkeys(t.subject for t in s.pain))
    if not regions:
        html.append("<p>No pain ratings yet.</p>")
    for region in regions:
        trends = [t for t in s.pain if t.subject == region]
        series = [
            _series(t, CONTEXT_WORDS.get(t.context or "", t.context or ""), start) for t in trends
        ]
        flares = sorted({*marked, *(r[0] for t in trends for r in _rises(t, start, end))})
        name = region_words(region)
        chart = report_svg.line_chart(
            f"{name[:1].upper()}{name[1:]} pain", series, start, end, (0, 10), "0-10", flares
        )
        html.append(f"<div class='chart-box'>{chart}</div>")
    html.append("</section>")
    measured = [t for t in s.measures if t.values.values]
    if measured:
        html.append("<section><h2>Mobility</h2>")
        for t in measured:
            spec = review.measure(t.subject)
            label, unit = review.trend_label(t)
            better = f" ({spec.better} is better)" if spec else ""
            chart = report_svg.line_chart(
                label + better, [_series(t, label, start)], start, end, unit=unit
            )
            html.append(f"<div class='chart-box'>{chart}</div>")
        html.append("</section>")
    if s.function.values.values:
        chart = report_svg.line_chart(
            "Everyday activities (PSFS mean, 10 = as before the problem)",
            [_series(s.function, "mean score", start)],
            start,
            end,
            (0, 10),
        )
        html.append(f"<section><h2>Everyday activities</h2><div class='chart-box'>{chart}</div>")
        names = ", ".join(review.activities.values())
        if names:
            html.append(f"<p class='muted'>Activities rated: {_e(names)}.</p>")
        html.append("</section>")
    return html


def _changes(review: Review) -> list[str]:
    s = review.summary
    trends = [t for t in (*s.pain, *s.measures, s.function) if t.values.values]
    html = [
        "<section><h2>Changes since the start</h2>",
        "<p class='muted'>Start: the first week of ratings; now: the last 7 days. Pain: a fall "
        "of 2 points or 30 % is clinically meaningful (Farrar 2001, Salaffi 2004); a rise of "
        "2 points is flagged. PSFS: 2 points (Stratford 1995, Horn 2012).</p><ul>",
    ]
    if not trends:
        html.append("<li>Not enough ratings yet.</li>")
    for t in sorted(trends, key=lambda t: not t.flag):
        label, unit = review.trend_label(t)
        numbers = trend_numbers(t, unit)
        flag = "<span class='flag'>Flagged: </span>" if t.flag else ""
        html.append(
            f"<li class='sentence{' flag-item' if t.flag else ''}'>{flag}<b>{_e(label)}</b>"
            f"{' (' + _e(numbers) + ')' if numbers else ''}: {_e(t.sentence)}</li>"
        )
    return html + ["</ul></section>"]


def _rises(trend: Trend, start: date, end: date) -> list[tuple[date, float, float]]:
    """(day, rating, baseline) of the ratings 2+ points above the trend's baseline."""
    vals = trend.values
    k = vals.baseline_count()
    if not k:
        return []
    baseline = math.fsum(vals.values[:k]) / k
    lo, hi = bisect_left(vals.days, start), bisect_right(vals.days, end)  # (time-ordered)
    return [
        (day, v, baseline)
        for day, v in zip(vals.days[lo:hi], vals.values[lo:hi], strict=True)
        if shown_at_least(v - baseline, FLARE_RISE_POINTS)
    ]


def flare_reasons(review: Review, start: date) -> dict[date, list[str]]:
    """Why each flare day of the period is one: an excused flare, or ratings 2+ above baseline."""
    end = review.today
    reasons: dict[date, list[str]] = {}
    for day, why in review.excused.items():
        if why == "flare" and start <= day <= end:
            reasons.setdefault(day, []).append("marked as a flare day")
    for x in review.sessions:
        day = local_date(x.started_at, review.tz)
        if getattr(x, "flare", False) and start <= day <= end:
            reasons.setdefault(day, []).append(f"did the gentle flare version of {x.routine_title}")
    for t in review.summary.pain:
        for day, v, baseline in _rises(t, start, end):
            reasons.setdefault(day, []).append(f"{pain_label(t)} {v:g}/10 (usual {baseline:.1f})")
    return dict(sorted(reasons.items()))


def _period_lists(review: Review, start: date) -> list[str]:
    html = ["<section><h2>Flare days, notes and excused days</h2><h3>Flare days</h3>"]
    flares = flare_reasons(review, start)
    if flares:
        html.append("<ul>")
        for day, why in flares.items():
            html.append(f"<li><b>{_e(short_date(day))}</b>: {_e('; '.join(why))}</li>")
        html.append("</ul>")
    else:
        html.append("<p>None in this period.</p>")
    notes = [
        c
        for c in review.checkins
        if c.note and start <= local_date(c.at, review.tz) <= review.today
    ]
    html.append("<h3>Notes</h3>")
    if notes:
        html.append("<ul class='notes'>")
        for c in notes:
            when = (c.at if c.at.tzinfo else c.at.replace(tzinfo=UTC)).astimezone(review.tz)
            context = ONE_CHECKIN_WORDS.get(c.context, c.context)
            html.append(
                f"<li><b>{_e(short_date(when.date()))} {when:%H:%M}</b> "
                f"<span class='muted'>({_e(context)})</span>: {_e(c.note)}</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>No notes in this period.</p>")
    excused = [(d, why) for d, why in sorted(review.excused.items()) if start <= d <= review.today]
    html.append("<h3>Excused days</h3>")
    if excused:
        days = ", ".join(f"{_e(short_date(d))} ({_e(w)})" for d, w in excused)
        html.append(f"<p>{days}</p>")
    else:
        html.append("<p>None in this period.</p>")
    return html + ["</section>"]


def _summary_box(review: Review, start: date) -> list[str]:
    s = review.summary
    flagged = [t for t in (*s.pain, *s.measures, s.function) if t.flag]
    flares = [d for d in s.flare_days if start <= d <= review.today]
    sessions = [
        x for x in review.sessions if start <= local_date(x.started_at, review.tz) <= review.today
    ]
    complete = sum(1 for x in sessions if x.status == "complete")
    gentle = sum(1 for x in sessions if getattr(x, "flare", False))
    items = [
        f"{complete} complete session{'s' * (complete != 1)} in this period "
        f"({len(sessions) - complete} partial or stopped"
        + (f"; {gentle} of the flare version)" if gentle else ")"),
        f"Program streak: {streak_text(s.overall)}",
    ]
    if s.routines:
        items += [x for x in consistency_lines(s.consistency, 1)]
    items.append(f"{len(flares)} flare day{'s' * (len(flares) != 1)} in this period")
    html = ["<div class='box'><ul>"] + [f"<li>{_e(i)}</li>" for i in items]
    for t in flagged:
        html.append(f"<li class='flag'>{_e(t.sentence)}</li>")
    return html + ["</ul></div>"]


def _doses(changes: Sequence[AcceptedDose], review: Review) -> list[str]:
    """The dose history: each step of the therapist's progression plan the client accepted."""
    if not changes:
        return []
    html = [
        "<section><h2>Dose changes (the therapist's progression plan)</h2>",
        "<p class='muted'>Steps of the plan the client accepted in coach.</p><ul>",
    ]
    for c in changes:
        known = review.routines.get(c.routine_id)
        title = known.title if known is not None else c.routine_id
        what = "raised" if c.kind == "progressed" else "stepped back (pain had risen)"
        undone = ""
        if c.undone_at is not None:
            when = short_date(local_date(c.undone_at, review.tz))
            undone = f" <span class='muted'>(undone {_e(when)})</span>"
        html.append(
            f"<li><b>{_e(short_date(local_date(c.at, review.tz)))}</b>: {_e(title)}, "
            f"{_e(c.exercise_name)}: {_e(what)} to {_e(c.words)}"
            f"{undone}</li>"
        )
    return html + ["</ul></section>"]


def build_report(
    review: Review, start: date, generated: datetime, extras: ReportExtras | None = None,
    accepted: Sequence[DoseChange | AcceptedDose] = (),
) -> str:  # fmt: skip
    """The whole report as one HTML document, covering ``start`` to the review's today.

    ``extras`` (:func:`coach.services.report_data.load_report_extras`): the client's details,
    the per-exercise table and the dose history; ``accepted``: the doses the client accepted
    from the therapist's progression plan, listed with their dates. The routines, details and
    doses are drawn from what the report shows of them (:mod:`coach.services.report_data`),
    whether they were read validated or kept.
    """
    extras = extras or ReportExtras()
    extras = replace(extras, profile=profile_of(extras.profile))
    shown_routines = {rid: routine_of(r) for rid, r in review.routines.items()}
    review = replace(review, routines=shown_routines)  # type: ignore[arg-type]
    shown = accepted_of(accepted)
    period = f"{long_date(start)} to {long_date(review.today)}"
    title = "Home exercise progress report"
    if extras.profile.name:
        title += f": {extras.profile.name}"
    body: list[str] = [f"<h1>{_e(title)}</h1>", *client_block(extras),
        f"<p class='meta'>Period: {_e(period)}. Written by coach on "
        f"{_e(long_date(generated.date()))}{written_at(generated)}</p>",
    ]  # fmt: skip
    if review.empty:
        body.append("<p class='box'>Nothing has been logged yet.</p>")
    body += _summary_box(review, start)
    for part in (
        _program(review),
        _adherence(review),
        exercise_section(review, extras, start),
        dose_section(review, extras),
        _doses(shown, review),
        _charts(review, start),
        _changes(review),
        _period_lists(review, start),
    ):
        body += part
    body.append(
        "<p class='muted'>coach reports what the client logged; it does not diagnose. The "
        "clinically meaningful thresholds are population figures for reading a trend.</p>"
    )
    return page(title, body)
