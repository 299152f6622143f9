"""``coach stats`` from the past years summed up (``facts-before.json``, coach.domain.past_stats)
and this year's facts: over ten years of history, every stats variant gives the figures it gives
from every facts file and from the validated records; a summary missing, damaged or stale is
not used (the same figures), and made again by the next validated read."""

from __future__ import annotations

import json
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.app import progress
from coach.app.context import AppContext
from coach.cli.review_cmds import stats_json, stats_lines
from coach.storage.facts_before import BEFORE_FILE
from tests.storage import test_facts as _facts
from tests.storage.test_facts import BERLIN, NOW

VARIANTS: list[dict[str, Any]] = [
    {},
    {"since": NOW.date() - timedelta(weeks=4)},  # (this year: from the summary too)
    {"since": date(2026, 1, 1)},  # (after the past's last day)
    {"since": date(2025, 12, 31)},  # (after this year's checkpoint, a day of the past: every
    {"since": date(2024, 3, 1)},  # facts file; the past: every facts file)
    {"routine_id": "neck-desk"},
    {"routine_id": "knee-basics", "since": NOW.date() - timedelta(weeks=4)},
]
SUMMED = [True, True, True, False, False, True, True]  # (the variants read from the summary)


# Ten years of history (built once a module; each test works on a copy of it).
built, data, library = _facts.built, _facts.data, _facts.library


def _ctx(folder: Path) -> AppContext:
    return AppContext(folder, wall=lambda: NOW, zone=BERLIN)


def _stats(folder: Path, **kw: Any) -> tuple[Any, list[str]]:
    review = progress.summary_review(_ctx(folder), now=NOW, **kw)
    return stats_json(review), stats_lines(review)


def _truth(folder: Path, **kw: Any) -> tuple[Any, list[str]]:
    """From every validated record (no facts files read)."""
    review = progress.review(_ctx(folder), now=NOW, **kw)
    return stats_json(review), stats_lines(review)


class _Spy:
    """Which facts ``coach stats`` read: the summed-up past, or every facts file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.summed: list[bool] = []
        self.every = 0
        real_summed, real_every = AppContext.kept_stats_facts, AppContext.kept_day_facts

        def summed(ctx: AppContext, *args: Any) -> Any:
            found = real_summed(ctx, *args)
            self.summed.append(found is not None)
            return found

        def every(ctx: AppContext, *args: Any) -> Any:
            self.every += 1
            return real_every(ctx, *args)

        monkeypatch.setattr(AppContext, "kept_stats_facts", summed)
        monkeypatch.setattr(AppContext, "kept_day_facts", every)

    def reset(self) -> None:
        self.summed, self.every = [], 0


def test_every_stats_variant_is_the_same_from_the_summed_up_past(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truths = [_truth(data, **kw) for kw in VARIANTS]
    assert truths[0][0]["flare_days"] and truths[0][0]["function"]["values"] > 100
    spy = _Spy(monkeypatch)
    for kw, truth, expected in zip(VARIANTS, truths, SUMMED, strict=True):
        first = _stats(data, **kw)  # (the first one reads everything and keeps the facts)
        assert (data / BEFORE_FILE).is_file()
        spy.reset()
        again = _stats(data, **kw)  # the past summed up, or every facts file
        summed = spy.summed == [True] and spy.every == 0
        assert summed == expected, kw
        (data / BEFORE_FILE).rename(data / "away.json")
        spy.reset()
        without = _stats(data, **kw)  # every facts file
        assert spy.summed == [False] and spy.every == 1
        (data / "away.json").rename(data / BEFORE_FILE)
        assert first == truth, kw
        assert again == truth, kw
        assert without == truth, kw


def test_coach_stats_prints_the_same_from_the_summary_and_without_it(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import main

    def stats(*args: str) -> str:
        assert main(["--data-dir", str(data), "stats", *args]) == 0
        return capsys.readouterr().out

    outputs = [stats(), stats("--json")]  # the validated read (makes the summary)
    assert (data / BEFORE_FILE).is_file()
    assert [stats(), stats("--json")] == outputs
    (data / BEFORE_FILE).unlink()
    assert [stats(), stats("--json")] == outputs


def _rewrite(folder: Path, change: Any) -> None:
    """Change the summary's body and give it a matching CRC (damage the CRC cannot tell)."""
    path = folder / BEFORE_FILE
    line, body = path.read_bytes().split(b"\n", 1)
    plain = json.loads(body)
    change(plain)
    body = json.dumps(plain, separators=(",", ":")).encode()
    head = json.loads(line)
    head["body_crc32"] = zlib.crc32(body)
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)


def _damages() -> list[Any]:
    def first_key(d: dict[str, Any]) -> str:
        return next(iter(d))

    return [
        lambda p: p["flares"].update(neck=[p["flares"]["neck"][0], "zz"]),
        lambda p: p["flares"].update(neck=[0, "ff"]),
        lambda p: p["flares"].update(neck=[date.max.toordinal() - 3, "ffff"]),
        lambda p: p["pain_n"].update({first_key(p["pain_n"]): 1}),
        lambda p: p["measures_n"].clear(),
        lambda p: p.update(records=-1),
        lambda p: p.update(function=[[1, {"stairs": "5"}]]),
        lambda p: p.update(function_out=[[[], 3]]),
        lambda p: p.update(function_out=[[["stairs"], 0]]),
        lambda p: p["measures"].update({first_key(p["measures"]): [[1, 2], [1.0]]}),
        lambda p: p.pop("function"),
    ]


def test_a_damaged_summary_is_not_used_and_made_again(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = _stats(data)  # (reads everything, keeps the summary)
    assert _stats(data) == truth
    kept = (data / BEFORE_FILE).read_bytes()
    spy = _Spy(monkeypatch)
    for i, damage in enumerate(_damages()):
        _rewrite(data, damage)
        spy.reset()
        assert _stats(data) == truth, i  # not used: every facts file
        assert spy.summed == [False] and spy.every == 1, i
        (data / BEFORE_FILE).write_bytes(kept)
        spy.reset()
        assert _stats(data) == truth
        assert spy.summed == [True], i  # (the damage was all that kept it from being used)
    _rewrite(data, _damages()[0])
    (data / "facts-2026.json").unlink()  # the next validated read makes it again
    assert _stats(data) == truth
    assert (data / BEFORE_FILE).read_bytes() == kept


def test_a_summary_for_other_logs_is_not_used(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    truth = _stats(data)
    assert _stats(data) == truth
    spy = _Spy(monkeypatch)
    (data / "log-2019.json").touch()  # (another modification time: another log version)
    assert _stats(data) == truth
    assert spy.summed[-1] is False


def test_coach_stats_alone_sums_up_the_past_again_from_the_facts_files(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = _stats(data)  # (the validated read: facts files and the summary)
    kept = (data / BEFORE_FILE).read_bytes()
    (data / BEFORE_FILE).unlink()
    spy = _Spy(monkeypatch)
    assert _stats(data) == truth  # every facts file, and the summary made from them
    assert spy.summed == [False] and spy.every == 1
    assert (data / BEFORE_FILE).read_bytes() == kept
    spy.reset()
    assert _stats(data) == truth
    assert spy.summed == [True] and spy.every == 0
    _rewrite(data, lambda p: p.update(records=-1))  # damaged: made again, the same
    assert _stats(data) == truth
    assert (data / BEFORE_FILE).read_bytes() == kept
    made = (data / BEFORE_FILE).stat()
    assert _stats(data) == truth  # current: not written again
    now = (data / BEFORE_FILE).stat()
    assert (now.st_ino, now.st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
