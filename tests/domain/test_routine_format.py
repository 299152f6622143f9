"""Routine file format v1: every rule of ROUTINE_FORMAT.md, valid and invalid, with its message.

Each refusal is checked for the file, the JSON path and the wording (``FILE: PATH: message``).
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from pydantic import ValidationError

from coach.domain.routine import Exercise, Routine
from coach.domain.validation import (
    MAX_FILE_BYTES,
    Problem,
    RoutineInvalid,
    parse_routine,
    path_text,
)

FILE = "neck.json"
KINDS = '"stretch", "strength", "mobility", "release", "posture", "breathing", "cardio"'
SIDES = '"none", "each", "left", "right", "alternate"'
ID_WORDS = (
    "an id made of lowercase letters, digits and hyphens, starting with a letter or digit, "
    "at most 64 characters"
)
NO_DOSE = (
    "does not say how long it lasts: give 'duration_s', or 'hold_s' (with or without 'reps'), "
    "or 'reps' with 'tempo', or 'reps' alone"
)


def doc(**top: Any) -> dict[str, Any]:
    """A minimal valid routine (one rep-counted exercise), with top-level keys replaced."""
    base: dict[str, Any] = {
        "format": 1,
        "id": "neck",
        "title": "Neck",
        "exercises": [{"name": "Chin tuck", "kind": "posture", "reps": 10}],
    }
    base.update(top)
    return base


def with_exercise(**fields: Any) -> dict[str, Any]:
    """A routine whose only exercise is ``{"name": "Ex", "kind": "stretch", **fields}``."""
    return doc(exercises=[{"name": "Ex", "kind": "stretch", **fields}])


def encode(value: Any) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")


def parse(value: Any) -> Routine:
    return parse_routine(encode(value), FILE)


def problems(value: Any) -> list[str]:
    """The printed problem lines for a file that must be refused."""
    with pytest.raises(RoutineInvalid) as caught:
        parse(value)
    assert caught.value.problems, "refused without a problem"
    for problem in caught.value.problems:
        assert problem.file == FILE
    return [str(p) for p in caught.value.problems]


def line(path: str, message: str) -> str:
    return f"{FILE}: {message}" if path == "$" else f"{FILE}: {path}: {message}"


# --- valid files: one per dosing form and side mode -----------------------------------------

VALID_EXERCISES = {
    "duration_s": ({"duration_s": 60}, lambda e: e.duration_s == 60 and e.reps is None),
    "hold_s": ({"hold_s": 30.5}, lambda e: e.hold_s == 30.5 and e.reps is None),
    "reps+hold_s": ({"reps": 10, "hold_s": 5}, lambda e: (e.reps, e.hold_s) == (10, 5)),
    "reps+tempo": ({"reps": 8, "tempo": "3-1-2"}, lambda e: e.tempo_s == (3, 1, 2)),
    "reps alone": ({"reps": 12}, lambda e: e.reps == 12 and e.tempo_s is None),
    "side each": (
        {"reps": 10, "side": "each", "switch_s": 8},
        lambda e: e.side == "each" and e.effective_switch_s == 8,
    ),
    "side each default switch": (
        {"hold_s": 30, "side": "each"},
        lambda e: e.switch_s is None and e.effective_switch_s == 5,
    ),
    "side alternate": ({"reps": 6, "side": "alternate"}, lambda e: e.side == "alternate"),
    "side left": ({"hold_s": 20, "side": "left"}, lambda e: e.side == "left"),
    "side right": ({"duration_s": 45, "side": "right"}, lambda e: e.side == "right"),
    "side none": ({"reps": 5, "side": "none"}, lambda e: e.side == "none"),
    "everything": (
        {"region": "neck", "cues": ["Tall spine"], "equipment": ["band"], "sets": 3, "reps": 10,
         "tempo": "2-0-2", "rest_s": 30, "note": "Slow.\n\tNo pain."},
        lambda e: (e.sets, e.rest_s, e.note) == (3, 30, "Slow.\n\tNo pain."),
    ),
}


@pytest.mark.parametrize("fields,check", VALID_EXERCISES.values(), ids=VALID_EXERCISES.keys())
def test_valid_exercise_forms_are_accepted(fields: dict[str, Any], check: Any) -> None:
    routine = parse(with_exercise(**fields))
    assert check(routine.exercises[0])


def test_a_full_routine_keeps_every_value_and_defaults() -> None:
    full = doc(
        **{"$schema": "https://coach.example/routine.schema.json"},
        summary="For desk workers.\nTwice a day.",
        author="Clinic",
        tags=["neck", "posture"],
        frequency={"per_day": 2, "days_per_week": 5},
        pain_stop=3,
        advice="Stop if it tingles.\tCall us.",
        check_in={
            "before": True, "after": False, "regions": ["neck"],
            "measures": [{"id": "rot-left", "label": "Rotation", "unit": "deg",
                          "better": "higher", "min": 0, "max": 90}],
        },
    )
    routine = parse(full)
    assert routine.schema_ == "https://coach.example/routine.schema.json"
    assert (routine.frequency.per_day, routine.frequency.days_per_week) == (2, 5)
    assert routine.pain_stop == 3 and routine.check_in.after is False
    assert routine.check_in.measures[0].max == 90
    assert routine.check_in_regions == ["neck"]
    minimal = parse(doc())
    assert (minimal.frequency.per_day, minimal.frequency.days_per_week) == (1, 7)
    assert minimal.pain_stop == 5 and minimal.check_in.before and minimal.check_in.after


def test_check_in_asking_nothing_is_fine() -> None:
    routine = parse(doc(check_in={"before": False, "after": False}))
    assert (routine.check_in.before, routine.check_in.after, routine.check_in.measures) == (
        False, False, [],
    )


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbf" + encode(doc(title="Nacken – Übung"))).title == "Nacken – Übung"


def test_markup_like_text_is_kept_exactly() -> None:
    routine = parse(doc(title="[bold]x[/]", exercises=[{"name": "Squat [3/4 depth]",
                                                         "kind": "strength", "reps": 5}]))
    assert (routine.title, routine.exercises[0].name) == ("[bold]x[/]", "Squat [3/4 depth]")


# --- reading: size, encoding, syntax, depth, numbers, duplicates, top level --------------------


def test_a_file_of_exactly_1_mib_is_read_and_one_byte_more_is_refused() -> None:
    text = encode(doc())
    padded = text[:-1] + b" " * (MAX_FILE_BYTES - len(text)) + b"}"
    assert len(padded) == MAX_FILE_BYTES
    assert parse(padded).id == "neck"
    assert problems(padded + b" ") == [
        line("$", f"the file is larger than 1 MiB ({MAX_FILE_BYTES + 1} bytes); it was not read")
    ]


def test_not_utf8_is_refused_with_the_byte_offset() -> None:
    data = '{"format": 1, "title": "Épaule"}'.encode("latin-1")
    assert problems(data) == [line(
        "$", "the file is not UTF-8 text: the byte 0xC9 at byte offset 24 is not valid UTF-8 "
        "(save the file as UTF-8)",
    )]


@pytest.mark.parametrize(
    "text,where,words",
    [
        ('{"format": 1,\n "id": "a",\n}', "line 3, column 1",
         "expected a key in double quotes (a comma before '}' also causes this)"),
        ('{"format": 1 "id": "a"}', "line 1, column 14",
         "expected ',' between items, or the end of the list or object"),
        ('{"format" 1}', "line 1, column 11", "expected ':' after the key"),
        ('{"format": }', "line 1, column 12", "expected a value (a number, text in double "
         "quotes, true, false, a list [...] or an object {...})"),
        ('{"title": "open}', "line 1, column 11", 'text in double quotes is not closed '
         '(a " is missing)'),
        ('{"title": "a\nb"}', "line 1, column 13", "a line break or control character inside "
         "text in double quotes (write \\n for a new line)"),
        ('{"title": "\\q"}', "line 1, column 12", "a backslash must start an escape such as "
         '\\n, \\" or \\\\'),
        ('{"format": 1} {}', "line 1, column 15", "more text after the end of the routine's "
         "object"),
    ],
)
def test_json_syntax_errors_give_line_and_column(text: str, where: str, words: str) -> None:
    assert problems(text.encode()) == [line("$", f"this is not valid JSON at {where}: {words}")]


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_an_empty_file_says_so(data: bytes) -> None:
    assert problems(data) == [line("$", "the file is empty (expected a routine: a JSON object)")]


@pytest.mark.parametrize("levels,refused", [(32, False), (33, True), (5000, True)])
def test_nesting_deeper_than_32_levels_is_refused(levels: int, refused: bool) -> None:
    # root object = level 1; the rest nests under an unknown key
    text = '{"format": 1, "x": ' + '{"x": ' * (levels - 2) + "{}" + "}" * (levels - 1)
    deep = line("$", "the JSON is nested deeper than 32 levels")
    assert (deep in problems(text.encode())) is refused
    if refused:
        assert problems(text.encode()) == [deep]


@pytest.mark.parametrize(
    "written,shown",
    [("NaN", "NaN (NaN and Infinity are not numbers in a routine file)"),
     ("Infinity", "Infinity (NaN and Infinity are not numbers in a routine file)"),
     ("-Infinity", "-Infinity (NaN and Infinity are not numbers in a routine file)"),
     ("1e400", "1e400 (too large to be a number here)")],
)
def test_nan_and_infinity_are_not_numbers(written: str, shown: str) -> None:
    text = json.dumps(with_exercise(hold_s=1)).replace('"hold_s": 1', f'"hold_s": {written}')
    assert problems(text.encode()) == [line(
        "exercises[0].hold_s", f"expected a number of seconds more than 0 and at most 600, got "
        f"{shown}",
    )]


def test_a_huge_integer_is_refused_without_crashing() -> None:
    text = json.dumps(doc()).replace('"reps": 10', '"reps": 1' + "0" * 5000)
    assert problems(text.encode()) == [line(
        "exercises[0].reps", "expected a whole number from 1 to 100, got a number of 5001 digits "
        "(too large to be a number here)",
    )]


def test_duplicate_keys_are_refused_at_every_level() -> None:
    text = (
        '{"format": 1, "id": "a", "title": "T", "id": "b", "exercises": '
        '[{"name": "E", "kind": "stretch", "hold_s": 30, "hold_s": 300}]}'
    )
    assert problems(text.encode()) == [
        line("$", "duplicate key 'id' (a value written twice is ambiguous)"),
        line("exercises[0]", "duplicate key 'hold_s' (a value written twice is ambiguous)"),
    ]


@pytest.mark.parametrize(
    "value,shown", [([], "an empty list"), ([doc()], "a list of 1 item"), ("x", 'the text "x"'),
                    (1, "1"), (None, "null")],
)
def test_the_top_level_must_be_an_object(value: Any, shown: str) -> None:
    assert problems(value) == [
        line("$", f"expected the routine as a JSON object {{...}}, got {shown}")
    ]


# --- format ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,written", [(2, "2"), (0, "0"), ("1", '"1"'), (True, "true"), (1.0, "1.0"),
                      (None, "null"), ([1], "[1]")],
)
def test_an_unsupported_format_stops_there(value: Any, written: str) -> None:
    bad_everything = doc(format=value, id="Bad Id", exercises="none", unknown=1)
    assert problems(bad_everything) == [
        line("format", f"unsupported format {written} (this coach reads 1)")
    ]


def test_a_missing_format_is_reported_first_and_the_rest_still_checked() -> None:
    data = doc(id="Bad Id")
    del data["format"]
    assert problems(data) == [
        line("$", "missing required key 'format' (write \"format\": 1)"),
        line("id", f'expected {ID_WORDS}, got the text "Bad Id"'),
    ]


# --- unknown and missing keys ------------------------------------------------------------------


def test_unknown_key_message_is_exactly_the_contracts() -> None:
    exercises = [{"name": f"E{i}", "kind": "stretch", "reps": 5} for i in range(3)]
    exercises[2]["hold_sec"] = 5
    # the message names the place, as the format's example does: the path is not said twice
    assert problems(doc(exercises=exercises)) == [
        f"{FILE}: unknown key 'hold_sec' at exercises[2] (did you mean 'hold_s'?)"
    ]


@pytest.mark.parametrize(
    "data,path,message",
    [
        (doc(titel="x"), "$", "unknown key 'titel' at the top level (did you mean 'title'?)"),
        (doc(schema="x"), "$", "unknown key 'schema' at the top level (did you mean '$schema'?)"),
        (doc(schema_="x"), "$", "unknown key 'schema_' at the top level (did you mean '$schema'?)"),
        (doc(zzzz=1), "$", "unknown key 'zzzz' at the top level"),
        (with_exercise(reps=5, Reps=5), "exercises[0]",
         "unknown key 'Reps' at exercises[0] (did you mean 'reps'?)"),
        (with_exercise(reps=5, colour="red"), "exercises[0]",
         "unknown key 'colour' at exercises[0]"),
        (with_exercise(reps=5, **{"ho\x1bld_s": 1}), "exercises[0]",
         "unknown key 'ho\\u001bld_s' at exercises[0] (did you mean 'hold_s'?)"),
        (doc(frequency={"perday": 2}), "frequency",
         "unknown key 'perday' at frequency (did you mean 'per_day'?)"),
        (doc(check_in={"measure": []}), "check_in",
         "unknown key 'measure' at check_in (did you mean 'measures'?)"),
        (doc(check_in={"measures": [{"id": "a", "label": "A", "unit": "cm", "better": "lower",
                                     "maximum": 9}]}),
         "check_in.measures[0]",
         "unknown key 'maximum' at check_in.measures[0] (did you mean 'max'?)"),
    ],
)
def test_unknown_keys_name_the_closest_known_key(data: Any, path: str, message: str) -> None:
    assert problems(data) == [f"{FILE}: {message}"]  # the path said once, in the message
    with pytest.raises(RoutineInvalid) as caught:
        parse(data)
    (problem,) = caught.value.problems
    assert (problem.path, problem.message) == (path, message)
    assert problem.what == message.replace(f" at {path}", "").replace(" at the top level", "")


@pytest.mark.parametrize(
    "drop,path,message",
    [
        ("id", "$", f"missing required key 'id' (expected {ID_WORDS})"),
        ("title", "$", "missing required key 'title' (expected text of 1 to 80 characters)"),
        ("exercises", "$",
         "missing required key 'exercises' (expected a list of 1 to 60 exercises)"),
        ("name", "exercises[0]",
         "missing required key 'name' (expected text of 1 to 60 characters)"),
        ("kind", "exercises[0]", f"missing required key 'kind' (expected one of {KINDS})"),
    ],
)
def test_missing_required_keys(drop: str, path: str, message: str) -> None:
    data = doc()
    (data if drop in data else data["exercises"][0]).pop(drop)
    assert problems(data) == [line(path, message)]


@pytest.mark.parametrize("drop", ["id", "label", "unit", "better"])
def test_missing_measure_keys(drop: str) -> None:
    measure = {"id": "a", "label": "A", "unit": "cm", "better": "lower"}
    del measure[drop]
    found = problems(doc(check_in={"measures": [measure]}))
    assert len(found) == 1
    assert found[0].startswith(line("check_in.measures[0]", f"missing required key '{drop}' ("))


# --- types, bounds, patterns, enums --------------------------------------------------------------

SECONDS_600 = "a number of seconds more than 0 and at most 600"
TYPE_CASES = [
    (doc(id="Neck"), "id", f'expected {ID_WORDS}, got the text "Neck"'),
    (doc(id="-neck"), "id", f'expected {ID_WORDS}, got the text "-neck"'),
    (doc(id="a" * 65), "id", f'expected {ID_WORDS}, got the text "{"a" * 39}…" (65 characters)'),
    (doc(id="neck\n"), "id", f'expected {ID_WORDS}, got the text "neck\\n"'),
    (doc(id=5), "id", f"expected {ID_WORDS}, got 5"),
    (doc(title=""), "title", "expected text of 1 to 80 characters, got an empty text"),
    (doc(title="t" * 81), "title",
     f'expected text of 1 to 80 characters, got the text "{"t" * 39}…" (81 characters)'),
    (doc(title=["T"]), "title", "expected text of 1 to 80 characters, got a list of 1 item"),
    (doc(summary="s" * 501), "summary",
     f'expected text of at most 500 characters, got the text "{"s" * 39}…" (501 characters)'),
    (doc(author=3), "author", "expected text, got 3"),
    (doc(advice=[]), "advice", "expected text, got an empty list"),
    (doc(**{"$schema": 3}), "$schema", "expected text, got 3"),
    (doc(tags="neck"), "tags", 'expected a list of texts, got the text "neck"'),
    (doc(tags=["ok", 1]), "tags[1]", "expected text, got 1"),
    (doc(frequency=3), "frequency", 'expected an object like {"per_day": 1, "days_per_week": 7}, '
     "got 3"),
    (doc(frequency={"per_day": 0}), "frequency.per_day",
     "expected a whole number from 1 to 6, got 0"),
    (doc(frequency={"per_day": 7}), "frequency.per_day",
     "expected a whole number from 1 to 6, got 7"),
    (doc(frequency={"per_day": True}), "frequency.per_day",
     "expected a whole number from 1 to 6, got true"),
    (doc(frequency={"days_per_week": 8}), "frequency.days_per_week",
     "expected a whole number from 1 to 7, got 8"),
    (doc(frequency={"days_per_week": 1.5}), "frequency.days_per_week",
     "expected a whole number from 1 to 7, got 1.5"),
    (doc(pain_stop=11), "pain_stop", "expected a whole number from 0 to 10, got 11"),
    (doc(pain_stop=-1), "pain_stop", "expected a whole number from 0 to 10, got -1"),
    (doc(pain_stop=5.0), "pain_stop", "expected a whole number from 0 to 10, got 5.0"),
    (doc(pain_stop="5"), "pain_stop", 'expected a whole number from 0 to 10, got the text "5"'),
    (doc(check_in=[]), "check_in", 'expected an object like {"before": true, "after": true}, '
     "got an empty list"),
    (doc(check_in={"before": "yes"}), "check_in.before",
      'expected true or false, got the text "yes"'),
    (doc(check_in={"after": 1}), "check_in.after", "expected true or false, got 1"),
    (doc(check_in={"regions": "neck"}), "check_in.regions",
     'expected a non-empty list of region names, got the text "neck"'),
    (doc(check_in={"regions": []}), "check_in.regions",
     "expected a non-empty list of region names, got an empty list"),
    (doc(check_in={"regions": [""]}), "check_in.regions[0]",
     "expected text of 1 to 40 characters, got an empty text"),
    (doc(check_in={"measures": {}}), "check_in.measures",
     "expected a list of measures, got an object"),
    (doc(check_in={"measures": [1]}), "check_in.measures[0]",
     "expected a measure (an object with 'id', 'label', 'unit' and 'better'), got 1"),
    (doc(exercises=[]), "exercises", "expected a list of 1 to 60 exercises, got an empty list"),
    (doc(exercises=[doc()["exercises"][0]] * 61), "exercises",
     "expected a list of 1 to 60 exercises, got a list of 61 items"),
    (doc(exercises={}), "exercises", "expected a list of 1 to 60 exercises, got an object"),
    (doc(exercises=["Squat"]), "exercises[0]",
     "expected an exercise (an object with at least 'name' and 'kind'), got the text \"Squat\""),
    (with_exercise(reps=5, name=""), "exercises[0].name",
     "expected text of 1 to 60 characters, got an empty text"),
    (with_exercise(reps=5, kind="strech"), "exercises[0].kind",
     f'expected one of {KINDS}, got the text "strech"'),
    (with_exercise(reps=5, region=""), "exercises[0].region",
     "expected text of 1 to 40 characters, got an empty text"),
    (with_exercise(reps=5, cues="x"), "exercises[0].cues",
      'expected a list of texts, got the text "x"'),
    (with_exercise(reps=5, equipment=["band", 2]), "exercises[0].equipment[1]",
     "expected text, got 2"),
    (with_exercise(reps=5, sets=0), "exercises[0].sets",
     "expected a whole number from 1 to 20, got 0"),
    (with_exercise(reps=5, sets=21), "exercises[0].sets",
     "expected a whole number from 1 to 20, got 21"),
    (with_exercise(reps=5, sets=True), "exercises[0].sets",
     "expected a whole number from 1 to 20, got true"),
    (with_exercise(reps=0), "exercises[0].reps", "expected a whole number from 1 to 100, got 0"),
    (with_exercise(reps=101), "exercises[0].reps",
     "expected a whole number from 1 to 100, got 101"),
    (with_exercise(reps="10"), "exercises[0].reps",
     'expected a whole number from 1 to 100, got the text "10"'),
    (with_exercise(reps=10.5), "exercises[0].reps",
     "expected a whole number from 1 to 100, got 10.5"),
    (with_exercise(hold_s=0), "exercises[0].hold_s", f"expected {SECONDS_600}, got 0"),
    (with_exercise(hold_s=600.5), "exercises[0].hold_s", f"expected {SECONDS_600}, got 600.5"),
    (with_exercise(hold_s="10"), "exercises[0].hold_s",
     f'expected {SECONDS_600}, got the text "10"'),
    (with_exercise(hold_s=False), "exercises[0].hold_s", f"expected {SECONDS_600}, got false"),
    (with_exercise(duration_s=3601), "exercises[0].duration_s",
     "expected a number of seconds more than 0 and at most 3600, got 3601"),
    (with_exercise(duration_s=-5), "exercises[0].duration_s",
     "expected a number of seconds more than 0 and at most 3600, got -5"),
    (with_exercise(reps=5, rest_s=-1), "exercises[0].rest_s",
     "expected a number of seconds from 0 to 600, got -1"),
    (with_exercise(reps=5, rest_s=601), "exercises[0].rest_s",
     "expected a number of seconds from 0 to 600, got 601"),
    (with_exercise(reps=5, side="both"), "exercises[0].side",
     f'expected one of {SIDES}, got the text "both"'),
    (with_exercise(reps=5, side="each", switch_s=61), "exercises[0].switch_s",
     "expected a number of seconds from 0 to 60, got 61"),
    (with_exercise(reps=5, side="each", switch_s=-1), "exercises[0].switch_s",
     "expected a number of seconds from 0 to 60, got -1"),
    (with_exercise(reps=5, note=5), "exercises[0].note", "expected text, got 5"),
]


@pytest.mark.parametrize("data,path,message", TYPE_CASES)
def test_types_bounds_patterns_and_enums(data: Any, path: str, message: str) -> None:
    assert problems(data) == [line(path, message)]


TEMPO_WORDS = 'a tempo of three whole numbers of seconds, down-pause-up, such as "3-1-2"'


@pytest.mark.parametrize(
    "tempo,message",
    [
        ("3-1", f'expected {TEMPO_WORDS}, got the text "3-1"'),
        ("3-1-2-1", f'expected {TEMPO_WORDS}, got the text "3-1-2-1"'),
        ("a-b-c", f'expected {TEMPO_WORDS}, got the text "a-b-c"'),
        ("3-1-2\n", f'expected {TEMPO_WORDS}, got the text "3-1-2\\n"'),
        (312, f"expected {TEMPO_WORDS}, got 312"),
        ("0-0-0", 'a rep of tempo "0-0-0" would last no time: one of the numbers must be above 0'),
        ("1-601-1", 'each number of the tempo "1-601-1" must be at most 600 seconds'),
        ("1-" + "9" * 5000 + "-1", 'each number of the tempo "1-999999999999999999999999999999999'
         '99999" must be at most 600 seconds'),
    ],
)
def test_tempo_must_be_three_whole_numbers(tempo: Any, message: str) -> None:
    assert problems(with_exercise(reps=8, tempo=tempo)) == [line("exercises[0].tempo", message)]


def test_an_id_of_64_characters_is_accepted() -> None:
    assert parse(doc(id="0" + "a-" * 31 + "z")).id == "0" + "a-" * 31 + "z"


@pytest.mark.parametrize(
    "data,path,message",
    [
        (doc(title=None), "title", "expected text of 1 to 80 characters, got null"),
        (with_exercise(reps=None, hold_s=5), "exercises[0].reps",
         "expected a whole number from 1 to 100, got null"),
        (doc(check_in={"regions": None}), "check_in.regions",
         "expected a non-empty list of region names, got null"),
        (doc(frequency=None), "frequency",
         'expected an object like {"per_day": 1, "days_per_week": 7}, got null'),
        (doc(tags=[None]), "tags[0]", "expected text, got null"),
    ],
)
def test_null_is_not_a_way_to_leave_a_key_out(data: Any, path: str, message: str) -> None:
    assert problems(data) == [line(path, message)]


# --- control characters --------------------------------------------------------------------------

ONE_LINE = "control characters are not allowed in text (none is allowed here)"
LONG_TEXT = "control characters are not allowed in text (only newline and tab are allowed here)"
MEASURE = {"id": "a", "label": "A", "unit": "cm", "better": "lower"}

STRING_PLACES = [
    ("title", lambda s: doc(title=s), False),
    ("author", lambda s: doc(author=s), False),
    ("$schema", lambda s: doc(**{"$schema": s}), False),
    ("tags[1]", lambda s: doc(tags=["ok", s]), False),
    ("summary", lambda s: doc(summary=s), True),
    ("advice", lambda s: doc(advice=s), True),
    ("exercises[0].name", lambda s: with_exercise(reps=5, name=s), False),
    ("exercises[0].region", lambda s: with_exercise(reps=5, region=s), False),
    ("exercises[0].cues[0]", lambda s: with_exercise(reps=5, cues=[s]), False),
    ("exercises[0].equipment[0]", lambda s: with_exercise(reps=5, equipment=[s]), False),
    ("exercises[0].note", lambda s: with_exercise(reps=5, note=s), True),
    ("check_in.regions[0]", lambda s: doc(check_in={"regions": [s]}), False),
    ("check_in.measures[0].label", lambda s: doc(check_in={"measures": [{**MEASURE, "label": s}]}),
     False),
    ("check_in.measures[0].unit", lambda s: doc(check_in={"measures": [{**MEASURE, "unit": s}]}),
     False),
]


@pytest.mark.parametrize("path,make,long_text", STRING_PLACES, ids=[p[0] for p in STRING_PLACES])
@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_refused_in_every_string(
    path: str, make: Any, long_text: bool, ch: str
) -> None:
    rule = LONG_TEXT if long_text else ONE_LINE
    code = f"U+{ord(ch):04X}"
    assert problems(make(f"ab{ch}[31m")) == [
        line(path, f"contains the control character {code} at character 3; {rule}")
    ]


@pytest.mark.parametrize("path,make,long_text", STRING_PLACES, ids=[p[0] for p in STRING_PLACES])
def test_newline_and_tab_only_in_summary_advice_and_note(
    path: str, make: Any, long_text: bool
) -> None:
    if long_text:
        parse(make("First line.\n\tIndented."))
    else:
        assert problems(make("a\tb")) == [
            line(path, f"contains the control character U+0009 at character 2; {ONE_LINE}")
        ]


def test_an_unpaired_surrogate_escape_is_refused() -> None:
    text = json.dumps(doc(title="x")).replace('"x"', '"a\\ud800b"')
    assert problems(text.encode()) == [line(
        "title", "contains an unpaired surrogate escape (such as \\ud800), which is not a character"
    )]


# --- how long an exercise lasts ------------------------------------------------------------------

COMBINATIONS = [
    ({}, [NO_DOSE]),
    ({"sets": 3, "rest_s": 10}, [NO_DOSE]),
    ({"tempo": "3-1-2"}, ["'tempo' needs 'reps' (the tempo times each rep)"]),
    ({"reps": 5, "tempo": "3-1-2", "hold_s": 5}, ["'tempo' cannot be combined with 'hold_s'"]),
    ({"reps": 5, "tempo": "3-1-2", "duration_s": 5},
     ["'tempo' cannot be combined with 'duration_s'",
      "'duration_s' cannot be combined with 'reps'"]),
    ({"tempo": "3-1-2", "hold_s": 5},
     ["'tempo' needs 'reps' (the tempo times each rep)",
      "'tempo' cannot be combined with 'hold_s'"]),
    ({"duration_s": 60, "reps": 5}, ["'duration_s' cannot be combined with 'reps'"]),
    ({"duration_s": 60, "hold_s": 5}, ["'duration_s' cannot be combined with 'hold_s'"]),
    ({"duration_s": 60, "reps": 5, "hold_s": 5},
     ["'duration_s' cannot be combined with 'reps'",
      "'duration_s' cannot be combined with 'hold_s'"]),
    ({"hold_s": 5, "side": "alternate"},
     ["'side: alternate' needs 'reps' (the reps alternate left and right)"]),
    ({"duration_s": 60, "side": "alternate"},
     ["'side: alternate' needs 'reps' (the reps alternate left and right)"]),
    ({"reps": 5, "switch_s": 3},
     ["'switch_s' is only allowed with 'side: each' (here 'side' is not given, so 'none')"]),
    ({"reps": 5, "side": "left", "switch_s": 3},
     ["'switch_s' is only allowed with 'side: each' (here 'side' is 'left')"]),
    ({"reps": 5, "side": "alternate", "switch_s": 0},
     ["'switch_s' is only allowed with 'side: each' (here 'side' is 'alternate')"]),
]


@pytest.mark.parametrize("fields,messages", COMBINATIONS)
def test_each_exercise_says_how_long_it_lasts_in_exactly_one_way(
    fields: dict[str, Any], messages: list[str]
) -> None:
    assert problems(with_exercise(**fields)) == [line("exercises[0]", m) for m in messages]


def test_the_combination_message_names_the_exercise() -> None:
    exercises = [{"name": "A", "kind": "stretch", "reps": 5},
                 {"name": "B", "kind": "strength", "reps": 5, "tempo": "3-1-2", "hold_s": 2}]
    assert problems(doc(exercises=exercises)) == [
        line("exercises[1]", "'tempo' cannot be combined with 'hold_s'")
    ]


def test_a_mistyped_value_still_counts_for_the_combination_rules() -> None:
    assert problems(with_exercise(reps="5", duration_s=60)) == [
        line("exercises[0]", "'duration_s' cannot be combined with 'reps'"),
        line("exercises[0].reps", 'expected a whole number from 1 to 100, got the text "5"'),
    ]


# --- check_in ------------------------------------------------------------------------------------


def test_measure_ids_are_unique_in_the_file() -> None:
    measures = [MEASURE, {**MEASURE, "id": "b"}, {**MEASURE, "label": "Again"}]
    assert problems(doc(check_in={"measures": measures})) == [
        line("check_in.measures[2].id",
             "duplicate measure id 'a' (also at check_in.measures[0].id)")
    ]


@pytest.mark.parametrize("low,high", [(5, 5), (10, 0), (0.5, -1)])
def test_measure_min_must_be_below_max(low: float, high: float) -> None:
    data = doc(check_in={"measures": [{**MEASURE, "min": low, "max": high}]})
    assert problems(data) == [
        line("check_in.measures[0]", f"'min' ({low:g}) must be less than 'max' ({high:g})")
    ]


@pytest.mark.parametrize("bounds", [{}, {"min": 0}, {"max": 80}, {"min": -10.5, "max": 80}])
def test_measure_bounds_are_optional(bounds: dict[str, float]) -> None:
    measure = parse(doc(check_in={"measures": [{**MEASURE, **bounds}]})).check_in.measures[0]
    assert (measure.min, measure.max) == (bounds.get("min"), bounds.get("max"))


# --- all problems, in document order; printing ---------------------------------------------------


def test_every_problem_is_reported_in_document_order() -> None:
    text = (
        '{"exercises": [{"name": "", "kind": "stretch", "reps": 5, "duration_s": 9, '
        '"side": "alternate", "hold_sec": 1}, {"name": "B", "kind": "x", "reps": 0}], '
        '"title": "", "format": 1, "id": "A", "frequency": {"per_day": 9}, "pain_stop": true}'
    )
    assert problems(text.encode()) == [
        line("exercises[0]", "'duration_s' cannot be combined with 'reps'"),
        line("exercises[0].name", "expected text of 1 to 60 characters, got an empty text"),
        f"{FILE}: unknown key 'hold_sec' at exercises[0] (did you mean 'hold_s'?)",
        line("exercises[1].kind", f'expected one of {KINDS}, got the text "x"'),
        line("exercises[1].reps", "expected a whole number from 1 to 100, got 0"),
        line("title", "expected text of 1 to 80 characters, got an empty text"),
        line("id", f'expected {ID_WORDS}, got the text "A"'),
        line("frequency.per_day", "expected a whole number from 1 to 6, got 9"),
        line("pain_stop", "expected a whole number from 0 to 10, got true"),
    ]


def test_problem_prints_as_file_path_message_and_is_terminal_safe() -> None:
    problem = Problem("r.json", "exercises[2].hold_s", "bad")
    assert str(problem) == "r.json: exercises[2].hold_s: bad"
    assert str(Problem("evil\x1b[2J.json", "$", "m")) == "evil\ufffd[2J.json: m"  # no "$:"
    error = RoutineInvalid([Problem("a", "$", "one"), Problem("a", "id", "two")])
    assert str(error) == "a: one\na: id: two"


@pytest.mark.parametrize(
    "loc,text", [((), "$"), (("id",), "id"), (("$schema",), "$schema"),
                 (("exercises", 2, "hold_s"), "exercises[2].hold_s"),
                 (("check_in", "measures", 0, "id"), "check_in.measures[0].id")],
)
def test_path_text(loc: tuple[str | int, ...], text: str) -> None:
    assert path_text(loc) == text


def test_messages_never_carry_control_characters_from_the_file() -> None:
    found = problems(doc(id="\x1b[2J", title="\x9b" * 90, kind="\x1b"))
    assert all("\x1b" not in p and "\x9b" not in p for p in found)


# --- the models are an authority too (routines built in code) ----------------------------------


@pytest.mark.parametrize(
    "fields", [{"reps": 5, "duration_s": 9}, {"tempo": "3-1-2"}, {}, {"hold_s": 5, "switch_s": 2},
               {"reps": 5, "tempo": "0-0-0"}, {"reps": 5, "name": "a\x1b"}],
)
def test_the_exercise_model_refuses_what_the_file_check_refuses(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Exercise.model_validate({"name": "E", "kind": "stretch", **fields})


def test_the_routine_model_refuses_bad_format_measures_and_bounds() -> None:
    with pytest.raises(ValidationError, match="unsupported format 2"):
        Routine.model_validate(doc(format=2))
    with pytest.raises(ValidationError, match="duplicate measure id 'a'"):
        Routine.model_validate(doc(check_in={"measures": [MEASURE, MEASURE]}))
    with pytest.raises(ValidationError, match="must be less than"):
        Routine.model_validate(doc(check_in={"measures": [{**MEASURE, "min": 2, "max": 1}]}))


# --- no traceback for any input -------------------------------------------------------------------

RICH = doc(
    summary="s", author="a", tags=["t"], frequency={"per_day": 2, "days_per_week": 3}, pain_stop=4,
    advice="x", check_in={"before": True, "regions": ["neck"], "measures": [{**MEASURE, "max": 9}]},
    exercises=[{"name": "E", "kind": "stretch", "reps": 5, "tempo": "1-1-1", "side": "each",
                "switch_s": 2, "cues": ["c"], "rest_s": 3}, {"name": "F", "kind": "cardio",
                                                              "duration_s": 60}],
)
ODD_VALUES: list[Any] = [None, True, False, 0, -1, 1, 2, 1.5, 1e308, "", "x", "3-1-2", "\x1b",
                         "a" * 200, [], [1], ["\x00"], {}, {"a": 1}, {"format": 1}, [[[[]]]]]


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, dict | list) else []
    children = value.values() if isinstance(value, dict) else value
    if not isinstance(value, dict | list):
        children = []
    for child in children:
        found.extend(_containers(child))
    return found


def _mutate(rng: random.Random, data: Any) -> None:
    target = rng.choice(_containers(data))
    if isinstance(target, list):
        if target and rng.random() < 0.7:
            target[rng.randrange(len(target))] = copy.deepcopy(rng.choice(ODD_VALUES))
        else:
            target.append(copy.deepcopy(rng.choice(ODD_VALUES)))
    elif target and rng.random() < 0.3:
        del target[rng.choice(list(target))]
    else:
        key = rng.choice([*target, "hold_sec", "$schema", "x"]) if target else "x"
        target[key] = copy.deepcopy(rng.choice(ODD_VALUES))


def _assert_clean(data: bytes) -> None:
    try:
        parse_routine(data, FILE)
    except RoutineInvalid as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file == FILE and problem.path and problem.message
            assert "internal error" not in problem.message, (problem, data[:300])


def test_fuzz_random_json_mutations_never_escape_as_a_traceback() -> None:
    rng = random.Random(20240601)
    for _ in range(1500):
        data = copy.deepcopy(RICH)
        for _ in range(rng.randint(1, 4)):
            _mutate(rng, data)
        text = json.dumps(data)
        if rng.random() < 0.1:
            text = text.replace("1", rng.choice(["NaN", "Infinity", "1e999", "-0"]), 1)
        _assert_clean(text.encode())


def test_fuzz_random_bytes_and_truncations_never_escape_as_a_traceback() -> None:
    rng = random.Random(7)
    valid = encode(RICH)
    alphabet = b'{}[]",:0123456789.eE-+ truefalsnNIfity\\u\n\x00\xff\xc3'
    for _ in range(1500):
        kind = rng.random()
        if kind < 0.3:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 60)))
        elif kind < 0.6:
            data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        else:
            cut = bytearray(valid[: rng.randint(0, len(valid))])
            for _ in range(rng.randint(0, 3)):
                if cut:
                    cut[rng.randrange(len(cut))] = rng.choice(alphabet)
            data = bytes(cut)
        _assert_clean(data)
