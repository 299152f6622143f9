"""The voice never falls behind in any bundled routine: every phrase is said before the next cue
comes, so no count word ("3", "2", "1") is dropped or said late, and neither is any other word.

Each routine (and its flare version) runs to its end on a fake clock at speed 1; each batch of
cues becomes the phrase handed to the speech engine at its clock time. The voice is one engine
behind a one-place queue (:class:`coach.services.latest_worker.LatestWorker`: a phrase waits
while another is said; a newer one replaces a waiting one). :func:`voice_timeline` plays that
queue with a speaking time per phrase: first the estimate the cues are chosen with
(:func:`coach.domain.spoken.speaking_time`, plus its slack), then the real ``espeak-ng`` (the
length of the WAV file it writes for each phrase, its closing pause included).
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.plan import GET_READY_S, Phase, expand
from coach.domain.routine import Routine
from coach.domain.spoken import VOICE_SLACK_S, get_ready_phrase, speaking_time
from coach.library import LoadedRoutine
from coach.services.voice import speakable, spoken_words
from tests.app.test_session_controller import Run
from tests.services.test_spoken_routines import VERSIONS

COUNT_WORDS = {"3", "2", "1"}


_PHRASES: dict[int, list[tuple[float, str]]] = {}


def timed_phrases(loaded: LoadedRoutine) -> list[tuple[float, str]]:
    """(clock time, words) of every phrase the voice is given in a whole session."""
    if id(loaded) not in _PHRASES:
        _PHRASES[id(loaded)] = _run_to_the_end(loaded)
    return _PHRASES[id(loaded)]


def _run_to_the_end(loaded: LoadedRoutine) -> list[tuple[float, str]]:
    run = Run(loaded)
    times: list[float] = []
    run.ctl.subscribe(lambda _batch: times.append(run.clock.t))
    run.ctl.start()
    run.to_end()
    batches = zip(times, run.batches, strict=True)
    said = [(t, speakable(spoken_words(batch))) for t, batch in batches]
    return [(t, words) for t, words in said if words]


@dataclass
class Timeline:
    dropped: list[tuple[float, str]]
    """Phrases replaced while waiting (never said)."""
    late: list[tuple[float, str, float]]
    """Phrases said after their cue: (cue time, words, seconds late)."""
    spare: float
    """The least time between a phrase's end and the next phrase's cue."""


def voice_timeline(phrases: list[tuple[float, str]], say_s: Callable[[str], float]) -> Timeline:
    """Play the one-voice queue over ``phrases``, each taking ``say_s(words)`` seconds."""
    dropped: list[tuple[float, str]] = []
    late: list[tuple[float, str, float]] = []
    spare = float("inf")
    free_at = float("-inf")  # when the engine is done with what it is saying
    waiting: tuple[float, str] | None = None
    for at, words in phrases:
        if waiting is not None and free_at <= at:  # the waiting phrase is said when free
            cue_at, text = waiting
            late.append((cue_at, text, free_at - cue_at))
            free_at += say_s(text)
            waiting = None
        spare = min(spare, at - free_at)
        if free_at <= at:
            free_at = at + say_s(words)
        else:
            if waiting is not None:
                dropped.append(waiting)
            waiting = (at, words)
    return Timeline(dropped, late, spare)


IDS = [name for name, _ in VERSIONS]


def test_the_timeline_sees_a_dropped_and_a_late_word() -> None:
    """The check itself: a long phrase at 0 s makes "3" (at 7 s) wait and "2" replace it."""
    phrases = [(0.0, "long"), (7.0, "3"), (8.0, "2"), (9.0, "1")]
    timeline = voice_timeline(phrases, lambda w: 8.1 if w == "long" else 0.6)
    assert timeline.dropped == [(7.0, "3")]
    assert [(at, w) for at, w, _ in timeline.late] == [(8.0, "2")]
    assert timeline.spare < 0


@pytest.mark.parametrize(("name", "loaded"), VERSIONS, ids=IDS)
def test_no_phrase_waits_by_the_estimate(name: str, loaded: LoadedRoutine) -> None:
    """With the estimate the words are chosen by (and its slack), every phrase ends before the
    next cue."""
    phrases = timed_phrases(loaded)
    assert any(words in COUNT_WORDS for _, words in phrases)
    timeline = voice_timeline(phrases, lambda w: speaking_time(w) + VOICE_SLACK_S)
    assert timeline.dropped == [] and timeline.late == [], name
    assert timeline.spare >= 0, name


@pytest.mark.parametrize(("name", "loaded"), VERSIONS, ids=IDS)
def test_every_get_ready_lasts_long_enough_for_its_words(name: str, loaded: LoadedRoutine) -> None:
    """The get ready's phrase (name, dose, side) ends before its 3-2-1; a long one gets a
    longer get ready (knee-basics' straight-leg raise: about 8 s of words, 12 s)."""
    for step in expand(loaded.routine).steps:
        if step.phase is not Phase.GET_READY:
            continue
        assert step.duration_s is not None
        phrase = get_ready_phrase(step.exercise, step.side)
        assert speaking_time(phrase) + VOICE_SLACK_S <= step.duration_s - 3, (name, phrase)
        assert step.duration_s >= GET_READY_S


def test_a_long_get_ready_phrase_gets_a_longer_get_ready() -> None:
    knee = dict(VERSIONS)["knee-basics"]
    lengths = {
        s.exercise.name: s.duration_s
        for s in expand(knee.routine).steps
        if s.phase is Phase.GET_READY
    }
    assert lengths["Quad sets"] == GET_READY_S
    assert lengths["Straight-leg raise"] == 12


# --- the real engine ----------------------------------------------------------------------


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def espeak_lengths(phrases: set[str], folder: Path) -> Callable[[str], float]:
    """How long the real espeak-ng takes to say each of ``phrases`` (its WAV's length)."""
    assert shutil.which("espeak-ng"), "espeak-ng is not installed (sudo apt install espeak-ng)"

    def measure(item: tuple[int, str]) -> tuple[str, float]:
        n, words = item
        out = folder / f"{n}.wav"
        subprocess.run(
            ["espeak-ng", "-w", str(out), "--", words], check=True, capture_output=True, timeout=30
        )
        return words, _wav_seconds(out)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(measure, enumerate(sorted(phrases)))).__getitem__


@pytest.fixture(scope="module")
def espeak_seconds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], float]:
    """How long the real espeak-ng takes to say a phrase of a bundled routine, remembered."""
    phrases = {w for _, loaded in VERSIONS for _, w in timed_phrases(loaded)}
    return espeak_lengths(phrases, tmp_path_factory.mktemp("espeak"))


@pytest.mark.parametrize(("name", "loaded"), VERSIONS, ids=IDS)
def test_no_count_word_is_lost_or_late_with_the_real_espeak(
    name: str, loaded: LoadedRoutine, espeak_seconds: Callable[[str], float]
) -> None:
    """Spoken by the real espeak-ng at its own pace (plus 0.1 s to start it and reach the
    speaker), every phrase of the routine ends before the next cue: no count word is dropped
    (knee-basics' get ready used to swallow its "3") or said late."""
    phrases = timed_phrases(loaded)
    timeline = voice_timeline(phrases, lambda w: espeak_seconds(w) + 0.1)
    assert timeline.dropped == [], name
    assert timeline.late == [], name


def test_the_estimate_is_close_to_the_real_espeak(
    espeak_seconds: Callable[[str], float],
) -> None:
    """On every phrase of every bundled routine the estimate is within 0.45 s of espeak-ng
    (within 0.3 s under 3 s), so that the slack covers it."""
    phrases = sorted({w for _, loaded in VERSIONS for _, w in timed_phrases(loaded)})
    for words in phrases:
        real = espeak_seconds(words)
        error = speaking_time(words) - real
        assert abs(error) <= (0.3 if real < 3 else 0.45), (words, real, speaking_time(words))


# --- any routine a therapist may write --------------------------------------------------------


@st.composite
def exercises(draw: st.DrawFn) -> dict[str, Any]:
    """One exercise in any dosing form and side mode, at plausible lengths (not a timed step
    that leaves a second or less before its next cue to say its side: a hold of 4 s, a 4 s work,
    a tempo of 1 s down)."""
    form = draw(st.sampled_from(["duration", "hold", "held_reps", "tempo", "reps"]))
    spec: dict[str, Any] = {
        "name": draw(st.sampled_from(["Chin tuck", "Bird-dog", LONG_NAME])),
        "kind": "strength",
        "sets": draw(st.integers(1, 3)),
        "rest_s": draw(st.sampled_from([0, 5, 10, 30, 45])),
    }
    sides = ["none", "left", "right", "each"]
    if form == "duration":
        spec["duration_s"] = draw(st.sampled_from([5, 10, 30, 60]))
    elif form == "hold":
        spec["hold_s"] = draw(st.sampled_from([2, 5, 10, 20, 30, 60]))
    else:
        spec["reps"] = draw(st.integers(1, 20))
        sides.append("alternate")
        if form == "held_reps":
            spec["hold_s"] = draw(st.sampled_from([2, 3, 5, 6, 8, 10, 12]))
        elif form == "tempo":
            parts = draw(st.tuples(st.integers(2, 4), st.integers(0, 3), st.integers(1, 4)))
            spec["tempo"] = "-".join(map(str, parts))
    spec["side"] = draw(st.sampled_from(sides))
    if spec["side"] == "each":
        spec["switch_s"] = draw(st.sampled_from([0, 3, 5, 10]))
    return spec


LONG_NAME = "Prone Y-T-W raise, thumbs up, shoulder blades drawn back"


@settings(max_examples=100, deadline=None)
@given(st.lists(exercises(), min_size=1, max_size=3))
def test_no_phrase_waits_in_any_routine_by_the_estimate(specs: list[dict[str, Any]]) -> None:
    """Whatever the dose, the words chosen are said before the next cue (by the estimate):
    a short step gets short words ("Right side", "Rest", "Go", "Hold")."""
    routine = Routine.model_validate({"format": 1, "id": "t", "title": "T", "exercises": specs})
    loaded = LoadedRoutine(routine, Path("t.json"), "0" * 64, "bundled")
    phrases = _run_to_the_end(loaded)
    timeline = voice_timeline(phrases, lambda w: speaking_time(w) + VOICE_SLACK_S)
    assert timeline.dropped == [] and timeline.late == [], phrases
