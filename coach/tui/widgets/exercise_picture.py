"""How to do one exercise: its picture scaled to fit, description, cues and video link.

:class:`ExercisePicture` is the picture alone (nothing when the exercise has none), a small
widget any screen can place: the routine screen beside each exercise's how-to, the session
screen at "get ready". :class:`ExerciseHowTo` is the routine screen's block for one exercise.

Pictures are drawn with ``textual-image``: Kitty or Sixel graphics when :func:`prepare_graphics`
found the terminal supports them (it must run before the app starts: it asks the terminal), and
coloured Unicode half-blocks everywhere else (also under tests and in snapshots). The file was
checked when the routine loaded (:mod:`coach.media`); it is read again in a worker thread, and a
picture that cannot be read now is simply left out.

Routine text is shown literally; the video link is a terminal hyperlink, opened on click with
``App.open_url`` (coach never fetches it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from coach.domain.howto import progression_words
from coach.domain.routine import Exercise
from coach.domain.text import terminal_safe
from coach.tui.widgets.plain import literal

_graphics = False
"""True once :func:`prepare_graphics` asked the terminal (Kitty/Sixel may then be used)."""


def prepare_graphics() -> None:
    """Ask the terminal which picture protocol it supports; call before the app starts.

    Only on a real terminal, and not when ``COACH_PICTURES=halfblocks``. Textual reads the
    terminal once it runs, so the question cannot be asked later.
    """
    global _graphics
    if os.environ.get("COACH_PICTURES") == "halfblocks" or not sys.__stdout__:
        return
    if not sys.__stdout__.isatty():
        return
    try:
        # lazy: textual-image asks the terminal when imported
        import textual_image.widget  # noqa: F401  (asks the terminal on import)
    except Exception:  # a terminal that answers strangely: half-blocks it is
        return
    _graphics = True


def _image_class() -> type[Widget]:
    # lazy: textual-image asks the terminal when imported
    from textual_image.widget import HalfcellImage, Image

    return Image if _graphics else HalfcellImage


def picture_path(folder: Path | None, exercise: Exercise | None) -> Path | None:
    """Where the exercise's picture is (relative to the routine file's folder), or None."""
    if folder is None or exercise is None or exercise.media is None or not exercise.media.image:
        return None
    return folder / exercise.media.image


class ExercisePicture(Vertical):
    """An exercise's picture scaled to fit its box, or nothing; :meth:`show` swaps it."""

    DEFAULT_CSS = """
    ExercisePicture {
        width: 26;
        height: auto;
    }
    ExercisePicture.-empty {
        display: none;
    }
    ExercisePicture > .picture {
        width: auto;
        height: 8;
    }
    """

    def __init__(self, path: Path | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:  # fmt: skip
        super().__init__(id=id, classes=classes)
        self.path: Path | None = None
        self._wanted = path
        self.add_class("-empty")

    def on_mount(self) -> None:
        self.show(self._wanted)

    def show(self, path: Path | None) -> None:
        """Show the picture at ``path`` (None: show nothing). Same path: nothing to do."""
        if path == self.path:
            return
        self.path = path
        if path is None:  # hidden, the old picture kept until the next one is read: removing
            self.add_class("-empty")  # it would lay the screen out once more (a session's cost)
            return
        self._load(path, self.app)

    @work(thread=True, exclusive=True, group="exercise-picture", exit_on_error=False)
    def _load(self, path: Path, app: Any) -> None:
        """Read and decode the picture off the UI thread (``app``: taken on the UI thread, as
        the widget may be gone by the time the picture is read)."""
        # lazy: Pillow, only when a picture is shown
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path, formats=["PNG", "JPEG"]) as picture:
                picture.load()
                loaded: Any = picture.copy()
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            loaded = None
        app.call_from_thread(self._loaded, path, loaded)

    def _loaded(self, path: Path, picture: Any) -> None:
        if path != self.path or not self.is_attached:  # asked for another one, or gone
            return
        self.remove_children()
        if picture is None:
            self.add_class("-empty")
            return
        self.remove_class("-empty")
        self.mount(_image_class()(picture, classes="picture"))


def howto_content(number: int, exercise: Exercise) -> Content:
    """Name, description, cues, equipment and note of one exercise, literally."""
    pieces: list[str | tuple[str, str]] = [(f"{number}. {exercise.name}", "bold"), "\n"]
    if exercise.description:
        pieces.extend([exercise.description, "\n"])
    if exercise.cues:
        pieces.append(("Cues: ", "italic"))
        pieces.extend(["; ".join(exercise.cues), "\n"])
    if exercise.note:
        pieces.extend([exercise.note, "\n"])
    plan = progression_words(exercise)
    if plan:
        pieces.extend([plan, "\n"])
    if exercise.media is not None and exercise.media.credit:
        pieces.extend([("Picture: ", "dim"), (exercise.media.credit, "dim"), "\n"])
    return literal(*pieces).rstrip()


def video_content(url: str) -> Content:
    """``Video: https://...`` with the link as a terminal hyperlink."""
    safe = terminal_safe(url)
    return Content.assemble("Video: ", (safe, Style(underline=True, link=safe)), " (click to open)")


class VideoLink(Static):
    """A video link: a terminal hyperlink, and a click opens it with ``App.open_url``."""

    def __init__(self, url: str) -> None:
        super().__init__(video_content(url), classes="video")
        self.url = url

    def on_click(self) -> None:
        """Open the link in the browser (coach itself never fetches it)."""
        self.app.open_url(self.url)


class ExerciseHowTo(Horizontal):
    """One exercise on the routine screen: its picture beside its how-to text."""

    DEFAULT_CSS = """
    ExerciseHowTo {
        height: auto;
        margin-top: 1;
    }
    ExerciseHowTo > ExercisePicture {
        padding-right: 2;
    }
    ExerciseHowTo > .howto-body {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, number: int, exercise: Exercise, folder: Path | None) -> None:
        super().__init__(classes="howto")
        self.number = number
        self.exercise = exercise
        self.folder = folder

    def compose(self) -> ComposeResult:
        path = picture_path(self.folder, self.exercise)
        if path is not None:
            yield ExercisePicture(path)
        with Vertical(classes="howto-body"):
            yield Static(howto_content(self.number, self.exercise), classes="howto-text")
            media = self.exercise.media
            if media is not None and media.video:
                yield VideoLink(media.video)
