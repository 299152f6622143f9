"""The coach's voice: words through a fake ``espeak`` on PATH, superseding, a missing engine,
and once through the real ``espeak-ng`` writing a WAV file (CI installs it: ``.ci/run``)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import wave
from pathlib import Path

import pytest

from coach.services.voice import (
    NO_ENGINE_MESSAGE,
    CommandEngine,
    Speaker,
    find_engine,
    speakable,
)
from tests.fakes import fake_command


def fake_engine(folder: Path, name: str = "espeak") -> Path:
    """A fake speech command in ``folder`` that records its arguments; returns its log."""
    return fake_command(folder, name)


def calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def fake_espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``espeak`` first on PATH; returns the log of its argument lists."""
    bin_dir = tmp_path / "bin"
    log = fake_engine(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


def test_words_reach_the_engine_as_one_argument_each(fake_espeak: Path) -> None:
    speaker = Speaker()
    assert speaker.engine is not None and speaker.engine.name == "espeak"
    for words in ["Chin tuck. 10 reps, hold 5 seconds.", "Left side", "Hold", "3", "2", "1"]:
        speaker.say(words)
        assert speaker.wait_idle(10)
    assert calls(fake_espeak) == [
        ["Chin tuck. 10 reps, hold 5 seconds."],
        ["Left side"],
        ["Hold"],
        ["3"],
        ["2"],
        ["1"],
    ]


def test_an_exercise_named_like_an_option_is_never_an_option(
    fake_espeak: Path, tmp_path: Path
) -> None:
    speaker = Speaker()
    for words in ["-w out.wav", "--help", "-w out.wav. 10 reps."]:
        speaker.say(words)
        assert speaker.wait_idle(10)
    got = calls(fake_espeak)
    assert got == [["w out.wav"], ["help"], ["w out.wav. 10 reps."]]
    assert not (tmp_path / "out.wav").exists()


def test_control_and_bidi_characters_are_never_spoken() -> None:
    assert speakable("Chin\x1b[31m tuck\u202e\u2066 \u200b") == "Chin[31m tuck"
    assert speakable("  \n-- -x") == "x"
    assert speakable("Bird\tdog\r\nslowly") == "Bird dog slowly"
    assert speakable("\u0000\u0007") == ""
    assert len(speakable("word " * 100)) <= 200


def test_a_newer_cue_supersedes_one_not_yet_spoken() -> None:
    started = threading.Event()
    go_on = threading.Event()

    class SlowEngine:
        name = "slow"

        def __init__(self) -> None:
            self.said: list[str] = []

        def speak(self, text: str) -> str | None:
            self.said.append(text)
            started.set()
            go_on.wait(10)
            return None

    engine = SlowEngine()
    speaker = Speaker(engine=engine)
    speaker.say("Rest, 30 seconds")
    assert started.wait(10)
    speaker.say("3")  # waits behind the rest words ...
    speaker.say("2")  # ... and is replaced by the newer one
    go_on.set()
    assert speaker.wait_idle(10)
    assert engine.said == ["Rest, 30 seconds", "2"]
    assert speaker.superseded == ["3"]


def test_say_never_blocks_while_the_engine_speaks() -> None:
    go_on = threading.Event()

    class StuckEngine:
        name = "stuck"

        def speak(self, text: str) -> str | None:
            go_on.wait(10)
            return None

    speaker = Speaker(engine=StuckEngine())
    import time

    began = time.monotonic()
    for n in range(50):
        speaker.say(f"word {n}")
    assert time.monotonic() - began < 0.5
    go_on.set()
    assert speaker.wait_idle(10)


def test_no_engine_is_said_once_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    told: list[str] = []
    speaker = Speaker(on_problem=told.append)
    assert not speaker.available()
    for words in ["Chin tuck", "Hold", "Release", "Done. Well done."]:
        speaker.say(words)
    assert told == [NO_ENGINE_MESSAGE]
    assert "sudo apt install espeak-ng" in told[0]


def test_a_failing_engine_is_reported_once(tmp_path: Path) -> None:
    told: list[str] = []
    failing = CommandEngine("false", ["false", "{text}"])
    speaker = Speaker(engine=failing, on_problem=told.append)
    for words in ["one", "two"]:
        speaker.say(words)
        assert speaker.wait_idle(10)
    assert len(told) == 1 and "could not be played" in told[0]


def test_voice_off_says_nothing(fake_espeak: Path) -> None:
    speaker = Speaker(enabled=False)
    speaker.say("Hold")
    assert speaker.wait_idle(1)
    assert calls(fake_espeak) == []


def test_engines_are_found_in_plyers_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    found = find_engine(lambda name: f"/usr/bin/{name}" if name in {"flite", "espeak-ng"} else None)
    assert isinstance(found, CommandEngine) and found.name == "espeak-ng"
    flite = find_engine(lambda name: "/usr/bin/flite" if name == "flite" else None)
    assert isinstance(flite, CommandEngine)
    assert flite.command("-w x") == ["flite", "-t", "-w x", "play"]
    assert find_engine(lambda name: None) is None


def test_real_espeak_ng_speaks_the_words_into_a_wav_file(tmp_path: Path) -> None:
    """The real engine, driven by the speaker: the file holds about a second of speech."""
    assert shutil.which("espeak-ng"), "espeak-ng is not installed (sudo apt install espeak-ng)"
    out = tmp_path / "voice.wav"
    engine = CommandEngine("espeak-ng", ["espeak-ng", "-w", str(out), "{text}"])
    told: list[str] = []
    speaker = Speaker(engine=engine, on_problem=told.append)
    speaker.say("Chin tuck. 10 reps, hold 5 seconds.")
    assert speaker.wait_idle(30)
    assert told == []
    with wave.open(str(out), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
        width = wav.getsampwidth()
    assert width == 2
    assert 1.0 < seconds < 10.0, seconds
    samples = memoryview(frames).cast("h")
    loud = sum(1 for s in samples if abs(s) > 1000)
    assert loud > len(samples) * 0.05, "the WAV file is silence, not speech"


SMALL_ROUTINE = {
    "format": 1,
    "id": "voice-test",
    "title": "Voice test",
    "exercises": [
        {"name": "Chin tuck", "kind": "strength", "region": "neck", "reps": 2, "hold_s": 5},
        {"name": "Side stretch", "kind": "stretch", "region": "neck", "hold_s": 5,
         "side": "each", "switch_s": 5},
        {"name": "Shoulder rolls", "kind": "mobility", "region": "shoulder", "reps": 1,
         "tempo": "2-1-2"},
    ],
}  # fmt: skip


def batches_of(routine: dict[str, object]) -> list[list[object]]:
    """The cue batches of a whole session on a fake clock (a look every quarter second)."""
    from coach.domain.cues import cues_for
    from coach.domain.plan import expand
    from coach.domain.routine import Routine
    from coach.domain.timer import Engine
    from tests.fakes import FakeClock

    plan = expand(Routine.model_validate(routine))
    clock = FakeClock()
    engine = Engine(plan, clock)
    events = engine.start()
    batches = []
    while True:
        state = engine.state
        batch = cues_for(events, state.step, state.step_index, plan.steps)
        if batch:
            batches.append(batch)
        if state.done:
            return batches
        clock.advance(0.25)
        events = engine.tick()


def test_a_small_routine_is_coached_in_words(fake_espeak: Path) -> None:
    """What a client with eyes closed hears: exercise, dose, side, hold/release, tempo, rest,
    3-2-1, the end; each phrase is one argument of the real command line."""
    speaker = Speaker()
    for batch in batches_of(SMALL_ROUTINE):
        speaker.cues(batch)  # type: ignore[arg-type]
        assert speaker.wait_idle(10)
    said = [argv[0] for argv in calls(fake_espeak)]
    assert all(len(argv) == 1 for argv in calls(fake_espeak))
    countdown = ["3", "2", "1"]
    assert said == [
        "Chin tuck. 2 reps, hold 5 seconds.", *countdown,
        "Rep 1, hold", *countdown, "Release",
        "Last rep, hold", *countdown,
        "Side stretch. Hold 5 seconds, each side. Left side.", *countdown,
        "Hold", *countdown,
        "Switch to the right side", *countdown,
        "Hold", *countdown,
        "Shoulder rolls. 1 rep, 2 seconds down, 1 second pause, 2 seconds up.", *countdown,
        "Rep 1, down", "Pause", "Up",
        "Done. Well done.",
    ]  # fmt: skip
