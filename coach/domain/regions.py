"""Body regions in the words a client reads (pure).

A routine names regions the way a therapist writes ids: ``low-back``, ``upper_trapezius``. The
data keeps them exactly as written (logs, exports, ``--pain REGION=N``); every screen and sentence
a client reads shows them as words: ``low back``.
"""

from __future__ import annotations


def region_words(region: str) -> str:
    """``low-back`` -> ``low back``: hyphens and underscores as spaces, runs of spaces as one;
    anything else exactly as written."""
    return " ".join(region.replace("-", " ").replace("_", " ").split()) or region
