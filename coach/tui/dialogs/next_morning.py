"""The next-morning question: this morning's pain for the regions of yesterday's session.

Rated like :class:`~coach.tui.dialogs.pain_rating.PainRatingDialog`. When a region is 2 or more
points above its before-session value, the dialog says so plainly (and suggests easing off and
telling the therapist) before closing. Dismisses with ``list[PainRating]``, or None on Escape.

:func:`ask_startup_questions` runs the whole opening flow (red flags once, then this question).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.widgets import Static

from coach.domain.checkin import (
    RED_FLAGS_SETTING,
    NextMorningQuestion,
    compare_next_morning,
    morning_record,
    next_morning_due,
)
from coach.domain.records import CheckInRecord, PainRating
from coach.services.preferences import SETUP_OFFERED
from coach.tui.base import CoachAppBase, coach_app
from coach.tui.dialogs.pain_rating import RatingDialogBase
from coach.tui.dialogs.red_flags import RedFlagsDialog
from coach.tui.widgets.plain import plain_content


def _before_note(value: int | None) -> str:
    shown = "not rated" if value is None else f"{value}/10"
    return f"    before yesterday's session: {shown}"


def greeting(now: datetime | None) -> str:
    """"Good morning." before noon (or when the time is not known), "Good afternoon." until 6
    pm, then "Good evening." (the question is asked all day, the day after a session)."""
    if now is None or now.hour < 12:
        return "Good morning."
    return "Good afternoon." if now.hour < 18 else "Good evening."


class NextMorningDialog(RatingDialogBase):
    """How is the pain this morning, after yesterday's session?"""

    def __init__(self, question: NextMorningQuestion, now: datetime | None = None) -> None:
        notes = {r: _before_note(question.before.get(r)) for r in question.regions}
        title = f"{greeting(now)} Yesterday you did '{question.routine_title}'. " + (
            "How was your pain this morning?" if now is not None and now.hour >= 12
            else "How is your pain this morning?"
        )  # fmt: skip
        super().__init__(question.regions, title, notes=notes)
        self.question = question
        self._answer: list[PainRating] | None = None

    def finish(self) -> None:
        """Compare with yesterday; show the message if any, else close."""
        if self._answer is not None:
            self.dismiss(self._answer)
            return
        ratings = self.ratings()
        message = compare_next_morning(self.question, ratings)
        if message is None:
            self.dismiss(ratings)
            return
        self._answer = ratings
        for scale in self.scales():
            scale.disabled = True
        shown = self.query_one("#message", Static)
        shown.update(plain_content(message + "\n\nPress Enter."))
        shown.display = True
        self.query_one(".keys", Static).update("")
        self.set_focus(None)

    def action_cancel(self) -> None:
        """Escape: no answer, unless the answer was given and the message is showing."""
        self.dismiss(self._answer)


def ask_startup_questions(
    node: DOMNode,
    now: Callable[[], datetime] | None = None,
    tz: tzinfo | None = None,
) -> None:
    """On opening coach: the red-flags notice the first time, then the guided set-up (first run,
    empty program) or the next-morning question.

    Reads in a thread worker, shows the dialogs on the UI thread, saves in thread workers.
    ``node`` is the screen (or app) that runs the workers; its app is a coach app.
    """
    app = coach_app(node)
    zone = tz or app.ctx.tz()
    clock = now or app.ctx.now
    node.run_worker(
        partial(_load_questions, app, clock(), zone), thread=True, group="startup-questions"
    )


def _load_questions(app: CoachAppBase, now: datetime, tz: tzinfo) -> None:
    # lazy: brings the storage; this module loads with the home screen
    from coach.app.errors import StorageError

    try:
        _read_questions(app, now, tz)
    except StorageError:
        return  # damaged data: the home screen shows the plain message; nothing to ask


def _read_questions(app: CoachAppBase, now: datetime, tz: tzinfo) -> None:
    repo = app.repo()
    show_flags = not repo.get_setting(RED_FLAGS_SETTING, False)
    show_setup = show_flags and first_run_setup_due(repo)  # the very first run only
    since = now - timedelta(days=3)
    sessions, checkins = repo.sessions(since=since), repo.checkins(since=since)
    question = next_morning_due(now, sessions, checkins, tz)
    if question is None and sessions:
        library = app.ctx.library()
        regions = {rid: lr.routine.check_in_regions for rid, lr in library.routines.items()}
        question = next_morning_due(now, sessions, checkins, tz, regions)
    app.call_from_thread(_ask, app, show_flags, question, now, show_setup)


def first_run_setup_due(repo: Any) -> bool:
    """The guided set-up opens by itself once: on a first run, with an empty program."""
    if repo.get_setting(SETUP_OFFERED, False):
        return False
    return not any(e.active for e in repo.program())


def _ask(
    app: CoachAppBase,
    show_flags: bool,
    question: NextMorningQuestion | None,
    now: datetime,
    show_setup: bool = False,
) -> None:
    def after_flags(_: None = None) -> None:
        if show_flags:
            app.run_worker(partial(_save_setting, app), thread=True)
        if show_setup:
            app.action_setup()  # type: ignore[attr-defined]
            return
        if question is not None:
            app.push_screen(NextMorningDialog(question, now), after_morning)

    def after_morning(answer: object) -> None:
        assert question is not None
        given = answer if isinstance(answer, list) else []
        ratings = [r for r in given if isinstance(r, PainRating)]
        record = morning_record(question, ratings, now)
        app.run_worker(partial(_save_checkin, app, record), thread=True)

    if show_flags:
        app.push_screen(RedFlagsDialog(), after_flags)
    else:
        after_flags()


def _save_setting(app: CoachAppBase) -> None:
    # lazy: brings the storage; this module loads with the home screen
    from coach.app.errors import StorageError

    with contextlib.suppress(StorageError):  # shown again next time; the home screen says why
        app.ctx.set_setting(RED_FLAGS_SETTING, True)


def _save_checkin(app: CoachAppBase, record: CheckInRecord) -> None:
    # lazy: brings the storage; this module loads with the home screen
    from coach.app.checkins import record_checkin
    from coach.app.errors import StorageError

    try:
        record_checkin(app.repo(), record)
    except StorageError as exc:
        app.call_from_thread(app.notify, plain_content(str(exc)), title="Not saved",
                             severity="error", timeout=30)
