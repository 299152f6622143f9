"""Settings: the colours (applied at once, kept for next time), the voice and the sounds during
sessions (kept, and applied at once to a session's sound and voice), and the client's details for
the report (:class:`~coach.tui.widgets.profile_form.ProfileForm`).

Reading and saving run in thread workers. With ``NO_COLOR`` set, the screen says colours are off.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, RadioButton, RadioSet, Static, Switch

from coach.app.errors import StorageError
from coach.services.preferences import set_sounds, set_voice, sounds_on, voice_on
from coach.services.voice import INSTALL_HINT, find_engine
from coach.tui.base import CoachScreen
from coach.tui.sound import current_outputs
from coach.tui.themes import THEMES
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.plain import plain_content
from coach.tui.widgets.profile_form import ProfileForm

NO_COLOR_NOTE = "NO_COLOR is set, so coach shows no colours whatever you choose here."


class SettingsScreen(CoachScreen[None]):
    """Colours and voice. Escape goes back."""

    CSS_PATH = "settings.tcss"

    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="back"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
    ]
    HELP_TITLE = "settings"

    def __init__(self, start_at: str | None = None) -> None:
        super().__init__()
        self.start_at = start_at
        """``"profile"``: open at the client's details (the palette's Profile), its name focused."""

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield CoachHeader()
        with VerticalScroll():
            yield Static(plain_content("Colours"), classes="section-title")
            with RadioSet(id="themes"):
                for name, label in THEMES.items():
                    yield RadioButton(plain_content(label), value=name == app.theme, name=name)
            if getattr(app, "no_color", False):
                yield Static(plain_content(NO_COLOR_NOTE), classes="hint", id="no-color")
            yield Static(plain_content("Voice and sounds"), classes="section-title")
            with Horizontal(classes="row"):
                yield Switch(value=True, id="voice", disabled=True)
                yield Static(plain_content("Say each exercise aloud during a session"))
            with Horizontal(classes="row"):
                yield Switch(value=True, id="sounds", disabled=True)
                yield Static(plain_content("Sounds during a session (a tone, or the bell)"))
            yield Static("", id="feedback", classes="hint")
            yield Static(plain_content("Your details"), classes="section-title")
            yield ProfileForm(id="profile")
        yield Footer()

    def on_mount(self) -> None:
        if self.start_at == "profile":
            name = self.query_one("#profile-name")
            name.focus()
            self.call_after_refresh(self.query_one(VerticalScroll).scroll_to_widget, name,
                                    animate=False, top=True)  # fmt: skip
        else:
            self.query_one("#themes", RadioSet).focus(scroll_visible=False)  # title in view
        self.load()

    @work(thread=True, exclusive=True, group="settings-load")
    def load(self) -> None:
        """Read the voice and sound settings."""
        app: Any = self.app
        try:
            repo = app.repo()
            values = {"voice": voice_on(repo), "sounds": sounds_on(repo)}
        except StorageError as exc:
            app.call_from_thread(self._say, str(exc))
            return
        app.call_from_thread(self._show_switches, values)

    def _show_switches(self, values: dict[str, bool]) -> None:
        for name, on in values.items():
            switch = self.query_one(f"#{name}", Switch)
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
        """The voice or the sounds were turned on or off: applied at once, and kept."""
        event.stop()

        outputs = current_outputs(self.app)
        quiet = bool(getattr(self.app, "quiet", False))
        if event.switch.id == "voice":
            if outputs is not None and not quiet:
                outputs.set_voice(event.value)
            self.save_voice(event.value)
        elif event.switch.id == "sounds":
            if outputs is not None and not quiet:
                outputs.sound.enabled = event.value
            self.save_sounds(event.value)

    @work(thread=True, exclusive=True, group="settings-voice")
    def save_voice(self, on: bool) -> None:
        """Keep the voice setting (and say how to get a speech engine if there is none)."""
        app: Any = self.app
        try:
            set_voice(app.repo(), on)
        except StorageError as exc:
            app.call_from_thread(self._say, f"Not saved: {exc}")
            return
        message = "Voice on." if on else "Voice off."
        if on and find_engine() is None:
            message = (
                "Voice on, but no speech engine is installed, so the coach cannot speak yet. "
                f"To get one: {INSTALL_HINT}"
            )
        app.call_from_thread(self._say, message)

    @work(thread=True, exclusive=True, group="settings-sounds")
    def save_sounds(self, on: bool) -> None:
        """Keep the sounds setting."""
        app: Any = self.app
        try:
            set_sounds(app.repo(), on)
        except StorageError as exc:
            app.call_from_thread(self._say, f"Not saved: {exc}")
            return
        app.call_from_thread(self._say, "Sounds on." if on else "Sounds off.")

    def action_leave(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss(None)
