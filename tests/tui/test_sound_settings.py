"""The settings screen's "During a session" switches: voice and sounds, saved and applied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Static, Switch

from coach.services.cue_outputs import CueOutputs, load_prefs
from coach.services.sound import SoundPlayer
from coach.services.voice import Speaker
from coach.storage.repo import Repository
from coach.tui.sound import install_outputs
from tests.tui.conftest import settle
from tests.tui.test_reminders_screen import Host, run_async


def feedback(app: Host) -> str:
    return str(app.screen.query_one("#sound-feedback", Static).render())


@run_async
async def test_voice_and_sounds_are_toggled_saved_and_applied(
    data_dir: Path, routines_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "espeak").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "espeak").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    app = Host(data_dir, [routines_dir])
    outputs = CueOutputs(SoundPlayer(lambda: None, player=[]), Speaker(enabled=False))
    install_outputs(app, outputs)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        voice = app.screen.query_one("#voice-switch", Switch)
        sounds = app.screen.query_one("#sounds-switch", Switch)
        assert (voice.value, sounds.value) == (False, True)
        voice.value = True
        await settle(pilot)
        assert feedback(app) == "Saved. The coach speaks the cues."
        assert outputs.voice.enabled  # a running session hears it at once
        sounds.value = False
        await settle(pilot)
        assert feedback(app) == "Saved. Sounds are off."
        assert not outputs.sound.enabled
    prefs = load_prefs(Repository.open(data_dir))
    assert prefs.voice and not prefs.sounds
    app = Host(data_dir, [routines_dir])  # opened again: the switches show what was saved
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#voice-switch", Switch).value is True
        assert app.screen.query_one("#sounds-switch", Switch).value is False


@run_async
async def test_voice_on_without_a_speech_engine_says_how_to_get_one(
    data_dir: Path, routines_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = Host(data_dir, [routines_dir])
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#voice-switch", Switch).value = True
        await settle(pilot)
        assert "no speech engine is installed" in feedback(app)
        assert "sudo apt install espeak-ng" in feedback(app)
