"""The session's band: phase word, side (LEFT/RIGHT), the countdown and the step's bar, drawn
by ONE widget.

Readable from two metres: the remaining seconds are segment digits as tall as the band (about
40 % of the window's height), beside the phase word and, under it, the side in big type; the
step's progress bar is the band's last row. The colours come from component classes (one per
tone: get ready, work, hold, rest, release, switch, done, paused; one per side), so a new phase
restyles nothing: the band only draws its rows in other colours.

Why one widget: every second the number (and the bar) change. Textual repaints by walking every
widget whose box overlaps the changed rows; with the changes inside one widget, only that widget
and the few boxes around it are walked, and only the rows that differ are drawn again (from one
count to the next most rows of the digits stay the same). A new number shape ("10" -> "9") moves
the words' edge without a new layout of the screen.

The band keeps no time: :meth:`SessionBand.show` tells it what to show. Only the app's own words
are drawn here (never routine text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from coach.tui.widgets.big_font import fit_words, number_rows, number_width
from coach.tui.widgets.big_text import place

TONES = ("get-ready", "work", "hold", "rest", "release", "switch", "done", "paused")
"""The band's colours: one per phase, and grey while paused."""

SIDE_WORDS = {"left": "< LEFT", "right": "RIGHT >"}
"""The side as the band shows it."""

PARTS = ("word", "side", "number", "bar")
"""The band's parts (see :meth:`SessionBand.part_region`)."""

Row = tuple[int, str]
"""A row of a part as drawn: cells of space on its left, the line ("" for a blank row)."""


@dataclass(frozen=True)
class Parts:
    """Where the band's parts sit, in cells of the band (x, y, width, height); width 0: not
    shown."""

    word: Region
    side: Region
    number: Region
    bar: Region


class SessionBand(Widget):
    """Phase word, side, countdown and step bar in one widget (see the module's docstring)."""

    COMPONENT_CLASSES = {f"session-band--{tone}" for tone in TONES} | {
        "session-band--left",
        "session-band--right",
    }
    DEFAULT_CSS = """
    SessionBand {
        height: auto;
    }
    SessionBand > .session-band--get-ready { background: #1f5fae; color: #ffffff; }
    SessionBand > .session-band--work { background: #1e7b34; color: #ffffff; }
    SessionBand > .session-band--hold { background: #b34700; color: #ffffff; }
    SessionBand > .session-band--rest { background: #00707a; color: #ffffff; }
    SessionBand > .session-band--release { background: #00707a; color: #ffffff; }
    SessionBand > .session-band--switch { background: #6a1b9a; color: #ffffff; }
    SessionBand > .session-band--done { background: #1e7b34; color: #ffffff; }
    SessionBand > .session-band--paused { background: #5a5a5a; color: #ffffff; }
    SessionBand > .session-band--left { background: #ffd400; color: #000000; }
    SessionBand > .session-band--right { background: #3fb6ff; color: #000000; }
    """

    SHARE = 0.4
    """The band's height (without the bar) as a share of the window's height."""
    MIN_ROWS = 3
    MAX_NUMBER_SHARE = 0.7
    """The largest share of the band's width the number may take."""
    PAD = 1
    """Cells of band colour at the left and right edges."""
    GAP = 2
    """Cells between the words and the number."""
    TODO_SHARE = 0.35
    """How much of the text colour the bar's part still to do mixes into the background."""
    KEPT = 16
    """How many placements of words and numbers (and layouts of the parts) are kept."""
    ROWS_KEPT = 256
    """How many drawn rows are kept."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._word = ""
        self._side: str | None = None
        self._number = ""
        self._tone = "get-ready"
        self._bar: float | None = 0.0
        self._drawn: list[tuple[object, ...]] = []
        """The key of each row as drawn (or about to be): a row is repainted when it differs."""
        self._strips: dict[tuple[object, ...], Strip] = {}
        """Rows drawn, by key (a count goes back and forth: its rows come back)."""
        self._placed: dict[tuple[object, ...], list[Row]] = {}
        self._parts: dict[tuple[object, ...], Parts] = {}
        self._styles: dict[str, tuple[Style, Style, Style]] = {}

    # ------------------------------------------------------------------ what it shows

    @property
    def word(self) -> str:
        """The phase word shown (``GET READY``, ``HOLD``, ``DOWN``, ``PAUSED``...)."""
        return self._word

    @property
    def side_word(self) -> str:
        """``< LEFT``, ``RIGHT >`` or empty."""
        return SIDE_WORDS.get(self._side or "", "")

    @property
    def number(self) -> str:
        """The countdown shown (``45``, ``1:30``; empty when none)."""
        return self._number

    @property
    def tone(self) -> str:
        """The band's colour: one of :data:`TONES`."""
        return self._tone

    @property
    def bar(self) -> float | None:
        """The step's progress, 0 to 1 (None: no bar row, at the end of a session)."""
        return self._bar

    def show(
        self, *, word: str, side: str | None, number: str, tone: str, bar: float | None
    ) -> None:
        """Show these; only the rows that differ are repainted (a new layout only when the bar
        row comes or goes)."""
        if tone not in TONES:
            raise ValueError(f"unknown tone {tone!r}")
        relayout = (bar is None) != (self._bar is None)
        self._word, self._side, self._number, self._tone = word, side, number, tone
        self._bar = None if bar is None else max(0.0, min(bar, 1.0))
        if relayout:
            self._drawn = []
            self.refresh(layout=True)
            return
        width, height = self.content_size
        if not width or not height:
            self._drawn = []
            self.refresh()
            return
        keys = self._row_keys(width, height)
        old = self._drawn
        self._drawn = keys
        if len(old) != height:
            self.refresh()
            return
        changed = [y for y in range(height) if old[y] != keys[y]]
        if changed:
            parts = self.parts(width, height)
            self.refresh(*(self._changed(parts, y, old[y], keys[y]) for y in changed))

    @staticmethod
    def _changed(parts: Parts, y: int, old: tuple[object, ...], new: tuple[object, ...]) -> Region:
        """The cells of row ``y`` that changed: the number's or the bar's when only they did
        (fewer cells to send to the terminal), else the whole row."""
        if old[:4] == new[:4]:
            if new[2] == "bar":
                first, last = sorted((cast(int, old[4]), cast(int, new[4])))
                x = parts.bar.x + first // 2
                return Region(x, y, min(last // 2 + 1, parts.bar.width) - first // 2, 1)
            return Region(parts.number.x, y, parts.number.width, 1)
        return Region(0, y, cast(int, new[1]), 1)

    # ------------------------------------------------------------------ geometry

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """About 40 % of the window's height, and a row for the bar."""
        rows = max(int(viewport.height * self.SHARE), self.MIN_ROWS)
        return rows + (0 if self._bar is None else 1)

    def parts(self, width: int | None = None, height: int | None = None) -> Parts:
        """Where the word, the side, the number and the bar sit (cells of the band)."""
        if width is None or height is None:
            width, height = self.content_size
        shape = "".join("0" if ch.isdigit() else ch for ch in self._number)  # digits: one width
        key = (width, height, shape, self._side is None, self._bar is None)
        parts = self._parts.get(key)
        if parts is None:
            if len(self._parts) >= self.KEPT:
                self._parts.clear()
            parts = self._parts[key] = self._layout(width, height)
        return parts

    def _layout(self, width: int, height: int) -> Parts:
        rows = height - 1 if self._bar is not None and height > 1 else height
        inner = max(width - 2 * self.PAD, 0)
        number_w = 0
        if self._number and rows > 0:
            limit = max(int(inner * self.MAX_NUMBER_SHARE), 1)
            fit = rows
            while fit > 1 and number_width(self._number, fit) > limit:
                fit -= 1
            number_w = number_width(self._number, fit)
        words_w = max(inner - number_w - (self.GAP if number_w else 0), 0)
        side_h = rows - rows // 2 if self._side else 0
        word = Region(self.PAD, 0, words_w, rows - side_h)
        side = Region(self.PAD, rows - side_h, words_w, side_h)
        number = Region(self.PAD + inner - number_w, 0, number_w, rows)
        bar = Region(self.PAD, rows, inner, height - rows)
        return Parts(word, side, number, bar)

    def part_region(self, name: str) -> Region:
        """A part's region on the screen (``word``, ``side``, ``number``, ``bar``)."""
        part: Region = getattr(self.parts(), name)
        return part.translate(self.content_region.offset)

    def _placed_rows(self, kind: str, text: str, width: int, height: int) -> list[Row]:
        """The rows of a part as drawn (kept: a count goes back and forth between few texts)."""
        key = (kind, text, width, height)
        rows = self._placed.get(key)
        if rows is None:
            if len(self._placed) >= self.KEPT:
                self._placed.clear()
            if kind == "number":
                lines = number_rows(text, height, max_width=width) if text else []
                rows = place(lines, width, height, centre=True)
            else:
                rows = place(fit_words(text, width, height).lines, width, height)
            self._placed[key] = rows
        return rows

    def type_used(self, name: str) -> str:
        """``5x7 x2``, ``3x5 x1`` or ``plain``: the type of the word or the side."""
        region = self.parts().word if name == "word" else self.parts().side
        text = self._word if name == "word" else self.side_word
        pad = 0 if name == "word" else 2
        fitted = fit_words(text, region.width - pad, region.height)
        return "plain" if fitted.font == "plain" else f"{fitted.font} x{fitted.scale}"

    def text_rows(self, name: str) -> list[str]:
        """A part's rows as plain text (for tests and screen readers)."""
        parts = self.parts()
        if name == "number":
            region, text = parts.number, self._number
        elif name == "word":
            region, text = parts.word, self._word
        else:
            region, text = parts.side, self.side_word
            region = Region(region.x + 1, region.y, max(region.width - 2, 0), region.height)
        rows = self._placed_rows(name if name == "number" else "words", text, *region.size)
        return [" " * left + line for left, line in rows]

    # ------------------------------------------------------------------ drawing

    def _row_keys(self, width: int, height: int) -> list[tuple[object, ...]]:
        """What each row shows (two rows with the same key are drawn the same)."""
        parts = self.parts(width, height)
        word = self._placed_rows("words", self._word, parts.word.width, parts.word.height)
        side_w = max(parts.side.width - 2, 0)
        side = self._placed_rows("words", self.side_word, side_w, parts.side.height)
        number = self._placed_rows("number", self._number, *parts.number.size)
        keys: list[tuple[object, ...]] = []
        for y in range(height):
            if y >= parts.bar.y:
                halves = round((self._bar or 0.0) * parts.bar.width * 2)
                keys.append((self._tone, width, "bar", parts.bar.width, halves))
                continue
            if y < parts.word.height:
                words: tuple[object, ...] = ("w", parts.word.width, word[y])
            else:
                words = ("s", self._side, parts.side.width, side[y - parts.side.y])
            keys.append((self._tone, width, words, parts.number.width, number[y]))
        return keys

    def _tone_styles(self, tone: str) -> tuple[Style, Style, Style]:
        """The tone's text, bar-done and bar-to-do styles (worked out once per theme)."""
        styles = self._styles.get(tone)
        if styles is None:
            css = self.get_component_styles(f"session-band--{tone}")
            back, fore = css.background, css.color
            text = Style(color=fore.rich_color, bgcolor=back.rich_color, bold=True)
            todo = Style(color=back.blend(fore, self.TODO_SHARE).rich_color,
                         bgcolor=back.rich_color)  # fmt: skip
            styles = self._styles[tone] = (text, Style(color=fore.rich_color,
                                                       bgcolor=back.rich_color), todo)  # fmt: skip
        return styles

    def _side_style(self) -> Style:
        side = self._side or "left"
        styles = self._styles.get(side)
        if styles is None:
            css = self.get_component_styles(f"session-band--{side}")
            style = Style(color=css.color.rich_color, bgcolor=css.background.rich_color, bold=True)
            styles = self._styles[side] = (style, style, style)
        return styles[0]

    def notify_style_update(self) -> None:
        """The theme changed: colours are worked out again."""
        self._styles.clear()
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """One row of the band, from the row's key (the same key: the same strip)."""
        width, height = self.content_size
        if len(self._drawn) != height or (self._drawn and self._drawn[0][1] != width):
            self._drawn = self._row_keys(width, height)
        if not 0 <= y < height:
            return Strip.blank(width)
        key = self._drawn[y]
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= self.ROWS_KEPT:
                self._strips.clear()
            strip = self._strips[key] = self._draw_row(y, width, height)
        return strip

    def _draw_row(self, y: int, width: int, height: int) -> Strip:
        """One row as few segments as its colours allow (one for most rows: Textual's work on a
        row grows with its segments)."""
        text, done, todo = self._tone_styles(self._tone)
        parts = self.parts(width, height)
        pieces: list[tuple[str, Style]] = [(" " * self.PAD, text)]
        if y >= parts.bar.y:
            halves = round((self._bar or 0.0) * parts.bar.width * 2)
            full, half = divmod(halves, 2)
            drawn = "━" * full + ("╸" if half else "")
            pieces += [(drawn, done), ("━" * (parts.bar.width - len(drawn)), todo)]
        else:
            if y < parts.word.height:
                rows = self._placed_rows("words", self._word, *parts.word.size)
                pieces.append((_cells(rows[y], parts.word.width), text))
            elif parts.side.width:
                inner = max(parts.side.width - 2, 0)
                rows = self._placed_rows("words", self.side_word, inner, parts.side.height)
                line = " " + _cells(rows[y - parts.side.y], inner) + " "
                pieces.append((line[: parts.side.width], self._side_style()))
            if parts.number.width:
                rows = self._placed_rows("number", self._number, *parts.number.size)
                gap = " " * max(parts.number.x - parts.word.right, 0)
                pieces.append((gap + _cells(rows[y], parts.number.width), text))
        used = sum(len(piece) for piece, _ in pieces)
        pieces.append((" " * max(width - used, 0), text))
        segments: list[Segment] = []
        for piece, style in pieces:
            if not piece:
                continue
            if segments and segments[-1].style is style:
                segments[-1] = Segment(segments[-1].text + piece, style)
            else:
                segments.append(Segment(piece, style))
        return Strip(segments, width)


def _cells(row: Row, width: int) -> str:
    """A part's row exactly ``width`` cells wide (block characters take one cell each)."""
    left, line = row
    if width <= 0:
        return ""
    return (" " * left + line)[:width].ljust(width)
