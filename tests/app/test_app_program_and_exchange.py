"""Use cases called without a front end: excusing days, the program list, export and import."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.app import exchange, program
from coach.app.context import AppContext
from coach.domain.records import CheckInRecord, PainRating

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=ZONE)


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    return AppContext(tmp_path / "data", wall=lambda: NOW, zone=ZONE)


def test_excused_days_count_the_run_around_the_day_and_refuse_the_far_future(
    ctx: AppContext,
) -> None:
    today = NOW.date()
    assert program.excuse_day(ctx, today - timedelta(days=2), "ill") == 1
    assert program.excuse_day(ctx, today, "ill") == 1
    assert program.excuse_day(ctx, today - timedelta(days=1), "flare") == 3  # joins both
    assert program.excuse_day(ctx, today + timedelta(days=1), "rest") == 4
    with pytest.raises(program.ExcuseError, match="more than a day ahead"):
        program.excuse_day(ctx, today + timedelta(days=2), "rest")
    assert date(2026, 12, 5) not in ctx.repo().excused_days()  # nothing saved
    assert program.clear_excuse(ctx, today)
    assert not program.clear_excuse(ctx, today)


def test_the_program_list_is_empty_then_shows_a_routine_put_in_it(ctx: AppContext) -> None:
    assert program.rows(ctx) == []
    loaded = ctx.library().routines["neck-desk"]
    program.put_in(ctx, loaded)
    (row,) = program.rows(ctx)
    assert (row.routine_id, row.title) == ("neck-desk", loaded.routine.title)
    assert (row.per_day, row.days_per_week) == (
        loaded.routine.frequency.per_day, loaded.routine.frequency.days_per_week)
    assert program.drop(ctx, "neck-desk") and program.rows(ctx) == []
    assert not program.drop(ctx, "neck-desk")


def test_an_export_imports_into_another_folder_once(ctx: AppContext, tmp_path: Path) -> None:
    checkin = CheckInRecord(at=NOW, context="at_rest", pain=[PainRating(region="neck", value=3)])
    ctx.repo().save_checkin(checkin)
    done = exchange.export_log(ctx, "json")
    assert (done.sessions, done.checkins, done.practice_left_out) == (0, 1, 0)
    source = tmp_path / "export.json"
    source.write_text(done.text, encoding="utf-8")
    other = AppContext(tmp_path / "other", wall=lambda: NOW, zone=ZONE)
    first = exchange.import_log(other, source)
    again = exchange.import_log(other, source)
    assert (first.checkins, first.skipped_checkins) == (1, 0)
    assert (again.checkins, again.skipped_checkins) == (0, 1)
    assert other.repo().checkins() == [checkin]
    source.write_text(json.dumps({"coach_export": 1, "checkins": "no"}), encoding="utf-8")
    with pytest.raises(exchange.ExportError):
        exchange.import_log(other, source)
