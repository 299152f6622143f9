"""Every phrase the voice says in every bundled routine (and its flare version) reads as a
client hears it: whole sentences that start with a capital letter or a number, one full stop
each, no empty words. The session runs to its end on a fake clock; each batch of cues becomes
the words handed to the speech engine (:func:`coach.services.voice.spoken_words`)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from coach.app.progression import flare_version
from coach.domain.text import sentence
from coach.library import LoadedRoutine, load_file
from coach.services.voice import speakable, spoken_words
from tests.app.test_session_controller import Run

ROUTINES = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.json"))
ROUTINE_FILES = [p for p in ROUTINES if p.name != "routine.schema.json"]
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def versions() -> list[tuple[str, LoadedRoutine]]:
    found = []
    for path in ROUTINE_FILES:
        loaded = load_file(path, "bundled")
        found.append((path.stem, loaded))
        if loaded.routine.flare is not None:
            flare = dataclasses.replace(loaded, routine=flare_version(loaded.routine))
            found.append((f"{path.stem} (flare)", flare))
    return found


VERSIONS = versions()


def phrases(loaded: LoadedRoutine) -> list[str]:
    run = Run(loaded)
    run.ctl.start()
    run.to_end()
    return [speakable(spoken_words(batch)) for batch in run.batches]


def problems(phrase: str) -> list[str]:
    """What a listener would notice in one phrase."""
    found = []
    if not phrase:
        found.append("nothing to say")
    for part in SENTENCE.split(phrase):
        if part and not (part[0].isupper() or part[0].isdigit()):
            found.append(f"sentence starts in lower case: {part!r}")
    for bad in ("..", " .", ",.", ". .", ",,", " ,"):
        if bad in phrase:
            found.append(f"{bad!r} in it")
    if len(phrase.split(". ")) > 1 and phrase[-1] not in ".!?":
        found.append("a phrase of several sentences without a full stop at its end")
    return found


def test_bundled_routines_are_found() -> None:
    assert len(ROUTINE_FILES) >= 8
    assert any("(flare)" in name for name, _ in VERSIONS)


@pytest.mark.parametrize(("name", "loaded"), VERSIONS, ids=[name for name, _ in VERSIONS])
def test_every_phrase_of_a_bundled_routine_reads_as_sentences(
    name: str, loaded: LoadedRoutine
) -> None:
    said = phrases(loaded)
    assert said[-1] == "Done. Well done."
    bad = {p: problems(p) for p in said if problems(p)}
    assert not bad, f"{name}: {bad}"
    names = [ex.name for ex in loaded.routine.exercises]
    for ex in loaded.routine.exercises:  # each exercise is announced by its name, as written
        assert any(p.startswith(sentence(ex.name)) for p in said), (ex.name, names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hold 5 seconds", "Hold 5 seconds."),
        ("Chin tuck.", "Chin tuck."),
        ("  what now?  ", "What now?"),
        ("10 reps", "10 reps."),
        ("ça va", "Ça va."),
        ("", ""),
    ],
)
def test_sentence(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_the_desk_neck_routine_with_eyes_closed() -> None:
    """Everything the voice says in the whole neck-desk routine (the 3-2-1s left out): which
    exercise and its dose, each rep, the tempo (down, up), hold and release, the side, the
    rests, the last set, the end. Nothing else is needed to follow it without looking."""
    loaded = load_file(ROUTINES[0].parent / "neck-desk.json", "bundled")
    said = [p for p in phrases(loaded) if p not in ("3", "2", "1")]
    rolls = ["Shoulder rolls. 10 reps, 2 seconds down, 2 seconds up."]
    for n in range(1, 11):
        rolls += [f"Rep {n} of 10. Down.", "Up"]
    tucks = ["Chin tucks. 10 reps, hold 5 seconds."]
    for n in range(1, 11):
        tucks += [f"Rep {n} of 10. Hold."] + (["Release"] if n < 10 else [])
    one_side = ["Hold, 30 seconds", "Halfway", "Rest, 10 seconds"] * 2 + [
        "Last set. Hold, 30 seconds.",
        "Halfway",
    ]

    def stretch(name: str) -> list[str]:
        return [
            f"{name}. 3 holds of 30 seconds, each side. Left side.",
            *one_side,
            "Rest, 10 seconds",
            "Switch to the right side",
            *one_side,
        ]

    assert said == [
        *rolls,
        *tucks,
        *stretch("Upper trapezius stretch"),
        *stretch("Levator scapulae stretch"),
        "Done. Well done.",
    ]
