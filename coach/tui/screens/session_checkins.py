"""The check-ins around and during a session (helpers of the session screen).

- before the session (``check_in.before``): pain per region, then the session starts;
- ``h`` during the session: one quick rating; above the routine's ``pain_stop`` the pain-stop
  dialog offers skip / end (saved as partial) / continue, and the choice is noted in the log;
- after the session (``check_in.after``): pain per region, then the routine's measures
  (``check_in.measures``, each skippable), one check-in; then back to the home screen.

Every check-in is saved with :func:`coach.app.checkins.record_checkin` (as the check-in screen
and ``coach checkin`` save) in a worker thread, linked to the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from coach.app.checkins import record_checkin
from coach.app.errors import StorageError
from coach.app.progression import rest_today as excuse
from coach.app.session_checkins import (
    GENERAL_REGION,
    above_limit,
    after_measures,
    check_in_regions,
    during_region,
    pain_stop_note,
    session_check_in,
    worth_saving,
)
from coach.domain.advice_words import whose_advice
from coach.domain.records import CheckInRecord, PainContext, PainRating
from coach.tui.dialogs.measures import MeasuresDialog
from coach.tui.dialogs.pain_rating import PainRatingDialog, QuickPainDialog
from coach.tui.dialogs.pain_stop import DayOption, PainStopDialog

if TYPE_CHECKING:
    from coach.domain.timer import Engine
    from coach.library import LoadedRoutine
    from coach.services.session_log import SessionRecorder
    from coach.tui.base import CoachAppBase


class SessionScreen(Protocol):
    """What these helpers use of the session screen (:mod:`coach.tui.screens.session`, which
    imports this module: a protocol here keeps the import one way)."""

    loaded: LoadedRoutine
    recorder: SessionRecorder | None
    now: Callable[[], datetime]
    flare: bool

    @property
    def engine(self) -> Engine | None:
        """The session's timer engine (None when it could not start)."""

    @property
    def app(self) -> CoachAppBase:
        """The running coach app."""

    def release(self) -> None:
        """Carry on after a pain rating."""

    def action_skip(self) -> None:
        """Leave this exercise for the next one."""

    def stop(self) -> None:
        """End the session now, saved as partly done."""

    def dismiss(self, result: None = None) -> object:
        """Close the session screen."""


def save_checkin(screen: SessionScreen, record: CheckInRecord) -> None:
    """Save a check-in in a worker thread (an app worker: it outlives the screen)."""
    app = screen.app

    def write() -> None:
        try:
            record_checkin(app.repo(), record)
        except Exception as exc:  # noqa: BLE001 - a message, never a crash
            detail = str(exc) if isinstance(exc, StorageError) else "the data folder failed"
            app.call_from_thread(
                app.notify, f"Your pain rating could not be saved: {detail}",
                severity="error", markup=False, timeout=10,
            )  # fmt: skip

    app.run_worker(write, thread=True, group="checkin-save", exit_on_error=False)


def _record(
    screen: SessionScreen,
    context: PainContext,
    pain: list[PainRating],
    note: str | None = None,
    measures: dict[str, float] | None = None,
) -> CheckInRecord:
    recorder = screen.recorder
    return session_check_in(
        at=screen.now(),
        context=context,
        routine=screen.loaded.routine,
        session_id=recorder.record.id if recorder is not None else None,
        pain=pain,
        note=note,
        measures=measures,
    )


def ask_before(screen: SessionScreen, then: Callable[[], None]) -> None:
    """Ask the pain before the session (when the routine wants it), then call ``then``."""
    regions = check_in_regions(screen.loaded.routine)

    def answered(ratings: object) -> None:
        rated = [r for r in ratings or [] if isinstance(r, PainRating)]  # type: ignore[attr-defined]
        then()
        if worth_saving(rated):
            save_checkin(screen, _record(screen, "before_session", rated))

    dialog = PainRatingDialog(regions, title="Before you start: how is your pain right now?")
    screen.app.push_screen(dialog, answered)


def rate_pain(screen: SessionScreen) -> None:
    """``h``: one quick rating of the current exercise's region (the session is paused)."""
    state = screen.engine.state if screen.engine is not None else None
    step = state.step if state is not None else None
    routine = screen.loaded.routine
    region = during_region(routine, step)
    title = "It hurts: how much pain do you have now?" if region == GENERAL_REGION else None

    def rated(rating: object) -> None:
        if not isinstance(rating, PainRating) or rating.value is None:
            screen.release()
            return
        if not above_limit(routine, rating.value):
            save_checkin(screen, _record(screen, "during_session", [rating]))
            screen.app.notify(
                f"Pain {rating.value}/10 noted. That is within your limit of "
                f"{routine.pain_stop}/10: carry on gently, and press h again if it gets worse.",
                markup=False,
            )
            screen.release()
            return

        def chosen(choice: object) -> None:
            assert rating.value is not None
            note = pain_stop_note(routine, rating.value, step, str(choice))
            save_checkin(screen, _record(screen, "during_session", [rating], note))
            if choice == "skip":  # the exercise that hurts; carry on with the next one
                screen.action_skip()
                screen.release()
            elif choice == "end":
                screen.stop()
            elif choice in ("flare", "rest"):
                switch_day(screen, str(choice))
            else:
                screen.release()

        day: DayOption = "rest" if screen.flare or routine.flare is None else "flare"
        whose = whose_advice(screen.loaded.origin)
        dialog = PainStopDialog(routine.advice, routine.pain_stop, rating.value, day, whose)
        screen.app.push_screen(dialog, chosen)

    screen.app.push_screen(QuickPainDialog(region, title), rated)


def after_session(screen: SessionScreen, done: Callable[[], None]) -> None:
    """After the session: the pain (when the routine asks) and the routine's measures (each
    skippable), saved as one check-in; then call ``done``."""
    routine = screen.loaded.routine

    def finish(rated: list[PainRating], measures: dict[str, float]) -> None:
        if worth_saving(rated, measures):
            save_checkin(screen, _record(screen, "after_session", rated, measures=measures))
            thanks = ("Thank you: your answers after the session are saved." if measures else
                      "Thank you: your pain after the session is saved.")
            screen.app.notify(thanks, markup=False)
        done()

    def ask_measures(rated: list[PainRating]) -> None:
        if not after_measures(routine):
            finish(rated, {})
            return

        def measured(values: object) -> None:
            finish(rated, dict(values) if isinstance(values, dict) else {})

        screen.app.push_screen(MeasuresDialog(routine), measured)

    if not routine.check_in.after:
        ask_measures([])
        return

    def answered(ratings: object) -> None:
        ask_measures([r for r in ratings or [] if isinstance(r, PainRating)])  # type: ignore[attr-defined]

    title = "After the session: how is your pain now?"
    dialog = PainRatingDialog(check_in_regions(routine), title=title)
    screen.app.push_screen(dialog, answered)


def switch_day(screen: SessionScreen, choice: str) -> None:
    """Pain stop, another kind of day: stop here (saved as partial), then the gentle flare
    version (``"flare"``) or rest, today excused as a flare day (``"rest"``)."""
    screen.stop()
    if choice == "flare":
        screen.app.start_session(screen.loaded, flare=True)
        return
    app, today = screen.app, screen.now().date()
    screen.dismiss()
    app.run_worker(partial(rest_today, app, today), thread=True, group="rest-today")


def rest_today(app: CoachAppBase, today: date) -> None:
    """Pain stop, rest today: excuse ``today`` as a flare day (worker thread), then say so."""
    try:
        excuse(app.repo(), today)
    except StorageError as exc:
        app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
        return
    message = "Rest today: it is marked as a flare day, so your streak is kept."
    app.call_from_thread(app.notify, message, markup=False)
