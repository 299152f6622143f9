"""The voice in a practice run at 2x and 3x (#9): what is said still makes sense.

At a practice pace the same words take as long to say but the steps are 2 or 3 times shorter:
before, the voice fell behind at once (at 3x, neck-desk: 90 phrases dropped and 79 said late,
"Rep 2, hold" during rep 4, "3" after the next exercise began). Now a cue whose words cannot be
said before the next one is left out (no "3, 2, 1" 0.33 s apart, no tempo word in a 0.7 s
part), a get ready says the name and side without the dose when that is all there is time
for, and a rep may say its number only ("Rep 3").

Each bundled routine (and its flare version) runs to its end on a fake clock at 2x and 3x, a
client-counted set ending after 5 real seconds; the phrases handed to the speech engine are
played through the one-voice queue of :mod:`tests.services.test_voice_timing` with the estimate
(and its slack), then with the real ``espeak-ng``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.cues import CueKind
from coach.domain.routine import Routine
from coach.domain.spoken import VOICE_SLACK_S, speaking_time
from coach.domain.text import sentence
from coach.library import LoadedRoutine
from coach.services.voice import speakable, spoken_words
from tests.app.test_session_controller import Run
from tests.services.test_spoken_routines import VERSIONS, problems
from tests.services.test_voice_timing import espeak_lengths, exercises, voice_timeline

PACES = [2.0, 3.0]
CLIENT_SET_S = 5.0
"""Real seconds a client takes over a set they count themselves (then presses Enter)."""
CASES = [(name, loaded, speed) for name, loaded in VERSIONS for speed in PACES]
IDS = [f"{name} {speed:g}x" for name, _, speed in CASES]

_RUNS: dict[tuple[int, float], Run] = {}


def run_at(loaded: LoadedRoutine, speed: float) -> Run:
    """The whole session at ``speed`` on a fake clock (remembered), the clock time of each
    batch in ``run.times``."""
    key = (id(loaded), speed)
    if key not in _RUNS:
        run = Run(loaded, speed=speed)
        times: list[float] = []
        run.ctl.subscribe(lambda _batch: times.append(run.clock.t))
        run.ctl.start()
        run.to_end(untimed_s=CLIENT_SET_S * speed)
        run.times = times  # type: ignore[attr-defined]
        _RUNS[key] = run
    return _RUNS[key]


def timed_phrases(loaded: LoadedRoutine, speed: float) -> list[tuple[float, str]]:
    """(clock time, words) of every phrase the voice is given."""
    run = run_at(loaded, speed)
    said = [(t, speakable(spoken_words(b))) for t, b in zip(run.times, run.batches, strict=True)]  # type: ignore[attr-defined]
    return [(t, words) for t, words in said if words]


def estimate(words: str) -> float:
    return speaking_time(words) + VOICE_SLACK_S


@pytest.mark.parametrize(("name", "loaded", "speed"), CASES, ids=IDS)
def test_no_phrase_waits_at_a_practice_pace(name: str, loaded: LoadedRoutine, speed: float) -> None:
    """By the estimate the words are chosen with: nothing dropped, nothing said late."""
    phrases = timed_phrases(loaded, speed)
    timeline = voice_timeline(phrases, estimate)
    assert timeline.dropped == [] and timeline.late == [], (name, timeline)
    assert timeline.spare >= 0


@pytest.mark.parametrize(("name", "loaded", "speed"), CASES, ids=IDS)
def test_what_a_practice_run_says_makes_sense(
    name: str, loaded: LoadedRoutine, speed: float
) -> None:
    """Whole sentences; every exercise announced by its name, in order; both sides of an
    each-side exercise named; when reps are numbered, every rep of the set in order (never a
    stale number); no count word (there is no time for one); "Done. Well done." at the end."""
    run = run_at(loaded, speed)
    said = [p for _, p in timed_phrases(loaded, speed)]
    assert said[-1] == "Done. Well done."
    assert not {p: problems(p) for p in said if problems(p)}
    assert not {"3", "2", "1"} & set(said)
    names = [ex.name for ex in loaded.routine.exercises]
    announced = [n for p in said for n in names if p.startswith(sentence(n))]
    assert announced == names, name
    for i, ex in enumerate(loaded.routine.exercises):
        heard = [
            c.text for c in run.cues if c.exercise_index == i and c.voiced and c.text
        ]
        if ex.side == "each":
            words = " ".join(heard).lower()
            assert "left" in words and "right" in words, (name, ex.name, heard)
    numbered: dict[tuple[Any, ...], list[int]] = {}
    for cue in run.cues:  # the rep numbers said, per exercise, set and side
        if not (cue.voiced and cue.kind in (CueKind.HOLD_START, CueKind.WORK_START)):
            continue
        match = re.match(r"Rep (\d+)\b|Last rep\b", cue.text)
        if match is None:
            continue
        if match.group(1):
            assert int(match.group(1)) == cue.rep, (name, cue)
        else:
            assert cue.rep == cue.reps, (name, cue)
        numbered.setdefault((cue.exercise_index, cue.set, cue.side), []).append(cue.rep or 0)
        last = cue.reps
    for key, numbers in numbered.items():  # every rep of the set, in order
        assert numbers == list(range(1, len(numbers) + 1)), (name, key, numbers)
    assert not numbered or last is not None


def test_at_3x_the_desk_neck_routine_says_names_sides_and_reps() -> None:
    """The words themselves, at 3x: the name without the dose, the rep numbers only (a 5 s hold
    is 1.7 s), no release (1 s), the short switch, the holds in full."""
    neck = dict(VERSIONS)["neck-desk"]
    said = [p for _, p in timed_phrases(neck, 3.0)]
    start = said.index("Chin tucks.")
    assert said[start : start + 11] == [
        "Chin tucks.", *[f"Rep {n}" for n in range(1, 10)], "Last rep",
    ]  # fmt: skip
    assert said[0] == "Shoulder rolls."
    assert "Upper trapezius stretch. Left side." in said
    assert "Right side" in said and "Halfway" in said
    assert "Last set. Hold, 30 seconds." in said
    assert "Release" not in said


@settings(max_examples=60, deadline=None)
@given(st.lists(exercises(), min_size=1, max_size=3), st.sampled_from(PACES))
def test_no_phrase_waits_in_any_routine_at_a_practice_pace(
    specs: list[dict[str, Any]], speed: float
) -> None:
    """Whatever the dose, at 2x or 3x the words that are said end before the next cue (by the
    estimate): what has no time is left out."""
    routine = Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": specs})
    loaded = LoadedRoutine(routine, Path("t.json"), "0" * 64, "bundled")
    phrases = timed_phrases(loaded, speed)
    timeline = voice_timeline(phrases, estimate)
    assert timeline.dropped == [] and timeline.late == [], phrases


# --- the real engine ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def espeak_seconds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], float]:
    """How long the real espeak-ng takes to say each phrase of the practice runs."""
    phrases = {w for _, loaded, speed in CASES for _, w in timed_phrases(loaded, speed)}
    return espeak_lengths(phrases, tmp_path_factory.mktemp("espeak-pace"))


@pytest.mark.parametrize(("name", "loaded", "speed"), CASES, ids=IDS)
def test_nothing_is_lost_or_late_at_a_practice_pace_with_the_real_espeak(
    name: str, loaded: LoadedRoutine, speed: float, espeak_seconds: Callable[[str], float]
) -> None:
    """Said by the real espeak-ng (plus 0.1 s to start it), every phrase ends before the next."""
    timeline = voice_timeline(timed_phrases(loaded, speed), lambda w: espeak_seconds(w) + 0.1)
    assert timeline.dropped == [] and timeline.late == [], (name, timeline)
