"""`coach add`, `program`, `drop`: installing the therapist's file and following it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import minimal_routine, write_json


def test_add_copies_validates_and_puts_in_program(coach, data_dir: Path, tmp_path: Path) -> None:
    f = write_json(tmp_path / "from-therapist.json", minimal_routine())
    r = coach("add", str(f))
    assert r.code == 0, r.err
    installed = data_dir / "routines" / "test-neck.json"
    assert installed.read_bytes() == f.read_bytes()
    assert oct(installed.stat().st_mode & 0o777) == "0o600"
    r = coach("program")
    assert "test-neck" in r.out and "Test neck routine" in r.out
    assert "test-neck" in coach("routines").out


def test_add_invalid_file_changes_nothing(coach, data_dir: Path, tmp_path: Path) -> None:
    doc = minimal_routine()
    doc["exercises"][0]["reps"] = "10"
    f = write_json(tmp_path / "bad.json", doc)
    r = coach("add", str(f))
    assert r.code == 1
    assert "exercises[0].reps" in r.err
    assert not (data_dir / "routines" / "test-neck.json").exists()
    assert "empty" in coach("program").out


def test_add_same_id_shows_changes_and_needs_consent(coach, data_dir: Path, tmp_path: Path) -> None:
    write_json(tmp_path / "v1.json", minimal_routine())
    assert coach("add", str(tmp_path / "v1.json")).code == 0
    v2 = minimal_routine()
    v2["exercises"][1]["hold_s"] = 45
    v2["exercises"].append({"name": "Shoulder roll", "kind": "mobility", "reps": 10})
    v2["exercises"].pop(0)
    write_json(tmp_path / "v2.json", v2)
    r = coach("add", str(tmp_path / "v2.json"), input="")
    assert r.code == 1
    assert "Added exercise: Shoulder roll" in r.out
    assert "Removed exercise: Chin tuck" in r.out
    assert "hold (s) 30 → 45" in r.out
    assert "Not replaced" in r.err
    installed = json.loads((data_dir / "routines" / "test-neck.json").read_text())
    assert installed["exercises"][0]["name"] == "Chin tuck"
    r = coach("add", str(tmp_path / "v2.json"), "--yes")
    assert r.code == 0, r.err
    installed = json.loads((data_dir / "routines" / "test-neck.json").read_text())
    assert installed["exercises"][0]["name"] == "Upper trapezius stretch"


def test_add_same_file_twice_is_a_no_op(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "v1.json", minimal_routine())
    assert coach("add", str(f)).code == 0
    r = coach("add", str(f))
    assert r.code == 0
    assert r.out.strip() == (
        "'Test neck routine' is already in your program, exactly as in this file; nothing changed."
    )
    coach("drop", "test-neck")
    r = coach("add", str(f))  # installed but out of the program: back in it
    assert r.out.strip() == "Added 'Test neck routine' to your program."
    assert "test-neck" in coach("program").out


def test_add_refuses_an_id_taken_by_a_bundled_routine(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "clash.json", minimal_routine(id="neck-desk"))
    r = coach("add", str(f))
    assert r.code == 1
    assert "already exists" in r.err and "own id" in r.err


def test_drop_keeps_history_and_unknown_id_fails(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "v1.json", minimal_routine())
    coach("add", str(f))
    r = coach("drop", "test-neck")
    assert r.code == 0
    assert "history is kept" in r.out
    assert "test-neck" not in coach("program").out
    r = coach("drop", "test-neck")
    assert r.code == 1


def test_coach_home_environment_variable_sets_the_data_folder(coach, tmp_path: Path) -> None:
    home = tmp_path / "via-env"
    f = write_json(tmp_path / "v1.json", minimal_routine())
    r = coach("add", str(f), env={"COACH_HOME": str(home)}, data=False)
    assert r.code == 0, r.err
    assert (home / "routines" / "test-neck.json").exists()


def test_add_a_bundled_routine_by_id_or_by_its_own_file(coach) -> None:
    from tests.cli.conftest import ROOT

    r = coach("add", "neck-desk")
    assert r.code == 0, r.err
    assert "Added 'Neck and desk posture' to your program" in r.out
    assert "neck-desk" in coach("program").out
    r = coach("add", str(ROOT / "routines" / "neck-desk.json"))
    assert r.code == 0, r.err
    assert "already in your program" in r.out
    r = coach("add", "no-such-routine")
    assert r.code == 1
    assert "no routine with id 'no-such-routine'" in r.err


def test_add_since_sets_the_first_day_and_program_shows_it(coach, data_dir: Path) -> None:
    from datetime import datetime, timedelta

    r = coach("add", "neck-desk", "--since", "2026-01-05")
    assert r.code == 0, r.err
    assert "counts from Monday 5 January 2026" in r.out
    assert "neck-desk  Neck and desk posture  2×/day, 5 days/week  2026-01-05" in coach(
        "program").out
    r = coach("add", "neck-desk", "--since", "2026-02-02")  # already in: only the day moves
    assert "already in your program" in r.out and "2 February 2026" in r.out
    assert "2026-02-02" in coach("program").out
    stats = json.loads(coach("stats", "--json").out)
    assert stats["routines"][0]["measured_from"] == "2026-02-02"
    tomorrow = (datetime.now().date() + timedelta(days=2)).isoformat()
    bad = coach("add", "neck-desk", "--since", tomorrow)
    assert bad.code == 1 and "in the future" in bad.err and "Traceback" not in bad.err
    bad = coach("add", "neck-desk", "--since", "someday")
    assert bad.code == 1 and "can't read the day 'someday'" in bad.err


def test_profile_is_set_shown_cleared_and_refused_when_bad(coach, data_dir: Path) -> None:
    assert "No details yet" in coach("profile").out
    r = coach("profile", "--name", "Sam Jones", "--id", "A-77", "--therapist", "Alex Lee",
              "--clinic", "Town Physio")
    assert r.code == 0, r.err
    assert ("Name       Sam Jones\nClient ID  A-77\nTherapist  Alex Lee\n"
            "Clinic     Town Physio") in r.out
    assert coach("profile", "--clinic", "").code == 0
    assert "Clinic" not in coach("profile").out
    bad = coach("profile", "--name", "x" * 201)
    assert bad.code == 1 and "Name: at most 200 characters" in bad.err
    assert "Nothing was changed." in bad.err and "Sam Jones" in coach("profile").out
