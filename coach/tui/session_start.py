"""Starting a session from the TUI: when the routine has a session left open (finish later, or
a crash), offer to resume it where it stopped, keep it as partly done, or decide later.

Used by the app for every start that is not already a resume (routine screen, reminders);
``coach run`` asks on the command line before the app opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.app import sessions
from coach.app.errors import StorageError
from coach.domain.records import SessionRecord
from coach.tui.dialogs.resume import ResumeDialog

if TYPE_CHECKING:
    from coach.library import LoadedRoutine


def start_or_offer_resume(app: Any, loaded: LoadedRoutine) -> None:
    """Open a session of ``loaded``; first, if one of it is still open, ask what to do with it
    (older open ones are kept as partly done). Reads the log in a worker thread."""

    def find() -> None:
        try:
            found = sessions.newest_unfinished(app.ctx, loaded.routine.id)
        except StorageError:
            found = None  # the session screen reports the data folder's problem itself
        app.call_from_thread(ask, found)

    def ask(record: SessionRecord | None) -> None:
        if record is None:
            app.open_session(loaded)
            return

        stopped, reason = sessions.resume_details(record, loaded)

        def answered(choice: str | None) -> None:
            if choice == "resume":
                app.open_session(loaded, resume_from=record)
            elif choice == "keep":
                app.run_worker(
                    lambda: keep_then_open(record), thread=True, group="session-start"
                )

        app.push_screen(ResumeDialog(record, stopped, reason), answered)

    def keep_then_open(record: SessionRecord) -> None:
        try:
            sessions.keep_as_partial(app.ctx, record)
        except StorageError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        app.call_from_thread(app.open_session, loaded)

    app.run_worker(find, thread=True, group="session-start", exit_on_error=False)
