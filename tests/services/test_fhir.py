"""The FHIR export: Patient from the profile, one Procedure per session, Observations linked to
their session; the Bundle validates against the FHIR models (``fhir.resources``, R4B)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fhir.resources.R4B.bundle import Bundle

from coach.domain.clinical import MeasureSpec
from coach.domain.profile import Profile
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.services.fhir import fhir_bundle
from coach.services.fhir_observations import fhir_json

TZ = ZoneInfo("Europe/London")
AT = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
PROFILE = Profile(name="Sam Jones", client_id="TP-2041", therapist="Alex Lee",
                  clinic="Town Physio")
REACH = {"reach": MeasureSpec(id="reach", label="Reach", unit="cm", better="higher")}


def session(sid: str, status: str, minutes: int = 10, speed: float = 1.0) -> SessionRecord:
    return SessionRecord(
        id=sid, routine_id="neck", routine_title="Neck & desk <posture>", routine_hash="h",
        started_at=AT, ended_at=AT + timedelta(minutes=minutes), status=status,  # type: ignore[arg-type]
        speed=speed,
        exercises=[ExerciseLog(index=0, name="Chin tuck", status="done"),
                   ExerciseLog(index=1, name="Stretch",
                               status="done" if status == "complete" else "skipped")],
    )  # fmt: skip


def records() -> tuple[list[SessionRecord], list[CheckInRecord]]:
    sessions = [session("s1", "complete", 12), session("s2", "partial", 4),
                session("p1", "complete", 2, speed=3.0)]
    checkins = [
        CheckInRecord(id="c1", at=AT + timedelta(minutes=13), context="after_session",
                      session_id="s1", routine_id="neck",
                      pain=[PainRating(region="neck", value=3)], measures={"reach": 14.5}),
        CheckInRecord(id="c2", at=AT - timedelta(days=1), context="at_rest",
                      pain=[PainRating(region="neck", value=4)]),
    ]  # fmt: skip
    return sessions, checkins


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_validates_with_the_client_and_sessions_as_procedures() -> None:
    sessions, checkins = records()
    bundle = fhir_bundle(sessions, checkins, REACH, {}, AT + timedelta(hours=1), PROFILE)
    Bundle.model_validate(json.loads(fhir_json(bundle)))  # raises when not valid FHIR
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Sam Jones"}]
    assert patient["identifier"][0]["value"] == "TP-2041"
    assert patient["identifier"][0]["assigner"] == {"display": "Town Physio"}
    assert patient["generalPractitioner"] == [{"display": "Alex Lee"}]
    patient_url = bundle["entry"][0]["fullUrl"]
    procedures = resources(bundle, "Procedure")
    assert [p["status"] for p in procedures] == ["completed", "stopped"]  # practice left out
    r4_statuses = {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed",
                   "entered-in-error", "unknown"}  # the model checks the format, not the code
    assert {p["status"] for p in procedures} <= r4_statuses
    done, partial = procedures
    assert done["code"] == {"text": "Neck & desk <posture>"}
    assert done["performedPeriod"]["end"] == (AT + timedelta(minutes=12)).isoformat()
    assert done["note"][0]["text"] == "Routine neck; 12 min; 2 of 2 exercises done."
    assert partial["statusReason"] == {"text": "ended early: 1 of 2 exercises done"}
    observations = resources(bundle, "Observation")
    assert len(observations) == 3  # two pain ratings and one measure
    assert all(o["subject"] == {"reference": patient_url, "display": "Sam Jones"}
               for o in [*observations, *procedures])
    linked = [o for o in observations if "partOf" in o]
    s1_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is done)
    assert len(linked) == 2 and all(o["partOf"] == [{"reference": s1_url}] for o in linked)
    again = fhir_bundle(sessions, checkins, REACH, {}, AT + timedelta(hours=1), PROFILE)
    assert again == bundle  # stable ids


def test_without_a_profile_the_subject_stays_the_placeholder() -> None:
    sessions, checkins = records()
    bundle = fhir_bundle(sessions, checkins, REACH, {}, AT, Profile(therapist="Alex Lee"),
                         include_practice=True)
    Bundle.model_validate(bundle)
    assert not resources(bundle, "Patient")
    assert len(resources(bundle, "Procedure")) == 3  # practice included on request
    assert {o["subject"]["reference"] for o in resources(bundle, "Observation")} == {
        "Patient/self"}
