"""What the session screen draws: phase band with the countdown, side banner, exercise, cues.

Readable from two metres: the band holds the remaining seconds as a :class:`BigNumber` about
40 % of the window's height (``40vh`` in ``session.tcss``) beside the phase word and the side
(LEFT/RIGHT) in big type; set and rep follow in big type; every size fits its box, from 60x20 to
200x60. The display is told everything through :meth:`SessionDisplay.show` (an engine snapshot)
and keeps no time of its own. Routine text (names, cues, equipment, notes, advice) is always
shown literally (see :func:`coach.tui.widgets.plain.literal`).
"""

from __future__ import annotations

import math
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ProgressBar, Static

from coach.domain.describe import describe_step, dosage_words, format_duration
from coach.domain.plan import Phase, Step
from coach.domain.timer_events import EngineState
from coach.tui.widgets.big_text import BigNumber, BigText
from coach.tui.widgets.exercise_picture import ExercisePicture, picture_path
from coach.tui.widgets.plain import literal

PHASE_WORDS: dict[Phase, str] = {
    Phase.GET_READY: "GET READY",
    Phase.WORK: "WORK",
    Phase.HOLD: "HOLD",
    Phase.REST: "REST",
    Phase.RELEASE: "RELEASE",
    Phase.SWITCH: "SWITCH SIDES",
    Phase.DONE: "DONE",
}
"""The phase as the client reads it on the band."""

TEMPO_WORDS = {"down": "DOWN", "pause": "PAUSE", "up": "UP"}
"""The band during a tempo rep: the part being done, with its own count."""

PHASE_CLASSES = {phase: f"-{phase.value.replace('_', '-')}" for phase in Phase}
"""CSS class of the display per phase (``-get-ready``, ``-work``, ...)."""


def countdown_text(seconds: float) -> str:
    """Time left as the big digits show it: whole seconds rounded up; ``m:ss`` from a minute."""
    whole = max(math.ceil(seconds - 1e-9), 0)
    if whole < 60:
        return str(whole)
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def elapsed_text(seconds: float) -> str:
    """Time so far in a rep-counted set, always ``m:ss`` (whole seconds, rounded down)."""
    minutes, secs = divmod(max(int(seconds), 0), 60)
    return f"{minutes}:{secs:02d}"


def big_count(step: Step | None) -> str:
    """Set and rep for the big type: ``SET 2/3 · REP 4/10``, ``10 REPS``, ``NEXT SET 2/3``;
    empty when there is nothing to count (get ready, switch, a single timed set)."""
    if step is None or step.phase in (Phase.GET_READY, Phase.SWITCH, Phase.DONE):
        return ""
    if step.phase is Phase.REST:
        return f"NEXT SET {step.set + 1}/{step.sets}" if step.set < step.sets else ""
    if step.phase is Phase.RELEASE and step.rep is not None and step.reps is not None:
        same = step.exercise.side == "alternate" and step.side == "left"  # then the right
        return f"NEXT REP {step.rep if same else step.rep + 1}/{step.reps}"
    parts = [f"SET {step.set}/{step.sets}"] if step.sets > 1 else []
    if step.rep is not None and step.reps is not None:
        parts.append(f"REP {step.rep}/{step.reps}")
    elif not step.timed and step.reps is not None:
        parts.append(f"{step.reps} REPS")
    return " · ".join(parts)


def count_line(step: Step) -> str:
    """``Set 2 of 3 · Rep 4 of 10 · left side``, or what to do in a rest, switch or get ready."""
    if step.phase is Phase.SWITCH:
        return f"Change sides: {step.side} side next" if step.side else "Change sides"
    if step.phase is Phase.REST:
        return f"Rest after set {step.set} of {step.sets}"
    if step.phase is Phase.RELEASE:
        return f"Let go after rep {step.rep} of {step.reps}"
    if step.phase is Phase.GET_READY:
        return f"Coming up: {dosage_words(step.exercise)}"
    parts = [f"Set {step.set} of {step.sets}"]
    if step.rep is not None and step.reps is not None:
        parts.append(f"Rep {step.rep} of {step.reps}")
    elif not step.timed and step.reps is not None:
        if step.alternate:
            parts.append(f"{step.reps // 2} reps each side, alternating")
        else:
            parts.append(f"{step.reps} reps")
    if step.side is not None:
        parts.append(f"{step.side} side")
    return " · ".join(parts)


class SessionDisplay(Vertical):
    """The live view of a session (everything except the buttons and the footer)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, object] = {}
        self.picture_folder: Path | None = None
        """The routine file's folder: exercise pictures are found there (None: no pictures)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="topline"):
            yield Static("", id="session-title", markup=False)
            yield Static("", id="exercise-count", markup=False)
        yield Static("", id="exercise-line", markup=False)
        with Horizontal(id="band"):
            with Vertical(id="band-words"):
                yield BigText("", id="phase-word")
                yield BigText("", id="side-banner")
            yield BigNumber("", id="countdown")
        yield BigText("", id="set-rep")
        yield Static("", id="count-line", markup=False)
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="step-bar")
        yield Static("", id="hint", markup=False)
        with VerticalScroll(id="details"):
            yield ExercisePicture(id="get-ready-picture")
            yield Static("", id="advice", markup=False)
            yield Static("", id="cues", markup=False)
        yield Static("", id="next-up", markup=False)
        with Horizontal(id="session-line"):
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="session-bar")
            yield Static("", id="time-left", markup=False)

    def _set(self, widget_id: str, value: Content | str) -> None:
        """Update a Static only when its content changed (a redraw costs nothing otherwise)."""
        widget = self.query_one(f"#{widget_id}", Static)
        content = value if isinstance(value, Content) else Content(value)
        key = (content.plain, tuple(content.spans))
        if self._shown.get(widget_id) != key:
            self._shown[widget_id] = key
            widget.update(content)

    def set_title(self, title: str) -> None:
        """The routine's title on the top line."""
        self._set("session-title", literal(title))

    def show(
        self,
        state: EngineState,
        *,
        exercises: int,
        advice: str | None = None,
        quiet_hint: str | None = None,
    ) -> None:
        """Draw an engine snapshot. ``advice`` (the therapist's note) is shown when given."""
        step = state.step
        self._phase_classes(state)
        paused = state.paused and not state.done
        word = PHASE_WORDS[state.phase]
        if state.tempo_part is not None:
            word = TEMPO_WORDS[state.tempo_part]
        self.query_one("#phase-word", BigText).update("PAUSED" if paused else word)
        digits = self.query_one("#countdown", BigNumber)
        if state.part_remaining_s is not None:
            digits.update(countdown_text(state.part_remaining_s))
        elif state.remaining_s is not None:
            digits.update(countdown_text(state.remaining_s))
        elif step is not None:
            digits.update(elapsed_text(state.elapsed_s))
        else:
            digits.update("")
        side = self.query_one("#side-banner", BigText)
        side.update({"left": "< LEFT", "right": "RIGHT >"}.get(state.side or "", ""))
        side.set_class(state.side == "left", "-left")
        side.set_class(state.side == "right", "-right")
        side.display = state.side is not None
        set_rep = self.query_one("#set-rep", BigText)
        set_rep.update(big_count(step))
        set_rep.set_class(not set_rep.label, "-empty")
        self.query_one("#step-bar", ProgressBar).update(progress=state.step_progress)
        self.query_one("#session-bar", ProgressBar).update(progress=state.session_progress)
        self._set("time-left", f"{format_duration(state.session_left_s)} left")
        if step is None:
            return
        ex = step.exercise
        self._set("exercise-count", f"Exercise {step.exercise_index + 1} of {exercises}")
        tail = " · ".join(p for p in (ex.kind, ex.region) if p)
        self._set("exercise-line", literal((ex.name, "bold"), f"  ·  {tail}" if tail else ""))
        self._set("count-line", count_line(step))
        hint = quiet_hint or self._hint(state, step)
        self._set("hint", hint)
        self.query_one("#hint", Static).set_class(not hint, "-empty")
        self._set("cues", self._details(step))
        at_start = step.phase is Phase.GET_READY
        picture = picture_path(self.picture_folder, ex) if at_start else None
        self.query_one("#get-ready-picture", ExercisePicture).show(picture)
        self._set("advice", literal(("From your therapist: ", "bold"), advice) if advice else "")
        self.query_one("#advice", Static).display = bool(advice)
        nxt = state.next_up
        self._set("next-up", literal("Next up: ", describe_step(nxt)) if nxt else "Next up: finish")

    def _phase_classes(self, state: EngineState) -> None:
        for phase, css in PHASE_CLASSES.items():
            self.set_class(state.phase is phase, css)
        self.set_class(state.paused and not state.done, "-paused")
        self.set_class(state.step is not None and not state.step.timed, "-untimed")

    @staticmethod
    def _hint(state: EngineState, step: Step) -> str:
        if state.paused:
            return "Paused. Press space to carry on."
        if not step.timed:
            return "Count your reps, then press Enter when the set is done."
        if step.phase is Phase.SWITCH:
            return f"Change to your {step.side} side." if step.side else "Change sides."
        if step.phase is Phase.REST:
            return "Rest and breathe."
        if step.phase is Phase.RELEASE:
            return "Let go and relax."
        if state.tempo_part is not None:
            tempo = step.exercise.tempo_s or (0, 0, 0)
            parts = zip(tempo, ("down", "pause", "up"), strict=True)
            return "Tempo: " + ", ".join(f"{n} s {label}" for n, label in parts if n) + "."
        if step.phase is Phase.GET_READY:
            return "Get into position."
        return ""

    @staticmethod
    def _details(step: Step) -> Content:
        ex = step.exercise
        pieces: list[str | tuple[str, str]] = []
        if ex.description and step.phase is Phase.GET_READY:  # how to do it, before it starts
            pieces.extend([ex.description, "\n"])
        for cue in ex.cues:
            pieces.append(f"• {cue}\n")
        if ex.equipment:
            pieces.extend([("You need: ", "bold"), ", ".join(ex.equipment), "\n"])
        if ex.note and step.phase is Phase.GET_READY:
            pieces.extend([ex.note, "\n"])
        return literal(*pieces).rstrip()
