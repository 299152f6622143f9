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
:func:`today_data` gives the same from a whole review, :func:`today_content` renders it. All
three can be used directly by other screens and tests. Nothing heavier than textual is imported
with this module: the panel is drawn ("Loading today…") before its data is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from textual import work
from textual.content import Content
from textual.widgets import Static

from coach.domain.text import shorten
from coach.tui.base import coach_app
from coach.tui.widgets.plain import Piece, literal

if TYPE_CHECKING:  # imported where used, off the path to the first frame
    from coach.domain.dayfacts import LogFacts
    from coach.domain.days import ProgramItem, SessionIndex
    from coach.domain.progress import Consistency
    from coach.domain.records import CheckInLike
    from coach.domain.stats import Streak, TodayItem
    from coach.domain.trends import Trend
    from coach.library import Library
    from coach.listing import Planned
    from coach.services.review import Review

SPARK_DAYS = 14


@dataclass(frozen=True)
class RegionPain:
    """One region's rating in the latest check-in, its trend and its last rated days."""

    region: str
    value: int
    trend: Trend | None
    spark: str


@dataclass(frozen=True)
class LastPain:
    """The latest check-in with a pain rating: when, in which context, and every region it
    rated (in recorded order), each with its trend and sparkline."""

    context: str
    at: datetime
    regions: tuple[RegionPain, ...]


@dataclass(frozen=True)
class TodayData:
    """What the today panel shows."""

    today: date
    plan: tuple[TodayItem, ...]
    streak: Streak
    last_pain: LastPain | None
    missing: tuple[str, ...]
    consistency: Consistency | None = None


def last_pain(review: Review, days: int = SPARK_DAYS) -> LastPain | None:
    """The latest check-in's pain ratings (every region it rated), each with its trend and a
    sparkline of the daily means of its last ``days`` days with ratings (0-10 scale)."""
    latest = _latest(review.checkins)
    return None if latest is None else _with_trends(latest, review.summary.pain, days)


def last_pain_of(
    checkins: Sequence[CheckInLike], tz: tzinfo, days: int = SPARK_DAYS
) -> LastPain | None:
    """:func:`last_pain` from check-ins (oldest first: every one, as the trend's baseline is its
    first week), without a review."""
    # lazy: off the first frame
    from coach.domain.trends import pain_trends

    latest = _latest(checkins)
    if latest is None:
        return None
    _, context, rated = latest
    # Their trends need only the check-ins of their context; one more rating a region in
    # another context, if there is one, makes its sentence name the context, as over the log.
    subset = [c for c in checkins if c.context == context]
    for region, _ in rated:
        other = next((c for c in checkins if c.context != context and _rates(c, region)), None)
        if other is not None:
            subset.append(other)
    return _with_trends(latest, pain_trends(subset, tz), days)


def _rates(checkin: CheckInLike, region: str) -> bool:
    return any(p.region == region and p.value is not None for p in checkin.pain)


Rated = tuple[datetime, str, list[tuple[str, int]]]
"""(when, context, [(region, value), ...]) of a check-in's pain ratings."""


def _latest(checkins: Sequence[CheckInLike]) -> Rated | None:
    """The latest check-in with a pain rating (of two at one time, the later in the list)."""
    latest: Rated | None = None
    for c in checkins:
        rated = [(p.region, p.value) for p in c.pain if p.value is not None]
        if rated and (latest is None or _utc(c.at) >= _utc(latest[0])):
            latest = (c.at, c.context, rated)
    return latest


def _with_trends(latest: Rated, trends: Sequence[Trend], days: int) -> LastPain:
    # lazy: off the first frame
    from coach.domain.trends import sparkline

    at, context, rated = latest
    regions = []
    for region, value in rated:
        trend = next((t for t in trends if t.subject == region and t.context == context), None)
        spark = ""
        if trend is not None:
            spark = sparkline([p.mean for p in trend.series[-days:]], days, 0, 10)
        regions.append(RegionPain(region, value, trend, spark))
    return LastPain(context, at, tuple(regions))


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def today_data(review: Review) -> TodayData:
    """Today's plan, the program streak and the last pain rating."""
    s = review.summary
    return TodayData(
        s.today, s.plan, s.overall, last_pain(review), review.missing,
        s.consistency if s.routines else None,
    )


def load_today(repo: Any, library: Library, now: datetime, tz: tzinfo) -> TodayData:
    """What :func:`today_data` gives for ``load_review(repo, library, now, tz)``, reading only
    what the panel shows (blocking: call it from a worker thread).

    The streak counts from the program's first day and the last pain rating's trend is
    measured against its first week, so both need the whole log: its per-day facts
    (``repo.day_facts``: the facts files, made from the log when missing or out of date), or
    when there are none, every record as small read-only copies (``repo.history_facts``). No
    review is built: no adherence, calendar, measures or function.
    """
    # lazy: off the first frame
    from coach.domain.stats import SessionIndex, local_date

    # lazy: off the first frame (platformdirs, pydantic, the record models)
    from coach.services.review import program_items
    from coach.services.review_facts import day_facts

    today = local_date(now, tz)
    entries = [e for e in repo.program() if e.active]
    excused = repo.excused_days()
    facts = day_facts(repo, tz, today)
    if facts is not None:  # the per-day facts of every year
        index = facts.session_index()
        pain = last_pain_from_facts(facts, tz)
    else:
        # One pass over the log files (reading them is most of the cost); no sessions without a
        # program. The sessions are indexed and let go before the check-ins are worked on.
        sessions, checkins = repo.history_facts(sessions=bool(entries))
        index = SessionIndex.build(sessions, tz)
        del sessions
        pain = last_pain_of(checkins, tz)
    program, _, missing = program_items(entries, library, tz, index)
    return _today_of(index, program, excused, today, pain, tuple(missing))


def today_from_kept(
    facts: LogFacts,
    program: Sequence[Planned],
    missing: Sequence[str],
    excused: Sequence[tuple[str, str]],
    now: datetime,
    tz: tzinfo,
) -> TodayData:
    """:func:`load_today`'s data from the log's facts and the program as kept by
    :mod:`coach.listing` (ISO times and days; ValueError when one cannot be read). Imports no
    routine or record models."""
    # lazy: off the first frame
    from coach.domain.days import Prescription, ProgramItem, local_date, program_start

    index = facts.session_index()
    items = [
        ProgramItem(
            p.routine_id, p.title, Prescription(p.per_day, p.days_per_week),
            program_start(local_date(datetime.fromisoformat(p.added_at), tz),
                          index.first_run(p.routine_id),
                          None if p.since is None else date.fromisoformat(p.since)),
        )
        for p in program
    ]  # fmt: skip
    days = {date.fromisoformat(day): reason for day, reason in excused}
    today = local_date(now, tz)
    return _today_of(index, items, days, today, last_pain_from_facts(facts, tz), tuple(missing))


def _today_of(
    index: SessionIndex,
    program: Sequence[ProgramItem],
    excused: Mapping[date, str],
    today: date,
    pain: LastPain | None,
    missing: tuple[str, ...],
) -> TodayData:
    # lazy: off the first frame
    from coach.domain.progress import consistency
    from coach.domain.stats import overall_streak, today_plan

    plan = tuple(today_plan(index, program, excused, today))
    streak = overall_streak(index, program, excused, today)
    effort = consistency(index, program, excused, today) if program else None
    return TodayData(today, plan, streak, pain, missing, effort)


def last_pain_from_facts(facts: LogFacts, tz: tzinfo, days: int = SPARK_DAYS) -> LastPain | None:
    """:func:`last_pain_of` from the log's per-day facts."""
    # lazy: off the first frame
    from coach.domain.trends import pain_trends

    latest = facts.latest_checkin_pain()
    if latest is None:
        return None
    index = facts.checkin_index([region for region, _ in latest[2]])
    return _with_trends(latest, pain_trends(index, tz), days)


def _plan_line(item: TodayItem, width: int, room: int | None) -> list[Piece]:
    """``  Title   1 of 2 done, 1 left  (this week)``; what does not fit in ``room`` cells
    (the week, the partly done sessions) goes on a line of its own under the figures."""
    head = f"  {shorten(item.title, width).ljust(width)}  "
    status: list[Piece] = []
    extra: list[Piece] = []
    if item.excused:
        status.append((f"excused today ({item.excused})", "italic"))
    elif not item.due_today:
        done = f" ({item.done} done)" if item.done else ""
        status.append((f"not due today: {item.week.text}{done}", "dim"))
    elif item.left == 0:
        status.append((f"✓ done ({item.done} of {item.due})", "bold green"))
    else:
        status.append((f"{item.done} of {item.due} done, {item.left} left", "bold"))
        if item.week.target != 7:
            extra.append((f"({item.week.text})", "dim"))
    if item.partial:
        extra.append((f"{item.partial} partly done", "dim"))
    line: list[Piece] = [head, *status]
    for piece in extra:
        if room is not None and _cells(line) + 2 + _cells([piece]) > room:
            line += ["\n", " " * max(2, min(len(head), room - _cells([piece])))]
        else:
            line.append("  ")
        line.append(piece)
    return line + ["\n"]


def _cells(pieces: Sequence[Piece]) -> int:
    """The width of the last line of ``pieces``."""
    text = "".join(p if isinstance(p, str) else p[0] for p in pieces)
    return len(text.rsplit("\n", 1)[-1])


def _effort_lines(data: TodayData) -> list[Piece]:
    """The streak, and the credit for effort: first, in words, when the strict streak is 0."""
    # lazy: off the first frame
    from coach.domain.progress import consistency_lines
    from coach.domain.streaks import streak_text

    streak: list[Piece] = ["Streak: ", (streak_text(data.streak), "bold"), "\n"]
    c = data.consistency
    if c is None:
        return streak
    lines = consistency_lines(c, data.streak.current)
    if data.streak.current == 0:  # the plan lines above already say this week
        head, rest = lines[0], [x for x in lines[1:] if not x.startswith("This week")][:2]
        pieces: list[Piece] = [(head + "\n", "bold")]
        pieces += [line + "\n" for line in rest]
        return pieces + streak
    return streak + [(line + "\n", "dim") for line in lines[:1]]


def today_content(data: TodayData, tz: tzinfo, room: int | None = None) -> Content:
    """The panel's text: one line per program routine, the streak and the credit for effort
    (effort first when the strict streak is 0), the last pain rating of every region rated.
    ``room``: the panel's width in cells (what does not fit goes on a line of its own or
    gives way; None: no limit)."""
    pieces: list[Piece] = [(f"Today, {data.today:%A} {data.today.day} {data.today:%B}\n", "bold")]
    if not data.plan:
        pieces.append(("  Nothing planned: add a routine to your program.\n", "dim"))
    width = min(32, max((len(i.title) for i in data.plan), default=0))
    if room is not None:  # the titles give way first, down to 12 characters
        status = max((len(f"{i.done} of {i.due} done, {i.left} left") for i in data.plan),
                     default=0)  # fmt: skip
        width = max(min(width, 12), min(width, room - 4 - status))
    for item in data.plan:
        pieces += _plan_line(item, width, room)
    for rid in data.missing:
        pieces.append((f"  The routine file of '{rid}' is missing.\n", "dim"))
    pieces += _effort_lines(data)
    pain = data.last_pain
    if pain is None:
        pieces.append(("No pain rating yet: press c to check in.", "dim"))
    else:
        pieces += _pain_lines(pain, data.today, tz, room)
    return literal(*pieces)


def _pain_lines(pain: LastPain, today: date, tz: tzinfo, room: int | None) -> list[Piece]:
    """``Last pain: neck 3/10 ▃▃▂, shoulder 2/10 ▂▂▂ (before sessions, 08:00)``: every region
    of the latest check-in; the sparklines give way when the line does not fit in ``room``.
    Then each worrying trend's sentence."""
    # lazy: off the first frame
    from coach.domain.clinical import CONTEXT_WORDS

    at = (pain.at if pain.at.tzinfo else pain.at.replace(tzinfo=UTC)).astimezone(tz)
    when = f"{at:%H:%M}" if at.date() == today else f"{at.day} {at:%b} {at:%H:%M}"
    context = CONTEXT_WORDS.get(pain.context, pain.context)
    sparks = [r.spark if r.spark.strip() else "" for r in pain.regions]
    single = len(pain.regions) == 1

    def line(with_sparks: bool, label: bool) -> list[Piece]:
        out: list[Piece] = ["Last pain: "]
        for i, (r, spark) in enumerate(zip(pain.regions, sparks, strict=True)):
            out += [", "] if i else []
            out.append((f"{r.region} {r.value}/10", "bold"))
            if with_sparks and spark and not single:
                out += [" ", (spark, "cyan")]
        out.append(f" ({context}, {when})")
        if with_sparks and single and sparks[0]:
            out += ["  ", (sparks[0], "cyan")]
            if label:
                out.append((" recent days", "dim"))
        return out

    choices = [line(True, True), line(True, False), line(False, False)]
    pieces = next((c for c in choices if room is None or _cells(c) <= room), choices[-1])
    for r in pain.regions:
        if r.trend is not None and r.trend.flag:
            pieces += ["\n", (r.trend.sentence, "bold $warning")]
    return pieces


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
            data = load_today(app.repo(), library, now, tz)
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
