"""The guided set-up: the first run (after the red-flags notice) and "Set-up again" in the palette.

One question at a time, each skippable (Escape skips the whole set-up):

1. Did your therapist give you a routine file? -> the file picker (:mod:`coach.tui.adding`), or
   a routine from the library;
2. reminder times for it (its prescription's usual times filled in);
3. optional everyday activities (3 to 5, rated at each check-in);
4. the voice on or off.

Each answer is saved in a thread worker before the next question. The screen dismisses with the
id of the routine put in the program (the home screen then offers "Start your first session"),
or None.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.app.activities import add_activities
from coach.app.add_routine import add_from_library
from coach.app.errors import StorageError
from coach.app.reminders import SettingsError, parse_times, set_times, times_text
from coach.domain.checkin import CheckInError
from coach.domain.describe import format_minutes
from coach.domain.plan import expand
from coach.domain.schedule import default_times
from coach.services.preferences import SETUP_OFFERED as SETUP_DONE
from coach.services.preferences import set_voice
from coach.tui.adding import AddRoutineFlow
from coach.tui.base import CoachScreen
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.plain import plain_content

ACTIVITY_FIELDS = 5
ACTIVITY_EXAMPLES = ("lifting my grandchild", "gardening", "driving", "stairs", "sleeping")


class ButtonRow(Horizontal):
    """A row of answers: ← → move between them (as in the dialogs), Enter chooses."""

    BINDINGS = [
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]


def _buttons(*buttons: Button) -> Horizontal:
    return ButtonRow(*buttons, classes="buttons")


class SetupScreen(CoachScreen["str | None"]):
    """The set-up questions, one at a time."""

    CSS_PATH = "setup.tcss"

    BINDINGS = [
        Binding("escape", "skip_all", "Skip set-up", tooltip="leave the set-up (saved steps stay)")
    ]
    HELP_TITLE = "setting up coach"

    def __init__(self) -> None:
        super().__init__()
        self.routine: Any = None
        """The routine put in the program (a LoadedRoutine), once chosen."""
        self.library: Any = None

    def compose(self) -> ComposeResult:
        yield CoachHeader()
        with VerticalScroll():
            yield Static(plain_content("Setting up coach"), classes="section-title")
            with ContentSwitcher(initial="step-routine"):
                with Vertical(id="step-routine", classes="step"):
                    yield Static(plain_content("Did your therapist give you a routine file?"),
                                 classes="question")
                    yield Static(plain_content(
                        "It is a file ending in .json, often sent by e-mail. If you have none, "
                        "choose one of the routines that come with coach."), classes="hint")
                    yield _buttons(
                        Button("Yes: pick the file", id="pick-file", variant="primary"),
                        Button("No: choose one", id="pick-library"),
                        Button("Skip set-up", id="skip-all"),
                    )
                with Vertical(id="step-library", classes="step"):
                    yield Static(plain_content("Choose a routine (Enter adds it)"),
                                 classes="question")
                    yield OptionList(id="library")
                    yield _buttons(Button("Back", id="back-routine"))
                with Vertical(id="step-reminders", classes="step"):
                    yield Static("", id="reminders-question", classes="question")
                    yield Static(plain_content(
                        "Times like 09:00, separated by commas. coach reminds you only when the "
                        "routine is not done yet. Leave it empty for no reminders."),
                        classes="hint")
                    yield Input(id="times", max_length=80, compact=True)
                    yield _buttons(Button("Save and go on", id="save-times", variant="primary"),
                                   Button("Skip", id="skip-times"))
                with Vertical(id="step-activities", classes="step"):
                    yield Static(plain_content(
                        "Optional: which everyday activities are hard because of the problem?"),
                        classes="question")
                    yield Static(plain_content(
                        "Name 3 to 5. At each check-in you rate how well you can do them "
                        "(0 = unable, 10 = as before), so you and your therapist see progress."),
                        classes="hint")
                    for i in range(ACTIVITY_FIELDS):
                        yield Input(placeholder=f"e.g. {ACTIVITY_EXAMPLES[i]}",
                                    id=f"activity-{i}", max_length=80, compact=True)
                    yield _buttons(
                        Button("Save and go on", id="save-activities", variant="primary"),
                        Button("Skip", id="skip-activities"))
                with Vertical(id="step-voice", classes="step"):
                    yield Static(plain_content(
                        "Should coach say each exercise aloud during a session?"),
                        classes="question")
                    yield Static(plain_content(
                        "Handy on the floor or a mat: you hear what to do without looking. "
                        "You can change it later in Settings."), classes="hint")
                    yield _buttons(Button("Voice on", id="voice-on", variant="primary"),
                                   Button("Voice off", id="voice-off"))
            yield Static("", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pick-file", Button).focus()
        self.mark_offered()

    # ------------------------------------------------------------------ moving between steps

    def show_step(self, step: str) -> None:
        """Show one question and focus its first field or button."""
        self.query_one(ContentSwitcher).current = f"step-{step}"
        self.say("")
        first = {"routine": "#pick-file", "library": "#library", "reminders": "#times",
                 "activities": "#activity-0", "voice": "#voice-on"}[step]
        self.query_one(first).focus()

    def say(self, message: str) -> None:
        """A problem (or nothing) under the question."""
        self.query_one("#feedback", Static).update(plain_content(message))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Each button answers its question."""
        event.stop()
        actions: dict[str, Callable[[], object]] = {
            "pick-file": self.pick_file,
            "pick-library": self.load_library,
            "skip-all": self.action_skip_all,
            "back-routine": lambda: self.show_step("routine"),
            "save-times": self.save_times,
            "skip-times": lambda: self.show_step("activities"),
            "save-activities": self.save_activities,
            "skip-activities": lambda: self.show_step("voice"),
            "voice-on": lambda: self.save_voice(True),
            "voice-off": lambda: self.save_voice(False),
        }
        actions[str(event.button.id)]()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the times saves them; in an activity, moves to the next field."""
        event.stop()
        if event.input.id == "times":
            self.save_times()
        elif event.input.id == f"activity-{ACTIVITY_FIELDS - 1}":
            self.save_activities()
        else:
            self.focus_next()

    def action_skip_all(self) -> None:
        """Escape: leave the set-up (what was saved stays)."""
        self.dismiss(self.routine.routine.id if self.routine is not None else None)

    # ------------------------------------------------------------------ 1. the routine

    def pick_file(self) -> None:
        """The file picker; once a file is in the program, on to the reminders."""
        AddRoutineFlow(self.app, done=self._added).start()

    def _added(self, routine_id: str | None) -> None:
        if routine_id is not None:
            self.routine_added(routine_id)

    @work(thread=True, exclusive=True, group="setup")
    def routine_added(self, routine_id: str) -> None:
        """Find the routine just added (worker), then ask for its reminder times."""
        app = self.app
        loaded = app.ctx.library().routines.get(routine_id)
        if loaded is not None:
            app.call_from_thread(self._ask_times, loaded)

    @work(thread=True, exclusive=True, group="setup")
    def load_library(self) -> None:
        """Read the library (worker), then list it."""
        self.library = self.app.ctx.library()
        self.app.call_from_thread(self._show_library)

    def _show_library(self) -> None:
        options = self.query_one("#library", OptionList)
        options.clear_options()
        for loaded in self.library.ordered():
            routine = loaded.routine
            areas = ", ".join(dict.fromkeys(e.region for e in routine.exercises if e.region))
            text = f"{routine.title} ({format_minutes(expand(routine).estimate_s)}; {areas})"
            options.add_option(Option(plain_content(text), id=routine.id))
        options.highlighted = 0  # Enter takes the first at once; Down goes to the second
        self.show_step("library")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A library routine was chosen: put it in the program."""
        event.stop()
        loaded = self.library.routines[str(event.option.id)]
        self.put_in_program(loaded)

    @work(thread=True, exclusive=True, group="setup")
    def put_in_program(self, loaded: Any) -> None:
        """Add a library routine to the program (worker)."""
        app: Any = self.app
        try:
            sentence = add_from_library(app.ctx, loaded)
        except (StorageError, OSError) as exc:
            app.call_from_thread(self.say, f"Not added: {exc}")
            return
        app.call_from_thread(app.notify, sentence, markup=False)
        app.call_from_thread(self._ask_times, loaded)

    # ------------------------------------------------------------------ 2. reminder times

    def _ask_times(self, loaded: Any) -> None:
        self.routine = loaded
        title = loaded.routine.title
        self.query_one("#reminders-question", Static).update(
            plain_content(f"When should coach remind you to do '{title}'?")
        )
        usual = default_times(loaded.routine.frequency.per_day)
        self.query_one("#times", Input).value = times_text(usual)
        self.show_step("reminders")

    def save_times(self) -> None:
        """Check the times; save them in a worker."""
        text = self.query_one("#times", Input).value
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        try:
            times = parse_times(parts) if parts else ()
        except SettingsError as exc:
            self.say(f"Not saved: {exc}")
            return
        self._write_times(times)

    @work(thread=True, exclusive=True, group="setup")
    def _write_times(self, times: tuple[Any, ...]) -> None:
        app: Any = self.app
        try:
            set_times(app.ctx, self.routine.routine.id, times)
        except (StorageError, SettingsError) as exc:
            app.call_from_thread(self.say, f"Not saved: {exc}")
            return
        app.call_from_thread(self.show_step, "activities")

    # ------------------------------------------------------------------ 3. activities

    def save_activities(self) -> None:
        """Check the named activities (none: skip); save them in a worker."""
        names = [
            value for i in range(ACTIVITY_FIELDS)
            if (value := self.query_one(f"#activity-{i}", Input).value.strip())
        ]
        if not names:
            self.show_step("voice")
            return
        self._write_activities(names)

    @work(thread=True, exclusive=True, group="setup")
    def _write_activities(self, names: list[str]) -> None:
        app: Any = self.app
        try:
            add_activities(app.repo(), names, app.ctx.now())
        except (StorageError, CheckInError) as exc:
            app.call_from_thread(self.say, f"Not saved: {exc}")
            return
        app.call_from_thread(self.show_step, "voice")

    # ------------------------------------------------------------------ 4. voice

    @work(thread=True, exclusive=True, group="setup")
    def save_voice(self, on: bool) -> None:
        """Keep the voice choice (worker), then finish."""
        app: Any = self.app
        try:
            set_voice(app.repo(), on)
        except StorageError as exc:
            app.call_from_thread(self.say, f"Not saved: {exc}")
            return
        app.call_from_thread(self.action_skip_all)

    # ------------------------------------------------------------------ offered once

    @work(thread=True, group="setup-offered")
    def mark_offered(self) -> None:
        """Remember the set-up was offered (the first run does not ask again)."""
        with contextlib.suppress(StorageError):  # if not saved: asked again next time, harmless
            self.app.ctx.set_setting(SETUP_DONE, True)
