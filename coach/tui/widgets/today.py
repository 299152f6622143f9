"""The home screen's "today" panel: what is due, done and left today, the streak, the last pain.

Mount it anywhere (it loads its own data in a thread worker from ``app.repo()``,
``app.data_dir`` and ``app.extra_dirs``) and call :meth:`TodayPanel.reload` when the data may
have changed (e.g. when the home screen is shown again after a session)::

    yield TodayPanel(id="today")
    ...
    def on_screen_resume(self) -> None:
        self.query_one(TodayPanel).reload()

:func:`today_data` (pure: what the panel shows, from a review) and :func:`today_content` (its
rendering) can be used directly by other screens and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from textual import work
from textual.content import Content
from textual.widgets import Static

from coach.domain.clinical import CONTEXT_WORDS
from coach.domain.stats import Streak, TodayItem
from coach.domain.text import terminal_safe
from coach.domain.trends import Trend, sparkline
from coach.services.review import Review, streak_text

Piece = str | tuple[str, str]
SPARK_DAYS = 14


@dataclass(frozen=True)
class LastPain:
    """The latest pain rating, its trend and its last rated days as a sparkline."""

    region: str
    context: str
    value: int
    at: datetime
    trend: Trend | None
    spark: str


@dataclass(frozen=True)
class TodayData:
    """What the today panel shows."""

    today: date
    plan: tuple[TodayItem, ...]
    streak: Streak
    last_pain: LastPain | None
    missing: tuple[str, ...]


def last_pain(review: Review, days: int = SPARK_DAYS) -> LastPain | None:
    """The most recent pain rating (any region), with its trend and a sparkline of the daily
    means of its last ``days`` days with ratings (0-10 scale)."""
    latest: tuple[datetime, str, str, int] | None = None
    for c in review.checkins:
        for p in c.pain:
            if p.value is not None and (latest is None or _utc(c.at) >= _utc(latest[0])):
                latest = (c.at, p.region, c.context, p.value)
    if latest is None:
        return None
    at, region, context, value = latest
    trend = next(
        (t for t in review.summary.pain if t.subject == region and t.context == context), None
    )
    spark = ""
    if trend is not None:
        spark = sparkline([p.mean for p in trend.series[-days:]], days, 0, 10)
    return LastPain(region, context, value, at, trend, spark)


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def today_data(review: Review) -> TodayData:
    """Today's plan, the program streak and the last pain rating."""
    s = review.summary
    return TodayData(s.today, s.plan, s.overall, last_pain(review), review.missing)




def _safe(*pieces: Piece) -> Content:
    parts: list[Piece] = []
    for p in pieces:
        parts.append((terminal_safe(p[0]), p[1]) if isinstance(p, tuple) else terminal_safe(p))
    return Content.assemble(*parts)


def _plan_line(item: TodayItem, width: int) -> list[Piece]:
    title = item.title if len(item.title) <= width else item.title[: width - 1] + "…"
    pieces: list[Piece] = [f"  {title.ljust(width)}  "]
    if item.excused:
        pieces.append((f"excused today ({item.excused})", "italic"))
    elif not item.due_today:
        extra = f" ({item.done} done)" if item.done else ""
        pieces.append((f"not due today: {item.week.text}{extra}", "dim"))
    elif item.left == 0:
        pieces.append((f"✓ done ({item.done} of {item.due})", "bold green"))
    else:
        pieces.append((f"{item.done} of {item.due} done, {item.left} left", "bold"))
        if item.week.target != 7:
            pieces.append((f"  ({item.week.text})", "dim"))
    if item.partial:
        pieces.append((f"  {item.partial} partly done", "dim"))
    return pieces + ["\n"]


def today_content(data: TodayData, tz: tzinfo) -> Content:
    """The panel's text: one line per program routine, the streak, the last pain rating."""
    pieces: list[Piece] = [(f"Today, {data.today:%A} {data.today.day} {data.today:%B}\n", "bold")]
    if not data.plan:
        pieces.append(("  Nothing planned: add a routine to your program.\n", "dim"))
    width = min(32, max((len(i.title) for i in data.plan), default=0))
    for item in data.plan:
        pieces += _plan_line(item, width)
    for rid in data.missing:
        pieces.append((f"  The routine file of '{rid}' is missing.\n", "dim"))
    pieces += ["Streak: ", (streak_text(data.streak), "bold"), "\n"]
    pain = data.last_pain
    if pain is None:
        pieces.append(("No pain rating yet: press c to check in.", "dim"))
    else:
        at = (pain.at if pain.at.tzinfo else pain.at.replace(tzinfo=UTC)).astimezone(tz)
        when = f"{at:%H:%M}" if at.date() == data.today else f"{at.day} {at:%b} {at:%H:%M}"
        context = CONTEXT_WORDS.get(pain.context, pain.context)
        pieces += [
            "Last pain: ",
            (f"{pain.region} {pain.value}/10", "bold"),
            f" ({context}, {when})",
        ]
        if pain.spark.strip():
            pieces += ["  ", (pain.spark, "cyan"), (" recent days", "dim")]
        if pain.trend is not None and pain.trend.flag:
            pieces += ["\n", (pain.trend.sentence, "bold $warning")]
    return _safe(*pieces)


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
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("Loading today…", id=id, classes=classes, markup=False)
        self.fixed_now = now
        self.tz = tz
        self.data: TodayData | None = None

    def on_mount(self) -> None:
        """Load the data."""
        self.reload()

    @work(thread=True, exclusive=True, group="today-load")
    def reload(self) -> None:
        """Read the log again (thread worker) and redraw."""
        from coach.services.review import local_tz, open_review
        from coach.storage.errors import StorageError

        app: Any = self.app
        tz = self.tz or local_tz()
        try:
            review = open_review(
                app.data_dir, getattr(app, "extra_dirs", ()),
                repo=app.repo() if hasattr(app, "repo") else None, now=self.fixed_now, tz=tz,
            )
        except StorageError as exc:
            self.app.call_from_thread(self.update, _safe((str(exc), "$warning")))
            return
        data = today_data(review)
        self.app.call_from_thread(self.show, data, tz)

    def show(self, data: TodayData, tz: tzinfo) -> None:
        """Draw ``data``."""
        self.data = data
        self.update(today_content(data, tz))
