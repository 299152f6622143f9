"""The pain series of the past years reduced to what the today panel reads of them
(coach.domain.past_facts): with any later values after them, the baseline, the current level
and the last rated days are those of the whole series."""

from __future__ import annotations

import random
from datetime import date

from coach.domain.past_stats import TAIL_DAYS
from coach.domain.past_stats import reduced as _reduced
from coach.domain.trends import Values
from coach.tui.widgets.today_pain import SPARK_DAYS, _last_days


def _series(rng: random.Random, start: int, n: int) -> tuple[list[int], list[int]]:
    days, day = [], start
    for _ in range(n):
        day += rng.choice([0, 0, 1, 1, 1, 2, 5, 9])
        days.append(day)
    return days, [rng.randint(0, 10) for _ in days]


def _figures(days: list[int], values: list[int]) -> tuple[object, ...]:
    vals = Values([date.fromordinal(d) for d in days], [float(v) for v in values])
    tail = _last_days(vals, SPARK_DAYS)
    return vals.baseline_current(), tail.days, tail.values


def test_a_reduced_series_gives_the_figures_of_the_whole() -> None:
    assert SPARK_DAYS <= TAIL_DAYS
    rng = random.Random(5)
    shortened = 0
    for _ in range(400):
        past_days, past_values = _series(rng, 740_000, rng.choice([0, 1, 2, 3, 5, 20, 80]))
        start = (past_days[-1] if past_days else 740_000) + rng.randint(1, 3)
        now_days, now_values = _series(rng, start, rng.choice([0, 1, 2, 4, 30]))
        now_days = [d + 1 for d in now_days]  # (after the past's last day)
        r_days, r_values = _reduced(past_days, past_values)
        shortened += len(r_days) < len(past_days)
        assert _figures(r_days + now_days, r_values + now_values) == _figures(
            past_days + now_days, past_values + now_values
        )
    assert shortened > 50  # (the long ones are cut)
