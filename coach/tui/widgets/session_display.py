"""What the session screen draws: phase band with the countdown, side banner, exercise, cues.

Readable from two metres: the band (:class:`SessionBand`, one widget) holds the remaining
seconds about 40 % of the window's height beside the phase word and the side (LEFT/RIGHT) in big
type, with the step's bar as its last row; set and rep follow in big type; every size fits its
box, from 60x20 to 200x60. The display is told everything through :meth:`SessionDisplay.show`
(an engine snapshot) and keeps no time of its own. Routine text (names, cues, equipment, notes,
advice) is always shown literally (see :func:`coach.tui.widgets.plain.literal`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from coach.domain.describe import describe_step, dosage_words, time_left_text
from coach.domain.plan import Phase, Step
from coach.domain.regions import region_words
from coach.domain.timer_events import EngineState
from coach.tui.widgets.big_text import BigText
from coach.tui.widgets.exercise_picture import ExercisePicture, picture_path
from coach.tui.widgets.plain import literal
from coach.tui.widgets.readouts import ProgressLine, Readout
from coach.tui.widgets.session_band import SessionBand

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

PHASE_TONES = {phase: phase.value.replace("_", "-") for phase in Phase}
"""The band's colour per phase (``get-ready``, ``work``, ...; ``paused`` while paused)."""


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
        self._classes_for: tuple[object, ...] = ()
        self._texts_for: tuple[object, ...] = ()
        self._session_for: tuple[int, str] | None = None
        self._widgets: dict[str, Widget] = {}
        self.picture_folder: Path | None = None
        """The routine file's folder: exercise pictures are found there (None: no pictures)."""
        self.advice_heading = "From your therapist: "
        """The words before the advice (``Advice:`` for coach's library: domain.advice_words)."""

    def compose(self) -> ComposeResult:
        # Each second only the band changes (one widget). The rows above and below it sit in a
        # box of their own: Textual walks every widget whose box overlaps a change, so only the
        # band and the few boxes around it are walked each second.
        with Vertical(id="upper"):
            with Horizontal(id="topline"):
                yield Static("", id="session-title", markup=False)
                yield Static("", id="exercise-count", markup=False)
            yield Static("", id="exercise-line", markup=False)
        yield SessionBand(id="band")
        with Vertical(id="lower"):
            set_rep = BigText("", id="set-rep")
            set_rep.display = False  # until there is a set or a rep to show
            yield set_rep
            yield Static("", id="count-line", markup=False)
            yield Static("", id="hint", markup=False)
            with VerticalScroll(id="details"):
                yield ExercisePicture(id="get-ready-picture")
                yield Static("", id="advice", markup=False)
                yield Static("", id="cues", markup=False)
            yield Static("", id="next-up", markup=False)
            with Horizontal(id="session-line"):
                yield ProgressLine(id="session-bar")
                yield Readout(id="time-left")

    def _widget(self, widget_id: str) -> Widget:
        """A widget of the display by id, looked up once (the display never replaces one)."""
        widget = self._widgets.get(widget_id)
        if widget is None:
            widget = self._widgets[widget_id] = self.query_one(f"#{widget_id}")
        return widget

    def _set(self, widget_id: str, value: Content | str) -> None:
        """Update a Static only when its content changed (a redraw costs nothing otherwise)."""
        widget = cast(Static, self._widget(widget_id))
        content = value if isinstance(value, Content) else Content(value)
        key = (content.plain, tuple(content.spans))
        if self._shown.get(widget_id) != key:
            self._shown[widget_id] = key
            # a hidden line is measured when it shows (that lays the screen out anyway)
            widget.update(content, layout=widget.display and not self._same_height(widget))

    def _same_height(self, widget: Static) -> bool:
        """True when the widget's new content takes as many rows as it has now: then it is only
        repainted, and the screen is not laid out again (the costly part of a redraw)."""
        size = widget.content_size
        if not size.width or widget.parent is None or widget.parent.id == "details":
            return False  # not laid out yet; the scrolling details need their new height
        needed = widget.get_content_height(size, self.app.size, size.width)
        return bool(needed == size.height)

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
        """Draw an engine snapshot. ``advice`` (the therapist's note) is shown when given.

        Every second only the band (with the step's bar) and (once a minute or at a new step)
        the session's line change; the step's words are worked out again only for a new step or
        a pause (see :meth:`_step_texts`).
        """
        step = state.step
        self._hint_classes(state)
        paused = state.paused and not state.done
        word = PHASE_WORDS[state.phase]
        if state.tempo_part is not None:
            word = TEMPO_WORDS[state.tempo_part]
        if state.part_remaining_s is not None:
            number = countdown_text(state.part_remaining_s)
        elif state.remaining_s is not None:
            number = countdown_text(state.remaining_s)
        elif step is not None:
            number = elapsed_text(state.elapsed_s)
        else:
            number = ""
        cast(SessionBand, self._widget("band")).show(
            word="PAUSED" if paused else word,
            side=state.side,
            number="" if state.done else number,
            tone="paused" if paused else PHASE_TONES[state.phase],
            bar=None if state.done else state.step_progress,
        )
        set_rep = cast(BigText, self._widget("set-rep"))
        counting = big_count(step)
        if counting != set_rep.label:
            set_rep.update(counting)
            set_rep.display = bool(counting)
        self._session_line(state)
        if step is None:
            return
        # the tempo hint is the same for every part: a new part changes none of the words
        tempo = state.tempo_part is not None
        key = (state.step_index, paused, tempo, exercises, advice, quiet_hint)
        if key != self._texts_for:
            self._texts_for = key
            self._step_texts(state, step, exercises, advice, quiet_hint)

    def _session_line(self, state: EngineState) -> None:
        """The session's bar and time left, redrawn at a new step or a new minute only: the
        line sits at the bottom, and a change there on top of the band's each second would make
        Textual repaint every row in between."""
        left = time_left_text(state.clock_left_s)
        if (state.step_index, left) == self._session_for:
            return
        self._session_for = (state.step_index, left)
        cast(ProgressLine, self._widget("session-bar")).update(state.session_progress)
        # real minutes, as the pace dialog said: a 10 min routine at 3x is "3 min left"
        cast(Readout, self._widget("time-left")).update(left)

    def _step_texts(
        self, state: EngineState, step: Step, exercises: int, advice: str | None,
        quiet_hint: str | None,
    ) -> None:  # fmt: skip
        """The step's words: exercise, count line, hint, details, picture, advice, next up."""
        ex = step.exercise
        self._set("exercise-count", f"Exercise {step.exercise_index + 1} of {exercises}")
        tail = " · ".join(p for p in (ex.kind, ex.region and region_words(ex.region)) if p)
        self._set("exercise-line", literal((ex.name, "bold"), f"  ·  {tail}" if tail else ""))
        self._set("count-line", count_line(step))
        hint = quiet_hint or self._hint(state, step)
        self._set("hint", hint)
        self._widget("hint").set_class(not hint, "-empty")
        self._set("cues", self._details(step))
        at_start = step.phase is Phase.GET_READY
        picture = picture_path(self.picture_folder, ex) if at_start else None
        cast(ExercisePicture, self._widget("get-ready-picture")).show(picture)
        heading = self.advice_heading
        self._set("advice", literal((heading, "bold"), advice) if advice else "")
        self._widget("advice").display = bool(advice)
        nxt = state.next_up
        self._set("next-up", literal("Next up: ", describe_step(nxt)) if nxt else "Next up: finish")

    def _hint_classes(self, state: EngineState) -> None:
        """The paused and untimed classes of the hint (touched only when they change, and only
        there: a class change restyles the widgets under it; the band has colours of its own)."""
        wanted = (state.paused and not state.done, state.step is not None and not state.step.timed)
        if wanted == self._classes_for:
            return
        self._classes_for = wanted
        hint = self._widget("hint")
        hint.set_class(wanted[0], "-paused")
        hint.set_class(wanted[1], "-untimed")

    @staticmethod
    def _hint(state: EngineState, step: Step) -> str:
        """What to do now, in a line. Every phase of a running session has one, so the line
        never comes and goes between holds, releases, work and rest (each time it did, the
        screen was laid out again two or three times)."""
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
        if step.phase is Phase.HOLD:
            return "Hold the position and keep breathing."
        if step.phase is Phase.WORK:
            return "Keep going at a steady, easy pace."
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
