"""Draw the bundled routines' pictures: simple line drawings, small PNGs (run to regenerate).

``python tests/draw_routine_pictures.py`` writes ``routines/images/*.png``. Our own drawings, so
the library carries no third-party pictures; a test checks the committed files are what this
script draws.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 240, 160
INK = (40, 40, 40)
ACCENT = (200, 70, 40)
FLOOR = (150, 150, 150)
LINE = 10
"""Lines are thick: in a terminal without graphics a picture is about 24x16 coloured cells."""
ARROW = 8
OUT = Path(__file__).resolve().parents[1] / "routines" / "images"

Pen = ImageDraw.ImageDraw


def _head(d: Pen, x: float, y: float, r: float = 11) -> None:
    d.ellipse((x - r, y - r, x + r, y + r), fill=INK)


def _line(d: Pen, *points: tuple[float, float], color: tuple[int, int, int] = INK) -> None:
    d.line(list(points), fill=color, width=LINE, joint="curve")


def _arrow(d: Pen, start: tuple[float, float], end: tuple[float, float]) -> None:
    d.line([start, end], fill=ACCENT, width=ARROW)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    for turn in (2.5, -2.5):
        tip = (end[0] + 16 * math.cos(angle + turn), end[1] + 16 * math.sin(angle + turn))
        d.line([end, tip], fill=ACCENT, width=ARROW)


def _arc_arrow(d: Pen, box: tuple[float, float, float, float], start: float, end: float) -> None:
    d.arc(box, start, end, fill=ACCENT, width=ARROW)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    a = math.radians(end)
    tip = (cx + rx * math.cos(a), cy + ry * math.sin(a))
    back = math.radians(end - 12)
    _arrow(d, (cx + rx * math.cos(back), cy + ry * math.sin(back)), tip)


def _chair(d: Pen, x: float) -> None:
    d.line([(x, 100), (x + 50, 100)], fill=FLOOR, width=LINE - 2)
    d.line([(x, 100), (x, 140)], fill=FLOOR, width=LINE - 2)
    d.line([(x + 50, 100), (x + 50, 140)], fill=FLOOR, width=LINE - 2)
    d.line([(x + 50, 100), (x + 50, 50)], fill=FLOOR, width=LINE - 2)


def _floor(d: Pen) -> None:
    d.line([(10, 144), (W - 10, 144)], fill=FLOOR, width=LINE - 2)


def chin_tuck(d: Pen) -> None:
    _chair(d, 110)
    _line(d, (130, 98), (130, 55))  # back (side view, facing left)
    _head(d, 126, 40)
    _line(d, (130, 98), (90, 98), (90, 138))  # thigh and shin
    _line(d, (130, 62), (115, 85), (100, 92))  # arm
    _arrow(d, (74, 40), (110, 40))  # chin slides back


def shoulder_rolls(d: Pen) -> None:
    _chair(d, 95)
    _line(d, (120, 98), (120, 55))
    _head(d, 120, 38)
    _line(d, (104, 58), (136, 58))  # shoulders (front view)
    _line(d, (104, 58), (100, 95))
    _line(d, (136, 58), (140, 95))
    _line(d, (112, 98), (112, 138))
    _line(d, (128, 98), (128, 138))
    _arc_arrow(d, (84, 40, 108, 64), 300, 150)
    _arc_arrow(d, (132, 40, 156, 64), 240, 30)


def upper_trap_stretch(d: Pen) -> None:
    _chair(d, 95)
    _line(d, (120, 98), (120, 56))
    _head(d, 104, 42)  # ear toward the left shoulder
    _line(d, (104, 58), (136, 58))
    _line(d, (104, 58), (100, 95))
    _line(d, (136, 58), (146, 100))  # hand holds the seat
    _line(d, (112, 98), (112, 138))
    _line(d, (128, 98), (128, 138))
    _arc_arrow(d, (78, 10, 134, 66), 320, 200)


def levator_stretch(d: Pen) -> None:
    _chair(d, 95)
    _line(d, (120, 98), (120, 56))
    _head(d, 108, 48)  # nose toward the left armpit
    _line(d, (104, 60), (136, 58))
    _line(d, (104, 60), (100, 95))
    _line(d, (136, 58), (146, 100))
    _line(d, (112, 98), (112, 138))
    _line(d, (128, 98), (128, 138))
    _arrow(d, (134, 22), (116, 40))


def _quadruped(d: Pen, back: list[tuple[float, float]]) -> None:
    hip, shoulder = back[0], back[-1]
    _line(d, *back)
    _line(d, hip, (hip[0], 138), (hip[0] - 30, 138))  # thigh down, shin on the floor
    _line(d, shoulder, (shoulder[0], 138))  # arm


def cat_camel(d: Pen) -> None:
    _floor(d)
    _quadruped(d, [(70, 92), (100, 70), (130, 68), (160, 92)])
    _head(d, 178, 102)
    _arrow(d, (115, 62), (115, 26))


def curl_up(d: Pen) -> None:
    _floor(d)
    _line(d, (60, 134), (150, 134))  # lying
    _line(d, (150, 134), (168, 126))  # shoulders just off the floor
    _head(d, 182, 118)
    _line(d, (60, 134), (80, 108), (100, 134))  # one knee bent
    _line(d, (60, 134), (20, 136))  # the other leg straight
    _arrow(d, (206, 124), (206, 88))


def side_bridge(d: Pen) -> None:
    _floor(d)
    _line(d, (50, 136), (80, 112))  # knees bent on the floor
    _line(d, (80, 112), (170, 88))  # straight line knees-hips-shoulders
    _head(d, 186, 80)
    _line(d, (170, 88), (170, 136), (196, 136))  # elbow under the shoulder
    _arrow(d, (120, 140), (120, 110))


def bird_dog(d: Pen) -> None:
    _floor(d)
    _line(d, (80, 86), (160, 86))  # flat back
    _line(d, (80, 86), (80, 138), (50, 138))  # knee down
    _line(d, (80, 86), (24, 80))  # leg reaching back
    _line(d, (160, 86), (160, 138))  # supporting arm
    _line(d, (160, 86), (222, 72))  # arm reaching forward
    _head(d, 176, 74)


DRAWINGS: dict[str, Callable[[Pen], None]] = {
    "chin-tuck": chin_tuck,
    "shoulder-rolls": shoulder_rolls,
    "upper-trap-stretch": upper_trap_stretch,
    "levator-stretch": levator_stretch,
    "cat-camel": cat_camel,
    "curl-up": curl_up,
    "side-bridge": side_bridge,
    "bird-dog": bird_dog,
}


def draw(name: str) -> bytes:
    """The PNG bytes of one drawing (deterministic: no timestamps, fixed palette)."""
    picture = Image.new("RGB", (W, H), (255, 255, 255))
    DRAWINGS[name](ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.quantize(colors=8, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for key in DRAWINGS:
        (OUT / f"{key}.png").write_bytes(draw(key))
        print(f"wrote {OUT / key}.png")
