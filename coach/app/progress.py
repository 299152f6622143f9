"""Progress use cases shared by ``coach stats`` / ``report`` / ``profile`` / ``export`` and the
TUI's progress and settings screens: the review of a period, the therapist's report, the FHIR
bundle and the client's profile. Blocking (they read the data folder): the TUI calls them from
worker threads.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.domain.history import Entry
    from coach.domain.profile import Profile
    from coach.services.report_cache import ReportPage
    from coach.services.review import Review


def review(
    ctx: AppContext,
    since: date | None = None,
    routine_id: str | None = None,
    include_practice: bool = False,
    now: datetime | None = None,
) -> Review:
    """Streaks, adherence, consistency and trends from ``since`` (every day when None), as of
    ``now`` (default: the context's clock); ReviewError for an unknown routine."""
    # lazy: brings platformdirs, pydantic; this module loads with `coach stats` and `coach report`
    from coach.services.review import load_review

    return load_review(
        ctx.repo(), ctx.library(), now or ctx.now(), ctx.tz(), since, routine_id,
        include_practice,
    )  # fmt: skip


def summary_review(
    ctx: AppContext,
    since: date | None = None,
    routine_id: str | None = None,
    include_practice: bool = False,
    now: datetime | None = None,
) -> Review:
    """:func:`review`'s figures (``coach stats``) from the log's per-day facts: the current
    year's records and the past years' facts files (:mod:`coach.storage.facts`), not every
    record. Its ``sessions`` and ``checkins`` are not listed (``record_count`` says how many);
    with ``include_practice``, or when the facts cannot be used, it is :func:`review`.

    When every facts file is current and the program, routines, excused days and activities
    are as they were at the last validated read, it is made from those files and what that read
    kept (:mod:`coach.services.review_kept`: no pydantic, no TinyDB); else everything is read
    (and what is needed next time kept). Of the facts files, it reads the past years summed up
    (``facts-before.json``, :mod:`coach.domain.past_facts`) and this year's when it can (its
    ``index`` then holds the days from this year's checkpoint on), else every one.
    """
    if include_practice:  # the facts leave practice runs out
        return review(ctx, since, routine_id, include_practice, now)
    # lazy: off `coach report` (the kept inputs' reader)
    from coach.domain.days import local_date
    from coach.services import review_kept

    now = now or ctx.now()
    tz = ctx.tz()
    pasts = review_kept.KeptPasts(ctx.data_dir)
    # The past years summed up and this year's facts (with the pasts kept); else every year's.
    summed = ctx.kept_stats_facts(tz, local_date(now, tz))
    if summed is not None and summed.covers(since):
        kept = review_kept.kept_review(summed, ctx.data_dir, ctx.extra_dirs, now, tz, since,
                                       routine_id, pasts)  # fmt: skip
        if kept is not None:
            return kept
    facts = ctx.kept_day_facts(tz)  # first: a change a crash left half done is finished here
    if facts is not None:
        kept = review_kept.kept_review(facts, ctx.data_dir, ctx.extra_dirs, now, tz, since,
                                       routine_id, pasts)  # fmt: skip
        if kept is not None:
            pasts.flush()
            if summed is None:  # (no validated read made it: made here, for the next time)
                ctx.keep_summed_facts(tz, local_date(now, tz))
            return kept
    # lazy: brings platformdirs, pydantic, the record models
    from coach.services.review_facts import load_summary_review

    made_from = review_kept.stamp(ctx.data_dir, ctx.extra_dirs)
    found = load_summary_review(ctx.repo(), ctx.library(), now, tz, since, routine_id, pasts)
    pasts.flush()
    _keep_inputs(ctx, made_from)
    return found


def _keep_inputs(ctx: AppContext, made_from: list[Any] | None) -> None:
    """Keep what the review reads of the program, the routines, the excused days and the
    activities (``made_from``: the stamp of the files taken before they were read)."""
    # lazy: off `coach report` (the kept inputs' reader)
    from coach.services import review_kept

    repo, library = ctx.repo(), ctx.library()
    entries = [e for e in repo.program() if e.active]
    every = repo.psfs_activities(include_inactive=True)
    activities = {a.id: a.name for a in every if a.active}
    names = {a.id: a.name for a in every}
    inputs = review_kept.inputs_of(entries, library, repo.excused_days(), activities, names)
    review_kept.write(ctx.data_dir, ctx.extra_dirs, inputs, made_from)


def kept_history(
    ctx: AppContext, since: datetime | None
) -> tuple[list[Entry], dict[str, str], dict[str, tuple[str, str]]] | None:
    """``coach history``'s entries (from ``since`` on), the activity names and the measures'
    (label, unit) they need, read
    without the record models from year files the validated read vouched for
    (:mod:`coach.storage.vouched`) and the names kept from ``coach.json`` as it is now
    (:mod:`coach.services.review_kept`); None when they cannot be read that way (read them
    validated: :meth:`~coach.storage.repo.Repository.history`)."""
    # lazy: the vouched records' and kept inputs' readers (no pydantic, no record models)
    from coach.domain.history import timeline
    from coach.services import review_kept
    from coach.storage import vouched

    found = vouched.history(ctx.data_dir, since)
    if found is None:
        return None
    # coach.json (the activities' names, and a file the validated read refuses when damaged)
    # as it was read validated: else read everything validated
    inputs = review_kept.read(ctx.data_dir, review_kept.stamp(ctx.data_dir, ctx.extra_dirs))
    if inputs is None:
        return None
    labels: dict[str, tuple[str, str]] = {}
    for routine in inputs.routines:  # as :func:`coach.domain.history.measure_labels` takes them
        for m in routine.measures:
            labels.setdefault(m.id, (m.label, m.unit))
    return timeline(*found, since), inputs.names, labels


def keep_for_history(ctx: AppContext) -> None:
    """After a validated ``coach history``: make the log's facts files that are missing or out
    of date, and keep the review's inputs (the activities' names) if they are not current, so
    that the next one reads neither the records nor the models. A cache: a file that cannot be
    read is left to the command that reads it to tell."""
    # lazy: the kept inputs' reader and the storage's errors (the storage is open already)
    from coach.services import review_kept
    from coach.storage.errors import StorageError

    try:
        ctx.repo().day_facts(ctx.tz(), ctx.now().date())
        made_from = review_kept.stamp(ctx.data_dir, ctx.extra_dirs)
        if review_kept.read(ctx.data_dir, made_from) is None:
            _keep_inputs(ctx, made_from)
    except (StorageError, OSError):
        return


def report_page(
    ctx: AppContext, start: date, include_practice: bool = False, now: datetime | None = None
) -> ReportPage:
    """``coach report``'s page: :func:`report`, or the same report kept when it was last
    written from exactly the files there now, the same period, day and zone (its time of
    writing put in anew; :mod:`coach.services.report_cache`). ProfileError as :func:`report`."""
    # lazy: the kept page's reader (no review, no drawing)
    from coach.services import report_cache

    now = now or ctx.now()
    tz = ctx.tz()
    made_from = None
    if ctx.reads_files and not include_practice:
        made_from = report_cache.key(ctx.data_dir, ctx.extra_dirs, start, now, tz)
        found = report_cache.read(ctx.data_dir, made_from, now)
        if found is not None:
            return found
    html, whole = report(ctx, start, include_practice, now)
    page = report_cache.page_of(html, whole.today, whole.empty)
    if made_from is not None:
        report_cache.keep(ctx.data_dir, ctx.extra_dirs, made_from, page, start, now, tz)
    return page


def report(
    ctx: AppContext, start: date, include_practice: bool = False, now: datetime | None = None
) -> tuple[str, Review]:
    """The therapist's report (one HTML document) from ``start`` to today, and its review.

    The review always covers the whole program (streaks, adherence, changes since the start),
    from the log's per-day facts (:mod:`coach.storage.facts`) like ``coach stats``; ``start``
    sets the period of the charts, the per-exercise table, flare days and notes, whose records
    (and those of the calendar's weeks) are read.

    When every facts file is current, the year files to list are ones a validated read vouched
    for (:mod:`coach.storage.vouched`) and the program, routines, details and dose changes are
    as the last validated report read them (:mod:`coach.services.report_kept`), it is drawn
    from those without pydantic or the models; else everything is read validated (and kept for
    the next one). ProfileError when the stored profile is damaged.
    """
    now = now or ctx.now()
    if not include_practice:
        kept = _kept_report(ctx, start, now)
        if kept is not None:
            return kept
    # lazy: off `coach stats` (pydantic, the record models, the routine models)
    from coach.app.progression import dose_history

    # lazy: off `coach stats` (platformdirs, pydantic, the record models)
    from coach.services import report_kept, review_kept
    from coach.services.report import build_report

    # lazy: off `coach stats` (pydantic, the record models, the routine models)
    from coach.services.report_data import changed_routines, load_report_extras

    # lazy: off `coach stats` (the record models)
    from coach.services.review import heatmap_start
    from coach.services.review_facts import load_summary_review, with_records_from

    tz = ctx.tz()
    made_from = review_kept.stamp(ctx.data_dir, ctx.extra_dirs)  # before anything is read
    repo = ctx.repo()
    if include_practice:  # the facts leave practice runs out
        whole = review(ctx, include_practice=include_practice, now=now)
    else:  # the figures from the facts; the records of the period (and the calendar) listed
        whole = load_summary_review(repo, ctx.library(), now, tz)
    first = min(start, heatmap_start(whole.today))
    sessions, checkins = repo.history(_lower(first))
    whole = with_records_from(whole, sessions, checkins, first, include_practice)
    extras = load_report_extras(repo, whole, start, include_practice, sessions)
    accepted = dose_history(ctx.repo())  # steps of the progression plan the client accepted
    html = build_report(whole, start, now, extras, accepted)
    if not include_practice and whole.record_count is not None:  # made from the facts
        changed = changed_routines(whole, repo.routine_version_counts())
        inputs = report_kept.inputs_of(whole.routines, extras.profile, accepted, changed)
        report_kept.write(ctx.data_dir, ctx.extra_dirs, inputs, made_from)
        if review_kept.read(ctx.data_dir, made_from) is None:
            _keep_inputs(ctx, made_from)
    return html, whole


def _lower(first: date) -> datetime:
    """When to read records from for the local day ``first``: any time zone is less than a day
    from UTC; 3 days also covers naive times (never written)."""
    return datetime.combine(first, time(), UTC) - timedelta(days=3)


def _kept_report(ctx: AppContext, start: date, now: datetime) -> tuple[str, Review] | None:
    """:func:`report` (practice runs left out) from the kept facts, the vouched year files and
    the report's kept inputs; None when any of them cannot stand for the files as they are now
    (nothing is read or made: :func:`report` reads everything validated)."""
    # lazy: off a kept report page (dataclasses brings inspect)
    from dataclasses import replace

    # lazy: the kept files' readers and the report's drawing (no pydantic, no models)
    from coach.domain.days import local_date
    from coach.services import report_kept, review_kept
    from coach.services.report import build_report
    from coach.services.report_data import report_extras
    from coach.services.review import heatmap_start
    from coach.services.review_facts import with_records_from
    from coach.storage import vouched

    tz = ctx.tz()
    made_from = review_kept.stamp(ctx.data_dir, ctx.extra_dirs)
    kept = report_kept.read(ctx.data_dir, made_from)
    if kept is None or kept.changed:  # a routine's dose history needs every session
        return None
    inputs = review_kept.read(ctx.data_dir, made_from)
    if inputs is None:
        return None
    pasts = review_kept.KeptPasts(ctx.data_dir)
    today = local_date(now, tz)
    first = min(start, heatmap_start(today))
    whole = _summed_review(ctx, inputs, now, first, pasts)
    if whole is None:  # every year's facts file
        facts = ctx.kept_day_facts(tz)  # first: a change a crash left half done is finished
        if facts is None:
            return None
        try:
            whole = review_kept.review_of_inputs(facts, inputs, now, tz, pasts=pasts)
        except ValueError:  # a kept time or day that cannot be read: not from the cache, then
            return None
    if any(p.routine_id not in kept.routines for p in whole.program):
        return None
    # Before the period, the calendar's weeks need the sessions, the exercise table only the
    # check-ins taken during one (the notes are the period's).
    found = vouched.history(ctx.data_dir, _lower(first), every_checkin_from=_lower(start))
    if found is None:
        return None
    pasts.flush()
    sessions, checkins = found
    shown = {p.routine_id: kept.routines[p.routine_id] for p in whole.program}
    whole = replace(whole, routines=shown)  # type: ignore[arg-type]
    whole = with_records_from(whole, sessions, checkins, first)
    extras = report_extras(whole, start, False, sessions, kept.profile, {})
    return build_report(whole, start, now, extras, kept.accepted), whole


def _summed_review(
    ctx: AppContext, inputs: Any, now: datetime, first: date, pasts: Any
) -> Review | None:
    """The report's review from the past years summed up (``facts-before.json``) and this
    year's facts, when the period's charts and calendar (from ``first``, 7-day means from 6
    days before) read only days after the past's and the calendar would show its 26 weeks
    either way; its trends drawable from then on. Else None (every year's facts file is read:
    a period or calendar that reaches into a past year)."""
    # lazy: off a kept report page (dataclasses brings inspect)
    from dataclasses import replace

    # lazy: the report's kept path only (off a kept report page and `coach history`)
    from coach.domain.clinical import ROLLING_DAYS
    from coach.domain.days import local_date
    from coach.domain.trends import HeldValues, PartValues
    from coach.services import review_kept
    from coach.services.review import heatmap_start

    tz = ctx.tz()
    summed = ctx.kept_stats_facts(tz, local_date(now, tz))
    if summed is None or not summed.covers(first - timedelta(days=ROLLING_DAYS - 1)):
        return None
    try:
        whole = review_kept.review_of_inputs(summed, inputs, now, tz, pasts=pasts)
    except ValueError:  # (a past not kept, a kept value that cannot be read)
        return None
    # The summed index lacks the past's sessions: the calendar's weeks are counted from the
    # program's first day, which must reach back all of them.
    if min((p.since for p in whole.program), default=whole.today) > heatmap_start(whole.today):
        return None
    held = date.fromordinal(summed.last_day + 1)

    def drawable(trend: Any) -> Any:
        vals = trend.values
        if isinstance(vals, PartValues):
            return replace(trend, values=HeldValues(vals, held))
        return trend

    s = whole.summary
    summary = replace(
        s,
        pain=tuple(drawable(t) for t in s.pain),
        measures=tuple(drawable(t) for t in s.measures),
        function=drawable(s.function),
    )
    return replace(whole, summary=summary)


def fhir(
    ctx: AppContext,
    sessions: Any,
    checkins: Any,
    measures: Mapping[str, Any],
    activities: Mapping[str, str],
    include_practice: bool = False,
) -> dict[str, Any]:
    """The FHIR Bundle of these records with the client's profile as the Patient."""
    # lazy: off `coach stats` and `coach report` (pydantic, the record models, the routine models)
    from coach.services.fhir import fhir_bundle

    return fhir_bundle(sessions, checkins, measures, activities, ctx.now(), profile(ctx),
                       include_practice)  # fmt: skip


def profile(ctx: AppContext) -> Profile:
    """The client's details (empty when never set); ProfileError when the stored ones are
    damaged."""
    # lazy: off `coach stats` (pydantic, zoneinfo)
    from coach.services.profile import load_profile

    return load_profile(ctx.repo())


def change_profile(ctx: AppContext, **changes: str | None) -> Profile:
    """Change some details ("" clears one; None leaves it) and keep them; returns the result.
    ProfileError (nothing kept) when a value cannot be kept or the stored profile is damaged."""
    # lazy: off `coach stats` (pydantic, zoneinfo)
    from coach.services.profile import save_profile

    updated = profile(ctx).with_changes(**changes)
    save_profile(ctx.repo(), updated)
    return updated


def replace_profile(ctx: AppContext, **values: str) -> Profile:
    """Keep exactly these details (the settings screen's form; empty ones are cleared)."""
    # lazy: off `coach stats` (pydantic, zoneinfo)
    from coach.domain.profile import Profile
    from coach.services.profile import save_profile

    updated = Profile().with_changes(**values)
    save_profile(ctx.repo(), updated)
    return updated


def save_document(target: Path, text: str) -> None:
    """Write a document (the report, an export) whole or not at all; OSError when it can't."""
    # lazy: the writer brings TinyDB's storage base (off `coach stats` and `coach history`)
    from coach.storage.files import write_text_file

    write_text_file(target, text)
