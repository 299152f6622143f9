"""The pictures a routine file points to: found next to the file, checked before use.

A routine's ``media.image`` is a path relative to the routine file. ``image_problems`` checks
each one as the file is loaded (a bad picture makes the routine invalid, like any other mistake
in it): the path stays inside the routine's folder (also through symbolic links), the file is a
regular file of at most 5 MB, a PNG or JPEG by its content, at most 4096 pixels a side, and its
data is sound. Pillow reads only the header and verifies the data; the pixel limit stops a
decompression bomb before anything is decoded.
"""

from __future__ import annotations

import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

from coach.domain.routine import Exercise, Routine
from coach.domain.validation import Problem
from coach.domain.validation import path_text as _path_text

MAX_IMAGE_BYTES = 5 * 1024 * 1024
"""Largest picture file accepted (5 MB)."""
MAX_IMAGE_SIDE = 4096
"""Widest and tallest picture accepted, in pixels."""
_FORMATS = {"PNG", "JPEG"}


def exercises_with_images(routine: Routine) -> Iterator[tuple[tuple[str | int, ...], Exercise]]:
    """Each exercise that names an image, with its JSON location (main list, then flare)."""
    for index, ex in enumerate(routine.exercises):
        if ex.media is not None and ex.media.image is not None:
            yield ("exercises", index), ex
    if routine.flare is not None:
        for index, ex in enumerate(routine.flare.exercises):
            if ex.media is not None and ex.media.image is not None:
                yield ("flare", "exercises", index), ex


def image_paths(routine: Routine) -> list[str]:
    """The distinct relative image paths a routine uses, in file order."""
    seen: list[str] = []
    for _, ex in exercises_with_images(routine):
        assert ex.media is not None and ex.media.image is not None
        if ex.media.image not in seen:
            seen.append(ex.media.image)
    return seen


def resolve_image(routine_file: Path, relative: str) -> Path:
    """Where an image of the routine file lives (not checked)."""
    return routine_file.parent / relative


def image_problem(routine_file: Path, relative: str) -> str | None:
    """What is wrong with one picture of a routine file (None when it can be shown)."""
    folder = routine_file.parent
    path = folder / relative
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop
        return f'the image "{relative}" cannot be found (a symbolic link loops)'
    if not inside:
        return f'the image "{relative}" leads outside the routine\'s folder (a symbolic link)'
    try:
        info = path.stat()
    except FileNotFoundError:
        return f'the image "{relative}" is not there: put it next to the routine file'
    except OSError as err:
        return f'the image "{relative}" cannot be read ({err.strerror or "unknown error"})'
    if not stat.S_ISREG(info.st_mode):
        return f'the image "{relative}" is not a regular file'
    if info.st_size > MAX_IMAGE_BYTES:
        return f'the image "{relative}" is larger than 5 MB ({info.st_size} bytes)'
    return _picture_problem(path, relative)


def _picture_problem(path: Path, relative: str) -> str | None:
    # lazy: brings Pillow; this module loads with `coach stats`, `coach report` and the home screen
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=sorted(_FORMATS)) as picture:
                width, height = picture.size
                if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
                    return (
                        f'the image "{relative}" is {width}x{height} pixels; at most '
                        f"{MAX_IMAGE_SIDE} pixels a side is accepted"
                    )
                picture.verify()
    except UnidentifiedImageError:
        return f'the image "{relative}" is not a PNG or JPEG picture'
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f'the image "{relative}" is far too large to open (a decompression bomb?)'
    except OSError as err:
        if err.errno is not None:  # the disk, not the picture
            return f'the image "{relative}" cannot be read ({err.strerror or "unknown error"})'
        return f'the image "{relative}" is damaged ({type(err).__name__})'
    except (SyntaxError, ValueError, EOFError) as err:
        return f'the image "{relative}" is damaged ({type(err).__name__})'
    return None


def image_problems(routine: Routine, routine_file: Path) -> list[Problem]:
    """A Problem for every picture of the routine that cannot be shown, in file order."""
    problems: list[Problem] = []
    checked: dict[str, str | None] = {}
    for loc, ex in exercises_with_images(routine):
        assert ex.media is not None and ex.media.image is not None
        relative = ex.media.image
        if relative not in checked:
            checked[relative] = image_problem(routine_file, relative)
        message = checked[relative]
        if message:
            where = _path_text(loc + ("media", "image"))
            problems.append(Problem(str(routine_file), where, message))
    return problems
