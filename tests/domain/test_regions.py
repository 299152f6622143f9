"""Body regions in a client's words: ``low-back`` reads ``low back``."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coach.domain.checkin import NextMorningQuestion, compare_next_morning
from coach.domain.clinical import describe_pain
from coach.domain.history import pain_summary
from coach.domain.records import PainRating
from coach.domain.regions import region_words


def test_ids_read_as_words() -> None:
    assert region_words("low-back") == "low back"
    assert region_words("upper_trapezius") == "upper trapezius"
    assert region_words("neck") == "neck"
    assert region_words("Lower back (left)") == "Lower back (left)"
    assert region_words("mid--back") == "mid back"


@given(st.text(min_size=1, max_size=40))
def test_never_empty_and_never_a_hyphen_left(region: str) -> None:
    shown = region_words(region)
    assert shown
    assert "-" not in shown or not region.replace("-", "").replace("_", "").strip()


def test_sentences_and_log_lines_use_the_words() -> None:
    assert describe_pain("low-back", 6, 3.5).sentence.startswith("Low back pain is down 2.5")
    assert pain_summary([PainRating(region="low-back", value=3)]) == "low back 3/10"
    question = NextMorningQuestion(
        "s1", "back", "Back", date(2026, 12, 2), ("low-back",), {"low-back": 2}
    )
    message = compare_next_morning(question, [PainRating(region="low-back", value=5)])
    assert message is not None and "low back 5/10 (before the session: 2/10)" in message
