"""Plain words a client reads on the routine screen."""

from __future__ import annotations

from typing import Any

from coach.tui.screens.routine import estimate_line


def test_the_estimate_says_how_counted_reps_are_timed_in_plain_words(loaded: Any) -> None:
    line = estimate_line(loaded("short-test"))
    assert line.endswith("(For the set where you count your reps, that allows about 3 seconds "
                         "a rep.)")
    assert "rep-counted" not in line and " s a rep" not in line


def test_how_often_says_once_a_day() -> None:
    from coach.domain.routine import Frequency
    from coach.services.review import frequency_text

    assert frequency_text(Frequency(per_day=1, days_per_week=7)) == "once a day, every day"
    assert frequency_text(Frequency(per_day=2, days_per_week=3)) == "twice a day, 3 days a week"
