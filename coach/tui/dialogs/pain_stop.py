"""The pain stop: a during-session rating above the routine's ``pain_stop``.

Shows the rating, the rule in plain words, the therapist's advice, and offers three choices:
skip this exercise (``s``), end the session, saved as partial (``e``), or continue, noted in
the log (``c``); and, when asked to, the day's option: the routine's gentle flare version
(``f``) or rest today (``r``). Dismisses with the choice; the session screen acts on it.
There is no cancel: one of the choices must be made.
"""

from __future__ import annotations

from typing import Literal

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from coach.domain.advice_words import limit_words
from coach.domain.checkin import pain_stop_rule
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import plain_content

PainStopChoice = Literal["skip", "end", "continue", "flare", "rest"]
DayOption = Literal["flare", "rest"]
"""What the dialog offers for the rest of the day: the routine's flare version, or rest."""
DAY_LABELS = {"flare": "Flare day: do the gentle version (F)", "rest": "Rest today (R)"}


class PainStopDialog(Dialog[PainStopChoice]):
    """Pain above the limit: skip the exercise, end the session, or continue."""

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("s", "choose('skip')", "Skip this exercise"),
        Binding("e", "choose('end')", "End the session"),
        Binding("c", "choose('continue')", "Continue"),
        Binding("f", "choose('flare')", "Flare day", show=False),
        Binding("r", "choose('rest')", "Rest today", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(
        self, advice: str | None, threshold: int, pain: int, day: DayOption | None = None,
        whose: str = "your therapist's",
    ) -> None:  # fmt: skip
        super().__init__()
        self.whose = whose
        """``your therapist's`` or ``the routine's`` (coach's library: library.whose_advice)."""
        self.advice = advice
        self.threshold = threshold
        self.pain = pain
        self.day = day

    def _limit(self) -> str:
        """``The limit your therapist set for this routine`` or ``This routine's limit``."""
        words = limit_words(self.whose)
        words += " for this routine" if self.whose == "your therapist's" else ""
        return words[:1].upper() + words[1:]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content("Your pain is above your limit"), id="title")
            yield Static(
                plain_content(
                    f"You rated your pain {self.pain}/10. {self._limit()} is {self.threshold}/10."
                ),
                id="rating",
            )
            yield Static(plain_content(pain_stop_rule(self.threshold)), id="rule")
            if self.advice:
                with VerticalScroll(id="advice-box"):
                    said = f"{self.whose[:1].upper()}{self.whose[1:]} advice:"
                    yield Static(plain_content(said), classes="label")
                    yield Static(plain_content(self.advice), id="advice")
            with Horizontal():
                yield Button("Skip this exercise (S)", id="skip", variant="primary")
                yield Button("End the session (E)", id="end", variant="warning")
                yield Button("Continue (C)", id="continue")
            if self.day is not None:
                with Horizontal(id="day-row"):
                    yield Button(DAY_LABELS[self.day], id=self.day, variant="success")
            yield Static(
                plain_content(
                    "Ending saves the session as partial. Continuing is noted in your log."
                ),
                id="note",
            )

    def on_mount(self) -> None:
        self.query_one("#skip", Button).focus()

    NARROW = 76
    """Below this many columns the three choices do not fit side by side (60x20)."""

    def on_resize(self, event: events.Resize) -> None:
        """Narrow: the choices one under the other, one line each, so none is cut."""
        narrow = event.size.width < self.NARROW
        self.set_class(narrow, "-stacked")
        for button in self.query(Button):
            button.compact = narrow

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button was clicked or pressed with Enter."""
        event.stop()
        if event.button.id in ("skip", "end", "continue", "flare", "rest"):
            self.action_choose(event.button.id)

    def action_choose(self, choice: str) -> None:
        """Close with the choice (the day option only when it is offered)."""
        if choice in ("skip", "end", "continue") or choice == self.day:
            self.dismiss(choice)  # type: ignore[arg-type]
