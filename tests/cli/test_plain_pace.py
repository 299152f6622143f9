"""What ``coach run --plain`` says of a run's pace under the plan's total (#9): a practice run
says so; at a faster pace, how long it really takes (never the routine's own minutes); a
resumed session, how long is left. Pure wording, no subprocess."""

from __future__ import annotations

from coach.app.session_checkins import asks_before, wants_after_check_in
from coach.cli.plain_lines import pace_line
from coach.domain.routine import Routine


def test_a_faster_practice_run_gives_the_real_time() -> None:
    # a 10 min routine at 3x: 200 s
    assert pace_line(3, True, 600 / 3, resumed=False) == (
        "A practice run at 3× speed, not counted in your streak: about 3 min at this pace."
    )
    assert pace_line(2, True, 600 / 2, resumed=False) == (
        "A practice run at 2× speed, not counted in your streak: about 5 min at this pace."
    )
    assert pace_line(1.5, True, 400, resumed=True) == (
        "A practice run at 1.5× speed, not counted in your streak: about 7 min left at this pace."
    )
    assert pace_line(100, True, 6.3, resumed=False) == (
        "A practice run at 100× speed, not counted in your streak: under 1 min at this pace."
    )


def test_normal_pace() -> None:
    assert pace_line(1, True, 600, resumed=False) == "A practice run, not counted in your streak."
    assert pace_line(1, True, 300, resumed=True) == (
        "A practice run, not counted in your streak. About 5 min left."
    )
    assert pace_line(1, False, 600, resumed=False) is None  # the total says it all
    assert pace_line(1, False, 150, resumed=True) == "About 3 min left."


def routine(before: bool, after: bool, measures: bool = False) -> Routine:
    check_in: dict[str, object] = {"before": before, "after": after}
    if measures:
        check_in["measures"] = [{"id": "reach", "label": "Reach", "unit": "cm",
                                 "better": "higher"}]
    return Routine.model_validate({
        "format": 1, "id": "r", "title": "R", "check_in": check_in,
        "exercises": [{"name": "Hold", "kind": "posture", "duration_s": 20}],
    })  # fmt: skip


def test_practice_runs_ask_no_pain_questions() -> None:
    """The decision both front ends follow (coach.app.session_checkins' module doc)."""
    asks = routine(True, True)
    assert asks_before(asks) and wants_after_check_in(asks)
    assert not asks_before(asks, practice=True)
    assert not wants_after_check_in(asks, practice=True)
    measures_only = routine(False, False, measures=True)
    assert wants_after_check_in(measures_only)
    assert not wants_after_check_in(measures_only, practice=True)
    assert not asks_before(routine(False, True))


def test_the_summary_gives_the_real_time_of_a_practice_run() -> None:
    """600 routine seconds at 3x took 200 real seconds: "3 min", not "10 min"."""
    from datetime import UTC, datetime

    from coach.cli.plain_lines import summary_line
    from coach.domain.records import ExerciseLog, SessionRecord

    record = SessionRecord(
        routine_id="r", routine_title="R", routine_hash="0" * 64, status="complete",
        started_at=datetime(2026, 12, 3, 9, 30, tzinfo=UTC), practice=True, speed=3.0,
        exercises=[ExerciseLog(index=0, name="Walk", status="done", seconds=600.0)],
    )  # fmt: skip
    assert summary_line(record, "finished", saved=True) == (
        "Session complete: 1 of 1 exercises, 3 min. Saved (a practice run)."
    )
    normal = record.model_copy(update={"speed": 1.0})
    assert "1 of 1 exercises, 10 min." in summary_line(normal, "finished", saved=True)
