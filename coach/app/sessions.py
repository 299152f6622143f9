"""Starting, resuming and leaving sessions: ``coach run`` and the TUI's routine, home and
reminder starts call these, so that both front ends treat an unfinished session the same way.

A session left ``in_progress`` (finish later, a crash, a closed terminal) can be resumed where
it stopped, or kept in the log as partly done; only the newest one of a routine can be resumed
(older ones are kept as partial when it is looked up), and only when the routine file has not
changed since. Running a session is :class:`coach.app.session_controller.SessionController`'s
job; its log record is made here (:func:`recorder`). Blocking (they read and write the log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.domain.describe import where_words
from coach.domain.plan import Plan, expand
from coach.domain.records import SessionRecord
from coach.domain.spoken import plain_number
from coach.services import session_log
from coach.services.cue_outputs import SoundPrefs, decide, load_prefs
from coach.services.session_log import SessionRecorder

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.library import LoadedRoutine

CHANGED = (
    "The routine file has changed since (perhaps your therapist updated it), so the session "
    "cannot be continued. You can keep it in your log as partly done."
)
GONE = (
    "This routine is no longer among your routines, so the session cannot be continued. You "
    "can keep it in your log as partly done."
)


def unfinished(ctx: AppContext, routine_id: str | None = None) -> list[SessionRecord]:
    """Sessions left ``in_progress`` (of ``routine_id`` if given), the most recent first."""
    return session_log.find_interrupted(ctx.repo(), routine_id)


def newest_unfinished(ctx: AppContext, routine_id: str) -> SessionRecord | None:
    """The routine's newest unfinished session, the one that can be resumed; older ones are
    kept as partly done now."""
    found = unfinished(ctx, routine_id)
    for older in found[1:]:
        keep_as_partial(ctx, older)
    return found[0] if found else None


def keep_as_partial(ctx: AppContext, record: SessionRecord) -> SessionRecord:
    """Close an unfinished session as it is (partly done, saved); the record as saved."""
    return session_log.keep_as_partial(ctx.repo(), record, ctx.now())


def can_resume(record: SessionRecord, loaded: LoadedRoutine | None) -> bool:
    """The session's routine is still there, unchanged (the same file as when it started)."""
    return loaded is not None and loaded.sha256 == record.routine_hash


def resume_details(
    record: SessionRecord, loaded: LoadedRoutine | None
) -> tuple[str | None, str | None]:
    """(where the session stopped, in words; why it cannot be resumed, or None)."""
    if loaded is None:
        return None, GONE
    steps = expand(loaded.routine).steps
    stopped = None
    if can_resume(record, loaded) and 0 <= record.resume_step < len(steps):
        stopped = where_words(steps[record.resume_step])
    return stopped, (None if can_resume(record, loaded) else CHANGED)


def practice_words(record: SessionRecord) -> str | None:
    """What an unfinished practice run is, for the resume question: ``a practice run at 3×
    speed, not counted``, ``a practice run, not counted``; None for a real session."""
    if not record.practice:
        return None
    pace = f" at {plain_number(record.speed)}× speed" if record.speed not in (0, 1) else ""
    return f"a practice run{pace}, not counted"


def resume_speed(asked: float | None, resume_from: SessionRecord | None) -> float:
    """The pace a session runs at: ``asked`` (``--speed``) when given; else a resumed practice
    run's own pace (a 3x practice run left to finish later carries on at 3x); else normal."""
    if asked is not None:
        return asked
    if resume_from is not None and resume_from.practice and resume_from.speed > 0:
        return resume_from.speed
    return 1.0


def recorder(
    ctx: AppContext, loaded: LoadedRoutine, plan: Plan, *, speed: float = 1.0,
    resume_from: SessionRecord | None = None, flare: bool = False, practice: bool = False,
) -> SessionRecorder:  # fmt: skip
    """The log record of a new (or resumed) session; saved as the session goes. A practice
    run (``practice``, or a ``speed`` but 1) is saved as practice: it never counts."""
    return SessionRecorder(
        ctx.repo(), loaded, plan, speed=speed, resume_from=resume_from, flare=flare,
        practice=practice, now=ctx.now,
    )  # fmt: skip


def outputs(ctx: AppContext, *, quiet: bool = False, voice: bool | None = None) -> SoundPrefs:
    """What speaks and sounds this run: the client's saved choices, ``quiet`` silences all,
    ``voice`` (``--voice`` / ``--no-voice``) overrides the saved voice choice."""
    return decide(load_prefs(ctx.repo()), quiet=quiet, voice=voice)
