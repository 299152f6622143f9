"""The therapist's progression plan on the routine screen: doses in effect, and what is offered.

Read in a worker thread when the screen opens; hidden when the routine has no plan. An offer
(``Your therapist's plan: ready to hold 35 s instead of 30 s.``) is accepted with ``a`` or
declined with ``d`` (the screen's keys call :meth:`DosePlan.answer`); ``coach dose ROUTINE undo``
takes an accepted step back.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Static

from coach.app import progression
from coach.app.errors import StorageError
from coach.domain.progression import DoseChange, Proposal, dose_words
from coach.library import LoadedRoutine
from coach.tui.widgets.plain import literal


def plan_content(offers: list[Proposal], standing: list[DoseChange]) -> Any:
    """The box's text: the raised doses in effect, then each offer and the keys to answer."""
    pieces: list[str | tuple[str, str]] = []
    for change in standing:
        pieces.extend([f"{change.exercise_index + 1}. {change.exercise_name}: now ",
                       dose_words(change.dose), f" (since {change.at:%d %b})\n"])  # fmt: skip
    for offer in offers:
        pieces.extend([(f"{offer.exercise_index + 1}. {offer.exercise_name}: ", "bold"),
                       offer.sentence, "\n"])  # fmt: skip
    if offers:
        pieces.append(("a accept    d not now", "bold"))
    return literal(*pieces).rstrip()


class DosePlan(Static):
    """Doses raised so far and the next step offered (empty and hidden when there is none)."""

    DEFAULT_CSS = """
    DosePlan {
        margin-top: 1;
        padding: 0 1;
        border: round $success;
        height: auto;
    }
    DosePlan.-empty {
        display: none;
    }
    """

    def __init__(self, loaded: LoadedRoutine) -> None:
        super().__init__("", id="dose-plan", classes="-empty")
        self.loaded = loaded
        self.offers: list[Proposal] = []

    def on_mount(self) -> None:
        if any(ex.progression for ex in self.loaded.routine.exercises):
            self.border_title = "Your therapist's plan"
            self.refresh_plan(self.app)

    @work(thread=True, exclusive=True, group="dose-plan", exit_on_error=False)
    def refresh_plan(self, app: Any, answer: str | None = None) -> None:
        """Read (and first save ``answer`` to the shown offers: accept or decline) off the UI
        thread, then redraw (``app``: taken on the UI thread; the screen may close meanwhile)."""
        try:
            repo = app.repo()
            for offer in self.offers if answer else []:
                keep = progression.accept if answer == "accept" else progression.decline
                keep(repo, offer, app.ctx.now())
            offers = progression.dose_offers(repo, self.loaded, app.ctx.now(), app.ctx.tz())
            history = progression.dose_history(repo, self.loaded.routine.id)
        except StorageError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        standing = [c for c in history if c.undone_at is None]
        app.call_from_thread(self._show, offers, standing, answer)

    def _show(self, offers: list[Proposal], standing: list[DoseChange], answer: str | None) -> None:
        if not self.is_attached:
            return
        self.offers = offers
        self.update(plan_content(offers, standing))
        self.set_class(not offers and not standing, "-empty")
        if answer == "accept":
            self.notify("Accepted: your next session uses the new dose.", markup=False)
        elif answer == "decline":
            self.notify("Not now: it will be offered again after more sessions.", markup=False)

    def answer(self, choice: str) -> None:
        """``accept`` or ``decline`` what is offered (nothing offered: nothing happens)."""
        if self.offers:
            self.refresh_plan(self.app, choice)
