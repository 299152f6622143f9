"""A screen's keys on one line at the bottom, drawn in the first frame (the home screen's)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget


class KeyBar(Widget):
    """The screen's keys on one line at the bottom, as Textual's Footer shows them (same colours;
    a click on a key presses it).

    One widget, drawn in the first frame: the Footer builds a widget per key and builds them
    again on every change of focus, which costs about a tenth of a second at start-up. For a
    screen whose keys do not change, or (``live``) that says when they change.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(
        self,
        bindings: Sequence[BindingType],
        drop_first: Sequence[str] = (),
        *,
        essential: Collection[str] | None = None,
        live: bool = False,
    ) -> None:
        super().__init__()
        self.keys = [b for b in bindings if isinstance(b, Binding) and b.show]
        self.drop_first = list(drop_first)
        """Actions whose keys give way first when the line is too narrow (in this order)."""
        self.essential = self.ESSENTIAL if essential is None else frozenset(essential)
        """Actions always shown, however narrow the line."""
        self.live = live
        """Show only the keys the screen's ``check_action`` allows now (as the Footer does);
        the screen calls :meth:`refresh` when they change."""
        self._spans: list[tuple[int, int, str]] = []

    ESSENTIAL = frozenset({"app.quit", "help"})
    """Actions always shown (quit and help): other keys give way, last first, when narrow."""

    def _working(self) -> list[Binding]:
        """The keys to show (all, or those that work now when ``live``)."""
        if not self.live:
            return list(self.keys)
        return [b for b in self.keys if self.screen.check_action(b.action, ()) is not False]

    def _fitting(self, width: int) -> list[Binding]:
        """The keys that fit in ``width`` cells."""
        keys = self._working()

        def cells(binding: Binding) -> int:
            return len(self.app.get_key_display(binding)) + len(binding.description) + 4

        while sum(cells(b) for b in keys) > width:
            optional = [b for b in keys if b.action not in self.essential]
            if not optional:
                break
            first = [b for action in self.drop_first for b in optional if b.action == action]
            keys.remove((first or optional[::-1])[0])
        return keys

    def render(self) -> Content:
        """`` c Check in `` per key: the key in bold, then what it does."""
        parts: list[str | tuple[str, str]] = []
        self._spans = []
        x = 0
        for binding in self._fitting(self.size.width):
            key = f" {self.app.get_key_display(binding)} "
            words = f"{binding.description} "
            parts += [
                (key, "bold $footer-key-foreground on $footer-key-background"),
                (words, "$footer-description-foreground on $footer-description-background"),
                " ",
            ]
            end = x + len(key) + len(words)
            self._spans.append((x, end, binding.key))
            x = end + 1
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
