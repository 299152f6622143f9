"""Check-in rules: values, contexts, dates, the pain stop, the next morning, PSFS, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coach.domain import psfs
from coach.domain.checkin import (
    PAIN_WORDING,
    RED_FLAGS_TEXT,
    CheckInError,
    NextMorningQuestion,
    asked_regions,
    check_measure,
    check_morning_stiffness,
    check_region,
    check_score,
    check_time,
    clean_note,
    compare_next_morning,
    morning_record,
    next_morning_due,
    pain_stop_rule,
    pain_stop_triggered,
    parse_context,
    parse_measure_arg,
    vocabulary,
)
from coach.domain.history import (
    describe_checkin,
    describe_session,
    find_entry,
    format_duration,
    timeline,
)
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.domain.routine import Routine
from coach.domain.when import parse_when

BERLIN = ZoneInfo("Europe/Berlin")


def routine(**overrides: object) -> Routine:
    doc: dict[str, object] = {
        "format": 1,
        "id": "neck",
        "title": "Neck",
        "check_in": {
            "regions": ["neck", "shoulder"],
            "measures": [
                {"id": "rotation", "label": "Head turn", "unit": "degrees", "better": "higher",
                 "min": 0, "max": 90},
                {"id": "reach", "label": "Reach", "unit": "cm", "better": "higher"},
            ],
        },
        "exercises": [
            {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10},
            {"name": "Row", "kind": "strength", "region": "upper-back", "reps": 10},
        ],
    }
    doc.update(overrides)
    return Routine.model_validate(doc, strict=False)


VOCAB = vocabulary([routine()])


# --- values -------------------------------------------------------------------------------------


def test_vocabulary_has_check_in_regions_then_exercise_regions_and_measures() -> None:
    assert VOCAB.regions == ("neck", "shoulder", "upper-back")
    other = routine(id="other", check_in={}, exercises=[
        {"name": "Squat", "kind": "strength", "region": "knee", "reps": 5}])
    assert asked_regions([routine(), other]) == ("neck", "shoulder", "knee")
    assert list(VOCAB.measures) == ["rotation", "reach"]


@pytest.mark.parametrize("value, expected", [(0, 0), ("10", 10), (" 7 ", 7), (5, 5)])
def test_pain_score_accepts_0_to_10(value: object, expected: int) -> None:
    assert check_score(value) == expected


@pytest.mark.parametrize("value", [11, -1, "11"])
def test_pain_out_of_range_names_the_scale(value: object) -> None:
    with pytest.raises(CheckInError) as exc:
        check_score(value)
    assert str(exc.value) == (
        f"pain must be a whole number from 0 to 10 ({PAIN_WORDING}); got {int(value)}"  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("value", ["3.5", "three", True, ""])
def test_pain_must_be_a_whole_number(value: object) -> None:
    with pytest.raises(CheckInError, match="pain must be a whole number from 0 to 10"):
        check_score(value)


def test_context_words_map_to_records_and_errors_list_the_allowed_ones() -> None:
    assert parse_context("before") == "before_session"
    assert parse_context("morning") == "next_morning"
    assert parse_context("activity") == "with_activity"
    assert parse_context("at_rest") == "at_rest"
    with pytest.raises(CheckInError) as exc:
        parse_context("lunch")
    assert str(exc.value) == (
        "unknown context 'lunch': use one of before, after, during, morning, rest, activity"
    )


def test_region_must_be_known_and_the_message_suggests_one() -> None:
    assert check_region("Neck", VOCAB) == "neck"
    with pytest.raises(CheckInError) as exc:
        check_region("nek", VOCAB)
    assert str(exc.value) == (
        "unknown region 'nek': your routines ask about neck, shoulder, upper-back. "
        "Did you mean 'neck'?"
    )


def test_measures_are_checked_for_id_number_and_bounds() -> None:
    assert check_measure("rotation", "45", VOCAB) == ("rotation", 45.0)
    assert parse_measure_arg("reach=12,5", VOCAB) == ("reach", 12.5)
    with pytest.raises(CheckInError, match=r"^Head turn \(rotation\) must be between 0 and 90 "
                       r"degrees; got 95$"):
        check_measure("rotation", "95", VOCAB)
    with pytest.raises(CheckInError, match=r"must be a number in degrees; 'far' is not a number"):
        check_measure("rotation", "far", VOCAB)
    with pytest.raises(CheckInError, match="must be a number in degrees; got 'nan'"):
        check_measure("rotation", "nan", VOCAB)
    with pytest.raises(CheckInError, match=r"^unknown measure 'rotaton': your routines record "
                       r"rotation, reach\. Did you mean 'rotation'\?$"):
        check_measure("rotaton", "4", VOCAB)
    with pytest.raises(CheckInError, match="a measure is written ID=VALUE"):
        parse_measure_arg("rotation", VOCAB)


def test_measure_defined_twice_must_fit_both_definitions() -> None:
    other = routine(id="other", check_in={"measures": [
        {"id": "rotation", "label": "Turn", "unit": "degrees", "better": "higher", "max": 60}]})
    vocab = vocabulary([routine(), other])
    assert check_measure("rotation", 60, vocab) == ("rotation", 60.0)
    with pytest.raises(CheckInError, match="at most 60 degrees; got 70"):
        check_measure("rotation", 70, vocab)


def test_note_is_cleaned_of_control_characters_and_limited_to_1000() -> None:
    assert clean_note("  a\x1b[31m red\x07 note\n2nd line ") == "a[31m red note\n2nd line"
    assert clean_note("   ") is None
    assert clean_note("x" * 1000) == "x" * 1000
    with pytest.raises(CheckInError) as exc:
        clean_note("x" * 1001)
    assert str(exc.value) == "a note can be at most 1,000 characters; this one has 1,001"


def test_stiffness_and_morning_stiffness_bounds() -> None:
    assert check_score(4, "stiffness") == 4
    with pytest.raises(CheckInError, match="^stiffness must be"):
        check_score(12, "stiffness")
    assert check_morning_stiffness("30") == 30
    with pytest.raises(CheckInError, match="from 0 to 1440; got 2000"):
        check_morning_stiffness(2000)


# --- dates --------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 24, 10, 15, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-20", datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)),
        ("2026-11-24T08:30", datetime(2026, 11, 24, 8, 30, tzinfo=BERLIN)),
        ("2026-11-24 08:30:10", datetime(2026, 11, 24, 8, 30, 10, tzinfo=BERLIN)),
        ("yesterday 8:30", datetime(2026, 11, 23, 8, 30, tzinfo=BERLIN)),
        ("Yesterday", datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN)),
        ("7:05", datetime(2026, 11, 24, 7, 5, tzinfo=BERLIN)),
        ("today", NOW),  # noon is still ahead: now
        ("now", NOW),
        ("2026-11-24T07:30+00:00", datetime(2026, 11, 24, 8, 30, tzinfo=BERLIN)),
    ],
)
def test_parse_when_reads_local_times(text: str, expected: datetime) -> None:
    got = parse_when(text, NOW, BERLIN)
    assert got == expected
    assert got.utcoffset() == timedelta(hours=1)


def test_parse_when_uses_the_offset_of_that_date_not_of_today() -> None:
    summer = parse_when("2026-07-01T08:00", NOW, BERLIN)
    assert summer.utcoffset() == timedelta(hours=2)
    assert summer.astimezone(UTC).hour == 6


def test_since_means_start_of_day() -> None:
    assert parse_when("2026-11-20", NOW, BERLIN, date_only="start") == datetime(
        2026, 11, 20, tzinfo=BERLIN
    )


def test_since_reads_a_span_back_from_today() -> None:
    start = datetime(2026, 10, 28, tzinfo=BERLIN)  # 4 weeks: 28 days ending today
    assert parse_when("4w", NOW, BERLIN, date_only="start") == start
    ten_days = datetime(2026, 11, 15, tzinfo=BERLIN)
    assert parse_when("10d", NOW, BERLIN, date_only="start") == ten_days
    with pytest.raises(CheckInError, match="no time at all"):
        parse_when("0d", NOW, BERLIN, date_only="start")
    with pytest.raises(CheckInError, match="2026-11-24T08:30"):
        parse_when("4w", NOW, BERLIN)  # a span is a --since, never a check-in time


@pytest.mark.parametrize("text", ["soon", "2026-13-01", "24/11/2026", "yesterday at 8", "25:00"])
def test_unreadable_dates_say_how_to_write_them(text: str) -> None:
    with pytest.raises(CheckInError, match="2026-11-24T08:30|not a time of day"):
        parse_when(text, NOW, BERLIN)


def test_future_times_are_refused() -> None:
    assert check_time(NOW, NOW) == NOW
    with pytest.raises(CheckInError) as exc:
        check_time(NOW + timedelta(minutes=1), NOW)
    assert str(exc.value) == (
        "2026-11-24 10:16 is in the future; a check-in can only be entered for a time that "
        "has passed"
    )


# --- pain stop and red flags ---------------------------------------------------------------------


def test_pain_stop_is_strictly_above_the_threshold() -> None:
    assert not pain_stop_triggered(5, 5)
    assert pain_stop_triggered(6, 5)
    assert not pain_stop_triggered(None, 0)
    assert pain_stop_triggered(1, 0)
    assert not pain_stop_triggered(10, 10)


def test_pain_stop_rule_in_plain_words() -> None:
    assert pain_stop_rule(4) == (
        "Pain up to 4/10 is acceptable if it settles by the next morning. Above 4/10, stop."
    )


def test_red_flags_name_every_sign() -> None:
    for sign in ("chest pain", "breathlessness", "dizziness", "numbness", "weakness",
                 "bladder", "bowels", "seek medical help"):
        assert sign in RED_FLAGS_TEXT


# --- next morning --------------------------------------------------------------------------------


def session(start: datetime, status: str = "complete", sid: str = "s1") -> SessionRecord:
    return SessionRecord(
        id=sid, routine_id="neck", routine_title="Neck", routine_hash="h", started_at=start,
        ended_at=start + timedelta(minutes=12), status=status,  # type: ignore[arg-type]
    )


def checkin(at: datetime, context: str, values: dict[str, int | None],
            sid: str | None = "s1") -> CheckInRecord:
    return CheckInRecord(
        at=at, context=context, session_id=sid,  # type: ignore[arg-type]
        pain=[PainRating(region=r, value=v) for r, v in values.items()],
    )


YESTERDAY_18 = datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN)
MORNING = datetime(2026, 11, 24, 7, 30, tzinfo=BERLIN)


def test_next_morning_asks_for_yesterdays_session_with_its_before_values() -> None:
    before = checkin(YESTERDAY_18, "before_session", {"neck": 3, "shoulder": None})
    q = next_morning_due(MORNING, [session(YESTERDAY_18)], [before], BERLIN)
    assert q == NextMorningQuestion(
        session_id="s1", routine_id="neck", routine_title="Neck",
        session_day=date(2026, 11, 23), regions=("neck", "shoulder"),
        before={"neck": 3, "shoulder": None},
    )


def test_next_morning_is_asked_once() -> None:
    before = checkin(YESTERDAY_18, "before_session", {"neck": 3})
    answered = checkin(MORNING, "next_morning", {"neck": None})
    assert next_morning_due(MORNING, [session(YESTERDAY_18)], [before, answered], BERLIN) is None


def test_next_morning_uses_local_days() -> None:
    # 23:30 Berlin on the 23rd is 22:30 UTC: still the 23rd locally.
    late = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)
    q = next_morning_due(MORNING, [session(late)], [], BERLIN, {"neck": ["neck"]})
    assert q is not None and q.regions == ("neck",) and q.before == {"neck": None}
    # The day after tomorrow: too late; the same day: too early.
    assert next_morning_due(MORNING + timedelta(days=1), [session(late)], [], BERLIN,
                            {"neck": ["neck"]}) is None
    assert next_morning_due(datetime(2026, 11, 23, 23, 59, tzinfo=BERLIN), [session(late)], [],
                            BERLIN, {"neck": ["neck"]}) is None


def test_next_morning_ignores_abandoned_and_unfinished_sessions_and_picks_the_latest() -> None:
    early = session(YESTERDAY_18 - timedelta(hours=8), sid="early")
    dropped = session(YESTERDAY_18 + timedelta(hours=1), status="abandoned", sid="dropped")
    partial = session(YESTERDAY_18, status="partial", sid="s1")
    after = checkin(YESTERDAY_18 + timedelta(minutes=20), "after_session", {"knee": 2})
    q = next_morning_due(MORNING, [early, dropped, partial], [after], BERLIN)
    assert q is not None and q.session_id == "s1" and q.regions == ("knee",)
    assert q.before == {"knee": None}
    assert next_morning_due(MORNING, [dropped], [], BERLIN, {"neck": ["neck"]}) is None


def test_next_morning_without_regions_asks_nothing() -> None:
    assert next_morning_due(MORNING, [session(YESTERDAY_18)], [], BERLIN) is None


QUESTION = NextMorningQuestion("s1", "neck", "Neck", date(2026, 11, 23), ("neck", "shoulder"),
                               {"neck": 3, "shoulder": 4})


def test_compare_next_morning_flags_a_rise_of_two_points() -> None:
    msg = compare_next_morning(QUESTION, [PainRating(region="neck", value=5),
                                          PainRating(region="shoulder", value=5)])
    assert msg == (
        "This morning your pain is 2 or more points higher than before yesterday's session: "
        "neck 5/10 (before the session: 3/10). Next time, ease off a little (fewer repetitions, "
        "a smaller movement or a gentler hold), and tell your therapist about it."
    )


def test_compare_next_morning_is_silent_below_two_points_or_when_skipped() -> None:
    assert compare_next_morning(QUESTION, [PainRating(region="neck", value=4)]) is None
    assert compare_next_morning(QUESTION, [PainRating(region="neck", value=None)]) is None
    q = NextMorningQuestion("s1", "neck", "Neck", date(2026, 11, 23), ("neck",), {"neck": None})
    assert compare_next_morning(q, [PainRating(region="neck", value=9)]) is None


def test_compare_never_diagnoses() -> None:
    msg = compare_next_morning(QUESTION, [PainRating(region="neck", value=10)]) or ""
    for word in ("injury", "inflamm", "damage", "tear", "diagnos"):
        assert word not in msg.lower()


def test_morning_record_links_the_session_and_keeps_skipped_regions() -> None:
    rec = morning_record(QUESTION, [PainRating(region="neck", value=2)], MORNING)
    assert rec.context == "next_morning" and rec.session_id == "s1" and rec.routine_id == "neck"
    assert rec.pain == [PainRating(region="neck", value=2), PainRating(region="shoulder")]


# --- PSFS ----------------------------------------------------------------------------------------


def test_psfs_set_up_needs_3_to_5_and_ids_stay_stable() -> None:
    with pytest.raises(CheckInError, match="name 3 to 5 activities"):
        psfs.set_up(["walk", "lift"])
    acts = psfs.set_up(["Walking the dog", "Lifting my grandchild", "Gardening"])
    assert [a.id for a in acts] == ["a1", "a2", "a3"]
    acts = psfs.retire(acts, "a2")
    acts = psfs.rename(acts, "gardening", "Weeding the garden")
    acts = psfs.add(acts, "Cycling")
    assert [(a.id, a.name, a.active) for a in acts] == [
        ("a1", "Walking the dog", True), ("a2", "Lifting my grandchild", False),
        ("a3", "Weeding the garden", True), ("a4", "Cycling", True),
    ]


def test_psfs_limits_and_scores() -> None:
    acts = psfs.set_up(["a", "b", "c", "d", "e"])
    with pytest.raises(CheckInError, match="already rate 5 activities"):
        psfs.add(acts, "f")
    with pytest.raises(CheckInError, match="you already rate 'b'"):
        psfs.rename(acts, "a1", "B")
    assert psfs.parse_score_arg(acts, "a2=7") == ("a2", 7)
    assert psfs.check_scores(acts, {"c": "0"}) == {"a3": 0}
    with pytest.raises(CheckInError, match=r"^'a' must be a whole number from 0 to 10 \(0 = "
                       r"unable to do it, 10 = able to do it as before the problem\); got 11$"):
        psfs.parse_score_arg(acts, "a1=11")
    retired = psfs.retire(acts, "a1")
    with pytest.raises(CheckInError, match="was retired"):
        psfs.check_scores(retired, {"a1": 3})
    with pytest.raises(CheckInError, match="no activity 'zz'"):
        psfs.find(acts, "zz")


# --- history -------------------------------------------------------------------------------------


def test_timeline_orders_sessions_and_checkins_and_filters_since() -> None:
    s = session(YESTERDAY_18)
    s.exercises = [ExerciseLog(index=0, name="a", status="done"),
                   ExerciseLog(index=1, name="b", status="skipped")]
    c1 = checkin(YESTERDAY_18 - timedelta(minutes=1), "before_session", {"neck": 3})
    c2 = checkin(MORNING, "next_morning", {"neck": 5})
    entries = timeline([s], [c2, c1])
    assert [e.record for e in entries] == [c1, s, c2]
    assert [e.record for e in timeline([s], [c2, c1], since=MORNING)] == [c2]
    assert describe_session(s) == "Neck: complete, 1 done, 1 skipped, 12 min"
    s.exercises.append(ExerciseLog(index=2, name="c", status="partial"))
    s.status = "partial"
    assert describe_session(s) == "Neck: partial, 1 done, 1 partly done, 1 skipped, 12 min"
    assert find_entry(entries, c2.id[:6]).record is c2
    with pytest.raises(CheckInError, match="no entry with id 'zzzz'"):
        find_entry(entries, "zzzz")


def test_format_duration() -> None:
    assert [format_duration(s) for s in (4, 90, 3900)] == ["4 s", "2 min", "1 h 05 min"]


def test_describe_checkin_is_one_plain_line() -> None:
    rec = CheckInRecord(
        at=MORNING, context="at_rest", pain=[PainRating(region="neck", value=3),
                                             PainRating(region="hip")],
        measures={"rotation": 45.0}, stiffness=2, morning_stiffness_min=15,
        function={"a1": 6}, note="line one\nline two",
    )
    assert describe_checkin(rec, {"a1": "Gardening"}) == (
        "at rest; pain neck 3/10, hip skipped; rotation 45; stiffness 2/10; "
        "morning stiffness 15 min; function Gardening 6/10; note: line one line two"
    )


def test_fixed_offset_zone_works_too() -> None:
    tz = timezone(timedelta(hours=-5))
    assert parse_when("8:00", datetime(2026, 1, 2, 20, 0, tzinfo=UTC), tz) == datetime(
        2026, 1, 2, 8, 0, tzinfo=tz
    )
