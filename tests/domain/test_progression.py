"""Therapist-set progression on synthetic logs: proposed, not proposed, stepped back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coach.domain.progression import (
    DoseChange,
    Proposal,
    apply_doses,
    current_doses,
    dose_words,
    proposal,
    proposals,
    rising_regions,
)
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.domain.routine import Routine

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PLAN = {"step": {"hold_s": 5}, "max": {"hold_s": 40}, "after_sessions": 3, "if_pain_at_most": 3}


def routine(**plan: Any) -> Routine:
    return Routine.model_validate({
        "format": 1, "id": "neck", "title": "Neck", "pain_stop": 5,
        "exercises": [
            {"name": "Chin tuck", "kind": "posture", "region": "neck", "reps": 10, "hold_s": 30,
             "progression": {**PLAN, **plan}},
            {"name": "Rolls", "kind": "mobility", "region": "shoulder", "reps": 5},
        ],
    })  # fmt: skip


class Log:
    """A synthetic log: sessions a day apart with their check-ins."""

    def __init__(self) -> None:
        self.sessions: list[SessionRecord] = []
        self.checkins: list[CheckInRecord] = []

    def session(self, day: int, *, status: str = "complete", chin: str = "done",
                before: int | None = 2, after: int | None = 2, during: int | None = None,
                morning: int | None = 2, **extra: Any) -> SessionRecord:  # fmt: skip
        at = START + timedelta(days=day)
        rec = SessionRecord(
            routine_id="neck", routine_title="Neck", routine_hash="h", started_at=at,
            ended_at=at + timedelta(minutes=10), status=status,  # type: ignore[arg-type]
            exercises=[ExerciseLog(index=0, name="Chin tuck", status=chin),  # type: ignore[arg-type]
                       ExerciseLog(index=1, name="Rolls", status="done")],
        )  # fmt: skip
        for key, value in extra.items():
            object.__setattr__(rec, key, value)
        self.sessions.append(rec)
        for context, value, when in (("before_session", before, at),
                                     ("during_session", during, at + timedelta(minutes=3)),
                                     ("after_session", after, at + timedelta(minutes=11)),
                                     ("next_morning", morning, at + timedelta(hours=24))):
            if value is not None:
                self.checkins.append(CheckInRecord(
                    at=when, context=context, session_id=rec.id,  # type: ignore[arg-type]
                    routine_id="neck", pain=[PainRating(region="neck", value=value)]))
        return rec

    def good(self, days: range) -> Log:
        for day in days:
            self.session(day)
        return self


def offer(log: Log, changes: list[DoseChange] | None = None, **plan: Any) -> Proposal | None:
    return proposal(routine(**plan), 0, log.sessions, log.checkins, changes or [])


def test_proposed_after_enough_tolerated_sessions() -> None:
    found = offer(Log().good(range(3)))
    assert found is not None and found.kind == "progressed"
    assert (found.current, found.new) == ({"hold_s": 30.0}, {"hold_s": 35.0})
    assert found.sentence == "Your therapist's plan: ready to hold 35 s instead of 30 s."


def test_not_proposed_with_too_few_sessions() -> None:
    assert offer(Log().good(range(2))) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"after": 4},  # pain after above if_pain_at_most
        {"during": 4},  # pain during above if_pain_at_most
        {"before": 1, "morning": 3},  # next morning 2 above the before-pain
        {"chin": "skipped"},  # a pain stop skipped the exercise
        {"chin": "partial"},
    ],
    ids=["after", "during", "morning", "skipped", "partial"],
)
def test_not_proposed_when_one_recent_session_was_not_tolerated(bad: dict[str, Any]) -> None:
    log = Log().good(range(2))
    log.session(2, **bad)
    assert offer(log) is None


def test_only_the_last_sessions_count_and_unrated_pain_does_not_block() -> None:
    log = Log()
    log.session(0, after=7)  # an old bad day, before the last three
    log.session(1, morning=None, during=None)
    log.session(2, before=None, after=None)
    log.session(3, before=2, morning=3)  # one point above is still fine
    assert offer(log) is not None


def test_partial_practice_and_flare_sessions_do_not_count() -> None:
    log = Log().good(range(2))
    log.session(2, status="partial")
    log.session(3, practice=True)
    log.session(4, flare=True)
    assert offer(log) is None
    log.session(5)
    assert offer(log) is not None


def test_a_pain_stop_elsewhere_in_the_session_blocks() -> None:
    log = Log().good(range(2))
    log.session(2, during=6)
    assert offer(log, if_pain_at_most=8) is None


def test_an_accepted_step_starts_a_new_count_and_is_capped_at_max() -> None:
    log = Log().good(range(3))
    first = offer(log)
    assert first is not None
    accepted = first.change(START + timedelta(days=3, hours=12))
    assert offer(log, [accepted]) is None  # no sessions at the new dose yet
    log.good(range(4, 7))
    second = offer(log, [accepted])
    assert second is not None and (second.current, second.new) == ({"hold_s": 35.0},
                                                                   {"hold_s": 40.0})
    at_max = second.change(START + timedelta(days=7))
    log.good(range(8, 11))
    assert offer(log, [accepted, at_max]) is None  # the therapist's maximum is reached


def test_a_declined_offer_waits_for_new_sessions() -> None:
    log = Log().good(range(3))
    first = offer(log)
    assert first is not None
    no = first.declined(START + timedelta(days=3, hours=12))
    assert offer(log, [no]) is None
    assert current_doses(routine(), [no]) == {}
    log.good(range(4, 7))
    assert offer(log, [no]) is not None


def test_accepted_doses_apply_to_the_session_routine_only() -> None:
    r = routine()
    change = DoseChange(routine_id="neck", exercise_index=0, exercise_name="Chin tuck",
                        kind="progressed", dose={"hold_s": 35}, previous={"hold_s": 30},
                        base={"hold_s": 30}, at=START)  # fmt: skip
    doses = current_doses(r, [change])
    assert doses == {0: {"hold_s": 35.0}}
    applied = apply_doses(r, doses)
    assert applied.exercises[0].hold_s == 35 and r.exercises[0].hold_s == 30
    undone = change.model_copy(update={"undone_at": START + timedelta(hours=1)})
    assert current_doses(r, [undone]) == {}
    other_file = change.model_copy(update={"base": {"hold_s": 25}})  # the therapist changed it
    assert current_doses(r, [other_file]) == {}
    renamed = change.model_copy(update={"exercise_name": "Neck retraction"})
    assert current_doses(r, [renamed]) == {}


def test_reps_and_sets_stay_whole_numbers() -> None:
    r = Routine.model_validate({
        "format": 1, "id": "legs", "title": "Legs",
        "exercises": [{"name": "Squat", "kind": "strength", "reps": 8, "sets": 2, "progression": {
            "step": {"reps": 2, "sets": 1}, "max": {"reps": 12, "sets": 3},
            "after_sessions": 1, "if_pain_at_most": 3}}],
    })  # fmt: skip
    applied = apply_doses(r, {0: {"reps": 10.0, "sets": 3.0}})
    assert (applied.exercises[0].reps, applied.exercises[0].sets) == (10, 3)
    assert isinstance(applied.exercises[0].reps, int)
    assert dose_words({"reps": 10, "sets": 3}, {"reps": 8, "sets": 2}) == (
        "do 10 reps instead of 8 and do 3 sets instead of 2"
    )


def test_stepped_back_when_pain_rises_by_the_mcid() -> None:
    log = Log().good(range(3))
    first = offer(log)
    assert first is not None
    accepted = first.change(START + timedelta(days=3))
    r = routine()
    assert proposal(r, 0, log.sessions, log.checkins, [], pain_rising=True) is None  # file dose
    back = proposal(r, 0, log.sessions, log.checkins, [accepted], pain_rising=True)
    assert back is not None and back.kind == "stepped_back"
    assert (back.current, back.new) == ({"hold_s": 35.0}, {"hold_s": 30.0})
    assert back.sentence.startswith("Your pain has gone up: step back to hold 30 s instead of 35")


def test_rising_regions_uses_the_two_point_rule() -> None:
    log = Log()
    for day in range(7):
        log.session(day, before=2, after=2, morning=2)
    assert rising_regions(log.checkins, UTC) == set()
    for day in range(7, 12):
        log.session(day, before=5, after=5, morning=5)
    assert rising_regions(log.checkins, UTC) == {"neck"}
    accepted = DoseChange(routine_id="neck", exercise_index=0, exercise_name="Chin tuck",
                          kind="progressed", dose={"hold_s": 35}, previous={"hold_s": 30},
                          base={"hold_s": 30}, at=START)  # fmt: skip
    found = proposals(routine(), log.sessions, log.checkins, [accepted], {"neck"})
    assert [(p.exercise_index, p.kind) for p in found] == [(0, "stepped_back")]


def test_the_plan_in_words_for_the_routine_screen_and_show() -> None:
    from coach.domain.howto import progression_words

    assert progression_words(routine().exercises[0]) == (
        "Plan: 5 s longer holds after 3 sessions in a row that went well (pain at most 3/10), "
        "up to 40 s holds."
    )
    assert progression_words(routine().exercises[1]) is None
