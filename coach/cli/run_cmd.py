"""``coach run ROUTINE``: do a session now, full screen or (``--plain``) as plain lines.

Before it starts, an unfinished session of the same routine (left ``in_progress`` by a crash or
a closed terminal) is dealt with: resumed where it stopped, or kept as partial so a new session
can start. ``--resume`` / ``--no-resume`` decide without asking; on a terminal coach asks; with
no terminal it keeps the old session as partial and starts a fresh one (and says so).
A session recorded with another version of the routine file cannot be resumed: it is kept as
partial.
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from coach.app.progression import NoFlareVersion, session_routine
from coach.cli import context
from coach.cli.output import out
from coach.cli.plain_lines import exercise_position
from coach.domain.describe import where_words
from coach.domain.plan import expand

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.domain.plan import Plan
    from coach.domain.records import CheckInRecord, SessionRecord
    from coach.library import LoadedRoutine

MAX_SPEED = 100.0
"""The fastest a session can run (for trying a routine out)."""
ASK_TRIES = 3


def speed_value(text: str) -> float:
    """``--speed``: a number greater than 0 and at most 100."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_SPEED):
        raise argparse.ArgumentTypeError(
            f"must be a number greater than 0 and at most {MAX_SPEED:g}, not '{text}'"
        )
    return value


def configure_run(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach run``."""
    p.add_argument("routine", metavar="ROUTINE", help="routine id or routine file")
    p.add_argument(
        "--speed",
        type=speed_value,
        default=None,
        metavar="N",
        help="run N times faster, to try a routine out (more than 0, at most 100; default 1, "
        "or a resumed practice run's own pace); a run at any speed but 1 is saved as practice "
        "and never counts",
    )
    p.add_argument(
        "--practice",
        action="store_true",
        help="a practice run at any speed (normal pace too): saved as practice, never counted",
    )
    p.add_argument("--quiet", action="store_true", help="no sounds and no voice")
    p.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="speak the cues aloud (needs a speech engine: sudo apt install espeak-ng); "
        "--no-voice: not this time; default: your setting",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="plain lines instead of the full screen (for screen readers and pipes)",
    )
    p.add_argument(
        "--flare",
        action="store_true",
        help="a flare day: run the routine's gentler flare version (it counts as today's session)",
    )
    p.add_argument(
        "--resume",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="continue an unfinished session of this routine (--no-resume: keep it as "
        "partial and start again); asked on a terminal when not given",
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Run a session of a routine."""
    # lazy: the session's modules (pydantic, the timer) load once the options are read
    from coach.app import sessions
    from coach.app.checkins import record_checkin

    file_routine = context.resolve_routine(args, args.routine)  # CommandError: exit 1
    ctx = context.app_context(args)
    try:
        loaded = session_routine(ctx.repo(), file_routine, args.flare)
    except NoFlareVersion as exc:
        raise context.CommandError(str(exc)) from None
    plan = expand(loaded.routine)
    resume_from = settle_interrupted(ctx, loaded, plan, args.resume, args.flare)
    args.speed = sessions.resume_speed(args.speed, resume_from)

    if not args.plain:
        # lazy: textual is loaded only when the full screen opens
        from coach.cli.tui_cmd import run_session

        return run_session(args, file_routine, resume_from)

    # lazy: the plain runner is only needed without the full screen
    from coach.cli.plain_runner import run_plain

    recorder = sessions.recorder(
        ctx, loaded, plan, speed=args.speed, resume_from=resume_from, flare=args.flare,
        practice=args.practice,
    )  # fmt: skip
    flare = " --flare" if args.flare else ""
    hint = f"run `coach run {args.routine}{flare}` again to carry on where you left off."
    choice = sessions.outputs(ctx, quiet=args.quiet, voice=args.voice)
    repo = ctx.repo()

    def save_check_in(record: CheckInRecord) -> None:  # as `coach checkin` and the TUI save
        record_checkin(repo, record)

    return run_plain(
        recorder, loaded, plan, speed=args.speed, quiet=args.quiet, resume_hint=hint,
        save_check_in=save_check_in, voice=choice.voice, sounds=choice.sounds,
    )  # fmt: skip


def when_text(moment: datetime) -> str:
    """``Tue 25 Nov 10:42`` in local time."""
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def settle_interrupted(
    ctx: AppContext, loaded: LoadedRoutine, plan: Plan, resume: bool | None,
    flare: bool = False,
) -> SessionRecord | None:  # fmt: skip
    """Deal with unfinished sessions of this routine; returns the one to resume, if any.

    Only the most recent one can be resumed; older ones are kept as partial.
    """
    # lazy: the session's modules load only for `coach run`
    from coach.app import sessions

    newest = sessions.newest_unfinished(ctx, loaded.routine.id)
    if newest is None:
        return None
    title = loaded.routine.title
    when = when_text(newest.started_at)
    if not sessions.can_resume(newest, loaded):
        sessions.keep_as_partial(ctx, newest)
        out(
            f"Your unfinished session of '{title}' from {when} was kept as partial: the "
            "routine has changed since, so it cannot be resumed. Starting a new session."
        )
        return None
    if newest.flare != flare:
        sessions.keep_as_partial(ctx, newest)
        version = "flare version" if newest.flare else "usual version"
        out(
            f"Your unfinished session of '{title}' from {when} ({version}) was kept as "
            "partial. Starting a new session."
        )
        return None
    number, count = exercise_position(plan, newest.resume_step)
    where = f"exercise {number} of {count}"
    if 0 <= newest.resume_step < len(plan.steps):
        where += f", {where_words(plan.steps[newest.resume_step])}"
    practice = sessions.practice_words(newest)
    if resume is None and _on_terminal():
        what = f": {practice}, and carries on as one" if practice else ""
        out(f"You have an unfinished session of '{title}' from {when}{what}.")
        resume = _ask_resume(where)
    elif resume is None:
        sessions.keep_as_partial(ctx, newest)
        out(
            f"Your unfinished session of '{title}' from {when} (stopped at {where}) was kept "
            "as partial; starting a new session. Use --resume to continue it instead."
        )
        return None
    if resume:
        return newest
    sessions.keep_as_partial(ctx, newest)
    out(f"Your unfinished session of '{title}' from {when} was kept as partial.")
    return None


def _on_terminal() -> bool:
    try:
        return bool(sys.stdin and sys.stdin.isatty() and sys.stdout.isatty())
    except (ValueError, OSError):
        return False


def _ask_resume(where: str) -> bool:
    """Ask resume (r) or keep (k); no answer means keep."""
    question = f"Resume where you stopped ({where}), or keep it as partial and start again? [r/k] "
    for _ in range(ASK_TRIES):
        try:
            answer = input(question).strip().lower()
        except EOFError:
            return False
        if answer in {"r", "resume"}:
            return True
        if answer in {"k", "keep"}:
            return False
        out("Please type r to resume or k to keep it and start again.")
    return False
