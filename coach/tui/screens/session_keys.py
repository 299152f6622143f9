"""The session screen's keys and buttons: what each does, and the words the key line, the help
(``?``) and the buttons show.

One key can do two things (space pauses or carries on, Enter finishes a set or, after the
summary, continues): the screen's ``check_action`` says which works now, and the key line shows
only that one.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

BUTTONS = [
    ("pause", "Pause"),
    ("back", "◀ Back"),
    ("skip", "Skip ▶"),
    ("finish_set", "Set done ✓"),
    ("hurt", "It hurts"),
    ("quit", "Quit"),
    ("continue", "Continue"),
]
"""The buttons under the display, as (action, label); each does what its key does."""

KEYS_DROP_FIRST = ("back", "skip", "finish_set", "hurt")
"""Keys that give way first on a narrow key line (each is a button too)."""

KEYS_ALWAYS = frozenset({"pause", "quit", "help"})
"""Keys the key line always shows."""

BINDINGS: list[BindingType] = [  # the key line shows the short words, the help (?) the tooltips
    Binding("space", "pause", "Pause", tooltip="pause the session"),
    Binding("space", "resume", "Carry on", tooltip="carry on after a pause"),
    Binding("right,n", "skip", "Skip", key_display="→", tooltip="skip to the next exercise"),
    Binding("left,b", "back", "Back", key_display="←",
            tooltip="back one rep or set (press twice quickly: the exercise before)"),
    Binding("enter", "finish_set", "Set done",
            tooltip="finish a rep-counted set (one without a countdown)"),
    Binding("enter", "continue", "Continue",
            tooltip="after the summary: on to the check-in, or back to the start screen"),
    Binding("h", "hurt", "It hurts", tooltip="it hurts: rate your pain; above your limit "
            "you can skip, stop or carry on"),
    Binding("q", "quit", "Quit", tooltip="leave: finish later (carry on at this step) or "
            "stop (saved as partly done)"),
    Binding("question_mark", "help", "Help", tooltip="this help"),
]  # fmt: skip
