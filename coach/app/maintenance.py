"""Looking after the data folder: ``coach doctor --repair``.

Repairing sets aside what coach cannot read (a copy of each original is kept next to it) so the
rest of the log can be used again; nothing readable is changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.storage.repair import repair

if TYPE_CHECKING:
    from coach.app.context import AppContext


def repair_data(ctx: AppContext) -> list[str]:
    """Set aside the data coach cannot read; one plain line per thing done (or found fine)."""
    return list(repair(ctx.data_dir.absolute()).lines)
