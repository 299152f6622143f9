"""Colour themes: the ones offered, the high-contrast one, and keeping the choice in settings.

The choice is a setting (``theme``) in the data folder, written and read in thread workers. A
name coach does not offer (an old or hand-edited setting) is ignored: the default stays.
``NO_COLOR`` is Textual's own: with it set, every theme is shown without colour.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.theme import Theme

THEME_SETTING = "theme"
DEFAULT_THEME = "textual-dark"

HIGH_CONTRAST = Theme(
    name="coach-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFB000",
    error="#FF6060",
    success="#40FF40",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-background": "#000000",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00 50%",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
    },
)
"""White on black, yellow and cyan accents, no faded text: for low vision and bright rooms."""

THEMES: dict[str, str] = {
    "textual-dark": "Dark",
    "textual-light": "Light",
    HIGH_CONTRAST.name: "High contrast",
    "nord": "Soft dark (Nord)",
    "solarized-light": "Soft light (Solarized)",
}
"""The themes coach offers: Textual's name -> what the client reads."""


def register_themes(app: Any) -> None:
    """Make coach's own themes known to the app (call before setting ``app.theme``)."""
    app.register_theme(HIGH_CONTRAST)


def read_theme(repo: Any) -> str | None:
    """The saved theme, if coach offers it (blocking: call from a worker)."""
    name = repo.get_setting(THEME_SETTING)
    return name if isinstance(name, str) and name in THEMES else None


def restore_theme(app: Any) -> None:
    """Apply the saved theme (reads in a thread worker; storage problems keep the default)."""

    def read() -> None:
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        app.wait_until_settled()  # opening the repository imports the models: after the home
        try:
            name = read_theme(app.repo())
        except StorageError:
            return  # the home screen tells what is wrong with the data folder
        if name is not None and name != app.theme:
            app.call_from_thread(setattr, app, "theme", name)

    app.run_worker(read, thread=True, group="theme", name="restore theme")


def save_theme(app: Any, name: str) -> None:
    """Keep the theme for next time (writes in a thread worker)."""

    def write(name: str) -> None:
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        try:
            app.repo().set_setting(THEME_SETTING, name)
        except StorageError as exc:
            app.call_from_thread(
                app.notify, f"The colours could not be saved: {exc}", severity="error",
                markup=False,
            )

    app.run_worker(partial(write, name), thread=True, group="theme", name="save theme")
