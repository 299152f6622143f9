"""Routine detail: what the routine is, the therapist's advice, how long it takes, its exercises.

``s`` or Enter starts it; ``p`` (or ``t``) a practice run, as ``p`` does on the start screen;
``+`` adds it to the program, ``-`` takes it out (saved in a worker thread); Escape goes back.
All routine text is shown literally.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from coach.app import program
from coach.app.errors import StorageError
from coach.domain.advice_words import advice_heading
from coach.domain.describe import dosage_words, format_minutes, plain_number
from coach.domain.howto import has_howto
from coach.domain.plan import UNTIMED_REP_ESTIMATE_S, expand
from coach.domain.regions import region_words
from coach.library import LoadedRoutine
from coach.services.review import frequency_text
from coach.tui.base import CoachScreen
from coach.tui.widgets.dose_plan import DosePlan
from coach.tui.widgets.exercise_picture import ExerciseHowTo
from coach.tui.widgets.header import CoachHeader
from coach.tui.widgets.plain import literal


def estimate_line(loaded: LoadedRoutine) -> str:
    """``Takes about 14 min.`` plus how rep-counted sets were estimated, if there are any."""
    plan = expand(loaded.routine)
    text = f"Takes {format_minutes(plan.estimate_s)}."
    untimed = plan.untimed_steps
    if untimed:
        rate = plain_number(UNTIMED_REP_ESTIMATE_S)
        sets = "the set where you count" if untimed == 1 else "sets where you count"
        text += f" (For {sets} your reps, that allows about {rate} seconds a rep.)"
    return text


def exercises_content(loaded: LoadedRoutine) -> Content:
    """One entry per exercise: name, kind and region, dosage in words, equipment."""
    pieces: list[str | tuple[str, str]] = []
    for number, ex in enumerate(loaded.routine.exercises, start=1):
        tail = " · ".join(p for p in (ex.kind, ex.region and region_words(ex.region)) if p)
        pieces.extend([f"{number:>2}. ", (ex.name, "bold"), f"  ({tail})\n"])
        pieces.extend(["    ", dosage_words(ex), "\n"])
        if ex.equipment:
            pieces.extend(["    You need: ", ", ".join(ex.equipment), "\n"])
    return literal(*pieces).rstrip()


def flare_content(loaded: LoadedRoutine) -> Content:
    """The flare version: its advice, then each exercise with its dose in words."""
    flare = loaded.routine.flare
    assert flare is not None
    pieces: list[str | tuple[str, str]] = []
    if flare.advice:
        pieces.extend([flare.advice, "\n"])
    for number, ex in enumerate(flare.exercises, start=1):
        pieces.extend([f"{number:>2}. ", (ex.name, "bold"), "  ", dosage_words(ex), "\n"])
    return literal(*pieces).rstrip()


class RoutineScreen(CoachScreen[None]):
    """One routine, before starting it."""

    CSS_PATH = "routine.tcss"
    # Below 70 columns the buttons are as wide as their words ("Back (Esc)" was cut at 60).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    BINDINGS = [  # the footer shows the short words, the help (?) the tooltips
        Binding("s", "start", "Start", tooltip="start the routine now"),
        Binding("enter", "start", "Start", show=False, priority=True),
        Binding("p,t", "practice", "Practice", tooltip="try it out: a practice run (not "
                "counted) at normal pace, 2x or 3x faster (p as on the start screen)"),
        # (the program button says its key: the footer keeps room for ? Help at 60 columns)
        Binding("plus", "program(True)", "Add to program", key_display="+", show=False,
                tooltip="add it to your program"),
        Binding("minus", "program(False)", "Take out", key_display="-", show=False,
                tooltip="take it out of your program (its history stays)"),
        Binding("f", "flare", "Flare day", show=False,
                tooltip="a flare day: do the gentle version now (when the routine has one)"),
        Binding("a", "dose('accept')", "Accept dose", show=False,
                tooltip="accept the next dose your therapist planned (when offered)"),
        Binding("d", "dose('decline')", "Not now", show=False,
                tooltip="not now: keep today's dose (when a next dose is offered)"),
        Binding("escape", "back", "Back", tooltip="back to the start screen"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
    ]  # fmt: skip
    HELP_TITLE = "a routine"

    def __init__(self, loaded: LoadedRoutine, in_program: bool) -> None:
        super().__init__()
        self.loaded = loaded
        self.in_program = in_program

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        yield CoachHeader()
        with VerticalScroll(id="routine-body"):
            yield Static(literal(routine.title), id="routine-title")
            if routine.author:
                yield Static(literal("From ", routine.author), classes="hint")
            if routine.summary:
                yield Static(literal(routine.summary), id="routine-summary")

            often = frequency_text(routine.frequency)
            yield Static(
                literal(
                    (estimate_line(self.loaded), "bold"),
                    f"\nHow often: {often}. ",
                    f"Pain limit: {routine.pain_stop}/10 (press h during the session if it "
                    "hurts).",
                ),
                id="routine-estimate",
            )
            if routine.advice:
                heading = advice_heading(self.loaded.origin)  # the library's: not a therapist's
                yield Static(literal((heading, "bold"), routine.advice),
                             id="routine-advice")
            yield DosePlan(self.loaded)
            yield Static("Exercises", classes="section-title")
            yield Static(exercises_content(self.loaded), id="routine-exercises")
            taught = [(n, ex) for n, ex in enumerate(routine.exercises, start=1) if has_howto(ex)]
            if taught:
                yield Static("How to do them", classes="section-title")
                folder = self.loaded.path.parent
                for number, ex in taught:
                    yield ExerciseHowTo(number, ex, folder)
            if routine.flare is not None:
                yield Static("Flare day: the gentle version (press f)", classes="section-title")
                yield Static(flare_content(self.loaded), id="routine-flare")
        with Horizontal(id="routine-buttons"):
            yield Button("Start (S)", id="start", variant="success", compact=True)
            yield Button(self._program_label(), id="program", compact=True)
            yield Button("Back (Esc)", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self.query_one("#routine-body", VerticalScroll).focus()

    def _program_label(self) -> str:
        return "Remove from program (-)" if self.in_program else "Add to program (+)"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """+ only while the routine is not in the program, - only while it is."""
        if action == "program" and parameters:
            return parameters[0] != self.in_program
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        actions = {"start": self.action_start, "program": self.action_program,
                   "back": self.action_back}  # fmt: skip
        actions[str(event.button.id)]()

    def action_start(self) -> None:
        """Run the routine now."""
        self.app.start_session(self.loaded)

    def action_practice(self) -> None:
        """A practice run (not counted): the pace is asked first."""
        self.app.start_practice(self.loaded)

    def action_flare(self) -> None:
        """A flare day: run the gentle version now (counts as today's session)."""
        if self.loaded.routine.flare is not None:
            self.app.start_session(self.loaded, flare=True)

    def action_dose(self, choice: str) -> None:
        """Accept or decline the dose step offered."""
        self.query_one(DosePlan).answer(choice)

    def action_back(self) -> None:
        """Back to the start screen."""
        self.dismiss(None)

    def action_program(self, add: bool | None = None) -> None:
        """Add the routine to the program (``add`` True), take it out (False) or either (None:
        the button)."""
        add = not self.in_program if add is None else add
        if add == self.in_program:
            return
        self.query_one("#program", Button).disabled = True
        self.toggle_program(add)

    @work(thread=True, exclusive=True, group="routine-program")
    def toggle_program(self, add: bool) -> None:
        """Save the program change (worker thread), then report on the UI thread."""
        app = self.app
        loaded = self.loaded
        try:
            if add:
                program.put_in(app.ctx, loaded)
            else:
                program.drop(app.ctx, loaded.routine.id)
        except (StorageError, OSError) as exc:  # OSError: the routine file went away
            app.call_from_thread(self._program_done, self.in_program, str(exc))
            return
        app.call_from_thread(self._program_done, add, None)

    def _program_done(self, in_program: bool, problem: str | None) -> None:
        self.in_program = in_program
        self.refresh_bindings()
        button = self.query_one("#program", Button)
        button.label = self._program_label()
        button.disabled = False
        if problem:
            self.notify(problem, severity="error", markup=False)
        elif in_program:
            self.notify("Added to your program.", markup=False)
        else:
            self.notify("Taken out of your program. Its history is kept.", markup=False)
