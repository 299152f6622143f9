"""The only code in coach that touches TinyDB and the data files.

Use :class:`Repository` (``Repository.open(data_dir)``); see :mod:`coach.storage.store` for the
folder layout and :mod:`coach.storage.logs` for how log records are split into year files.

The names below are imported on first use (PEP 562), so that a module of this package that
needs no record models (the facts files reader of :mod:`coach.storage.facts_file`) can be
imported without pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.storage.atomic import AtomicJSONStorage
    from coach.storage.errors import CorruptDatabase, NewerDatabase, StorageBusy, StorageError
    from coach.storage.models import ProgramEntry, PsfsActivity
    from coach.storage.repo import Repository
    from coach.storage.schema import MIGRATIONS, SCHEMA_VERSION
    from coach.storage.store import Store, Transaction

_WHERE = {
    "AtomicJSONStorage": "atomic",
    "CorruptDatabase": "errors",
    "NewerDatabase": "errors",
    "StorageBusy": "errors",
    "StorageError": "errors",
    "ProgramEntry": "models",
    "PsfsActivity": "models",
    "Repository": "repo",
    "MIGRATIONS": "schema",
    "SCHEMA_VERSION": "schema",
    "Store": "store",
    "Transaction": "store",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # lazy: the package's names on first use (the facts reader imports no record models)
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
