"""The routine's measures after a session (e.g. "Turn head left" in degrees), each skippable.

One field per measure, with its unit and bounds. Enter moves to the next field and, on the
last, saves; an empty field is skipped; Escape (or "Skip all") saves none. A value outside the
therapist's bounds or not a number is refused with the reason, and the dialog stays open.
Returns ``{measure id: value}`` (empty when everything was skipped).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from coach.app.session_checkins import after_measures, measure_question, read_measure
from coach.domain.checkin import CheckInError
from coach.domain.routine import Routine
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.key_help import key_hint
from coach.tui.widgets.plain import plain_content

TITLE = "After the session: your therapist's measures"
HINT = "Type each value (Enter: next). Leave a field empty to skip it. {skip_all}: skip all."
"""The hint; the key that skips all comes from the binding (Enter is the fields' own)."""


class MeasuresDialog(Dialog[dict[str, float]]):
    """Ask every measure of ``routine``; dismisses with the values given."""

    CSS_PATH = dialog_css(__file__)
    BINDINGS = [Binding("escape", "skip_all", "Skip all")]

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine
        self.measures = after_measures(routine)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content(TITLE), classes="dialog-title")
            yield Static(plain_content(key_hint(self, (), HINT)), classes="hint")
            for m in self.measures:
                with Horizontal(classes="measure-row"):
                    yield Static(plain_content(measure_question(m)), classes="measure-label")
                    yield Input(id=f"measure-{m.id}", max_length=12, compact=True)
            yield Static("", id="measure-message")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="measures-save", variant="primary")
                yield Button("Skip all", id="measures-skip")

    def on_mount(self) -> None:
        if self.measures:
            self.query_one(f"#measure-{self.measures[0].id}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the next field, or save after the last."""
        event.stop()
        ids = [f"measure-{m.id}" for m in self.measures]
        at = ids.index(event.input.id or "") if event.input.id in ids else len(ids) - 1
        if at + 1 < len(ids):
            self.query_one(f"#{ids[at + 1]}", Input).focus()
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or skip all."""
        event.stop()
        if event.button.id == "measures-save":
            self.action_save()
        else:
            self.action_skip_all()

    def action_save(self) -> None:
        """Check every value given; dismiss with them, or say what is wrong."""
        values: dict[str, float] = {}
        for m in self.measures:
            field = self.query_one(f"#measure-{m.id}", Input)
            typed = field.value.strip()
            if not typed:
                continue
            try:
                values[m.id] = read_measure(self.routine, m, typed)
            except CheckInError as exc:
                self.query_one("#measure-message", Static).update(plain_content(f"{exc}."))
                field.focus()
                return
        self.dismiss(values)

    def action_skip_all(self) -> None:
        """Save no measure."""
        self.dismiss({})
