"""One typed context object for a run of coach: where data lives and how to reach it.

Both front ends make exactly one: ``coach.cli.main.main`` (for every command) and the TUI app.
Creating it is cheap and imports nothing heavy: the repository is opened on first use (thread
safe: the TUI reads from worker threads), and the routine library is read on first use and read
again only when a routine file was added, changed or removed (a stat of the folders, no parse).
"""

from __future__ import annotations

import time
from _thread import allocate_lock  # = threading.Lock, without importing threading (`coach stats`)
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.domain.dayfacts import LogFacts
    from coach.domain.past_facts import PanelFacts, StatsFacts
    from coach.library import Library

    # the front ends name the repository's type from here (never from coach.storage)
    from coach.storage.repo import Repository as Repository


class AppContext:
    """The data folder, its repository, the routine library, the clocks and the time zone.

    ``clock`` is the monotonic clock sessions and deadlines run on (tests pass a fake one);
    ``wall`` the wall clock (an aware local ``datetime``; tests pass a fixed one); ``zone`` a
    fixed time zone (default: the client's, see :mod:`coach.localtime`, looked up on each use so
    a changed ``TZ`` is seen).
    """

    def __init__(
        self,
        data_dir: Path,
        extra_dirs: Sequence[Path] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] | None = None,
        zone: tzinfo | None = None,
        open_repo: Callable[[Path], Repository] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.extra_dirs: list[Path] = [Path(p) for p in extra_dirs]
        self.clock = clock
        self._wall = wall
        self._zone = zone
        self._open_repo = open_repo
        self._repo: Repository | None = None
        self._repo_lock = allocate_lock()
        self._library: tuple[object, Library] | None = None
        self._library_lock = allocate_lock()

    @classmethod
    def for_folder(
        cls, data_dir: str | Path | None = None, extra_dirs: Sequence[str | Path] = ()
    ) -> AppContext:
        """The context of the data folder chosen by ``data_dir``, ``COACH_HOME`` or the default."""
        # lazy: platformdirs costs ~15 ms, off the TUI's first frame when the folder is given
        from coach import paths

        return cls(paths.data_dir(data_dir), [Path(p).expanduser() for p in extra_dirs])

    # --- time ---------------------------------------------------------------------------------

    def tz(self) -> tzinfo:
        """The client's time zone."""
        if self._zone is not None:
            return self._zone
        # lazy: zoneinfo is only needed once something is dated (not for the first frame)
        from coach.localtime import local_tz

        return local_tz()

    def now(self) -> datetime:
        """The current local time (aware)."""
        return self._wall() if self._wall is not None else datetime.now(self.tz())

    # --- data ---------------------------------------------------------------------------------

    def repo(self) -> Repository:
        """The data folder's repository, opened (and checked, migrated) on first use.

        Blocking: the TUI calls it from worker threads. Raises
        :class:`~coach.storage.errors.StorageError` when the folder cannot be used (and tries
        again on the next call).
        """
        with self._repo_lock:
            if self._repo is None:
                if self._open_repo is not None:
                    self._repo = self._open_repo(self.data_dir)
                else:
                    # lazy: storage brings tinydb and pydantic (not needed for the first frame)
                    from coach.storage.repo import Repository

                    self._repo = Repository.open(self.data_dir)
            return self._repo

    @property
    def reads_files(self) -> bool:
        """True when the data is the data folder's files (no repository was injected): what
        is kept beside them can stand for them."""
        return self._open_repo is None

    def kept_day_facts(self, tz: tzinfo) -> LogFacts | None:
        """The whole log's per-day facts in ``tz`` from the kept facts files alone, when every
        one was made from its log as it is now; else None (nothing is made or written). Reads
        no records and imports no record models: for drawing the today panel early, before
        :meth:`repo` is opened (None too when a repository is injected)."""
        if self._open_repo is not None or not self.data_dir.is_dir():
            return None
        # lazy: the facts files reader (no pydantic), only when the kept program is current
        from coach.storage.errors import StorageError

        # lazy: off `coach CMD --help` and the first frame (reads without the lock: no TinyDB)
        from coach.storage.facts_file import kept_log_facts

        try:
            return kept_log_facts(self.data_dir, tz)
        except (StorageError, OSError):
            return None

    def kept_panel_facts(self, tz: tzinfo, today: date) -> PanelFacts | None:
        """What the today panel reads of the whole log, from ``facts-before.json`` (the past
        years summed up) and this year's facts files, when every one is current; else None
        (nothing is made or written). As :meth:`kept_day_facts`: no lock, no record models."""
        found: PanelFacts | None = self._kept_summed("panel", tz, today)
        return found

    def kept_stats_facts(self, tz: tzinfo, today: date) -> StatsFacts | None:
        """What ``coach stats`` reads of the whole log, as :meth:`kept_panel_facts` (with the
        past's check-ins summed up too: :mod:`coach.domain.past_stats`)."""
        found: StatsFacts | None = self._kept_summed("stats", tz, today)
        return found

    def _kept_summed(self, kind: str, tz: tzinfo, today: date) -> Any:
        if self._open_repo is not None or not self.data_dir.is_dir():
            return None
        # lazy: the facts files reader (no pydantic), only when the kept program is current
        # lazy: off `coach CMD --help` and the first frame (reads without the lock: no TinyDB)
        from coach.storage import facts_before
        from coach.storage.errors import StorageError

        read = facts_before.kept_panel_facts if kind == "panel" else facts_before.kept_stats_facts
        try:
            return read(self.data_dir, tz, today)
        except (StorageError, OSError):
            return None

    def keep_summed_facts(self, tz: tzinfo, today: date) -> None:
        """Sum up the past years (``facts-before.json``) from their facts files when that is
        missing or stale and they are current (a cache: never an error; blocking)."""
        if self._open_repo is not None or not self.data_dir.is_dir():
            return
        # lazy: the summary's writer (only when it is not current)
        from coach.storage.facts_before import keep_from_facts_files

        keep_from_facts_files(self.data_dir, tz, today)

    def kept_past(self, key: str) -> Any:
        """The program's past kept under ``key`` (:mod:`coach.domain.past`) as JSON values, or
        None. Reads one small file, without the data lock (it is replaced whole)."""
        if self._open_repo is not None:
            return None
        # lazy: off `coach CMD --help` and the first frame
        from coach.storage.facts_past import read_past

        return read_past(self.data_dir, key)

    def keep_past(self, key: str, plain: dict[str, Any]) -> None:
        """Keep the program's past under ``key`` (a cache: when it cannot be written, it is made
        again next time)."""
        if self._open_repo is not None:
            return
        # lazy: off `coach CMD --help` and the first frame (the storage)
        from coach.storage.errors import StorageError
        from coach.storage.facts_past import keep_past

        try:
            keep_past(self.repo().store, key, plain)
        except (StorageError, OSError):
            return

    def library(self) -> Library:
        """Every routine coach finds (bundled, the user's folder, ``extra_dirs``); read again
        only when a routine file changed (name, size or modification time)."""
        # lazy: the routine model brings pydantic (kept off the first frame and `coach --help`)
        from coach.library import default_sources, files_signature, load_library

        sources = default_sources(self.data_dir, self.extra_dirs)
        signature = files_signature([folder for folder, _ in sources])
        with self._library_lock:
            if self._library is None or self._library[0] != signature:
                self._library = (signature, load_library(sources))
            return self._library[1]

    def forget_library(self) -> None:
        """Read the routines again on the next :meth:`library` (after installing one)."""
        with self._library_lock:
            self._library = None

    # --- settings -----------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored setting (``default`` when it was never set)."""
        return self.repo().get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (locked, atomic)."""
        self.repo().set_setting(key, value)
