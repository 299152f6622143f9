"""Big type for the session screen, drawn with block characters at any size (pure functions).

Pixels are half a character cell tall (``▀ ▄ █``), so one pixel is about as wide as it is tall.
Two kinds of type:

- :func:`number_rows`: the countdown (``0-9`` and ``:``) as segment digits that scale to ANY
  height in rows: the bars are rectangles, so there is no blocky scaling. ``number_width``
  tells how wide a number is at a height.
- :func:`fit_words`: words (the phase, LEFT/RIGHT, set and rep) in a 5x7 or 3x5 pixel font at
  a whole-number scale: the largest size at which the words fit a box (wrapping between words),
  down to plain text when even the smallest type does not fit.

Only the app's own words go through the pixel fonts; characters the fonts lack are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

Bitmap = list[list[bool]]

# ---------------------------------------------------------------------------- segment digits

_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abged", "3": "abgcd", "4": "fgbc",
    "5": "afgcd", "6": "afgedc", "7": "abc", "8": "abcdefg", "9": "abcdfg",
}  # fmt: skip
"""Seven-segment digits: a top, b top right, c bottom right, d bottom, e bottom left,
f top left, g middle."""

DIGIT_ASPECT = 0.56
"""Digit width / height (in pixels, which are square)."""


@dataclass(frozen=True)
class _Metrics:
    px: int  # height in pixels (half rows)
    width: int  # digit width in columns
    bar: int  # horizontal bar thickness (pixels)
    stem: int  # vertical bar thickness (columns)
    gap: int  # space between glyphs (columns)


def _metrics(rows: int) -> _Metrics:
    px = max(2 * rows, 5)
    width = max(3, round(px * DIGIT_ASPECT))
    bar = max(1, round(px / 8))
    stem = max(1, round(width / 4.5))
    gap = max(1, round(width / 4))
    return _Metrics(px, width, bar, stem, gap)


def _digit(ch: str, m: _Metrics) -> Bitmap:
    grid = [[False] * m.width for _ in range(m.px)]
    mid = (m.px - m.bar) // 2

    def fill(top: int, bottom: int, left: int, right: int) -> None:
        for y in range(max(top, 0), min(bottom, m.px)):
            for x in range(max(left, 0), min(right, m.width)):
                grid[y][x] = True

    on = _SEGMENTS[ch]
    right = m.width - m.stem
    if "a" in on:
        fill(0, m.bar, 0, m.width)
    if "g" in on:
        fill(mid, mid + m.bar, 0, m.width)
    if "d" in on:
        fill(m.px - m.bar, m.px, 0, m.width)
    if "f" in on:
        fill(0, mid + m.bar, 0, m.stem)
    if "b" in on:
        fill(0, mid + m.bar, right, m.width)
    if "e" in on:
        fill(mid, m.px, 0, m.stem)
    if "c" in on:
        fill(mid, m.px, right, m.width)
    return grid


def _colon(m: _Metrics) -> Bitmap:
    size = max(m.stem, 1)
    grid = [[False] * size for _ in range(m.px)]
    dot = max(m.bar, 1)
    for centre in (m.px // 3, (2 * m.px) // 3):
        for y in range(centre - dot // 2, centre - dot // 2 + dot):
            if 0 <= y < m.px:
                grid[y] = [True] * size
    return grid


def _number_bitmap(text: str, rows: int) -> Bitmap:
    m = _metrics(rows)
    glyphs = [_digit(ch, m) if ch in _SEGMENTS else _colon(m) for ch in text if ch in "0123456789:"]
    return _join(glyphs, m.gap, m.px)


def number_width(text: str, rows: int) -> int:
    """Columns the number ``text`` takes at a height of ``rows``."""
    bitmap = _number_bitmap(text, rows)
    return len(bitmap[0]) if bitmap else 0


def number_rows(text: str, rows: int, max_width: int | None = None) -> list[str]:
    """The number as lines of block characters, ``rows`` tall (smaller if it would be wider
    than ``max_width``)."""
    rows = max(rows, 1)
    if max_width is not None:
        while rows > 1 and number_width(text, rows) > max_width:
            rows -= 1
    return to_rows(_number_bitmap(text, rows), rows)


# ---------------------------------------------------------------------------- pixel fonts

_F57: dict[str, str] = {
    "A": ".###./#...#/#...#/#####/#...#/#...#/#...#",
    "B": "####./#...#/#...#/####./#...#/#...#/####.",
    "C": ".###./#...#/#..../#..../#..../#...#/.###.",
    "D": "####./#...#/#...#/#...#/#...#/#...#/####.",
    "E": "#####/#..../#..../####./#..../#..../#####",
    "F": "#####/#..../#..../####./#..../#..../#....",
    "G": ".###./#...#/#..../#.###/#...#/#...#/.####",
    "H": "#...#/#...#/#...#/#####/#...#/#...#/#...#",
    "I": "###/.#./.#./.#./.#./.#./###",
    "J": "..###/...#./...#./...#./...#./#..#./.##..",
    "K": "#...#/#..#./#.#../##.../#.#../#..#./#...#",
    "L": "#..../#..../#..../#..../#..../#..../#####",
    "M": "#...#/##.##/#.#.#/#.#.#/#...#/#...#/#...#",
    "N": "#...#/#...#/##..#/#.#.#/#..##/#...#/#...#",
    "O": ".###./#...#/#...#/#...#/#...#/#...#/.###.",
    "P": "####./#...#/#...#/####./#..../#..../#....",
    "Q": ".###./#...#/#...#/#...#/#.#.#/#..#./.##.#",
    "R": "####./#...#/#...#/####./#.#../#..#./#...#",
    "S": ".####/#..../#..../.###./....#/....#/####.",
    "T": "#####/..#../..#../..#../..#../..#../..#..",
    "U": "#...#/#...#/#...#/#...#/#...#/#...#/.###.",
    "V": "#...#/#...#/#...#/#...#/#...#/.#.#./..#..",
    "W": "#...#/#...#/#...#/#.#.#/#.#.#/#.#.#/.#.#.",
    "X": "#...#/#...#/.#.#./..#../.#.#./#...#/#...#",
    "Y": "#...#/#...#/.#.#./..#../..#../..#../..#..",
    "Z": "#####/....#/...#./..#../.#.../#..../#####",
    "0": ".###./#...#/#..##/#.#.#/##..#/#...#/.###.",
    "1": ".#./##./.#./.#./.#./.#./###",
    "2": ".###./#...#/....#/...#./..#../.#.../#####",
    "3": "#####/...#./..#../...#./....#/#...#/.###.",
    "4": "...#./..##./.#.#./#..#./#####/...#./...#.",
    "5": "#####/#..../####./....#/....#/#...#/.###.",
    "6": "..##./.#.../#..../####./#...#/#...#/.###.",
    "7": "#####/....#/...#./..#../.#.../.#.../.#...",
    "8": ".###./#...#/#...#/.###./#...#/#...#/.###.",
    "9": ".###./#...#/#...#/.####/....#/...#./.##..",
    "/": "...../....#/...#./..#../.#.../#..../.....",
    ":": "./#/#/./#/#/.",
    "·": "./././#/././.",
    ".": "./././././././#",
    "-": ".../.../.../###/.../.../...",
    "!": "#/#/#/#/#/./#",
    "<": "....#/...##/.####/#####/.####/...##/....#",
    ">": "#..../##.../####./#####/####./##.../#....",
    " ": "../../../../../../..",
}
"""5x7 pixel font (``#`` on), rows separated by ``/``; glyphs may be narrower than 5."""

_F35: dict[str, str] = {
    "A": ".#./#.#/###/#.#/#.#", "B": "##./#.#/##./#.#/##.", "C": ".##/#../#../#../.##",
    "D": "##./#.#/#.#/#.#/##.", "E": "###/#../##./#../###", "F": "###/#../##./#../#..",
    "G": ".##/#../#.#/#.#/.##", "H": "#.#/#.#/###/#.#/#.#", "I": "###/.#./.#./.#./###",
    "J": "..#/..#/..#/#.#/.#.", "K": "#.#/#.#/##./#.#/#.#", "L": "#../#../#../#../###",
    "M": "#...#/##.##/#.#.#/#...#/#...#", "N": "#..#/##.#/#.##/#..#/#..#",
    "O": ".#./#.#/#.#/#.#/.#.", "P": "##./#.#/##./#../#..", "Q": ".#./#.#/#.#/##./.##",
    "R": "##./#.#/##./#.#/#.#", "S": ".##/#../.#./..#/##.", "T": "###/.#./.#./.#./.#.",
    "U": "#.#/#.#/#.#/#.#/###", "V": "#.#/#.#/#.#/#.#/.#.", "W": "#...#/#...#/#.#.#/##.##/#...#",
    "X": "#.#/#.#/.#./#.#/#.#", "Y": "#.#/#.#/.#./.#./.#.", "Z": "###/..#/.#./#../###",
    "0": "###/#.#/#.#/#.#/###", "1": ".#./##./.#./.#./###", "2": "##./..#/.#./#../###",
    "3": "##./..#/.#./..#/##.", "4": "#.#/#.#/###/..#/..#", "5": "###/#../##./..#/##.",
    "6": ".##/#../###/#.#/###", "7": "###/..#/.#./.#./.#.", "8": "###/#.#/###/#.#/###",
    "9": "###/#.#/###/..#/##.", "/": "..#/..#/.#./#../#..", ":": "./#/./#/.",
    "·": "././#/./.", ".": "././././#", "-": ".../.../###/.../...",
    "!": "#/#/#/./#", "<": "..#/.##/###/.##/..#", ">": "#../##./###/##./#..",
    " ": "../../../../..",
}  # fmt: skip
"""3x5 pixel font, for small windows."""


def _parse(font: dict[str, str]) -> dict[str, Bitmap]:
    return {ch: [[c == "#" for c in row] for row in rows.split("/")] for ch, rows in font.items()}


FONTS: dict[str, dict[str, Bitmap]] = {"5x7": _parse(_F57), "3x5": _parse(_F35)}
FONT_HEIGHT = {"5x7": 7, "3x5": 5}
LEGIBILITY = {"5x7": 1.0, "3x5": 0.85}
"""How much a font's height counts when choosing the biggest type (3x5 letters are cruder:
the 5x7 font is preferred unless the 3x5 one is clearly taller)."""


def _scaled(bitmap: Bitmap, k: int) -> Bitmap:
    return [[px for px in row for _ in range(k)] for row in bitmap for _ in range(k)]


def _join(glyphs: list[Bitmap], gap: int, height: int) -> Bitmap:
    """Glyphs side by side, ``gap`` columns apart."""
    if not glyphs:
        return []
    out: Bitmap = [[] for _ in range(height)]
    for i, glyph in enumerate(glyphs):
        for y in range(height):
            if i:
                out[y].extend([False] * gap)
            out[y].extend(glyph[y])
    return out


def word_bitmap(text: str, font: str, k: int) -> Bitmap:
    """``text`` (upper-cased) in ``font`` at scale ``k``; unknown characters left out."""
    glyphs = FONTS[font]
    chosen = [_scaled(glyphs[ch], k) for ch in text.upper() if ch in glyphs]
    return _join(chosen, k, FONT_HEIGHT[font] * k)


def to_rows(bitmap: Bitmap, rows: int | None = None) -> list[str]:
    """Pixels (two per cell, top and bottom) as lines of ``▀ ▄ █`` and spaces."""
    if not bitmap:
        return []
    width = len(bitmap[0])
    if len(bitmap) % 2:
        bitmap = [*bitmap, [False] * width]
    lines = []
    for y in range(0, len(bitmap), 2):
        top, bottom = bitmap[y], bitmap[y + 1]
        lines.append("".join(" ▀▄█"[t + 2 * b] for t, b in zip(top, bottom, strict=True)))
    if rows is not None:
        blank = " " * width
        lines = lines[:rows] + [blank] * (rows - len(lines))
    return lines


def _wrap(words: list[str], fits: Callable[[str], bool]) -> list[str] | None:
    """Greedy lines of words that each fit; None when a single word does not."""
    lines: list[str] = []
    for word in words:
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        elif fits(word):
            lines.append(word)
        else:
            return None
    return lines


@dataclass(frozen=True)
class Fitted:
    """Words laid out in a box: the lines to draw and the type used (``plain``: none big)."""

    lines: list[str]
    font: str
    scale: int


def type_sizes(max_rows: int) -> list[tuple[str, int]]:
    """(font, scale) pairs no taller than ``max_rows``, tallest first."""
    sizes = []
    for font, height in FONT_HEIGHT.items():
        k = 1
        while (height * k + 1) // 2 <= max_rows:
            sizes.append((font, k))
            k += 1
    return sorted(sizes, key=lambda s: -FONT_HEIGHT[s[0]] * s[1] * LEGIBILITY[s[0]])


@lru_cache(maxsize=256)
def fit_words(text: str, width: int, height: int) -> Fitted:
    """``text`` in the biggest type that fits ``width`` x ``height`` cells (wrapping between
    words; lines of big type one row apart where there is room); plain wrapped text when none
    fits. Kept for the last few hundred (a session shows the same few words again and again;
    the lines are shared: never change them)."""
    words = text.split()
    if not words or width <= 0 or height <= 0:
        return Fitted([], "plain", 0)
    for font, k in type_sizes(height):
        line_rows = (FONT_HEIGHT[font] * k + 1) // 2

        def fits(line: str, font: str = font, k: int = k) -> bool:
            bitmap = word_bitmap(line, font, k)
            return bool(bitmap) and len(bitmap[0]) <= width

        lines = _wrap(words, fits)
        if lines is None:
            continue
        for spacing in (1, 0):  # a blank row between lines of big type, if there is room
            if len(lines) * line_rows + (len(lines) - 1) * spacing <= height:
                out: list[str] = []
                for i, line in enumerate(lines):
                    out.extend([""] * (spacing if i else 0))
                    out.extend(to_rows(word_bitmap(line, font, k), line_rows))
                return Fitted(out, font, k)
    plain = _wrap(words, lambda line: len(line) <= width) or [text[:width]]
    return Fitted(plain[:height], "plain", 0)
