"""Fixtures for the storage tests: real files in tmp folders, umask 022, record factories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.storage import Repository


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """Every storage test runs with the common umask 022 (so 0600/0700 are coach's doing)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder path that does not exist yet."""
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path) -> Repository:
    """A repository on a fresh data folder."""
    return Repository.open(data_dir)
