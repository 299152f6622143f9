"""An interrupted session was found: resume it where it stopped, or keep it as partly done."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coach.app.sessions import practice_words
from coach.domain.records import SessionRecord
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.widgets.plain import literal

ResumeChoice = Literal["resume", "keep"]


def when_text(moment: datetime) -> str:
    """``Tue 3 Jun at 09:12`` in local time."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"


class ResumeDialog(Dialog[ResumeChoice | None]):
    """Dismisses with ``"resume"`` (``r``), ``"keep"`` (``k``) or None (Escape: ask later).

    ``stopped_at`` names the exercise it stopped in; ``reason`` (when given) says why it cannot
    be resumed, and only keeping it is offered.
    """

    CSS_PATH = dialog_css(__file__)

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", show=False),
        Binding("k", "choose('keep')", "Keep", show=False),
        Binding("escape", "later", "Later", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(
        self, record: SessionRecord, stopped_at: str | None = None, reason: str | None = None
    ) -> None:
        super().__init__()
        self.record = record
        self.stopped_at = stopped_at
        self.reason = reason

    def compose(self) -> ComposeResult:
        rec = self.record
        done = sum(1 for e in rec.exercises if e.status == "done")
        detail: list[str | tuple[str, str]] = [f"Started {when_text(rec.started_at)}. "]
        detail.append(f"{done} of {len(rec.exercises)} exercises done")
        with Vertical():
            what = "your practice run of " if rec.practice else ""  # (not counted)
            yield Static(
                literal(f"You did not finish {what}", (rec.routine_title, "bold")),
                id="resume-title",
            )
            if self.stopped_at:
                detail.extend(["; it stopped during ", (self.stopped_at, "bold")])
            practice = practice_words(rec)
            if practice is not None:  # resumed, it carries on at its pace and still not counted
                detail.append(f". It is {practice}, and carries on as one")
            yield Static(literal(*detail, "."), id="resume-detail")
            if self.reason:
                yield Static(literal(self.reason), id="resume-reason")
            with Horizontal():
                yield Button(
                    "Resume (R)",
                    id="resume",
                    variant="primary",
                    disabled=self.reason is not None,
                    compact=True,
                )
                yield Button("Keep as partly done (K)", id="keep", compact=True)
                yield Button("Ask me later (Esc)", id="later", compact=True)

    def on_mount(self) -> None:
        first = "#keep" if self.reason else "#resume"
        self.query_one(first, Button).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Too narrow for the buttons side by side (60 columns): one under the other."""
        labels = [str(b.label) for b in self.query_one(Horizontal).query(Button)]
        needed = sum(max(16, len(label) + 2) + 2 for label in labels)  # min width 16, margin 2
        room = min(event.size.width, 78) - 4  # the box: 78 wide at most, border and padding
        self.set_class(needed > room, "-stacked")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        event.stop()
        if event.button.id == "later":
            self.dismiss(None)
        else:
            self.action_choose(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        """Resume (only when possible) or keep."""
        if choice == "keep" or (choice == "resume" and self.reason is None):
            self.dismiss(choice)  # type: ignore[arg-type]

    def action_later(self) -> None:
        """Ask again next time."""
        self.dismiss(None)
