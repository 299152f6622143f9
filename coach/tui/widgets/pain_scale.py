"""A 0-10 scale rated with the keyboard alone: digits, ``1`` then ``0`` for 10, arrows, skip.

Used for pain, stiffness and PSFS activities. The value is None until rated (or after ``s``:
skipped). Enter is left to the screen (it moves on to the next question).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from coach.domain.text import terminal_safe


class PainScale(Widget, can_focus=True):
    """Numbers 0 to 10 with the chosen one highlighted; ``value`` None means not rated."""

    DEFAULT_CSS = """
    PainScale {
        height: 1;
        width: auto;
        min-width: 50;
    }
    PainScale:focus, PainScale.-active {
        background: $accent 25%;
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("s,minus,backspace,delete", "skip", "Skip", show=False),
    ]

    value: reactive[int | None] = reactive(None)
    active: reactive[bool] = reactive(False)
    """Shown as the current question when a dialog routes keys to it (instead of focus)."""

    @dataclass
    class Changed(Message):
        """The value changed (None: skipped)."""

        scale: PainScale
        value: int | None

        @property
        def control(self) -> PainScale:
            """The scale that changed."""
            return self.scale

    def __init__(
        self,
        value: int | None = None,
        *,
        what: str = "pain",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.what = terminal_safe(what)
        self._after_one = False
        self.set_reactive(PainScale.value, value)

    FULL_WIDTH = 46
    """Cells the scale takes with a space either side of each number; narrower, it is compact
    (numbers one space apart) so the chosen value (``3/10``) always shows."""

    def render(self) -> Content:
        """``▸ 0 1 2 ... 10`` (the arrow when focused), the value highlighted, then ``3/10``."""
        current = self.has_focus or self.active
        compact = 0 < self.size.width < self.FULL_WIDTH
        parts: list[str | tuple[str, str]] = [("▸ ", "bold") if current else "  "]
        for n in range(11):
            label = (f"{n}" if compact else f" {n} ")
            parts.append((label, "reverse bold") if n == self.value else label)
            if compact and n < 10:
                parts.append(" ")
        status = "not rated" if self.value is None else f"{self.value}/10"
        parts.append(("  " + status, "bold" if self.value is not None else "dim"))
        return Content.assemble(*parts)

    def watch_value(self, value: int | None) -> None:
        """Tell the screen."""
        self.post_message(self.Changed(self, value))

    def watch_active(self, active: bool) -> None:
        """Highlight the current question."""
        self.set_class(active, "-active")

    def on_key(self, event: Key) -> None:
        """Digits set the value; ``1`` then ``0`` is 10."""
        if self.press(event.character):
            event.stop()
            event.prevent_default()

    def press(self, char: str | None) -> bool:
        """Apply a typed character; True when it was a digit (``1`` then ``0`` is 10)."""
        if char is None or not char.isdigit() or not char.isascii():
            self._after_one = False
            return False
        digit = int(char)
        if self._after_one and digit == 0:
            self.value = 10
            self._after_one = False
            return True
        self.value = digit
        self._after_one = digit == 1
        return True

    def action_step(self, delta: int) -> None:
        """Arrow keys: one point less or more (from not rated: start at 0)."""
        self._after_one = False
        self.value = 0 if self.value is None else max(0, min(10, self.value + delta))

    def action_skip(self) -> None:
        """Leave this question unanswered (recorded as skipped)."""
        self._after_one = False
        self.value = None
