"""``coach report`` written again with nothing changed: the last report, kept with its key.

A report is often written again the same day (to another file, a second copy for the clinic).
Nothing in it changes unless the log, ``coach.json`` or a routine file does, or the day, the
period, the time zone or coach itself. So the last report written is kept in
``report-page.cache.json`` beside the data with its key:

- every log file's name, inode, size, modification time and a CRC-32 of all its bytes
  (:func:`coach.storage.kept.log_stamp`; none while a change a crash left half done is there);
- the stamp of ``coach.json`` and every routine file (:func:`coach.storage.kept.stamp`);
- the period's first day, today, the time zone's name and coach's version.

The key is taken before the report is drawn and again after it; the page is kept only when both
are the same (nothing changed while it was drawn), and only by a report whose records were read
validated or from year files a validated read vouched for. A kept page is used when the key taken
now is its key and its CRC-32 is right: it is the same page but for the time it was written (its
"at HH:MM", put in anew). Any doubt (missing, damaged, another format or key) and the report is
drawn as usual. A cache, never the truth: deleting it changes no report (tests assert it).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from coach import __version__
from coach.localtime import tz_key
from coach.storage.kept import REPORT_PAGE, log_stamp, read_kept, stamp, write_kept

FORMAT = 1
_MAX_BYTES = 16 << 20


class ReportPage(NamedTuple):
    """A report as ``coach report`` writes and describes it."""

    html: str
    today: date
    """The last day it covers."""
    empty: bool
    """Nothing was logged."""
    charts: int


def written_at(generated: datetime) -> str:
    """The report's words for the time it was written: the one part of a kept page put in anew
    (:func:`coach.services.report.build_report` writes them)."""
    return f" at {generated:%H:%M} from the client's own log."


def key(
    data_dir: Path,
    extra_dirs: Sequence[Path],
    start: date,
    now: datetime,
    tz: tzinfo,
    crc: bool = True,
) -> list[Any] | None:
    """What a report from ``start`` written at ``now`` (the client's days in ``tz``) is made
    from, as the files are now; None when it cannot be told (a log file that is not a plain
    file, a change a crash left half done, a zone without a name): nothing is kept or used.
    Without ``crc``, the log files' CRC-32s are left out (:func:`_unchanged`)."""
    name = tz_key(tz)
    if name is None or now.tzinfo is None:
        return None
    logs = log_stamp(data_dir, crc, now.astimezone(tz).year)  # (past years: their token)
    inputs = stamp(data_dir, extra_dirs) if logs is not None else None
    if inputs is None:
        return None
    days = [start.isoformat(), now.date().isoformat(), now.astimezone(tz).date().isoformat()]
    return [logs, inputs, days, name, __version__]


def read(data_dir: Path, made_from: list[Any] | None, now: datetime) -> ReportPage | None:
    """The kept report made from ``made_from`` (:func:`key`, taken now), written at ``now``;
    None when there is none, or it is damaged."""
    if made_from is None:
        return None
    kept = read_kept(data_dir, REPORT_PAGE, FORMAT, made_from, max_bytes=_MAX_BYTES)
    if kept is None:
        return None
    head, tail, today, empty, charts = (kept.get(k) for k in ("head", "tail", "today", "empty",
                                                              "charts"))  # fmt: skip
    if not (type(head) is str and type(tail) is str and type(today) is str
            and type(empty) is bool and type(charts) is int):  # fmt: skip
        return None
    try:
        last = date.fromisoformat(today)
    except ValueError:
        return None
    if kept.get("crc32") != _crc(head, tail, today, empty, charts):
        return None
    return ReportPage(head + written_at(now) + tail, last, empty, charts)


def keep(
    data_dir: Path,
    extra_dirs: Sequence[Path],
    made_from: list[Any] | None,
    page: ReportPage,
    start: date,
    now: datetime,
    tz: tzinfo,
) -> bool:
    """Keep ``page`` (from ``start``, written at ``now`` from the files as they were at
    ``made_from``, a :func:`key` taken before it was drawn) if the files are still as they
    were; False when it is not kept (something changed, or the folder cannot be written: a
    cache, never an error)."""
    if made_from is None:
        return False
    words = written_at(now)
    at = page.html.find(words)
    if at < 0 or not _unchanged(made_from, key(data_dir, extra_dirs, start, now, tz, crc=False)):
        return False
    head, tail = page.html[:at], page.html[at + len(words) :]
    today = page.today.isoformat()
    body = {
        "format": FORMAT,
        "signature": made_from,
        "head": head,
        "tail": tail,
        "today": today,
        "empty": page.empty,
        "charts": page.charts,
        "crc32": _crc(head, tail, today, page.empty, page.charts),
    }
    return write_kept(data_dir, REPORT_PAGE, body)


def _unchanged(made_from: list[Any], now: list[Any] | None) -> bool:
    """Whether the files are as they were at ``made_from`` (a key taken before the page was
    drawn), from ``now`` (one taken after it, without the log files' CRC-32s): every write by
    coach replaces a log file (a new inode, time and size), and a file damaged in place since
    ``made_from`` was taken has another CRC-32 than it when the kept page is next read."""
    if now is None:
        return False
    logs, *rest = made_from
    return [[row[:4] for row in logs], *rest] == now


def page_of(html: str, today: date, empty: bool) -> ReportPage:
    """A report drawn now, as :func:`read` gives a kept one."""
    # lazy: the page's stylesheet and escaping (html), off a kept page
    from coach.services.report_page import chart_count

    return ReportPage(html, today, empty, chart_count(html))


def _crc(head: str, tail: str, today: str, empty: bool, charts: int) -> int:
    data = f"{today}|{int(empty)}|{charts}|{len(head)}|{head}{tail}"
    return zlib.crc32(data.encode("utf-8", "surrogatepass"))
