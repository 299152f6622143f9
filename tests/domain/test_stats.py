"""Streaks, adherence, calendar days and today's plan on hand-built logs with known answers.

Dates: 2024-01-01 is a Monday, so ISO weeks start on Jan 1, 8, 15, 22, 29. Expected values are
worked out by hand in the comments next to each assertion.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import CheckInRecord, SessionRecord
from coach.domain.routine import Frequency
from coach.domain.stats import (
    MAX_EXCUSED_IN_A_ROW,
    Excuse,
    ProgramItem,
    SessionIndex,
    Streak,
    adherence,
    calendar,
    local_date,
    overall_streak,
    routine_adherence,
    routine_streak,
    summarise,
    today_plan,
    week_progress,
)

LONDON = ZoneInfo("Europe/London")
JAN_1 = date(2024, 1, 1)


def d(day: int, month: int = 1) -> date:
    return date(2024, month, day)


def session(
    day: date, routine: str = "neck", status: str = "complete", hour: int = 9
) -> SessionRecord:
    return SessionRecord(
        routine_id=routine,
        routine_title=routine.title(),
        routine_hash="x",
        started_at=datetime.combine(day, time(hour), tzinfo=LONDON),
        status=status,  # type: ignore[arg-type]
    )


def sessions_on(days: Iterable[date], routine: str = "neck", times: int = 1) -> list[SessionRecord]:
    return [session(day, routine, hour=8 + i) for day in days for i in range(times)]


def item(
    routine: str = "neck", per_day: int = 1, days_per_week: int = 7, since: date = JAN_1
) -> ProgramItem:
    return ProgramItem(
        routine, routine.title(), Frequency(per_day=per_day, days_per_week=days_per_week), since
    )


def index(records: Iterable[SessionRecord]) -> SessionIndex:
    return SessionIndex.build(records, LONDON)


def days(*numbers: int) -> list[date]:
    return [d(n) for n in numbers]


# --- daily streaks -------------------------------------------------------------------------------


def test_a_missed_day_breaks_the_streak() -> None:
    # done 1, 2, 3 | missed 4 | done 5, 6 (today) -> current 2, longest 3
    idx = index(sessions_on(days(1, 2, 3, 5, 6)))
    assert routine_streak(idx, item(), {}, d(6)) == Streak(2, 3, "days")
    assert (Streak(2, 3, "days").text, Streak(1, 1, "weeks").text) == ("2 days", "1 week")


def test_today_not_yet_done_keeps_the_streak_alive_until_it_ends() -> None:
    idx = index(sessions_on(days(1, 2, 3, 4, 5)))
    # today Jan 6 not done yet: the 5 days still stand
    assert routine_streak(idx, item(), {}, d(6)) == Streak(5, 5, "days")
    # on Jan 7, Jan 6 is over and was missed: broken
    assert routine_streak(idx, item(), {}, d(7)) == Streak(0, 5, "days")


@pytest.mark.parametrize("why", ["rest", "flare", "ill"])
def test_three_excused_days_in_a_row_freeze_the_streak(why: Excuse) -> None:
    # done 1, 2 | excused 3, 4, 5 (neither add nor break) | done 6, 7 -> 4 days
    idx = index(sessions_on(days(1, 2, 6, 7)))
    excused = {day: why for day in days(3, 4, 5)}
    assert MAX_EXCUSED_IN_A_ROW == 3
    assert routine_streak(idx, item(), excused, d(7)) == Streak(4, 4, "days")


def test_the_fourth_excused_day_in_a_row_breaks_the_streak() -> None:
    # done 1, 2 | excused 3..6: the 4th (Jan 6) breaks | done 7, 8 -> current 2, longest 2
    idx = index(sessions_on(days(1, 2, 7, 8)))
    excused: dict[date, Excuse] = {day: "ill" for day in days(3, 4, 5, 6)}
    assert routine_streak(idx, item(), excused, d(8)) == Streak(2, 2, "days")


def test_a_done_day_between_excused_days_restarts_the_count() -> None:
    # excused 2, 3, 4 | done 5 | excused 6, 7, 8: never 4 in a row -> 1, 5, 9 count: 3
    idx = index(sessions_on(days(1, 5, 9)))
    excused: dict[date, Excuse] = {day: "rest" for day in days(2, 3, 4, 6, 7, 8)}
    assert routine_streak(idx, item(), excused, d(9)) == Streak(3, 3, "days")


def test_only_complete_sessions_count_and_days_before_since_are_not_measured() -> None:
    records = sessions_on(days(1, 2, 3)) + [session(d(4), status="partial")]
    records += [session(d(5), status="abandoned"), session(d(5), status="in_progress")]
    idx = index(records)
    # since Jan 2: 2, 3 done; 4 partial and 5 abandoned don't count; today Jan 5 pending -> 0
    assert routine_streak(idx, item(since=d(2)), {}, d(5)) == Streak(0, 2, "days")
    # a routine that has not entered the program yet
    assert routine_streak(idx, item(since=d(9)), {}, d(5)) == Streak(0, 0, "days")


def test_two_bouts_a_day_count_only_when_both_are_done() -> None:
    records = sessions_on(days(1, 2, 4), times=2)
    records += [session(d(3)), session(d(3), status="partial", hour=20), session(d(5))]
    idx = index(records)
    # Jan 1, 2 full | Jan 3: 1 of 2 (+1 partial) breaks | Jan 4 full | today Jan 5: 1 of 2, pending
    assert routine_streak(idx, item(per_day=2), {}, d(5)) == Streak(1, 2, "days")
    jan3 = calendar(idx, [item(per_day=2)], {}, d(3), d(3))[0]
    (neck,) = jan3.routines
    assert (neck.done, neck.partial, neck.due, neck.met) == (1, 1, 2, False)
    assert (jan3.done, jan3.due, jan3.fraction) == (1, 2, 0.5)


# --- weekly streaks ------------------------------------------------------------------------------


def test_weekly_target_counts_iso_weeks_and_the_current_week_does_not_break() -> None:
    three = item(days_per_week=3)
    done = days(1, 3, 5)  # week Jan 1: 3 days, met
    done += days(9, 11)  # week Jan 8: 2 days, broken
    done += days(15, 17, 19)  # week Jan 15: met
    done += days(22, 23, 24, 25)  # week Jan 22: 4 days, met
    done += days(29)  # current week Jan 29 (today Wed 31): 1 of 3, pending
    idx = index(sessions_on(done))
    assert routine_streak(idx, three, {}, d(31)) == Streak(2, 2, "weeks")
    # two more days this week meet the target: the current week adds at once
    idx = index(sessions_on([*done, d(30), d(31)]))
    assert routine_streak(idx, three, {}, d(31)) == Streak(3, 3, "weeks")
    assert week_progress(idx, three, d(31)).text == "3 of 3 days this week"


def test_weekly_target_in_the_first_partial_week_is_prorated() -> None:
    # since Thu Jan 4, 3/week: 4 days in the program -> ceil(3 x 4 / 7) = 2 days needed
    idx = index(sessions_on(days(5, 7, 8, 10, 12)))
    assert routine_streak(idx, item(days_per_week=3, since=d(4)), {}, d(14)) == Streak(
        2, 2, "weeks"
    )


def test_this_weeks_target_in_the_first_week_is_prorated_like_the_streak() -> None:
    # A daily routine that entered the program on Thu Jan 4: "0 of 4 days this week" (Thu-Sun),
    # as the consistency line and the weekly streak count it, not "0 of 7".
    idx = index(sessions_on(days(4)))
    daily = item(since=d(4))
    assert week_progress(idx, daily, d(4)).text == "1 of 4 days this week"
    assert week_progress(idx, item(days_per_week=3, since=d(4)), d(5)).text == (
        "1 of 2 days this week"
    )
    assert week_progress(idx, daily, d(8)).text == "0 of 7 days this week"  # the next week


def test_weekly_shortfall_covered_by_excused_days_freezes_four_in_a_row_breaks() -> None:
    three = item(days_per_week=3)
    # week 1 met (1, 2, 3) | week 2: done 8, 9 + rest 10 = 3: frozen | week 3 met (15, 16, 17)
    done = days(1, 2, 3, 8, 9, 15, 16, 17)
    idx = index(sessions_on(done))
    assert routine_streak(idx, three, {d(10): "rest"}, d(21)) == Streak(2, 2, "weeks")
    # week 2 with ill 10..13 (4 in a row) and only 2 done: broken
    ill: dict[date, Excuse] = {day: "ill" for day in days(10, 11, 12, 13)}
    assert routine_streak(idx, three, ill, d(21)) == Streak(1, 1, "weeks")


# --- overall streak ------------------------------------------------------------------------------


def test_overall_streak_needs_every_daily_routine_met() -> None:
    program = [item("neck"), item("back", per_day=2)]
    records = sessions_on(days(1, 2, 3, 4, 5), "neck")
    records += sessions_on(days(1, 3, 4), "back", times=2) + [session(d(2), "back")]
    idx = index(records)
    # Jan 1 both | Jan 2 back 1 of 2: broken | Jan 3, 4 both | today 5: back not done, pending
    assert overall_streak(idx, program, {}, d(5)) == Streak(2, 2, "days")
    # a routine that entered the program on Jan 3 is not due before it: 1..4 all met
    program = [item("neck"), item("back", per_day=2, since=d(3))]
    assert overall_streak(idx, program, {}, d(5)) == Streak(4, 4, "days")


def test_overall_streak_resets_when_a_weekly_routine_breaks_its_week() -> None:
    program = [item("neck"), item("hips", days_per_week=2)]
    records = sessions_on([d(n) for n in range(1, 11)], "neck") + [session(d(3), "hips")]
    idx = index(records)
    # neck daily Jan 1..10 (today Wed 10); hips 1 of 2 in week 1: reset after Sun Jan 7
    # -> longest 7, current 3 (8, 9, 10); hips' current week is unfinished and doesn't break
    assert overall_streak(idx, program, {}, d(10)) == Streak(3, 7, "days")


def test_overall_streak_with_only_weekly_routines_counts_weeks() -> None:
    program = [item("hips", days_per_week=2), item("knee", days_per_week=1)]
    records = sessions_on(days(1, 2, 8, 9, 15, 16), "hips") + sessions_on(days(3, 10), "knee")
    idx = index(records)
    # week 1 both met | week 2 both met | week 3 (today Wed 17): knee not yet: pending
    assert overall_streak(idx, program, {}, d(17)) == Streak(2, 2, "weeks")
    assert overall_streak(idx, [], {}, d(17)) == Streak(0, 0, "days")


# --- adherence -----------------------------------------------------------------------------------


def test_adherence_windows_and_the_one_hundred_percent_a_day_cap() -> None:
    done = [d(n) for n in range(1, 29) if n not in (10, 20)]
    idx = index(sessions_on(done) + sessions_on([d(15)], times=2))  # Jan 15: 3 sessions
    result = routine_adherence(idx, item(), {}, d(28))
    # today Jan 28 is done, so windows end today; last 7 = Jan 22..28, all done: 7 / 7
    assert (result.last_7.done, result.last_7.prescribed, result.last_7.percent) == (7, 7, 100)
    # last 28 = Jan 1..28: 26 days done; Jan 15's extra 2 bouts don't make up for 10 and 20
    assert (result.last_28.done, result.last_28.prescribed) == (26, 28)
    assert result.last_28.fraction == pytest.approx(26 / 28)
    assert result.last_28.percent == 93  # 92.86
    assert result.since_start == result.last_28
    # Jan 29 not done yet: the windows end on Jan 28, nothing changes
    assert routine_adherence(idx, item(), {}, d(29)) == result


def test_adherence_for_a_weekly_routine_is_prorated_and_capped_per_week() -> None:
    three = item(days_per_week=3)
    # every day Jan 1..14 done: each ISO week is capped at 3
    idx = index(sessions_on([d(n) for n in range(1, 15)]))
    ten = adherence(idx, three, {}, d(5), d(14))
    # Jan 5..14: 10 days -> prescribed 3 x 10 / 7 = 4.29; done: week 1 (5..7) 3, week 2 3 = 6,
    # capped at the prescription
    assert ten.prescribed == pytest.approx(30 / 7)
    assert ten.done == pytest.approx(30 / 7)
    assert ten.percent == 100
    # first run Wed Jan 3 (abandoned: a run, not a done day); only Mon 8 and Tue 9 done in
    # Jan 3..9: prescribed 3 x 7 / 7 = 3, done 0 (Jan 3..7) + 2 (Jan 8..9) -> 2 of 3
    idx = index([session(d(3), status="abandoned"), *sessions_on(days(8, 9))])
    week = adherence(idx, item(days_per_week=3, since=d(3)), {}, d(3), d(9))
    assert (week.done, week.prescribed, week.percent) == (2, 3, 67)


def test_extra_days_in_one_week_do_not_make_up_for_a_missed_week() -> None:
    # 3/week over Jan 1..28 (4 ISO weeks): prescribed 3 x 28 / 7 = 12. Weeks 1 and 2 done every
    # day (7 each, capped at 3 per week), weeks 3 and 4 nothing: done 6 -> 50 %
    idx = index(sessions_on([d(n) for n in range(1, 15)]))
    result = adherence(idx, item(days_per_week=3), {}, d(1), d(28))
    assert (result.done, result.prescribed, result.percent) == (6, 12, 50)


def test_adherence_starts_at_since_and_leaves_excused_days_out() -> None:
    # since Jan 5 (see program_start). Done 5, 6, 8; flare Jan 7; today Jan 9
    idx = index(sessions_on(days(5, 6, 8)))
    result = routine_adherence(idx, item(since=d(5)), {d(7): "flare"}, d(9))
    # window ends Jan 8 (today not done); Jan 5..8 minus the flare day = 3 days, all done
    since = result.since_start
    assert (since.first, since.last, since.done, since.prescribed) == (d(5), d(8), 3, 3)
    assert since.excused_days == 1
    assert result.last_7 == since


def test_week_progress_counts_done_days_in_this_iso_week() -> None:
    five = item(days_per_week=5, per_day=2)
    records = sessions_on(days(8, 9, 10), times=2) + [session(d(11)), session(d(7))]
    idx = index(records)
    # Mon 8, Tue 9, Wed 10 full; Thu 11 1 of 2; Sun 7 is last week
    # sessions: 2 + 2 + 2 + 1 of 5 x 2
    assert week_progress(idx, five, d(11)).text == "3 of 5 days, 7 of 10 sessions this week"
    assert week_progress(idx, item("hips", days_per_week=1), d(8)).text == "0 of 1 day this week"


# --- today and the calendar ----------------------------------------------------------------------


def test_today_plan_says_what_is_due_and_left() -> None:
    program = [item("neck", per_day=2), item("hips", days_per_week=2), item("knee", since=d(20))]
    records = [session(d(10), "neck"), session(d(10), "neck", "partial", hour=12)]
    records += sessions_on(days(8, 9), "hips")
    idx = index(records)
    neck, hips, knee = today_plan(idx, program, {}, d(10))
    assert (neck.due_today, neck.done, neck.due, neck.left, neck.partial) == (True, 1, 2, 1, 1)
    # hips met its 2 days this week before today: not due
    assert (hips.due_today, hips.due, hips.left, hips.week.text) == (
        False,
        0,
        0,
        "2 of 2 days this week",
    )
    assert (knee.due_today, knee.due) == (False, 0)  # not in the program yet
    rest = today_plan(idx, program, {d(10): "rest"}, d(10))[0]
    assert (rest.due_today, rest.left, rest.excused) == (False, 0, "rest")


def test_calendar_summarises_each_day() -> None:
    program = [item("neck"), item("hips", days_per_week=3)]
    records = [session(d(2), "neck"), session(d(2), "hips"), session(d(3), "old")]
    idx = index(records)
    one, two, three = calendar(idx, program, {d(3): "ill"}, d(1), d(3))
    assert [r.routine_id for r in one.routines] == ["neck", "hips"]
    assert (one.done, one.due, one.bouts, one.excused) == (0, 1, 0, None)
    # Jan 2: neck 1/1 due; hips done (a weekly routine is owed on no particular day, but a day
    # it is worked on is judged against its per_day)
    assert (two.done, two.due, two.bouts, two.fraction, two.state) == (2, 1, 2, 1.0, "complete")
    assert [r.state for r in two.routines] == ["done", "done"]
    assert [r.state for r in one.routines] == ["none", "free"]
    # Jan 3: a routine outside the program still shows, with nothing due
    assert [(r.routine_id, r.done, r.due) for r in three.routines][-1] == ("old", 1, 0)
    assert three.excused == "ill"


# --- time zones ----------------------------------------------------------------------------------


def test_a_session_after_the_spring_forward_lands_on_the_local_day() -> None:
    # 2024-03-31 01:00 GMT -> 02:00 BST. 00:30 BST on Apr 1 is 23:30 UTC on Mar 31.
    at = datetime(2024, 3, 31, 23, 30, tzinfo=UTC)
    assert local_date(at, LONDON) == date(2024, 4, 1)
    before = datetime(2024, 3, 31, 0, 30, tzinfo=UTC)  # 00:30 GMT on the change day itself
    records = [
        SessionRecord(
            routine_id="neck", routine_title="N", routine_hash="x", started_at=t, status="complete"
        )
        for t in (before, at)
    ]
    idx = SessionIndex.build(records, LONDON)
    mar31, apr1 = calendar(
        idx, [item(since=date(2024, 3, 30))], {}, date(2024, 3, 31), date(2024, 4, 1)
    )
    assert (mar31.done, apr1.done) == (1, 1)
    assert routine_streak(idx, item(since=date(2024, 3, 31)), {}, date(2024, 4, 1)).current == 2


def test_days_follow_the_clients_zone_not_utc() -> None:
    # 20:00 UTC on Jan 1 is 09:00 on Jan 2 in Auckland (UTC+13) and 12:00 Jan 1 in Los Angeles
    at = datetime(2024, 1, 1, 20, 0, tzinfo=UTC)
    record = SessionRecord(
        routine_id="neck", routine_title="N", routine_hash="x", started_at=at, status="complete"
    )
    auckland = SessionIndex.build([record], ZoneInfo("Pacific/Auckland"))
    los_angeles = SessionIndex.build([record], ZoneInfo("America/Los_Angeles"))
    assert dict(auckland.complete_by_day("neck")) == {d(2): 1}
    assert dict(los_angeles.complete_by_day("neck")) == {d(1): 1}


# --- empty and tiny logs -------------------------------------------------------------------------


def test_an_empty_log() -> None:
    idx = index([])
    assert routine_streak(idx, item(), {}, d(1)) == Streak(0, 0, "days")
    result = routine_adherence(idx, item(), {}, d(1))  # window would end Dec 31: before since
    assert (result.last_7.fraction, result.last_7.percent, result.since_start.first) == (
        None,
        None,
        None,
    )
    summary = summarise([], [], [], {}, LONDON, datetime(2024, 1, 1, 12, tzinfo=UTC))
    assert (summary.routines, summary.plan, summary.pain) == ((), (), ())
    assert summary.overall == Streak(0, 0, "days")
    assert summary.function.verdict.status == "not_enough"


def test_one_session_today() -> None:
    idx = index([session(d(3))])
    assert routine_streak(idx, item(), {}, d(3)) == Streak(1, 1, "days")
    # first run today: every window is just today, done
    result = routine_adherence(idx, item(since=d(3)), {}, d(3))
    assert (result.last_7.done, result.last_7.prescribed, result.last_7.percent) == (1, 1, 100)


def test_summarise_puts_it_together() -> None:
    checkin = CheckInRecord(at=datetime(2024, 1, 2, 9, tzinfo=UTC), context="at_rest")
    now = datetime(2024, 1, 2, 23, 30, tzinfo=UTC)  # still Jan 2 in London (GMT)
    records = sessions_on(days(1, 2))
    summary = summarise(records, [checkin], [item()], {d(2): "flare"}, LONDON, now)
    (neck,) = summary.routines
    assert summary.today == d(2)
    assert (neck.streak, neck.week.text) == (Streak(2, 2, "days"), "2 of 7 days this week")
    assert summary.flare_days == (d(2),)
    assert summary.plan[0].done == 1


def test_the_index_reads_a_naive_time_as_utc() -> None:
    naive = datetime(2024, 1, 1, 23, 30)
    assert local_date(naive, ZoneInfo("Pacific/Auckland")) == d(2)
    assert local_date(naive.replace(tzinfo=UTC) + timedelta(0), LONDON) == d(1)
