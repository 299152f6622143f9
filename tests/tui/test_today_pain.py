"""The last pain line's sparkline is drawn from the last days only (not years of series): the
same daily means as the last points of the whole series."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach.domain.trends import Values
from coach.tui.widgets.today_pain import _last_days


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10)), max_size=80),
    st.integers(1, 20),
)
def test_the_last_days_have_the_means_of_the_whole_series_last_points(
    steps: list[tuple[int, int]], days: int
) -> None:
    day, out_days, out_values = date(2020, 1, 1), [], []
    for gap, value in steps:  # (a gap of 0: another rating the same day)
        day += timedelta(days=gap)
        out_days.append(day)
        out_values.append(float(value))
    whole = Values(out_days, out_values)
    tail = _last_days(whole, days)
    assert [p.mean for p in tail.series()] == [p.mean for p in whole.series()[-days:]]
    assert [p.day for p in tail.series()] == [p.day for p in whole.series()[-days:]]
