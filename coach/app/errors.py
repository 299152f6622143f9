"""The errors a use case lets through to a front end, every ``str()`` a plain message.

The front ends catch these (``coach`` prints them and exits 1; a screen shows them as plain
text) and never import :mod:`coach.storage` themselves: this module is their one way to name
the data folder's errors. Cheap to import (no TinyDB, no pydantic).
"""

from __future__ import annotations

from coach.storage.errors import CorruptDatabase, StorageBusy, StorageError

__all__ = ["CorruptDatabase", "StorageBusy", "StorageError"]
