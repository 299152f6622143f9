"""The only code in coach that touches TinyDB and the data files.

Use :class:`Repository` (``Repository.open(data_dir)``); see :mod:`coach.storage.store` for the
folder layout and :mod:`coach.storage.logs` for how log records are split into year files.
"""

from coach.storage.atomic import AtomicJSONStorage
from coach.storage.errors import CorruptDatabase, NewerDatabase, StorageBusy, StorageError
from coach.storage.models import ProgramEntry, PsfsActivity
from coach.storage.repo import Repository
from coach.storage.schema import MIGRATIONS, SCHEMA_VERSION
from coach.storage.store import Store, Transaction

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "CorruptDatabase",
    "NewerDatabase",
    "ProgramEntry",
    "PsfsActivity",
    "Repository",
    "StorageBusy",
    "StorageError",
    "Store",
    "Transaction",
]
