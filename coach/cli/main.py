"""The ``coach`` command line.

``coach`` with no arguments opens the TUI. Every subcommand module is imported only when that
command runs, so commands that open no TUI never import textual (and start fast).

Exit codes: 0 ok, 1 invalid input (or a problem the user must fix), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from coach import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# command name -> (module under coach.cli, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("routine_cmds", "cmd_validate", "check routine files (files or folders)"),
    "routines": ("routine_cmds", "cmd_routines", "list the routines coach can find"),
    "show": ("routine_cmds", "cmd_show", "show a routine's plan step by step"),
    "schema": ("routine_cmds", "cmd_schema", "print the routine file JSON Schema"),
    "add": ("program_cmds", "cmd_add", "install a routine file from your therapist"),
    "program": ("program_cmds", "cmd_program", "list the routines in your program"),
    "drop": ("program_cmds", "cmd_drop", "take a routine out of your program (keeps history)"),
    "dose": ("dose_cmd", "cmd_dose", "your therapist's next dose step: accept, decline, undo"),
    "run": ("run_cmd", "cmd_run", "do a session of a routine now (--plain: as plain lines)"),
    "checkin": ("checkin_cmds", "cmd_checkin", "record pain, measures, stiffness, a note"),
    "history": ("history_cmds", "cmd_history", "your sessions and check-ins; edit or delete"),
    "activities": ("checkin_cmds", "cmd_activities", "the everyday activities you rate"),
    "remind": ("remind_cmds", "cmd_remind", "reminder times, quiet hours, snooze, the daemon"),
    "doctor": ("doctor_cmd", "cmd_doctor", "check that coach and its reminders are set up"),
    "stats": ("review_cmds", "cmd_stats", "streaks, how much you did, pain and mobility trends"),
    "excuse": ("review_cmds", "cmd_excuse", "mark a day as rest, flare or ill (streaks pause)"),
    "export": ("export_cmds", "cmd_export", "write your log as CSV, JSON or FHIR"),
    "import": ("export_cmds", "cmd_import", "merge a coach JSON export into your log"),
    "report": ("report_cmd", "cmd_report", "write an HTML progress report for your therapist"),
    "profile": ("profile_cmd", "cmd_profile", "your name, ID, therapist and clinic for reports"),
}


class UsageError(Exception):
    """A command-line usage problem (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


class _NotNarrow(Exception):
    """A parser holding only the commands named on the line refused it: parse again with all."""


class _NarrowParser(_Parser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotNarrow(message)


def _common(sub: bool) -> _Parser:
    """Options accepted before and after the subcommand (``coach --data-dir X routines``)."""
    p = _Parser(add_help=False)
    default = argparse.SUPPRESS if sub else None
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data folder (default: $COACH_HOME or your user data folder)",
    )
    p.add_argument(
        "--routines",
        metavar="DIR",
        action="append",
        default=default,
        help="also read routines from DIR (repeatable)",
    )
    return p


def build_parser(argv: Sequence[str] | None = None, every: bool = False) -> argparse.ArgumentParser:
    """The argument parser; with ``argv``, only the commands named in it get their arguments.

    Configuring a command imports its module: ``coach --help`` and ``coach`` (the TUI) need
    none of them, ``coach program`` only its own. A command's name anywhere in ``argv`` (even
    as an option's value) configures it: extra ones cost a little time, never a wrong parse.
    ``argv`` None (the default) configures every command.

    When ``argv`` names a command, the parser holds only the named commands (each one costs
    ~0.2 ms to set up, ~4 ms for all): it parses those lines exactly as the full parser does,
    and refuses anything else with :class:`_NotNarrow` (say nothing yet: :func:`parse` then
    asks the full one, whose message lists every command). ``every``, or a help option (even
    abbreviated) anywhere in ``argv``, holds every command.
    """
    wanted = set(COMMANDS) if argv is None else set(argv) & set(COMMANDS)
    asks_help = any(a.startswith(("-h", "--h")) for a in argv or ())
    narrow = argv is not None and bool(wanted) and not (every or asks_help)
    cls = _NarrowParser if narrow else _Parser
    parser = cls(
        prog="coach",
        description="Your home-exercise coach. Run `coach` with no command to open it.",
        parents=[_common(sub=False)],
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=cls)
    common = _common(sub=True)
    for name, (module, _fn, help_text) in COMMANDS.items():
        if narrow and name not in wanted:
            continue
        sp = subs.add_parser(name, help=help_text, description=help_text, parents=[common])
        if name not in wanted:
            continue
        configure = getattr(import_module(f"coach.cli.{module}"), f"configure_{name}", None)
        if configure is not None:
            configure(sp)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed; a usage problem raises :class:`UsageError` (the usage is printed)."""
    try:
        return build_parser(argv).parse_args(argv)
    except _NotNarrow:
        return build_parser(argv, every=True).parse_args(argv)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        # lazy: textual loads only when the full screen opens
        from coach.cli.tui_cmd import cmd_tui

        return cmd_tui(args)
    module, fn, _ = COMMANDS[args.command]
    func: Callable[[argparse.Namespace], int] = getattr(
        import_module(f"coach.cli.{module}"), fn
    )
    return func(args)


def _is_user_error(exc: BaseException) -> bool:
    """True for a problem the user must fix: a :class:`~coach.storage.errors.StorageError` or
    a :class:`~coach.cli.context.CommandError`. Checked without importing the storage (and
    pydantic) for commands that never touch it: if a module was never loaded, nothing can have
    raised its error."""
    storage = sys.modules.get("coach.storage.errors")
    if storage is not None and isinstance(exc, storage.StorageError):
        return True
    context = sys.modules.get("coach.cli.context")
    return context is not None and isinstance(exc, context.CommandError)


def _tolerant_streams() -> None:
    """Never fail on a character the terminal's encoding cannot show (an ASCII locale, text
    from a non-UTF-8 command line): it is shown as ``?`` instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _flush_stdout() -> None:
    """Write out what is buffered now, so that a full disk or closed pipe is seen here."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _silence_stdout() -> None:
    """After stdout failed: drop what is left, so that Python's exit adds no second error."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit


def main(argv: Sequence[str] | None = None) -> int:
    """Run the coach command line; returns the exit code."""
    # lazy: off the home screen
    from coach.cli.output import err

    argv = sys.argv[1:] if argv is None else list(argv)
    _tolerant_streams()
    try:
        args = parse(argv)
        # lazy: `coach --help` stops in parse_args and needs no context
        from coach.app.context import AppContext

        args.ctx = AppContext.for_folder(args.data_dir, args.routines or [])
        code = _dispatch(args)
        _flush_stdout()
        return code
    except UsageError as exc:
        err(f"coach: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("coach: interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # The environment refused: a full disk or stdout, a read-only or vanished folder.
        where = f" ({exc.filename})" if exc.filename else ""
        if not exc.filename:  # most likely standard output itself
            _silence_stdout()
        with contextlib.suppress(OSError):
            err(f"coach: stopped: {exc.strerror or exc}{where}. Nothing already saved was lost.")
        return EXIT_INVALID
    except Exception as exc:
        refused = _refused_input(exc)
        if refused is not None:
            err(f"coach: {refused}")
            return EXIT_INVALID
        if not _is_user_error(exc):
            raise
        err(f"coach: {exc}")
        return EXIT_INVALID


def _refused_input(exc: BaseException) -> str | None:
    """A record built from the command line that breaks the domain's bounds, in plain words."""
    pydantic = sys.modules.get("pydantic")
    if pydantic is None or not isinstance(exc, pydantic.ValidationError):
        return None
    # lazy: off `coach --help`, `coach CMD --help` and the first frame (pydantic, zoneinfo)
    from coach.domain.bounds import plain_error

    first = exc.errors()[0]
    loc = " > ".join(str(part) for part in first["loc"])
    return f"this is not accepted ({loc}: {plain_error(first)}); nothing was saved"
