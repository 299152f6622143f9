"""Reminders while the TUI is open: what is due, claimed so nothing shows twice, for a toast.

The app polls every ``POLL_S`` seconds from a thread worker::

    self.watch = ReminderWatch(self.data_dir, self.extra_dirs, repo=self.repo)
    self.set_interval(POLL_S, self.check_reminders)            # in on_mount, and call it once

    @work(thread=True, exclusive=True, group="reminders")
    def check_reminders(self) -> None:
        items = self.watch.poll()
        if items:
            self.call_from_thread(show_reminders, self, items, bell=not self.quiet)

and calls ``self.watch.close()`` when it quits. Each poll writes the TUI's heartbeat
(``reminders.tui_open``): while it is fresh the daemon leaves reminders to the TUI. The poll
applies the same schedule as the daemon, claims each reminder (``record_fired``: atomic across
processes, so a daemon or cron that got there first wins and the TUI stays silent), sends it as
a desktop notification too (the terminal may be hidden) and returns it for a toast; the toast
rings the bell when the desktop notification could not be shown. Text is plain: toasts are
shown with ``markup=False``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.domain.schedule import Reminder
from coach.library import LoadedRoutine
from coach.services.notify import Notifier, SendResult
from coach.services.reminder_presence import clear_tui_open, mark_tui_open
from coach.services.reminders import ReminderService, claim, wall_now

POLL_S = 30.0
"""How often the app polls (the daemon counts the TUI as open for 90 s after a poll)."""
START_KEY = "ctrl+r"
"""The key the app binds to start the routine of the last reminder (named in the toast)."""
TOAST_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class DueReminder:
    """A reminder to show in the TUI. ``routine``: the routine to offer (None for the morning
    check-in or a routine that no longer loads); ``desktop``: the desktop notification's result
    (None: not sent)."""

    reminder: Reminder
    routine: LoadedRoutine | None = None
    desktop: SendResult | None = None

    @property
    def title(self) -> str:
        """The toast's title (plain text)."""
        return self.reminder.title

    @property
    def bell(self) -> bool:
        """Ring the bell: the desktop notification did not show."""
        return self.desktop is None or self.desktop.needs_fallback

    def message(self, start_key: str = START_KEY) -> str:
        """The toast's text (plain): the reminder and how to start the routine."""
        if self.reminder.kind == "next_morning":
            return self.reminder.body.replace("Open coach for", "Press c on the home screen for")
        if self.routine is None:
            return self.reminder.body
        return f"{self.reminder.body} Press {start_key} to start it."


class ReminderWatch:
    """Polls for due reminders on behalf of the TUI (blocking: call :meth:`poll` from a thread).

    ``repo``: a callable returning the app's repository (default: open the data folder);
    ``notifier``: the process's Notifier (default: a new one); ``desktop``: also send desktop
    notifications; ``now``: the wall clock (tests pass a fake one).
    """

    def __init__(
        self,
        data_dir: Path,
        extra_dirs: Sequence[Path] = (),
        *,
        repo: Callable[[], Any] | None = None,
        notifier: Notifier | None = None,
        desktop: bool = True,
        now: Callable[[], datetime] = wall_now,
    ) -> None:
        self.desktop = desktop
        self.service = ReminderService(
            data_dir, extra_dirs, notifier=notifier, now=now, how="tui", open_repo=repo
        )
        self.latest: DueReminder | None = None
        """The last reminder with a routine to start (for the app's start key)."""

    def repo(self) -> Any:
        """The repository (the app's, if given)."""
        return self.service.repo()

    def poll(self, hold: bool = False) -> list[DueReminder]:
        """Mark the TUI open, find what is due now, claim it, send it to the desktop too.

        ``hold`` (a session is running in the app): only mark the TUI open; what is due stays
        due, for the first poll after the session (by then the routine just done is no longer
        due, and one left to finish later is held while it is in progress)."""
        now = self.service.now()
        repo = self.repo()
        mark_tui_open(repo, now)
        if hold:
            return []
        schedule, found = self.service.due(now)
        items = []
        for reminder in found:
            if not claim(repo, reminder, now):
                continue  # the daemon (or another coach window) showed it already
            sent = None
            if self.desktop:
                sent = self.service.notifier.send(reminder.title, reminder.body)
            routine = schedule.loaded.get(reminder.routine_id)
            if reminder.kind == "next_morning":
                routine = None
            items.append(DueReminder(reminder, routine, sent))
        startable = [item for item in items if item.routine is not None]
        if startable:
            self.latest = startable[-1]
        return items

    def close(self) -> None:
        """The TUI is closing: let the daemon show reminders again at once (never raises)."""
        with contextlib.suppress(Exception):
            clear_tui_open(self.repo())


def show_reminders(
    app: Any, items: Sequence[DueReminder], *, bell: bool = True, start_key: str = START_KEY
) -> None:
    """Show each reminder as a toast (plain text, never markup); ring the bell when a desktop
    notification did not show. Call on the UI thread."""
    for item in items:
        app.notify(item.message(start_key), title=item.title, markup=False, timeout=TOAST_TIMEOUT_S)
    if bell and any(item.bell for item in items):
        app.bell()
