"""The check-ins around and during a session (helpers of the session screen).

- before the session (``check_in.before``): pain per region, then the session starts;
- ``h`` during the session: one quick rating; above the routine's ``pain_stop`` the pain-stop
  dialog offers skip / end (saved as partial) / continue, and the choice is noted in the log;
- after the session (``check_in.after``): pain per region, then back to the home screen.

Every check-in is saved with ``Repo.save_checkin`` in a worker thread, linked to the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from coach.domain.checkin import pain_stop_triggered
from coach.domain.records import CheckInRecord, PainContext, PainRating

if TYPE_CHECKING:
    from coach.domain.timer import Engine
    from coach.library import LoadedRoutine
    from coach.services.session_log import SessionRecorder
    from coach.tui.base import CoachAppBase


class SessionScreen(Protocol):
    """What these helpers use of the session screen (:mod:`coach.tui.screens.session`, which
    imports this module: a protocol here keeps the import one way)."""

    loaded: LoadedRoutine
    engine: Engine | None
    recorder: SessionRecorder | None
    now: Callable[[], datetime]

    @property
    def app(self) -> CoachAppBase:
        """The running coach app."""

    def release(self) -> None:
        """Carry on after a pain rating."""

    def skip_for_pain(self) -> None:
        """Skip the exercise that hurts."""

    def end_for_pain(self) -> None:
        """End the session (saved as partial) because of pain."""

GENERAL_REGION = "general"
"""The region a during-session rating is filed under when the exercise names none."""

CHOICE_NOTES = {
    "skip": "skipped the exercise",
    "end": "ended the session",
    "continue": "carried on",
}


def save_checkin(screen: SessionScreen, record: CheckInRecord) -> None:
    """Save a check-in in a worker thread (an app worker: it outlives the screen)."""
    app = screen.app

    def write() -> None:
        from coach.storage.errors import StorageError

        try:
            app.repo().save_checkin(record)
        except Exception as exc:  # noqa: BLE001 - a message, never a crash
            detail = str(exc) if isinstance(exc, StorageError) else "the data folder failed"
            app.call_from_thread(
                app.notify, f"Your pain rating could not be saved: {detail}",
                severity="error", markup=False, timeout=10,
            )  # fmt: skip

    app.run_worker(write, thread=True, group="checkin-save", exit_on_error=False)


def _record(
    screen: SessionScreen, context: PainContext, pain: list[PainRating], note: str | None = None
) -> CheckInRecord:
    recorder = screen.recorder
    return CheckInRecord(
        at=screen.now(),
        context=context,
        session_id=recorder.record.id if recorder is not None else None,
        routine_id=screen.loaded.routine.id,
        pain=pain,
        note=note,
    )


def ask_before(screen: SessionScreen, then: Callable[[], None]) -> None:
    """Ask the pain before the session (when the routine wants it), then call ``then``."""
    from coach.tui.dialogs.pain_rating import PainRatingDialog

    regions = screen.loaded.routine.check_in_regions or [GENERAL_REGION]

    def answered(ratings: object) -> None:
        rated = [r for r in ratings or [] if isinstance(r, PainRating)]  # type: ignore[attr-defined]
        then()
        if any(r.value is not None for r in rated):
            save_checkin(screen, _record(screen, "before_session", rated))

    dialog = PainRatingDialog(regions, title="Before you start: how is your pain right now?")
    screen.app.push_screen(dialog, answered)


def rate_pain(screen: SessionScreen) -> None:
    """``h``: one quick rating of the current exercise's region (the session is paused)."""
    from coach.tui.dialogs.pain_rating import QuickPainDialog

    state = screen.engine.state if screen.engine is not None else None
    exercise = state.step.exercise if state is not None and state.step is not None else None
    routine = screen.loaded.routine
    region = (exercise.region if exercise else None) or next(
        iter(routine.check_in_regions), GENERAL_REGION
    )
    title = "It hurts: how much pain do you have now?" if region == GENERAL_REGION else None
    where = f" during {exercise.name}" if exercise is not None else ""

    def rated(rating: object) -> None:
        if not isinstance(rating, PainRating) or rating.value is None:
            screen.release()
            return
        if not pain_stop_triggered(rating.value, routine.pain_stop):
            save_checkin(screen, _record(screen, "during_session", [rating]))
            screen.app.notify(
                f"Pain {rating.value}/10 noted. That is within your limit of "
                f"{routine.pain_stop}/10: carry on gently, and press h again if it gets worse.",
                markup=False,
            )
            screen.release()
            return
        from coach.tui.dialogs.pain_stop import PainStopDialog

        def chosen(choice: object) -> None:
            text = CHOICE_NOTES.get(str(choice), CHOICE_NOTES["continue"])
            note = (
                f"Pain {rating.value}/10{where}, above the limit of {routine.pain_stop}/10: "
                f"{text}."
            )
            save_checkin(screen, _record(screen, "during_session", [rating], note[:1000]))
            if choice == "skip":
                screen.skip_for_pain()
            elif choice == "end":
                screen.end_for_pain()
            else:
                screen.release()

        dialog = PainStopDialog(routine.advice, routine.pain_stop, rating.value)
        screen.app.push_screen(dialog, chosen)

    screen.app.push_screen(QuickPainDialog(region, title), rated)


def after_session(screen: SessionScreen, done: Callable[[], None]) -> None:
    """Ask the pain after the session, save it, then call ``done``."""
    from coach.tui.dialogs.pain_rating import PainRatingDialog

    regions = screen.loaded.routine.check_in_regions or [GENERAL_REGION]

    def answered(ratings: object) -> None:
        rated = [r for r in ratings or [] if isinstance(r, PainRating)]  # type: ignore[attr-defined]
        if any(r.value is not None for r in rated):
            save_checkin(screen, _record(screen, "after_session", rated))
            screen.app.notify("Thank you: your pain after the session is saved.", markup=False)
        done()

    dialog = PainRatingDialog(regions, title="After the session: how is your pain now?")
    screen.app.push_screen(dialog, answered)
