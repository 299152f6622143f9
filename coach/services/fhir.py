"""The FHIR export with the client and the sessions: ``coach export --format fhir`` (pure).

:func:`coach.services.fhir_observations.to_fhir` makes the Observations (pain, measures, everyday
activities). :func:`fhir_bundle` completes the Bundle (R4, type ``collection``):

- a ``Patient`` from the client's profile (``name.text``, an ``identifier`` with the client ID
  and the clinic as its assigner, the clinic as ``managingOrganization``, the therapist as
  ``generalPractitioner``, all as display text). Every Observation and Procedure refers to it
  (its ``urn:uuid:`` fullUrl). Without a name or ID the subject stays the ``Patient/self``
  placeholder that the receiving system replaces;
- one ``Procedure`` per session (practice runs left out unless asked for): ``status``
  ``completed`` (complete), ``stopped`` (partial or abandoned; ``statusReason`` says how
  far it got) or ``in-progress``; ``code.text`` the routine's title; ``performedPeriod`` from
  start to end; a note with the duration and how many exercises were done;
- Observations recorded around a session name it in ``partOf``.

``fullUrl`` ids are ``urn:uuid:`` values derived from the record ids, so exporting twice gives
the same ids. The Bundle validates against the FHIR models (``fhir.resources``, tested).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from coach.domain.clinical import MeasureSpec
from coach.domain.days import is_practice
from coach.domain.profile import Profile
from coach.domain.records import CheckInRecord, SessionRecord
from coach.services.fhir_observations import PATIENT_REFERENCE, to_fhir

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://coach.example/fhir")
CLIENT_ID_SYSTEM = "urn:coach:client-id"
SESSION_SYSTEM = "urn:coach:session"
PROCEDURE_STATUS = {
    "complete": "completed", "partial": "stopped", "abandoned": "stopped",
    "in_progress": "in-progress",
}  # fmt: skip


def _url(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def patient(profile: Profile) -> dict[str, Any] | None:
    """The Patient resource of the profile, or None without a name or client ID."""
    if not (profile.name or profile.client_id):
        return None
    res: dict[str, Any] = {"resourceType": "Patient"}
    if profile.client_id:
        ident: dict[str, Any] = {"system": CLIENT_ID_SYSTEM, "value": profile.client_id}
        if profile.clinic:
            ident["assigner"] = {"display": profile.clinic}
        res["identifier"] = [ident]
    res["active"] = True
    if profile.name:
        res["name"] = [{"text": profile.name}]
    if profile.therapist:
        res["generalPractitioner"] = [{"display": profile.therapist}]
    if profile.clinic:
        res["managingOrganization"] = {"display": profile.clinic}
    return res


def procedure(s: SessionRecord, subject: dict[str, str]) -> dict[str, Any]:
    """One session as a Procedure."""
    statuses = [e.status for e in s.exercises]
    done, total = statuses.count("done"), len(statuses)
    res: dict[str, Any] = {
        "resourceType": "Procedure",
        "identifier": [{"system": SESSION_SYSTEM, "value": s.id}],
        "status": PROCEDURE_STATUS.get(s.status, "unknown"),
    }
    if s.status in ("partial", "abandoned"):
        how = "ended early" if s.status == "partial" else "left unfinished"
        res["statusReason"] = {"text": f"{how}: {done} of {total} exercises done"}
    res["category"] = {"text": "Home exercise program"}
    res["code"] = {"text": s.routine_title}
    res["subject"] = subject
    start = _aware(s.started_at)
    if s.ended_at is not None:
        end = _aware(s.ended_at)
        res["performedPeriod"] = {"start": start.isoformat(), "end": end.isoformat()}
        minutes = max(0.0, (end - start).total_seconds() / 60)
        duration = f"{minutes:.0f} min"
    else:
        res["performedDateTime"] = start.isoformat()
        duration = "duration not recorded"
    note = f"Routine {s.routine_id}; {duration}; {done} of {total} exercises done"
    partly = statuses.count("partial")
    if partly:
        note += f", {partly} partly"
    skipped = statuses.count("skipped")
    if skipped:
        note += f", {skipped} skipped"
    res["note"] = [{"text": note + "."}]
    return res


def fhir_bundle(
    sessions: Iterable[SessionRecord],
    checkins: Iterable[CheckInRecord],
    measures: Mapping[str, MeasureSpec],
    activities: Mapping[str, str],
    now: datetime,
    profile: Profile | None = None,
    include_practice: bool = False,
) -> dict[str, Any]:
    """The complete Bundle: Patient, a Procedure per session, the Observations."""
    checkins = list(checkins)
    bundle = to_fhir(checkins, measures, activities, now)
    profile = profile or Profile()
    person = patient(profile)
    subject: dict[str, str] = {"reference": PATIENT_REFERENCE}
    head: list[dict[str, Any]] = []
    if person is not None:
        key = f"patient/{profile.client_id or profile.name}"
        subject = {"reference": _url(key)}
        if profile.name:
            subject["display"] = profile.name
        head.append({"fullUrl": _url(key), "resource": person})
    kept = [s for s in sessions if include_practice or not is_practice(s)]
    procedures = {}
    for s in sorted(kept, key=lambda s: (_aware(s.started_at), s.id)):
        url = _url(f"session/{s.id}")
        procedures[s.id] = url
        head.append({"fullUrl": url, "resource": procedure(s, subject)})
    by_checkin = {c.id: c.session_id for c in checkins} if procedures else {}
    for entry in bundle["entry"]:
        obs = entry["resource"]
        obs["subject"] = dict(subject)
        ident = obs.get("identifier", [{}])[0].get("value", "")
        session_id = by_checkin.get(ident.split("/", 1)[0])
        if session_id in procedures:
            obs["partOf"] = [{"reference": procedures[session_id]}]
    bundle["entry"] = head + bundle["entry"]
    return bundle
