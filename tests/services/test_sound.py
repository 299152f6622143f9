"""Session sounds: a distinct pattern per moment, tones through a (fake) player, the bell where
there is no player or it fails, and never a blocked caller."""

from __future__ import annotations

import json
import os
import wave
from pathlib import Path

import pytest

from coach.services.sound import (
    PATTERNS,
    Sound,
    SoundPlayer,
    bell_times,
    find_player,
    pattern_length_s,
    sound_for,
    wav_for,
)
from tests.fakes import fake_command

BELL_SOUNDS = [
    Sound.START,
    Sound.TICK,
    Sound.REST,
    Sound.SWITCH,
    Sound.EXERCISE_DONE,
    Sound.SESSION_DONE,
]


def fake_player(folder: Path, name: str = "paplay", code: int = 0) -> Path:
    return fake_command(folder, name, code)


class Recorder:
    """Records bells and the pauses between them (no real sleeping)."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def ring(self) -> None:
        self.events.append("bell")

    def sleep(self, seconds: float) -> None:
        self.events.append(f"wait {seconds:.2f}")


def test_each_moment_has_its_own_bell_pattern() -> None:
    patterns = {sound: tuple(bell_times(sound)) for sound in BELL_SOUNDS}
    assert len(set(patterns.values())) == len(BELL_SOUNDS), patterns
    assert patterns[Sound.TICK] == (0.0,)  # one bell for each of the last 3 seconds
    assert len(patterns[Sound.START]) == 2 and len(patterns[Sound.REST]) == 2
    assert patterns[Sound.START][1] < patterns[Sound.REST][1]  # "go" quick, "rest" slow
    assert len(patterns[Sound.SWITCH]) == 3 and len(patterns[Sound.EXERCISE_DONE]) == 3
    assert len(patterns[Sound.SESSION_DONE]) == 5
    # tempo and release are soft tones only: the bell never rings every second
    assert bell_times(Sound.TEMPO) == [] and bell_times(Sound.RELEASE) == []
    # a tick fits well inside a second
    assert pattern_length_s(Sound.TICK) < 0.2


@pytest.mark.parametrize("sound", BELL_SOUNDS)
def test_bell_only_plays_the_pattern(sound: Sound) -> None:
    rec = Recorder()
    player = SoundPlayer(rec.ring, player=[], sleep=rec.sleep)
    player.play(sound)
    assert player.wait_idle(10)
    expected: list[str] = []
    previous = 0.0
    for at in bell_times(sound):
        if at > previous:
            expected.append(f"wait {at - previous:.2f}")
        previous = at
        expected.append("bell")
    assert rec.events == expected
    assert player.played == [(sound, "bell")]


def test_quiet_plays_nothing() -> None:
    rec = Recorder()
    player = SoundPlayer(rec.ring, enabled=False, player=[], sleep=rec.sleep)
    for sound in Sound:
        player.play(sound)
    assert player.wait_idle(1)
    assert rec.events == [] and player.played == []


def test_tones_through_a_player_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    log = fake_player(bin_dir, "paplay")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    rec = Recorder()
    player = SoundPlayer(rec.ring, folder=tmp_path / "cache", sleep=rec.sleep)
    assert player.uses_tones
    files = []
    for sound in Sound:
        player.play(sound)
        assert player.wait_idle(10)
    for line in log.read_text(encoding="utf-8").splitlines():
        (path,) = json.loads(line)
        files.append(Path(path))
    assert len(files) == len(Sound) and rec.events == []  # tones, no bell
    assert len({f.read_bytes() for f in files}) == len(Sound)  # each sound its own tone
    for sound, path in zip(Sound, files, strict=True):
        with wave.open(str(path), "rb") as wav:
            seconds = wav.getnframes() / wav.getframerate()
        assert seconds == pytest.approx(pattern_length_s(sound), abs=0.01)


def test_a_failing_player_falls_back_to_the_bell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    fake_player(bin_dir, "aplay", code=1)  # e.g. no sound card
    monkeypatch.setenv("PATH", str(bin_dir))
    assert find_player() == ["aplay", "-q"]
    rec = Recorder()
    player = SoundPlayer(rec.ring, folder=tmp_path / "cache", sleep=rec.sleep)
    player.play(Sound.TICK)
    assert player.wait_idle(10)
    assert rec.events == ["bell"] and not player.uses_tones
    player.play(Sound.START)
    assert player.wait_idle(10)
    assert rec.events.count("bell") == 3


def test_wav_files_are_cached(tmp_path: Path) -> None:
    first = wav_for(Sound.SWITCH, tmp_path)
    stamp = first.stat().st_mtime_ns
    again = wav_for(Sound.SWITCH, tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert set(PATTERNS) == set(Sound)


def test_each_cue_kind_plays_its_sound_and_a_batch_plays_one() -> None:
    from coach.domain.cues import Cue, CueKind

    def batch(*kinds: CueKind) -> list[Cue]:
        return [Cue(kind, kind.value) for kind in kinds]

    assert sound_for(batch(CueKind.WORK_START)) is Sound.START
    assert sound_for(batch(CueKind.HOLD_START)) is Sound.START
    assert sound_for(batch(CueKind.COUNTDOWN)) is Sound.TICK
    assert sound_for(batch(CueKind.REST)) is Sound.REST
    assert sound_for(batch(CueKind.SWITCH_SIDE)) is Sound.SWITCH
    assert sound_for(batch(CueKind.RELEASE)) is Sound.RELEASE
    assert sound_for(batch(CueKind.TEMPO_UP)) is Sound.TEMPO
    assert sound_for(batch(CueKind.EXERCISE_DONE, CueKind.GET_READY)) is Sound.EXERCISE_DONE
    assert sound_for(batch(CueKind.EXERCISE_DONE, CueKind.SESSION_DONE)) is Sound.SESSION_DONE
    assert sound_for(batch(CueKind.LAST_SET, CueKind.HOLD_START)) is Sound.START
    for quiet in (CueKind.GET_READY, CueKind.SIDE, CueKind.HALFWAY, CueKind.PAUSED,
                  CueKind.RESUMED, CueKind.EXERCISE_SKIPPED, CueKind.FINISH_LATER):  # fmt: skip
        assert sound_for(batch(quiet)) is None, quiet


def test_a_session_rings_only_at_moments_and_in_the_last_three_seconds() -> None:
    """A whole routine on the bell: never a bell a second outside the 3-2-1."""
    from tests.services.test_voice import SMALL_ROUTINE, batches_of

    rec = Recorder()
    player = SoundPlayer(rec.ring, player=[], sleep=rec.sleep)
    for cues in batches_of(SMALL_ROUTINE):
        player.cues(cues)  # type: ignore[arg-type]
        assert player.wait_idle(10)
    played = [sound for sound, _how in player.played]
    ticks = played.count(Sound.TICK)
    # 3-2-1 at the end of the 8 timed steps: 3 get readies, 4 holds, 1 switch (not the
    # release, not the tempo rep)
    assert ticks == 3 * 8
    assert played[-1] is Sound.SESSION_DONE
    assert Sound.SWITCH in played and Sound.START in played
    assert played.count(Sound.EXERCISE_DONE) == 2  # the third ends with the session
    assert played.count(Sound.START) == 5  # 4 holds and the tempo rep
