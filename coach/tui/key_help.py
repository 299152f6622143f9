"""The keys of a screen in words, built from its bindings (nothing here lists keys by hand).

:func:`help_lines` reads, in this order:

1. the keys of the widgets a client can reach on the screen (the list's arrows, a choice's
   Space), described by :data:`WIDGET_WORDS` (Textual's own action names → plain words; a
   widget action without words there is left out: page-down and the like);
2. the screen's own ``BINDINGS`` (its class and base classes but Textual's), each described by
   its ``tooltip`` (the long words) or else its ``description`` (the footer's short words), and
   its ``KEY_BINDINGS``: keys it reads in ``on_key`` itself (the pain dialogs, for speed);
3. Tab, when the screen has more than one place for the cursor;
4. the app's bindings (Ctrl+P, ...) not already listed, and not those its ``check_action``
   turns off on this screen (Ctrl+R during a session).

Keys doing the same thing share a line (``→ or n``). A new binding therefore shows in the help
by itself; its tooltip is where its words go.

:func:`key_hint` is the one-line version a dialog shows under its questions (the pain
ratings): the screen names the actions, the keys and short words come from the same bindings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding, BindingType
from textual.keys import format_key
from textual.screen import Screen
from textual.widget import Widget

KEY_NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "escape": "Escape",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "delete": "Delete",
    "backspace": "Backspace",
    "minus": "-",
    "plus": "+",
}
"""How a key is written in the help (Textual's names otherwise, e.g. ``pageup``)."""
ARROWS = ("↑", "↓", "←", "→")

WIDGET_WORDS = {
    "cursor_up": "move up and down the list",
    "cursor_down": "move up and down the list",
    "previous_button": "move between the choices",
    "next_button": "move between the choices",
    "toggle_button": "choose",
    "toggle_switch": "turn a switch on or off",
    "show_overlay": "open a list to choose from",
    "press": "press the button the cursor is on",
    "scroll_up": "scroll",
    "scroll_down": "scroll",
    "app.focus_next": "to the next part of the screen",
    "app.focus_previous": "back to the part before",
}
"""Words for the actions of Textual's widgets (and of its Screen) that a client uses."""
SCROLLING = frozenset({"scroll_up", "scroll_down"})
"""Listed only for keys nothing else on the screen uses (a list in a scrolling box)."""


@dataclass
class _Line:
    keys: list[str]
    words: str


def key_label(key: str) -> str:
    """``ctrl+p`` → ``Ctrl+P``; ``question_mark`` → ``?``; ``right`` → ``→``; ``n`` → ``n``."""
    *modifiers, name = key.split("+")
    label = KEY_NAMES.get(name) or format_key(name)
    if not modifiers:
        return label
    if len(label) == 1:
        label = label.upper()
    return "+".join([*(m.capitalize() for m in modifiers), label])


def _expanded(bindings: Iterable[BindingType]) -> Iterator[Binding]:
    """One Binding per key (``"right,n"`` is two)."""
    yield from Binding.make_bindings(bindings)


def _action(binding: Binding, on_app: bool = False) -> tuple[str, str]:
    """Where the action runs and its name: the screen's ``app.quit`` is the app's ``quit``."""
    if on_app or binding.action.startswith("app."):
        return ("app", binding.action.removeprefix("app."))
    return ("screen", binding.action)


def _words(binding: Binding) -> str:
    """The tooltip (the long words), else the footer's words as a phrase ("Save" → "save")."""
    short = binding.description
    return binding.tooltip or short[:1].lower() + short[1:]


def own_bindings(screen: Screen[object]) -> list[Binding]:
    """The screen's own bindings: its class and its base classes but Textual's own (Screen's
    Tab is listed apart, its copy key not at all), subclass first."""
    found: list[Binding] = []
    overridden: set[str] = set()  # as in Textual: a subclass's key replaces its bases' one
    for cls in type(screen).__mro__:
        if cls.__module__.startswith("textual."):
            continue
        mine = [
            binding
            for name in ("BINDINGS", "KEY_BINDINGS")  # KEY_BINDINGS: keys a screen reads itself
            for binding in _expanded(cls.__dict__.get(name, []))
            if binding.key not in overridden
        ]
        found += mine
        overridden |= {binding.key for binding in mine}
    return found


def _reachable_widgets(screen: Screen[object]) -> list[Widget]:
    """Widgets the cursor can reach (in focus order), once the screen is composed."""
    return [w for w in screen.focus_chain if not isinstance(w, Screen)]


class _Lines:
    """Help lines being collected: keys doing the same thing share a line."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.index: dict[object, _Line] = {}
        self.keys: set[str] = set()

    def add(self, binding: Binding, words: str, same: object) -> None:
        """Add ``binding``'s key to the line for ``same`` (an action, or the words)."""
        line = self.index.get(same)
        if line is None:
            line = self.index[same] = _Line([], words)
            self.lines.append(line)
        label = key_label(binding.key)
        if label not in line.keys:
            line.keys.append(label)
        self.keys.add(binding.key)


def help_lines(screen: Screen[object]) -> list[tuple[str, str]]:
    """``(keys, what they do)`` for the help dialog of ``screen`` (see the module docstring)."""
    lines = _Lines()
    widgets = _reachable_widgets(screen)
    own = own_bindings(screen)
    own_keys = {b.key for b in own}
    widget_bindings = [
        binding
        for widget in widgets
        for bindings in widget._bindings.key_to_bindings.values()
        for binding in bindings
        if binding.action in WIDGET_WORDS and binding.key not in own_keys  # else the screen's
    ]  # words say it
    for binding in sorted(widget_bindings, key=lambda b: b.action in SCROLLING):
        if binding.action not in SCROLLING or binding.key not in lines.keys:
            words = WIDGET_WORDS[binding.action]
            lines.add(binding, words, ("words", words))
    for binding in own:
        words = _words(binding) or WIDGET_WORDS.get(binding.action, "")
        if words:
            same = ("words", words) if binding.action in WIDGET_WORDS else _action(binding)
            lines.add(binding, words, same)
    if len(widgets) > 1:
        for binding in _expanded(Screen.BINDINGS):
            words = WIDGET_WORDS.get(binding.action, "")
            if words and binding.key not in lines.keys:
                lines.add(binding, words, ("words", words))
    for binding in _expanded(screen.app.BINDINGS):
        if screen.app.check_action(binding.action, ()) is False:
            continue  # the app's key does nothing here (Ctrl+R during a session)
        if _words(binding) and binding.key not in lines.keys:
            lines.add(binding, _words(binding), _action(binding, on_app=True))
    return [(_keys_text(line.keys), line.words) for line in lines.lines]


def _keys_text(keys: list[str]) -> str:
    """Keys joined with "or", arrows side by side where the first one is: ``→ or n``,
    ``Enter or Space or ↑ ↓``."""
    arrows = " ".join(sorted((k for k in keys if k in ARROWS), key=ARROWS.index))
    parts: list[str] = []
    for key in keys:
        if key not in ARROWS:
            parts.append(key)
        elif arrows not in parts:
            parts.append(arrows)
    return " or ".join(parts)


HINT_NAMES = {"escape": "Esc"}
"""Shorter key names for the one-line hints (the help writes them in full)."""


def key_hint(screen: Screen[Any], actions: Sequence[str], lead: str = "") -> str:
    """One line of keys for ``actions`` (action names, without arguments), in that order, from
    the screen's own bindings: each binding's first key (a single letter in capitals) and its
    footer words in lower case, ``Enter: next.  S: skip.  Esc: cancel.``, after ``lead``. In
    ``lead``, ``{name}`` stands for the keys of action ``name`` (``or {step}.`` -> ``or ← →.``).
    An action without a binding is left out."""
    keys: dict[str, list[str]] = {}
    words: dict[str, list[str]] = {}
    seen: set[str] = set()
    for binding in own_bindings(screen):
        name = binding.action.split("(", 1)[0]
        if binding.action in seen:
            continue  # the first key of a binding names it here ("s" of "s,S,shift+s")
        seen.add(binding.action)
        name_text = binding.key.split("+")[-1]
        label = HINT_NAMES.get(name_text) or key_label(binding.key)
        keys.setdefault(name, []).append(label.upper() if len(label) == 1 else label)
        word = binding.description[:1].lower() + binding.description[1:]
        if word and word not in words.setdefault(name, []):
            words[name].append(word)
    parts = [lead.format_map({name: " ".join(k) for name, k in keys.items()})] if lead else []
    parts += [f"{' '.join(keys[n])}: {' or '.join(words[n])}." for n in actions if n in keys]
    return "  ".join(parts)
