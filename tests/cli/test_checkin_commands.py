"""``coach checkin``, ``coach history`` (edit, delete) and ``coach activities`` as subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.domain.records import CheckInRecord, ExerciseLog, PainRating, SessionRecord
from coach.storage.repo import Repository
from tests.cli.conftest import ROOT, minimal_routine, write_json

BERLIN = {"TZ": "Europe/Berlin"}
MEASURE = {"id": "rotation", "label": "Head turn", "unit": "degrees", "better": "higher",
           "min": 0, "max": 90}


@pytest.fixture
def run(coach: Any, tmp_path: Path) -> Any:
    """``coach`` with a routine folder (regions neck/shoulder, measure rotation) in Berlin time."""
    folder = tmp_path / "extra"
    write_json(folder / "test-neck.json", minimal_routine(
        check_in={"regions": ["neck", "shoulder"], "measures": [MEASURE]}))

    def call(*args: str, **kw: Any) -> Any:
        return coach(*args, "--routines", str(folder), env=BERLIN, **kw)

    return call


def entries(run: Any) -> list[dict[str, Any]]:
    result = run("history", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


# --- coach checkin ------------------------------------------------------------------------------


def test_checkin_with_every_value_is_saved_in_local_time(run: Any) -> None:
    result = run("checkin", "--pain", "3", "--region", "neck", "--pain", "shoulder=0",
                 "--context", "before", "--measure", "rotation=45.5", "--stiffness", "2",
                 "--morning-stiffness", "20", "--note", "felt ok [bold]x[/]",
                 "--at", "2026-01-10T08:30")
    assert result.code == 0, result.err
    assert result.out.startswith("Saved your check-in of 2026-01-10 08:30 (id ")
    assert "before a session; pain shoulder 0/10, neck 3/10; Head turn 45.5 degrees; " \
           "stiffness 2/10; morning stiffness 20 min; note: felt ok [bold]x[/]" in result.out
    (entry,) = entries(run)
    assert entry["kind"] == "checkin"
    assert entry["at"] == "2026-01-10T08:30:00+01:00"
    assert entry["context"] == "before_session"
    assert entry["pain"] == [{"region": "shoulder", "value": 0}, {"region": "neck", "value": 3}]
    assert entry["measures"] == {"rotation": 45.5}
    assert (entry["stiffness"], entry["morning_stiffness_min"]) == (2, 20)
    assert entry["note"] == "felt ok [bold]x[/]" and entry["edited_at"] is None


def test_a_note_alone_is_a_check_in(run: Any) -> None:
    """The same rule as the check-in screen (coach.domain.checkin.has_values): a note is enough."""
    result = run("checkin", "--note", "slept badly, no pain to rate")
    assert result.code == 0, result.err
    (entry,) = entries(run)
    assert entry["note"] == "slept badly, no pain to rate" and entry["pain"] == []


def test_summer_dates_get_the_summer_offset(run: Any) -> None:
    assert run("checkin", "--pain", "neck=1", "--at", "2025-07-01 08:00").code == 0
    assert entries(run)[0]["at"] == "2025-07-01T08:00:00+02:00"


def test_yesterday_and_control_characters_in_notes(run: Any) -> None:
    result = run("checkin", "--pain", "neck=4", "--at", "yesterday 7:15",
                 "--note", "a\x1b[31mred\x07 line")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    (entry,) = entries(run)
    assert entry["note"] == "a[31mred line"
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    assert entry["at"].startswith(yesterday.strftime("%Y-%m-%d") + "T07:15:00")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--pain", "11", "--region", "neck"],
         "coach: pain must be a whole number from 0 to 10 (0 = no pain, 10 = worst pain "
         "imaginable); got 11"),
        (["--pain", "three", "--region", "neck"], "'three' is not a whole number"),
        (["--pain", "3", "--region", "nekc"], "coach: unknown region 'nekc': your routines ask "
         "about "),
        (["--pain", "3"], "coach: say which region the pain is in with --region"),
        (["--pain", "3", "--pain", "4", "--region", "neck"],
         "coach: give one --region for each --pain N (got 2 --pain and 1 --region)"),
        (["--measure", "rotaton=4"], "coach: unknown measure 'rotaton': your routines record "),
        (["--measure", "rotation=120"],
         "coach: Head turn (rotation) must be between 0 and 90 degrees; got 120"),
        (["--measure", "rotation=far"],
         "coach: Head turn (rotation) must be a number in degrees; 'far' is not a number"),
        (["--measure", "rotation"], "coach: a measure is written ID=VALUE"),
        (["--pain", "neck=2", "--at", "2999-01-01"], "is in the future; a check-in can only be "
         "entered for a time that has passed"),
        (["--pain", "neck=2", "--at", "soon"], "coach: can't read the date or time 'soon'"),
        (["--pain", "neck=2", "--context", "lunch"],
         "coach: unknown context 'lunch': use one of before, after, during, morning, rest, "
         "activity"),
        (["--stiffness", "12"], "coach: stiffness must be a whole number from 0 to 10"),
        (["--morning-stiffness", "-5"], "coach: morning stiffness must be"),
        (["--note", "x" * 1001],
         "coach: a note can be at most 1,000 characters; this one has 1,001"),
        (["--pain", "neck=2", "--session", "abcd1234"], "coach: no entry with id 'abcd1234'"),
        (["--function", "a1=5"], "coach: no activity 'a1': your activities are none yet"),
        (["--note", "  "], "coach: a check-in needs at least one value"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    run: Any, args: list[str], message: str
) -> None:
    result = run("checkin", *args)
    assert result.code == 1
    assert message in result.err
    assert result.out == ""
    assert entries(run) == []


def test_pain_without_region_uses_the_programs_only_region(coach: Any, tmp_path: Path) -> None:
    knee = write_json(tmp_path / "knee.json", minimal_routine(id="my-knee", check_in={
        "regions": ["knee"]}))
    assert coach("add", str(knee)).code == 0
    result = coach("checkin", "--pain", "4")
    assert result.code == 0, result.err
    assert "pain knee 4/10" in result.out


def test_bad_value_after_good_ones_writes_nothing(run: Any) -> None:
    result = run("checkin", "--pain", "neck=3", "--measure", "rotation=40",
                 "--stiffness", "11")
    assert result.code == 1 and "Nothing was saved." in result.err
    assert entries(run) == []


# --- sessions in the history ----------------------------------------------------------------------


def seed_session(data_dir: Path) -> SessionRecord:
    start = datetime(2026, 1, 9, 17, 0, tzinfo=UTC)
    session = SessionRecord(
        routine_id="test-neck", routine_title="Test neck routine", routine_hash="h",
        started_at=start, ended_at=start + timedelta(minutes=12), status="complete",
        exercises=[ExerciseLog(index=0, name="Chin tuck", status="done"),
                   ExerciseLog(index=1, name="Stretch", status="skipped")])
    repo = Repository.open(data_dir)
    repo.save_session(session)
    repo.save_checkin(CheckInRecord(at=start + timedelta(days=1), context="at_rest",
                                    pain=[PainRating(region="neck", value=2)]))
    repo.save_checkin(CheckInRecord(at=start - timedelta(minutes=2), context="before_session",
                                    session_id=session.id, pain=[PainRating(region="neck")]))
    return session


def test_history_lists_sessions_and_checkins_in_time_order(run: Any, data_dir: Path) -> None:
    session = seed_session(data_dir)
    result = run("history")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["WHEN", "ENTRY", "ID", "WHAT"]
    assert lines[1].startswith("2026-01-09 17:58  check-in")
    assert lines[1].endswith("before a session; pain neck skipped")
    assert lines[2] == (f"2026-01-09 18:00  session   {session.id[:8]}  "
                        "Test neck routine: complete, 1 done, 1 skipped, 12 min")
    assert lines[3].startswith("2026-01-10 18:00  check-in") and lines[3].endswith("neck 2/10")
    since = run("history", "--since", "2026-01-10")
    assert len(since.out.splitlines()) == 2
    kinds = [e["kind"] for e in entries(run)]
    assert kinds == ["checkin", "session", "checkin"]


def test_history_when_empty(run: Any) -> None:
    result = run("history")
    assert (result.code, result.out) == (0, "Nothing logged yet.\n")
    bad = run("history", "--since", "last week")
    assert bad.code == 1 and "can't read the date or time 'last week'" in bad.err


def test_checkin_linked_to_a_session(run: Any, data_dir: Path) -> None:
    session = seed_session(data_dir)
    result = run("checkin", "--session", session.id[:6], "--pain", "neck=5",
                 "--at", "2026-01-09T18:20")
    assert result.code == 0, result.err
    linked = [e for e in entries(run) if e["kind"] == "checkin" and e["context"] ==
              "after_session"]
    assert len(linked) == 1
    assert linked[0]["session_id"] == session.id and linked[0]["routine_id"] == "test-neck"


# --- edit and delete ------------------------------------------------------------------------------


def saved_id(run: Any) -> str:
    assert run("checkin", "--pain", "neck=3", "--note", "first", "--at", "2026-01-10T08:30",
               "--measure", "rotation=40").code == 0
    return str(entries(run)[0]["id"])


def test_edit_changes_only_what_is_given_and_keeps_when_edited(run: Any) -> None:
    rid = saved_id(run)
    result = run("history", "edit", rid[:8], "--pain", "5", "--region", "shoulder",
                 "--stiffness", "4")
    assert result.code == 0, result.err
    assert result.out.startswith("Changed: at rest; pain neck 3/10, shoulder 5/10;")
    (entry,) = entries(run)
    assert entry["id"] == rid and entry["at"] == "2026-01-10T08:30:00+01:00"
    assert entry["pain"] == [{"region": "neck", "value": 3}, {"region": "shoulder", "value": 5}]
    assert entry["stiffness"] == 4 and entry["note"] == "first"
    assert entry["measures"] == {"rotation": 40.0}
    assert entry["edited_at"] is not None
    again = run("history", "edit", rid, "--pain", "1")  # the only region... of two: ambiguous
    assert again.code == 1 and "say which region" in again.err
    assert "(edited)" in run("history").out


def test_edit_refuses_bad_values_and_keeps_the_entry(run: Any, data_dir: Path) -> None:
    rid = saved_id(run)
    before = entries(run)
    for args, message in [
        (["--pain", "neck=12"], "pain must be a whole number from 0 to 10"),
        (["--measure", "rotation=-1"], "must be between 0 and 90 degrees; got -1"),
        ([], "say what to change"),
    ]:
        result = run("history", "edit", rid, *args)
        assert result.code == 1 and message in result.err and "Nothing was changed." in result.err
    assert entries(run) == before
    session = seed_session(data_dir)
    refused = run("history", "edit", session.id, "--note", "x")
    assert refused.code == 1 and "only check-ins can be edited" in refused.err
    missing = run("history", "edit", "ffffffff", "--note", "x")
    assert missing.code == 1 and "no entry with id 'ffffffff'" in missing.err


def test_delete_without_a_terminal_needs_yes(run: Any, data_dir: Path) -> None:
    rid = saved_id(run)
    refused = run("history", "delete", rid[:8])
    assert refused.code == 1
    assert refused.err == ("Not deleted: there is no terminal to ask you. Run again with --yes "
                           "to delete it without asking.\n")
    assert len(entries(run)) == 1
    done = run("history", "delete", rid[:8], "--yes")
    assert done.code == 0
    assert done.out.startswith("Deleted the check-in of 2026-01-10 08:30 (at rest; pain neck 3/10")
    assert entries(run) == []
    session = seed_session(data_dir)
    assert run("history", "delete", session.id, "--yes").code == 0
    assert [e["kind"] for e in entries(run)] == ["checkin", "checkin"]


# --- activities (PSFS) ----------------------------------------------------------------------------


def test_activities_set_up_rate_rename_retire(run: Any) -> None:
    few = run("activities", "add", "walking", "gardening")
    assert few.code == 1 and "name 3 to 5 activities" in few.err
    setup = run("activities", "add", "Walking the dog", "Gardening", "Lifting [b]x[/b]")
    assert setup.code == 0, setup.err
    assert "a3  Lifting [b]x[/b]  rated" in setup.out
    assert run("checkin", "--function", "a1=6", "--function", "gardening=3").code == 0
    assert entries(run)[0]["function"] == {"a1": 6, "a2": 3}
    assert run("activities", "rename", "a1", "Walking Rex").code == 0
    assert "function Walking Rex 6/10, Gardening 3/10" in run("history").out
    assert run("activities", "retire", "a2").code == 0
    retired = run("checkin", "--function", "a2=4")
    assert retired.code == 1 and "'Gardening' was retired; it is no longer rated" in retired.err
    bad = run("checkin", "--function", "a1=11")
    assert bad.code == 1 and "'Walking Rex' must be a whole number from 0 to 10 (0 = unable " \
        "to do it, 10 = able to do it as before the problem); got 11" in bad.err
    listing = run("activities").out
    assert "a2  Gardening" in listing and "retired" in listing
    assert len(entries(run)) == 1


# --- no textual for these commands ----------------------------------------------------------------


@pytest.mark.parametrize("argv", [["checkin", "--pain", "neck=2"], ["history"],
                                  ["history", "--json"], ["activities"]])
def test_commands_do_not_load_textual(argv: list[str], tmp_path: Path) -> None:
    code = (
        "import sys, io, json, contextlib\n"
        "from coach.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({argv!r} + ['--data-dir', {str(tmp_path)!r}])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    mods = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "textual" not in mods and "coach.tui" not in mods


@pytest.mark.parametrize("answer, code, left", [("y", 0, 0), ("n", 1, 1)])
def test_delete_asks_on_a_terminal(
    run: Any, data_dir: Path, tmp_path: Path, answer: str, code: int, left: int
) -> None:
    import os
    import pty

    rid = saved_id(run)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH")}
    env.update(BERLIN, HOME=str(tmp_path / "home"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "history", "delete", rid, "--data-dir", str(data_dir)],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    os.close(slave)
    os.write(master, f"{answer}\n".encode())
    out, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == code, err
    assert len(entries(run)) == left
    if answer == "n":
        assert err.decode() == "Not deleted.\n"
    else:
        assert out.decode().startswith("Delete the check-in of 2026-01-10 08:30 (at rest; "
                                       "pain neck 3/10; rotation 40; note: first)? [y/N] Deleted")
