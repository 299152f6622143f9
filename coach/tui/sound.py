"""The TUI's sound and voice: one :class:`~coach.services.cue_outputs.CueOutputs` per app.

Made on first use (a session starting) with the bell rung through the app and problems shown
as a toast; the saved voice/sound choices are read in a worker, so nothing waits on the data
folder. ``coach run --quiet`` silences both, ``--voice`` / ``--no-voice`` decide the voice for
the run (``app.quiet``, ``app.voice``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from coach.services.cue_outputs import CueOutputs, SoundPrefs, decide, load_prefs

_ATTR = "_coach_cue_outputs"


def call_on_ui(app: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Call ``fn`` on the app's UI thread, from that thread or any other (never raises)."""
    try:
        if threading.get_ident() == getattr(app, "_thread_id", None):
            fn(*args, **kwargs)
        else:
            app.call_from_thread(fn, *args, **kwargs)
    except Exception:  # noqa: BLE001 - the app may be closing: a sound is not worth a crash
        pass


def current_outputs(app: Any) -> CueOutputs | None:
    """The app's sound and voice if a session made them, else None."""
    return getattr(app, _ATTR, None)


def install_outputs(app: Any, outputs: CueOutputs) -> None:
    """Use these outputs for the app's sessions (tests: a recorded bell, no real sound)."""
    setattr(app, _ATTR, outputs)


def outputs_for(app: Any) -> CueOutputs:
    """The app's sound and voice (made once; the saved choices are applied from a worker)."""
    outputs: CueOutputs | None = getattr(app, _ATTR, None)
    if outputs is not None:
        return outputs
    quiet = bool(getattr(app, "quiet", False))
    voice: bool | None = getattr(app, "voice", None)
    outputs = CueOutputs.create(
        ring=lambda: call_on_ui(app, app.bell),
        on_problem=lambda message: call_on_ui(
            app, app.notify, message, title="Voice", severity="warning", markup=False, timeout=8
        ),
        choice=decide(SoundPrefs(), quiet=quiet, voice=voice),
    )
    setattr(app, _ATTR, outputs)
    opener = getattr(app, "repo", None)
    if callable(opener) and not quiet:

        def apply_saved() -> None:
            try:
                choice = decide(load_prefs(opener()), quiet=quiet, voice=voice)
            except Exception:  # noqa: BLE001 - the home screen reports storage problems
                return
            outputs.sound.enabled = choice.sounds
            outputs.voice.enabled = choice.voice

        app.run_worker(apply_saved, thread=True, group="sound-prefs", exit_on_error=False)
    return outputs
