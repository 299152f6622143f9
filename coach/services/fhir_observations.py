"""FHIR R4 Observations of the client's check-ins (pure): :func:`to_fhir` and :func:`fhir_json`.

:func:`to_fhir` makes an R4 ``Bundle`` of type ``collection`` holding one ``Observation`` per pain
rating (LOINC 72514-3, ``valueInteger``, ``bodySite.text`` = region), per measure
(``valueQuantity`` in the measure's unit, UCUM-coded for cm, mm, m, deg, s, min, kg and %) and
per everyday-activity score (PSFS, ``valueInteger``, ``code.text`` only). Every observation is
``final``, has ``effectiveDateTime`` with the UTC offset and the subject ``Patient/self``: a
placeholder the receiving system replaces with the client's record. ``fullUrl`` is a
``urn:uuid:`` derived from the check-in id, so exporting twice gives the same ids.
:mod:`coach.services.fhir` adds the Patient and the sessions (the whole Bundle).
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from coach.domain.clinical import CONTEXT_WORDS, MeasureSpec
from coach.domain.records import CheckInRecord
from coach.services.export import aware, escape_c1

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_LOINC = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
PATIENT_REFERENCE = "Patient/self"
IDENTIFIER_SYSTEM = "urn:coach:observation"
UCUM_UNITS: dict[str, str] = {
    "cm": "cm", "mm": "mm", "m": "m", "deg": "deg", "degree": "deg", "degrees": "deg",
    "°": "deg", "s": "s", "sec": "s", "second": "s", "seconds": "s", "min": "min",
    "minute": "min", "minutes": "min", "kg": "kg", "%": "%",
}  # fmt: skip
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://coach.example/fhir")


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _entry(key: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}", "resource": resource}


def _observation(key: str, c: CheckInRecord, category: list[dict[str, Any]]) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": key}],
        "status": "final",
        "category": category,
        "subject": {"reference": PATIENT_REFERENCE},
        "effectiveDateTime": aware(c.at).isoformat(),
    }
    if c.note:
        obs["note"] = [{"text": c.note}]
    return obs


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A FHIR Quantity: UCUM-coded when the unit is an obvious UCUM unit, else unit text only."""
    q: dict[str, Any] = {"value": value, "unit": unit}
    code = UCUM_UNITS.get(unit.strip().lower()) or UCUM_UNITS.get(unit.strip())
    if code is not None:
        q.update(system=UCUM, code=code)
    return q


def to_fhir(
    checkins: Iterable[CheckInRecord],
    measures: Mapping[str, MeasureSpec],
    activities: Mapping[str, str],
    now: datetime,
) -> dict[str, Any]:
    """A FHIR R4 Bundle (type collection) of Observations; see the module docstring.

    ``measures``: measure id -> spec (label and unit; a measure without a spec keeps its id as
    the label and no unit); ``activities``: PSFS activity id -> name.
    """
    entries = []
    survey = _category("survey", "Survey")
    exam = _category("exam", "Exam")
    for c in sorted(checkins, key=lambda c: (aware(c.at), c.id)):
        context = CONTEXT_WORDS.get(c.context, c.context)
        for p in c.pain:
            if p.value is None:
                continue
            key = f"{c.id}/pain/{p.region}"
            obs = _observation(key, c, survey)
            obs["code"] = {
                "coding": [{"system": LOINC, "code": PAIN_LOINC, "display": PAIN_DISPLAY}],
                "text": f"Pain 0-10, {context}",
            }
            obs["valueInteger"] = int(p.value)
            obs["bodySite"] = {"text": p.region}
            entries.append(_entry(key, _ordered_keys(obs)))
        for measure_id, value in c.measures.items():
            if not math.isfinite(value):
                continue
            spec = measures.get(measure_id)
            key = f"{c.id}/measure/{measure_id}"
            obs = _observation(key, c, exam)
            obs["code"] = {"text": spec.label if spec else measure_id}
            if spec and spec.unit:
                obs["valueQuantity"] = quantity(float(value), spec.unit)
            else:
                obs["valueQuantity"] = {"value": float(value)}
            entries.append(_entry(key, _ordered_keys(obs)))
        for activity_id, score in c.function.items():
            key = f"{c.id}/function/{activity_id}"
            obs = _observation(key, c, survey)
            name = activities.get(activity_id, activity_id)
            obs["code"] = {"text": f"Patient-Specific Functional Scale (0-10): {name}"}
            obs["valueInteger"] = int(score)
            entries.append(_entry(key, _ordered_keys(obs)))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": aware(now).isoformat(timespec="seconds"),
        "entry": entries,
    }


_KEY_ORDER = (
    "resourceType", "identifier", "status", "category", "code", "subject", "effectiveDateTime",
    "valueInteger", "valueQuantity", "note", "bodySite",
)  # fmt: skip


def _ordered_keys(obs: dict[str, Any]) -> dict[str, Any]:
    """The observation's keys in the order of the FHIR specification (easier to read)."""
    return {k: obs[k] for k in _KEY_ORDER if k in obs}


def fhir_json(bundle: dict[str, Any]) -> str:
    """The bundle as JSON text (C1 controls escaped, like :func:`to_json`)."""
    text = json.dumps(bundle, indent=2, ensure_ascii=False, allow_nan=False)
    return escape_c1(text) + "\n"
