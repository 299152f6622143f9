"""How the session screen saves: every record the controller hands out is written in a worker
thread (an app worker: it outlives the screen, so the last record is written even when the
screen closes at once), one at a time, never an older record over a newer one; a failure is
told in a toast, shown literally.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App

from coach.app.errors import StorageError
from coach.domain.records import SessionRecord
from coach.services.session_log import SessionRecorder


class AppRepo:
    """The app's repository, opened on first use (which happens in a worker thread)."""

    def __init__(self, opener: Callable[[], Any]) -> None:
        self._open = opener

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)


class SessionWriter:
    """Writes ``recorder``'s records for the session screen (see the module doc)."""

    def __init__(self, app: App[Any], recorder: SessionRecorder) -> None:
        self.app = app
        self.recorder = recorder
        self._lock = threading.Lock()
        self._seq = 0
        self._saved_seq = -1

    def save(self, record: SessionRecord) -> None:
        """Write ``record`` in a worker thread (the caller never waits)."""
        self._seq += 1
        work = partial(self._write, record, self._seq)
        self.app.run_worker(work, thread=True, group="session-save", exit_on_error=False)

    def _write(self, record: SessionRecord, seq: int) -> None:
        """Write a record (blocking: worker thread only); never an older over a newer."""
        with self._lock:
            if seq < self._saved_seq:
                return
            try:
                self.recorder.write(record)
            except Exception as exc:  # noqa: BLE001 - the client sees a message, never a crash
                detail = str(exc) if isinstance(exc, StorageError) else "the data folder failed"
                self.app.call_from_thread(
                    self.app.notify,
                    f"Your session could not be saved: {detail}",
                    severity="error",
                    markup=False,
                    timeout=10,
                )
                return
            self._saved_seq = seq
