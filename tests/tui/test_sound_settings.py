"""The settings screen's voice and sound switches: kept, applied at once to the session's sound
and voice, and a voice with no speech engine says how to get one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static, Switch

from coach.services.cue_outputs import CueOutputs, load_prefs
from coach.services.sound import SoundPlayer
from coach.services.voice import Speaker
from coach.storage.repo import Repository
from coach.tui.sound import install_outputs
from tests.tui.conftest import settle
from tests.tui.test_home_and_routine import mark_red_flags_seen
from tests.tui.test_settings import SIZE, open_settings


def feedback(app: Any) -> str:
    return str(app.screen.query_one("#feedback", Static).render())


async def test_switches_are_kept_and_applied_at_once(
    make_app: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "espeak").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "espeak").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    mark_red_flags_seen(data_dir)
    app = make_app(quiet=False)
    outputs = CueOutputs(SoundPlayer(lambda: None, player=[]), Speaker(enabled=True))
    install_outputs(app, outputs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        voice = screen.query_one("#voice", Switch)
        sounds = screen.query_one("#sounds", Switch)
        assert (voice.value, sounds.value) == (True, True)  # on unless turned off
        sounds.value = False
        await settle(pilot)
        assert feedback(app) == "Sounds off."
        assert not outputs.sound.enabled  # a session hears it at once
        voice.value = False
        await settle(pilot)
        assert feedback(app) == "Voice off." and not outputs.voice.enabled
        voice.value = True
        await settle(pilot)
        assert feedback(app) == "Voice on." and outputs.voice.enabled
    prefs = load_prefs(Repository.open(data_dir))
    assert prefs.voice and not prefs.sounds
    again = make_app(quiet=False)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#sounds", Switch).value is False


async def test_voice_on_without_an_engine_says_how_to_get_one(
    make_app: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    mark_red_flags_seen(data_dir)
    Repository.open(data_dir).set_setting("voice", False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#voice", Switch).value = True
        await settle(pilot)
        assert "no speech engine is installed" in feedback(app)
        assert "sudo apt install espeak-ng" in feedback(app)
