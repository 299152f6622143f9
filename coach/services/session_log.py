"""Log every session as it runs: one record per session, saved at every exercise boundary.

Both session runners (the TUI session screen and ``coach run --plain``) drive a
:class:`coach.domain.timer.Engine` and record it through a :class:`SessionRecorder`::

    rec = SessionRecorder(repo, loaded, plan, speed=speed, resume_from=interrupted)
    engine = Engine(plan, clock, speed, start_step=rec.start_step, prior_log=rec.prior_log)
    rec.write(rec.begin())                          # status in_progress, saved at once
    events = engine.start()
    ...
    if rec.needs_save(events):                      # an exercise ended (or the session)
        rec.write(rec.snapshot(engine))
    ...
    rec.write(rec.finish(engine))                   # complete / partial, ended_at set

:meth:`SessionRecorder.snapshot`, :meth:`~SessionRecorder.begin` and
:meth:`~SessionRecorder.finish` are pure and quick (safe on a UI thread);
:meth:`~SessionRecorder.write` blocks on the disk (call it from a worker thread in the TUI).

A practice run (``practice=True``, or a speed other than 1) is saved with ``practice: true``
(shown in history as practice, never counted in streaks, adherence, trends, reports or exports):
at normal pace too, when the client asked for a practice run.

A session left to "finish later" is saved with :meth:`~SessionRecorder.keep_open`: still
``in_progress``, ``resume_step`` at the exact step that was running. A session that stops
without :meth:`~SessionRecorder.finish` (crash, power cut, killed terminal) stays in the log as
``in_progress`` with ``resume_step`` at the first step of the exercise that was running.
:func:`find_interrupted` finds both; the client either resumes it
(a new recorder with ``resume_from``: same id, same ``started_at``) or keeps it as it is with
:func:`keep_as_partial`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from coach.domain.describe import time_spent_s
from coach.domain.plan import Plan
from coach.domain.records import ExerciseLog, SessionRecord, SessionStatus
from coach.domain.timer import Engine
from coach.domain.timer_events import Event, ExerciseDone, SessionDone
from coach.library import LoadedRoutine

FINAL_STATUSES: frozenset[str] = frozenset({"complete", "partial", "abandoned"})
"""Statuses of a session that is over (anything but ``in_progress``)."""


class SessionRepo(Protocol):
    """The part of :class:`coach.storage.repo.Repo` the session log uses."""

    def save_session(self, rec: SessionRecord) -> Any:
        """Insert or replace the session with ``rec.id``."""

    def remember_routine_version(self, routine_id: str, sha256: str, content: str) -> Any:
        """Keep the routine file's text under its sha256 (once per version)."""

    def interrupted_sessions(self) -> Sequence[SessionRecord]:
        """Sessions still marked ``in_progress``."""


def open_repo(data_dir: Path) -> Any:
    """Open the data folder's repository (:mod:`coach.storage.repo`)."""
    # lazy: brings TinyDB, filelock; this module loads with the home screen
    from coach.storage import repo as module

    cls = getattr(module, "Repo", None) or module.Repository
    return cls.open(data_dir)


def local_now() -> datetime:
    """The current local time, timezone-aware (see :mod:`coach.localtime`)."""
    # lazy: brings zoneinfo; this module loads with the home screen
    from coach.localtime import local_now as now

    return now()


class SessionRecorder:
    """Builds and saves the log record of one session (see the module docstring).

    ``resume_from`` continues an interrupted session: the record keeps its id and
    ``started_at``, the engine starts at its ``resume_step`` with its exercises as
    ``prior_log``. It must be a session of the same routine file version (same sha256):
    a ``ValueError`` otherwise, since its step numbers would not match this plan.
    """

    def __init__(
        self,
        repo: SessionRepo,
        loaded: LoadedRoutine,
        plan: Plan,
        *,
        speed: float = 1.0,
        now: Callable[[], datetime] = local_now,
        resume_from: SessionRecord | None = None,
        flare: bool = False,
        practice: bool = False,
    ) -> None:
        self._repo = repo
        practice = is_practice_run(speed, practice)
        self._loaded = loaded
        self._plan = plan
        self._now = now
        self._lock = threading.Lock()
        self._version_saved = False
        self._final_written = False
        routine = loaded.routine
        if resume_from is not None:
            if resume_from.routine_id != routine.id or resume_from.routine_hash != loaded.sha256:
                raise ValueError(
                    "the interrupted session was recorded with another version of the routine "
                    f"'{resume_from.routine_id}', so it cannot be resumed with this one"
                )
            start = min(max(resume_from.resume_step, 0), len(plan.steps))
            self._start_step = start
            self._prior_log: list[ExerciseLog] | None = [
                e.model_copy() for e in resume_from.exercises
            ]
            self._record = resume_from.model_copy(
                update={
                    "status": "in_progress",
                    "ended_at": None,
                    "resume_step": start,
                    "speed": float(speed),
                    "practice": resume_from.practice or practice,
                    "routine_title": routine.title,
                }
            )
        else:
            self._start_step = 0
            self._prior_log = None
            self._record = SessionRecord(
                routine_id=routine.id,
                routine_title=routine.title,
                routine_hash=loaded.sha256,
                started_at=now(),
                exercises=[
                    ExerciseLog(index=i, name=ex.name) for i, ex in enumerate(routine.exercises)
                ],
                speed=float(speed),
                practice=practice,
                flare=flare,
            )

    # ------------------------------------------------------------------ engine set-up

    @property
    def start_step(self) -> int:
        """The step the engine starts at: the resumed session's ``resume_step``, else 0."""
        return self._start_step

    @property
    def prior_log(self) -> list[ExerciseLog] | None:
        """The resumed session's exercise log (for ``Engine(prior_log=...)``), else None."""
        return None if self._prior_log is None else [e.model_copy() for e in self._prior_log]

    @property
    def record(self) -> SessionRecord:
        """The latest record built (by the constructor or the last snapshot)."""
        return self._record

    # ------------------------------------------------------------------ records (pure)

    def begin(self) -> SessionRecord:
        """The record to save as the session starts (status ``in_progress``)."""
        self._record = self._record.model_copy(update={"status": "in_progress", "ended_at": None})
        return self._record

    def snapshot(self, engine: Engine) -> SessionRecord:
        """The record as of now: the engine's log, resume step and status (pure and quick).

        ``ended_at`` is set the first time the engine reports a final status and kept after.
        """
        status = engine.status
        ended_at = None
        if status != "in_progress":
            ended_at = self._record.ended_at or self._now()
        self._record = self._record.model_copy(
            update={
                "exercises": engine.exercise_log(),
                "resume_step": engine.resume_step,
                "status": status,
                "ended_at": ended_at,
            }
        )
        return self._record

    def keep_open(self, engine: Engine) -> SessionRecord:
        """The record of a session left to finish later: ``in_progress``, resuming at the exact
        step that was running (its exercise's reps and sets so far in the log)."""
        self._record = self._record.model_copy(
            update={
                "exercises": engine.exercise_log(),
                "resume_step": engine.current_step,
                "status": "in_progress",
                "ended_at": None,
            }
        )
        return self._record

    def finish(self, engine: Engine, status: SessionStatus | None = None) -> SessionRecord:
        """The final record: the engine's status (``complete``/``partial``), or ``status``.

        A session whose engine is still running (the caller did not quit it) and no ``status``
        given is recorded ``partial``. ``ended_at`` is always set.
        """
        record = self.snapshot(engine)
        final: SessionStatus = status or record.status
        if final == "in_progress":
            final = "partial"
        self._record = record.model_copy(
            update={"status": final, "ended_at": record.ended_at or self._now()}
        )
        return self._record

    @staticmethod
    def needs_save(events: Iterable[Event]) -> bool:
        """True when ``events`` end an exercise or the session (the moments to save)."""
        return any(isinstance(e, ExerciseDone | SessionDone) for e in events)

    # ------------------------------------------------------------------ saving (blocking)

    def write(self, record: SessionRecord) -> None:
        """Save ``record`` (blocking; thread-safe, writes are done one at a time).

        The first successful write also keeps the routine file's text under its sha256, so the
        log always knows which prescription a session followed. Once a finished record was
        written, a late ``in_progress`` one of the same session is ignored (a slow worker thread
        cannot turn a finished session back into an interrupted one). Storage errors propagate.
        """
        with self._lock:
            if self._final_written and record.status == "in_progress":
                return
            self._repo.save_session(record)
            if record.status in FINAL_STATUSES:
                self._final_written = True
            if not self._version_saved:
                self._remember_version()

    def _remember_version(self) -> None:
        """Keep the routine file's text, if the file still holds the version that was run."""
        self._version_saved = True
        try:
            data = self._loaded.path.read_bytes()
        except OSError:
            return  # moved or deleted since it was loaded: its hash is still in the record
        if hashlib.sha256(data).hexdigest() != self._loaded.sha256:
            return  # edited since it was loaded: that text is not the version being run
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        self._version_saved = False  # until it is saved: a failure is retried at the next write
        self._repo.remember_routine_version(self._loaded.routine.id, self._loaded.sha256, content)
        self._version_saved = True


def is_practice_speed(speed: float) -> bool:
    """A run at any speed but 1 is a practice run (trying a routine out): it never counts."""
    return float(speed) != 1.0


def is_practice_run(speed: float, practice: bool = False) -> bool:
    """Saved as practice: asked for (a practice run at any pace), or run at a speed but 1."""
    return practice or is_practice_speed(speed)


def find_interrupted(repo: SessionRepo, routine_id: str | None = None) -> list[SessionRecord]:
    """Sessions left ``in_progress`` (of ``routine_id`` if given), the most recent first."""
    found = [
        r
        for r in repo.interrupted_sessions()
        if r.status == "in_progress" and (routine_id is None or r.routine_id == routine_id)
    ]
    return sorted(found, key=lambda r: r.started_at, reverse=True)


def last_save_time(record: SessionRecord) -> datetime:
    """When an interrupted session was last saved, as well as the log can tell.

    Records carry no save time, so this is ``started_at`` plus the time spent in its exercises
    (routine seconds divided by the session's speed): the moment the last exercise boundary was
    reached, pauses left out.
    """
    return record.started_at + timedelta(seconds=time_spent_s(record))


def keep_as_partial(repo: SessionRepo, record: SessionRecord, now: datetime) -> SessionRecord:
    """Close an interrupted session as it is: status ``partial``, saved; returns the record.

    ``ended_at`` is :func:`last_save_time` (when the client actually stopped, not when they came
    back), never after ``now`` nor before ``started_at``.
    """
    ended = min(last_save_time(record), now)
    ended = max(ended, record.started_at)
    closed = record.model_copy(update={"status": "partial", "ended_at": ended})
    repo.save_session(closed)
    return closed
