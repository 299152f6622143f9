"""The session screen: coaches the client through a routine, step by step.

It drives the one :class:`~coach.app.session_controller.SessionController` (the same as
``coach run --plain``): the controller keeps time on the injected monotonic ``clock`` and hands
out cues; the screen is one of its outputs (it draws and shows the summary), the sound and the
voice (:mod:`coach.services.cue_outputs`) another, and the log
is another (records are built on the UI thread, written in a worker thread).

No polling: after every operation the screen sets ONE timer for the controller's next change
(the next whole second of the count, a tempo part, the step's end) and redraws only then or
when a key changes something. Tests move a fake clock and call :meth:`SessionScreen.tick`.
While it runs, the garbage collector leaves the heap from before alone (:mod:`.session_heap`).
Routine text is shown literally, never as markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Static

from coach.app.session_checkins import asks_before, wants_after_check_in
from coach.app.session_controller import SessionController
from coach.domain.advice_words import advice_heading
from coach.domain.cues import Cue, CueKind
from coach.domain.describe import session_title
from coach.domain.plan import Plan, expand
from coach.domain.records import SessionRecord
from coach.domain.timer import Engine
from coach.library import LoadedRoutine
from coach.services.cue_outputs import CueOutputs
from coach.services.session_log import SessionRecorder, SessionRepo, local_now
from coach.tui.base import CoachScreen
from coach.tui.dialogs.help import HelpDialog
from coach.tui.dialogs.quit_session import QuitSessionDialog
from coach.tui.screens import session_checkins, session_heap, session_keys
from coach.tui.screens.session_saving import AppRepo, SessionWriter
from coach.tui.sound import outputs_for
from coach.tui.widgets.big_text import BigText
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.session_display import SessionDisplay
from coach.tui.widgets.session_summary import summary_content

WAKE_MARGIN_S = 0.002
"""The timer fires this much after the controller's next change (never just before it)."""


class SessionScreen(CoachScreen[None]):
    """Runs one routine (from its first step, or where an interrupted session stopped)."""

    CSS_PATH = "session.tcss"
    AUTO_FOCUS = None
    RUNS_SESSION = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    """Below 70 columns the buttons sit closer together (all of them fit at 60)."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Below 24 rows, while set and rep show in big type, the small set line gives way (the
    countdown keeps its 40 %)."""
    KEYS_DROP_FIRST = session_keys.KEYS_DROP_FIRST
    KEYS_ALWAYS = session_keys.KEYS_ALWAYS
    BINDINGS = session_keys.BINDINGS
    HELP_TITLE = "During a session"

    def __init__(
        self,
        loaded: LoadedRoutine,
        *,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        resume_from: SessionRecord | None = None,
        now: Callable[[], datetime] = local_now,
        flare: bool = False,
        practice: bool = False,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.flare = flare
        self.practice = practice  # asked for (a speed but 1 makes a practice run too)
        self.plan: Plan = expand(loaded.routine)
        self.clock = clock
        self.speed = speed
        self.resume_from = resume_from
        self.now = now
        self.controller: SessionController | None = None
        self.recorder: SessionRecorder | None = None
        self.final_record: SessionRecord | None = None
        self.outputs: CueOutputs | None = None
        """The session's sound and voice (the app's, shared by its sessions)."""
        self._wake: Timer | None = None
        self._live: tuple[SessionDisplay, Button, Button, BigText, Static] | None = None
        self._paused_label: bool | None = None
        self._advice_step: int | None = None
        self._held = False
        self._working_keys: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield SessionDisplay(id="display")
        summary = VerticalScroll(Static("", id="summary-text", markup=False), id="summary")
        summary.can_focus = False
        yield summary
        with Horizontal(id="controls"):
            for action, label in session_keys.BUTTONS:
                button = Button(label, id=f"btn-{action}", compact=True, action=f"screen.{action}")
                button.can_focus = False
                yield button
        yield KeyBar(
            self.BINDINGS, drop_first=self.KEYS_DROP_FIRST, essential=self.KEYS_ALWAYS, live=True
        )

    def on_mount(self) -> None:
        """Start the session at once (or show why it cannot start)."""
        session_heap.hold()  # released in on_unmount
        display = self.query_one(SessionDisplay)
        display.set_title(session_title(self.loaded.routine.title, self.flare))
        display.picture_folder = self.loaded.path.parent
        display.advice_heading = advice_heading(self.loaded.origin)
        for scroll in display.query(VerticalScroll):
            scroll.can_focus = False
        self.outputs = outputs_for(self.app)
        try:
            self.recorder = SessionRecorder(
                cast(SessionRepo, AppRepo(self.app.repo)),
                self.loaded,
                self.plan,
                speed=self.speed,
                now=self.now,
                resume_from=self.resume_from,
                flare=self.flare,
                practice=self.practice,
            )
        except ValueError:
            self._cannot_start(
                "This session was started with an older version of the routine, so it cannot "
                "be continued. Press q to go back; it is kept in your log as it is."
            )
            return
        rec = self.recorder
        display.set_title(session_title(self.loaded.routine.title, self.flare, rec.record.practice))
        self.controller = SessionController(self.plan, rec, clock=self.clock, speed=self.speed)
        self.controller.on_record(SessionWriter(self.app, rec).save)
        self.controller.subscribe(self.on_cues)
        if self.outputs is not None:
            self.controller.subscribe(self.outputs.cues)
        self._advice_step = rec.start_step if self.loaded.routine.advice else None
        self.redraw()
        if asks_before(self.loaded.routine, rec.record.practice) and self.resume_from is None:
            session_checkins.ask_before(self, self.begin)
        else:
            self.begin()

    def on_unmount(self) -> None:
        session_heap.release()

    @property
    def engine(self) -> Engine | None:
        """The controller's timer engine (None when the session could not start)."""
        return self.controller.engine if self.controller is not None else None

    def begin(self) -> None:
        """Start the clock: the session is saved as in progress and its first step begins."""
        if self.controller is None or self.controller.started:
            return
        self._run(self.controller.start)

    def _refresh_keys(self) -> None:
        """Redraw the key line only when the keys that work changed."""
        actions = [b.action for b in self.BINDINGS if isinstance(b, Binding)]
        working = frozenset(a for a in actions if self.check_action(a, ()))
        if working != self._working_keys:
            self._working_keys = working
            self._keys_changed()

    def _keys_changed(self) -> None:
        """The keys that work changed: the key line shows them (one widget, one line)."""
        self.refresh_bindings()
        self.query_one(KeyBar).refresh()

    def _cannot_start(self, message: str) -> None:
        self.add_class("-finished")
        self.query_one("#summary-text", Static).update(message)
        self._keys_changed()

    # ------------------------------------------------------------------ the clock

    def tick(self) -> None:
        """Catch up with the clock, redraw, and set the timer for the next change."""
        self._run(self.controller.tick if self.controller is not None else None)

    def _run(self, operation: Callable[[], list[Cue]] | None) -> None:
        """Run a controller operation (its cues come to :meth:`on_cues`), then redraw and
        set the one timer for the next change."""
        if operation is None or self.controller is None or self.final_record is not None:
            return
        operation()
        self.redraw()
        self._schedule()

    def _schedule(self) -> None:
        """One timer, for the moment the controller next changes by itself (none if never)."""
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        controller = self.controller
        due = controller.next_change_at() if controller is not None else None
        if due is None or self.final_record is not None:
            return
        delay = max(due - self.clock(), 0.0) + WAKE_MARGIN_S
        self._wake = self.set_timer(delay, self.tick, name="session-wake")

    def on_cues(self, cues: Sequence[Cue]) -> None:
        """The screen as an output of the controller: the keys, the summary at the end (the
        sound and the voice are outputs of their own)."""
        if any(c.is_step for c in cues):
            self._refresh_keys()
        if any(c.kind is CueKind.SESSION_DONE for c in cues):
            self._finish()

    def redraw(self) -> None:
        """Draw the engine's current state."""
        if self.engine is None or self.final_record is not None:
            return
        state = self.engine.state
        advice = self.loaded.routine.advice if state.step_index == self._advice_step else None
        if self._live is None:  # looked up once: a query each second costs more than a redraw
            display = self.query_one(SessionDisplay)
            pause = self.query_one("#btn-pause", Button)
            finish = self.query_one("#btn-finish_set", Button)
            set_rep = display.query_one("#set-rep", BigText)
            self._live = (display, pause, finish, set_rep, display.query_one("#count-line", Static))
        display, pause, finish, set_rep, count_line = self._live
        display.show(state, exercises=len(self.loaded.routine.exercises), advice=advice)
        if self._paused_label is not state.paused:
            self._paused_label = state.paused
            pause.label = "Carry on" if state.paused else "Pause"
            self._keys_changed()
        # Classes on the widgets they concern, never on the screen (that would restyle all),
        # and set only when they change
        timed = state.step is not None and state.step.timed
        if timed != finish.has_class("-timed"):
            finish.set_class(timed, "-timed")
        counting = bool(set_rep.label)  # the small set line's place (session.tcss)
        if counting != count_line.has_class("-counting"):
            count_line.set_class(counting, "-counting")

    def _finish(self) -> None:
        """The session ended: show the summary of its final record."""
        assert self.controller is not None
        record = self.controller.final_record
        assert record is not None
        self.final_record = record
        state = self.controller.state
        self.query_one(SessionDisplay).show(state, exercises=len(record.exercises))
        text = summary_content(record, after_check_in=self._wants_after_check_in())
        self.query_one("#summary-text", Static).update(text)
        self.add_class("-finished")
        summary = self.query_one("#summary", VerticalScroll)
        summary.can_focus = True  # ↑ ↓ scroll a long summary
        summary.focus()
        self._keys_changed()

    # ------------------------------------------------------------------ keys and buttons

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now."""
        finished = self.final_record is not None or self.engine is None
        if action == "continue":
            return finished
        if action in ("help", "quit"):
            return True
        if finished:
            return False
        if action in ("pause", "resume"):  # one key; the key line says what it does now
            paused = self.controller is not None and self.controller.state.paused
            return paused is (action == "resume")
        if action == "finish_set":
            state = self.engine.state if self.engine else None
            return bool(state and state.step is not None and not state.step.timed)
        return True

    def action_pause(self) -> None:
        """Pause, or carry on after a pause."""
        if self.controller is not None:
            self._held = False
            self._run(self.controller.toggle_pause)

    action_resume = action_pause

    def action_skip(self) -> None:
        """Leave this exercise for the next one."""
        if self.controller is not None:
            self._run(self.controller.skip)

    def action_back(self) -> None:
        """Back one rep or set (twice quickly: the exercise before)."""
        if self.controller is not None:
            self._run(self.controller.back)

    def action_finish_set(self) -> None:
        """End a rep-counted set."""
        if self.controller is not None:
            self._run(self.controller.finish_set)

    def action_continue(self) -> None:
        """After the summary: the after-session check-in if the routine asks for it, then home."""
        if self.final_record is None:
            if self.engine is None:
                self.dismiss()
            return
        if self._wants_after_check_in():
            session_checkins.after_session(self, self.leave)
        else:
            self.leave()

    def leave(self) -> None:
        """Back to the screen under the session (the home screen)."""
        self.dismiss()

    def action_quit(self) -> None:
        """Ask: finish later (kept open at this step), stop (saved as partly done), or go on."""
        if self.final_record is not None or self.controller is None:
            self.action_continue()
            return
        self.hold()
        practice = self.recorder is not None and self.recorder.record.practice
        self.app.push_screen(QuitSessionDialog(practice), self._quit_answer)

    def _quit_answer(self, choice: str | None) -> None:
        controller = self.controller
        if controller is None or choice is None:
            self.release()
            return
        if choice == "later":
            controller.finish_later()
            self.final_record = controller.final_record
            self.dismiss()
            self.app.notify(
                "Kept for later. Start this routine again to carry on where you left off.",
                markup=False,
            )
            return
        practice = self.recorder is not None and self.recorder.record.practice
        self.stop()
        self.dismiss()
        said = (  # as the question said: a practice run is saved as one, never counted
            "Practice run stopped. It is saved in your log as a practice run, partly done "
            "(never counted)." if practice
            else "Session stopped. What you did is saved as partly done."
        )  # fmt: skip
        self.app.notify(said, markup=False)

    def action_help(self) -> None:
        """Show the keys (the session waits while the help is open)."""
        self.hold()
        dialog = HelpDialog.for_screen(self)
        self.app.push_screen(dialog, lambda _: self.release())

    def action_hurt(self) -> None:
        """Rate the pain now; above the routine's limit, offer skip, stop or carry on."""
        if self.engine is None or self.final_record is not None:
            return
        self.hold(pain=True)
        session_checkins.rate_pain(self)

    # ------------------------------------------------------------------ pausing for dialogs

    def hold(self, pain: bool = False) -> None:
        """Pause while a dialog is open (remembering to carry on after if it was running)."""
        controller = self.controller
        if controller is None or controller.state.paused or self.final_record is not None:
            return
        self._held = True
        self._run(lambda: controller.pause(for_pain=pain))

    def release(self) -> None:
        """Carry on after a dialog, if the dialog paused the session."""
        if self._held and self.controller is not None:
            self._held = False
            self._run(self.controller.resume)

    def stop(self) -> None:
        """End the session now, saved as partly done (whatever paused it)."""
        if self.controller is not None:
            self._held = False
            self._run(self.controller.quit)

    def _wants_after_check_in(self) -> bool:
        practice = self.recorder is not None and self.recorder.record.practice
        return wants_after_check_in(self.loaded.routine, practice)
