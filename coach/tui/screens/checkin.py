"""The check-in screen: context, pain per region, measures, stiffness, function, a note.

Regions and measures come from the routines in the client's program (all routines when the
program is empty). Values are checked with the same rules and words as ``coach checkin``;
saving runs in a thread worker. Opened with a record, the screen edits that check-in (its
``edited_at`` is set).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static

from coach.app.checkins import load_activities, program_routines, record_checkin
from coach.app.context import AppContext
from coach.app.errors import StorageError
from coach.domain.checkin import (
    CONTEXT_LABELS,
    PAIN_WORDING,
    STIFFNESS_WORDING,
    CheckInError,
    Vocabulary,
    asked_regions,
    bounds_text,
    check_measure,
    check_morning_stiffness,
    check_time,
    clean_note,
    has_values,
    vocabulary,
)
from coach.domain.history import describe_checkin, measure_labels
from coach.domain.psfs import WORDING as PSFS_WORDING
from coach.domain.psfs import Activity
from coach.domain.psfs import names as activity_names
from coach.domain.records import CheckInRecord, PainContext, PainRating
from coach.domain.regions import region_words
from coach.domain.routine import Measure
from coach.domain.when import parse_when
from coach.tui.base import CoachScreen
from coach.tui.dialogs.activities import ActivitiesDialog
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.pain_scale import PainScale
from coach.tui.widgets.plain import plain_content

NO_ACTIVITIES = (
    "No activities yet. Name 3 to 5 everyday activities the problem makes hard "
    "(e.g. gardening, driving, lifting my grandchild) with the button \"Your activities\" "
    "below."
)
NOTHING_TO_SAVE = (
    "Nothing to save yet: rate your pain, enter a measure, your stiffness, an activity or a note."
)


@dataclass(frozen=True)
class CheckInData:
    """What the screen asks about, loaded off the UI thread."""

    regions: list[str]
    measures: list[Measure]
    vocab: Vocabulary
    activities: list[Activity]


def load_checkin_data(ctx: AppContext, record: CheckInRecord | None = None) -> CheckInData:
    """Read routines, program and activities (blocking: call from a worker thread)."""
    library = ctx.library()
    repo = ctx.repo()
    routines = program_routines(ctx)
    everything = [lr.routine for lr in library.ordered()]
    shown = vocabulary(routines or everything)
    regions = list(asked_regions(routines or everything))
    measures = shown.measure_list()
    if record is not None:  # an edit shows what the record holds, even if no longer asked
        regions += [p.region for p in record.pain if p.region not in regions]
        known = vocabulary(everything)
        measures += [
            known.measures[m][0] for m in record.measures
            if m in known.measures and all(x.id != m for x in measures)
        ]
    vocab = vocabulary(everything)
    activities = [a for a in load_activities(repo) if a.active]
    return CheckInData(regions, measures, vocab, activities)


def _row(label: str, *widgets: Widget) -> Horizontal:
    """One line: a label (plain text) and its widgets."""
    return Horizontal(Static(plain_content(label), classes="field-label"), *widgets, classes="row")


class CheckInScreen(CoachScreen[bool]):
    """Record (or edit) a check-in; dismisses with True when something was saved."""

    CSS_PATH = "checkin.tcss"
    # Below 80 columns (60x20): narrower labels, compact scales, so every value and unit shows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    BINDINGS = [  # the footer shows the short words, the help (?) the tooltips
        Binding("ctrl+s", "save", "Save", tooltip="save the check-in"),
        Binding("escape", "leave", "Back", tooltip="back (what is not saved is left out)"),
        Binding("enter", "app.focus_next", "Next", show=False, tooltip="to the next field"),
    ]
    HELP_TITLE = "checking in"

    def __init__(
        self,
        record: CheckInRecord | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        context: PainContext = "at_rest",
    ) -> None:
        super().__init__()
        self.record = record
        self._tz = tz
        self._now = now
        self.context = record.context if record is not None else context
        self.data: CheckInData | None = None
        self.saved: CheckInRecord | None = None

    @property
    def tz(self) -> tzinfo:
        """The client's time zone (the app's unless one was given)."""
        return self._tz or self.app.ctx.tz()

    def now(self) -> datetime:
        """The time now (the app's wall clock unless one was given)."""
        return self._now() if self._now is not None else self.app.ctx.now()

    def compose(self) -> ComposeResult:
        yield CoachHeader()
        title = "Edit check-in" if self.record is not None else "Check-in"
        options = [(label.capitalize(), value) for value, label in CONTEXT_LABELS.items()]
        when = Input(placeholder="now", id="when", compact=True)
        if self.record is not None:
            when.value = self.record.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
        with VerticalScroll(id="form"):
            yield Static(plain_content(title), classes="section-title")
            yield _row("When was this?", Select(options, value=self.context, allow_blank=False,
                                                id="context", compact=True))
            yield _row("Time (blank: now)", when)
            yield Static(plain_content(f"Pain ({PAIN_WORDING})"), classes="section-title")
            yield Vertical(id="pain-rows")
            yield Static(plain_content("Measures"), classes="section-title", id="measures-title")
            yield Vertical(id="measure-rows")
            yield Static(plain_content(f"Stiffness ({STIFFNESS_WORDING})"),
                         classes="section-title")
            yield _row("Stiffness", PainScale(self._old("stiffness"), id="stiffness",
                                              what="stiffness"))
            yield _row(
                "Morning stiffness",
                Input(self._text(self._old("morning_stiffness_min")), placeholder="minutes",
                      id="morning", restrict=r"[0-9]*", max_length=4, compact=True),
                Static(plain_content("minutes"), classes="unit"),
            )
            yield Static(plain_content(f"Function ({PSFS_WORDING})"), classes="section-title")
            yield Vertical(id="function-rows")
            yield _row("Note", Input(self._text(self._old("note")), id="note", max_length=1000,
                                     placeholder="up to 1,000 characters", compact=True))
            with Horizontal(id="save-row"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Your activities…", id="activities")
            yield Static("", id="feedback")
        yield Footer()

    def _old(self, name: str) -> Any:
        return getattr(self.record, name) if self.record is not None else None

    @staticmethod
    def _text(value: object) -> str:
        return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="checkin-load")
    def load(self) -> None:
        """Read what to ask in a thread, then build the rows on the UI thread."""
        data = load_checkin_data(self.app.ctx, self.record)
        self.app.call_from_thread(self.show_data, data)  # type: ignore[arg-type]  # async

    async def show_data(self, data: CheckInData) -> None:
        """Build the pain, measure and function rows."""
        self.data = data
        record = self.record
        old_pain = {p.region: p.value for p in (record.pain if record else [])}
        pain: list[Widget] = [
            _row(region_words(region), PainScale(old_pain.get(region), id=f"pain-{i}"))
            for i, region in enumerate(data.regions)
        ] or [Static(plain_content("No body regions yet: add a routine first."), classes="hint")]
        old_measures = record.measures if record else {}
        measures: list[Widget] = [
            _row(
                m.label,
                Input(self._text(old_measures.get(m.id)), id=f"measure-{i}", compact=True,
                      placeholder=m.unit, restrict=r"[0-9.,\-]*", max_length=12),
                Static(plain_content(bounds_text(m) or m.unit), classes="unit"),
            )
            for i, m in enumerate(data.measures)
        ] or [Static(plain_content("Your routines have no measures."), classes="hint")]
        await self.query_one("#pain-rows", Vertical).mount_all(pain)
        await self.query_one("#measure-rows", Vertical).mount_all(measures)
        await self.show_activities(data.activities, record.function if record else {})
        if data.regions:
            self.query_one("#pain-0", PainScale).focus()

    async def show_activities(
        self, activities: list[Activity], values: dict[str, int]
    ) -> None:
        """(Re)build the function rows: one scale per activity, with ``values`` filled in."""
        rows = self.query_one("#function-rows", Vertical)
        await rows.remove_children()
        function: list[Widget] = [
            _row(act.name, PainScale(values.get(act.id), id=f"function-{i}", what=act.name))
            for i, act in enumerate(activities)
        ] or [Static(plain_content(NO_ACTIVITIES), classes="hint")]
        await rows.mount_all(function)

    def action_activities(self) -> None:
        """Add, rename or retire the everyday activities; the rows follow (values kept)."""
        def closed(changed: bool | None) -> None:
            if changed:
                self.reload_activities()

        self.app.push_screen(ActivitiesDialog(), closed)

    @work(thread=True, exclusive=True, group="checkin-activities")
    def reload_activities(self) -> None:
        """Read the activities again (worker), then rebuild their rows."""
        activities = [a for a in load_activities(self.app.repo()) if a.active]
        self.app.call_from_thread(self._new_activities, activities)  # type: ignore[arg-type]

    async def _new_activities(self, activities: list[Activity]) -> None:
        if self.data is None:
            return
        values = {
            act.id: value for i, act in enumerate(self.data.activities)
            if (value := self.query_one(f"#function-{i}", PainScale).value) is not None
        }
        self.data = replace(self.data, activities=activities)
        await self.show_activities(activities, values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text field moves on."""
        event.stop()
        self.app.action_focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The save button."""
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "activities":
            self.action_activities()

    # --- collecting and saving ---------------------------------------------------------------

    def collect(self) -> CheckInRecord:
        """The check-in from the form; CheckInError (and focus on the field) when a value is bad."""
        if self.data is None:
            raise CheckInError("still loading; try again in a moment")
        data, now = self.data, self.now()
        context = self.query_one("#context", Select).value
        when_text = self.query_one("#when", Input).value.strip()
        base = self.saved or self.record
        at = base.at if base is not None and not when_text else now
        if when_text:
            at = self._checked("#when", parse_when, when_text, now, self.tz)
            at = self._checked("#when", check_time, at, now)
        pain = [
            PainRating(region=region, value=self.query_one(f"#pain-{i}", PainScale).value)
            for i, region in enumerate(data.regions)
        ]
        measures: dict[str, float] = {}
        for i, m in enumerate(data.measures):
            raw = self.query_one(f"#measure-{i}", Input).value.strip()
            if raw:
                measures[m.id] = self._checked(f"#measure-{i}", check_measure, m.id, raw,
                                               data.vocab)[1]
        morning_raw = self.query_one("#morning", Input).value.strip()
        morning = (self._checked("#morning", check_morning_stiffness, morning_raw)
                   if morning_raw else None)
        note = self._checked("#note", clean_note, self.query_one("#note", Input).value)
        function = {
            act.id: value for i, act in enumerate(data.activities)
            if (value := self.query_one(f"#function-{i}", PainScale).value) is not None
        }
        values: dict[str, Any] = {
            "at": at, "context": context, "pain": [p for p in pain if p.value is not None],
            "measures": measures, "stiffness": self.query_one("#stiffness", PainScale).value,
            "morning_stiffness_min": morning, "function": function, "note": note,
        }
        if base is None:
            record = CheckInRecord(**values)
        else:
            if self.record is not None:
                values["edited_at"] = now
            record = base.model_copy(update=values)
        if not has_values(record):
            raise CheckInError(NOTHING_TO_SAVE)
        return record

    def _checked(self, selector: str, check: Callable[..., Any], *args: Any) -> Any:
        """``check(*args)``; on CheckInError, focus the field and re-raise."""
        try:
            return check(*args)
        except CheckInError:
            self.query_one(selector).focus()
            raise

    def action_save(self) -> None:
        """Check the form; save in a thread when it is valid."""
        feedback = self.query_one("#feedback", Static)
        try:
            record = self.collect()
        except CheckInError as exc:
            feedback.set_class(True, "problem")
            feedback.update(plain_content(f"Not saved: {exc}"))
            feedback.scroll_visible()
            return
        feedback.set_class(False, "problem")
        feedback.update(plain_content("Saving..."))
        self.save(record)

    @work(thread=True, exclusive=True, group="checkin-save")
    def save(self, record: CheckInRecord) -> None:
        """Write the check-in (worker thread), then report on the UI thread."""
        try:
            record_checkin(self.app.repo(), record)
        except StorageError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._saved, record)

    def saved_words(self, record: CheckInRecord) -> str:
        """The saved check-in in words: activities and measures by name, not by id."""
        data = self.data
        if data is None:
            return describe_checkin(record)
        measures = [m for defs in data.vocab.measures.values() for m in defs]
        return describe_checkin(
            record, activity_names(data.activities), measure_labels([*data.measures, *measures])
        )

    def _saved(self, record: CheckInRecord) -> None:
        self.saved = record
        when = record.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
        self.query_one("#feedback", Static).update(
            plain_content(f"Saved ({when}): {self.saved_words(record)}. Esc goes back.")
        )
        self.query_one("#feedback", Static).scroll_visible()

    def _failed(self, message: str) -> None:
        feedback = self.query_one("#feedback", Static)
        feedback.set_class(True, "problem")
        feedback.update(plain_content(f"Not saved: {message}"))

    def action_leave(self) -> None:
        """Escape: back to where the screen was opened from."""
        self.dismiss(self.saved is not None)
