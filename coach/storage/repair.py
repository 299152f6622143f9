"""``coach doctor --repair``: set aside what coach cannot read, keeping a copy of everything.

For each data file (``coach.json``, ``log-YYYY.json``), under the data lock:

- a file that reads but holds records breaking their table's rules: the original file is copied
  to ``NAME.bak-STAMP`` (byte for byte), the bad records are written to
  ``quarantine-STAMP.json`` (file, table, problem and the record as it was), and the file is
  saved without them;
- a file that cannot be read at all (damaged JSON, empty, a repeated key, a link or a folder in
  its place): it is moved aside to ``NAME.damaged-STAMP`` whole, so coach can start that file
  afresh; nothing in it is lost, and the message says where it went.

Nothing is deleted. Files are named with the time of the repair (UTC).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.storage.atomic import atomic_write, fsync_dir
from coach.storage.errors import CorruptDatabase
from coach.storage.rows import BadRecord, bad_records
from coach.storage.store import COACH_FILE, Store, prepare_folder


@dataclass
class RepairReport:
    """What a repair did, file by file (plain lines for the client)."""

    lines: list[str] = field(default_factory=list)
    changed: bool = False


def _data_files(folder: Path) -> list[str]:
    names = [n for n in os.listdir(folder) if n == COACH_FILE or (
        n.startswith("log-") and n.endswith(".json") and n[4:8].isdigit() and len(n) == 13)]
    return sorted(names)


def repair(folder: Path, now: datetime | None = None) -> RepairReport:
    """Repair the data folder (see the module docstring)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(folder)
    prepare_folder(folder)
    report = RepairReport()
    quarantined: list[dict[str, Any]] = []
    store = Store(folder)
    try:
        with store.transaction():
            pass  # replays an unfinished change
    except CorruptDatabase as exc:  # a damaged journal: set it aside, the data files stand
        aside = folder / f"{exc.path.name}.damaged-{stamp}"
        os.rename(exc.path, aside)
        report.changed = True
        report.lines.append(f"{exc.path}: could not be read; moved aside to {aside}.")
    with store.transaction() as tx:
        for name in _data_files(folder):
            path = folder / name
            try:
                tables = tx.storage(name).current() or {}
            except CorruptDatabase as exc:
                aside = folder / f"{name}.damaged-{stamp}"
                os.rename(path, aside)
                fsync_dir(folder)
                report.changed = True
                report.lines.append(
                    f"{path}: could not be read ({exc.detail}); moved aside whole to {aside}. "
                    "coach starts this file afresh; restore it from a backup if you have one."
                )
                continue
            bad = bad_records(tables)
            if not bad:
                continue
            backup = folder / f"{name}.bak-{stamp}"
            atomic_write(backup, path.read_bytes())
            _drop(tx.db(name), bad)
            quarantined += [_entry(name, item) for item in bad]
            report.changed = True
            labels = ", ".join(item.label for item in bad[:5]) + (" ..." if len(bad) > 5 else "")
            report.lines.append(
                f"{path}: set aside {len(bad)} record(s) coach cannot use ({labels}); "
                f"the original file is kept as {backup}."
            )
        if quarantined:
            target = folder / f"quarantine-{stamp}.json"
            body = json.dumps({"coach_quarantine": 1, "records": quarantined}, indent=2,
                              ensure_ascii=True)
            atomic_write(target, body.encode("utf-8"))
            report.lines.append(f"The records set aside are in {target}.")
    if not report.lines:
        report.lines.append(f"Nothing to repair: every data file in {folder} reads well.")
    return report


def _entry(name: str, item: BadRecord) -> dict[str, Any]:
    return {"file": name, "table": item.table, "doc_id": item.doc_id, "problem": item.problem,
            "record": item.doc}


def _drop(db: Any, bad: list[BadRecord]) -> None:
    """Remove the bad records from their tables (the rest of the file is kept as it is)."""
    data = dict(db.storage.read() or {})
    for table in {item.table for item in bad}:
        gone = {item.doc_id for item in bad if item.table == table}
        data[table] = {k: v for k, v in data[table].items() if str(k) not in gone}
    db.storage.write(data)
