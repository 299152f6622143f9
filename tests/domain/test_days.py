"""The day-status model: one judgement of each day, read by the calendar, streaks, this week,
adherence and the consistency figures.

Dates: 2024-01-01 is a Monday, so ISO weeks start on Jan 1, 8, 15, 22, 29.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.domain.days import (
    DayFacts,
    ProgramItem,
    SessionIndex,
    program_start,
    routine_days,
)
from coach.domain.progress import consistency, consistency_lines
from coach.domain.records import SessionStatus
from coach.domain.routine import Frequency
from coach.domain.stats import (
    calendar,
    routine_adherence,
    routine_streak,
    week_progress,
)
from coach.domain.weeks import routine_weeks

LONDON = ZoneInfo("Europe/London")
JAN_1 = date(2024, 1, 1)


def d(day: int, month: int = 1, year: int = 2024) -> date:
    return date(year, month, day)


@dataclass(frozen=True)
class Run:
    """A session as statistics read it, with the fields other engineers add (practice, flare)."""

    routine_id: str
    started_at: datetime
    status: SessionStatus = "complete"
    practice: bool = False
    flare: bool = False
    speed: float = 1.0
    id: str = "x"
    routine_title: str = "Neck"
    ended_at: datetime | None = None


def run(day: date, hour: int = 9, **kw: object) -> Run:
    return Run("neck", datetime.combine(day, time(hour), tzinfo=LONDON), **kw)  # type: ignore[arg-type]


def bouts(day: date, n: int, **kw: object) -> list[Run]:
    return [run(day, 8 + 3 * i, **kw) for i in range(n)]


def neck(per_day: int = 3, days_per_week: int = 5, since: date = JAN_1) -> ProgramItem:
    return ProgramItem("neck", "Neck", Frequency(per_day=per_day, days_per_week=days_per_week),
                       since)


def index(runs: Iterable[Run]) -> SessionIndex:
    return SessionIndex.build(runs, LONDON)


def states(idx: SessionIndex, item: ProgramItem, first: date, last: date, today: date,
           excused: dict[date, str] | None = None) -> list[str]:
    return [x.state for x in routine_days(idx, item, excused or {}, first, last, today)]


# --- 3 times a day, 5 days a week ---------------------------------------------------------------


def test_three_a_day_with_one_two_and_three_sessions() -> None:
    idx = index(bouts(d(1), 1) + bouts(d(2), 2) + bouts(d(3), 3))
    item = neck()
    assert states(idx, item, d(1), d(4), today=d(5)) == ["some", "some", "done", "free"]
    days = calendar(idx, [item], {}, d(1), d(4), d(5))
    # One session of three is never "all done" (the bug this model fixes)
    assert [x.state for x in days] == ["partial", "partial", "complete", "rest"]
    assert [x.done for x in days] == [1, 2, 3, 0]
    week = week_progress(idx, item, d(5))
    assert week.text == "1 of 5 days, 6 of 15 sessions this week"


def test_weekly_targets_met_and_missed() -> None:
    item = neck()
    runs = [r for n in range(1, 6) for r in bouts(d(n), 3)]  # week 1: Mon-Fri all done: met
    runs += [r for n in range(8, 12) for r in bouts(d(n), 3)]  # week 2: 4 days: missed
    runs += bouts(d(12), 2)  # ... and Friday 2 of 3
    runs += [r for n in (15, 16) for r in bouts(d(n), 3)]  # week 3 (current): 2 so far
    idx = index(runs)
    weeks = routine_weeks(idx, item, {}, d(17))
    assert [(w.state, w.days_met, w.bouts_done) for w in weeks] == [
        ("met", 5, 15), ("broken", 4, 14), ("pending", 2, 6),
    ]
    assert routine_streak(idx, item, {}, d(17)).current == 0
    assert routine_streak(idx, item, {}, d(17)).longest == 1
    # 14 of 15 bouts is a good week (>= 80 %) although the strict week was missed
    c = consistency(idx, [item], {}, d(17))
    assert (c.good_weeks, c.weeks) == (2, 2)
    assert c.best_week is not None and c.best_week.monday == d(1)
    assert c.this_week is not None and (c.this_week.days_met, c.this_week.bouts_done) == (2, 6)
    lines = consistency_lines(c, 0)
    assert lines[0] == "You have done 6 sessions this week: every one counts."
    assert "Consistency: 2 of 2 weeks with at least 80 % of sessions done" in lines
    assert "This week: 2 of 5 days, 6 of 15 sessions" in lines
    assert "Best week so far: 15 of 15 sessions (week of 1 Jan)" in lines


def test_the_effort_in_words_never_repeats_the_active_days() -> None:
    # a new week (Monday 8 Jan), nothing done yet, the streak broken: the first line credits
    # the active days, and no "Active on" line says the same figure again
    daily = neck(per_day=1, days_per_week=7)
    c = consistency(index(run(d(n)) for n in (1, 2, 4)), [daily], {}, d(8))
    assert (c.active_days, c.days) == (3, 7)
    lines = consistency_lines(c, 0)
    new = "One session today starts a new streak."
    assert lines[0] == f"You have exercised on 3 of 7 days so far. {new}"
    assert not [x for x in lines if x.startswith("Active on")]
    # every day active (1 of 3 a day: the week was not met, the streak is 0)
    c = consistency(index(run(d(n)) for n in range(1, 8)), [neck()], {}, d(8))
    lines = consistency_lines(c, 0)
    assert lines[0] == f"You have exercised on 7 days so far. {new}"
    assert not [x for x in lines if x.startswith("Active on")]
    # a session this week: credited as such, and the active days keep their own line
    c = consistency(index(run(d(n)) for n in (1, 2, 4, 8)), [daily], {}, d(8))
    lines = consistency_lines(c, 0)
    assert lines[0] == "You have done 1 session this week: every one counts."
    assert "Active on 4 of 8 days" in lines
    # a streak going: no encouragement, the line is there
    assert "Active on 4 of 8 days" in consistency_lines(c, 2)


def test_excused_days_freeze_and_are_left_out() -> None:
    item = neck(per_day=1, days_per_week=7)
    idx = index(run(d(n)) for n in (1, 2, 4))
    excused = {d(3): "flare"}
    assert states(idx, item, d(1), d(5), d(5), excused) == ["done", "done", "excused", "done",
                                                           "open"]
    assert routine_streak(idx, item, excused, d(5)).current == 3  # frozen, not broken
    a = routine_adherence(idx, item, excused, d(5)).since_start
    assert (a.done, a.prescribed, a.excused_days) == (3, 3, 1)
    assert calendar(idx, [item], excused, d(3), d(3))[0].state == "excused"


def test_practice_never_counts_and_flare_sessions_do() -> None:
    item = neck(per_day=1, days_per_week=7)
    runs = [run(d(1)), run(d(2), practice=True), run(d(3), speed=4.0), run(d(4), flare=True)]
    idx = index(runs)
    assert idx.facts("neck", d(2)) == DayFacts(practice=1)
    assert idx.facts("neck", d(4)) == DayFacts(complete=1, flare=1, logged=1)
    assert states(idx, item, d(1), d(4), d(5)) == ["done", "practice", "practice", "done"]
    assert [x.state for x in calendar(idx, [item], {}, d(1), d(4), d(5))] == [
        "complete", "practice", "practice", "complete",
    ]
    assert routine_streak(idx, item, {}, d(4)).current == 1
    a = routine_adherence(idx, item, {}, d(4)).since_start
    assert (a.done, a.prescribed) == (2, 4)
    assert consistency(idx, [item], {}, d(4)).active_days == 2


def test_dst_days_are_one_local_day_each() -> None:
    item = neck(per_day=1, days_per_week=7, since=d(30, 3))
    # 31 March 2024 is 23 hours long in London; 27 October is 25 hours long.
    runs = [
        Run("neck", datetime(2024, 3, 31, 0, 30, tzinfo=LONDON)),
        Run("neck", datetime(2024, 3, 31, 23, 30, tzinfo=LONDON)),  # still the 31st locally
        Run("neck", datetime(2024, 4, 1, 0, 15, tzinfo=LONDON)),
    ]
    idx = index(runs)
    assert idx.facts("neck", d(31, 3)).complete == 2
    assert states(idx, item, d(30, 3), d(1, 4), d(1, 4)) == ["none", "done", "done"]
    autumn = neck(per_day=1, days_per_week=7, since=d(26, 10))
    late = index([Run("neck", datetime(2024, 10, 27, 23, 59, tzinfo=LONDON)),
                  Run("neck", datetime(2024, 10, 28, 0, 1, tzinfo=LONDON))])
    assert states(late, autumn, d(26, 10), d(28, 10), d(28, 10)) == ["none", "done", "done"]


def test_imported_history_counts_from_when_it_happened() -> None:
    # added to the program on Jan 20, but the imported log starts on Jan 2
    idx = index(bouts(d(2), 1) + bouts(d(3), 1))
    first = idx.first_run("neck")
    assert first == d(2)
    assert program_start(d(20), first) == d(2)
    assert program_start(d(20), None) == d(20)
    assert program_start(d(20), first, chosen=d(10)) == d(10)  # coach add --since wins
    item = neck(per_day=1, days_per_week=7, since=program_start(d(20), first))
    a = routine_adherence(idx, item, {}, d(21)).since_start
    assert a.first == d(2) and a.percent is not None and a.done == 2


def test_from_facts_feeds_the_same_model() -> None:
    runs = bouts(d(1), 3) + bouts(d(2), 1)
    built = index(runs)
    cached = SessionIndex.from_facts({"neck": dict(built.facts_by_day("neck"))}, {"neck": "Neck"})
    item = neck()
    assert states(cached, item, d(1), d(3), d(3)) == states(built, item, d(1), d(3), d(3))
    assert cached.first_run("neck") == d(1)


# --- one story ----------------------------------------------------------------------------------


def test_calendar_streak_this_week_and_adherence_agree() -> None:
    """The issue's client: 3x a day, 5 days a week, three weeks in, about two thirds done."""
    item = neck()
    plan = {  # sessions per day; weeks start Jan 1, 8, 15; today is Thursday Jan 18
        1: 3, 2: 3, 3: 2, 4: 3, 5: 1,
        8: 3, 9: 3, 10: 3, 11: 3, 12: 3,
        15: 3, 16: 1, 17: 3,
    }
    idx = index(r for day, n in plan.items() for r in bouts(d(day), n))
    today = d(18)
    days = calendar(idx, [item], {}, d(1), today)
    by_day = {x.day: x for x in days}
    # calendar: all done exactly where 3 of 3 were done; some done where fewer
    complete = {x.day for x in days if x.state == "complete"}
    assert complete == {d(n) for n, k in plan.items() if k == 3}
    assert {x.day for x in days if x.state == "partial"} == {d(3), d(5), d(16)}
    # this week = the calendar's complete days and done bouts since Monday
    week = week_progress(idx, item, today)
    this_week = [by_day[d(15) + timedelta(days=i)] for i in range(4)]
    assert week.days_done == sum(x.state == "complete" for x in this_week) == 2
    assert week.sessions_done == sum(x.done for x in this_week) == 7
    assert week.text == "2 of 5 days, 7 of 15 sessions this week"
    # streak: weeks whose complete calendar days reach 5 (week 1: 3 days, week 2: 5)
    streak = routine_streak(idx, item, {}, today)
    weeks_met = [sum(by_day[m + timedelta(days=i)].state == "complete" for i in range(7)) >= 5
                 for m in (d(1), d(8))]
    assert weeks_met == [False, True]
    assert (streak.current, streak.longest, streak.unit) == (1, 1, "weeks")
    # adherence: the calendar's done bouts against 15 a week (prorated over the days counted)
    a = routine_adherence(idx, item, {}, today).since_start
    assert a.first is not None and a.last is not None
    assert a.done == sum(x.done for x in days if x.day <= a.last)
    assert a.prescribed == 15 * ((a.last - a.first).days + 1) / 7
    assert (a.first, a.last, a.done, a.percent) == (d(1), d(17), 34, 93)  # 34 / (15 x 17 / 7)


def test_the_stored_practice_and_flare_fields_are_read() -> None:
    from coach.domain.records import SessionFacts, SessionRecord

    def record(day: int, **kw: object) -> SessionRecord:
        return SessionRecord(routine_id="neck", routine_title="Neck", routine_hash="h",
                             started_at=datetime.combine(d(day), time(9), tzinfo=LONDON),
                             status="complete", **kw)  # type: ignore[arg-type]

    records = [record(1, practice=True), record(2, flare=True), record(3)]
    for sessions in (records, SessionFacts.of_many(records)):
        idx = SessionIndex.build(sessions, LONDON)
        assert idx.facts("neck", d(1)) == DayFacts(practice=1)
        assert idx.facts("neck", d(2)) == DayFacts(complete=1, flare=1, logged=1)
        assert states(idx, neck(per_day=1, days_per_week=7), d(1), d(3), d(3)) == [
            "practice", "done", "done"]
        with_practice = SessionIndex.build(sessions, LONDON, include_practice=True)
        assert with_practice.facts("neck", d(1)).complete == 1
