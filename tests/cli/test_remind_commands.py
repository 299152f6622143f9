"""``coach remind add/remove/reset/list/quiet/snooze`` and ``coach doctor``, as subprocesses.

The time zone is one where it is about midday now, so that "next" and snooze times are known.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.library import default_sources, load_library
from coach.services.notify import NO_BUS
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from tests.cli.conftest import Result, minimal_routine, write_json
from tests.services.conftest import (  # noqa: F401  (fixtures)
    needs_notify_send,
    notify_bus,
    private_bus,
)

TIMES = "reminders.times"
BAD_TIME = "coach: '25:00' is not a time of day like 09:00 or 18:30\nNothing was changed.\n"


def zone_near_noon() -> str:
    """An ``Etc/GMT`` zone in which it is between 11:00 and 13:00 now."""
    offset = 12 - datetime.now(UTC).hour
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


ZONE = zone_near_noon()


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    write_json(folder / "test-neck.json", minimal_routine(frequency={"per_day": 2}))
    write_json(folder / "test-back.json", minimal_routine(id="test-back", title="Test back"))
    return folder


@pytest.fixture
def repo(data_dir: Path, routines: Path) -> Repository:
    """The data folder, with test-neck (not test-back) in the program."""
    repository = Repository.open(data_dir)
    raw = (routines / "test-neck.json").read_bytes()
    repository.add_to_program(ProgramEntry(
        routine_id="test-neck", path=str(routines / "test-neck.json"),
        sha256=hashlib.sha256(raw).hexdigest(), added_at=datetime.now(UTC) - timedelta(days=2),
    ))  # fmt: skip
    return repository


@pytest.fixture
def remind(coach: Callable[..., Result], routines: Path, repo: Repository) -> Callable[..., Result]:
    """``remind(*args)``: ``coach remind ARGS --routines R --data-dir D`` in the noon zone."""

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return coach("remind", *args, "--routines", str(routines), env={"TZ": ZONE, **(env or {})})

    return run


def test_first_times_replace_the_defaults_and_say_what_quiet_hours_do(
    remind: Callable[..., Result], repo: Repository
) -> None:
    r = remind("add", "test-neck", "07:30", "12:00", "12:00")
    assert r.code == 0, r.err
    assert r.out == (
        "Reminders for Test neck routine (test-neck): 07:30, 12:00\n"
        "Note: your quiet hours are 21:30-08:00: 07:30 will come at 08:00 instead.\n"
    )
    assert repo.get_setting(TIMES) == {"test-neck": ["07:30", "12:00"]}
    r = remind("add", "test-neck", "18:30")
    assert r.code == 0, r.err
    assert repo.get_setting(TIMES) == {"test-neck": ["07:30", "12:00", "18:30"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "test-neck", "25:00"), BAD_TIME),
        (("add", "test-neck", "10:00", "25:00"), BAD_TIME),
        (
            ("add", "nope", "10:00"),
            "coach: there is no routine 'nope' in your program (test-neck)\nNothing was changed.\n",
        ),
        (
            ("add", "test-back", "10:00"),
            "coach: 'test-back' is not in your program, so it gets no reminders. Add it to your "
            "program first (from the coach screen, or with `coach add FILE`).\n"
            "Nothing was changed.\n",
        ),
        (
            ("remove", "test-neck", "10:00"),
            "coach: 'test-neck' has no reminder at 10:00 (its times: 09:00, 18:00)\n"
            "Nothing was changed.\n",
        ),
        (("remove", "test-neck", "9"), "coach: '9' is not a time of day like 09:00 or 18:30\n"
         "Nothing was changed.\n"),
        (("quiet", "22:00", "25:00"), BAD_TIME),
        (("snooze", "abc"), "coach: 'abc' is not a number of minutes from 0 to 720\n"
         "Nothing was changed.\n"),
        (("snooze", "721"), "coach: '721' is not a number of minutes from 0 to 720\n"
         "Nothing was changed.\n"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_nothing_written(
    remind: Callable[..., Result], repo: Repository, args: tuple[str, ...], message: str
) -> None:
    remind("add", "test-neck", "12:00")
    before = {k: repo.get_setting(k) for k in (TIMES, "reminders.quiet", "reminders.snoozed_until")}
    r = remind(*args)
    # the 12:00 set above replaced the default times (09:00, 18:00)
    assert (r.code, r.out, r.err) == (1, "", message.replace("(its times: 09:00, 18:00)",
                                                             "(its times: 12:00)"))
    after = {k: repo.get_setting(k) for k in before}
    assert after == before


def test_a_missing_time_is_a_usage_error(remind: Callable[..., Result]) -> None:
    r = remind("add", "test-neck")
    assert r.code == 2 and "the following arguments are required: HH:MM" in r.err


def test_remove_one_time_then_all_then_reset(
    remind: Callable[..., Result], repo: Repository
) -> None:
    r = remind("remove", "test-neck", "18:00")
    assert (r.code, r.out) == (0, "Reminders for Test neck routine (test-neck): 09:00\n")
    r = remind("remove", "test-neck")
    assert r.out == (
        "No more reminders for Test neck routine (test-neck).\n"
        "Get the usual ones back with: coach remind reset test-neck\n"
    )
    assert repo.get_setting(TIMES) == {"test-neck": []}
    assert "test-neck  Test neck routine  off" in remind("list").out
    r = remind("reset", "test-neck")
    assert r.out == "Reminders for Test neck routine (test-neck): 09:00, 18:00\n"
    assert repo.get_setting(TIMES) == {}


def test_list_shows_each_program_routine_its_times_days_and_next(
    remind: Callable[..., Result], repo: Repository
) -> None:
    now = datetime.now(ZoneInfo(ZONE))
    r = remind("list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["ROUTINE", "TITLE", "TIMES", "DAYS", "NEXT"]
    # 09:00 is past and was not shown yet: it is due now
    assert re.split(r"\s{2,}", lines[1]) == [
        "test-neck", "Test neck routine", "09:00, 18:00 (default)", "every day", "now",
    ]  # fmt: skip
    assert lines[2:] == [
        "Next reminder: Test neck routine, due now",
        "Quiet hours: 21:30-08:00.",
        "Morning check-in: 09:00 on the day after a session.",
    ]
    repo.record_fired(f"test-neck/{now.date()}/09:00", now)
    assert re.split(r"\s{2,}", remind("list").out.splitlines()[1])[-1] == "18:00 today"
    assert "test-back" not in r.out  # not in the program


def test_quiet_hours_are_set_and_shown(remind: Callable[..., Result], repo: Repository) -> None:
    r = remind("quiet", "22:00", "07:00")
    assert (r.code, r.out) == (0, "Quiet hours: 22:00-07:00. No reminder pops up in between.\n")
    assert repo.get_setting("reminders.quiet") == {"start": "22:00", "end": "07:00"}
    assert "Quiet hours: 22:00-07:00." in remind("list").out
    r = remind("quiet", "00:00", "00:00")
    assert r.out == "No quiet hours: reminders may come at any time of day.\n"


def test_snooze_postpones_and_zero_stops_it(
    remind: Callable[..., Result], repo: Repository
) -> None:
    tz = ZoneInfo(ZONE)
    before = datetime.now(tz)
    r = remind("snooze")
    after = datetime.now(tz)
    assert r.code == 0, r.err
    until = datetime.fromisoformat(repo.get_setting("reminders.snoozed_until"))
    assert before + timedelta(minutes=15) <= until <= after + timedelta(minutes=15)
    assert r.out == f"Reminders snoozed until {until:%H:%M}. What is due now comes then.\n"
    listed = remind("list").out
    assert f"Snoozed until {until:%H:%M}." in listed
    assert f"{until:%H:%M} today" in listed  # the due 09:00 now comes when the snooze ends
    r = remind("snooze", "45")
    until = datetime.fromisoformat(repo.get_setting("reminders.snoozed_until"))
    assert before + timedelta(minutes=45) <= until
    r = remind("snooze", "0")
    assert r.out == "Snooze stopped: reminders come as usual.\n"
    assert repo.get_setting("reminders.snoozed_until") is None


def test_list_with_an_empty_program(coach: Callable[..., Result]) -> None:
    r = coach("remind", "list")
    assert r.code == 0
    assert r.out.startswith("Your program is empty, so no reminders come.")


# --- coach doctor -------------------------------------------------------------------------


def fake_systemctl(folder: Path) -> None:
    folder.mkdir()
    path = folder / "systemctl"
    path.write_text("#!/bin/sh\ncase \"$2\" in is-active) echo active;; is-enabled) "
                    "echo enabled;; esac\nexit 0\n")  # fmt: skip
    path.chmod(0o755)


def doctor_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.startswith(("LANG", "LC_"))}
    home = tmp_path / "home"
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "cfg"),
            "PYTHONIOENCODING": "utf-8", "TZ": ZONE, **extra}  # fmt: skip


@pytest.mark.dbus
def test_doctor_on_a_healthy_setup(
    coach: Callable[..., Result], notify_bus: Any, needs_notify_send: None,  # noqa: F811
    repo: Repository, routines: Path, data_dir: Path, tmp_path: Path,
) -> None:  # fmt: skip
    fake_systemctl(tmp_path / "bin")
    env = doctor_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=notify_bus.address,
                     PATH=f"{tmp_path / 'bin'}:/usr/bin:/bin")  # fmt: skip
    count = len(load_library(default_sources(data_dir, [routines])).routines)
    r = coach("doctor", "--routines", str(routines), env=env)
    unit = tmp_path / "home" / "cfg" / "systemd" / "user" / "coach-reminders.service"
    lines = r.out.splitlines()
    assert lines[:6] == [
        f"✓ Data folder: {data_dir} (private, 0700)",
        f"✓ Routines: {count} found, all valid",
        "✓ Log: 0 session(s) and 0 check-in(s) read",
        "✓ Program: 1 routine(s) (test-neck)",
        "✓ Desktop notifications: a notification service answers",
        f"✓ Reminder service: running as a systemd user service ({unit})",
    ]
    assert lines[6] == "✓ Next reminder: Test neck routine, due now"  # 09:00 passed, not shown
    assert lines[7:] == ["", "All fine."]
    assert r.code == 0


@pytest.mark.dbus
def test_doctor_on_a_broken_setup(
    coach: Callable[..., Result], data_dir: Path, routines: Path, tmp_path: Path
) -> None:
    Repository.open(data_dir)
    data_dir.chmod(0o755)
    bad = write_json(routines / "bad.json", minimal_routine(id="bad", sets=3))
    (tmp_path / "bin").mkdir()
    runtime = tmp_path / "run"
    runtime.mkdir()
    env = doctor_env(tmp_path, PATH=str(tmp_path / "bin"), XDG_RUNTIME_DIR=str(runtime),
                     PYTHONIOENCODING="ascii")  # fmt: skip
    env["DBUS_SESSION_BUS_ADDRESS"] = ""  # as if not set (the fixture starts from os.environ)
    r = coach("doctor", "--routines", str(routines), env=env)
    assert r.code == 1
    lines = r.out.splitlines()
    count = len(load_library(default_sources(data_dir, [routines])).routines)
    assert lines[0] == (
        f"PROBLEM Data folder: {data_dir} could be opened by other users; coach has now made "
        "it private (0700)"
    )
    assert lines[1] == (
        f"PROBLEM Routines: {count} found; 1 file(s) have problems and can't be used"
    )
    assert lines[2] == f"    {bad}: unknown key 'sets' at the top level"
    assert lines[3:] == [
        "OK Log: 0 session(s) and 0 check-in(s) read",
        "PROBLEM Program: empty, so no reminders come; add a routine from the coach screen or "
        "with `coach add FILE`",
        f"PROBLEM Desktop notifications: {NO_BUS}",
        "PROBLEM Reminder service: not installed: run `coach remind install`",
        "",
        "5 problem(s) found.",
    ]
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_doctor_before_coach_was_ever_used(coach: Callable[..., Result], data_dir: Path,
                                           tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "bin").mkdir()
    r = coach("doctor", env=doctor_env(tmp_path, PATH=str(tmp_path / "bin")))
    assert r.code == 1
    assert r.out.splitlines()[0] == (
        f"✗ Data folder: {data_dir} does not exist yet (coach makes it on first use)"
    )
    assert not data_dir.exists()  # the doctor looks, it does not create


def test_doctor_list_status_and_settings_screen_agree_on_the_next_reminder(
    coach: Callable[..., Result], remind: Callable[..., Result], repo: Repository,
    routines: Path, data_dir: Path, tmp_path: Path,
) -> None:  # fmt: skip
    """One function answers "when is the next reminder"; an excused today holds today's."""
    from coach.app.context import AppContext
    from coach.app.reminders import overview

    tz = ZoneInfo(ZONE)
    now = datetime.now(tz)
    repo.set_excused(now.date(), "rest")
    listed = remind("list")
    assert re.split(r"\s{2,}", listed.out.splitlines()[1])[-1] == "09:00 tomorrow"
    expected = "Next reminder: 09:00 tomorrow: Test neck routine"
    assert expected in listed.out.splitlines()
    assert expected in remind("status", env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
                              ).out.splitlines()
    doctor = coach("doctor", "--routines", str(routines), env=doctor_env(tmp_path))
    assert f"✓ {expected}" in doctor.out.splitlines()
    screen = overview(AppContext(data_dir, [routines], zone=tz), now)  # the settings screen's
    assert f"Next reminder: {screen.next}" == expected
    assert screen.rows[0].next == "09:00 tomorrow"
