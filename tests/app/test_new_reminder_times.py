"""A reminder time set after it passed today first reminds at its next occurrence.

The use cases both front ends call (``coach remind add/reset``, the reminder settings screen,
set-up's times question, putting a routine in the program) on a real data folder, then the real
reminder loop (:meth:`ReminderService.run`) checking every 5 minutes on a fake wall clock.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from coach.app import program, reminders
from coach.app.context import AppContext
from coach.library import load_file
from coach.services.notify import DeliveryChecker, DeliveryStatus, Notifier
from coach.services.reminders import CheckResult, ReminderService
from tests.services.test_reminders import LONDON, NECK, at

ONE_A_DAY: dict[str, Any] = {**NECK, "id": "knee", "title": "Knee", "frequency": {"per_day": 1}}


class _Checker(DeliveryChecker):
    def __init__(self) -> None:
        super().__init__(environ={})

    def check(self, *, fresh: bool = False) -> DeliveryStatus:
        return DeliveryStatus(True, "")


class Desk:
    """A data folder, one wall clock for the app and the reminder loop, the notifications."""

    def __init__(self, tmp_path: Path, now: datetime) -> None:
        self.now = now
        self.routines = tmp_path / "routines"
        self.routines.mkdir()
        self.ctx = AppContext(tmp_path / "data", [self.routines], wall=self.clock, zone=LONDON)
        self.shown: list[str] = []

    def clock(self) -> datetime:
        return self.now

    def put_in(self, doc: dict[str, Any]) -> None:
        path = self.routines / f"{doc['id']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        program.put_in(self.ctx, load_file(path))

    def loop_until(self, end: datetime) -> list[CheckResult]:
        """The real reminder loop, checking every 5 minutes of the fake clock until ``end``."""

        def transport(title: str, body: str, app: str, env: Any, timeout: float) -> tuple[int, str]:
            self.shown.append(f"{self.now:%d %H:%M} {body}")
            return 0, ""

        notifier = Notifier(checker=_Checker(), transport=transport)
        service = ReminderService(
            self.ctx.data_dir, [self.routines], notifier=notifier, now=self.clock
        )
        stop = threading.Event()
        results: list[CheckResult] = []

        def report(result: CheckResult) -> None:
            results.append(result)
            self.now += timedelta(minutes=5)
            if self.now > end:
                stop.set()

        service.run(stop, 0, report)  # interval 0: stop.wait never sleeps
        return results


def test_a_time_set_in_settings_after_it_passed_waits_for_tomorrow(tmp_path: Path) -> None:
    desk = Desk(tmp_path, at("2026-11-24", "20:00"))
    desk.put_in(ONE_A_DAY)  # the day before: default 09:00
    desk.now = at("2026-11-25", "10:00")
    desk.loop_until(at("2026-11-25", "10:00"))
    assert desk.shown == ["25 10:00 Time for Knee (about 2 min). (This was due at 09:00.)"]
    desk.shown.clear()
    reminders.change_times(desk.ctx, "knee", "add", [time(9, 30)])  # at 10:05, already passed
    desk.loop_until(at("2026-11-26", "10:00"))
    assert desk.shown == ["26 09:30 Time for Knee (about 2 min)."]


def test_times_set_at_set_up_start_with_the_next_one(tmp_path: Path) -> None:
    desk = Desk(tmp_path, at("2026-11-25", "12:00"))
    desk.put_in(NECK)  # defaults 09:00 and 18:00: 09:00 has passed
    assert "09:00 today" not in reminders.overview(desk.ctx).next
    desk.now = at("2026-11-25", "12:01")
    reminders.set_times(desk.ctx, "neck", [time(8, 0), time(11, 0), time(18, 0)])
    assert reminders.overview(desk.ctx).next.startswith("18:00 today")
    desk.now = at("2026-11-25", "12:05")
    desk.loop_until(at("2026-11-26", "08:00"))
    assert desk.shown == [
        "25 18:00 Time for Neck [easy] routine (about 2 min). Bout 1 of 2 today.",
        "26 08:00 Time for Neck [easy] routine (about 2 min). Bout 1 of 2 today.",
    ]


def test_back_to_the_prescribed_times_after_they_passed(tmp_path: Path) -> None:
    desk = Desk(tmp_path, at("2026-11-25", "07:00"))
    desk.put_in(ONE_A_DAY)
    reminders.change_times(desk.ctx, "knee", "off")
    desk.now = at("2026-11-25", "09:30")
    reminders.change_times(desk.ctx, "knee", "reset")  # 09:00 again, passed half an hour ago
    desk.loop_until(at("2026-11-26", "09:00"))
    assert desk.shown == ["26 09:00 Time for Knee (about 2 min)."]


def test_an_unchanged_time_missed_while_the_loop_was_off_still_catches_up(
    tmp_path: Path,
) -> None:
    """Only times new to the routine wait: one that was already set keeps its catch-up."""
    desk = Desk(tmp_path, at("2026-11-25", "07:00"))
    desk.put_in(NECK)
    desk.now = at("2026-11-25", "09:40")
    reminders.set_times(desk.ctx, "neck", [time(9, 0), time(18, 0), time(20, 0)])
    desk.loop_until(at("2026-11-25", "09:40"))
    assert desk.shown == [
        "25 09:40 Time for Neck [easy] routine (about 2 min). Bout 1 of 2 today. "
        "(This was due at 09:00.)"
    ]


def test_a_time_let_through_by_new_quiet_hours_after_it_passed_waits_for_tomorrow(
    tmp_path: Path,
) -> None:
    desk = Desk(tmp_path, at("2026-11-24", "20:00"))
    desk.put_in(ONE_A_DAY)
    reminders.set_times(desk.ctx, "knee", [time(22, 0)])  # inside the quiet hours from 21:30
    desk.now = at("2026-11-25", "23:00")
    reminders.set_quiet(desk.ctx, time(0, 0), time(0, 0))  # no quiet hours: 22:00 passed
    desk.loop_until(at("2026-11-26", "22:00"))
    assert desk.shown == ["26 22:00 Time for Knee (about 2 min)."]


def test_a_time_quiet_hours_only_moved_still_comes_that_day(tmp_path: Path) -> None:
    desk = Desk(tmp_path, at("2026-11-24", "20:00"))
    desk.put_in(ONE_A_DAY)
    reminders.set_times(desk.ctx, "knee", [time(7, 0)])  # moved to 08:00 by the quiet hours
    desk.now = at("2026-11-25", "07:30")
    reminders.set_quiet(desk.ctx, time(22, 0), time(7, 15))
    desk.loop_until(at("2026-11-25", "07:30"))
    assert desk.shown == ["25 07:30 Time for Knee (about 2 min). (This was due at 07:15.)"]
