"""Reminder bookkeeping in ``coach.json``: which reminders were shown (claimed), which failed
to show and may be tried again, and forgetting old ones. A part of
:class:`~coach.storage.repo.Repository` (every method one transaction).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel
from tinydb import where

from coach.storage.models import FiredRow
from coach.storage.store import Transaction

_M = TypeVar("_M", bound=BaseModel)

KEEP_FIRED_DAYS = 2
"""Fired-reminder entries of the latest this many days (as recorded) are never dropped."""


def _retrying(row: FiredRow) -> bool:
    """A claimed reminder whose send failed and that may be tried again."""
    return bool((row.model_extra or {}).get("retry"))


class FiredReminders:
    """The ``reminders_fired`` table (mixed into the repository, which gives the two below)."""

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[Transaction]: ...

        def _checked(
            self, tx: Transaction, table: str, model: type[_M], what: str
        ) -> list[_M]: ...

    def fired_reminders(self) -> dict[str, datetime]:
        """Reminder keys already fired (or given up on), with when; a key waiting for another
        try after a failed send is left out (it is due again)."""
        with self._tx() as tx:
            rows = self._checked(tx, "reminders_fired", FiredRow, "sent reminder")
        return {row.key: row.at for row in rows if not _retrying(row)}

    def record_fired(self, key: str, at: datetime) -> bool:
        """Claim reminder ``key`` at ``at``; False (nothing changed) if it already was.

        Atomic across processes: of two daemons racing, exactly one gets True. A key waiting
        for another try after a failed send can be claimed again (its tries are kept).
        """
        FiredRow(key=key, at=at)  # in bounds before anything is written
        with self._tx() as tx:
            rows = self._checked(tx, "reminders_fired", FiredRow, "sent reminder")
            found = next((row for row in rows if row.key == key), None)
            if found is not None and not _retrying(found):
                return False
            table = tx.coach().table("reminders_fired")
            table.remove(where("key") == key)
            tries = (found.model_extra or {}).get("tries", 0) if found is not None else 0
            table.insert({"key": key, "at": at.isoformat(), **({"tries": tries} if tries else {})})
            return True

    def send_failed(self, key: str, at: datetime, max_tries: int) -> bool:
        """A claimed reminder could not be shown: let it be claimed again on a later check,
        at most ``max_tries`` tries in all. Whether another try will come."""
        with self._tx() as tx:
            rows = self._checked(tx, "reminders_fired", FiredRow, "sent reminder")
            found = next((row for row in rows if row.key == key), None)
            tries = int((found.model_extra or {}).get("tries", 0)) + 1 if found else 1
            again = tries < max_tries
            table = tx.coach().table("reminders_fired")
            table.remove(where("key") == key)
            table.insert({"key": key, "at": at.isoformat(), "tries": tries, "retry": again})
            return again

    def forget_fired_before(self, before: datetime) -> int:
        """Drop fired-reminder entries older than ``before`` (keeps the table small).

        Safe when the clock jumps: an entry is only dropped once entries of at least
        ``KEEP_FIRED_DAYS`` later days exist, so a clock set far ahead and corrected back
        never forgets today's reminders (which would fire them twice).
        """
        limit = before if before.tzinfo is not None else before.astimezone()
        with self._tx() as tx:
            rows = self._checked(tx, "reminders_fired", FiredRow, "sent reminder")
            days = sorted({row.at.date() for row in rows}, reverse=True)
            keep_from = days[KEEP_FIRED_DAYS - 1] if len(days) >= KEEP_FIRED_DAYS else None
            old = [
                row.key for row in rows
                if row.at < limit and keep_from is not None and row.at.date() < keep_from
            ]
            if old:
                gone = set(old)
                tx.coach().table("reminders_fired").remove(where("key").test(gone.__contains__))
            return len(old)
