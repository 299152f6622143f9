"""The home screen's "today" panel: what is due, done and left today, the streak, the last pain.

Mount it anywhere (it loads its own data in a thread worker from ``app.repo()``,
``app.data_dir`` and ``app.extra_dirs``) and call :meth:`TodayPanel.reload` when the data may
have changed (e.g. when the home screen is shown again after a session)::

    yield TodayPanel(id="today")
    ...
    def on_screen_resume(self) -> None:
        self.query_one(TodayPanel).reload()

A screen that loads the routine library itself passes ``autoload=False`` and hands it over with
``reload(library)`` once its own data is shown (one read of the routine files, one worker at a
time).

:func:`load_today` reads what the panel shows, and only that (blocking: call it from a worker);
:func:`today_data` gives the same from a whole review (both in
:mod:`~coach.tui.widgets.today_data`), :func:`today_content` renders it
(:mod:`~coach.tui.widgets.today_text`; the last pain line's figures are
:mod:`~coach.tui.widgets.today_pain`). All can be used directly by other screens and tests, and
are named here too. Nothing heavier than textual is imported with these modules: the panel is
drawn ("Loading today…") before its data is read.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from coach.tui.base import coach_app
from coach.tui.widgets.plain import literal
from coach.tui.widgets.today_data import TodayData, load_today, today_data, today_from_kept
from coach.tui.widgets.today_pain import (
    LastPain,
    RegionPain,
    last_pain,
    last_pain_from_facts,
    last_pain_of,
)
from coach.tui.widgets.today_text import today_content

if TYPE_CHECKING:  # imported where used, off the path to the first frame
    from coach.library import Library

__all__ = [  # the panel, and what its modules give other screens and tests
    "LastPain", "RegionPain", "TodayData", "TodayPanel", "last_pain", "last_pain_from_facts",
    "last_pain_of", "load_today", "today_content", "today_data", "today_from_kept",
]  # fmt: skip


class TodayPanel(Static):
    """Today's plan, streak and last pain rating, loaded in a thread worker."""

    DEFAULT_CSS = """
    TodayPanel {
        height: auto;
        padding: 0 1;
        margin: 0 1;
        border: round $accent 50%;
    }
    """

    def __init__(
        self,
        *,
        now: datetime | None = None,
        tz: tzinfo | None = None,
        autoload: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("Loading today…", id=id, classes=classes, markup=False)
        self.fixed_now = now
        self.tz = tz
        self.autoload = autoload
        self.data: TodayData | None = None
        self._shown: tuple[tzinfo, int] = (UTC, 0)  # the zone and width last drawn for

    def on_mount(self) -> None:
        """Load the data (unless the screen hands the routine library over later)."""
        if self.autoload:
            self.reload()

    @work(thread=True, exclusive=True, group="today-load")
    def reload(self, library: Library | None = None) -> None:
        """Read the log again (thread worker) and redraw; ``library``: the routines, when the
        caller has just read them (else they are read here)."""
        # lazy: brings the storage; this module loads with the first frame and the home screen
        from coach.app.errors import StorageError

        app = coach_app(self)
        app.wait_until_drawn()  # the panel's "Loading today…" first, then the reading
        tz = self.tz or app.ctx.tz()
        now = self.fixed_now or app.ctx.now()
        try:
            if library is None:
                library = app.ctx.library()
            data = load_today(app.repo(), library, now, tz, app.ctx)
        except StorageError as exc:
            self.app.call_from_thread(self.update, literal((str(exc), "$warning")))
            return
        self.app.call_from_thread(self.show, data, tz)

    def show(self, data: TodayData, tz: tzinfo) -> None:
        """Draw ``data`` (to the panel's width: see :func:`today_content`)."""
        self.data = data
        self._shown = (tz, self.content_region.width)
        self.update(today_content(data, tz, self.content_region.width or None))

    def on_resize(self) -> None:
        """Narrower or wider: laid out again for the new width."""
        if self.data is not None and self._shown[1] != self.content_region.width:
            self.show(self.data, self._shown[0])
