"""``coach stats``, ``coach excuse``, ``coach export``, ``coach import`` and ``coach report``.

The log is seeded through the storage Repository in the test process (same data folder), with
days relative to the real today in the time zone given to the subprocess (TZ), so the figures
below are computed by hand for that small history:

- one daily routine (``walk-daily``, 1 a day) in the program since T-9;
- complete sessions on T-9, T-8, T-7, T-5, T-3, T-2, T-1; T-6 missed; T-4 excused (ill);
  today only a partial session;
- streak: 3, broken on T-6, then T-5 (1), T-4 frozen, T-3..T-1 (4), today pending: 4, longest 4;
- adherence ends yesterday (today not done): last 7 days T-7..T-1 = 6 counted days (T-4
  excused), 5 done: 83 %; since start T-9..T-1 = 8 counted days, 7 done: 87.5 % -> 88 %;
- neck pain before sessions: 6, 6, 6 (T-9..T-7: the baseline), 3, 3, 4 (T-2..T): current 3.33,
  down 2.7 points (-44 %): meaningful;
- shoulder pain: 2, 2, 2 then 5, 5 (T-1, T): current = last 3 values 4.0, up 2.0 (+100 %):
  flagged; T-1 and T are flare days (3 points above the baseline);
- reach (cm, higher is better): 10, 10, 10, 14, 16: current 13.3, improved by 3.3 cm.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import (
    CheckInRecord,
    ExerciseLog,
    PainRating,
    SessionRecord,
    SessionStatus,
)
from coach.storage.models import ProgramEntry, PsfsActivity
from coach.storage.repo import Repository
from tests.cli.conftest import write_json

TZ_NAME = "Europe/London"
TZ = ZoneInfo(TZ_NAME)
ENV = {"TZ": TZ_NAME}
DONE_OFFSETS = (9, 8, 7, 5, 3, 2, 1)
ROUTINE = {
    "format": 1,
    "id": "walk-daily",
    "title": "Daily walk [slow]",
    "frequency": {"per_day": 1, "days_per_week": 7},
    "check_in": {
        "regions": ["neck", "shoulder"],
        "measures": [{"id": "reach", "label": "Reach", "unit": "cm", "better": "higher"}],
    },
    "exercises": [{"name": "Walk", "kind": "cardio", "region": "neck", "duration_s": 600}],
}


def today() -> date:
    return datetime.now(TZ).date()


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), TZ)


def session(day: date, status: SessionStatus = "complete") -> SessionRecord:
    return SessionRecord(
        routine_id="walk-daily", routine_title="Daily walk [slow]", routine_hash="h",
        started_at=at(day), ended_at=at(day) + timedelta(minutes=10), status=status,
        exercises=[ExerciseLog(index=0, name="Walk", status="done", seconds=600)],
    )


def checkin(day: date, neck: int | None, shoulder: int | None, reach: float | None,
            note: str | None = None) -> CheckInRecord:
    pain = [PainRating(region=r, value=v) for r, v in (("neck", neck), ("shoulder", shoulder))
            if v is not None]
    return CheckInRecord(
        at=at(day, 11), context="before_session", pain=pain,
        measures={} if reach is None else {"reach": reach}, note=note,
    )


def seed(data_dir: Path) -> date:
    """Write the history described in the module docstring; returns today."""
    t = today()
    write_json(data_dir / "routines" / "walk-daily.json", ROUTINE)
    repo = Repository.open(data_dir)
    repo.add_to_program(ProgramEntry(routine_id="walk-daily", path="walk-daily.json",
                                     sha256="h", added_at=at(t - timedelta(days=9), 9)))
    repo.save_psfs_activity(PsfsActivity(id="a1", name="Carrying shopping", added_at=at(t)))
    sessions = [session(t - timedelta(days=o)) for o in DONE_OFFSETS] + [session(t, "partial")]
    rows = [(9, 6, 2, 10), (8, 6, 2, 10), (7, 6, 2, 10), (2, 3, None, None), (1, 3, 5, 14),
            (0, 4, 5, 16)]
    checkins = [checkin(t - timedelta(days=o), n, s, r) for o, n, s, r in rows]
    checkins[-1] = checkins[-1].model_copy(update={"note": "=SUM(A1) <b> stiff"})
    repo.import_records(sessions, checkins)
    repo.set_excused(t - timedelta(days=4), "ill")
    return t


@pytest.fixture
def seeded(data_dir: Path) -> date:
    return seed(data_dir)


# --- stats -----------------------------------------------------------------------------------


def test_stats_json_matches_the_hand_computed_figures(coach, seeded: date) -> None:
    t = seeded
    result = coach("stats", "--json", env=ENV)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["as_of"] == t.isoformat()
    (routine,) = doc["routines"]
    assert routine["streak"] == {"current": 4, "longest": 4, "unit": "days"}
    last_7 = routine["adherence"]["last_7_days"]
    assert (last_7["percent"], last_7["done"], last_7["prescribed"]) == (83, 5, 6)
    assert last_7["excused_days"] == 1
    since = routine["adherence"]["since_start"]
    assert (since["percent"], since["done"], since["prescribed"]) == (88, 7, 8)
    assert since["first_day"] == (t - timedelta(days=9)).isoformat()
    assert since["last_day"] == (t - timedelta(days=1)).isoformat()
    monday = t - timedelta(days=t.weekday())
    week_done = sum(1 for o in DONE_OFFSETS if t - timedelta(days=o) >= monday)
    assert routine["this_week"] == {
        "days_done": week_done, "target": 7, "sessions_done": week_done, "sessions_target": 7,
    }
    assert routine["measured_from"] == (t - timedelta(days=9)).isoformat()
    # credit for effort: 7 complete days and today's partial session; the excused day without
    # work is left out, today counts once worked on: 8 active days of 9
    effort = doc["consistency"]
    assert (effort["active_days"], effort["days"]) == (8, 9)
    assert effort["this_week"]["sessions_done"] == week_done
    assert effort["best_week"]["percent"] >= effort["this_week"]["percent"]
    assert routine["consistency"]["active_days"] == 8
    assert doc["encouragement"] is None or isinstance(doc["encouragement"], str)
    pain = {p["subject"]: p for p in doc["pain"]}
    neck = pain["neck"]
    assert (neck["baseline"], neck["current"], neck["change"], neck["percent"]) == (
        6.0, 3.3, -2.7, -44)
    assert neck["meaningful"] and not neck["flag"]
    assert neck["sentence"] == (
        "Neck pain is down 2.7 points (\u221244 %) since you started: "
        "a change that is clinically meaningful"
    )
    shoulder = pain["shoulder"]
    assert (shoulder["change"], shoulder["percent"], shoulder["flag"]) == (2.0, 100, True)
    (reach,) = doc["measures"]
    assert (reach["baseline"], reach["current"], reach["change"]) == (10.0, 13.3, 3.3)
    assert reach["sentence"] == "Reach improved by 3.3 cm since you started"
    assert doc["flare_days"] == [(t - timedelta(days=1)).isoformat(), t.isoformat()]
    assert doc["excused_days"] == {(t - timedelta(days=4)).isoformat(): "ill"}


def test_stats_says_the_whole_programs_active_days_once(coach, data_dir: Path) -> None:
    """Two daily routines, worked on last Friday and Saturday only: the streak is 0, so the
    effort comes first in words, and the whole program's lines do not say it again."""
    monday = today() - timedelta(days=today().weekday())
    since = monday - timedelta(days=3)  # Friday
    repo = Repository.open(data_dir)
    for rid in ("walk-daily", "walk-two"):
        write_json(data_dir / "routines" / f"{rid}.json", {**ROUTINE, "id": rid})
        repo.add_to_program(ProgramEntry(routine_id=rid, path=f"{rid}.json", sha256="h",
                                         added_at=at(since, 8)))
    repo.import_records([session(since), session(since + timedelta(days=1))], [])
    days = (today() - since).days  # Friday to yesterday
    result = coach("stats", env=ENV)
    assert result.code == 0, result.err
    said = f"You have exercised on 2 of {days} days so far. One session today starts a new streak."
    assert result.out.count(said) == 1
    assert f"\nActive on 2 of {days} days\n" not in result.out  # the whole program's: said
    assert f"\n  Active on 2 of {days} days\n" in result.out  # walk-daily's own figures


def test_stats_text_shows_the_same_figures_and_marks_flagged_rises(coach, seeded: date) -> None:
    result = coach("stats", env=ENV)
    assert result.code == 0, result.err
    out = result.out
    assert "Daily walk [slow] (walk-daily): once a day, every day" in out
    assert "Streak:        4 days (longest 4 days)" in out
    assert "Last 7 days:   83 % (5 of 6 sessions), 1 excused day left out" in out
    assert "Since start:   88 % (7 of 8 sessions), 1 excused day left out" in out
    assert "\n  Active on 8 of 9 days\n" in out and "every one counts" not in out  # streak 4
    assert "  neck, before sessions: 6.0 → 3.3\n    Neck pain is down 2.7 points" in out
    assert "! shoulder, before sessions: 2.0 → 4.0\n    Shoulder pain is up 2.0 points " \
           "(+100 %) since you started. Please tell your therapist." in out
    assert "  Reach: 10.0 → 13.3 cm\n    Reach improved by 3.3 cm since you started" in out
    assert "! = please tell your therapist" in out


def test_an_excused_day_freezes_the_streak_and_clearing_it_breaks_it(coach, seeded: date) -> None:
    excused = (seeded - timedelta(days=4)).isoformat()
    cleared = coach("excuse", "--clear", excused, env=ENV)
    assert cleared.code == 0, cleared.err
    assert "is no longer excused" in cleared.out
    doc = json.loads(coach("stats", "--json", env=ENV).out)
    assert doc["routines"][0]["streak"] == {"current": 3, "longest": 3, "unit": "days"}
    again = coach("excuse", excused, "ill", env=ENV)
    assert again.code == 0
    doc = json.loads(coach("stats", "--json", env=ENV).out)
    assert doc["routines"][0]["streak"]["current"] == 4


def test_stats_with_an_empty_log_is_a_friendly_sentence(coach) -> None:
    result = coach("stats", env=ENV)
    assert result.code == 0
    assert result.out.startswith("Nothing logged yet. Do a session (`coach run ID`)")
    doc = json.loads(coach("stats", "--json", env=ENV).out)
    assert doc["empty"] is True and doc["routines"] == [] and doc["pain"] == []


def test_stats_routine_and_since_options(coach, seeded: date) -> None:
    unknown = coach("stats", "--routine", "nope", env=ENV)
    assert unknown.code == 1
    assert "'nope' is not in your program" in unknown.err
    bad = coach("stats", "--since", "last tuesday", env=ENV)
    assert bad.code == 1
    assert "can't read 'last tuesday' as a date" in bad.err
    doc = json.loads(coach("stats", "--since", "3d", "--routine", "walk-daily", "--json",
                           env=ENV).out)
    assert doc["since"] == (seeded - timedelta(days=2)).isoformat()
    assert doc["routines"][0]["measured_from"] == doc["since"]
    # from T-2 on: T-2 and T-1 done, today pending
    assert doc["routines"][0]["streak"]["current"] == 2


# --- excuse ----------------------------------------------------------------------------------


def test_excuse_defaults_to_today_and_refuses_far_future_days(coach, data_dir: Path) -> None:
    t = today()
    result = coach("excuse", "flare", env=ENV)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Excused {t:%A} {t.day} {t:%B %Y} (flare).")
    assert Repository.open(data_dir).excused_days() == {t: "flare"}
    tomorrow = coach("excuse", "tomorrow", "rest", env=ENV)
    assert tomorrow.code == 0
    far = (t + timedelta(days=2)).isoformat()
    refused = coach("excuse", far, "rest", env=ENV)
    assert refused.code == 1
    assert "is more than a day ahead" in refused.err
    assert set(Repository.open(data_dir).excused_days()) == {t, t + timedelta(days=1)}


def test_excuse_usage_errors(coach, data_dir: Path) -> None:
    wrong = coach("excuse", "sick", env=ENV)
    assert wrong.code == 2
    assert "'sick' is not a reason: use rest, flare or ill" in wrong.err
    bad_day = coach("excuse", "24/11/2026", "rest", env=ENV)
    assert bad_day.code == 1
    assert "can't read the day '24/11/2026'" in bad_day.err
    not_excused = coach("excuse", "--clear", "2026-01-05", env=ENV)
    assert not_excused.code == 1
    assert "was not excused; nothing changed" in not_excused.err


def test_more_than_three_excused_days_in_a_row_are_pointed_out(coach) -> None:
    t = today()
    for n in (3, 2, 1):
        assert coach("excuse", (t - timedelta(days=n)).isoformat(), "ill", env=ENV).code == 0
    fourth = coach("excuse", "ill", env=ENV)
    assert "that makes 4 excused days in a row" in fourth.out


# --- export and import -----------------------------------------------------------------------


def test_json_export_round_trips_and_import_adds_nothing_twice(
    coach, seeded: date, tmp_path: Path
) -> None:
    first = coach("export", "--format", "json", env=ENV)
    assert first.code == 0, first.err
    exported = tmp_path / "export.json"
    exported.write_text(first.out, encoding="utf-8")
    other = tmp_path / "other"
    imported = coach("import", str(exported), "--data-dir", str(other), env=ENV, data=False)
    assert imported.code == 0, imported.err
    assert imported.out.startswith("Imported 8 sessions and 6 check-ins")
    again = coach("export", "--format", "json", "--data-dir", str(other), env=ENV, data=False)
    assert again.out == first.out
    twice = coach("import", str(exported), "--data-dir", str(other), env=ENV, data=False)
    assert twice.out.startswith("Imported 0 sessions and 0 check-ins")
    assert "Already in your log, left as they are: 8 sessions and 6 check-ins." in twice.out
    repo = Repository.open(other)
    assert len(repo.sessions()) == 8 and len(repo.checkins()) == 6
    assert repo.excused_days() == {seeded - timedelta(days=4): "ill"}
    assert [a.name for a in repo.psfs_activities()] == ["Carrying shopping"]


def test_a_malformed_import_writes_nothing(coach, data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"coach_export": 1, "sessions": [', encoding="utf-8")
    result = coach("import", str(broken), env=ENV)
    assert result.code == 1
    assert f"{broken}: not valid JSON (Expecting value at line 1, column 34)" in result.err
    assert "Nothing was imported." in result.err
    good = session(today()).model_dump(mode="json")
    bad = {**session(today()).model_dump(mode="json"), "started_at": "yesterday"}
    mixed = write_json(tmp_path / "mixed.json",
                       {"coach_export": 1, "sessions": [good, bad], "checkins": []})
    result = coach("import", str(mixed), env=ENV)
    assert result.code == 1
    assert f"{mixed}: sessions[1] > started_at: Input should be a valid datetime" in result.err
    assert Repository.open(data_dir).sessions() == []
    other = write_json(tmp_path / "routine.json", ROUTINE)
    result = coach("import", str(other), env=ENV)
    assert result.code == 1 and "this is not a coach export" in result.err


def test_csv_and_fhir_exports(coach, seeded: date, tmp_path: Path) -> None:
    from coach.services.export import BASE_COLUMNS

    result = coach("export", "--format", "csv", env=ENV)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = lines[0].split(",")
    assert header == [*BASE_COLUMNS, "pain:neck", "pain:shoulder", "measure:reach"]
    assert len(lines) == 1 + 8 + 6
    assert "'=SUM(A1) <b> stiff" in result.out  # never run as a formula
    since = coach("export", "--format", "csv", "--since", "2d", env=ENV)
    assert len(since.out.splitlines()) == 1 + 2 + 2  # sessions and check-ins of T-1 and T
    target = tmp_path / "out" / "bundle.json"
    target.parent.mkdir()
    written = coach("export", "--format", "fhir", "--out", str(target), env=ENV)
    assert written.code == 0, written.err
    assert f"to {target} (FHIR)" in written.out
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    # 8 sessions as Procedures; 6 check-ins: 11 pain ratings and 5 reach measurements
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert (kinds.count("Procedure"), kinds.count("Observation")) == (8, 16)
    assert "Patient" not in kinds  # no profile yet: the Patient/self placeholder
    assert coach("profile", "--name", "Sam Jones", "--id", "TP-1", env=ENV).code == 0
    coach("export", "--format", "fhir", "--out", str(target), env=ENV)
    bundle = json.loads(target.read_text(encoding="utf-8"))
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    patient = bundle["entry"][0]["resource"]
    assert patient["resourceType"] == "Patient" and patient["name"] == [{"text": "Sam Jones"}]


# --- report ----------------------------------------------------------------------------------


def test_report_writes_one_html_file(coach, seeded: date, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = coach("report", "--since", "2w", "--out", str(target), env=ENV)
    assert result.code == 0, result.err
    start = seeded - timedelta(days=13)
    assert f"Wrote the report from {start:%A} {start.day} {start:%B %Y}" in result.out
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "Daily walk [slow]" in html and "=SUM(A1) &lt;b&gt; stiff" in html
    bad = coach("report", "--since", "soon", "--out", str(tmp_path / "x.html"), env=ENV)
    assert bad.code == 1 and "can't read 'soon' as a date" in bad.err
    assert not (tmp_path / "x.html").exists()


def test_practice_runs_never_count_unless_asked(coach, data_dir: Path, tmp_path: Path) -> None:
    t = seed(data_dir)
    practice = session(t - timedelta(days=4)).model_copy(update={"id": "practice", "speed": 3.0})
    Repository.open(data_dir).import_records([practice], [])
    # the excused day (T-4) done as practice only: still excused, nothing more counted
    doc = json.loads(coach("stats", "--json", env=ENV).out)
    assert doc["routines"][0]["adherence"]["since_start"]["done"] == 7
    with_practice = json.loads(coach("stats", "--json", "--include-practice", env=ENV).out)
    assert with_practice["routines"][0]["adherence"]["since_start"]["done"] == 8
    target = tmp_path / "log.csv"
    r = coach("export", "--format", "csv", "--out", str(target), env=ENV)
    assert "Left out 1 practice run (--include-practice keeps them)." in r.out
    assert "practice" not in target.read_text(encoding="utf-8")
    coach("export", "--format", "csv", "--include-practice", "--out", str(target), env=ENV)
    assert "practice" in target.read_text(encoding="utf-8")
