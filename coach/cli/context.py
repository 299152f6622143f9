"""What every command needs: the run's :class:`~coach.app.context.AppContext` (data folder,
repository, routine library, time zone), a routine by id or path."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coach.app.context import AppContext

if TYPE_CHECKING:  # imported where used: configuring the parser (``coach --help``) stays light
    from coach.library import Library, LoadedRoutine


class CommandError(Exception):
    """A problem the user must fix; its message is printed and the exit code is 1."""


def app_context(args: argparse.Namespace) -> AppContext:
    """The run's context: made once (by ``main()``) from ``--data-dir`` and ``--routines``."""
    ctx = getattr(args, "ctx", None)
    if not isinstance(ctx, AppContext):
        ctx = AppContext.for_folder(
            getattr(args, "data_dir", None), getattr(args, "routines", None) or []
        )
        args.ctx = ctx
    return ctx


def add_include_practice(p: argparse.ArgumentParser) -> None:
    """``--include-practice`` (stats, report, export)."""
    p.add_argument(
        "--include-practice",
        action="store_true",
        help="count practice runs (sessions run at another --speed) like real sessions",
    )


def data_dir(args: argparse.Namespace) -> Path:
    """The data folder chosen by ``--data-dir``, ``COACH_HOME`` or the platform default."""
    return app_context(args).data_dir


def extra_dirs(args: argparse.Namespace) -> list[Path]:
    """Folders given with ``--routines``."""
    return app_context(args).extra_dirs


def library(args: argparse.Namespace) -> Library:
    """Every routine coach can find: bundled, the user's folder and ``--routines`` folders."""
    return app_context(args).library()


def looks_like_path(ref: str) -> bool:
    """True when a routine reference is a file path rather than an id."""
    return ref.endswith(".json") or "/" in ref or "\\" in ref or Path(ref).is_file()


def resolve_routine(args: argparse.Namespace, ref: str) -> LoadedRoutine:
    """A routine by id (from the library) or by file path; raises CommandError if not found."""
    # lazy: off `coach CMD --help`, `coach history` and the first frame (pydantic)
    from coach.domain.validation import RoutineInvalid

    # lazy: off `coach CMD --help`, `coach history` and the first frame (pydantic)
    from coach.library import load_file

    if looks_like_path(ref):
        try:
            return load_file(Path(ref).expanduser())
        except RoutineInvalid as exc:
            raise CommandError("\n".join(str(p) for p in exc.problems)) from None
    lib = library(args)
    found = lib.routines.get(ref)
    if found is not None:
        return found
    # A routine file refused for its own problems: named by its id in a message, or by its file
    # name (``coach add`` installs ``ID.json`` in the user folder).
    refused = [
        p for p in lib.problems if f"'{ref}'" in p.message or Path(p.file).stem == ref
    ]
    if refused:
        raise CommandError(
            "\n".join(str(p) for p in refused) + f"\nThe routine '{ref}' can't be used until "
            "this is fixed."
        )
    known = ", ".join(sorted(lib.routines)) or "none"
    raise CommandError(f"no routine with id '{ref}' (known: {known})")
