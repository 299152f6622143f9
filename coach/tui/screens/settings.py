"""Settings: the colours (applied at once, kept for next time) and the voice during sessions.

Reading and saving run in thread workers. With ``NO_COLOR`` set, the screen says colours are off.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, RadioButton, RadioSet, Static, Switch

from coach.tui.themes import THEMES
from coach.tui.widgets.plain import plain_content

NO_COLOR_NOTE = "NO_COLOR is set, so coach shows no colours whatever you choose here."


class SettingsScreen(Screen[None]):
    """Colours and voice. Escape goes back."""

    DEFAULT_CSS = """
    SettingsScreen RadioSet { margin: 0 1; width: auto; }
    SettingsScreen .row { height: auto; margin: 0 1; }
    SettingsScreen .row Static { width: auto; padding: 1 1 0 1; }
    SettingsScreen #feedback { margin: 1 1 0 1; height: auto; }
    """

    BINDINGS = [Binding("escape", "leave", "Back"), Binding("question_mark", "help", "Help")]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Header()
        with VerticalScroll():
            yield Static(plain_content("Colours"), classes="section-title")
            with RadioSet(id="themes"):
                for name, label in THEMES.items():
                    yield RadioButton(plain_content(label), value=name == app.theme, name=name)
            if getattr(app, "no_color", False):
                yield Static(plain_content(NO_COLOR_NOTE), classes="hint", id="no-color")
            yield Static(plain_content("Voice"), classes="section-title")
            with Horizontal(classes="row"):
                yield Switch(value=True, id="voice", disabled=True)
                yield Static(plain_content("Say each exercise aloud during a session"))
            yield Static("", id="feedback", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#themes", RadioSet).focus()
        self.load()

    @work(thread=True, exclusive=True, group="settings-load")
    def load(self) -> None:
        """Read the voice setting."""
        from coach.services.preferences import voice_on
        from coach.storage.errors import StorageError

        app: Any = self.app
        try:
            on = voice_on(app.repo())
        except StorageError as exc:
            app.call_from_thread(self._say, str(exc))
            return
        app.call_from_thread(self._show_voice, on)

    def _show_voice(self, on: bool) -> None:
        switch = self.query_one("#voice", Switch)
        with self.prevent(Switch.Changed):
            switch.value = on
        switch.disabled = False

    def _say(self, message: str) -> None:
        self.query_one("#feedback", Static).update(plain_content(message))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """A theme was picked: use it now and keep it."""
        event.stop()
        name = event.pressed.name
        if name in THEMES and name != self.app.theme:
            self.app.action_set_theme(name)  # type: ignore[attr-defined]
            self._say(f"Colours: {THEMES[name]}. Kept for next time.")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        """The voice was turned on or off."""
        event.stop()
        self.save_voice(event.value)

    @work(thread=True, exclusive=True, group="settings-voice")
    def save_voice(self, on: bool) -> None:
        """Keep the voice setting."""
        from coach.services.preferences import set_voice
        from coach.storage.errors import StorageError

        app: Any = self.app
        try:
            set_voice(app.repo(), on)
        except StorageError as exc:
            app.call_from_thread(self._say, f"Not saved: {exc}")
            return
        app.call_from_thread(self._say, "Voice on." if on else "Voice off.")

    def action_help(self) -> None:
        """List the keys."""
        from coach.tui.dialogs.help import HelpDialog

        keys = [("↑ ↓", "move between the colours"), ("Enter or Space", "choose"),
                ("Tab", "to the voice switch (Space turns it on or off)"),
                ("Escape", "back"), ("?", "this help")]
        self.app.push_screen(HelpDialog("settings", keys))

    def action_leave(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss(None)
