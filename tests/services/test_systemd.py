"""The systemd user service: the unit file, install/uninstall/status, the cron fallback.

Everything runs in a temp home (``HOME`` and ``XDG_CONFIG_HOME``); ``systemctl`` and
``crontab`` are either absent from ``PATH`` or small fake scripts that log their arguments.
The real ``~/.config`` and the real user manager are never touched.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from coach.services import systemd

ROOT = Path(__file__).resolve().parents[2]


def parse_unit(text: str) -> dict[str, list[tuple[str, str]]]:
    """A unit file as {section: [(key, value), ...]} (keys may repeat, comments skipped)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, _, value = line.partition("=")
        current.append((key, value))
    return sections


def values(unit: dict[str, list[tuple[str, str]]], section: str, key: str) -> list[str]:
    return [v for k, v in unit[section] if k == key]


class FakeRun:
    """Answers commands from a table (argv prefix -> (code, output)); 127 for the rest."""

    def __init__(self, answers: dict[tuple[str, ...], tuple[int, str]]) -> None:
        self.answers = answers
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> tuple[int, str]:
        self.calls.append(list(argv))
        for prefix, answer in self.answers.items():
            if tuple(argv[: len(prefix)]) == prefix:
                return answer
        return 127, f"{argv[0]} not found"


SYSTEMD_UP = {("systemctl",): (0, "")}


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), **extra}


BASE = ["/opt/coach env/bin/coach"]


def test_the_unit_runs_the_daemon_with_the_data_folder_and_the_user_bus(tmp_path: Path) -> None:
    env = env_for(tmp_path, XDG_RUNTIME_DIR="/run/user/1000",
                  DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/1000/bus")  # fmt: skip
    result = systemd.install(tmp_path / "my data", environ=env, run=FakeRun({}), base=BASE)
    assert result.unit == tmp_path / "home" / "config" / "systemd" / "user" / systemd.UNIT_NAME
    unit = parse_unit(result.unit.read_text(encoding="utf-8"))
    assert values(unit, "Service", "ExecStart") == [
        f'"/opt/coach env/bin/coach" remind run --data-dir "{tmp_path}/my data"'
    ]
    assert values(unit, "Service", "Restart") == ["on-failure"]
    assert values(unit, "Service", "RestartSec") == ["30"]
    assert "DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus" in values(unit, "Service", "Environment")
    assert values(unit, "Install", "WantedBy") == ["default.target"]
    assert values(unit, "Service", "WorkingDirectory") == []  # a coach script, not -m


def test_exec_start_words_survive_systemd_quoting(tmp_path: Path) -> None:
    base = ["/home/ann/100% sure/bin/python", "-m", "coach"]
    extra = [tmp_path / "routines $HOME"]
    text = systemd.unit_text(
        systemd.command_args("run", None, extra, base), {}, Path("/src/coach checkout")
    )
    [line] = [x for x in text.splitlines() if x.startswith("ExecStart=")]
    # systemd: %% is a literal %, $$ a literal $, and "..." groups a word
    words = shlex.split(line.removeprefix("ExecStart="))
    words = [w.replace("%%", "%").replace("$$", "$") for w in words]
    assert words == [*base, "remind", "run", "--routines", f"{tmp_path}/routines $HOME"]
    assert 'WorkingDirectory="/src/coach checkout"' in text.splitlines()


def test_without_a_data_folder_given_none_is_baked_in(tmp_path: Path) -> None:
    text = systemd.unit_text(systemd.command_args("run", None, (), ["/bin/coach"]), {}, None)
    assert "ExecStart=/bin/coach remind run\n" in text


def test_a_per_login_bus_is_left_to_the_imported_environment(tmp_path: Path) -> None:
    env = env_for(tmp_path, XDG_RUNTIME_DIR="/run/user/1000",
                  DBUS_SESSION_BUS_ADDRESS="unix:abstract=/tmp/dbus-XYZ,guid=1")  # fmt: skip
    run = FakeRun(SYSTEMD_UP)
    result = systemd.install(None, environ=env, run=run, base=BASE)
    unit = parse_unit(result.unit.read_text(encoding="utf-8"))
    assert not any("DBUS" in v for v in values(unit, "Service", "Environment"))
    assert ["systemctl", "--user", "import-environment", "DBUS_SESSION_BUS_ADDRESS"] in run.calls


def test_install_reloads_enables_and_starts_with_systemd(tmp_path: Path) -> None:
    run = FakeRun(SYSTEMD_UP)
    result = systemd.install(None, environ=env_for(tmp_path), run=run, base=BASE)
    assert result.systemd and not result.failed and result.crontab == ""
    assert run.calls == [
        ["systemctl", "--user", "show-environment"],
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "coach-reminders.service"],
    ]


def test_a_failing_systemctl_step_is_reported(tmp_path: Path) -> None:
    run = FakeRun({
        ("systemctl", "--user", "enable"): (1, "Unit file is masked."), **SYSTEMD_UP,
    })  # fmt: skip
    result = systemd.install(None, environ=env_for(tmp_path), run=run, base=BASE)
    assert not result.systemd
    assert result.failed == (
        "`systemctl --user enable --now coach-reminders.service` failed: Unit file is masked."
    )


def test_without_systemd_the_crontab_line_runs_once(tmp_path: Path) -> None:
    env = env_for(tmp_path, XDG_RUNTIME_DIR="/run/user/1000")
    result = systemd.install(tmp_path / "d", environ=env, run=FakeRun({}), base=BASE)
    assert not result.systemd
    assert result.why == "systemd is not available here (no systemctl program)"
    assert result.crontab == (
        "*/5 * * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus "
        f"'/opt/coach env/bin/coach' remind once --quiet --data-dir {tmp_path}/d"
    )
    assert result.unit.is_file()  # written anyway, for when systemd is there


def test_a_percent_in_the_crontab_line_is_escaped() -> None:
    line = systemd.crontab_line(["/x/50%/coach", "remind", "once"], {"XDG_RUNTIME_DIR": "/r"})
    assert line.endswith("/x/50\\%/coach remind once")


def test_config_home_follows_xdg_then_home(tmp_path: Path) -> None:
    assert systemd.config_home({"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/h"}) == Path("/x/cfg")
    assert systemd.config_home({"XDG_CONFIG_HOME": "relative", "HOME": "/h"}) == Path("/h/.config")
    assert systemd.config_home({"HOME": "/h"}) == Path("/h/.config")


def test_the_coach_script_is_used_when_run_through_it(tmp_path: Path) -> None:
    script = tmp_path / "bin" / "coach"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert systemd.coach_command(str(script), "/usr/bin/python3") == [str(script)]
    assert systemd.coach_command("/src/coach/__main__.py", "/v/bin/python") == [
        "/v/bin/python", "-m", "coach",
    ]  # fmt: skip


def test_uninstall_stops_disables_and_removes(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    systemd.install(None, environ=env, run=FakeRun(SYSTEMD_UP), base=BASE)
    run = FakeRun({**SYSTEMD_UP, ("crontab",): (0, "*/5 * * * * coach remind once\n")})
    result = systemd.uninstall(env, run)
    assert result.removed and result.systemd and result.cron and result.problems == []
    assert ["systemctl", "--user", "disable", "--now", "coach-reminders.service"] in run.calls
    assert not systemd.unit_path(env).exists()
    again = systemd.uninstall(env, FakeRun({}))
    assert not again.removed and not again.cron


def test_status_and_its_description(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    state = systemd.status(env, FakeRun({}))
    assert systemd.describe(state) == (False, "not installed: run `coach remind install`")
    systemd.install(None, environ=env, run=FakeRun(SYSTEMD_UP), base=BASE)
    running = FakeRun({("systemctl", "--user", "is-active"): (0, "active"), **SYSTEMD_UP})
    ok, line = systemd.describe(systemd.status(env, running))
    assert ok and line == f"running as a systemd user service ({systemd.unit_path(env)})"
    stopped = FakeRun({("systemctl", "--user", "is-active"): (3, "failed"), **SYSTEMD_UP})
    ok, line = systemd.describe(systemd.status(env, stopped))
    assert not ok and line == (
        f"installed ({systemd.unit_path(env)}) but failed; "
        "see `systemctl --user status coach-reminders`"
    )
    cron = FakeRun({("crontab",): (0, "# coach remind once\n*/5 * * * * /c remind once -q\n")})
    assert systemd.describe(systemd.status(env, cron))[0]


# --- the command, as a subprocess -------------------------------------------------------------


def fake_program(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def coach(tmp_path: Path, path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH", "DBUS", "XDG"))}
    env.update(env_for(tmp_path), PATH=path, XDG_RUNTIME_DIR="/run/user/4242")
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "remind", *args, "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_install_without_systemctl_writes_the_unit_and_prints_the_crontab_line(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = coach(tmp_path, str(empty), "install")
    assert proc.returncode == 0, proc.stderr
    unit_file = tmp_path / "home" / "config" / "systemd" / "user" / "coach-reminders.service"
    unit = parse_unit(unit_file.read_text(encoding="utf-8"))
    command = [sys.executable, "-m", "coach", "remind", "run", "--data-dir", str(tmp_path / "data")]
    assert shlex.split(values(unit, "Service", "ExecStart")[0]) == command
    assert values(unit, "Service", "Restart") == ["on-failure"]
    assert "DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus" in values(unit, "Service", "Environment")
    once = shlex.join([sys.executable, "-m", "coach", "remind", "once", "--quiet", "--data-dir",
                       str(tmp_path / "data")])  # fmt: skip
    assert proc.stdout.splitlines() == [
        f"Wrote {unit_file}, but systemd is not available here (no systemctl program).",
        "Use cron instead: open your crontab with `crontab -e`, add this line, save and quit:",
        "",
        f"    */5 * * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/4242/bus {once}",
        "",
        "It checks every 5 minutes and shows what is due.",
    ]
    assert not (Path.home() / ".config" / "systemd" / "user" / "coach-reminders.service").is_file()


def test_install_status_uninstall_with_a_user_manager(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    log = tmp_path / "systemctl.log"
    fake_program(bin_dir, "systemctl", f"""echo "$@" >> '{log}'
case "$2" in
  is-active) echo active; exit 0;;
  is-enabled) echo enabled; exit 0;;
esac
exit 0
""")
    path = f"{bin_dir}:/usr/bin:/bin"
    proc = coach(tmp_path, path, "install")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:2] == [
        f"Installed the reminder service: {tmp_path}/home/config/systemd/user/"
        "coach-reminders.service",
        "It is running now and starts again whenever you log in.",
    ]
    assert log.read_text().splitlines() == [
        "--user show-environment",
        "--user daemon-reload",
        "--user enable --now coach-reminders.service",
    ]
    status = coach(tmp_path, path, "status")
    assert status.returncode == 0
    assert status.stdout.splitlines()[0] == (
        "Reminder service: running as a systemd user service "
        f"({tmp_path}/home/config/systemd/user/coach-reminders.service)"
    )
    gone = coach(tmp_path, path, "uninstall")
    assert gone.returncode == 0
    assert gone.stdout == "Removed the reminder service; reminders no longer start at login.\n"
    assert "--user disable --now coach-reminders.service" in log.read_text().splitlines()
    assert not (tmp_path / "home" / "config" / "systemd" / "user" / systemd.UNIT_NAME).exists()


def test_status_without_anything_installed(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = coach(tmp_path, str(empty), "status")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == (
        "Reminder service: not installed: run `coach remind install`"
    )
