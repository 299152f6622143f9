"""Pain ratings with the keyboard alone, in under 10 seconds.

:class:`PainRatingDialog` asks about several regions (before/after a session): type a digit
(``1`` then ``0`` for 10, or the arrows), Enter goes to the next region and, after the last,
saves; ``s``/``S`` skips a region (recorded as skipped, value None) and goes on to the next;
Backspace takes a value back; Escape cancels (None).

:class:`QuickPainDialog` is the one-region variant for ``h`` ("it hurts") during an exercise:
returns one :class:`PainRating` (value None when skipped) or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Static

from coach.domain.checkin import PAIN_WORDING
from coach.domain.records import PainRating
from coach.domain.regions import region_words
from coach.tui.dialogs.base import Dialog, dialog_css
from coach.tui.key_help import key_hint
from coach.tui.widgets.pain_scale import PainScale
from coach.tui.widgets.plain import plain_content

DIGITS_HINT = "Type 0-10 (10: 1 then 0) or {step}."
"""The keys hint starts with the digits (read by the scale) and the arrows (the ``step``
bindings); the rest comes from the bindings too (:func:`~coach.tui.key_help.key_hint`)."""


class RatingDialogBase(Dialog[object]):
    """Title, the scale's wording, one row per region, a keys hint (base of the rating dialogs)."""

    CSS_PATH = dialog_css(__file__)
    # Keys are handled here, in on_key, on the current row: not by a focused scale, and not by
    # bindings. Textual hands each key to the widget focused when the key is read, and runs a
    # binding only after the key has bubbled back up to the app; either way a key typed fast
    # after Enter would still reach the row just answered.
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False, tooltip="cancel")]
    KEY_BINDINGS: ClassVar[list[Binding]] = [
        Binding("enter", "next", "Next", tooltip="the next region (after the last one: save)"),
        Binding("down", "move(1)", "Down", tooltip="the next region"),
        Binding("up", "move(-1)", "Up", tooltip="the region before"),
        Binding("left", "step(-1)", "Less", tooltip="one less"),
        Binding("right", "step(1)", "More", tooltip="one more"),
        Binding("s,S,shift+s", "skip", "Skip", tooltip="skip this region (kept as skipped)"),
        Binding("minus,backspace,delete", "clear", "Clear", tooltip="take the value back"),
    ]
    """The keys :meth:`on_key` reads (not bindings, see above); the help lists them too."""
    KEY_ACTIONS = {b.key: parse(b.action)[1:] for b in Binding.make_bindings(KEY_BINDINGS)}
    HELP_TITLE = "rating your pain"
    HELP_EXTRA = "Type a number from 0 to 10 (for 10: 1 then 0)."
    HINT_ACTIONS = ("next", "skip", "cancel")
    """The actions named in the one-line keys hint (all of them are in the help)."""
    current = 0

    def __init__(
        self,
        regions: Sequence[str],
        title: str,
        initial: Mapping[str, int | None] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.regions = list(dict.fromkeys(regions))
        self.title_text = title
        self.initial = dict(initial or {})
        self.notes = dict(notes or {})

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_content(self.title_text), classes="dialog-title")
            yield Static(plain_content(PAIN_WORDING), classes="wording")
            with Vertical(id="rows"):
                for index, region in enumerate(self.regions):
                    with Horizontal(classes="rating-row"):
                        yield Static(plain_content(region_words(region)), classes="region")
                        yield PainScale(self.initial.get(region), id=f"scale-{index}")
                    if region in self.notes:
                        yield Static(plain_content(self.notes[region]), classes="wording")
            yield Static("", id="message", classes="message")
            yield Static(plain_content(self.keys_hint()), classes="keys")

    def keys_hint(self) -> str:
        """The line under the scales: the digits, then the hint actions' keys and words."""
        return key_hint(self, self.HINT_ACTIONS, DIGITS_HINT)

    def on_mount(self) -> None:
        if not self.regions:
            self.dismiss([])  # nothing to ask
            return
        for scale in self.scales():
            scale.can_focus = False
        self.set_focus(None)
        self._go_to(0)

    def on_resize(self) -> None:
        """On a narrow terminal the region names and the scale take less room."""
        self.set_class(self.size.width < 72, "-narrow")

    def _go_to(self, index: int) -> None:
        scales = self.scales()
        self.current = max(0, min(len(scales) - 1, index))
        for i, scale in enumerate(scales):
            scale.active = i == self.current
        scales[self.current].scroll_visible()

    def on_key(self, event: Key) -> None:
        """Digits rate the current region; Enter, arrows and S as in the keys hint."""
        if not self.regions:
            return
        handled = self.scales()[self.current].press(event.character)
        if not handled and event.key in self.KEY_ACTIONS:
            name, args = self.KEY_ACTIONS[event.key]
            getattr(self, f"action_{name}")(*args)
            handled = True
        if handled:
            event.stop()
            event.prevent_default()

    def action_move(self, delta: int) -> None:
        """Up/down: another region."""
        self._go_to(self.current + delta)

    def action_step(self, delta: int) -> None:
        """Left/right: one point less or more on the current region."""
        self.scales()[self.current].action_step(delta)

    def action_skip(self) -> None:
        """S (or s): leave the current region unrated (recorded as skipped) and go on to the
        next one, as Enter does (after the last, the answers are given)."""
        self.scales()[self.current].action_skip()
        self.action_next()

    def action_clear(self) -> None:
        """Backspace, Delete or -: take back the current region's value (stay on it)."""
        self.scales()[self.current].action_skip()

    def scales(self) -> list[PainScale]:
        """The scales, in region order."""
        return [self.query_one(f"#scale-{i}", PainScale) for i in range(len(self.regions))]

    def ratings(self) -> list[PainRating]:
        """One rating per region (None where not rated: skipped)."""
        return [
            PainRating(region=region, value=scale.value)
            for region, scale in zip(self.regions, self.scales(), strict=True)
        ]

    def action_next(self) -> None:
        """Enter: the next region, or finish after the last."""
        if self.current + 1 < len(self.regions):
            self._go_to(self.current + 1)
            return
        self.finish()

    def finish(self) -> None:
        """Close with the answers (subclasses decide their shape)."""
        self.dismiss(self.ratings())

    def action_cancel(self) -> None:
        """Escape: close without answers."""
        self.dismiss(None)


class PainRatingDialog(RatingDialogBase):
    """Pain 0-10 for several regions; dismisses with ``list[PainRating]`` or None (cancelled).

    ``initial`` pre-selects values by region; regions not rated are returned with value None.
    """

    def __init__(
        self,
        regions: Sequence[str],
        title: str = "How is your pain right now?",
        initial: Mapping[str, int | None] | None = None,
    ) -> None:
        super().__init__(regions, title, initial)


class QuickPainDialog(RatingDialogBase):
    """"It hurts": one region, one number, Enter. Dismisses with a PainRating or None."""

    def __init__(self, region: str, title: str | None = None) -> None:
        name = region_words(region)
        super().__init__([region], title or f"It hurts: how much pain in your {name} now?")

    def finish(self) -> None:
        """Close with the one rating (value None when skipped)."""
        self.dismiss(self.ratings()[0])
