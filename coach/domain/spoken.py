"""What a coach says before an exercise, and how long words take to say. Pure.

The session's voice speaks one phrase at a time; a phrase still being said when the next cue
comes makes that cue late (or, when two wait, drops the older one). So the words of a step
must be said before the step's next cue: the get ready before its "3" (a get ready lasts
long enough for its phrase: :func:`get_ready_seconds`), a held or tempo rep's number before the
countdown or the next tempo part (:mod:`coach.domain.cues` says less when there is no time).

:func:`speaking_time` estimates how long the speech engine takes to say a phrase: espeak-ng
(the engine coach installs) at its default rate of 175 words a minute, from the end of the
previous phrase to the end of this one, the pause it makes after the last word included. The
estimate is a linear model of the letters, vowel groups and words (numbers read as words),
the full stops inside the phrase and the commas, fitted to 240 cue phrases of the bundled
routines measured with espeak-ng 1.51 (``espeak-ng -w``): on those it is within 0.45 s (within
0.25 s on phrases under 3 s). ``tests/services/test_voice_timing.py`` measures the real engine.
"""

from __future__ import annotations

import math
import re

from coach.domain.routine import Exercise
from coach.domain.text import sentence

VOICE_SLACK_S = 0.3
"""Room left after a phrase before the next cue: the engine's start and the sound output's
delay, and the estimate's error on short phrases."""
GET_READY_MARGIN_S = 0.5
"""Extra room after the get ready's phrase (names are free text: the estimate's error on long
phrases), before its 3-2-1."""
LONG_PHRASE_S = 3.0
"""From this long (by the estimate) a phrase may be off by more than the slack covers: a get
ready's phrase this long keeps :data:`GET_READY_MARGIN_S` more."""


def get_ready_margin(text: str) -> float:
    """The room a get ready's phrase keeps beyond the slack: :data:`GET_READY_MARGIN_S` for a
    long phrase, none for a short one (within the slack)."""
    return GET_READY_MARGIN_S if speaking_time(text) >= LONG_PHRASE_S else 0.0

_BASE_S = 0.383
_PER_LETTER_S = 0.0339
_PER_VOWEL_GROUP_S = 0.0357
_PER_WORD_S = 0.067
_PER_FULL_STOP_S = 0.514
_PER_COMMA_S = 0.406

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SENTENCE_END = re.compile(r"[.!?;:](?:\s|$)")


def whole_seconds(seconds: float) -> int:
    """Round half up to whole seconds, never below 0."""
    return max(0, math.floor(seconds + 0.5))


def plain_number(value: float) -> str:
    """A number as a person writes it: ``5``, ``2.5`` (one decimal at most, no trailing .0)."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def spoken_duration(seconds: float) -> str:
    """A duration in words: ``1 second``, ``2.5 seconds``, ``2 minutes 30 seconds``."""
    if seconds < 120:
        text = plain_number(seconds)
        return f"{text} second" if text == "1" else f"{text} seconds"
    minutes, secs = divmod(whole_seconds(seconds), 60)
    words = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    if not secs:
        return words
    return f"{words} {secs} second" if secs == 1 else f"{words} {secs} seconds"


def reps_words(count: int) -> str:
    """``1 rep``, ``10 reps``."""
    return "1 rep" if count == 1 else f"{count} reps"


def spoken_dose(ex: Exercise) -> str:
    """The prescription as a coach says it, to follow a word (lower case, no full stop):
    ``10 reps, hold 5 seconds``, ``3 sets of 30 seconds``, ``8 reps each side, alternating``,
    ``10 reps, 2 seconds down, 1 second pause, 2 seconds up``, ``hold 30 seconds``. Said as a
    sentence of its own through :func:`coach.domain.text.sentence` ("Hold 30 seconds.")."""
    if ex.duration_s is not None:
        body = spoken_duration(ex.duration_s)
        text = body if ex.sets == 1 else f"{ex.sets} sets of {body}"
    elif ex.reps is None:
        hold = spoken_duration(ex.hold_s or 0)
        text = f"hold {hold}" if ex.sets == 1 else f"{ex.sets} holds of {hold}"
    else:
        reps = reps_words(ex.reps)
        if ex.side in ("each", "alternate"):
            reps += " each side"
        text = reps if ex.sets == 1 else f"{ex.sets} sets of {reps}"
        if ex.side == "alternate":
            text += ", alternating"
        if ex.hold_s is not None:
            text += f", hold {spoken_duration(ex.hold_s)}"
        elif ex.tempo_s is not None:
            labels = ("down", "pause", "up")
            parts = [
                f"{spoken_duration(n)} {label}"
                for n, label in zip(ex.tempo_s, labels, strict=True)
                if n
            ]
            text += ", " + ", ".join(parts)
    if ex.side == "each" and ex.reps is None:
        text += ", each side"
    return text


def side_words(side: str | None) -> str:
    """``Left side``, ``Right side`` ("" without a side)."""
    return f"{side.capitalize()} side" if side else ""


def get_ready_words(ex: Exercise) -> str:
    """The get ready's words: the name and the dose, each a sentence
    (``Chin tuck. 10 reps, hold 5 seconds.``)."""
    return f"{sentence(ex.name)} {sentence(spoken_dose(ex))}"


def get_ready_phrase(ex: Exercise, side: str | None) -> str:
    """All the voice says as an exercise gets ready: its words, then the side
    (``Quad sets. 10 reps each side, hold 5 seconds. Left side.``)."""
    words = get_ready_words(ex)
    return f"{words} {sentence(side_words(side))}" if side else words


def get_ready_seconds(ex: Exercise, side: str | None, least_s: float, countdown_s: int) -> float:
    """How long the get ready of ``ex`` lasts: ``least_s``, or longer when its phrase (with
    the margins) would not be said before the last ``countdown_s`` seconds are counted down:
    then the whole second that leaves room for it."""
    needed = speaking_time(get_ready_phrase(ex, side)) + VOICE_SLACK_S + GET_READY_MARGIN_S
    return max(least_s, float(math.ceil(needed) + countdown_s))


def _number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = "" if n % 100 == 0 else " and " + _number_words(n % 100)
        return f"{_ONES[n // 100]} hundred{rest}"
    return " ".join(_ONES[int(d)] for d in str(n))


def speaking_time(text: str) -> float:
    """Estimated seconds the speech engine takes to say ``text`` (see the module docstring);
    0 for no words."""
    said = re.sub(r"\d+", lambda m: f" {_number_words(int(m.group()))} ", text)
    words = re.findall(r"[^\W\d_]+", said)
    if not words:
        return 0.0
    letters = sum(len(w) for w in words)
    vowel_groups = sum(len(re.findall(r"[aeiouy]+", w.lower())) for w in words)
    stops = len(_SENTENCE_END.findall(text.strip() + " "))
    inner_stops = stops - 1 if _SENTENCE_END.search(text.strip()[-1:] + " ") else stops
    return (
        _BASE_S
        + _PER_LETTER_S * letters
        + _PER_VOWEL_GROUP_S * vowel_groups
        + _PER_WORD_S * len(words)
        + _PER_FULL_STOP_S * max(inner_stops, 0)
        + _PER_COMMA_S * text.count(",")
    )


def fits(text: str, seconds: float | None) -> bool:
    """True when ``text`` is said (with :data:`VOICE_SLACK_S` to spare) within ``seconds``
    (None: no limit)."""
    return seconds is None or speaking_time(text) + VOICE_SLACK_S <= seconds
