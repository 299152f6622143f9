"""Find and read routine files: the bundled library, the user's folder, ``--routines DIR``.

Every ``*.json`` file of each folder is checked with ``coach.domain.validation.parse_routine``;
a bad file becomes problems and never stops the others from loading. Two files with the same id
are both refused, each naming the other.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from coach.domain.routine import Routine
from coach.domain.schema import SCHEMA_FILE_NAME
from coach.domain.validation import MAX_FILE_BYTES, Problem, RoutineInvalid, parse_routine
from coach.paths import bundled_routines_dir, user_routines_dir

Origin = Literal["bundled", "user", "extra"]


@dataclass(frozen=True)
class LoadedRoutine:
    """A valid routine with where it came from and the sha256 of its file's bytes."""

    routine: Routine
    path: Path
    sha256: str
    origin: Origin


def _refuse(path: Path, message: str) -> RoutineInvalid:
    return RoutineInvalid([Problem(str(path), "$", message)])


def _unreadable(path: Path, err: OSError) -> RoutineInvalid:
    return _refuse(path, f"the file cannot be read ({err.strerror or 'unknown error'})")


def _read(path: Path) -> bytes:
    """The file's bytes, after checking it is a readable regular file of at most 1 MiB.

    The file is opened first and checked through its handle (a pipe is never waited on, and a
    file swapped after the check cannot be read instead).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except IsADirectoryError:
        raise _refuse(path, "this is a folder, not a routine file") from None
    except OSError as err:
        raise _unreadable(path, err) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(path, "this is a folder, not a routine file")
        raise _refuse(path, "this is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            message = f"the file is larger than 1 MiB ({info.st_size} bytes); it was not read"
            raise _refuse(path, message)
        try:
            return handle.read(MAX_FILE_BYTES + 1)  # a file that grew is caught by parse_routine
        except OSError as err:
            raise _unreadable(path, err) from None


def load_file(path: Path, origin: Origin = "extra") -> LoadedRoutine:
    """Read and validate one routine file; raises RoutineInvalid (naming the file) if refused."""
    return load_with_bytes(path, origin)[0]


def load_with_bytes(path: Path, origin: Origin = "extra") -> tuple[LoadedRoutine, bytes]:
    """Read one routine file once; its validated routine and the very bytes validated (to copy
    exactly what was checked). The pictures it names are checked too (:mod:`coach.media`)."""
    # lazy: brings pydantic; this module loads with `coach stats`, `report`, the home screen
    from coach.media import image_problems

    data = _read(path)
    routine = parse_routine(data, str(path))
    problems = image_problems(routine, path)
    if problems:
        raise RoutineInvalid(problems)
    return LoadedRoutine(routine, path, hashlib.sha256(data).hexdigest(), origin), data


@dataclass
class Library:
    """The routines that loaded, by id, and the problems of those that did not."""

    routines: dict[str, LoadedRoutine] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, id_or_path: str | os.PathLike[str]) -> LoadedRoutine | None:
        """The routine with this id, or the loaded routine read from this file; else None."""
        found = self.routines.get(os.fspath(id_or_path))
        if found is not None:
            return found
        wanted = _same_file_key(Path(id_or_path))
        return next((r for r in self.routines.values() if _same_file_key(r.path) == wanted), None)

    def ordered(self) -> list[LoadedRoutine]:
        """The routines sorted by title (case-insensitive), then id."""
        return sorted(
            self.routines.values(), key=lambda r: (r.routine.title.casefold(), r.routine.id)
        )


def _same_file_key(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _routine_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The routine files of a source: ``*.json`` in a folder (sorted), or the file itself."""
    try:
        if not folder.exists():
            return [], []
        if not folder.is_dir():
            return [folder], []
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith(".json")
            and entry.name != SCHEMA_FILE_NAME
            and not entry.name.startswith(".")  # editor lock and backup files
        )
    except OSError as err:
        message = f"the folder cannot be read ({err.strerror or 'unknown error'})"
        return [], [Problem(str(folder), "$", message)]
    return [folder / name for name in names], []


def load_library(sources: Sequence[tuple[Path, Origin]]) -> Library:
    """Load every routine file of the sources, in order; a missing folder is just empty.

    A source that is a file (not a folder) is loaded as that one routine. The same file reached
    through two sources is read once. Files sharing an id are all refused.
    """
    library = Library()
    loaded: list[LoadedRoutine] = []
    seen: set[Path] = set()
    for folder, origin in sources:
        files, problems = _routine_files(Path(folder))
        library.problems.extend(problems)
        for path in files:
            key = _same_file_key(path)
            if key in seen:
                continue
            seen.add(key)
            try:
                loaded.append(load_file(path, origin))
            except RoutineInvalid as err:
                library.problems.extend(err.problems)
    by_id: dict[str, list[LoadedRoutine]] = {}
    for item in loaded:
        by_id.setdefault(item.routine.id, []).append(item)
    for routine_id, items in by_id.items():
        if len(items) == 1:
            library.routines[routine_id] = items[0]
            continue
        for item in items:
            others = ", ".join(str(o.path) for o in items if o is not item)
            message = f"duplicate id '{routine_id}' (also in {others})"
            library.problems.append(Problem(str(item.path), "id", message))
    return library


def files_signature(sources: Sequence[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """What identifies the routine files of the sources as they are now (cheap: stat only, no
    parse): equal signatures mean :func:`load_library` would read the same files."""
    found = []
    for source in sources:
        try:
            if source.is_dir():
                entries = [
                    (e.path, e.stat()) for e in os.scandir(source) if e.name.endswith(".json")
                ]
            else:
                entries = [(str(source), source.stat())]
        except OSError:
            continue
        found += [(path, st.st_ino, st.st_size, st.st_mtime_ns) for path, st in entries]
    return tuple(sorted(found))


def default_sources(data_dir: Path, extra: Sequence[Path] = ()) -> list[tuple[Path, Origin]]:
    """The bundled library, the user's routines folder, then each ``--routines`` folder."""
    sources: list[tuple[Path, Origin]] = [
        (bundled_routines_dir(), "bundled"),
        (user_routines_dir(data_dir), "user"),
    ]
    sources.extend((Path(p), "extra") for p in extra)
    return sources
