"""`coach validate`, `routines`, `show`, `schema` run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import ROOT, minimal_routine, write_json


def test_validate_good_file_exits_zero(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "r.json", minimal_routine())
    r = coach("validate", str(f))
    assert r.code == 0, r.out + r.err
    assert r.out == ""
    assert "1 file checked: 1 valid" in r.err


def test_validate_reports_file_path_and_message_for_each_problem(coach, tmp_path: Path) -> None:
    doc = minimal_routine()
    doc["exercises"][0]["hold_sec"] = 5
    doc["exercises"][1]["sets"] = True
    f = write_json(tmp_path / "bad.json", doc)
    r = coach("validate", str(f))
    assert r.code == 1
    lines = r.out.strip().splitlines()
    # the format's example names the place: said once, not after the path too
    assert f"{f}: unknown key 'hold_sec' at exercises[0] (did you mean 'hold_s'?)" in lines
    assert any(line.startswith(f"{f}: exercises[1].sets: ") for line in lines), lines
    assert "1 invalid" in r.err


def test_validate_missing_file_and_not_json(coach, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1,', encoding="utf-8")
    r = coach("validate", str(missing), str(broken))
    assert r.code == 1
    assert str(missing) in r.out
    assert str(broken) in r.out
    assert "2 invalid" in r.err


def test_validate_folder_and_duplicate_ids(coach, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    write_json(folder / "a.json", minimal_routine())
    write_json(folder / "b.json", minimal_routine(title="Copy"))
    r = coach("validate", str(folder))
    assert r.code == 1
    assert "duplicate id 'test-neck'" in r.out
    assert str(folder / "a.json") in r.out


def test_validate_warns_about_dosage_without_failing(coach, tmp_path: Path) -> None:
    doc = minimal_routine(pain_stop=9)
    f = write_json(tmp_path / "w.json", doc)
    r = coach("validate", str(f))
    assert r.code == 0
    assert f"{f}: pain_stop: warning:" in r.out


def test_bundled_routines_validate_with_no_warnings(coach) -> None:
    r = coach("validate", str(ROOT / "routines"))
    assert r.code == 0, r.out + r.err
    assert r.out == "", r.out
    assert "invalid" not in r.err and "warning" not in r.err


def test_routines_lists_bundled_and_user_and_extra(coach, data_dir: Path, tmp_path: Path) -> None:
    write_json(data_dir / "routines" / "mine.json", minimal_routine(id="mine", title="Mine"))
    extra = tmp_path / "extra"
    write_json(extra / "x.json", minimal_routine(id="extra-one", title="Extra one"))
    r = coach("routines", "--routines", str(extra))
    assert r.code == 0, r.err
    assert r.out.splitlines()[0].split() == ["ID", "TITLE", "EXERCISES", "TIME", "FILE"]
    assert "neck-desk" in r.out
    assert "mine" in r.out and str(data_dir / "routines" / "mine.json") in r.out
    assert "extra-one" in r.out


def test_routines_reports_broken_user_file_but_lists_the_rest(coach, data_dir: Path) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "bad.json").write_text("{", encoding="utf-8")
    r = coach("routines")
    assert r.code == 0
    assert "neck-desk" in r.out
    assert "bad.json" in r.err


def test_show_prints_steps_and_total(coach, tmp_path: Path) -> None:
    f = write_json(tmp_path / "r.json", minimal_routine())
    r = coach("show", str(f))
    assert r.code == 0, r.err
    assert "Test neck routine" in r.out
    assert "Chin tuck" in r.out
    assert "Total:" in r.out
    assert "left" in r.out.lower() and "right" in r.out.lower()


def test_show_prints_the_release_between_held_reps_in_steps_and_total(coach) -> None:
    r = coach("show", "neck-desk")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    hold = next(i for i, line in enumerate(lines) if "Chin tucks, set 1 of 1, rep 1 of 10" in line)
    assert "Release 3 seconds" in lines[hold + 1] and lines[hold + 1].rstrip().endswith("3 s")
    assert "rep 2 of 10: hold 5 seconds" in lines[hold + 2]
    assert sum("Release 3 seconds" in line for line in lines) == 9  # between 10 holds


def test_show_by_id_and_unknown_id(coach) -> None:
    assert coach("show", "neck-desk").code == 0
    r = coach("show", "no-such-routine")
    assert r.code == 1
    assert "no routine with id 'no-such-routine'" in r.err


def test_schema_is_the_committed_schema(coach) -> None:
    r = coach("schema")
    assert r.code == 0
    assert json.loads(r.out) == json.loads((ROOT / "routines" / "routine.schema.json").read_text())


def test_usage_error_exits_two(coach) -> None:
    r = coach("frobnicate")
    assert r.code == 2
    assert "usage:" in r.err
    assert coach("show").code == 2


def test_markup_and_escapes_in_routine_text_are_printed_literally(coach, tmp_path: Path) -> None:
    doc = minimal_routine(title="Squat [3/4 depth] [bold]x[/]")
    f = write_json(tmp_path / "m.json", doc)
    r = coach("show", str(f))
    assert r.code == 0
    assert "Squat [3/4 depth] [bold]x[/]" in r.out
