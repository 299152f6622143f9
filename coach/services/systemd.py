"""Run the reminder daemon as a systemd user service (or, without systemd, from cron).

``install`` writes ``coach-reminders.service`` into ``$XDG_CONFIG_HOME/systemd/user`` (else
``~/.config/systemd/user``), then, when ``systemctl`` and a user manager are there, runs
``systemctl --user daemon-reload`` and ``enable --now``. Without them it gives the crontab line
for ``coach remind once`` instead (the unit file is still written, for later).

The session bus: services of the user manager get ``XDG_RUNTIME_DIR`` (``%t``) and the manager's
environment, which includes what the desktop imported (``systemctl --user import-environment``,
``dbus-update-activation-environment --systemd``). ``PassEnvironment=`` adds nothing for a user
service (it only filters the manager's own environment, which services get anyway), and an
``Environment=`` line overrides what was imported. So: when the desktop uses the standard user
bus (``unix:path=$XDG_RUNTIME_DIR/bus``, systemd's ``dbus.socket``/dbus-broker: every current
distribution) the unit says ``Environment=DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus``, which is
right in every login even if nothing was imported; a per-login bus (``dbus-launch``) is left to
the imported environment (and imported once at install time).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coach.storage.atomic import atomic_write
from coach.storage.files import make_folders

UNIT_NAME = "coach-reminders.service"
RESTART_SEC = 30
CRON_SCHEDULE = "*/5 * * * *"
USER_BUS = "DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus"

Runner = Callable[[Sequence[str]], tuple[int, str]]
"""Runs a command: argv -> (exit status, its output). 127: the program is missing."""


def config_home(environ: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME`` if set to an absolute path, else ``$HOME/.config``."""
    xdg = environ.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    home = environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".config"


def unit_path(environ: Mapping[str, str]) -> Path:
    """Where the unit file goes."""
    return config_home(environ) / "systemd" / "user" / UNIT_NAME


def coach_command(argv0: str = sys.argv[0], executable: str = sys.executable) -> list[str]:
    """How to start this very coach: its ``coach`` script by absolute path, else ``python -m``."""
    name = os.path.basename(argv0)
    if name in ("coach", "coach.exe"):
        found = argv0 if os.sep in argv0 else shutil.which(argv0)
        if found and os.access(found, os.X_OK):
            return [os.path.abspath(found)]
    return [os.path.abspath(executable), "-m", "coach"]


def package_root() -> Path | None:
    """The folder holding the ``coach`` package when it is not installed in site-packages
    (a source checkout): ``python -m coach`` must start there."""
    root = Path(__file__).resolve().parents[2]
    return None if "site-packages" in root.parts else root


def command_args(
    what: str, data_dir: Path | None, extra_dirs: Sequence[Path] = (), base: Sequence[str] = ()
) -> list[str]:
    """``coach remind WHAT`` with ``--data-dir`` (when given) and ``--routines`` baked in;
    ``once`` is quiet (cron mails whatever a job prints)."""
    args = [*(base or coach_command()), "remind", what, *(["--quiet"] if what == "once" else [])]
    if data_dir is not None:
        args += ["--data-dir", os.path.abspath(data_dir)]
    for folder in extra_dirs:
        args += ["--routines", os.path.abspath(folder)]
    return args


class UnsafePath(ValueError):
    """A path a unit file or a crontab line cannot hold safely; the message says which."""


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_args(args: Sequence[str]) -> None:
    """Refuse a command line holding a line break, a control character or bytes that are not
    text: systemd and cron read them as the end of a line (a path could add its own
    directives or a second cron entry). Everything else is quoted where it is written."""
    for arg in args:
        found = _UNSAFE.search(arg)
        if found is not None:
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise UnsafePath(
                f"the path {shown} holds a line break or control character "
                f"(U+{ord(found.group()):04X}), which a service file or a crontab line cannot "
                "hold safely. Use a folder whose name has none (for example, rename it), then "
                "run `coach remind install` again. Nothing was installed."
            )


def _unit_quote(arg: str) -> str:
    """One ExecStart word: specifiers and variables escaped, quoted if it needs it."""
    check_args([arg])
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(c in arg for c in " \t\"'\\;"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def standard_bus(environ: Mapping[str, str]) -> bool:
    """True when the desktop's bus is the standard per-user one (or none is set here)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if not address:
        return True
    return bool(runtime) and address.split(",")[0] == f"unix:path={runtime.rstrip('/')}/bus"


def unit_text(args: Sequence[str], environ: Mapping[str, str], workdir: Path | None) -> str:
    """The unit file for ``coach remind run`` (``args``: its full command line)."""
    lines = [
        "# Written by `coach remind install`; remove it with `coach remind uninstall`.",
        "[Unit]",
        "Description=coach exercise reminders",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(_unit_quote(a) for a in args),
    ]
    if workdir is not None:
        lines.append("WorkingDirectory=" + _unit_quote(str(workdir)))
    if standard_bus(environ):
        lines.append(f"Environment={USER_BUS}")
    else:
        lines.append("# The desktop bus address is imported from the desktop session.")
    lines += [
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        f"RestartSec={RESTART_SEC}",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    return "\n".join(lines)


def crontab_line(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The crontab line running ``coach remind once`` every 5 minutes on the desktop's bus."""
    runtime = environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path={runtime.rstrip('/')}/bus"
    check_args([bus, *args])
    command = " ".join(shlex.quote(a) for a in [bus, *args]).replace("%", "\\%")
    return f"{CRON_SCHEDULE} {command}"


def subprocess_runner(environ: Mapping[str, str]) -> Runner:
    """A runner for real commands, looked up on ``environ``'s PATH, 15 s at most each."""

    def run(argv: Sequence[str]) -> tuple[int, str]:
        program = shutil.which(argv[0], path=environ.get("PATH", os.defpath))
        if program is None:
            return 127, f"{argv[0]} not found"
        try:
            proc = subprocess.run(
                [program, *argv[1:]],
                capture_output=True,
                text=True,
                env=dict(environ),
                timeout=15,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return 126, f"{argv[0]}: {exc}"
        return proc.returncode, (proc.stdout + proc.stderr).strip()

    return run


def user_manager(run: Runner) -> tuple[bool, str]:
    """Whether ``systemctl --user`` can talk to a user manager; if not, why (plain)."""
    code, output = run(["systemctl", "--user", "show-environment"])
    if code == 127:
        return False, "systemd is not available here (no systemctl program)"
    if code != 0:
        why = output.splitlines()[-1] if output else f"exit status {code}"
        return False, f"systemd's user service manager is not running here ({why})"
    return True, ""


@dataclass
class InstallResult:
    """What ``install`` did. ``systemd``: the service was enabled and started; else ``why``
    systemd could not be used and ``crontab`` is the line to add; ``steps``: what was run."""

    unit: Path
    systemd: bool
    why: str = ""
    crontab: str = ""
    steps: list[str] = field(default_factory=list)
    failed: str = ""


def install(
    data_dir: Path | None,
    extra_dirs: Sequence[Path] = (),
    *,
    environ: Mapping[str, str],
    run: Runner | None = None,
    base: Sequence[str] = (),
) -> InstallResult:
    """Write the unit file; enable and start it with systemd, or give the crontab line."""
    run = run or subprocess_runner(environ)
    base = list(base) or coach_command()
    workdir = package_root() if base[-2:] == ["-m", "coach"] else None
    path = unit_path(environ)
    run_args = command_args("run", data_dir, extra_dirs, base)
    once_args = command_args("once", data_dir, extra_dirs, base)
    check_args([*run_args, *once_args, str(workdir or ""), str(path)])  # before anything
    text = unit_text(run_args, environ, workdir)
    make_folders(path.parent, 0o700)  # ~/.config/systemd/user, whatever the umask
    atomic_write(path, text.encode("utf-8"))
    ok, why = user_manager(run)
    result = InstallResult(path, ok, why)
    if not ok:
        result.crontab = crontab_line(once_args, environ)
        return result
    commands = [["systemctl", "--user", "daemon-reload"]]
    if not standard_bus(environ):
        commands.append(["systemctl", "--user", "import-environment", "DBUS_SESSION_BUS_ADDRESS"])
    commands.append(["systemctl", "--user", "enable", "--now", UNIT_NAME])
    for argv in commands:
        code, output = run(argv)
        result.steps.append(" ".join(argv))
        if code != 0:
            result.systemd = False
            result.failed = f"`{' '.join(argv)}` failed: {output or f'exit status {code}'}"
            break
    return result


@dataclass
class UninstallResult:
    """What ``uninstall`` did: the unit file removed, systemd told, a cron line still there."""

    removed: bool
    systemd: bool
    cron: bool
    problems: list[str] = field(default_factory=list)


def uninstall(environ: Mapping[str, str], run: Runner | None = None) -> UninstallResult:
    """Stop and disable the service, remove its unit file; report a leftover crontab line."""
    run = run or subprocess_runner(environ)
    path = unit_path(environ)
    ok, _ = user_manager(run)
    problems = []
    if ok:
        code, output = run(["systemctl", "--user", "disable", "--now", UNIT_NAME])
        if code != 0 and path.exists():
            problems.append(f"systemd could not stop the service: {output}")
    removed = path.exists()
    path.unlink(missing_ok=True)
    if ok and removed:
        run(["systemctl", "--user", "daemon-reload"])
    return UninstallResult(removed, ok, has_cron_line(run), problems)


def has_cron_line(run: Runner) -> bool:
    """True when the user's crontab runs ``coach remind once``."""
    code, output = run(["crontab", "-l"])
    return code == 0 and any(
        "remind once" in line and not line.lstrip().startswith("#") for line in output.splitlines()
    )


@dataclass
class ServiceState:
    """Is the reminder service installed and running? ``active``/``enabled``: systemctl's word
    (``active``, ``inactive``, ``failed``, ...), empty when systemd can't be asked."""

    unit: Path
    installed: bool
    systemd: bool
    active: str = ""
    enabled: str = ""
    cron: bool = False
    why: str = ""

    @property
    def running(self) -> bool:
        """The systemd service is running, or cron runs ``once``."""
        return self.active == "active" or self.cron


def status(environ: Mapping[str, str], run: Runner | None = None) -> ServiceState:
    """The service's state (asks systemctl and the crontab; never raises)."""
    run = run or subprocess_runner(environ)
    path = unit_path(environ)
    ok, why = user_manager(run)
    state = ServiceState(path, path.is_file(), ok, why=why, cron=has_cron_line(run))
    if ok:
        state.active = run(["systemctl", "--user", "is-active", UNIT_NAME])[1] or "unknown"
        state.enabled = run(["systemctl", "--user", "is-enabled", UNIT_NAME])[1] or "unknown"
    return state


def describe(state: ServiceState) -> tuple[bool, str]:
    """(all fine, one plain line) about the service."""
    if state.active == "active":
        return True, f"running as a systemd user service ({state.unit})"
    if state.cron:
        return True, "run every 5 minutes from your crontab (coach remind once)"
    if state.installed and state.systemd:
        return False, (
            f"installed ({state.unit}) but {state.active or 'not running'}; "
            "see `systemctl --user status coach-reminders`"
        )
    if state.installed:
        return False, (
            f"a unit file is installed ({state.unit}) but {state.why or 'systemd is not running'}; "
            "add the crontab line that `coach remind install` prints"
        )
    return False, "not installed: run `coach remind install`"
