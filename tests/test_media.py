"""Pictures of a routine: found next to the file, refused when hostile, broken or huge."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from coach.domain.validation import RoutineInvalid
from coach.library import load_file
from coach.media import MAX_IMAGE_BYTES, image_paths

HOLD = {"name": "Chin tuck", "kind": "posture", "hold_s": 30}


def png_bytes(width: int = 8, height: int = 6, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A valid-looking PNG header claiming a huge picture, with a tiny compressed body."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))  # fmt: skip


def routine_file(folder: Path, image: str, flare_image: str | None = None) -> Path:
    doc: dict[str, Any] = {
        "format": 1, "id": "neck", "title": "Neck",
        "exercises": [{**HOLD, "media": {"image": image, "credit": "us"}}],
    }  # fmt: skip
    if flare_image:
        doc["flare"] = {"exercises": [{**HOLD, "media": {"image": flare_image}}]}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "neck.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def refusal(path: Path) -> list[str]:
    with pytest.raises(RoutineInvalid) as caught:
        load_file(path)
    return [str(p) for p in caught.value.problems]


def test_png_and_jpeg_next_to_the_routine_load(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "tuck.png").write_bytes(png_bytes())
    (tmp_path / "flare.jpg").write_bytes(png_bytes(fmt="JPEG"))
    path = routine_file(tmp_path, "images/tuck.png", "flare.jpg")
    loaded = load_file(path)
    assert image_paths(loaded.routine) == ["images/tuck.png", "flare.jpg"]


def test_missing_image_is_a_validation_error(tmp_path: Path) -> None:
    path = routine_file(tmp_path, "images/tuck.png")
    assert refusal(path) == [
        f'{path}: exercises[0].media.image: the image "images/tuck.png" is not there: put it '
        "next to the routine file"
    ]


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(png_bytes())
    folder = tmp_path / "routine"
    folder.mkdir()
    (folder / "tuck.png").symlink_to(outside)
    (folder / "pics").symlink_to(tmp_path)
    path = routine_file(folder, "tuck.png", "pics/secret.png")
    assert refusal(path) == [
        f'{path}: exercises[0].media.image: the image "tuck.png" leads outside the routine\'s '
        "folder (a symbolic link)",
        f'{path}: flare.exercises[0].media.image: the image "pics/secret.png" leads outside the '
        "routine's folder (a symbolic link)",
    ]


def test_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(png_bytes())
    (tmp_path / "alias.png").symlink_to(tmp_path / "real.png")
    load_file(routine_file(tmp_path, "alias.png"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"just some text, not a picture", 'the image "x.png" is not a PNG or JPEG picture'),
        (b"GIF89a" + b"\x00" * 40, 'the image "x.png" is not a PNG or JPEG picture'),
        (png_bytes()[:60], 'the image "x.png" is damaged'),
        (bomb_png(100_000, 100_000),
         'the image "x.png" is far too large to open (a decompression bomb?)'),
        (bomb_png(5000, 10), 'the image "x.png" is 5000x10 pixels; at most 4096 pixels a side'),
    ],
    ids=["text", "gif", "truncated", "bomb", "too-wide"],
)
def test_broken_or_huge_images_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "x.png").write_bytes(content)
    path = routine_file(tmp_path, "x.png")
    [message] = refusal(path)
    assert message.startswith(f"{path}: exercises[0].media.image: {expected}")


def test_an_image_over_5_mb_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "big.png").open("wb") as handle:
        handle.write(png_bytes())
        handle.truncate(MAX_IMAGE_BYTES + 1)
    path = routine_file(tmp_path, "big.png")
    assert refusal(path) == [
        f'{path}: exercises[0].media.image: the image "big.png" is larger than 5 MB '
        f"({MAX_IMAGE_BYTES + 1} bytes)"
    ]


def test_a_folder_named_like_an_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.png").mkdir()
    path = routine_file(tmp_path, "x.png")
    assert refusal(path) == [
        f'{path}: exercises[0].media.image: the image "x.png" is not a regular file'
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(png_bytes())
    (tmp_path / "x.png").chmod(0)
    try:
        [message] = refusal(routine_file(tmp_path, "x.png"))
    finally:
        (tmp_path / "x.png").chmod(0o644)
    assert "x.png" in message and ("damaged" in message or "cannot be read" in message)
