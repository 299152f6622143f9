"""Starting a session from the TUI: when the routine has a session left open (finish later, or
a crash), offer to resume it where it stopped, keep it as partly done, or decide later.

Used by the app for every start that is not already a resume (routine screen, reminders);
``coach run`` asks on the command line before the app opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.domain.records import SessionRecord

if TYPE_CHECKING:
    from coach.library import LoadedRoutine


def resume_details_for(
    record: SessionRecord, loaded: LoadedRoutine | None
) -> tuple[str | None, str | None]:
    """(where the session stopped, why it cannot be resumed or None)."""
    from coach.domain.describe import where_words
    from coach.domain.plan import expand

    if loaded is None:
        return None, (
            "This routine is no longer among your routines, so the session cannot be "
            "continued. You can keep it in your log as partly done."
        )
    steps = expand(loaded.routine).steps
    stopped = None
    if loaded.sha256 == record.routine_hash and 0 <= record.resume_step < len(steps):
        stopped = where_words(steps[record.resume_step])
    if loaded.sha256 != record.routine_hash:
        return stopped, (
            "The routine file has changed since (perhaps your therapist updated it), so the "
            "session cannot be continued. You can keep it in your log as partly done."
        )
    return stopped, None


def start_or_offer_resume(app: Any, loaded: LoadedRoutine) -> None:
    """Open a session of ``loaded``; first, if one of it is still open, ask what to do with it
    (older open ones are kept as partly done). Reads the log in a worker thread."""

    def find() -> None:
        from coach.services.session_log import find_interrupted, keep_as_partial
        from coach.storage.errors import StorageError

        try:
            repo = app.repo()
            found = find_interrupted(repo, loaded.routine.id)
            for older in found[1:]:
                keep_as_partial(repo, older, app.ctx.now())
        except StorageError:
            found = []  # the session screen reports the data folder's problem itself
        app.call_from_thread(ask, found[0] if found else None)

    def ask(record: SessionRecord | None) -> None:
        if record is None:
            app.open_session(loaded)
            return
        from coach.tui.dialogs.resume import ResumeDialog

        stopped, reason = resume_details_for(record, loaded)

        def answered(choice: str | None) -> None:
            if choice == "resume":
                app.open_session(loaded, resume_from=record)
            elif choice == "keep":
                app.run_worker(
                    lambda: keep_then_open(record), thread=True, group="session-start"
                )

        app.push_screen(ResumeDialog(record, stopped, reason), answered)

    def keep_then_open(record: SessionRecord) -> None:
        from coach.services.session_log import keep_as_partial
        from coach.storage.errors import StorageError

        try:
            keep_as_partial(app.repo(), record, app.ctx.now())
        except StorageError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        app.call_from_thread(app.open_session, loaded)

    app.run_worker(find, thread=True, group="session-start", exit_on_error=False)
