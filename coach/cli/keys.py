"""Read single keys from standard input without blocking, for the ``--plain`` session runner.

- A terminal is put in cbreak mode (keys arrive one at a time, unechoed; Ctrl-C still
  interrupts) and restored on :meth:`KeyReader.close`, whatever happened.
- A pipe or a file is read as it comes: each character is a key, ``\\n`` is Enter.
- No standard input, or its end: :attr:`KeyReader.at_eof` becomes True and :meth:`read`
  just waits out its timeout.

Keys come back as one-character strings; Enter is ``"\\n"`` (a terminal's ``"\\r"`` is
turned into it). Escape sequences (arrow and function keys) are dropped.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from types import TracebackType
from typing import IO, Any

ENTER = "\n"
_READ_BYTES = 256


class KeyReader:
    """Non-blocking keys from ``stream`` (standard input by default). Use it as a context."""

    def __init__(self, stream: IO[Any] | None = None, *, use_default: bool = True) -> None:
        if stream is None and use_default:
            stream = sys.stdin
        self._fd: int | None = None
        self._saved: Any = None
        self._eof = True
        self.is_terminal = False
        if stream is None:
            return
        try:
            fd = stream.fileno()
            os.fstat(fd)
        except (OSError, ValueError, AttributeError):
            return  # closed or not a real file
        self._fd = fd
        self._eof = False
        self.is_terminal = os.isatty(fd)

    @property
    def at_eof(self) -> bool:
        """True when no more keys can come (no input, or its end was read)."""
        return self._eof

    def open(self) -> KeyReader:
        """Enter cbreak mode when reading a terminal (else nothing)."""
        if self.is_terminal and self._fd is not None and self._saved is None:
            try:
                # lazy: POSIX only (no termios on Windows)
                import termios

                # lazy: POSIX only (no termios on Windows)
                import tty

                self._saved = termios.tcgetattr(self._fd)
                tty.setcbreak(self._fd)
            except (ImportError, OSError):
                self._saved = None
        return self

    def close(self) -> None:
        """Give the terminal back exactly as it was."""
        if self._saved is not None and self._fd is not None:
            # lazy: POSIX only (no termios on Windows)
            import termios

            with contextlib.suppress(OSError):
                termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def __enter__(self) -> KeyReader:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, timeout: float) -> list[str]:
        """The keys that arrive within ``timeout`` seconds (returns as soon as some did)."""
        timeout = max(timeout, 0.0)
        if self._eof or self._fd is None:
            if timeout:
                time.sleep(timeout)
            return []
        try:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if not ready:
                return []
            data = os.read(self._fd, _READ_BYTES)
        except InterruptedError:
            return []
        except OSError:
            self._eof = True
            return []
        if not data:
            self._eof = True
            return []
        return decode_keys(data)


def decode_keys(data: bytes) -> list[str]:
    """Keys in a chunk of input: characters, ``\\r`` as Enter, escape sequences dropped."""
    text = data.decode("utf-8", "replace")
    keys: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\x1b":
            # ESC [ ... final byte, ESC O x, or ESC x (Alt+x): skip the whole sequence
            i += 1
            if i < len(text) and text[i] in "[O":
                i += 1
                while i < len(text) and not ("@" <= text[i] <= "~"):
                    i += 1
            i += 1
            continue
        if ch == "\r":
            # a terminal's Enter; a "\r\n" pair from a file counts once
            if i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
            ch = ENTER
        keys.append(ch)
        i += 1
    return keys
