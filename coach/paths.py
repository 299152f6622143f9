"""Where coach keeps its data and finds routines.

Precedence for the data folder: an explicit ``--data-dir``, then ``COACH_HOME``, then the
platform's user data folder (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coach"
ENV_HOME = "COACH_HOME"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder to use (not created here; the store creates it 0700)."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    # lazy: ~10 ms of imports, not needed when the folder is given (the TUI's first frame
    # reads the kept routine list through this module)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_routines_dir(data: Path) -> Path:
    """The client's own routines folder inside the data folder (``coach add`` copies files here)."""
    return data / "routines"


def bundled_routines_dir() -> Path:
    """The routine library shipped with coach.

    Installed from a wheel it sits inside the package as ``coach/_routines``; in a source checkout
    (editable install) it is the top-level ``routines/`` folder.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"
