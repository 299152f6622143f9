"""Report sections that read :class:`~coach.services.report_data.ReportExtras`: who the report
is about, the per-exercise table and the dose history (HTML fragments; every text escaped)."""

from __future__ import annotations

from datetime import date
from html import escape

from coach.domain.exercise_tally import WHOLE_SESSION
from coach.domain.stats import adherence, adherence_end
from coach.services.report_data import ReportExtras
from coach.services.review import Review, number, short_date


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def client_block(extras: ReportExtras) -> list[str]:
    """The client's details as a small table at the top, or a line saying how to add them."""
    if extras.profile.empty:
        return ["<p class='muted'>Client details not set (the client can add them with "
                "<code>coach profile</code> or on the settings screen).</p>"]
    rows = "".join(
        f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in
        extras.profile.lines()
    )
    return [f"<table class='client'>{rows}</table>"]


def exercise_section(review: Review, extras: ReportExtras, start: date) -> list[str]:
    """Per routine: prescribed sessions against what each exercise got, and pain stops."""
    html = [
        "<section><h2>Exercise by exercise</h2>",
        f"<p class='muted'>From {_e(short_date(start))} to {_e(short_date(review.today))}. "
        "Prescribed: the sessions the prescription asked "
        "for in the period (excused days left out). Done, partly, skipped: in the sessions "
        "logged (practice runs left out"
        f"{' here: included on request' if extras.include_practice else ''}). Pain stops: "
        "ratings above the routine's limit during the exercise, with the pain rated then.</p>",
    ]
    for r in review.summary.routines:
        rows = extras.exercises.get(r.item.routine_id)
        if rows is None:
            continue
        routine = review.routines[r.item.routine_id]
        prescribed = _period_prescribed(review, r.item.routine_id, start)
        html.append(
            f"<h3>{_e(routine.title)}</h3><p>Prescribed in the period (up to the last whole "
            f"day): {_e(prescribed)} sessions; pain limit {routine.pain_stop}/10.</p>"
            "<table class='exercises'><tr><th>Exercise</th><th>Prescribed</th><th>Done</th>"
            "<th>Partly</th><th>Skipped</th><th>Not reached</th><th>Pain stops</th></tr>"
        )
        for row in rows:
            name = row.name if row.in_routine or row.name == WHOLE_SESSION else (
                f"{row.name} (no longer in the routine)")
            stops = "0" if not row.pain_stops else (
                f"{len(row.pain_stops)} (pain " + ", ".join(f"{v}/10" for v in row.pain_stops)
                + ")")
            html.append(
                f"<tr><td>{_e(name)}</td><td>{_e(prescribed) if row.in_routine else '-'}</td>"
                f"<td>{row.done}</td><td>{row.partly}</td><td>{row.skipped}</td>"
                f"<td>{row.not_reached}</td><td>{_e(stops)}</td></tr>"
            )
        html.append("</table>")
    return html + ["</section>"]


def _period_prescribed(review: Review, routine_id: str, start: date) -> str:
    item = next(p for p in review.program if p.routine_id == routine_id)
    index = review.index
    if index is None:
        return "-"
    last = adherence_end(index, item, review.today)
    a = adherence(index, item, review.excused, start, last, review.today)
    return number(round(a.prescribed))


def dose_section(review: Review, extras: ReportExtras) -> list[str]:
    """How the prescription changed over time (from the routine versions coach kept)."""
    html = ["<section><h2>Dose history</h2>"]
    any_change = False
    for item in review.program:
        changes = extras.doses.get(item.routine_id) or []
        if not changes:
            continue
        any_change = True
        html.append(f"<h3>{_e(review.routines[item.routine_id].title)}</h3><ul>")
        for change in changes:
            html.append(
                f"<li><b>From {_e(short_date(change.since))}</b>: "
                + "; ".join(_e(c) for c in change.changes) + "</li>"
            )
        html.append("</ul>")
    if not any_change:
        html.append("<p>The prescription has not changed since the client started.</p>")
    return html + ["</section>"]
