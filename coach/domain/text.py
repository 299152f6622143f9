"""Control-character helpers shared by the whole app (pure).

Control characters are U+0000-U+001F and U+007F-U+009F (C0, DEL and C1). Routine files may not
contain them (except newline and tab in long texts), text a user types is cleaned of them, and
anything from data that reaches the terminal goes through :func:`terminal_safe` so that an
escape sequence can never reach the terminal.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
"""What :func:`terminal_safe` puts in place of a forbidden character."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_NL_TAB = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unpaired surrogates (from a JSON "\ud800" escape or an undecodable file name) cannot be
# encoded for the terminal: printing one raises UnicodeEncodeError, so they are replaced too.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_TERMINAL_UNSAFE_OR_LAYOUT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def is_control(ch: str) -> bool:
    """True when the single character ``ch`` is a control character."""
    code = ord(ch)
    return code <= 0x1F or 0x7F <= code <= 0x9F


def codepoint(ch: str) -> str:
    """The character's code point written as ``U+001B``."""
    return f"U+{ord(ch):04X}"


def escape_invisible(s: str) -> str:
    r"""``s`` with control characters and unpaired surrogates written as JSON-style escapes.

    For quoting data inside a message: ESC becomes ``\u001b``, a newline ``\n``.
    """
    return _TERMINAL_UNSAFE_OR_LAYOUT.sub(_escape_one, s)


def _escape_one(match: re.Match[str]) -> str:
    ch = match.group()
    return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def find_control(s: str, allow_newline_tab: bool = False) -> int | None:
    """Index of the first forbidden control character in ``s``, or None when there is none.

    With ``allow_newline_tab`` newline (U+000A) and tab (U+0009) are not forbidden.
    """
    pattern = _CONTROL_EXCEPT_NL_TAB if allow_newline_tab else _CONTROL
    match = pattern.search(s)
    return None if match is None else match.start()


def strip_control(s: str, keep_newline_tab: bool = True) -> str:
    """``s`` without its control characters (for text users type, e.g. notes).

    Newline and tab are kept unless ``keep_newline_tab`` is False; carriage return is removed.
    """
    pattern = _CONTROL_EXCEPT_NL_TAB if keep_newline_tab else _CONTROL
    return pattern.sub("", s)


def terminal_safe(s: str) -> str:
    """``s`` with every control character except newline and tab replaced by U+FFFD.

    Use it for anything from data (routine files, logs, file names) that reaches the terminal.
    Unpaired surrogates are replaced as well, since they cannot be printed.
    """
    return _TERMINAL_UNSAFE.sub(REPLACEMENT, s)


def shorten(s: str, width: int) -> str:
    """``s`` cut to ``width`` characters, ending in "…" when cut."""
    return s if len(s) <= width else s[: max(0, width - 1)] + "…"


SENTENCE_ENDS = ".!?…"
"""Characters that already end a spoken sentence."""


def sentence(s: str) -> str:
    """``s`` as one spoken sentence: trimmed, its first letter upper case, ending in one full
    stop unless it already ends a sentence (``"hold 5 seconds"`` -> ``"Hold 5 seconds."``,
    ``"Chin tuck."`` stays as it is). Empty text stays empty."""
    s = s.strip()
    if not s:
        return ""
    s = s[0].upper() + s[1:]
    return s if s[-1] in SENTENCE_ENDS else f"{s}."
