"""While a session runs, Python's garbage collector leaves alone what existed before it started.

A running session allocates a little every second (a frame, a few strips of text), so the cyclic
garbage collector runs now and then. Its young generations are cheap; a FULL collection walks
every tracked object of the process: coach's modules, Textual, the routine library, ~95,000
objects, 35-70 ms of CPU each time. One full collection in a 20-second window was the whole
difference between a session at ~1.2x the bare Textual countdown's CPU and one at ~1.8x
(tests/bench_session.py; notes/i9.md). What exists when the session starts lives to its end
anyway, so the session moves it out of the collector's sight (:func:`gc.freeze`) and hands it
back when the session screen goes (:func:`gc.unfreeze`: garbage made before the session is then
collected as usual). What the session itself allocates is collected as before.
"""

from __future__ import annotations

import gc

_holders = 0
"""How many session screens hold the heap (one at a time in practice; a count, so that one
screen's release never unfreezes what another still relies on)."""


def hold() -> None:
    """A session screen started: freeze the heap as it is now (cheap: a list splice)."""
    global _holders
    _holders += 1
    gc.freeze()


def release() -> None:
    """A session screen went: when it was the last, objects frozen go back to the collector."""
    global _holders
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0:
        gc.unfreeze()
