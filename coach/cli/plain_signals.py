"""The signals of a ``--plain`` session: SIGTERM and SIGHUP (the terminal went away) become
:class:`Hangup` while it runs, so that the session is kept open to resume; Ctrl-C's
KeyboardInterrupt is ignored while the partial session is being saved; a closed standard output
is pointed at /dev/null so that Python's last flush cannot complain.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType


class Hangup(Exception):
    """SIGTERM or SIGHUP arrived: keep the session open and leave."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def silence_stdout() -> None:
    """Point standard output at /dev/null so that Python's final flush cannot complain."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _raise_hangup(signum: int, frame: FrameType | None) -> None:
    raise Hangup(signum)


@contextlib.contextmanager
def hangup_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Hangup` while the session runs."""
    saved: list[tuple[int, object]] = []
    try:
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                saved.append((signum, signal.signal(signum, _raise_hangup)))
        yield
    finally:
        for signum, handler in saved:
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def ignore_sigint() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, previous)
