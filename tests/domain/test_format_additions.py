"""Issue 14's optional keys: description, media, flare, progression; every rule of the contract.

Each refusal is checked for the file, the JSON path and the wording (``FILE: PATH: message``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from coach.domain.routine import Routine
from coach.domain.schema import routine_json_schema
from coach.domain.validation import RoutineInvalid, parse_routine

FILE = "neck.json"
HOLD = {"name": "Chin tuck", "kind": "posture", "hold_s": 30}
PLAN = {"step": {"hold_s": 5}, "max": {"hold_s": 60}, "after_sessions": 6, "if_pain_at_most": 3}


def doc(exercise: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"format": 1, "id": "neck", "title": "Neck",
                            "exercises": [exercise or HOLD]}  # fmt: skip
    base.update(top)
    return base


def parse(value: dict[str, Any]) -> Routine:
    return parse_routine(json.dumps(value).encode("utf-8"), FILE)


def problems(value: dict[str, Any]) -> list[str]:
    with pytest.raises(RoutineInvalid) as caught:
        parse(value)
    return [str(p) for p in caught.value.problems]


# --- description -------------------------------------------------------------------------------


def test_description_is_plain_text_with_newlines_and_tabs() -> None:
    text = "1. Sit tall.\n2. Slide the chin back.\tHold.\n[bold]not markup[/]"
    routine = parse(doc({**HOLD, "description": text}))
    assert routine.exercises[0].description == text


def test_description_at_most_2000_characters() -> None:
    assert parse(doc({**HOLD, "description": "x" * 2000})).exercises[0].description
    assert problems(doc({**HOLD, "description": "x" * 2001})) == [
        'neck.json: exercises[0].description: expected text of at most 2000 characters, got '
        'the text "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (2001 characters)'
    ]


@pytest.mark.parametrize("bad", ["a\x1b[31mb", "a\rb", "a\x9bb"])
def test_description_refuses_control_characters(bad: str) -> None:
    [message] = problems(doc({**HOLD, "description": bad}))
    assert message.startswith("neck.json: exercises[0].description: contains the control character")
    assert "only newline and tab are allowed here" in message


def test_description_must_be_text() -> None:
    [message] = problems(doc({**HOLD, "description": ["step 1"]}))
    assert message == (
        "neck.json: exercises[0].description: expected text of at most 2000 characters, "
        "got a list of 1 item"
    )


# --- media ----------------------------------------------------------------------------------


def test_media_with_image_video_and_credit() -> None:
    media = {"image": "images/chin tuck.PNG", "video": "https://example.org/v?id=1",
             "credit": "Drawn by the clinic"}  # fmt: skip
    routine = parse(doc({**HOLD, "media": media}))
    assert routine.exercises[0].media is not None
    assert routine.exercises[0].media.model_dump() == media


def test_video_at_exercise_level_suggests_nothing_wrong_but_is_unknown() -> None:
    [message] = problems(doc({**HOLD, "video": "https://example.org/v"}))
    assert message.startswith("neck.json: unknown key 'video' at exercises[0]")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/etc/passwd.png", 'the image path "/etc/passwd.png" is absolute; write it relative'),
        ("C:/pics/a.png", 'the image path "C:/pics/a.png" is absolute'),
        ("../other/a.png", "the image path must stay inside the routine's folder ('..' is"),
        ("images/../../a.png", "the image path must stay inside the routine's folder"),
        ("images\\a.png", "the image path must use forward slashes"),
        ("a.gif", "the image must be a PNG or JPEG file"),
        ("a.png\x1b", "the image path contains a control character"),
    ],
)
def test_hostile_image_paths_are_refused_by_form(path: str, expected: str) -> None:
    [message] = problems(doc({**HOLD, "media": {"image": path}}))
    assert message.startswith(f"neck.json: exercises[0].media.image: {expected}")


@pytest.mark.parametrize(
    "url",
    ["http://example.org/v", "ftp://example.org/v", "javascript:alert(1)", "file:///etc/passwd",
     "HTTPS//x", "example.org/video"],
)
def test_video_must_be_https(url: str) -> None:
    assert problems(doc({**HOLD, "media": {"video": url}})) == [
        "neck.json: exercises[0].media.video: the video must be an https:// link (http and "
        "other kinds of links are refused)"
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://", "the video link has no web address after https://"),
     ("https://a b.org/", "the video link contains a space or control character")],
)
def test_video_link_needs_a_host_and_no_spaces(url: str, expected: str) -> None:
    assert problems(doc({**HOLD, "media": {"video": url}})) == [
        f"neck.json: exercises[0].media.video: {expected}"
    ]


def test_media_needs_image_or_video_and_refuses_unknown_keys() -> None:
    assert problems(doc({**HOLD, "media": {"credit": "me"}})) == [
        "neck.json: exercises[0].media: 'media' needs an 'image' or a 'video'"
    ]
    assert problems(doc({**HOLD, "media": {"imge": "a.png"}})) == [
        "neck.json: unknown key 'imge' at exercises[0].media "
        "(did you mean 'image'?)"
    ]


def test_media_types_are_strict() -> None:
    found = problems(doc({**HOLD, "media": {"image": 3, "credit": ""}}))
    assert found == [
        'neck.json: exercises[0].media.image: expected a path to a .png or .jpg file inside the '
        'routine\'s folder, such as "images/chin-tuck.png", got 3',
        "neck.json: exercises[0].media.credit: expected text of 1 to 200 characters, "
        "got an empty text",
    ]
    [message] = problems(doc({**HOLD, "media": "a.png"}))
    assert message.startswith('neck.json: exercises[0].media: expected an object like {"image"')


# --- flare ----------------------------------------------------------------------------------


def test_flare_version_with_advice_and_its_own_exercises() -> None:
    breathing = {"name": "Breathing", "kind": "breathing", "duration_s": 60}
    flare = {"advice": "Gentle only.\nStop if it hurts more.", "exercises": [breathing]}
    routine = parse(doc(flare=flare))
    assert routine.flare is not None
    assert routine.flare.advice == flare["advice"]
    assert [e.name for e in routine.flare.exercises] == ["Breathing"]


def test_flare_exercises_follow_the_exercise_rules() -> None:
    bad = {"exercises": [{"name": "X", "kind": "stretch", "reps": 3, "duration_s": 5},
                         {"name": "Y", "kind": "strech", "hold_sec": 5}]}  # fmt: skip
    assert problems(doc(flare=bad)) == [
        "neck.json: flare.exercises[0]: 'duration_s' cannot be combined with 'reps'",
        "neck.json: flare.exercises[1]: does not say how long it lasts: give 'duration_s', or "
        "'hold_s' (with or without 'reps'), or 'reps' with 'tempo', or 'reps' alone",
        'neck.json: flare.exercises[1].kind: expected one of "stretch", "strength", "mobility", '
        '"release", "posture", "breathing", "cardio", got the text "strech"',
        "neck.json: unknown key 'hold_sec' at flare.exercises[1] "
        "(did you mean 'hold_s'?)",
    ]


def test_flare_needs_exercises_and_refuses_unknown_keys() -> None:
    assert problems(doc(flare={"advice": "x", "exercise": []})) == [
        "neck.json: flare: missing required key 'exercises' (expected a list of 1 to 60 "
        "exercises)",
        "neck.json: unknown key 'exercise' at flare (did you mean 'exercises'?)",
    ]
    assert problems(doc(flare={"exercises": []})) == [
        "neck.json: flare.exercises: expected a list of 1 to 60 exercises, got an empty list"
    ]
    assert problems(doc(flair={"exercises": [HOLD]})) == [
        "neck.json: unknown key 'flair' at the top level (did you mean 'flare'?)"
    ]


def test_flare_advice_text_rules() -> None:
    [message] = problems(doc(flare={"advice": "\x07", "exercises": [HOLD]}))
    assert message.startswith("neck.json: flare.advice: contains the control character U+0007")


def test_flare_exercises_cannot_progress() -> None:
    assert problems(doc(flare={"exercises": [{**HOLD, "progression": PLAN}]})) == [
        "neck.json: flare.exercises[0].progression: 'progression' is not used in the flare "
        "version (a flare day never raises the dose)"
    ]


# --- progression ----------------------------------------------------------------------------


def test_progression_over_each_dose_key() -> None:
    routine = parse(doc({**HOLD, "progression": PLAN}))
    progression = routine.exercises[0].progression
    assert progression is not None and progression.step.given == {"hold_s": 5}
    reps = {"name": "Squat", "kind": "strength", "reps": 8, "sets": 2, "progression": {
        "step": {"reps": 2, "sets": 1}, "max": {"reps": 12, "sets": 3},
        "after_sessions": 4, "if_pain_at_most": 2}}  # fmt: skip
    assert parse(doc(reps)).exercises[0].progression is not None
    timed = {"name": "Roll", "kind": "release", "duration_s": 60, "progression": {
        "step": {"duration_s": 15}, "max": {"duration_s": 120},
        "after_sessions": 3, "if_pain_at_most": 4}}  # fmt: skip
    assert parse(doc(timed)).exercises[0].progression is not None


def test_progression_steps_only_the_exercises_own_dose() -> None:
    plan = {**PLAN, "step": {"reps": 2}, "max": {"reps": 12}}
    assert problems(doc({**HOLD, "progression": plan})) == [
        "neck.json: exercises[0].progression: 'progression' steps 'reps' but this exercise has "
        "no 'reps' to raise"
    ]


def test_progression_max_must_be_above_the_written_dose() -> None:
    plan = {**PLAN, "max": {"hold_s": 30}}
    assert problems(doc({**HOLD, "progression": plan})) == [
        "neck.json: exercises[0].progression: 'progression.max.hold_s' (30) must be more than "
        "the exercise's 'hold_s' (30)"
    ]
    sets_plan = {**PLAN, "step": {"sets": 1}, "max": {"sets": 1}}
    assert problems(doc({**HOLD, "progression": sets_plan})) == [
        "neck.json: exercises[0].progression: 'progression.max.sets' (1) must be more than "
        "the exercise's 'sets' (1)"
    ]


def test_progression_step_and_max_name_the_same_keys() -> None:
    plan = {**PLAN, "step": {"hold_s": 5, "sets": 1}}
    assert problems(doc({**HOLD, "progression": plan})) == [
        "neck.json: exercises[0].progression: 'step' and 'max' must name the same keys "
        "('sets' is missing in 'max')"
    ]


def test_progression_types_bounds_and_unknown_keys() -> None:
    plan = {"step": {}, "max": {"hold_s": 700}, "after_sessions": True,
            "if_pain_at_most": 11, "every": 2}  # fmt: skip
    assert problems(doc({**HOLD, "progression": plan})) == [
        "neck.json: exercises[0].progression.step: give at least one of 'hold_s', "
        "'duration_s', 'reps', 'sets'",
        "neck.json: exercises[0].progression.max.hold_s: expected a number of seconds more than "
        "0 and at most 600, got 700",
        "neck.json: exercises[0].progression.after_sessions: expected a whole number from 1 to "
        "60, got true",
        "neck.json: exercises[0].progression.if_pain_at_most: expected a whole number from 0 to "
        "10, got 11",
        "neck.json: unknown key 'every' at exercises[0].progression",
    ]
    [message] = problems(doc({**HOLD, "progression": {**PLAN, "step": {"hold": 5}}}))
    assert "unknown key 'hold' at exercises[0].progression.step (did you mean 'hold_s'?)" in message


def test_progression_needs_every_key() -> None:
    found = problems(doc({**HOLD, "progression": {"step": {"hold_s": 5}}}))
    assert [m.split(": ", 2)[2].split(" (")[0] for m in found] == [
        "missing required key 'max'", "missing required key 'after_sessions'",
        "missing required key 'if_pain_at_most'",
    ]


# --- the published schema describes the additions --------------------------------------------


def test_schema_documents_every_new_key() -> None:
    schema = routine_json_schema()
    defs = schema["$defs"]
    exercise = defs["Exercise"]["properties"]
    for key in ("description", "media", "progression"):
        assert exercise[key].get("description"), key
    assert exercise["description"]["maxLength"] == 2000
    assert set(defs["Media"]["properties"]) == {"image", "video", "credit"}
    assert defs["Media"]["properties"]["video"]["pattern"].startswith("^https://")
    assert set(defs["Flare"]["properties"]) == {"advice", "exercises"}
    assert defs["Flare"]["required"] == ["exercises"]
    assert set(defs["Progression"]["required"]) == {
        "step", "max", "after_sessions", "if_pain_at_most"
    }
    assert set(defs["Dose"]["properties"]) == {"hold_s", "duration_s", "reps", "sets"}
    assert schema["properties"]["flare"]["$ref"] == "#/$defs/Flare"


# --- open-ended input: any image path or link is either accepted safely or refused in words ----

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coach.domain.routine_extras import image_path_problem, video_problem  # noqa: E402

PATHS = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(["..", ".", "a", "/", "\\", "img", "C:", "x.png", "y.JPG", ""]),
             max_size=6).map("/".join),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(PATHS)
def test_an_accepted_image_path_stays_inside_the_folder(path: str) -> None:
    problem = image_path_problem(path)
    if problem is None:
        assert not path.startswith("/") and ".." not in path.split("/")
        assert "\\" not in path and not (len(path) > 1 and path[1] == ":")
        assert path.lower().endswith((".png", ".jpg", ".jpeg"))
    routine = doc({**HOLD, "media": {"image": path}})
    try:
        parse(routine)
    except RoutineInvalid as err:
        assert all(p.path.startswith("exercises[0].media") for p in err.problems)
    else:
        assert problem is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(max_size=40).map("https://".__add__)))
def test_an_accepted_video_is_an_https_link(url: str) -> None:
    if video_problem(url) is None:
        assert url.lower().startswith("https://") and not any(c.isspace() for c in url)
