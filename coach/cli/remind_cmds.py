"""``coach remind ...``: reminder times, quiet hours, snoozing, the daemon and its service.

Settings are checked in full before anything is written (a bad time, an unknown routine, a
routine not in the program: a specific message, exit 1). ``run`` checks every ``--interval``
seconds until SIGTERM or Ctrl+C (exit 0); ``once`` checks once (for cron).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from datetime import timedelta
from typing import Any

from coach.cli import context
from coach.cli.output import err, out, table

SNOOZE_DEFAULT_MIN = 15
SNOOZE_MAX_MIN = 12 * 60
HELP = {
    "list": "your program's routines with their reminder times and the next one due",
    "add": "add reminder times to a routine: coach remind add ROUTINE 09:00 [18:30 ...]",
    "remove": "remove one reminder time of a routine, or all of them",
    "reset": "go back to the default times of a routine's prescription",
    "quiet": "set quiet hours (no reminders between START and END; 00:00 00:00: none)",
    "snooze": "postpone reminders for MINUTES (default 15; 0 stops snoozing)",
    "once": "check once and show what is due (for cron)",
    "run": "keep checking for reminders until stopped (the reminder daemon)",
    "install": "start the reminder daemon at login (systemd user service, or cron)",
    "uninstall": "stop the reminder daemon and remove its service",
    "status": "is the reminder daemon running, and when is the next reminder",
}


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="data folder")
    p.add_argument(
        "--routines", metavar="DIR", action="append", default=argparse.SUPPRESS,
        help="also read routines from DIR (repeatable)",
    )  # fmt: skip
    return p


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.05 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds from 0.05 to 3600")
    return value


def configure_remind(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach remind``."""
    subs = p.add_subparsers(dest="remind_command", metavar="ACTION", parser_class=type(p))
    common = _common()

    def sub(name: str) -> argparse.ArgumentParser:
        return subs.add_parser(name, help=HELP[name], description=HELP[name], parents=[common])

    sub("list")
    add = sub("add")
    add.add_argument("routine_id", metavar="ROUTINE", help="routine id (see `coach program`)")
    add.add_argument("times", metavar="HH:MM", nargs="+", help="times of day, 24-hour")
    remove = sub("remove")
    remove.add_argument("routine_id", metavar="ROUTINE")
    remove.add_argument("time", metavar="HH:MM", nargs="?", help="the time (default: all)")
    sub("reset").add_argument("routine_id", metavar="ROUTINE")
    quiet = sub("quiet")
    quiet.add_argument("start", metavar="START", help="when quiet hours begin, e.g. 21:30")
    quiet.add_argument("end", metavar="END", help="when they end, e.g. 08:00")
    sub("snooze").add_argument("minutes", metavar="MINUTES", nargs="?")
    sub("once").add_argument(
        "-q", "--quiet", action="store_true", help="print only problems (for cron)"
    )
    sub("run").add_argument(
        "--interval", type=_interval, default=30.0, help="seconds between checks (default 30)"
    )
    sub("install")
    sub("uninstall")
    sub("status")


def cmd_remind(args: argparse.Namespace) -> int:
    """Run one ``coach remind`` action (``list`` when none is given)."""
    from coach.services.reminder_settings import SettingsError

    action = getattr(args, "remind_command", None) or "list"
    try:
        result: int = globals()[f"_{action}"](args)  # _list, _add, ... below
    except SettingsError as exc:
        err(f"coach: {exc}")
        err("Nothing was changed.")
        return 1
    return result


# --- settings --------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> tuple[Any, Any]:
    from coach.storage.repo import Repository

    return Repository.open(context.data_dir(args)), context.library(args)


def _program_routine(args: argparse.Namespace) -> tuple[Any, Any]:
    from coach.services.reminder_settings import program_routine

    repo, library = _open(args)
    ids = [e.routine_id for e in repo.program()]
    return repo, program_routine(args.routine_id, ids, library)


def _say_times(loaded: Any, times: Any, quiet: Any) -> None:
    from coach.services.reminder_settings import quiet_note, times_text

    out(f"Reminders for {loaded.routine.title} ({loaded.routine.id}): {times_text(times)}")
    note = quiet_note(times, quiet)
    if note:
        out(note)


def _add(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import add_times, load_prefs, parse_times

    new = parse_times(args.times)
    repo, loaded = _program_routine(args)
    times = add_times(repo, loaded, new)
    _say_times(loaded, times, load_prefs(repo).quiet)
    return 0


def _remove(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import parse_times, remove_times, times_text

    which = parse_times([args.time])[0] if args.time is not None else None
    repo, loaded = _program_routine(args)
    times = remove_times(repo, loaded, which)
    name = f"{loaded.routine.title} ({loaded.routine.id})"
    if times:
        out(f"Reminders for {name}: {times_text(times)}")
    else:
        out(f"No more reminders for {name}.")
        out(f"Get the usual ones back with: coach remind reset {loaded.routine.id}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import load_prefs, reset_times

    repo, loaded = _program_routine(args)
    times = reset_times(repo, loaded)
    _say_times(loaded, times, load_prefs(repo).quiet)
    return 0


def _quiet(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import parse_times, quiet_text, set_quiet
    from coach.storage.repo import Repository

    start, end = parse_times([args.start])[0], parse_times([args.end])[0]
    quiet = set_quiet(Repository.open(context.data_dir(args)), start, end)
    if quiet.start == quiet.end:
        out("No quiet hours: reminders may come at any time of day.")
    else:
        out(f"Quiet hours: {quiet_text(quiet)}. No reminder pops up in between.")
    return 0


def _snooze(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import SettingsError, set_snoozed
    from coach.services.reminders import wall_now
    from coach.storage.repo import Repository

    text = args.minutes if args.minutes is not None else str(SNOOZE_DEFAULT_MIN)
    if not text.isascii() or not text.isdigit() or int(text) > SNOOZE_MAX_MIN:
        raise SettingsError(f"'{text}' is not a number of minutes from 0 to {SNOOZE_MAX_MIN}")
    minutes = int(text)
    repo = Repository.open(context.data_dir(args))
    if minutes == 0:
        set_snoozed(repo, None)
        out("Snooze stopped: reminders come as usual.")
        return 0
    until = wall_now() + timedelta(minutes=minutes)
    set_snoozed(repo, until)
    out(f"Reminders snoozed until {until:%H:%M}. What is due now comes then.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from coach.services.reminder_settings import load_prefs, quiet_text
    from coach.services.reminders import (
        describe_next,
        load_schedule,
        routine_rows,
        upcoming,
        wall_now,
        when_text,
    )

    repo, library = _open(args)
    now = wall_now()
    schedule = load_schedule(repo, library, now)
    prefs = load_prefs(repo)
    for problem in schedule.problems:
        err(f"coach: {problem}")
    if not schedule.routines:
        out("Your program is empty, so no reminders come. Add a routine first")
        out("(from the coach screen, or with `coach add FILE`).")
        return 0
    coming = upcoming(schedule, now)
    rows = [
        (
            r.routine_id,
            r.title,
            r.times + (" (default)" if r.default else ""),
            r.days,
            when_text(r.next_at, now) if r.next_at else "-",
        )
        for r in routine_rows(schedule, now, coming)
    ]
    for line in table(rows, ("ROUTINE", "TITLE", "TIMES", "DAYS", "NEXT")):
        out(line)
    found = coming.first
    out("Next reminder: " + (describe_next(*found, schedule, now) if found else "none this week"))
    out(f"Quiet hours: {quiet_text(prefs.quiet)}.")
    if prefs.snoozed_until is not None and prefs.snoozed_until > now:
        out(f"Snoozed until {prefs.snoozed_until.astimezone(now.tzinfo):%H:%M}.")
    if schedule.settings.next_morning:
        out(
            f"Morning check-in: {schedule.settings.next_morning_at:%H:%M} on the day after a "
            "session."
        )
    return 0


# --- the daemon ------------------------------------------------------------------------------


class Reporter:
    """Prints what each check did; warnings about the desktop or the data once per cause."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.warned: set[str] = set()

    def warn(self, message: str) -> None:
        """Print a warning on stderr, once per message."""
        if message not in self.warned:
            self.warned.add(message)
            err(f"coach: {message}")
            sys.stderr.flush()

    def report(self, result: Any) -> None:
        """Print one check's outcome (sent lines on stdout, problems on stderr)."""
        for problem in result.problems:
            self.warn(problem)
        stamp = f"{result.now:%H:%M}"
        again = {reminder.key: retry for reminder, _, retry in getattr(result, "failed", [])}
        for reminder, sent in result.sent:
            if sent.sent:
                out(f"{stamp} reminder sent: {reminder.title}: {reminder.body}")
            else:
                then = ("coach tries again at the next check" if again.get(reminder.key)
                        else "coach has given up on this one")
                err(f"coach: {stamp} reminder not shown ({sent.reason}; {then}): "
                    f"{reminder.title}")
        if result.unavailable:
            self.warn(
                f"{result.reason} The reminder stays due: coach shows it when you open it, or "
                "on the desktop when notifications work again."
            )
        if any(sent.sent for _, sent in result.sent):  # working again: warn again next time
            self.warned = {w for w in self.warned if "stays due" not in w}
        if not self.quiet:
            if result.deferred:
                out(f"{stamp} coach is open and shows the reminder itself.")
            elif not (result.sent or result.unavailable):
                out("Nothing is due now.")
        sys.stdout.flush()


def _service(args: argparse.Namespace, how: str) -> Any:
    from coach.services.reminders import ReminderService

    return ReminderService(context.data_dir(args), context.extra_dirs(args), how=how)


def _once(args: argparse.Namespace) -> int:
    reporter = Reporter(quiet=args.quiet)
    result = _service(args, "once").check()
    reporter.report(result)
    return 1 if result.failed else 0  # cron mails the failure; the next run tries again


def _run(args: argparse.Namespace) -> int:
    service = _service(args, "run")
    reporter = Reporter(quiet=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        # Set from another thread: Event.set() here could deadlock on the lock the interrupted
        # main thread holds inside Event.wait().
        threading.Thread(target=stop.set, daemon=True).start()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        out(
            f"Checking for reminders every {args.interval:g} s "
            f"(data folder {service.data_dir}). Stop with Ctrl+C."
        )
        sys.stdout.flush()
        service.run(stop, args.interval, reporter.report, reporter.warn)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    out("Stopped checking for reminders.")
    return 0


# --- the service -----------------------------------------------------------------------------


def _given_data_dir(args: argparse.Namespace) -> Any:
    """The data folder to bake into the service: only when one was chosen (flag or COACH_HOME)."""
    from coach import paths

    if getattr(args, "data_dir", None) or os.environ.get(paths.ENV_HOME):
        return context.data_dir(args).absolute()
    return None


def _install(args: argparse.Namespace) -> int:
    from coach.services import systemd

    try:
        result = systemd.install(
            _given_data_dir(args), context.extra_dirs(args), environ=os.environ
        )
    except systemd.UnsafePath as exc:
        err(f"coach: {exc}")
        return 1
    if result.failed:
        err(f"coach: wrote {result.unit}, but {result.failed}")
        return 1
    if result.systemd:
        out(f"Installed the reminder service: {result.unit}")
        out("It is running now and starts again whenever you log in.")
        out("See how it is doing with: coach remind status")
        if not systemd.standard_bus(os.environ):
            out(
                "Your desktop uses a per-login message bus: if reminders stop after you log in "
                "again, make your session run `dbus-update-activation-environment --systemd "
                "DBUS_SESSION_BUS_ADDRESS` at login."
            )
        return 0
    out(f"Wrote {result.unit}, but {result.why}.")
    out("Use cron instead: open your crontab with `crontab -e`, add this line, save and quit:")
    out("")
    out(f"    {result.crontab}")
    out("")
    out("It checks every 5 minutes and shows what is due.")
    return 0


def _uninstall(args: argparse.Namespace) -> int:
    from coach.services import systemd

    result = systemd.uninstall(os.environ)
    for problem in result.problems:
        err(f"coach: {problem}")
    if result.removed:
        out("Removed the reminder service; reminders no longer start at login.")
    else:
        out("The reminder service was not installed; nothing to remove.")
    if result.cron:
        out("Your crontab still runs `coach remind once`: remove that line with `crontab -e`.")
    return 1 if result.problems else 0


def _status(args: argparse.Namespace) -> int:
    from coach.services import systemd
    from coach.services.notify import check_delivery
    from coach.services.reminders import (
        clock_text,
        describe_next,
        last_run,
        load_schedule,
        tui_is_open,
        upcoming,
        wall_now,
    )

    ok, line = systemd.describe(systemd.status(os.environ))
    out(f"Reminder service: {line}")
    delivery = check_delivery()
    out("Desktop notifications: " + ("working" if delivery.ok else delivery.reason))
    repo, library = _open(args)
    now = wall_now()
    seen = last_run(repo, now)
    if seen is not None:
        how = {"run": "coach remind run", "once": "coach remind once"}.get(seen[1], seen[1])
        out(f"Last check: {clock_text(seen[0].astimezone(now.tzinfo), now)} ({how})")
    if tui_is_open(repo, now):
        out("coach is open: it shows reminders itself while it is.")
    schedule = load_schedule(repo, library, now)
    if schedule.prefs.snoozed_until is not None and schedule.prefs.snoozed_until > now:
        out(f"Snoozed until {schedule.prefs.snoozed_until.astimezone(now.tzinfo):%H:%M}.")
    found = upcoming(schedule, now).first
    out("Next reminder: " + (describe_next(*found, schedule, now) if found else "none this week"))
    return 0

