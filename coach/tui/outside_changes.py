"""Notice what another coach process changed in the data folder, cheaply (no file watcher).

The home screen asks :meth:`OutsideChanges.changed` every :data:`POLL_S` seconds from a worker.
Each poll is a few ``stat`` calls: the data files (``coach.json``, the year logs) and the routine
folders. Only when something moved does it read more: a log file or a routine file changed means
"reload"; ``coach.json`` changed means "reload" only if what the screen shows from it (the
program, excused days, activities) changed, because the open app itself notes in it every poll
that it is open (the reminder heartbeat), which must not redraw anything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

POLL_S = 2.0
"""Seconds between two looks at the data folder."""

_COACH = "coach.json"
Stamp = tuple[str, int, int, int]


def _stamps(folder: Path, pattern: Callable[[str], bool]) -> list[Stamp]:
    found: list[Stamp] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if pattern(entry.name):
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    found.append((entry.name, st.st_ino, st.st_size, st.st_mtime_ns))
    except OSError:
        return [("", 0, 0, 0)]  # missing or unreadable: a change when it comes back
    return sorted(found)


def _is_log(name: str) -> bool:
    return name.startswith("log-") and name.endswith(".json")


def _is_routine(name: str) -> bool:
    return name.endswith(".json")


class OutsideChanges:
    """Remembers how the data and routine folders looked; says when they changed.

    ``shown`` reads what the screen shows from ``coach.json`` (any comparable value; blocking,
    called from the worker only when ``coach.json`` moved).
    """

    def __init__(
        self, data_dir: Path, routine_dirs: Sequence[Path], shown: Callable[[], Any]
    ) -> None:
        self.data_dir = Path(data_dir)
        self.routine_dirs = [Path(d) for d in routine_dirs]
        self._shown = shown
        self._files: tuple[Any, ...] | None = None
        self._coach: list[Stamp] | None = None
        self._seen: Any = None

    def _look(self) -> tuple[tuple[Any, ...], list[Stamp]]:
        logs = _stamps(self.data_dir, _is_log)
        routines = [tuple(_stamps(folder, _is_routine)) for folder in self.routine_dirs]
        return (tuple(logs), tuple(routines)), _stamps(self.data_dir, _COACH.__eq__)

    def _read_shown(self) -> Any:
        try:
            return self._shown()
        except Exception as exc:  # a damaged file: its message is a change worth showing
            return ("unreadable", str(exc))

    def start(self) -> None:
        """Remember the folders as they are now (call after the screen read them)."""
        self._files, self._coach = self._look()
        self._seen = self._read_shown()

    def changed(self) -> bool:
        """Whether something the screen shows changed since the last call (or :meth:`start`)."""
        files, coach = self._look()
        if self._files is None:
            self._files, self._coach, self._seen = files, coach, self._read_shown()
            return False
        moved = files != self._files
        self._files = files
        if coach != self._coach:
            self._coach = coach
            seen = self._read_shown()
            moved = moved or seen != self._seen
            self._seen = seen
        return moved
