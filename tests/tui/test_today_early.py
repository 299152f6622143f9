"""The today panel drawn early, from the program kept with the routine list and the log's kept
facts files: the same panel as from the validated read, only when everything it was made from
is unchanged, and without the routine or record models (real files, real app)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach import listing
from coach.app.context import AppContext
from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.library import default_sources, load_library
from coach.storage import Repository, facts_file
from coach.storage.facts_file import facts_file_name
from coach.storage.facts_past import PAST_FILE
from coach.storage.models import ProgramEntry
from coach.storage.names import JOURNAL_FILE
from coach.tui.screens import home
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.home_data import kept_today, listing_of, load_home_data
from coach.tui.widgets.today import TodayPanel, load_today, today_content
from tests.tui.conftest import settle

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 18, 30, tzinfo=BERLIN)


def _history(folder: Path, years: int = 3) -> None:
    """Sessions of two program routines and check-ins over ``years`` up to yesterday."""
    rng = random.Random(9)
    library = load_library(default_sources(folder))
    repo = Repository.open(folder)
    sessions, checkins = [], []
    day = (NOW - timedelta(days=365 * years)).replace(hour=8, minute=0)
    while day < NOW - timedelta(days=1):
        for rid in ("neck-desk", "knee-basics"):
            if rng.random() < 0.7:
                sessions.append(
                    SessionRecord(routine_id=rid, routine_title=rid, routine_hash="ab" * 32,
                                  started_at=day + timedelta(hours=rng.randint(0, 9)),
                                  status=rng.choice(["complete", "complete", "partial"]))
                )  # fmt: skip
        checkins.append(
            CheckInRecord(at=day + timedelta(hours=11), context="at_rest",
                          pain=[PainRating(region="neck", value=rng.randint(0, 8))])
        )  # fmt: skip
        day += timedelta(days=1)
    repo.import_records(sessions, checkins)
    for i, rid in enumerate(("neck-desk", "knee-basics", "gone-routine")):
        loaded = library.routines.get(rid)
        repo.add_to_program(
            ProgramEntry(routine_id=rid, path=str(loaded.path) if loaded else "/gone.json",
                         sha256=loaded.sha256 if loaded else "00" * 32,
                         added_at=NOW - timedelta(days=365 * years - 40 * i),
                         since=date(2024, 3, 1) if i == 1 else None)
        )  # fmt: skip
    repo.set_excused(date(2026, 11, 20), "flare")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    _history(data)
    return data


def _full(ctx: AppContext) -> Any:
    """The panel's data as the validated read gives it (which also keeps the facts files)."""
    return load_today(ctx.repo(), ctx.library(), NOW, BERLIN)


def _kept(ctx: AppContext) -> Any:
    data = load_home_data(ctx)
    made_from = listing.signature(ctx.data_dir, ctx.extra_dirs)
    listing.write(ctx.data_dir, ctx.extra_dirs, listing_of(data), made_from)
    kept = listing.read(ctx.data_dir, listing.signature(ctx.data_dir, ctx.extra_dirs))
    assert kept is not None and kept.program is not None
    return kept


def test_the_early_panel_is_the_panel_of_the_validated_read(folder: Path) -> None:
    ctx = AppContext(folder)
    full = _full(ctx)
    kept = _kept(ctx)
    assert [p.routine_id for p in kept.program] == ["neck-desk", "knee-basics"]
    assert kept.missing == ("gone-routine",) and kept.excused == (("2026-11-20", "flare"),)
    early = kept_today(ctx, kept, NOW, BERLIN)
    assert early == full
    assert full.plan and full.streak.longest > 0 and full.last_pain is not None
    assert str(today_content(early, BERLIN)) == str(today_content(full, BERLIN))
    # The validated read keeps the program's past; the early panel reads it: the same again.
    assert load_today(ctx.repo(), ctx.library(), NOW, BERLIN, ctx) == full
    assert (folder / PAST_FILE).exists()
    assert kept_today(ctx, kept, NOW, BERLIN) == full


def test_no_early_panel_while_a_change_of_several_files_lands(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept facts are read without the lock: a change under way (its journal), or a log
    file replaced while they are read, and they are not used."""
    ctx = AppContext(folder)
    _full(ctx)
    kept = _kept(ctx)
    assert kept_today(ctx, kept, NOW, BERLIN) is not None
    journal = folder / JOURNAL_FILE
    journal.write_bytes(b"{}")
    assert kept_today(ctx, kept, NOW, BERLIN) is None
    journal.unlink()
    read = facts_file._read_log
    calls: list[Path] = []

    def replaced_meanwhile(path: Path) -> Any:
        found = read(path)
        calls.append(path)
        if len(calls) == 2:  # another process saves the first log file again (same bytes)
            first = calls[0]
            copy = first.with_name(".copy")
            copy.write_bytes(first.read_bytes())
            os.replace(copy, first)
        return found

    monkeypatch.setattr(facts_file, "_read_log", replaced_meanwhile)
    assert kept_today(ctx, kept, NOW, BERLIN) is None
    assert len(calls) == len(list(folder.glob("log-*.json")))  # all read, then the change seen
    monkeypatch.setattr(facts_file, "_read_log", read)
    assert kept_today(ctx, kept, NOW, BERLIN) is None  # (that log's version changed)


def test_no_early_panel_when_a_facts_file_is_missing_or_out_of_date(folder: Path) -> None:
    ctx = AppContext(folder)
    _full(ctx)
    kept = _kept(ctx)
    assert kept_today(ctx, kept, NOW, BERLIN) is not None
    path = folder / facts_file_name(2025)
    body = path.read_bytes()
    path.unlink()
    assert kept_today(ctx, kept, NOW, BERLIN) is None  # nothing is made here
    assert not path.exists()
    path.write_bytes(body)
    assert kept_today(ctx, kept, NOW, BERLIN) is not None
    ctx.repo().save_checkin(CheckInRecord(at=NOW, context="at_rest",
                                          pain=[PainRating(region="neck", value=9)]))  # fmt: skip
    assert kept_today(ctx, kept, NOW, BERLIN) is None  # this year's log changed
    full = _full(ctx)  # made again (and kept) by the validated read
    assert full.last_pain is not None and [r.value for r in full.last_pain.regions] == [9]
    assert kept_today(ctx, kept, NOW, BERLIN) == full


def test_no_early_panel_from_a_kept_list_without_the_program(folder: Path) -> None:
    ctx = AppContext(folder)
    _full(ctx)
    kept = _kept(ctx)
    assert kept_today(ctx, listing.Listing(kept.rows, kept.problems), NOW, BERLIN) is None
    cache = folder / listing.CACHE_NAME
    body = json.loads(cache.read_bytes())
    body["program"][0][2] = "twice"  # per day: not a number
    cache.write_text(json.dumps(body))
    assert listing.read(folder, listing.signature(folder, [])) is None


def test_the_early_panel_imports_no_models(folder: Path) -> None:
    ctx = AppContext(folder)
    _full(ctx)
    _kept(ctx)
    code = (
        "import sys; from datetime import datetime; from pathlib import Path\n"
        "from zoneinfo import ZoneInfo\n"
        "from coach import listing\n"
        "from coach.app.context import AppContext\n"
        "from coach.tui.screens.home_data import kept_today\n"
        f"ctx = AppContext(Path({str(folder)!r}))\n"
        "kept = listing.read(ctx.data_dir, listing.signature(ctx.data_dir, []))\n"
        "tz = ZoneInfo('Europe/Berlin')\n"
        f"data = kept_today(ctx, kept, datetime.fromisoformat({NOW.isoformat()!r}), tz)\n"
        "from coach.tui.widgets.today import today_content\n"
        "today_content(data, tz)\n"
        "heavy = [m for m in ('pydantic', 'coach.domain.records', 'coach.domain.routine',\n"
        "         'coach.storage.repo', 'coach.library', 'tinydb', 'filelock',\n"
        "         'coach.storage.store') if m in sys.modules]\n"
        "print(data is not None, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.stdout.strip() == "True []", done.stderr[-2000:]


async def test_the_home_screen_shows_today_before_the_routines_are_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.tui.app import CoachApp

    _full(AppContext(folder))
    release = threading.Event()
    read = home.load_home_data

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10)
        return read(*args, **kwargs)

    async def run(hold: bool) -> tuple[Any, Any]:
        app = CoachApp(data_dir=folder, extra_dirs=[], quiet=True, reminders=False)
        early = None
        async with app.run_test(size=(100, 40)) as pilot:
            panel = None
            for _ in range(40 if hold else 0):
                await pilot.pause()
                screen = next((s for s in app.screen_stack if isinstance(s, HomeScreen)), None)
                panel = screen.query_one(TodayPanel) if screen is not None else None
                if panel is not None and panel.data is not None:
                    early = panel.data
                    break
            release.set()
            await settle(pilot)
            screen = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
            return early, screen.query_one(TodayPanel).data

    release.set()
    await run(hold=False)  # keeps the routine list and the program for the next start
    release.clear()
    monkeypatch.setattr(home, "load_home_data", held)
    early, late = await run(hold=True)
    assert early is not None and late is not None  # shown while the routines were not read
    assert early.plan == late.plan and early.streak == late.streak
    assert early.missing == late.missing == ("gone-routine",)


def test_the_early_panel_reads_the_past_years_summed_up(folder: Path) -> None:
    """The validated read keeps ``facts-before.json`` (the years before this one summed up); the
    early panel reads it and this year's facts, not the past years' facts files. Deleted,
    damaged or out of date: not used (every facts file read instead), the same figures."""
    from coach.storage.facts_before import BEFORE_FILE

    ctx = AppContext(folder)
    full = load_today(ctx.repo(), ctx.library(), NOW, BERLIN, ctx)  # keeps the past too
    kept = _kept(ctx)
    path = folder / BEFORE_FILE
    assert path.exists()
    made = path.stat().st_mtime_ns
    assert load_today(ctx.repo(), ctx.library(), NOW, BERLIN, ctx) == full
    assert path.stat().st_mtime_ns == made  # current: not written again
    assert ctx.kept_panel_facts(BERLIN, NOW.date()) is not None
    past_year = folder / facts_file_name(2024)
    body = past_year.read_bytes()
    past_year.unlink()  # not read: the early panel comes all the same
    assert kept_today(ctx, kept, NOW, BERLIN) == full
    past_year.write_bytes(body)
    good = path.read_bytes()
    for damage in (b"", good[:-5], good.replace(b'"year":2026', b'"year":2025'), None):
        if damage is None:
            path.unlink()
        else:
            path.write_bytes(damage)
        assert ctx.kept_panel_facts(BERLIN, NOW.date()) is None
        assert kept_today(ctx, kept, NOW, BERLIN) == full  # from every facts file
    _full(ctx)
    assert path.read_bytes() == good  # made again, the same
    # A past year's log saved again: the summary is not used until the validated read.
    ctx.repo().save_checkin(CheckInRecord(at=NOW - timedelta(days=400), context="at_rest",
                                          pain=[PainRating(region="neck", value=2)]))  # fmt: skip
    assert ctx.kept_panel_facts(BERLIN, NOW.date()) is None
    again = load_today(ctx.repo(), ctx.library(), NOW, BERLIN, ctx)
    assert ctx.kept_panel_facts(BERLIN, NOW.date()) is not None
    assert kept_today(ctx, kept, NOW, BERLIN) == again
