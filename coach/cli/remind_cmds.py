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
from typing import Any

from coach import paths
from coach.app import reminders
from coach.cli import context
from coach.cli.output import err, out, table
from coach.services import systemd
from coach.services.notify import check_delivery

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
    action = getattr(args, "remind_command", None) or "list"
    try:
        result: int = globals()[f"_{action}"](args)  # _list, _add, ... below
    except reminders.SettingsError as exc:
        err(f"coach: {exc}")
        err("Nothing was changed.")
        return 1
    return result


# --- settings --------------------------------------------------------------------------------


def _say_times(changed: reminders.TimesChanged) -> None:
    out(f"Reminders for {changed.name}: {reminders.times_text(changed.times)}")
    if changed.note:
        out(changed.note)


def _add(args: argparse.Namespace) -> int:
    new = reminders.parse_times(args.times)
    _say_times(reminders.change_times(context.app_context(args), args.routine_id, "add", new))
    return 0


def _remove(args: argparse.Namespace) -> int:
    which = reminders.parse_times([args.time]) if args.time is not None else ()
    ctx = context.app_context(args)
    changed = reminders.change_times(ctx, args.routine_id, "remove" if which else "off", which)
    if changed.times:
        out(f"Reminders for {changed.name}: {reminders.times_text(changed.times)}")
    else:
        out(f"No more reminders for {changed.name}.")
        out(f"Get the usual ones back with: coach remind reset {changed.loaded.routine.id}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    _say_times(reminders.change_times(context.app_context(args), args.routine_id, "reset"))
    return 0


def _quiet(args: argparse.Namespace) -> int:
    start, end = reminders.parse_times([args.start])[0], reminders.parse_times([args.end])[0]
    quiet = reminders.set_quiet(context.app_context(args), start, end)
    if quiet.start == quiet.end:
        out("No quiet hours: reminders may come at any time of day.")
    else:
        out(f"Quiet hours: {reminders.quiet_text(quiet)}. No reminder pops up in between.")
    return 0


def _snooze(args: argparse.Namespace) -> int:
    minutes = reminders.parse_snooze(args.minutes)
    until = reminders.snooze(context.app_context(args), minutes)
    if until is None:
        out("Snooze stopped: reminders come as usual.")
    else:
        out(f"Reminders snoozed until {until:%H:%M}. What is due now comes then.")
    return 0


def _list(args: argparse.Namespace) -> int:
    ctx = context.app_context(args)
    now = ctx.now()
    seen = reminders.overview(ctx, now)
    for problem in seen.problems:
        err(f"coach: {problem}")
    if not seen.rows:
        out("Your program is empty, so no reminders come. Add a routine first")
        out("(from the coach screen, or with `coach add FILE`).")
        return 0
    rows = [
        (r.routine_id, r.title, r.times + (" (default)" if r.default else ""), r.days, r.next)
        for r in seen.rows
    ]
    for line in table(rows, ("ROUTINE", "TITLE", "TIMES", "DAYS", "NEXT")):
        out(line)
    out(f"Next reminder: {seen.next}")
    out(f"Quiet hours: {reminders.quiet_text(seen.quiet)}.")
    if seen.prefs.snoozed_until is not None and seen.prefs.snoozed_until > now:
        out(f"Snoozed until {seen.prefs.snoozed_until.astimezone(now.tzinfo):%H:%M}.")
    settings = seen.schedule.settings
    if settings.next_morning:
        out(f"Morning check-in: {settings.next_morning_at:%H:%M} on the day after a session.")
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


def _once(args: argparse.Namespace) -> int:
    reporter = Reporter(quiet=args.quiet)
    result = reminders.service(context.app_context(args), "once").check()
    reporter.report(result)
    return 1 if result.failed else 0  # cron mails the failure; the next run tries again


def _run(args: argparse.Namespace) -> int:
    service = reminders.service(context.app_context(args), "run")
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
    if getattr(args, "data_dir", None) or os.environ.get(paths.ENV_HOME):
        return context.data_dir(args).absolute()
    return None


def _install(args: argparse.Namespace) -> int:
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
    ok, line = systemd.describe(systemd.status(os.environ))
    out(f"Reminder service: {line}")
    delivery = check_delivery()
    out("Desktop notifications: " + ("working" if delivery.ok else delivery.reason))
    found = reminders.status(context.app_context(args))
    if found.last_check is not None:
        when, who = found.last_check
        how = {"run": "coach remind run", "once": "coach remind once"}.get(who, who)
        out(f"Last check: {when} ({how})")
    if found.tui_open:
        out("coach is open: it shows reminders itself while it is.")
    if found.snoozed_until is not None:
        out(f"Snoozed until {found.snoozed_until:%H:%M}.")
    out(f"Next reminder: {found.next}")
    return 0
