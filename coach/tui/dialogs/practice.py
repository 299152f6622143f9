"""A practice run of a routine: choose the pace (normal, 2x or 3x faster), or cancel.

A practice run is for trying a routine out: it runs the same session screen, marked
"PRACTICE — not counted", without the pain questions before and after (they would never count),
and is saved in the log as practice, never counted in streaks, adherence, trends, reports or
exports (the same as ``coach run --speed N``). Each pace says how long the run really takes.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from coach.domain.describe import format_minutes
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import literal


@dataclass(frozen=True)
class Pace:
    """One choice of the dialog: its key, its words, the session's speed."""

    key: str
    label: str
    speed: float


PACES = (
    Pace("1", "Normal pace", 1.0),
    Pace("2", "2× faster", 2.0),
    Pace("3", "3× faster", 3.0),
)
"""The paces offered, slowest first (a key per pace: 1, 2, 3)."""

EXPLAINED = (
    "Try the routine out. The session runs as usual, without the pain questions, and is saved "
    "in your log as practice: it never counts in your streak, adherence, progress or reports."
)


def pace_label(pace: Pace, estimate_s: float | None) -> str:
    """A pace's button: ``3× faster: about 3 min (3)`` (the real time of a 10 min routine)."""
    took = f": {format_minutes(estimate_s / pace.speed)}" if estimate_s is not None else ""
    return f"{pace.label}{took} ({pace.key})"


class PracticeDialog(Dialog[float | None]):
    """Dismisses with the chosen speed (``1``, ``2``, ``3`` or a button), None to cancel
    (``c``, Escape)."""

    CSS_PATH = dialog_css(__file__)
    HELP_TITLE = "the practice run's pace"

    BINDINGS = [
        *[Binding(p.key, f"choose({p.speed!r})", p.label, show=False,
                  tooltip=f"practice: {p.label.lower()}") for p in PACES],
        Binding("c,escape", "cancel", "Cancel", show=False, tooltip="no practice run now"),
        Binding("up,left", "app.focus_previous", show=False),
        Binding("down,right", "app.focus_next", show=False),
    ]  # fmt: skip

    def __init__(self, routine_title: str, estimate_s: float | None = None) -> None:
        super().__init__()
        self.routine_title = routine_title
        self.estimate_s = estimate_s
        """The routine's time at normal pace (None: the buttons say no time)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                literal("Practice run (not counted): ", (self.routine_title, "bold")),
                id="practice-title",
            )
            yield Static(literal(EXPLAINED), id="practice-detail")
            with Vertical(id="choices"):
                for pace in PACES:
                    yield Button(
                        pace_label(pace, self.estimate_s), id=f"pace-{pace.key}", compact=True,
                        variant="primary" if pace.speed == 1.0 else "default",
                    )  # fmt: skip
                yield Button("Cancel (C)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#pace-{PACES[0].key}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        pace = next((p for p in PACES if event.button.id == f"pace-{p.key}"), None)
        self.dismiss(pace.speed if pace is not None else None)

    def action_choose(self, speed: float) -> None:
        """A pace's key answers."""
        self.dismiss(float(speed))

    def action_cancel(self) -> None:
        """No practice run now."""
        self.dismiss(None)
