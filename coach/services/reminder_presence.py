"""Who shows reminders, as notes in the data folder: the open TUI's heartbeat (it shows them
itself while it runs) and the daemon's "last checked" note (``coach remind status``).

The TUI writes ``reminders.tui_open`` (time and process id) every poll and clears it when it
closes; the daemon leaves reminders to the TUI while that heartbeat is fresh and its process is
alive. A running daemon notes ``reminders.last_run`` every few minutes.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

TUI_OPEN = "reminders.tui_open"
TUI_FRESH = timedelta(seconds=90)
"""The TUI counts as open while its heartbeat is younger than this."""
LAST_RUN = "reminders.last_run"


def _aware(value: str, now: datetime) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's: can't be our TUI, yet be safe
        return True
    return True


def tui_is_open(repo: Any, now: datetime) -> bool:
    """True when a coach TUI wrote its heartbeat recently (and its process is alive)."""
    beat = repo.get_setting(TUI_OPEN)
    if not isinstance(beat, dict):
        return False
    at = _aware(str(beat.get("at")), now)
    if at is None or abs(now - at) > TUI_FRESH:
        return False
    return _alive(beat.get("pid"))


def mark_tui_open(repo: Any, now: datetime) -> None:
    """The TUI's heartbeat: it shows reminders itself for the next ``TUI_FRESH``."""
    repo.set_setting(TUI_OPEN, {"at": now.isoformat(), "pid": os.getpid()})


def clear_tui_open(repo: Any) -> None:
    """The TUI closes: the daemon shows reminders again at once."""
    with repo.transaction():
        beat = repo.get_setting(TUI_OPEN)
        if isinstance(beat, dict) and beat.get("pid") == os.getpid():
            repo.set_setting(TUI_OPEN, None)


def last_run(repo: Any, now: datetime) -> tuple[datetime, str] | None:
    """When a daemon or ``coach remind once`` last checked, and which (``run``/``once``)."""
    beat = repo.get_setting(LAST_RUN)
    if not isinstance(beat, dict):
        return None
    at = _aware(str(beat.get("at")), now)
    return None if at is None else (at, str(beat.get("how", "")))
