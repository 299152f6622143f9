"""Control-character helpers: what counts as control, what each helper keeps and replaces."""

from __future__ import annotations

import pytest

from coach.domain.text import (
    REPLACEMENT,
    codepoint,
    escape_invisible,
    find_control,
    is_control,
    strip_control,
    terminal_safe,
)

CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
NOT_CONTROLS = [" ", "~", "\u00a0", "é", "→", "\u200b", "😀", "\ufffd"]


@pytest.mark.parametrize("ch", CONTROLS)
def test_every_c0_del_and_c1_character_is_control(ch: str) -> None:
    assert is_control(ch)
    assert find_control(f"ab{ch}c") == 2


@pytest.mark.parametrize("ch", NOT_CONTROLS)
def test_printable_characters_are_not_control(ch: str) -> None:
    assert not is_control(ch)
    assert find_control(f"a{ch}b") is None


def test_find_control_returns_the_first_index() -> None:
    assert find_control("ok\x1b[31m\x07") == 2
    assert find_control("") is None


def test_find_control_newline_and_tab_only_when_allowed() -> None:
    assert find_control("a\nb\tc") == 1
    assert find_control("a\nb\tc", allow_newline_tab=True) is None
    assert find_control("a\nb\rc", allow_newline_tab=True) == 3
    assert find_control("a\tb\x85", allow_newline_tab=True) == 3


def test_strip_control_keeps_newline_and_tab_by_default() -> None:
    assert strip_control("a\x1b[31mb\nc\td\re\x00\x9b") == "a[31mb\nc\tde"
    assert strip_control("a\nb\tc", keep_newline_tab=False) == "abc"
    assert strip_control("plain é → 😀") == "plain é → 😀"


def test_terminal_safe_replaces_escapes_but_keeps_layout() -> None:
    hostile = "Squat\x1b]0;pwned\x07 [bold]x[/]\nnext\tcol\r\x9b2J"
    safe = terminal_safe(hostile)
    assert safe == (
        f"Squat{REPLACEMENT}]0;pwned{REPLACEMENT} [bold]x[/]\nnext\tcol{REPLACEMENT}"
        f"{REPLACEMENT}2J"
    )
    assert find_control(safe, allow_newline_tab=True) is None
    assert len(safe) == len(hostile)


def test_terminal_safe_replaces_unpaired_surrogates_so_printing_cannot_fail() -> None:
    safe = terminal_safe("bad\udcff name\ud800")
    assert safe == f"bad{REPLACEMENT} name{REPLACEMENT}"
    safe.encode("utf-8")  # would raise UnicodeEncodeError with a surrogate left in


def test_codepoint_is_written_as_u_plus_four_hex_digits() -> None:
    assert codepoint("\x1b") == "U+001B"
    assert codepoint("\x9f") == "U+009F"
    assert codepoint("😀") == "U+1F600"


def test_escape_invisible_writes_json_style_escapes() -> None:
    escaped = escape_invisible("a\x1bb\nc\td\re\x85f\ud800 é")
    assert escaped == "a\\u001bb\\nc\\td\\re\\u0085f\\ud800 é"
    assert escape_invisible("plain [bold]") == "plain [bold]"
