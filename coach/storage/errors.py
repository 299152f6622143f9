"""Errors the storage layer raises; every ``str()`` is a plain message a client can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class: coach could not read or save its data. ``str()`` is a plain message."""


class CorruptDatabase(StorageError):
    """A data file cannot be read. coach leaves it exactly as it is.

    ``record_id`` is set when the file reads well but one record in it breaks the rules: that
    record can be removed alone (``coach history delete ID``, ``coach doctor --repair``).
    """

    def __init__(self, path: Path, detail: str, *, record_id: str | None = None) -> None:
        self.path = Path(path)
        self.detail = detail
        self.record_id = record_id
        super().__init__(self._message())

    def _message(self) -> str:
        head = (
            f"coach cannot read its data file {self.path}: {self.detail}. "
            "coach has not changed this file and will not write to it until this is fixed. "
        )
        if self.record_id is not None:
            return head + (
                f"To remove just this record, run `coach history delete {self.record_id}`; "
                "`coach doctor --repair` sets every such record aside in a separate file "
                "(keeping a copy of the original file)."
            )
        return head + (
            "To recover, restore this file from a backup, or run `coach doctor --repair` to "
            "set aside the records coach cannot use (a copy of the file is kept). "
            f"To start fresh instead, move the file out of the folder {self.path.parent} "
            "(keep it somewhere safe); coach will then begin a new, empty one."
        )


class InvalidRecord(StorageError):
    """A record to be saved breaks the rules; nothing was written."""


class NewerDatabase(StorageError):
    """The data was saved by a newer coach; this one refuses to touch it."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = Path(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"The data in {self.path} was saved by a newer version of coach "
            f"(data format {found}; this version understands formats up to {supported}). "
            "Please update coach to use this data. Nothing has been changed."
        )


class StorageBusy(StorageError):
    """Another coach window or command held the data lock for too long."""

    def __init__(self, path: Path, waited: float) -> None:
        self.path = Path(path)
        super().__init__(
            f"coach's data in {self.path} is busy: another coach window or command is "
            f"saving and did not finish within {waited:g} seconds. Please try again in a moment."
        )
