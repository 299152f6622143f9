"""Every phrase the voice says in every bundled routine (and its flare version) reads as a
client hears it: whole sentences that start with a capital letter or a number, one full stop
each, no empty words. The session runs to its end on a fake clock; each batch of cues becomes
the words handed to the speech engine (:func:`coach.services.voice.spoken_words`)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from coach.app.progression import flare_version
from coach.domain.routine import Exercise
from coach.domain.spoken import get_ready_phrase, get_ready_words, spoken_duration
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
    for n in range(1, 10):
        rolls += [f"Rep {n}, down", "Up"]
    rolls += ["Last rep, down", "Up"]
    tucks = ["Chin tucks. 10 reps, hold 5 seconds."]
    for n in range(1, 10):
        tucks += [f"Rep {n}, hold", "Release"]
    tucks += ["Last rep, hold"]
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


def _sides(ex: Exercise) -> int:
    return 2 if ex.side in ("each", "alternate") else 1


def _segments(loaded: LoadedRoutine, said: list[str]) -> list[list[str]]:
    """The phrases of each exercise: from its get ready to the next one's."""
    starts = []
    for ex in loaded.routine.exercises:
        begin = get_ready_words(ex)
        after = starts[-1] + 1 if starts else 0
        starts.append(next(i for i in range(after, len(said)) if said[i].startswith(begin)))
    ends = [*starts[1:], len(said) - 1]
    return [said[a:b] for a, b in zip(starts, ends, strict=True)]


@pytest.mark.parametrize(("name", "loaded"), VERSIONS, ids=[name for name, _ in VERSIONS])
def test_every_routine_with_eyes_closed(name: str, loaded: LoadedRoutine) -> None:
    """What a client with eyes closed needs to hear, for every exercise of every bundled
    routine: which exercise and its dose (and the first side) at get ready; the switch to the
    right side; each hold, release, timed work, rep-counted set and tempo part; the side of each
    alternating rep; the rests; the last set on each side; then the end."""
    said = [p for p in phrases(loaded) if p not in ("3", "2", "1")]
    assert said[-1] == "Done. Well done.", name
    for ex, seg in zip(loaded.routine.exercises, _segments(loaded, said), strict=True):
        where = (name, ex.name)
        first_side = (
            "left" if ex.side == "each" else (ex.side if ex.side in ("left", "right") else None)
        )
        assert seg[0] == get_ready_phrase(ex, first_side), where
        rest = seg[1:]
        per_side = ex.sets * (
            ex.reps
            if ex.reps is not None
            and ex.duration_s is None
            and (ex.hold_s is not None or ex.tempo_s is not None)
            else 1
        )
        times = per_side * _sides(ex)

        def count(test: Any, rest: list[str] = rest) -> int:
            return sum(1 for p in rest if test(p))

        hold = spoken_duration(ex.hold_s or 0)
        work = spoken_duration(ex.duration_s or 0)
        assert count(lambda p: p == "Switch to the right side") == (ex.side == "each"), where
        if ex.reps is not None and ex.hold_s is not None:  # held reps, a release between two
            assert count(lambda p: "hold" in p.lower() and not p.startswith("Rest")) == times
            between = ex.reps * 2 - 1 if ex.side == "alternate" else (ex.reps - 1) * _sides(ex)
            assert count(lambda p: p == "Release") == between * ex.sets, where
        elif ex.tempo_s is not None:  # each part of every rep
            for part, seconds in zip(("down", "pause", "up"), ex.tempo_s, strict=True):
                n = count(lambda p, part=part: p.lower().rstrip(".").endswith(part))
                assert n == (times if seconds else 0), (where, part)
        elif ex.hold_s is not None:
            assert count(lambda p, w=f"Hold, {hold}": p.rstrip(".").endswith(w)) == times
        elif ex.duration_s is not None:
            assert count(lambda p, w=f"Go, {work}": p.rstrip(".").endswith(w)) == times
        else:  # a set the client counts
            assert count(lambda p: p.rstrip(".").endswith(" reps") and "Go, " in p) == times
        if (
            ex.side == "alternate"
            and ex.reps is not None
            and ex.duration_s is None
            and (ex.hold_s is not None or ex.tempo_s is not None)
        ):
            assert count(lambda p: p.startswith("Left")) == count(lambda p: p.startswith("Right"))
            assert count(lambda p: p.startswith("Left")) == ex.sets * ex.reps, where
        if ex.rest_s and ex.sets > 1:
            assert any(p.startswith(f"Rest, {spoken_duration(ex.rest_s)}") for p in rest), where
        if ex.sets > 1:
            sides = 2 if ex.side == "each" else 1
            assert count(lambda p: "last set" in p.lower()) == sides, where
        else:
            assert count(lambda p: "last set" in p.lower()) == 0, where
