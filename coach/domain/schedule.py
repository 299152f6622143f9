"""The reminder schedule: which reminders are due now, and when the next one is. Pure.

The daemon builds the inputs from the database and the settings file, calls
:func:`due_reminders` every minute or so, shows what comes back, and records each
``Reminder.key`` in its ``fired`` set (kept for a week, see :func:`prune_fired`).

Rules
- Days are the client's local calendar days in the time zone of ``now`` (give it a
  ``zoneinfo.ZoneInfo``). Reminder times are local wall-clock times; all comparisons are made in
  UTC, so daylight-saving changes neither repeat nor skip a day's reminder (a time that does not
  exist on a spring-forward day falls an hour later; a repeated one fires the first time).
- Default times: :func:`coach.domain.schedule_inputs.default_times`.
- The n-th time of the day reminds about bout min(n, per_day); it is not due once that many
  bouts are done today. With fewer than 7 days a week, nothing is due on a day when this week's
  target is already met on other days (a day is met when its sessions reach ``per_day``, as in
  the stats; weeks start on Monday). ``days`` can limit the weekdays.
- Each reminder has a stable key (``routine-id/2026-11-25/09:00``); a key in ``fired`` never
  fires again. Only the latest due time of a routine is considered, so after a suspend, a
  stopped daemon or a clock change at most one reminder per routine comes, never a burst; one
  more than ``catch_up`` late is dropped.
- Nothing fires in quiet hours (default 21:30-08:00). A time inside them is moved to their end if
  that is the same day (07:30 -> 08:00), else dropped (22:00: the day is over).
- While snoozed (``now < snoozed_until``) nothing fires; when the snooze ends, what became due
  before it fires then, once, shown already or not (key ``<key>/snoozed-<end time>``).
- A time that is new to a routine (just set, or the routine just put in the program) first
  reminds at its next occurrence: if today's has passed (before this minute),
  :func:`passed_today` gives its key to record in ``fired``, so it does not pop up at once as a
  late "This was due at 09:00".
- The next-morning check-in (key ``@next-morning/2026-11-26``) is due at ``next_morning_at``
  the day after a session of a scheduled routine, unless that morning's check-in is recorded.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coach.domain.schedule_inputs import (
    Done,
    QuietHours,
    Reminder,
    ReminderSettings,
    ScheduledRoutine,
    default_times,
    parse_time,
    snooze_until,
)

__all__ = [
    "LATE_AFTER", "LOOKAHEAD_DAYS", "NEXT_MORNING_KEY", "NEXT_MORNING_TITLE", "REMINDER_TITLE",
    "Done", "QuietHours", "Reminder", "ReminderSettings", "ScheduledRoutine", "default_times",
    "due_reminders", "next_reminder", "parse_time", "passed_today", "prune_fired",
    "snooze_until",
]  # fmt: skip

NEXT_MORNING_KEY = "@next-morning"
"""Key prefix of the next-morning check-in ('@' never starts a routine id)."""
REMINDER_TITLE = "Time to exercise"
NEXT_MORNING_TITLE = "Morning check-in"
LOOKAHEAD_DAYS = 8
LATE_AFTER = timedelta(minutes=10)
"""A reminder shown this much after it became due is marked as a catch-up."""


def prune_fired(fired: Collection[str], today: date, keep_days: int = 7) -> set[str]:
    """The fired keys worth keeping: those of the last ``keep_days`` days (others can't fire)."""
    oldest = today - timedelta(days=keep_days)
    kept = set()
    for key in fired:
        parts = key.split("/")
        try:
            day = date.fromisoformat(parts[1])
        except (IndexError, ValueError):
            continue
        if day >= oldest:
            kept.add(key)
    return kept


def due_reminders(
    now: datetime,
    routines: Sequence[ScheduledRoutine],
    done: Done,
    fired: Collection[str],
    last_check: datetime | None = None,
    snoozed_until: datetime | None = None,
    settings: ReminderSettings | None = None,
) -> list[Reminder]:
    """The reminders to show at ``now`` (tz-aware, local); record their keys in ``fired``.

    Correctness does not depend on ``last_check`` (keys make checks repeatable, and only the
    latest time of each routine is looked at); it marks as catch-ups the reminders that were
    already due at the previous check (e.g. one held while a session was in progress), as
    are those shown more than ``LATE_AFTER`` late (after a suspend, a stopped daemon, a clock
    change).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    cfg = settings or ReminderSettings()
    if cfg.quiet.contains(now.time()):
        return []
    if snoozed_until is not None and _utc(now) < _utc(snoozed_until):
        return []
    found = [
        reminder
        for routine in routines
        if (reminder := _routine_reminder(now, routine, done, fired, snoozed_until, cfg))
    ]
    morning = _next_morning(now, routines, done, fired, snoozed_until, cfg)
    if morning is not None:
        found.append(morning)
    late = _utc(now) - LATE_AFTER
    seen = _utc(last_check) if last_check is not None else None
    found = [
        _mark_catch_up(r, _utc(r.due_at) < late or (seen is not None and _utc(r.due_at) <= seen))
        for r in found
    ]
    return sorted(found, key=lambda r: (_utc(r.due_at), r.key))


def next_reminder(
    now: datetime,
    routines: Sequence[ScheduledRoutine],
    done: Done,
    fired: Collection[str],
    snoozed_until: datetime | None = None,
    settings: ReminderSettings | None = None,
) -> datetime | None:
    """When the next reminder will come (``now`` if one is due), assuming nothing more is done;
    None if none in the next week."""
    cfg = settings or ReminderSettings()
    tz = _tz(now)
    candidates = {_utc(now)}
    if snoozed_until is not None:
        candidates.add(_utc(snoozed_until))
    today = now.date()
    for offset in range(LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        times = {t for r in routines if r.enabled for t in r.reminder_times(cfg)}
        times.add(cfg.next_morning_at)
        for t in times:
            at = _eligible_at(day, t, tz, cfg.quiet)
            if at is not None:
                candidates.add(_utc(at))
    for at in sorted(c for c in candidates if c >= _utc(now)):
        local = at.astimezone(tz)
        if due_reminders(local, routines, done, fired, None, snoozed_until, cfg):
            return local
    return None


def passed_today(
    now: datetime,
    routine: ScheduledRoutine,
    settings: ReminderSettings | None = None,
    known: Collection[time] = (),
) -> list[str]:
    """The keys of ``routine``'s reminder times not in ``known`` (the times it had before a
    change) whose occurrence today passed before ``now``'s minute: recorded in ``fired``, each
    new time first reminds at its next occurrence (tomorrow) instead of at once, late. A time
    set for the current minute is not passed: it reminds now."""
    cfg = settings or ReminderSettings()
    tz, today = _tz(now), now.date()
    minute = _utc(now.replace(second=0, microsecond=0))
    old = {t.replace(second=0, microsecond=0) for t in known}
    keys = []
    for t in routine.reminder_times(cfg):
        eligible = _eligible_at(today, t, tz, cfg.quiet)
        if t not in old and eligible is not None and _utc(eligible) < minute:
            keys.append(_key(routine.routine_id, today, t))
    return keys


# --- internals ---------------------------------------------------------------------------------


def _key(routine_id: str, day: date, t: time) -> str:
    return f"{routine_id}/{day}/{t:%H:%M}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _tz(now: datetime) -> tzinfo:
    assert now.tzinfo is not None
    return now.tzinfo


def _local_day(moment: datetime, tz: tzinfo) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz).date()


def _eligible_at(day: date, t: time, tz: tzinfo, quiet: QuietHours) -> datetime | None:
    """When the time ``t`` of ``day`` may pop up: itself, the end of quiet hours, or never."""
    if quiet.contains(t):
        if quiet.end > t:
            return datetime.combine(day, quiet.end, tzinfo=tz)
        return None
    return datetime.combine(day, t, tzinfo=tz)


def _decide(
    key: str,
    eligible: datetime,
    now: datetime,
    fired: Collection[str],
    snoozed_until: datetime | None,
    cfg: ReminderSettings,
) -> tuple[str, datetime] | None:
    """The key to fire and when it became due, or None. Snoozing is already ruled out.

    Due before a snooze ended: postponed to its end, under a key naming the snooze (so a
    reminder already shown comes once more). Otherwise its own key, unless it (or a snoozed
    version of it) was shown already.
    """
    snooze = _utc(snoozed_until) if snoozed_until is not None else None
    if snooze is not None and _utc(eligible) < snooze:
        key, start = f"{key}/snoozed-{snooze.astimezone(_tz(now)):%Y-%m-%dT%H:%M}", snooze
        if key in fired:
            return None
    else:
        start = _utc(eligible)
        if key in fired or any(f.startswith(f"{key}/snoozed-") for f in fired):
            return None
    if _utc(now) - start > cfg.catch_up:
        return None
    return key, start.astimezone(_tz(now))


def _routine_reminder(
    now: datetime,
    routine: ScheduledRoutine,
    done: Done,
    fired: Collection[str],
    snoozed_until: datetime | None,
    cfg: ReminderSettings,
) -> Reminder | None:
    tz, today = _tz(now), now.date()
    if not routine.enabled or (routine.days is not None and today.weekday() not in routine.days):
        return None
    days = [_local_day(s, tz) for s in done.sessions.get(routine.routine_id, ())]
    bouts_today = days.count(today)
    if routine.days_per_week < 7:
        monday = today - timedelta(days=today.weekday())
        week = {
            d
            for d in days
            if monday <= d < monday + timedelta(days=7)
            and d != today
            and days.count(d) >= routine.per_day
        }
        if len(week) >= routine.days_per_week:
            return None
    latest: tuple[time, datetime] | None = None
    for n, t in enumerate(routine.reminder_times(cfg), start=1):
        eligible = _eligible_at(today, t, tz, cfg.quiet)
        if bouts_today < min(n, routine.per_day) and eligible and _utc(eligible) <= _utc(now):
            latest = (t, eligible)
    if latest is None:
        return None
    key = _key(routine.routine_id, today, latest[0])
    decided = _decide(key, latest[1], now, fired, snoozed_until, cfg)
    if decided is None:
        return None
    length = f" (about {routine.minutes} min)" if routine.minutes else ""
    body = f"Time for {routine.title}{length}."
    if routine.per_day > 1:
        body += f" Bout {min(bouts_today + 1, routine.per_day)} of {routine.per_day} today."
    return Reminder(decided[0], routine.routine_id, "routine", decided[1], REMINDER_TITLE, body)


def _next_morning(
    now: datetime,
    routines: Sequence[ScheduledRoutine],
    done: Done,
    fired: Collection[str],
    snoozed_until: datetime | None,
    cfg: ReminderSettings,
) -> Reminder | None:
    tz, today = _tz(now), now.date()
    if not cfg.next_morning or any(_local_day(c, tz) == today for c in done.morning_check_ins):
        return None
    yesterday = today - timedelta(days=1)
    titles = {r.routine_id: r.title for r in routines if r.enabled}
    last = sorted(
        (_utc(s if s.tzinfo else s.replace(tzinfo=tz)), rid)
        for rid, times in done.sessions.items()
        if rid in titles
        for s in times
        if _local_day(s, tz) == yesterday
    )
    eligible = _eligible_at(today, cfg.next_morning_at, tz, cfg.quiet)
    if not last or eligible is None or _utc(eligible) > _utc(now):
        return None
    decided = _decide(f"{NEXT_MORNING_KEY}/{today}", eligible, now, fired, snoozed_until, cfg)
    if decided is None:
        return None
    names = list(dict.fromkeys(titles[rid] for _, rid in last))
    what = " and ".join(names) if len(names) <= 2 else "exercises"
    body = (
        f"How do you feel this morning after yesterday's {what}? "
        "Open coach for a short check-in on pain and stiffness."
    )
    routine_id = last[-1][1]
    return Reminder(decided[0], routine_id, "next_morning", decided[1], NEXT_MORNING_TITLE, body)


def _mark_catch_up(reminder: Reminder, late: bool) -> Reminder:
    if not late:
        return reminder
    body = f"{reminder.body} (This was due at {reminder.due_at:%H:%M}.)"
    return replace(reminder, body=body, catch_up=True)
