"""The client's details on the settings screen: name, client ID, therapist, clinic.

Read and saved in thread workers through :mod:`coach.app.progress` (the same use cases as
``coach profile``); a detail coach cannot keep is refused with the reason, nothing is saved.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from coach.app import progress
from coach.app.errors import StorageError
from coach.services.profile import ProfileError
from coach.tui.widgets.plain import plain_content

LABELS = (("name", "Name"), ("client_id", "Client ID"), ("therapist", "Therapist"),
          ("clinic", "Clinic"))  # fmt: skip
PLACEHOLDERS = {
    "name": "your name",
    "client_id": "the number your clinic gave you, if any",
    "therapist": "your therapist's name",
    "clinic": "the clinic or practice",
}
"""Shown in the empty fields (dim), so that each one shows where to type."""
HINT = "Printed at the top of your progress report and in the FHIR export. All optional."


class ProfileForm(Vertical):
    """Four one-line fields and a Save button."""

    DEFAULT_CSS = """
    ProfileForm { height: auto; margin: 0 1; }
    ProfileForm .row { height: 1; }
    ProfileForm .field-label { width: 12; height: 1; }
    ProfileForm .row Input { width: 1fr; max-width: 60; }
    ProfileForm Button { margin-top: 1; }
    ProfileForm #profile-feedback { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(plain_content(HINT), classes="hint")
        for key, label in LABELS:
            with Horizontal(classes="row"):
                yield Static(plain_content(label), classes="field-label")
                yield Input(id=f"profile-{key}", max_length=200, compact=True,
                            placeholder=PLACEHOLDERS[key])
        yield Button("Save details", id="profile-save")
        yield Static("", id="profile-feedback", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="profile-load")
    def load(self) -> None:
        """Read the stored details (thread)."""
        app: Any = self.app
        try:
            profile = progress.profile(app.ctx)
        except (StorageError, ProfileError) as exc:
            app.call_from_thread(self.say, str(exc))
            return
        app.call_from_thread(self.show, profile.model_dump())

    def show(self, values: dict[str, str | None]) -> None:
        """Fill the fields."""
        for key, _ in LABELS:
            self.query_one(f"#profile-{key}", Input).value = values.get(key) or ""

    def say(self, message: str) -> None:
        """Show a message under the button."""
        self.query_one("#profile-feedback", Static).update(plain_content(message))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save what the fields hold."""
        if event.button.id == "profile-save":
            event.stop()
            values = {key: self.query_one(f"#profile-{key}", Input).value for key, _ in LABELS}
            self.save(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves too."""
        event.stop()
        self.save({key: self.query_one(f"#profile-{key}", Input).value for key, _ in LABELS})

    @work(thread=True, exclusive=True, group="profile-save")
    def save(self, values: dict[str, str]) -> None:
        """Check and keep the details (thread)."""
        app: Any = self.app
        try:
            progress.replace_profile(app.ctx, **values)
        except (ProfileError, StorageError) as exc:
            app.call_from_thread(self.say, f"Not saved: {exc}")
            return
        app.call_from_thread(self.say, "Saved: your report will carry these details.")
