"""The history screen: calendar (up to 26 weeks), streaks and adherence, trend charts, what changed.

Data is read in a thread worker (:func:`coach.services.review.load_review`, the same assembly as
``coach stats`` and ``coach report``). The selector picks the chart: pain in one region (a line
per context), one mobility measure, or the everyday-activity score; ``p`` changes the period
the chart covers. Everything from routine files or the client is shown literally.

Open it from the home screen with ``self.app.push_screen(HistoryScreen())``; it reads through
the app's context (``self.app.ctx``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Select, Static

from coach.app.errors import StorageError
from coach.domain.clinical import CONTEXT_WORDS
from coach.domain.history import flare_session_days
from coach.domain.progress import consistency_lines
from coach.domain.regions import region_words
from coach.domain.stats import Adherence, RoutineAdherence
from coach.services.review import (
    Review,
    calendar_title,
    frequency_text,
    heatmap_weeks,
    load_review,
    streak_text,
    trend_numbers,
)
from coach.tui.base import CoachScreen
from coach.tui.widgets.charts import ChartSeries, TrendChart
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.heatmap import Heatmap
from coach.tui.widgets.plain import Piece, literal, plain_content, plain_text

PERIODS = (
    (14, "2 weeks"), (28, "4 weeks"), (84, "12 weeks"), (182, "26 weeks"), (364, "52 weeks")
)
EMPTY = "Nothing logged yet. Do a session or a check-in, and your progress will show here."




def _percent(a: Adherence) -> str:
    return "nothing due" if a.percent is None else f"{a.percent} %"


def done_text(a: RoutineAdherence) -> str:
    """``100 % (7 days) · 92 % (28 days) · 92 % (all)``; ``nothing due yet`` when no period had
    a session due (the first day: today is still open), never a bare ``-``."""
    periods = ((a.last_7, "7 days"), (a.last_28, "28 days"), (a.since_start, "all"))
    if all(x.percent is None for x, _ in periods):
        return "nothing due yet"
    return " · ".join(f"{_percent(x)} ({words})" for x, words in periods)


def figures_content(review: Review) -> Content:
    """Streak, adherence (7 days, 28 days, since start) and this week, per program routine."""
    s = review.summary
    pieces: list[Piece] = []
    if not s.routines:
        pieces.append(("Your program is empty, so there are no streaks yet.\n", "dim"))
    for r in s.routines:
        done = done_text(r.adherence)
        pieces += [
            (r.item.title, "bold"), ("  " + frequency_text(r.item.frequency) + "\n", "dim"),
            "  Streak ", (streak_text(r.streak), "bold"),
            f", {r.week.text}\n",
            f"  Done {done}\n",
        ]
    if len(s.routines) > 1:
        pieces += ["Whole program: streak ", (streak_text(s.overall), "bold"), "\n"]
    if s.routines:
        lines = consistency_lines(s.consistency, s.overall.current)
        if s.overall.current == 0:
            pieces.append((lines.pop(0) + "\n", "bold"))
        pieces += [line + "\n" for line in lines]
    for rid in review.missing:
        pieces.append((f"The routine file of '{rid}' is missing: not measured.\n", "$warning"))
    return literal(*pieces).rstrip()


def sentences_content(review: Review) -> Content:
    """Every trend with data: its numbers and sentence, flagged ones first and marked ``!``."""
    s = review.summary
    trends = [t for t in (*s.pain, *s.measures, s.function) if t.values.values]
    if not trends:
        return literal(("No ratings or measurements yet.", "dim"))
    pieces: list[Piece] = []
    for t in sorted(trends, key=lambda t: not t.flag):
        label, unit = review.trend_label(t)
        numbers = trend_numbers(t, unit)
        pieces += [
            ("! ", "bold $warning") if t.flag else "  ",
            (label, "bold"), (f" ({numbers})" if numbers else "", "dim"), "\n",
            ("    " + t.sentence + "\n", "bold $warning" if t.flag else ""),
        ]
    return literal(*pieces).rstrip()


def fitting_period(review: Review) -> int:
    """The index in PERIODS of the smallest period that holds all the data (the longest when
    none does; the shortest with no data)."""
    first = review.first_day
    if first is None:
        return 0
    span = (review.today - first).days + 1
    return next((i for i, (days, _) in enumerate(PERIODS) if days >= span), len(PERIODS) - 1)


def chart_choices(review: Review) -> list[tuple[str, str]]:
    """(label, value) of every chart: pain per region, each measure, everyday activities."""
    s = review.summary
    choices = [(f"Pain: {region_words(region)}", f"pain:{region}")
               for region in dict.fromkeys(t.subject for t in s.pain)]
    for t in s.measures:
        spec = review.measure(t.subject)
        choices.append((f"Mobility: {spec.label if spec else t.subject}", f"measure:{t.subject}"))
    if s.function.values.values:
        choices.append(("Everyday activities", "function"))
    return choices


class HistoryScreen(CoachScreen[None]):
    """How things are going: calendar, figures, charts and what changed."""

    CSS_PATH = "history.tcss"
    # Narrow terminals (80 columns) stack the figures under the calendar instead of squeezing.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [  # the footer shows the short words, the help (?) the tooltips
        Binding("p", "period", "Period",
                tooltip="change the period the chart covers (2, 4, 12, 26 or 52 weeks)"),
        Binding("r", "reload", "Reload", tooltip="read your log again"),
        Binding("escape,q", "leave", "Back", tooltip="back"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
    ]  # fmt: skip
    HELP_TITLE = "your progress"

    def __init__(self, now: datetime | None = None, tz: tzinfo | None = None) -> None:
        super().__init__()
        self.fixed_now = now
        self.tz = tz
        self.review: Review | None = None
        self.period: int | None = None  # chosen with p; None: the one that fits the data

    def compose(self) -> ComposeResult:
        yield CoachHeader()
        with VerticalScroll(id="history-body"):
            yield Static(plain_content("Your progress"), classes="section-title")
            yield Static(plain_content("Reading your log…"), id="history-status", classes="hint")
            with Horizontal(id="history-top"):
                with Vertical(id="calendar-box"):
                    yield Static(plain_content("The last 26 weeks"), classes="box-title",
                                 id="calendar-title")
                    yield Heatmap(id="heatmap")
                yield Static("", id="history-figures", markup=False)
            with Horizontal(id="chart-controls"):
                yield Select[str]([], prompt="Choose a chart", id="chart-select",
                                  allow_blank=True, compact=True)
                yield Static("", id="period-hint", classes="hint", markup=False)
            yield TrendChart(id="chart")
            yield Static(plain_content("Changes since you started"), classes="section-title")
            yield Static("", id="sentences", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        """Read the log and routines, compute everything (thread), then show it."""
        ctx = self.app.ctx
        tz = self.tz or ctx.tz()
        try:
            review = load_review(ctx.repo(), ctx.library(), self.fixed_now or ctx.now(), tz)
        except StorageError as exc:
            self.app.call_from_thread(self._status, str(exc))
            return
        weeks = heatmap_weeks(review)
        self.app.call_from_thread(self.show_review, review, weeks)

    def _status(self, message: str) -> None:
        self.query_one("#history-status", Static).update(plain_content(message))

    def show_review(self, review: Review, weeks: list[Any]) -> None:
        """Fill every part of the screen from ``review``."""
        self.review = review
        self._status(EMPTY if review.empty else "")
        self.query_one("#history-status", Static).display = review.empty

        gentle = flare_session_days(review.sessions, review.tz)
        self.query_one(Heatmap).show(weeks, review.today, gentle)
        title = calendar_title(len(weeks))  # grows with the history, up to 26 weeks
        self.query_one("#calendar-title", Static).update(plain_content(title))
        self.query_one("#history-figures", Static).update(figures_content(review))
        self.query_one("#sentences", Static).update(sentences_content(review))
        select = self.query_one("#chart-select", Select)
        choices = chart_choices(review)
        previous = select.value
        select.set_options([(plain_text(label), value) for label, value in choices])
        values = [v for _, v in choices]
        if values:
            select.value = previous if previous in values else values[0]
        self.draw_chart()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another chart was chosen."""
        event.stop()
        self.draw_chart()

    def draw_chart(self) -> None:
        """Draw the chosen chart over the chosen period."""
        review = self.review
        if review is None:
            return
        if self.period is None:
            self.period = fitting_period(review)
        days, words = PERIODS[self.period]
        self.query_one("#period-hint", Static).update(
            plain_content(f"Showing the last {words} (p: change)")
        )
        end = review.today
        start = end - timedelta(days=days - 1)
        value = self.query_one("#chart-select", Select).value
        title, series, y_range = self._chart(review, value if isinstance(value, str) else "")
        self.query_one(TrendChart).draw(title, series, start, end, y_range)

    @staticmethod
    def _chart(
        review: Review, value: str
    ) -> tuple[str, list[ChartSeries], tuple[float, float] | None]:
        s = review.summary
        kind, _, subject = value.partition(":")
        if kind == "pain":
            trends = [t for t in s.pain if t.subject == subject]
            series = [ChartSeries.from_trend(CONTEXT_WORDS.get(t.context or "", "pain"), t)
                      for t in trends]
            words = region_words(subject)  # "Low back pain", never the id "Low-back"
            return f"{words[:1].upper()}{words[1:]} pain (0-10)", series, (0, 10)
        if kind == "measure":
            trend = next((t for t in s.measures if t.subject == subject), None)
            spec = review.measure(subject)
            label = spec.label if spec else subject
            title = f"{label} ({spec.unit}, {spec.better} is better)" if spec else label
            return title, [ChartSeries.from_trend(label, trend)] if trend else [], None
        if kind == "function":
            return ("Everyday activities (0-10)",
                    [ChartSeries.from_trend("mean score", s.function)], (0, 10))
        return "No ratings yet", [], (0, 10)

    def action_period(self) -> None:
        """Show the next period."""
        self.period = ((self.period or 0) + 1) % len(PERIODS)
        self.draw_chart()

    def action_reload(self) -> None:
        """Read the log again."""
        self.load()

    def action_leave(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()

    @property
    def today(self) -> date | None:
        """The day the figures are for, once loaded."""
        return self.review.today if self.review else None
