"""The export builders: CSV columns, the JSON export read back, and the FHIR R4 bundle's structure.

The FHIR checks are the R4 rules that can be checked offline: Bundle.type, entry.fullUrl as
``urn:uuid:`` with a valid UUID and unique, Observation's required elements (status, code) and
their value sets, exactly one value[x] of the right JSON type, UCUM quantities (a code needs
its system), dateTime formats, and the LOINC code for pain.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.clinical import MeasureSpec
from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.services import export
from coach.services import fhir_observations as fo
from coach.storage.models import PsfsActivity

LONDON = ZoneInfo("Europe/London")
# FHIR R4 dateTime (with a time, the zone is required) and instant
FHIR_DATETIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$"
)
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                      "entered-in-error", "unknown"}
VALUE_KEYS = {"valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean",
              "valueInteger", "valueRange", "valueRatio", "valueSampledData", "valueTime",
              "valueDateTime", "valuePeriod"}


def sessions() -> list[SessionRecord]:
    start = datetime(2026, 7, 1, 7, 30, tzinfo=LONDON)
    return [
        SessionRecord(
            id="s1", routine_id="neck", routine_title="=Neck, \"desk\" routine",
            routine_hash="h", started_at=start, ended_at=start.replace(minute=42),
            status="complete",
            exercises=[ExerciseLog(index=0, name="a", status="done"),
                       ExerciseLog(index=1, name="b", status="skipped")],
        )
    ]


def checkins() -> list[CheckInRecord]:
    return [
        CheckInRecord(
            id="c1", at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 July in London
            context="after_session", session_id="s1",
            pain=[PainRating(region="neck", value=3), PainRating(region="low-back", value=None)],
            measures={"reach": 12.5, "turn": 40.0, "odd": 3.0},
            stiffness=4, function={"a1": 6}, note="+ felt\nbetter",
        ),
        CheckInRecord(id="c2", at=datetime(2026, 1, 10, 9, 0, tzinfo=LONDON),
                      context="at_rest", pain=[PainRating(region="shoulder", value=7)]),
    ]


SPECS = {
    "reach": MeasureSpec("reach", "Fingertip to floor", "cm", "lower"),
    "turn": MeasureSpec("turn", "Neck turn", "degrees", "higher"),
    "odd": MeasureSpec("odd", "Stands in 30 s", "stands", "higher"),
}


# --- CSV -------------------------------------------------------------------------------------


def test_csv_column_order_is_the_documented_contract() -> None:
    """Spreadsheets and therapists' scripts read columns by position: the order is written out
    here, not taken from the code's own list (swapping two columns must fail this test)."""
    header = export.to_csv(sessions(), checkins(), LONDON).splitlines()[0]
    assert header.split(",") == [
        "kind", "id", "local_date", "local_time", "timestamp", "routine_id", "routine_title",
        "status", "minutes", "exercises_done", "exercises_partial", "exercises_skipped",
        "exercises_total", "flare", "context", "session_id", "stiffness", "morning_stiffness_min",
        "note", "pain:low-back", "pain:neck", "pain:shoulder",
        "measure:odd", "measure:reach", "measure:turn",
        "function:a1",
    ]  # fmt: skip


def test_csv_has_the_documented_columns_and_one_row_per_record() -> None:
    text = export.to_csv(sessions(), checkins(), LONDON)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [*export.BASE_COLUMNS, "pain:low-back", "pain:neck",
                             "pain:shoulder", "measure:odd", "measure:reach", "measure:turn",
                             "function:a1"]
    assert [r["id"] for r in rows] == ["c2", "s1", "c1"]  # oldest first
    c2, s1, c1 = rows
    assert (s1["kind"], s1["status"], s1["minutes"], s1["exercises_done"],
            s1["exercises_skipped"], s1["exercises_total"]) == (
        "session", "complete", "12.0", "1", "1", "2")
    assert s1["routine_title"] == "'=Neck, \"desk\" routine"  # never a spreadsheet formula
    assert (c1["local_date"], c1["local_time"]) == ("2026-07-02", "00:30")  # BST, not UTC
    assert (c2["local_date"], c2["local_time"]) == ("2026-01-10", "09:00")  # GMT
    assert c1["timestamp"] == "2026-07-01T23:30:00+00:00"
    assert (c1["pain:neck"], c1["pain:low-back"], c1["measure:reach"], c1["function:a1"]) == (
        "3", "", "12.5", "6")
    assert c1["note"] == "'+ felt\nbetter" and c1["stiffness"] == "4"
    assert c2["pain:shoulder"] == "7" and c2["pain:neck"] == ""


# --- JSON ------------------------------------------------------------------------------------


def activities() -> list[PsfsActivity]:
    return [PsfsActivity(id="a1", name="Lifting", added_at=datetime(2026, 1, 1, tzinfo=UTC))]


def test_json_export_reads_back_to_the_same_records() -> None:
    excused = {date(2026, 7, 3): "flare"}
    text = export.to_json(sessions(), checkins(), excused, activities())
    data = export.parse_json(text, "x.json")
    assert data.sessions == sessions()
    assert sorted(data.checkins, key=lambda c: c.id) == sorted(checkins(), key=lambda c: c.id)
    assert data.excused == excused and data.activities == activities()
    again = export.to_json(data.sessions, data.checkins, data.excused, data.activities)
    assert again == text


def test_control_characters_are_escaped_in_json_text_and_refused_on_import() -> None:
    rec = checkins()[1].model_copy(update={"note": "a\x85b\x1bc"})  # unvalidated copy
    text = export.to_json([], [rec], {}, [])
    assert "\x85" not in text and "\x1b" not in text
    with pytest.raises(export.ExportError, match="note: .*U\\+0085 at character 2"):
        export.parse_json(text, "x")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "x.json: this is not a coach export"),
        ('{"coach_export": 2}', "x.json: export format 2 is not one this coach reads (1)"),
        ('{"coach_export": 1, "extra": 1}', "x.json: unknown key 'extra' in a coach export"),
        ('{"coach_export": 1, "sessions": {}}', "x.json: 'sessions' should be a list of records"),
        ('{"coach_export": 1, "checkins": [{"at": "2026-01-01T00:00:00Z", '
         '"context": "at_rest"}]}', "x.json: checkins[0] has no id (every record needs its id)"),
        ('{"coach_export": 1, "checkins": [{"id": "c", "at": "2026-01-01T00:00:00Z", '
         '"context": "at_rest", "stiffness": 11}]}',
         "x.json: checkins[0] > stiffness: 11 is out of bounds (input should be less than or "
         "equal to 10)"),
        ('{"coach_export": 1, "checkins": [{"id": "c", "at": "2026-01-01T00:00:00Z", '
         '"context": "at_rest", "measures": {"m": NaN}}]}', "x.json: NaN is not a number"),
        ('{"coach_export": 1, "excused_days": {"2026-13-01": "rest"}}',
         "x.json: excused_days: '2026-13-01' is not a date (YYYY-MM-DD)"),
        ('{"coach_export": 1, "excused_days": {"2026-01-01": "holiday"}}',
         "x.json: excused_days[2026-01-01]: the reason must be rest, flare or ill"),
    ],
)
def test_bad_exports_are_refused_with_a_specific_message(content: str, message: str) -> None:
    with pytest.raises(export.ExportError) as caught:
        export.parse_json(content, "x.json")
    assert str(caught.value).startswith(message)


# --- FHIR ------------------------------------------------------------------------------------


def check_r4_observation(obs: dict[str, Any]) -> None:
    """The R4 rules for Observation that hold offline (raises AssertionError)."""
    assert obs["resourceType"] == "Observation"
    assert obs["status"] in OBSERVATION_STATUS
    code = obs["code"]
    assert code.get("coding") or code.get("text")
    for coding in code.get("coding", []):
        assert isinstance(coding["system"], str) and coding["system"].startswith("http")
        assert isinstance(coding["code"], str) and coding["code"].strip() == coding["code"]
    for category in obs.get("category", []):
        for coding in category["coding"]:
            assert coding["system"] == fo.OBSERVATION_CATEGORY
            assert coding["code"] in {"survey", "exam", "vital-signs", "activity"}
    assert FHIR_DATETIME.match(obs["effectiveDateTime"]), obs["effectiveDateTime"]
    assert re.match(r"^[A-Za-z]+/[A-Za-z0-9\-.]{1,64}$", obs["subject"]["reference"])
    values = VALUE_KEYS & set(obs)
    assert len(values) == 1, values  # value[x]: at most one, and we always have one
    if "valueInteger" in obs:
        assert type(obs["valueInteger"]) is int  # noqa: E721 - bool is not an integer here
    if "valueQuantity" in obs:
        q = obs["valueQuantity"]
        assert isinstance(q["value"], int | float) and not isinstance(q["value"], bool)
        if "code" in q:  # qty-3: a coded unit needs its system
            assert q["system"] == fo.UCUM
    for note in obs.get("note", []):
        assert isinstance(note["text"], str) and note["text"]


def bundle() -> dict[str, Any]:
    now = datetime(2026, 7, 5, 10, 0, tzinfo=LONDON)
    return fo.to_fhir(checkins(), SPECS, {"a1": "Lifting <my> grandchild"}, now)


def test_fhir_bundle_is_a_structurally_valid_r4_collection() -> None:
    b = json.loads(fo.fhir_json(bundle()))
    assert b["resourceType"] == "Bundle" and b["type"] == "collection"
    assert FHIR_DATETIME.match(b["timestamp"])
    urls = [e["fullUrl"] for e in b["entry"]]
    assert len(urls) == len(set(urls)) == 2 + 3 + 1  # 2 pain (1 skipped), 3 measures, 1 PSFS
    for entry in b["entry"]:
        assert entry["fullUrl"].startswith("urn:uuid:")
        assert str(uuid.UUID(entry["fullUrl"][9:])) == entry["fullUrl"][9:]
        check_r4_observation(entry["resource"])
        assert entry["resource"]["subject"] == {"reference": "Patient/self"}


def test_fhir_pain_is_loinc_72514_3_with_an_integer_and_the_region() -> None:
    pain = [e["resource"] for e in bundle()["entry"]
            if e["resource"]["code"].get("coding", [{}])[0].get("code") == "72514-3"]
    assert [(p["bodySite"]["text"], p["valueInteger"]) for p in pain] == [
        ("shoulder", 7), ("neck", 3)]
    coding = pain[1]["code"]["coding"][0]
    assert coding == {"system": "http://loinc.org", "code": "72514-3",
                      "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
    assert pain[1]["effectiveDateTime"] == "2026-07-01T23:30:00+00:00"
    assert pain[0]["effectiveDateTime"] == "2026-01-10T09:00:00+00:00"
    assert pain[1]["status"] == "final" and pain[1]["note"] == [{"text": "+ felt\nbetter"}]


def test_fhir_measures_use_ucum_where_obvious_and_unit_text_otherwise() -> None:
    quantities = {e["resource"]["code"]["text"]: e["resource"]["valueQuantity"]
                  for e in bundle()["entry"] if "valueQuantity" in e["resource"]}
    assert quantities == {
        "Fingertip to floor": {"value": 12.5, "unit": "cm", "system": fo.UCUM, "code": "cm"},
        "Neck turn": {"value": 40.0, "unit": "degrees", "system": fo.UCUM, "code": "deg"},
        "Stands in 30 s": {"value": 3.0, "unit": "stands"},
    }
    assert fo.quantity(30, "s") == {"value": 30, "unit": "s", "system": fo.UCUM,
                                        "code": "s"}


def test_fhir_ids_are_stable_between_exports() -> None:
    later = fo.to_fhir(checkins(), SPECS, {}, datetime(2027, 1, 1, tzinfo=UTC))
    assert [e["fullUrl"] for e in later["entry"]] == [e["fullUrl"] for e in bundle()["entry"]]
    psfs = [e["resource"] for e in bundle()["entry"] if "PSFS" in str(e) or
            "Functional" in e["resource"]["code"].get("text", "")]
    assert psfs[0]["code"] == {"text": "Patient-Specific Functional Scale (0-10): "
                                       "Lifting <my> grandchild"}
    assert psfs[0]["valueInteger"] == 6
