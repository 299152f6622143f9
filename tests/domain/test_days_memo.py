"""Each day is judged once per index: later reads of any range equal a fresh judgement."""

from __future__ import annotations

import random
from datetime import date, timedelta

from coach.domain.days import DayFacts, ProgramItem, SessionIndex, routine_days
from coach.domain.routine import Frequency


def _index(seed: int) -> SessionIndex:
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    facts = {
        start + timedelta(days=i): DayFacts(
            complete=rng.randint(0, 2), partial=rng.randint(0, 1), logged=1
        )  # fmt: skip
        for i in range(400)
        if rng.random() < 0.7
    }
    return SessionIndex.from_facts({"neck": facts}, {"neck": "Neck"})


def test_judged_days_are_reused_exactly() -> None:
    rng = random.Random(4)
    today = date(2024, 1, 20)
    excused = {date(2023, 6, 1): "rest", date(2023, 6, 2): "flare"}
    for per_week in (7, 3):
        item = ProgramItem("neck", "Neck", Frequency(per_day=2, days_per_week=per_week),
                           date(2023, 1, 10))  # fmt: skip
        shared = _index(1)
        for _ in range(40):
            a = date(2023, 1, 1) + timedelta(days=rng.randint(0, 420))
            b = a + timedelta(days=rng.randint(-3, 200))
            fresh = routine_days(_index(1), item, excused, a, b, today)
            assert routine_days(shared, item, excused, a, b, today) == fresh
            assert len(fresh) == max(0, (b - a).days + 1)
        other = {**excused, date(2023, 7, 1): "ill"}  # other excused days: judged anew
        assert routine_days(shared, item, other, date(2023, 7, 1), date(2023, 7, 1), today) == (
            routine_days(_index(1), item, other, date(2023, 7, 1), date(2023, 7, 1), today)
        )


def test_a_summary_judges_each_day_of_a_routine_once(monkeypatch: object) -> None:
    """Streaks, adherence (to yesterday when today is not done), this week and consistency all
    read one run of judged days per routine."""
    from datetime import UTC, datetime

    import coach.domain.days as days
    from coach.domain.stats import summarise

    calls: list[date] = []
    real = days.judge_day

    def counting(routine_id: str, day: date, *rest: object) -> object:
        calls.append(day)
        return real(routine_id, day, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(days, "judge_day", counting)  # type: ignore[attr-defined]
    today = date(2024, 1, 20)
    item = ProgramItem("neck", "Neck", Frequency(per_day=2, days_per_week=7), date(2023, 1, 10))
    summarise((), (), [item], {}, UTC, datetime(2024, 1, 20, 12, tzinfo=UTC), index=_index(1))
    assert calls and len(calls) == len(set(calls))
    assert min(calls) == days.monday_of(item.since) and max(calls) >= today
