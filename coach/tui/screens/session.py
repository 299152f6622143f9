"""The session screen: coaches the client through a routine, step by step.

The timer engine (:class:`coach.domain.timer.Engine`) keeps time on the injected monotonic
``clock``; this screen calls :meth:`SessionScreen.tick` ten times a second (tests call it after
moving a fake clock) and draws the engine's snapshot. Every exercise boundary is saved through
the :class:`~coach.services.session_log.SessionRecorder`: the record is built on the UI thread,
written in a worker thread. Routine text is shown literally, never as markup.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Static

from coach.domain.cues import cues_for
from coach.domain.plan import Plan, expand
from coach.domain.records import SessionRecord
from coach.domain.timer import Engine
from coach.domain.timer_events import Event, PhaseChanged, SessionDone
from coach.library import LoadedRoutine
from coach.services.cue_outputs import CueOutputs
from coach.services.session_log import SessionRecorder, SessionRepo, local_now
from coach.tui.base import CoachScreen
from coach.tui.sound import outputs_for
from coach.tui.widgets.session_display import SessionDisplay
from coach.tui.widgets.session_summary import summary_content

TICK_S = 0.1
"""How often the screen asks the engine to catch up with the clock (any value works)."""

SESSION_KEYS: list[tuple[str, str]] = [
    ("space", "pause, or carry on after a pause"),
    ("→ or n", "skip to the next exercise"),
    ("← or b", "start this exercise again (early on: go back to the one before)"),
    ("Enter", "finish a rep-counted set (one without a countdown)"),
    ("h", "it hurts: rate your pain; above your limit you can skip, stop or carry on"),
    ("q", "stop the session (what you did is saved)"),
    ("?", "this help"),
]
"""The session keys as the help dialog lists them."""

_BUTTONS = [
    ("pause", "Pause"),
    ("back", "◀ Back"),
    ("skip", "Skip ▶"),
    ("finish_set", "Set done ✓"),
    ("hurt", "It hurts"),
    ("quit", "Quit"),
    ("continue", "Continue"),
]


class _AppRepo:
    """The app's repository, opened on first use (which happens in a worker thread)."""

    def __init__(self, opener: Callable[[], Any]) -> None:
        self._open = opener

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)


class SessionScreen(CoachScreen[None]):
    """Runs one routine (from its first step, or where an interrupted session stopped)."""

    CSS_PATH = "session.tcss"
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("right,n", "skip", "Skip", key_display="→"),
        Binding("left,b", "back", "Back", key_display="←"),
        Binding("enter", "finish_set", "Set done"),
        Binding("enter", "continue", "Continue"),
        Binding("h", "hurt", "It hurts"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        loaded: LoadedRoutine,
        *,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        resume_from: SessionRecord | None = None,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.plan: Plan = expand(loaded.routine)
        self.clock = clock
        self.speed = speed
        self.resume_from = resume_from
        self.now = now
        self.engine: Engine | None = None
        self.recorder: SessionRecorder | None = None
        self.final_record: SessionRecord | None = None
        self.outputs: CueOutputs | None = None
        """The session's sound and voice (the app's, shared by its sessions)."""
        self._advice_step: int | None = None
        self._held = False
        self._save_lock = threading.Lock()
        self._save_seq = 0
        self._saved_seq = -1

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield SessionDisplay(id="display")
        summary = VerticalScroll(Static("", id="summary-text", markup=False), id="summary")
        summary.can_focus = False
        yield summary
        with Horizontal(id="controls"):
            for action, label in _BUTTONS:
                button = Button(label, id=f"btn-{action}", compact=True, action=f"screen.{action}")
                button.can_focus = False
                yield button
        yield Footer()

    def on_mount(self) -> None:
        """Start the session at once (or show why it cannot start)."""
        display = self.query_one(SessionDisplay)
        display.set_title(self.loaded.routine.title)
        for scroll in display.query(VerticalScroll):
            scroll.can_focus = False
        self.outputs = outputs_for(self.app)
        try:
            self.recorder = SessionRecorder(
                cast(SessionRepo, _AppRepo(self.app.repo)),
                self.loaded,
                self.plan,
                speed=self.speed,
                now=self.now,
                resume_from=self.resume_from,
            )
        except ValueError:
            self._cannot_start(
                "This session was started with an older version of the routine, so it cannot "
                "be continued. Press q to go back; it is kept in your log as it is."
            )
            return
        rec = self.recorder
        self.engine = Engine(
            self.plan, self.clock, self.speed, start_step=rec.start_step, prior_log=rec.prior_log
        )
        self._advice_step = rec.start_step if self.loaded.routine.advice else None
        self.redraw()
        if self.loaded.routine.check_in.before and self.resume_from is None:
            from coach.tui.screens import session_checkins

            session_checkins.ask_before(self, self.begin)
        else:
            self.begin()

    def begin(self) -> None:
        """Start the clock: the session is saved as in progress and its first step begins."""
        if self.engine is None or self.recorder is None or self.engine.state.started:
            return
        self._save(self.recorder.begin())
        self._after(self.engine.start())
        self.set_interval(TICK_S, self.tick, name="session-tick")

    def _cannot_start(self, message: str) -> None:
        self.add_class("-finished")
        self.query_one("#summary-text", Static).update(message)
        self.refresh_bindings()

    # ------------------------------------------------------------------ the clock

    def tick(self) -> None:
        """Catch the engine up with the clock and redraw (called by the interval timer)."""
        if self.engine is not None and self.final_record is None:
            self._after(self.engine.tick())

    def _after(self, events: list[Event]) -> None:
        """React to what an engine operation reported: sound, save, redraw."""
        engine, recorder = self.engine, self.recorder
        if engine is None or recorder is None:
            return
        if self.outputs is not None:
            state = engine.state
            self.outputs.cues(cues_for(events, state.step, state.step_index, self.plan.steps))
        if any(isinstance(e, SessionDone) for e in events):
            self._finish()
        elif recorder.needs_save(events):
            self._save(recorder.snapshot(engine))
        if any(isinstance(e, PhaseChanged) for e in events):
            self.refresh_bindings()
        self.redraw()

    def redraw(self) -> None:
        """Draw the engine's current state."""
        if self.engine is None or self.final_record is not None:
            return
        state = self.engine.state
        advice = self.loaded.routine.advice if state.step_index == self._advice_step else None
        self.query_one(SessionDisplay).show(
            state, exercises=len(self.loaded.routine.exercises), advice=advice
        )
        self.query_one("#btn-pause", Button).label = "Carry on" if state.paused else "Pause"
        self.set_class(state.step is not None and state.step.timed, "-timed-step")

    def _finish(self, status: str | None = None) -> None:
        """The session ended: save the final record and show the summary."""
        assert self.engine is not None and self.recorder is not None
        record = self.recorder.finish(self.engine, status)  # type: ignore[arg-type]
        self.final_record = record
        self._save(record)
        state = self.engine.state
        self.query_one(SessionDisplay).show(state, exercises=len(record.exercises))
        text = summary_content(record, after_check_in=self._wants_after_check_in())
        self.query_one("#summary-text", Static).update(text)
        self.add_class("-finished")
        summary = self.query_one("#summary", VerticalScroll)
        summary.can_focus = True  # ↑ ↓ scroll a long summary
        summary.focus()
        self.refresh_bindings()

    # ------------------------------------------------------------------ saving

    def _save(self, record: SessionRecord) -> None:
        """Write ``record`` in a worker thread (an app worker: it outlives this screen)."""
        self._save_seq += 1
        work = partial(self._write, record, self._save_seq)
        self.app.run_worker(work, thread=True, group="session-save", exit_on_error=False)

    def _write(self, record: SessionRecord, seq: int) -> None:
        """Write a record (blocking: worker thread only); never an older over a newer one."""
        assert self.recorder is not None
        with self._save_lock:
            if seq < self._saved_seq:
                return
            try:
                self.recorder.write(record)
            except Exception as exc:  # noqa: BLE001 - the client sees a message, never a crash
                from coach.storage.errors import StorageError

                detail = str(exc) if isinstance(exc, StorageError) else "the data folder failed"
                self.app.call_from_thread(
                    self.app.notify,
                    f"Your session could not be saved: {detail}",
                    severity="error",
                    markup=False,
                    timeout=10,
                )
                return
            self._saved_seq = seq

    # ------------------------------------------------------------------ keys and buttons

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now."""
        finished = self.final_record is not None or self.engine is None
        if action == "continue":
            return finished
        if action in ("help",):
            return True
        if action == "quit":
            return True
        if finished:
            return False
        if action == "finish_set":
            state = self.engine.state if self.engine else None
            return bool(state and state.step is not None and not state.step.timed)
        return True

    def _run(self, operation: Callable[[], list[Event]]) -> None:
        if self.engine is not None and self.final_record is None:
            self._after(operation())

    def action_pause(self) -> None:
        """Pause, or carry on after a pause."""
        if self.engine is not None:
            self._held = False
            self._run(self.engine.toggle_pause)

    def action_skip(self) -> None:
        """Leave this exercise for the next one."""
        if self.engine is not None:
            self._run(self.engine.skip)

    def action_back(self) -> None:
        """Start this exercise again (or go back to the previous one)."""
        if self.engine is not None:
            self._run(self.engine.back)

    def action_finish_set(self) -> None:
        """End a rep-counted set."""
        if self.engine is not None:
            self._run(self.engine.finish_set)

    def action_continue(self) -> None:
        """After the summary: the after-session check-in if the routine asks for it, then home."""
        if self.final_record is None:
            if self.engine is None:
                self.dismiss()
            return
        if self._wants_after_check_in():
            from coach.tui.screens import session_checkins

            session_checkins.after_session(self, self.leave)
        else:
            self.leave()

    def leave(self) -> None:
        """Back to the screen under the session (the home screen)."""
        self.dismiss()

    def action_quit(self) -> None:
        """Ask before stopping; a stopped session is saved as partial."""
        if self.final_record is not None or self.engine is None:
            self.action_continue()
            return
        from coach.tui.dialogs.quit_session import QuitSessionDialog

        self.hold()
        self.app.push_screen(QuitSessionDialog(), self._quit_answer)

    def _quit_answer(self, stop: bool | None) -> None:
        if stop and self.engine is not None:
            self._after(self.engine.quit())
            self.dismiss()
            self.app.notify("Session stopped. What you did is saved.", markup=False)
        else:
            self.release()

    def action_help(self) -> None:
        """Show the keys (the session waits while the help is open)."""
        from coach.tui.dialogs.help import HelpDialog

        self.hold()
        dialog = HelpDialog("During a session", SESSION_KEYS)
        self.app.push_screen(dialog, lambda _: self.release())

    def action_hurt(self) -> None:
        """Rate the pain now; above the routine's limit, offer skip, stop or carry on."""
        if self.engine is None or self.final_record is not None:
            return
        from coach.tui.screens import session_checkins

        self.hold(pain=True)
        session_checkins.rate_pain(self)

    # ------------------------------------------------------------------ pausing for dialogs

    def hold(self, pain: bool = False) -> None:
        """Pause while a dialog is open (remembering to carry on after if it was running)."""
        if self.engine is None or self.engine.state.paused or self.final_record is not None:
            return
        self._held = True
        self._run(self.engine.pause_for_pain if pain else self.engine.pause)

    def release(self) -> None:
        """Carry on after a dialog, if the dialog paused the session."""
        if self._held and self.engine is not None:
            self._held = False
            self._run(self.engine.resume)

    def end_for_pain(self) -> None:
        """Stop the session because of pain: saved as partial, summary shown."""
        if self.engine is not None:
            self._held = False
            self._run(self.engine.quit)

    def skip_for_pain(self) -> None:
        """Skip the exercise that hurts and carry on with the next one."""
        if self.engine is not None:
            self._run(self.engine.skip)
            self.release()

    def _wants_after_check_in(self) -> bool:
        return bool(self.loaded.routine.check_in.after)
