"""The reminder schedule, with explicit local datetimes (London and New York for DST)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.domain.routine import Routine
from coach.domain.schedule import (
    Done,
    QuietHours,
    Reminder,
    ReminderSettings,
    ScheduledRoutine,
    default_times,
    due_reminders,
    next_reminder,
    parse_time,
    passed_today,
    prune_fired,
    snooze_until,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NECK = ScheduledRoutine("neck-desk", "Neck and desk posture", per_day=2, minutes=8)
BACK = ScheduledRoutine("low-back", "Low back basics", per_day=1, minutes=12)
NO_QUIET = ReminderSettings(quiet=QuietHours(time(0, 0), time(0, 0)))
ROUTINES_ONLY = ReminderSettings(next_morning=False)
"""For tests about routine reminders where yesterday's session would add a morning check-in."""


def at(day: str, hhmm: str, tz: ZoneInfo = LONDON, fold: int = 0) -> datetime:
    """A local datetime from '2026-11-25' and '09:00'."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), tz).replace(
        fold=fold
    )


def run(
    start: datetime,
    end: datetime,
    routines: Sequence[ScheduledRoutine],
    done: Done | None = None,
    *,
    step: timedelta = timedelta(minutes=1),
    fired: set[str] | None = None,
    settings: ReminderSettings | None = None,
    snoozed_until: datetime | None = None,
) -> list[Reminder]:
    """A daemon checking every ``step`` (in real time, i.e. UTC) from start to end inclusive."""
    tz = start.tzinfo
    assert tz is not None
    fired = set() if fired is None else fired
    shown: list[Reminder] = []
    last: datetime | None = None
    moment = start.astimezone(UTC)
    while moment <= end.astimezone(UTC):
        now = moment.astimezone(tz)
        for reminder in due_reminders(
            now, routines, done or Done(), fired, last, snoozed_until, settings
        ):
            assert reminder.key not in fired
            fired.add(reminder.key)
            shown.append(reminder)
        last = now
        moment += step
    return shown


def keys(reminders: Sequence[Reminder]) -> list[str]:
    return [r.key for r in reminders]


# --- default times and settings ---------------------------------------------------------------


def test_default_times_spread_bouts_over_the_waking_window() -> None:
    assert default_times(1) == (time(9, 0),)
    assert default_times(2) == (time(9, 0), time(18, 0))
    assert default_times(3) == (time(9, 0), time(13, 30), time(18, 0))
    assert default_times(4) == (time(9), time(12), time(15), time(18))
    assert default_times(6) == (
        time(9, 0), time(10, 50), time(12, 35), time(14, 25), time(16, 10), time(18, 0)
    )  # fmt: skip
    assert default_times(2, time(7), time(22)) == (time(8), time(20))
    assert default_times(2, time(12), time(14)) == (time(12, 30), time(13, 30))  # short window


def test_parse_time_reads_hh_mm_and_explains_anything_else() -> None:
    assert parse_time("09:00") == time(9) and parse_time(" 7:05 ") == time(7, 5)
    for bad in ["9", "24:00", "09:60", "9am", "٠٩:٠٠", "09:5"]:
        with pytest.raises(ValueError) as err:
            parse_time(bad)
        assert str(err.value) == f"'{bad}' is not a time of day like 09:00 or 18:30"


def test_from_routine_takes_the_prescription() -> None:
    routine = Routine.model_validate(
        {
            "format": 1,
            "id": "neck-desk",
            "title": "Neck and desk posture",
            "frequency": {"per_day": 2, "days_per_week": 5},
            "exercises": [{"name": "Chin tuck", "kind": "posture", "reps": 10}],
        }
    )
    scheduled = ScheduledRoutine.from_routine(routine, estimate_s=470, days=[0, 2])
    assert scheduled == ScheduledRoutine(
        "neck-desk", "Neck and desk posture", 2, 5, minutes=8, days=frozenset({0, 2})
    )
    assert scheduled.reminder_times(ReminderSettings()) == (time(9), time(18))


def test_quiet_hours_wrap_midnight() -> None:
    quiet = QuietHours()
    samples = [(21, 29), (21, 30), (3, 0), (7, 59), (8, 0)]
    assert [quiet.contains(time(h, m)) for h, m in samples] == [False, True, True, True, False]
    assert not QuietHours(time(8), time(8)).contains(time(8))


# --- an ordinary day --------------------------------------------------------------------------


def test_two_bouts_a_day_remind_at_nine_and_six_with_the_texts() -> None:
    shown = run(at("2026-11-25", "00:00"), at("2026-11-25", "23:59"), [NECK])
    assert keys(shown) == ["neck-desk/2026-11-25/09:00", "neck-desk/2026-11-25/18:00"]
    first, second = shown
    assert first.due_at == at("2026-11-25", "09:00") and first.kind == "routine"
    assert first.title == "Time to exercise"
    assert first.body == "Time for Neck and desk posture (about 8 min). Bout 1 of 2 today."
    assert not first.catch_up and first.routine_id == "neck-desk"
    assert second.body == "Time for Neck and desk posture (about 8 min). Bout 1 of 2 today."


def test_a_bout_done_earlier_is_not_reminded_and_the_text_counts_it() -> None:
    done = Done(sessions={"neck-desk": [at("2026-11-25", "08:30"), at("2026-11-24", "18:10")]})
    shown = run(
        at("2026-11-25", "00:00"), at("2026-11-25", "23:59"), [NECK], done, settings=ROUTINES_ONLY
    )
    assert keys(shown) == ["neck-desk/2026-11-25/18:00"]
    assert shown[0].body == "Time for Neck and desk posture (about 8 min). Bout 2 of 2 today."


def test_nothing_is_due_once_the_days_bouts_are_done() -> None:
    done = Done(sessions={"neck-desk": [at("2026-11-25", "07:00"), at("2026-11-25", "12:00")]})
    assert run(at("2026-11-25", "00:00"), at("2026-11-25", "23:59"), [NECK], done) == []
    one = Done(sessions={"low-back": [at("2026-11-25", "08:59")]})
    assert run(at("2026-11-25", "00:00"), at("2026-11-25", "23:59"), [BACK], one) == []


def test_a_session_logged_in_another_time_zone_counts_on_the_local_day() -> None:
    # 00:30 in London is still the previous evening in New York: it counts for the 24th
    done = Done(sessions={"low-back": [at("2026-11-25", "00:30", LONDON)]})
    shown = run(
        at("2026-11-24", "08:00", NEW_YORK),
        at("2026-11-25", "10:00", NEW_YORK),
        [BACK],
        done,
        settings=ROUTINES_ONLY,
    )
    assert keys(shown) == ["low-back/2026-11-25/09:00"]


def test_one_bout_a_day_omits_the_bout_count_and_unknown_length() -> None:
    plain = ScheduledRoutine("hip", "Hip [bold]x[/]")
    [reminder] = run(at("2026-11-25", "08:59"), at("2026-11-25", "09:01"), [plain])
    assert reminder.body == "Time for Hip [bold]x[/]."


def test_two_routines_due_together_come_in_key_order() -> None:
    shown = due_reminders(at("2026-11-25", "09:00"), [NECK, BACK], Done(), set())
    assert keys(shown) == ["low-back/2026-11-25/09:00", "neck-desk/2026-11-25/09:00"]


def test_extra_times_repeat_the_bout_until_it_is_done() -> None:
    nagging = ScheduledRoutine("low-back", "Low back basics", times=(time(9), time(14)))
    assert len(run(at("2026-11-25", "08:00"), at("2026-11-25", "20:00"), [nagging])) == 2
    fired: set[str] = set()
    morning = run(at("2026-11-25", "08:00"), at("2026-11-25", "10:00"), [nagging], fired=fired)
    done = Done(sessions={"low-back": [at("2026-11-25", "10:00")]})  # then the bout is done
    later = run(at("2026-11-25", "10:01"), at("2026-11-25", "20:00"), [nagging], done, fired=fired)
    assert keys(morning) == ["low-back/2026-11-25/09:00"] and later == []


def test_a_disabled_routine_never_reminds() -> None:
    off = ScheduledRoutine("low-back", "Low back basics", enabled=False)
    assert run(at("2026-11-25", "08:00"), at("2026-11-25", "20:00"), [off]) == []


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_reminders(datetime(2026, 11, 25, 9), [NECK], Done(), set())


# --- quiet hours ------------------------------------------------------------------------------


def test_a_time_in_morning_quiet_hours_is_deferred_to_their_end_once() -> None:
    early = ScheduledRoutine("low-back", "Low back basics", times=(time(7, 30),))
    shown = run(at("2026-11-25", "00:00"), at("2026-11-25", "23:59"), [early])
    assert keys(shown) == ["low-back/2026-11-25/07:30"]
    assert shown[0].due_at == at("2026-11-25", "08:00")


def test_a_time_in_evening_quiet_hours_is_dropped_not_moved_to_tomorrow() -> None:
    late = ScheduledRoutine("low-back", "Low back basics", times=(time(22, 0),))
    assert run(at("2026-11-25", "12:00"), at("2026-11-26", "12:00"), [late]) == []
    assert keys(
        run(at("2026-11-25", "12:00"), at("2026-11-25", "23:00"), [late], settings=NO_QUIET)
    ) == ["low-back/2026-11-25/22:00"]


def test_nothing_pops_up_during_quiet_hours_even_when_due() -> None:
    evening = ScheduledRoutine("low-back", "Low back basics", times=(time(21, 0),))
    assert due_reminders(at("2026-11-25", "21:45"), [evening], Done(), set()) == []
    assert len(due_reminders(at("2026-11-25", "21:29"), [evening], Done(), set())) == 1


# --- weekly targets and active days -----------------------------------------------------------


def test_weekly_target_met_on_other_days_stops_reminders_until_next_week() -> None:
    three = ScheduledRoutine("low-back", "Low back basics", days_per_week=3)
    done = Done(
        sessions={
            "low-back": [
                at("2026-11-23", "10:00"),
                at("2026-11-24", "10:00"),
                at("2026-11-25", "10:00"),
            ]
        }
    )  # Monday, Tuesday, Wednesday
    shown = run(
        at("2026-11-26", "00:00"), at("2026-11-30", "23:00"), [three], done, settings=ROUTINES_ONLY
    )
    assert keys(shown) == ["low-back/2026-11-30/09:00"]  # next Monday


def test_weekly_target_still_lets_today_finish_its_bouts() -> None:
    three = ScheduledRoutine("neck-desk", "Neck", per_day=2, days_per_week=3)
    mon, tue, wed = (f"2026-11-2{d}" for d in (3, 4, 5))
    two_full_days = [at(d, t) for d in (mon, tue) for t in ("10:00", "17:00")]
    done = Done(sessions={"neck-desk": [*two_full_days, at(wed, "10:00")]})
    shown = run(at(wed, "00:00"), at(wed, "23:59"), [three], done, settings=ROUTINES_ONLY)
    assert keys(shown) == ["neck-desk/2026-11-25/18:00"]
    assert shown[0].body == "Time for Neck. Bout 2 of 2 today."


def test_a_day_counts_towards_the_week_only_with_all_its_bouts() -> None:
    two = ScheduledRoutine("neck-desk", "Neck", per_day=2, days_per_week=2)
    mon, tue, wed = (f"2026-11-2{d}" for d in (3, 4, 5))
    full = Done(sessions={"neck-desk": [at(d, t) for d in (mon, tue) for t in ("10:00", "17:00")]})
    assert run(at(wed, "00:00"), at(wed, "23:59"), [two], full, settings=ROUTINES_ONLY) == []
    half = Done(sessions={"neck-desk": [at(mon, "10:00"), at(mon, "17:00"), at(tue, "10:00")]})
    shown = run(at(wed, "00:00"), at(wed, "23:59"), [two], half, settings=ROUTINES_ONLY)
    assert keys(shown) == ["neck-desk/2026-11-25/09:00", "neck-desk/2026-11-25/18:00"]


def test_below_the_weekly_target_every_day_is_reminded() -> None:
    three = ScheduledRoutine("low-back", "Low back basics", days_per_week=3)
    done = Done(sessions={"low-back": [at("2026-11-23", "10:00"), at("2026-11-24", "10:00")]})
    assert keys(
        run(
            at("2026-11-25", "08:00"),
            at("2026-11-25", "10:00"),
            [three],
            done,
            settings=ROUTINES_ONLY,
        )
    ) == ["low-back/2026-11-25/09:00"]


def test_active_days_limit_the_weekdays() -> None:
    mon_wed_fri = ScheduledRoutine("low-back", "Low back basics", days=frozenset({0, 2, 4}))
    shown = run(at("2026-11-23", "00:00"), at("2026-11-29", "23:00"), [mon_wed_fri])
    assert [r.due_at.date().isoformat() for r in shown] == [
        "2026-11-23",
        "2026-11-25",
        "2026-11-27",
    ]


# --- daylight saving --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "first_day"),
    [
        (LONDON, "2026-03-28"),  # clocks go forward on Sunday 29 March
        (LONDON, "2026-10-24"),  # back on Sunday 25 October
        (NEW_YORK, "2026-03-07"),  # forward on Sunday 8 March
        (NEW_YORK, "2026-10-31"),  # back on Sunday 1 November
    ],
)
def test_dst_changes_neither_repeat_nor_skip_a_days_reminders(tz: ZoneInfo, first_day: str) -> None:
    start = at(first_day, "00:00", tz)
    shown = run(start, start + timedelta(days=3), [NECK], step=timedelta(minutes=5))
    days = [(start + timedelta(days=i)).date().isoformat() for i in range(3)]
    assert keys(shown) == [f"neck-desk/{d}/{t}" for d in days for t in ("09:00", "18:00")]
    assert [r.due_at.strftime("%H:%M") for r in shown] == ["09:00", "18:00"] * 3
    assert all(not r.catch_up for r in shown)
    offsets = {r.due_at.utcoffset() for r in shown}
    assert len(offsets) == 2  # both sides of the change were seen, each at local 09:00/18:00


def test_a_time_in_the_repeated_hour_fires_once_at_its_first_occurrence() -> None:
    night = ScheduledRoutine("low-back", "Low back basics", times=(time(1, 30),))
    start = at("2026-11-01", "00:00", NEW_YORK)
    shown = run(start, start + timedelta(hours=4), [night], settings=NO_QUIET)
    assert keys(shown) == ["low-back/2026-11-01/01:30"]
    assert shown[0].due_at.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # EDT


def test_a_time_in_the_skipped_hour_fires_once_an_hour_later() -> None:
    night = ScheduledRoutine("low-back", "Low back basics", times=(time(2, 30),))
    start = at("2026-03-08", "00:00", NEW_YORK)
    shown = run(start, start + timedelta(hours=5), [night], settings=NO_QUIET)
    assert keys(shown) == ["low-back/2026-03-08/02:30"]
    assert shown[0].due_at.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


# --- suspend, restart, clock changes ----------------------------------------------------------


def test_a_ten_hour_suspend_brings_one_catch_up_per_routine_not_a_burst() -> None:
    often = ScheduledRoutine("neck-desk", "Neck", per_day=3, times=(time(9), time(13), time(16)))
    noon = ScheduledRoutine("low-back", "Low back basics", times=(time(10), time(12)))
    routines = [often, noon]
    fired: set[str] = set()
    before = run(at("2026-11-25", "06:00"), at("2026-11-25", "07:00"), routines, fired=fired)
    assert before == []
    woke = due_reminders(
        at("2026-11-25", "17:05"), routines, Done(), fired, at("2026-11-25", "07:00")
    )
    assert keys(woke) == ["low-back/2026-11-25/12:00", "neck-desk/2026-11-25/16:00"]
    assert all(r.catch_up for r in woke)
    assert woke[1].body == "Time for Neck. Bout 1 of 3 today. (This was due at 16:00.)"
    fired |= set(keys(woke))
    assert run(at("2026-11-25", "17:06"), at("2026-11-25", "21:00"), routines, fired=fired) == []


def test_a_missed_time_older_than_the_catch_up_window_is_dropped() -> None:
    asleep = at("2026-11-25", "08:00")
    assert due_reminders(at("2026-11-25", "15:01"), [BACK], Done(), set(), asleep) == []
    assert keys(due_reminders(at("2026-11-25", "14:59"), [BACK], Done(), set(), asleep)) == [
        "low-back/2026-11-25/09:00"
    ]


def test_a_restart_with_the_fired_keys_kept_does_not_repeat() -> None:
    fired: set[str] = set()
    assert len(run(at("2026-11-25", "08:55"), at("2026-11-25", "09:05"), [NECK], fired=fired)) == 1
    # the daemon restarts: no last_check, same persisted keys
    assert due_reminders(at("2026-11-25", "09:30"), [NECK], Done(), set(fired)) == []
    # without them it would have reminded again: the keys are what prevents it
    assert len(due_reminders(at("2026-11-25", "09:30"), [NECK], Done(), set())) == 1


def test_the_clock_going_backwards_does_not_repeat_reminders() -> None:
    fired: set[str] = set()
    first = run(at("2026-11-24", "08:00"), at("2026-11-25", "18:30"), [NECK], fired=fired)
    assert len(first) == 4
    assert run(at("2026-11-25", "08:30"), at("2026-11-25", "19:00"), [NECK], fired=fired) == []
    assert run(at("2026-11-24", "08:30"), at("2026-11-24", "19:00"), [NECK], fired=fired) == []


def test_a_routine_enabled_after_its_time_is_marked_as_a_catch_up() -> None:
    [late] = due_reminders(
        at("2026-11-25", "09:05"), [BACK], Done(), set(), last_check=at("2026-11-25", "09:04")
    )
    assert late.catch_up and late.body.endswith("(This was due at 09:00.)")
    [on_time] = due_reminders(
        at("2026-11-25", "09:01"), [BACK], Done(), set(), last_check=at("2026-11-25", "08:59")
    )
    assert not on_time.catch_up


def test_prune_fired_keeps_a_week_of_keys() -> None:
    fired = {
        "a/2026-11-25/09:00",
        "a/2026-11-18/09:00",
        "a/2026-11-17/09:00",
        "@next-morning/2026-11-20",
        "junk",
    }
    assert prune_fired(fired, date(2026, 11, 25)) == {
        "a/2026-11-25/09:00", "a/2026-11-18/09:00", "@next-morning/2026-11-20"
    }  # fmt: skip


# --- snooze -----------------------------------------------------------------------------------


def test_snooze_shows_a_reminder_again_once_when_it_ends() -> None:
    fired: set[str] = set()
    assert len(run(at("2026-11-25", "08:59"), at("2026-11-25", "09:02"), [NECK], fired=fired)) == 1
    until = snooze_until(at("2026-11-25", "09:02"), ReminderSettings())
    assert until == at("2026-11-25", "09:17")
    shown = run(
        at("2026-11-25", "09:03"),
        at("2026-11-25", "12:00"),
        [NECK],
        fired=fired,
        snoozed_until=until,
    )
    assert keys(shown) == ["neck-desk/2026-11-25/09:00/snoozed-2026-11-25T09:17"]
    assert shown[0].due_at == until and not shown[0].catch_up


def test_snooze_postpones_what_falls_due_during_it() -> None:
    until = at("2026-11-25", "09:10")
    fired: set[str] = set()
    shown = run(
        at("2026-11-25", "08:50"),
        at("2026-11-25", "10:00"),
        [NECK],
        fired=fired,
        snoozed_until=until,
    )
    assert keys(shown) == ["neck-desk/2026-11-25/09:00/snoozed-2026-11-25T09:10"]
    assert shown[0].due_at == until
    # once the daemon forgets the snooze, the reminder it postponed does not come back
    assert run(at("2026-11-25", "10:01"), at("2026-11-25", "11:00"), [NECK], fired=fired) == []


def test_a_bout_done_during_the_snooze_is_not_reminded() -> None:
    fired = {"neck-desk/2026-11-25/09:00"}
    done = Done(sessions={"neck-desk": [at("2026-11-25", "09:05")]})
    until = at("2026-11-25", "09:15")
    assert (
        run(
            at("2026-11-25", "09:03"),
            at("2026-11-25", "12:00"),
            [NECK],
            done,
            fired=fired,
            snoozed_until=until,
        )
        == []
    )


def test_an_old_snooze_does_not_affect_later_reminders() -> None:
    fired = {"neck-desk/2026-11-25/09:00", "neck-desk/2026-11-25/09:00/snoozed-2026-11-25T09:17"}
    until = at("2026-11-25", "09:17")
    shown = run(
        at("2026-11-25", "12:00"),
        at("2026-11-25", "19:00"),
        [NECK],
        fired=fired,
        snoozed_until=until,
    )
    assert keys(shown) == ["neck-desk/2026-11-25/18:00"]
    assert shown[0].due_at == at("2026-11-25", "18:00")


# --- next-morning check-in --------------------------------------------------------------------


def test_the_morning_after_a_session_asks_for_a_check_in() -> None:
    done = Done(
        sessions={"neck-desk": [at("2026-11-24", "18:30")], "low-back": [at("2026-11-24", "12:00")]}
    )
    shown = run(at("2026-11-25", "08:00"), at("2026-11-25", "10:00"), [NECK, BACK], done)
    morning = [r for r in shown if r.kind == "next_morning"]
    assert keys(morning) == ["@next-morning/2026-11-25"]
    [m] = morning
    assert m.due_at == at("2026-11-25", "09:00") and m.title == "Morning check-in"
    assert m.routine_id == "neck-desk"  # the latest session yesterday
    assert m.body == (
        "How do you feel this morning after yesterday's Low back basics and Neck and desk "
        "posture? Open coach for a short check-in on pain and stiffness."
    )


@pytest.mark.parametrize(
    ("done", "settings"),
    [
        (Done(sessions={"low-back": [at("2026-11-23", "12:00")]}), None),  # two days ago
        (
            Done(
                sessions={"low-back": [at("2026-11-24", "12:00")]},
                morning_check_ins=[at("2026-11-25", "07:40")],
            ),
            None,
        ),  # already answered this morning
        (
            Done(sessions={"low-back": [at("2026-11-24", "12:00")]}),
            ReminderSettings(next_morning=False),
        ),
        (Done(sessions={"other": [at("2026-11-24", "12:00")]}), None),  # not a scheduled routine
    ],
)
def test_no_morning_check_in_reminder_when_not_needed(
    done: Done, settings: ReminderSettings | None
) -> None:
    shown = run(
        at("2026-11-25", "08:00"), at("2026-11-25", "12:00"), [BACK], done, settings=settings
    )
    assert [r for r in shown if r.kind == "next_morning"] == []


# --- next_reminder ----------------------------------------------------------------------------


def test_next_reminder_is_the_next_due_time_today() -> None:
    fired = {"neck-desk/2026-11-25/09:00"}
    assert next_reminder(at("2026-11-25", "10:00"), [NECK], Done(), fired) == at(
        "2026-11-25", "18:00"
    )


def test_next_reminder_is_now_when_something_is_due() -> None:
    assert next_reminder(at("2026-11-25", "09:30"), [NECK], Done(), set()) == at(
        "2026-11-25", "09:30"
    )


def test_next_reminder_skips_done_days_and_met_weeks() -> None:
    done = Done(sessions={"neck-desk": [at("2026-11-25", "08:00"), at("2026-11-25", "12:00")]})
    assert next_reminder(at("2026-11-25", "10:00"), [NECK], done, set()) == at(
        "2026-11-26", "09:00"
    )
    three = ScheduledRoutine("low-back", "Low back basics", days_per_week=3)
    week = Done(sessions={"low-back": [at(f"2026-11-2{d}", "10:00") for d in (3, 4, 5)]})
    fired = {"low-back/2026-11-25/09:00"}
    assert next_reminder(
        at("2026-11-25", "11:00"), [three], week, fired, settings=ROUTINES_ONLY
    ) == at("2026-11-30", "09:00")


def test_next_reminder_respects_snooze_and_quiet_hours() -> None:
    fired = {"neck-desk/2026-11-25/09:00"}
    until = at("2026-11-25", "09:20")
    assert next_reminder(at("2026-11-25", "09:05"), [NECK], Done(), fired, until) == until
    early = ScheduledRoutine("low-back", "Low back basics", times=(time(6, 0),))
    assert next_reminder(
        at("2026-11-25", "12:00"), [early], Done(), {"low-back/2026-11-25/06:00"}
    ) == at("2026-11-26", "08:00")


def test_next_reminder_includes_tomorrows_check_in_and_none_without_routines() -> None:
    done = Done(sessions={"low-back": [at("2026-11-25", "09:30")]})
    fired = {"low-back/2026-11-25/09:00"}
    assert next_reminder(at("2026-11-25", "10:00"), [BACK], done, fired) == at(
        "2026-11-26", "09:00"
    )
    assert next_reminder(at("2026-11-25", "10:00"), [], Done(), set()) is None


def test_a_snooze_across_the_fall_back_hour_lasts_fifteen_real_minutes() -> None:
    night = ScheduledRoutine("low-back", "Low back basics", times=(time(1, 45),))
    fired: set[str] = set()
    first = due_reminders(
        at("2026-11-01", "01:50", NEW_YORK), [night], Done(), fired, None, None, NO_QUIET
    )
    fired |= set(keys(first))
    until = snooze_until(at("2026-11-01", "01:50", NEW_YORK), NO_QUIET)
    assert until == at("2026-11-01", "01:05", NEW_YORK, fold=1)  # clocks went back meanwhile
    assert until.astimezone(UTC) == datetime(2026, 11, 1, 6, 5, tzinfo=UTC)
    start = at("2026-11-01", "01:51", NEW_YORK)
    shown = run(
        start,
        start + timedelta(minutes=30),
        [night],
        fired=fired,
        settings=NO_QUIET,
        snoozed_until=until,
    )
    assert keys(shown) == ["low-back/2026-11-01/01:45/snoozed-2026-11-01T01:05"]
    assert shown[0].due_at.astimezone(UTC) == datetime(2026, 11, 1, 6, 5, tzinfo=UTC)


def test_the_catch_up_window_counts_real_time_across_the_fall_back_hour() -> None:
    night = ScheduledRoutine("low-back", "Low back basics", times=(time(1, 30),))
    short = ReminderSettings(quiet=NO_QUIET.quiet, catch_up=timedelta(minutes=30))
    # 01:45 the second time round is 75 real minutes after the first 01:30
    second = at("2026-11-01", "01:45", NEW_YORK, fold=1)
    assert due_reminders(second, [night], Done(), set(), None, None, short) == []
    first = at("2026-11-01", "01:45", NEW_YORK)
    assert keys(due_reminders(first, [night], Done(), set(), None, None, short)) == [
        "low-back/2026-11-01/01:30"
    ]


# --- a time new to a routine waits for its next occurrence ----------------------------------


def test_a_time_set_after_it_passed_today_waits_for_tomorrow() -> None:
    neck = replace(NECK, times=(time(9, 0), time(18, 0)))
    set_at = at("2026-11-25", "10:00")
    fired = set(passed_today(set_at, neck, NO_QUIET))
    assert fired == {"neck-desk/2026-11-25/09:00"}  # 18:00 is still to come today
    shown = run(set_at, at("2026-11-26", "09:00"), [neck], fired=fired, settings=ROUTINES_ONLY)
    assert [(r.key, r.catch_up) for r in shown] == [
        ("neck-desk/2026-11-25/18:00", False),
        ("neck-desk/2026-11-26/09:00", False),
    ]
    assert not any("This was due" in r.body for r in shown)


def test_without_skipping_the_new_time_pops_up_at_once_as_a_catch_up() -> None:
    """The behaviour the skip prevents (so the test above would fail without it)."""
    neck = replace(NECK, times=(time(9, 0), time(18, 0)))
    shown = run(at("2026-11-25", "10:00"), at("2026-11-25", "10:05"), [neck])
    assert [(r.key, r.catch_up) for r in shown] == [("neck-desk/2026-11-25/09:00", True)]


def test_only_times_new_to_the_routine_are_skipped() -> None:
    neck = replace(NECK, times=(time(9, 0), time(9, 30), time(18, 0)))
    now = at("2026-11-25", "10:00")
    assert passed_today(now, neck, NO_QUIET, known=[time(9, 0), time(18, 0)]) == [
        "neck-desk/2026-11-25/09:30"
    ]
    assert passed_today(now, neck, NO_QUIET, known=neck.times or ()) == []
    assert passed_today(at("2026-11-25", "08:59"), neck, NO_QUIET) == []
    # set for this very minute: it reminds now, not tomorrow
    assert passed_today(at("2026-11-25", "09:00").replace(second=59), neck, NO_QUIET) == []
    assert passed_today(at("2026-11-25", "09:01"), neck, NO_QUIET) == [
        "neck-desk/2026-11-25/09:00"
    ]


def test_a_time_in_quiet_hours_counts_from_when_it_may_pop_up() -> None:
    early = replace(BACK, times=(time(7, 0),))  # quiet until 08:00: it pops up at 08:00
    assert passed_today(at("2026-11-25", "07:30"), early) == []
    assert passed_today(at("2026-11-25", "08:01"), early) == ["low-back/2026-11-25/07:00"]
    late = replace(BACK, times=(time(22, 0),))  # inside the evening quiet hours: never today
    assert passed_today(at("2026-11-25", "23:00"), late) == []
