"""The names of the data folder's files, in a module of their own: a reader that takes no lock
(the kept facts for the first panel, see :mod:`coach.storage.facts_file`) imports no storage
engine (TinyDB, filelock) to know them."""

from __future__ import annotations

import re

LOCK_FILE = "coach.lock"
"""The lock every transaction holds (:mod:`coach.storage.store`)."""
JOURNAL_FILE = "coach.journal"
"""A change that spans several files, while it lands (:mod:`coach.storage.journal`)."""
LOG_RE = re.compile(r"^log-(\d{4})\.json$")
"""A year's log file; its group: the year."""


def log_file_name(year: int) -> str:
    """The file holding the log records of ``year``."""
    return f"log-{year:04d}.json"


def facts_file_name(year: int) -> str:
    """The facts file of a year's log."""
    return f"facts-{year:04d}.json"
