"""One worker thread that serves the latest item: the queue behind the voice and the sounds.

Items are served one at a time, in order, by a daemon thread started on first use; only one
item waits: a newer one replaces it (a stale cue is never played late). The caller never
blocks (``put``); tests and the end of a session wait with ``wait_idle``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LatestWorker(Generic[T]):
    """Serves ``serve(item)`` in one daemon thread; a waiting item is replaced by a newer one."""

    def __init__(self, serve: Callable[[T], None], name: str) -> None:
        self._serve_one = serve
        self._name = name
        self._cond = threading.Condition()
        self._pending: T | None = None
        self._has_pending = False
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def put(self, item: T) -> tuple[bool, T | None]:
        """Queue ``item`` (never blocks): (whether it replaced a waiting item, that item)."""
        with self._cond:
            if self._closed:
                return False, None
            replaced, old = self._has_pending, self._pending
            self._pending, self._has_pending = item, True
            self._cond.notify_all()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            return replaced, old

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing waits and nothing is being served (at most ``timeout`` s)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._has_pending and not self._busy, timeout=timeout
            )

    def close(self, timeout: float = 0.0) -> tuple[bool, T | None]:
        """Stop: a waiting item gets ``timeout`` seconds to be served, else it is dropped
        (returned as with :meth:`put`)."""
        if timeout > 0:
            self.wait_idle(timeout)
        with self._cond:
            self._closed = True
            dropped = (self._has_pending, self._pending)
            self._pending, self._has_pending = None, False
            self._cond.notify_all()
            return dropped

    @property
    def closed(self) -> bool:
        """True once closed."""
        return self._closed

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._has_pending or self._closed)
                if self._closed:
                    return
                item = self._pending
                self._pending, self._has_pending = None, False
                self._busy = True
            try:
                self._serve_one(item)  # type: ignore[arg-type]
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
