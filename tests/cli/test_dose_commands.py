"""Progression end to end through the CLI: import a history, `coach show` offers the therapist's
next dose, accept it, the next session runs it, undo takes it back; and `coach run --flare`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage.repo import Repository
from tests.cli.conftest import minimal_routine, write_json

OFFER = "Your therapist's plan: ready to hold 35 s instead of 30 s."


def progressing() -> dict[str, Any]:
    doc = minimal_routine(id="test-neck", exercises=[
        {"name": "Neck hold", "kind": "posture", "region": "neck", "hold_s": 30,
         "progression": {"step": {"hold_s": 5}, "max": {"hold_s": 45}, "after_sessions": 3,
                         "if_pain_at_most": 3}},
        {"name": "Rolls", "kind": "mobility", "region": "neck", "reps": 2, "tempo": "1-0-1"},
    ], flare={"advice": "Gently today.",
              "exercises": [{"name": "Easy breathing", "kind": "breathing", "duration_s": 20}]})
    return doc  # fmt: skip


def history(days: int = 3, flare_today: bool = False) -> dict[str, Any]:
    """A JSON export: ``days`` tolerated sessions, one a day, ending yesterday (and a session
    of the flare version today)."""
    sessions, checkins = [], []
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    if flare_today:
        gentle = SessionRecord(
            routine_id="test-neck", routine_title="Test neck routine", routine_hash="0" * 64,
            started_at=today, ended_at=today + timedelta(minutes=1), status="complete",
            exercises=[ExerciseLog(index=0, name="Easy breathing", status="done")], flare=True,
        )  # fmt: skip
        sessions.append(gentle.model_dump(mode="json"))
    for back in range(days, 0, -1):
        at = today - timedelta(days=back)
        s = SessionRecord(
            routine_id="test-neck", routine_title="Test neck routine", routine_hash="0" * 64,
            started_at=at, ended_at=at + timedelta(minutes=5), status="complete",
            exercises=[ExerciseLog(index=0, name="Neck hold", status="done"),
                       ExerciseLog(index=1, name="Rolls", status="done")],
        )  # fmt: skip
        sessions.append(s.model_dump(mode="json"))
        for context, when in (("before_session", at), ("after_session", at + timedelta(minutes=6)),
                              ("next_morning", at + timedelta(hours=23))):  # fmt: skip
            c = CheckInRecord(at=when, context=context, session_id=s.id,  # type: ignore[arg-type]
                              routine_id="test-neck", pain=[PainRating(region="neck", value=2)])
            checkins.append(c.model_dump(mode="json"))
    return {"coach_export": 1, "sessions": sessions, "checkins": checkins,
            "excused_days": {}, "activities": []}  # fmt: skip


def test_import_show_accept_run_undo(coach, data_dir: Path, tmp_path: Path) -> None:
    f = write_json(tmp_path / "sent" / "neck.json", progressing())
    assert coach("add", str(f)).code == 0
    assert coach("show", "test-neck").out.count(OFFER) == 0  # no history yet
    export = tmp_path / "history.json"
    export.write_text(json.dumps(history()), encoding="utf-8")
    r = coach("import", str(export))
    assert r.code == 0, r.err

    r = coach("show", "test-neck")
    assert r.code == 0, r.err
    assert f"1. Neck hold: {OFFER}" in r.out
    assert "Accept with: coach dose test-neck accept" in r.out

    r = coach("dose", "test-neck", "accept")
    assert r.code == 0, r.err
    assert "Accepted: 1. Neck hold: hold 35 s from your next session." in r.out
    r = coach("show", "test-neck")
    assert OFFER not in r.out
    assert "Neck hold, set 1 of 1: hold 35 seconds" in r.out  # the plan uses the new dose
    assert "raised to hold 35 s instead of 30 s" in r.out
    assert json.loads(f.read_text())["exercises"][0]["hold_s"] == 30  # the file is untouched

    r = coach("run", "test-neck", "--plain", "--speed", "100", input="")
    assert r.code == 0, r.err
    assert "Neck hold, set 1 of 1: hold 35 seconds" in r.out
    newest = Repository.open(data_dir).sessions()[-1]
    assert newest.status == "complete" and not newest.flare

    r = coach("dose", "test-neck")
    assert "Dose history:" in r.out and "Neck hold: raised to hold 35 s instead of 30 s" in r.out
    r = coach("dose", "test-neck", "undo")
    assert r.code == 0 and "Undone: 1. Neck hold is back to hold 30 s." in r.out
    assert "Neck hold, set 1 of 1: hold 30 seconds" in coach("show", "test-neck").out
    assert "(undone " in coach("dose", "test-neck").out
    r = coach("dose", "test-neck", "undo")
    assert r.code == 1 and "no accepted dose change" in r.err


def test_decline_waits_for_more_sessions(coach, data_dir: Path, tmp_path: Path) -> None:
    f = write_json(tmp_path / "neck.json", progressing())
    assert coach("add", str(f)).code == 0
    export = tmp_path / "history.json"
    export.write_text(json.dumps(history()), encoding="utf-8")
    assert coach("import", str(export)).code == 0
    r = coach("dose", "test-neck", "decline", "1")
    assert r.code == 0 and "Not now: 1. Neck hold stays at hold 30 s." in r.out
    assert OFFER not in coach("show", "test-neck").out
    r = coach("dose", "test-neck", "accept")
    assert r.code == 1 and "nothing is offered" in r.err


def test_flare_run_counts_and_is_marked(coach, data_dir: Path, tmp_path: Path) -> None:
    f = write_json(tmp_path / "neck.json", progressing())
    assert coach("add", str(f)).code == 0
    r = coach("run", "test-neck", "--flare", "--plain", "--speed", "100", input="")
    assert r.code == 0, r.err
    assert "Easy breathing" in r.out and "Neck hold" not in r.out
    assert "Gently today." in r.out
    [session] = Repository.open(data_dir).sessions()
    assert session.flare and session.status == "complete"
    assert [e.name for e in session.exercises] == ["Easy breathing"]
    r = coach("history")
    assert "flare" in r.out.lower()


def test_flare_without_a_flare_version_says_what_to_do(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "plain.json", minimal_routine())
    r = coach("run", str(f), "--flare", "--plain")
    assert r.code == 1
    assert "has no flare version" in r.err and "coach excuse today flare" in r.err


def test_report_lists_flare_sessions_and_the_dose_history(
    coach, data_dir: Path, tmp_path: Path
) -> None:
    f = write_json(tmp_path / "neck.json", progressing())
    assert coach("add", str(f)).code == 0
    export = tmp_path / "history.json"
    export.write_text(json.dumps(history()), encoding="utf-8")
    assert coach("import", str(export)).code == 0
    assert coach("dose", "test-neck", "accept").code == 0
    # a flare session at speed 1 (a run at another speed is practice: never in a report)
    export.write_text(json.dumps(history(days=0, flare_today=True)), encoding="utf-8")
    assert coach("import", str(export)).code == 0
    r = coach("export", "--format", "csv", "--out", str(tmp_path / "log.csv"))
    assert r.code == 0, r.err
    rows = (tmp_path / "log.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    flare_at = header.index("flare")
    assert [row.split(",")[flare_at] for row in rows[1:] if row.startswith("session")].count(
        "yes") == 1
    target = tmp_path / "report.html"
    r = coach("report", "--since", "2w", "--out", str(target))
    assert r.code == 0, r.err
    html = target.read_text(encoding="utf-8")
    assert "did the gentle flare version of Test neck routine" in html
    assert html.count('class="flare-day"') == 2  # today's cell in the calendar, and the legend
    assert "1 of the flare version" in html
    assert "<h2>Dose changes (the therapist's progression plan)</h2>" in html
    assert "Neck hold: raised to hold 35 s instead of 30 s" in html


def test_accepted_doses_travel_in_the_json_export(coach, data_dir: Path, tmp_path: Path) -> None:
    f = write_json(tmp_path / "neck.json", progressing())
    assert coach("add", str(f)).code == 0
    export = tmp_path / "history.json"
    export.write_text(json.dumps(history()), encoding="utf-8")
    assert coach("import", str(export)).code == 0
    assert coach("dose", "test-neck", "accept").code == 0
    backup = tmp_path / "backup.json"
    assert coach("export", "--format", "json", "--out", str(backup)).code == 0
    assert len(json.loads(backup.read_text(encoding="utf-8"))["dose_changes"]) == 1
    other = tmp_path / "other-data"
    env_args = ("--data-dir", str(other))
    assert coach("add", str(f), *env_args, data=False).code == 0
    r = coach("import", str(backup), *env_args, data=False)
    assert r.code == 0 and "Added 1 dose change." in r.out
    r = coach("show", "test-neck", *env_args, data=False)
    assert "Neck hold, set 1 of 1: hold 35 seconds" in r.out
    r = coach("import", str(backup), *env_args, data=False)  # again: nothing doubled
    assert "dose change" not in r.out
    assert len(Repository.open(other).dose_changes()) == 1
