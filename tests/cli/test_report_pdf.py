"""The therapist's report as a therapist gets it: written by ``coach report``, printed to PDF by
headless Chromium (Debian ``chromium``, installed by .ci/run), read back with ``pdftotext``.

The client (Europe/London) follows a neck routine 3 times a day, 5 days a week, for 3 weeks;
the therapist raised the chin tucks from 10 to 12 reps after the first week; one pain stop
(7/10 during the chin tucks, limit 5); one practice run (speed 2) that must never count.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from tests.cli.conftest import minimal_routine

TZ_NAME = "Europe/London"
TZ = ZoneInfo(TZ_NAME)
ENV = {"TZ": TZ_NAME}
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def today() -> date:
    return datetime.now(TZ).date()


def routine_text(reps: int) -> str:
    doc = minimal_routine(frequency={"per_day": 3, "days_per_week": 5}, pain_stop=5)
    doc["exercises"][0]["reps"] = reps
    return json.dumps(doc, indent=2)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed(data: Path) -> dict[str, Any]:
    """Three weeks of history ending yesterday; returns what the report must say."""
    old, new = routine_text(10), routine_text(12)
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "test-neck.json").write_text(new, encoding="utf-8")
    repo = Repository.open(data)
    repo.remember_routine_version("test-neck", sha(old), old)
    repo.remember_routine_version("test-neck", sha(new), new)
    start = today() - timedelta(days=21)
    added = datetime.combine(start, time(8), TZ)
    repo.add_to_program(ProgramEntry(routine_id="test-neck", path="test-neck.json",
                                     sha256=sha(new), added_at=added))
    sessions, checkins = [], []
    pain_day = next(n for n in range(8, 21) if (start + timedelta(days=n)).weekday() < 5)
    for n in range(21):
        day = start + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        for k in range(1 + n % 3):
            at = datetime.combine(day, time(8 + 4 * k), TZ)
            skipped = n == pain_day and k == 0
            sessions.append(SessionRecord(
                id=f"s{n}-{k}", routine_id="test-neck", routine_title="Test neck routine",
                routine_hash=sha(old) if n < 7 else sha(new), started_at=at,
                ended_at=at + timedelta(minutes=8), status="complete",
                exercises=[
                    ExerciseLog(index=0, name="Chin tuck",
                                status="skipped" if skipped else "done"),
                    ExerciseLog(index=1, name="Upper trapezius stretch",
                                status="partial" if k == 2 else "done"),
                ]))  # fmt: skip
            if skipped:
                checkins.append(CheckInRecord(
                    at=at + timedelta(minutes=2), context="during_session", session_id=f"s{n}-0",
                    routine_id="test-neck", pain=[PainRating(region="neck", value=7)],
                    note="Pain 7/10 during Chin tuck, above the limit of 5/10: skipped the "
                         "exercise."))  # fmt: skip
    practice_at = datetime.combine(today() - timedelta(days=1), time(20), TZ)
    sessions.append(SessionRecord(
        id="practice", routine_id="test-neck", routine_title="Test neck routine",
        routine_hash=sha(new), started_at=practice_at, status="complete", speed=2.0,
        exercises=[ExerciseLog(index=0, name="Chin tuck", status="done")]))  # fmt: skip
    repo.import_records(sessions, checkins)
    counted = [s for s in sessions if s.id != "practice"]
    return {"sessions": len(counted)}


@pytest.fixture
def report(coach: Any, data_dir: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    facts = seed(data_dir)
    r = coach("profile", "--name", "Sam Jones", "--id", "TP-2041", "--therapist", "Alex Lee",
              "--clinic", "Town Physio", env=ENV)
    assert r.code == 0, r.err
    target = tmp_path / "report.html"
    r = coach("report", "--since", "4w", "--out", str(target), env=ENV)
    assert r.code == 0, r.err
    return target, facts


def print_to_pdf(html: Path, pdf: Path, profile: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian chromium is needed for the report test (.ci/run installs it)"
    subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_report_prints_on_a4_with_the_client_the_exercises_and_the_effort(
    report: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    html, facts = report
    source = html.read_text(encoding="utf-8")
    assert "<script" not in source and "http://" not in source.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    pdf = tmp_path / "report.pdf"
    print_to_pdf(html, pdf, tmp_path / "chromium-profile")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    # whose report it is
    assert "Home exercise progress report: Sam Jones" in flat
    assert "Client ID TP-2041" in flat and "Therapist Alex Lee" in flat
    assert "Clinic Town Physio" in flat
    # the per-exercise table: chin tucks skipped once for a pain stop at 7/10
    assert "Exercise by exercise" in flat
    assert "Exercise Prescribed Done Partly Skipped Not reached Pain stops" in flat
    chin = [line for line in text.splitlines() if line.strip().startswith("Chin tuck")][-1]
    done, partly, skipped = facts["sessions"] - 1, 0, 1
    assert chin.split()[3:6] == [str(done), str(partly), str(skipped)]
    assert "1 (pain 7/10)" in chin
    # the dose change from the stored versions
    assert "Dose history" in flat and "Chin tuck: reps 10 → 12" in flat
    # credit for effort
    assert "Active on" in flat and "Best week so far" in flat
    assert "Consistency:" in flat
    # the practice run never counts
    assert f"{facts['sessions']} complete sessions in this period" in flat
