"""Settings section "During a session": the coach's voice and the sounds, on or off.

Read and saved in worker threads through the app's repository; a change applies at once to a
session's sound and voice (:func:`coach.tui.sound.outputs_for`). Turning the voice on where no
speech engine is installed says how to get one.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, Switch

from coach.services.cue_outputs import SoundPrefs, load_prefs, save_pref
from coach.services.sound import SOUNDS_SETTING
from coach.services.voice import INSTALL_HINT, VOICE_SETTING, find_engine

SWITCHES = {"voice-switch": VOICE_SETTING, "sounds-switch": SOUNDS_SETTING}


class SoundSettings(Vertical):
    """Two switches: speak the cues; play the sounds."""

    DEFAULT_CSS = """
    SoundSettings { height: auto; margin: 1 1 0 1; }
    SoundSettings .switch-row { height: auto; }
    SoundSettings .switch-row Static { width: 1fr; padding: 1 0 0 1; }
    SoundSettings #sound-feedback { height: auto; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("During a session", classes="section-title", markup=False)
        with Horizontal(classes="switch-row"):
            yield Switch(False, id="voice-switch", disabled=True)
            yield Static("Speak the cues aloud (the coach's voice)", markup=False)
        with Horizontal(classes="switch-row"):
            yield Switch(True, id="sounds-switch", disabled=True)
            yield Static("Sounds (a tone, or the terminal bell)", markup=False)
        yield Static("", id="sound-feedback", markup=False)

    def on_mount(self) -> None:
        self.load()

    def _repo(self) -> Any:
        """The app's repository (blocking: worker threads only)."""
        opener = getattr(self.app, "repo", None)
        if callable(opener):
            return opener()
        from coach.storage.repo import Repository

        return Repository.open(self.app.data_dir)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="sound-settings")
    def load(self) -> None:
        """Read the saved choices (worker thread)."""
        try:
            prefs = load_prefs(self._repo())
        except Exception:  # noqa: BLE001 - the screen reports storage problems elsewhere
            prefs = SoundPrefs()
        self.app.call_from_thread(self.show_prefs, prefs, find_engine() is not None)

    def show_prefs(self, prefs: SoundPrefs, have_engine: bool) -> None:
        """Set the switches without saving them again."""
        voice = self.query_one("#voice-switch", Switch)
        sounds = self.query_one("#sounds-switch", Switch)
        with voice.prevent(Switch.Changed), sounds.prevent(Switch.Changed):
            voice.value = prefs.voice
            sounds.value = prefs.sounds
        voice.disabled = sounds.disabled = False
        if prefs.voice and not have_engine:
            self.say(f"No speech engine is installed. To hear the coach: {INSTALL_HINT}")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        """Save the change and apply it to the sound and voice at once."""
        key = SWITCHES.get(event.switch.id or "")
        if key is None:
            return
        event.stop()
        from coach.tui.sound import current_outputs

        outputs = current_outputs(self.app)
        if outputs is not None and not getattr(self.app, "quiet", False):
            if key == VOICE_SETTING:
                outputs.set_voice(event.value)
            else:
                outputs.sound.enabled = event.value
        self.save(key, event.value)

    @work(thread=True, group="sound-settings-save")
    def save(self, key: str, on: bool) -> None:
        """Write one choice (worker thread), then say what it means."""
        try:
            save_pref(self._repo(), key, on)
        except Exception as exc:  # noqa: BLE001 - shown to the client, never a crash
            self.app.call_from_thread(self.say, f"Not saved: {exc}")
            return
        if key == VOICE_SETTING and on and find_engine() is None:
            message = (
                "Saved, but no speech engine is installed, so the coach cannot speak yet. "
                f"To get one: {INSTALL_HINT}"
            )
        elif key == VOICE_SETTING:
            message = "Saved. The coach speaks the cues." if on else "Saved. The voice is off."
        else:
            message = "Saved. Sounds are on." if on else "Saved. Sounds are off."
        self.app.call_from_thread(self.say, message)

    def say(self, message: str) -> None:
        """Show a line under the switches."""
        self.query_one("#sound-feedback", Static).update(message)
