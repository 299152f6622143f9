"""The reminder daemon's logic: a real repository in a tmp folder, a fake wall clock, a fake
notification transport (what would be handed to plyer is recorded)."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import CheckInRecord, SessionRecord
from coach.services import reminder_settings as rs
from coach.services.notify import DeliveryChecker, DeliveryStatus, Notifier
from coach.services.reminder_presence import LAST_RUN, clear_tui_open, mark_tui_open, tui_is_open
from coach.services.reminders import CheckResult, ReminderService
from coach.storage.errors import StorageError
from coach.storage.models import ProgramEntry
from coach.storage.repo import Repository
from coach.tui.reminder_watch import ReminderWatch, show_reminders

LONDON = ZoneInfo("Europe/London")
NECK: dict[str, Any] = {
    "format": 1,
    "id": "neck",
    "title": "Neck [easy] routine",
    "frequency": {"per_day": 2, "days_per_week": 7},
    "exercises": [{"name": "Chin tuck", "kind": "posture", "duration_s": 120}],
}
BACK: dict[str, Any] = {
    "format": 1,
    "id": "back",
    "title": "Low back",
    "exercises": [{"name": "Bridge", "kind": "strength", "duration_s": 300}],
}
NECK_BODY_1 = "Time for Neck [easy] routine (about 2 min). Bout 1 of 2 today."


def at(day: str, hhmm: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), LONDON)


class Clock:
    """A wall clock that only moves when told."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: str, hhmm: str) -> None:
        self.now = at(day, hhmm)


class Checker(DeliveryChecker):
    """Answers a fixed delivery status."""

    def __init__(self, ok: bool = True, reason: str = "") -> None:
        super().__init__(environ={})
        self.status = DeliveryStatus(ok, reason)

    def check(self, *, fresh: bool = False) -> DeliveryStatus:
        return self.status


class Transport:
    """Records (title, body, app) instead of calling plyer."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def __call__(
        self, title: str, body: str, app: str, env: Any, timeout: float
    ) -> tuple[int, str]:
        self.sent.append((title, body, app))
        return 0, ""


class World:
    """A data folder with a program, and services that share the fake clock and transport."""

    def __init__(self, tmp_path: Path) -> None:
        self.data = tmp_path / "data"
        self.routines = tmp_path / "routines"
        self.routines.mkdir()
        self.repo = Repository.open(self.data)
        self.clock = Clock(at("2026-11-25", "08:00"))
        self.checker = Checker()
        self.transport = Transport()

    def add(self, doc: dict[str, Any], active: bool = True) -> None:
        path = self.routines / f"{doc['id']}.json"
        raw = json.dumps(doc).encode()
        path.write_bytes(raw)
        entry = ProgramEntry(
            routine_id=doc["id"], path=str(path), sha256=hashlib.sha256(raw).hexdigest(),
            added_at=at("2026-11-01", "10:00"), active=active,
        )  # fmt: skip
        self.repo.add_to_program(entry)

    def service(self) -> ReminderService:
        """A fresh daemon process, as far as its memory goes."""
        notifier = Notifier(checker=self.checker, transport=self.transport)
        return ReminderService(self.data, [self.routines], notifier=notifier, now=self.clock)

    def session(self, routine_id: str, day: str, hhmm: str, status: str = "complete") -> None:
        self.repo.save_session(
            SessionRecord(
                routine_id=routine_id, routine_title=routine_id, routine_hash="x",
                started_at=at(day, hhmm), status=status,  # type: ignore[arg-type]
            )
        )  # fmt: skip

    def bodies(self) -> list[str]:
        return [body for _, body, _ in self.transport.sent]


@pytest.fixture
def world(tmp_path: Path) -> World:
    w = World(tmp_path)
    w.add(NECK)
    return w


def run_minutes(
    world: World, service: ReminderService, day: str, start: str, end: str, step: int = 5
) -> None:
    """Check every ``step`` minutes from start to end (inclusive), like the daemon."""
    world.clock.set(day, start)
    while world.clock.now <= at(day, end):
        service.check()
        world.clock.now += timedelta(minutes=step)


def test_a_routine_is_reminded_at_its_time_once_with_the_plain_texts(world: World) -> None:
    service = world.service()
    world.clock.set("2026-11-25", "08:59")
    assert service.check().sent == []
    world.clock.set("2026-11-25", "09:00")
    result = service.check()
    assert [(r.key, s.sent) for r, s in result.sent] == [("neck/2026-11-25/09:00", True)]
    assert world.transport.sent == [("Time to exercise", NECK_BODY_1, "coach")]
    run_minutes(world, service, "2026-11-25", "09:01", "17:59")
    assert len(world.transport.sent) == 1
    assert set(world.repo.fired_reminders()) == {"neck/2026-11-25/09:00"}


def test_two_bouts_a_day_each_reminded_once(world: World) -> None:
    run_minutes(world, world.service(), "2026-11-25", "08:00", "23:00")
    assert world.bodies() == [NECK_BODY_1, NECK_BODY_1]  # bout 1 not done yet at 18:00
    assert set(world.repo.fired_reminders()) == {
        "neck/2026-11-25/09:00",
        "neck/2026-11-25/18:00",
    }


def test_a_bout_already_done_is_not_reminded(world: World) -> None:
    world.session("neck", "2026-11-25", "08:30")
    run_minutes(world, world.service(), "2026-11-25", "08:00", "17:00")
    assert world.transport.sent == []
    world.clock.set("2026-11-25", "18:00")
    world.service().check()
    assert world.bodies() == [
        "Time for Neck [easy] routine (about 2 min). Bout 2 of 2 today."
    ]


def test_only_a_complete_session_counts_as_done(world: World) -> None:
    world.session("neck", "2026-11-25", "08:30", status="partial")
    world.clock.set("2026-11-25", "09:00")
    assert len(world.service().check().sent) == 1


def test_a_restarted_daemon_does_not_repeat_what_was_fired(world: World) -> None:
    world.clock.set("2026-11-25", "09:00")
    assert len(world.service().check().sent) == 1
    for minutes in (0, 1, 30):
        world.clock.now = at("2026-11-25", "09:00") + timedelta(minutes=minutes)
        assert world.service().check().sent == []  # a new process each time
    assert len(world.transport.sent) == 1


def test_a_reminder_another_process_claimed_meanwhile_is_not_shown(world: World) -> None:
    service = world.service()
    found_due = service.due

    def due_then_the_tui_claims(now: datetime) -> Any:
        schedule, found = found_due(now)
        for reminder in found:  # between this check's read and its claim
            assert world.repo.record_fired(reminder.key, now)
        return schedule, found

    service.due = due_then_the_tui_claims  # type: ignore[method-assign]
    world.clock.set("2026-11-25", "09:00")
    assert service.check().sent == []
    assert world.transport.sent == []

def test_after_a_suspend_only_one_catch_up_comes(world: World) -> None:
    service = world.service()
    world.clock.set("2026-11-25", "08:00")
    service.check()
    world.clock.set("2026-11-25", "19:00")  # asleep through 09:00 and 18:00
    result = service.check()
    assert [r.key for r, _ in result.sent] == ["neck/2026-11-25/18:00"]
    assert result.sent[0][0].catch_up
    assert world.bodies() == [NECK_BODY_1 + " (This was due at 18:00.)"]
    run_minutes(world, service, "2026-11-25", "19:01", "21:00")
    assert len(world.transport.sent) == 1


def test_a_clock_set_back_does_not_repeat(world: World) -> None:
    service = world.service()
    world.clock.set("2026-11-25", "09:05")
    assert len(service.check().sent) == 1
    world.clock.set("2026-11-25", "08:30")
    service.check()
    world.clock.set("2026-11-25", "09:10")
    assert service.check().sent == []


def test_snooze_postpones_what_is_due_to_its_end(world: World) -> None:
    rs.set_snoozed(world.repo, at("2026-11-25", "09:20"))
    run_minutes(world, world.service(), "2026-11-25", "09:00", "09:19", step=1)
    assert world.transport.sent == []
    world.clock.set("2026-11-25", "09:20")
    result = world.service().check()
    assert [r.key for r, _ in result.sent] == [
        "neck/2026-11-25/09:00/snoozed-2026-11-25T09:20"
    ]
    world.clock.set("2026-11-25", "09:21")
    assert world.service().check().sent == []


def test_the_next_morning_check_in_is_a_reminder_too(world: World) -> None:
    world.session("neck", "2026-11-24", "18:10")
    world.clock.set("2026-11-25", "09:00")
    result = world.service().check()
    assert sorted((r.kind, r.title) for r, _ in result.sent) == [
        ("next_morning", "Morning check-in"),
        ("routine", "Time to exercise"),
    ]
    assert world.bodies()[0] == (
        "How do you feel this morning after yesterday's Neck [easy] routine? "
        "Open coach for a short check-in on pain and stiffness."
    )


def test_no_morning_reminder_once_that_check_in_is_recorded(world: World) -> None:
    world.session("neck", "2026-11-24", "18:10")
    world.repo.save_checkin(CheckInRecord(at=at("2026-11-25", "07:45"), context="next_morning"))
    world.clock.set("2026-11-25", "09:00")
    assert [r.kind for r, _ in world.service().check().sent] == ["routine"]


def test_only_active_program_routines_remind(world: World) -> None:
    world.add(BACK, active=False)
    world.repo.drop_from_program("neck")
    world.clock.set("2026-11-25", "09:00")
    assert world.service().check().sent == []
    world.add(BACK)
    assert [r.routine_id for r, _ in world.service().check().sent] == ["back"]


def test_set_times_replace_the_defaults(world: World) -> None:
    loaded = rs.program_routine("neck", ["neck"], world.service().library())
    rs.remove_times(world.repo, loaded, None)
    rs.add_times(world.repo, loaded, [time(10, 30)])
    run_minutes(world, world.service(), "2026-11-25", "08:00", "20:00")
    assert [r for r in world.repo.fired_reminders()] == ["neck/2026-11-25/10:30"]


def test_quiet_hours_from_the_settings_hold_reminders(world: World) -> None:
    rs.set_quiet(world.repo, time(8, 0), time(9, 30))
    run_minutes(world, world.service(), "2026-11-25", "08:55", "09:29", step=1)
    assert world.transport.sent == []
    world.clock.set("2026-11-25", "09:30")
    assert len(world.service().check().sent) == 1


def test_a_session_in_progress_or_an_excused_day_holds_the_reminder(world: World) -> None:
    world.session("neck", "2026-11-25", "08:55", status="in_progress")
    world.clock.set("2026-11-25", "09:00")
    assert world.service().check().sent == []
    world.repo.set_excused(date(2026, 11, 26), "ill")
    world.clock.set("2026-11-26", "09:00")
    assert world.service().check().sent == []
    assert world.repo.fired_reminders() == {}


def test_a_routine_file_gone_is_reported_not_fatal(world: World) -> None:
    world.add(BACK)
    (world.routines / "neck.json").unlink()
    world.clock.set("2026-11-25", "09:00")
    result = world.service().check()
    assert [r.routine_id for r, _ in result.sent] == ["back"]
    assert result.problems == [
        "'neck' is in your program but its routine file is missing or has problems, so it "
        "gets no reminders"
    ]


def test_unavailable_desktop_leaves_the_reminder_due(world: World) -> None:
    world.checker.status = DeliveryStatus(False, "No desktop session bus was found.")
    service = world.service()
    world.clock.set("2026-11-25", "09:00")
    result = service.check()
    assert result.sent == [] and [r.key for r in result.unavailable] == ["neck/2026-11-25/09:00"]
    assert result.reason == "No desktop session bus was found."
    assert world.repo.fired_reminders() == {}
    world.checker.status = DeliveryStatus(True)
    world.clock.set("2026-11-25", "09:05")
    assert [r.key for r, _ in service.check().sent] == ["neck/2026-11-25/09:00"]


def test_the_daemon_leaves_reminders_to_an_open_tui(world: World) -> None:
    world.clock.set("2026-11-25", "09:00")
    mark_tui_open(world.repo, world.clock.now)
    assert tui_is_open(world.repo, world.clock.now)
    result = world.service().check()
    assert [r.key for r in result.deferred] == ["neck/2026-11-25/09:00"]
    assert world.transport.sent == [] and world.repo.fired_reminders() == {}
    world.clock.now += timedelta(seconds=91)  # the TUI stopped beating
    assert not tui_is_open(world.repo, world.clock.now)
    assert len(world.service().check().sent) == 1


def test_a_stale_heartbeat_of_a_dead_process_does_not_count(world: World) -> None:
    world.clock.set("2026-11-25", "09:00")
    world.repo.set_setting("reminders.tui_open", {"at": world.clock.now.isoformat(), "pid": 0})
    assert not tui_is_open(world.repo, world.clock.now)
    mark_tui_open(world.repo, world.clock.now)
    clear_tui_open(world.repo)
    assert not tui_is_open(world.repo, world.clock.now)


def test_the_tui_watch_claims_first_and_the_daemon_does_not_double(world: World) -> None:
    notifier = Notifier(checker=world.checker, transport=world.transport)
    watch = ReminderWatch(world.data, [world.routines], notifier=notifier, now=world.clock)
    world.clock.set("2026-11-25", "09:00")
    [item] = watch.poll()
    assert item.reminder.key == "neck/2026-11-25/09:00"
    assert item.routine is not None and item.routine.routine.id == "neck"
    assert item.desktop is not None and item.desktop.sent and not item.bell
    assert item.message() == NECK_BODY_1 + " Press ctrl+r to start it."
    assert watch.latest == item
    assert watch.poll() == []
    watch.close()  # the daemon takes over at once, and finds nothing left to show
    world.clock.now += timedelta(seconds=30)
    assert world.service().check().sent == []
    assert len(world.transport.sent) == 1


def test_the_tui_watch_stays_silent_for_what_the_daemon_showed(world: World) -> None:
    world.clock.set("2026-11-25", "09:00")
    assert len(world.service().check().sent) == 1
    watch = ReminderWatch(world.data, [world.routines], desktop=False, now=world.clock)
    assert watch.poll() == []
    assert tui_is_open(world.repo, world.clock.now)


def test_show_reminders_toasts_plain_text_and_rings_without_the_desktop(world: World) -> None:
    class App:
        def __init__(self) -> None:
            self.toasts: list[tuple[str, str, bool]] = []
            self.bells = 0

        def notify(self, message: str, *, title: str, markup: bool, timeout: float) -> None:
            self.toasts.append((message, title, markup))

        def bell(self) -> None:
            self.bells += 1

    world.checker.status = DeliveryStatus(False, "no bus")
    watch = ReminderWatch(
        world.data, [world.routines], now=world.clock,
        notifier=Notifier(checker=world.checker, transport=world.transport),
    )  # fmt: skip
    world.clock.set("2026-11-25", "09:00")
    items = watch.poll()
    app = App()
    show_reminders(app, items)
    assert app.toasts == [(NECK_BODY_1 + " Press ctrl+r to start it.", "Time to exercise", False)]
    assert app.bells == 1
    show_reminders(app, items, bell=False)
    assert app.bells == 1


def test_old_fired_keys_are_pruned_and_the_check_is_noted(world: World) -> None:
    world.repo.record_fired("neck/2026-11-10/09:00", at("2026-11-10", "09:00"))
    world.repo.record_fired("neck/2026-11-23/09:00", at("2026-11-23", "09:00"))
    world.repo.record_fired("neck/2026-11-24/09:00", at("2026-11-24", "09:00"))
    world.clock.set("2026-11-25", "08:00")
    world.service().check()
    assert set(world.repo.fired_reminders()) == {"neck/2026-11-23/09:00", "neck/2026-11-24/09:00"}
    note = world.repo.get_setting(LAST_RUN)
    assert note["how"] == "run" and note["at"] == at("2026-11-25", "08:00").isoformat()


def test_the_loop_checks_until_stopped_and_survives_a_failed_check(world: World) -> None:
    service = world.service()
    stop = threading.Event()
    reports: list[CheckResult] = []
    troubles: list[str] = []
    calls = {"n": 0}
    real_check = service.check

    def flaky() -> CheckResult:
        calls["n"] += 1
        if calls["n"] == 1:
            raise StorageError("coach's data is busy")
        return real_check()

    def report(result: CheckResult) -> None:
        reports.append(result)
        world.clock.now += timedelta(hours=1)
        if len(reports) == 3:
            stop.set()

    service.check = flaky  # type: ignore[method-assign]
    world.clock.set("2026-11-25", "08:30")
    service.run(stop, 0, report, troubles.append)  # interval 0: stop.wait never sleeps
    assert troubles == ["coach's data is busy"]
    assert len(reports) == 3 and calls["n"] == 4
    assert [r.key for result in reports for r, _ in result.sent] == ["neck/2026-11-25/09:00"]


def test_a_clock_set_ahead_and_corrected_never_fires_twice(world: World) -> None:
    service = world.service()
    world.clock.set("2026-11-25", "09:00")
    assert len(service.check().sent) == 1
    world.clock.set("2026-12-30", "09:00")  # the clock jumps a month ahead...
    service.check()
    world.clock.set("2026-11-25", "09:05")  # ...and is corrected
    again = world.service()
    assert again.check().sent == []
    assert "neck/2026-11-25/09:00" in world.repo.fired_reminders()


def test_a_failed_send_is_retried_a_bounded_number_of_times(world: World) -> None:
    from coach.services.reminders import MAX_SEND_TRIES

    calls: list[str] = []

    def failing(
        title: str, body: str, app: str, env: Any, timeout: float
    ) -> tuple[int | None, str]:
        calls.append(title)
        return None, ""  # timed out

    world.transport = failing  # type: ignore[assignment]
    service = world.service()
    for minute in range(0, 5 * (MAX_SEND_TRIES + 2), 5):
        world.clock.set("2026-11-25", f"09:{minute:02d}")
        result = service.check()
        if result.failed:
            [(_, sent, again)] = result.failed
            assert sent.status == "failed"
            assert again == (len(calls) < MAX_SEND_TRIES)
    assert len(calls) == MAX_SEND_TRIES
    assert "neck/2026-11-25/09:00" in world.repo.fired_reminders()  # given up: not again


def test_remind_once_exits_non_zero_when_a_send_fails(world: World, monkeypatch: Any) -> None:
    import argparse

    from coach.cli import remind_cmds

    def failing(title: str, body: str, app: str, env: Any, timeout: float) -> tuple[int, str]:
        return 1, "no notification daemon"

    world.transport = failing  # type: ignore[assignment]
    world.clock.set("2026-11-25", "09:00")
    monkeypatch.setattr(remind_cmds.reminders, "service", lambda ctx, how: world.service())
    assert remind_cmds._once(argparse.Namespace(quiet=True)) == 1
    world.transport = Transport()
    world.clock.set("2026-11-25", "09:05")
    assert remind_cmds._once(argparse.Namespace(quiet=True)) == 0
    assert len(world.transport.sent) == 1
