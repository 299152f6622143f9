"""Adding a routine file to the client's program: ``coach add FILE`` and the TUI's file picker.

:func:`check_routine_file` reads and validates the file once and says what adding it would do
(new, the same as installed, an update with its prescription changes, a bundled routine, or a
clash of ids); the front end shows that and asks when something would be replaced;
:func:`install_routine` then installs exactly the bytes that were validated and returns the one
sentence that says what happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach import paths
from coach.domain.diff import prescription_changes
from coach.domain.text import terminal_safe
from coach.library import load_library, load_with_bytes
from coach.media import image_paths, image_problem
from coach.services.program import put_in_program
from coach.storage.files import PictureConflict, atomic_write_bytes, install_pictures

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.domain.validation import Problem
    from coach.library import Library, LoadedRoutine
    from coach.storage.repo import Repository

AddKind = Literal["new", "same", "update", "library", "clash"]

NOT_ADDED = "The routine was not added. Send these lines to your therapist."


@dataclass(frozen=True)
class AddCheck:
    """What adding a file would do (nothing is written yet)."""

    new: LoadedRoutine
    raw: bytes
    """The bytes that were validated: exactly these are installed."""
    kind: AddKind
    existing: LoadedRoutine | None = None
    changes: list[str] = field(default_factory=list)
    """For an update: the prescription changes, in words."""

    @property
    def title(self) -> str:
        return self.new.routine.title

    def clash_message(self) -> str:
        """Why a clash cannot be added."""
        assert self.existing is not None
        return (
            f"A routine with the id '{self.new.routine.id}' already exists "
            f"({self.existing.path}). Ask your therapist to give this routine its own id."
        )

    def change_lines(self) -> list[str]:
        """An update's changes, one line each (never empty)."""
        return self.changes or ["nothing in the prescription (only wording or layout)"]


def check_routine_file(source: Path, library: Library) -> AddCheck:
    """Read and validate ``source`` against the routines coach has; raises RoutineInvalid."""
    new, raw = load_with_bytes(source)
    existing = library.routines.get(new.routine.id)
    if existing is None:
        return AddCheck(new, raw, "new")
    if existing.origin != "user":
        kind: AddKind = "library" if existing.sha256 == new.sha256 else "clash"
        return AddCheck(new, raw, kind, existing)
    if existing.sha256 == new.sha256:
        return AddCheck(new, raw, "same", existing)
    return AddCheck(new, raw, "update", existing,
                    prescription_changes(existing.routine, new.routine))


def in_program(repo: Repository, routine_id: str) -> bool:
    """Is the routine in the client's program now?"""
    return any(e.routine_id == routine_id and e.active for e in repo.program())


def add_from_library(ctx: AppContext, loaded: LoadedRoutine, since: date | None = None) -> str:
    """Put a routine coach already has into the program; the sentence saying what happened.

    Its reminder times that already passed today wait for tomorrow (not shown at once, late)."""
    repo = ctx.repo()
    title = loaded.routine.title
    current = next((e for e in repo.program() if e.routine_id == loaded.routine.id and e.active),
                   None)
    if current is not None:
        if since is not None:
            repo.add_to_program(current.model_copy(update={"since": since}))
        return f"'{title}' is already in your program; nothing else changed."
    put_in_program(repo, loaded, since=since, now=ctx.now())
    return f"Added '{title}' to your program."


def install_routine(ctx: AppContext, check: AddCheck, since: date | None = None) -> str:
    """Install the checked file (its validated bytes) in the data folder's routines and put it
    in the program (as :func:`add_from_library`).

    Returns the one sentence that says what happened. Not for a clash (see ``check.kind``).
    """
    repo = ctx.repo()
    if check.kind == "clash":
        raise ValueError(check.clash_message())
    if check.kind == "library":
        assert check.existing is not None
        return add_from_library(ctx, check.existing, since)
    title = check.title
    if check.kind == "same" and in_program(repo, check.new.routine.id):
        if since is not None:
            return add_from_library(ctx, check.new, since)
        return f"'{title}' is already in your program, exactly as in this file; nothing changed."
    target = paths.user_routines_dir(ctx.data_dir) / f"{check.new.routine.id}.json"
    _install_pictures(check, target)
    atomic_write_bytes(target, check.raw)
    existing = check.existing
    if existing is not None and existing.path.resolve() != target.resolve():
        existing.path.unlink(missing_ok=True)
    put_in_program(repo, check.new, target, check.raw.decode("utf-8"), since, ctx.now())
    if check.kind == "update":
        return f"Replaced '{title}' with the new version; it is in your program."
    return f"Added '{title}' to your program."


class PictureProblem(OSError):
    """A picture of the routine could not be installed next to it (nothing was added)."""


def _install_pictures(check: AddCheck, target: Path) -> None:
    """Copy the routine's pictures next to its installed copy and check the copies; raises
    PictureProblem (taking back what it wrote) when one cannot be installed as checked."""
    pictures = image_paths(check.new.routine)
    if not pictures:
        return
    others = load_library([(target.parent, "user")]).routines.values()
    taken = {
        picture: other.routine.title
        for other in others if other.routine.id != check.new.routine.id
        for picture in image_paths(other.routine)
    }  # fmt: skip
    try:
        created = install_pictures(check.new.path.parent, target.parent, pictures, taken)
    except PictureConflict as exc:
        raise PictureProblem(str(exc)) from None
    except OSError as exc:
        raise PictureProblem(
            f"a picture of the routine could not be copied ({exc.strerror or exc})"
        ) from None
    problems = [p for p in (image_problem(target, rel) for rel in pictures) if p]
    if problems:  # a picture changed between the check and the copy
        for path in created:
            path.unlink(missing_ok=True)
        raise PictureProblem("; ".join(problems))


_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")
_NAMES = {"exercises": "exercise", "cues": "cue", "equipment": "equipment item",
          "check_in": "check-in", "frequency": "frequency", "measures": "measure"}


def where_in_words(json_path: str) -> str:
    """``$.exercises[2].reps`` -> ``exercise 3, reps`` (``$`` alone: ``the file``)."""
    parts = [p for p in json_path.removeprefix("$").split(".") if p]
    if not parts:
        return "the file"
    words = []
    for part in parts:
        indexed = _INDEX.match(part)
        if indexed:
            name = _NAMES.get(indexed.group(1), indexed.group(1).replace("_", " "))
            words.append(f"{name} {int(indexed.group(2)) + 1}")
        else:
            words.append(part.replace("_", " "))
    return ", ".join(words)


def problem_lines(problems: list[Problem]) -> list[str]:
    """The problems in plain words: where in the file, then what is wrong."""
    return [terminal_safe(f"{where_in_words(p.path)}: {p.what}") for p in problems]
