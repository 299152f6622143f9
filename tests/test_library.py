"""The routine library: reading files and folders, refusing bad files without stopping the rest."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from coach.domain.validation import MAX_FILE_BYTES, Problem, RoutineInvalid
from coach.library import (
    Library,
    LoadedRoutine,
    default_sources,
    load_file,
    load_library,
)
from coach.paths import bundled_routines_dir, user_routines_dir


def routine(rid: str, title: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "id": rid,
        "title": title or rid.title(),
        "exercises": [{"name": "Chin tuck", "kind": "posture", "reps": 10}],
        **extra,
    }


def write(folder: Path, name: str, content: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    path.write_bytes(data)
    return path


def refused(path: Path) -> list[Problem]:
    with pytest.raises(RoutineInvalid) as caught:
        load_file(path)
    return caught.value.problems


# --- one file -----------------------------------------------------------------------------------


def test_load_file_returns_routine_path_hash_and_origin(tmp_path: Path) -> None:
    path = write(tmp_path, "neck.json", routine("neck-desk"))
    loaded = load_file(path, "user")
    assert loaded == LoadedRoutine(
        loaded.routine, path, hashlib.sha256(path.read_bytes()).hexdigest(), "user"
    )
    assert loaded.routine.id == "neck-desk"
    assert load_file(path).origin == "extra"


def test_the_hash_changes_with_the_bytes(tmp_path: Path) -> None:
    first = load_file(write(tmp_path, "a.json", routine("a"))).sha256
    second = load_file(write(tmp_path, "a.json", routine("a", pain_stop=4))).sha256
    assert first != second and len(first) == 64


def test_an_invalid_file_names_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", routine("Bad"))
    assert [p.file for p in refused(path)] == [str(path)]
    assert refused(path)[0].path == "id"


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    assert refused(path) == [Problem(str(path), "$", "no such file")]


def test_a_folder_is_not_a_routine_file(tmp_path: Path) -> None:
    folder = tmp_path / "x.json"
    folder.mkdir()
    assert refused(folder) == [Problem(str(folder), "$", "this is a folder, not a routine file")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert refused(fifo) == [Problem(str(fifo), "$", "this is not a regular file")]


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.json", routine("locked"))

    real_open = os.open

    def denied(name: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # chmod 000 does not stop root
    assert refused(path) == [
        Problem(str(path), "$", "the file cannot be read (Permission denied)")
    ]


def test_a_file_over_1_mib_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)

    def never(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over 1 MiB must not be opened")

    monkeypatch.setattr(Path, "open", never)
    message = f"the file is larger than 1 MiB ({MAX_FILE_BYTES + 1} bytes); it was not read"
    assert refused(path) == [Problem(str(path), "$", message)]


# --- folders ------------------------------------------------------------------------------------


def test_duplicate_ids_across_two_folders_refuse_both_naming_the_other(tmp_path: Path) -> None:
    first = write(tmp_path / "bundled", "neck.json", routine("neck-desk"))
    second = write(tmp_path / "mine", "my-neck.json", routine("neck-desk", "My neck"))
    write(tmp_path / "mine", "hips.json", routine("hips"))
    library = load_library([(tmp_path / "bundled", "bundled"), (tmp_path / "mine", "user")])
    assert list(library.routines) == ["hips"]
    assert library.problems == [
        Problem(str(first), "id", f"duplicate id 'neck-desk' (also in {second})"),
        Problem(str(second), "id", f"duplicate id 'neck-desk' (also in {first})"),
    ]


def test_three_files_with_one_id_each_name_both_others(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"{n}.json", routine("same")) for n in "abc"]
    library = load_library([(tmp_path, "user")])
    assert library.routines == {}
    assert library.problems[0] == Problem(
        str(paths[0]), "id", f"duplicate id 'same' (also in {paths[1]}, {paths[2]})"
    )
    assert len(library.problems) == 3


def test_an_invalid_file_does_not_stop_the_valid_ones(tmp_path: Path) -> None:
    write(tmp_path, "a.json", routine("a"))
    bad = write(tmp_path, "b.json", b"{not json")
    worse = write(tmp_path, "c.json", routine("c", exercises=[]))
    write(tmp_path, "d.json", routine("d"))
    library = load_library([(tmp_path, "user")])
    assert sorted(library.routines) == ["a", "d"]
    assert [p.file for p in library.problems] == [str(bad), str(worse)]
    assert library.problems[0].message.startswith("this is not valid JSON at line 1, column 2")


def test_only_json_files_of_the_folder_itself_are_read(tmp_path: Path) -> None:
    write(tmp_path, "routine.schema.json", b"this is not a routine")
    write(tmp_path, "notes.txt", b"{")
    write(tmp_path, "copy.json.bak", b"{")
    write(tmp_path, ".#a.json", b"{")
    write(tmp_path / "sub", "deep.json", routine("deep"))
    write(tmp_path, "a.json", routine("a"))
    library = load_library([(tmp_path, "extra")])
    assert list(library.routines) == ["a"] and library.problems == []
    assert library.routines["a"].origin == "extra"


def test_a_missing_folder_is_just_empty(tmp_path: Path) -> None:
    library = load_library([(tmp_path / "nowhere", "user")])
    assert library.routines == {} and library.problems == []


def test_the_same_folder_twice_is_read_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(real, "a.json", routine("a"))
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    library = load_library([(real, "user"), (tmp_path / "link", "extra"), (real, "extra")])
    assert list(library.routines) == ["a"] and library.problems == []
    assert library.routines["a"].origin == "user"


def test_a_file_given_as_a_source_is_loaded(tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", routine("one"))
    assert load_library([(path, "extra")]).routines["one"].path == path


def test_get_by_id_or_path_and_ordered_by_title(tmp_path: Path) -> None:
    a = write(tmp_path, "a.json", routine("a", "zebra stretches"))
    write(tmp_path, "b.json", routine("b", "Ankles"))
    write(tmp_path, "c.json", routine("c", "back"))
    library = load_library([(tmp_path, "user")])
    assert [r.routine.id for r in library.ordered()] == ["b", "c", "a"]
    assert library.get("b") is library.routines["b"]
    assert library.get(str(a)) is library.routines["a"]
    assert library.get(tmp_path / "c.json" / ".." / "a.json") is library.routines["a"]
    assert library.get("zzz") is None and library.get(tmp_path / "nope.json") is None
    assert Library().ordered() == []


def test_default_sources_bundled_then_user_then_extra(tmp_path: Path) -> None:
    extra = tmp_path / "more"
    assert default_sources(tmp_path, [extra]) == [
        (bundled_routines_dir(), "bundled"),
        (user_routines_dir(tmp_path), "user"),
        (extra, "extra"),
    ]
    assert [o for _, o in default_sources(tmp_path, [])] == ["bundled", "user"]


def test_every_bundled_routine_loads_without_problems(tmp_path: Path) -> None:
    library = load_library(default_sources(tmp_path, []))
    assert library.problems == []
    files = sorted(p for p in bundled_routines_dir().glob("*.json")
                   if p.name != "routine.schema.json")
    assert len(library.routines) == len(files) > 0
    assert {r.origin for r in library.routines.values()} == {"bundled"}
