"""The today panel's text (:func:`today_content`): one line per program routine, the streak and
the credit for effort, the last pain rating; laid out to the panel's width."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, tzinfo
from typing import TYPE_CHECKING

from textual.content import Content

from coach.domain.text import shorten
from coach.tui.widgets.plain import Piece, literal
from coach.tui.widgets.today_data import TodayData
from coach.tui.widgets.today_pain import LastPain

if TYPE_CHECKING:  # imported where used, off the path to the first frame
    from coach.domain.today_plan import TodayItem


def _plan_line(item: TodayItem, width: int, room: int | None) -> list[Piece]:
    """``  Title   1 of 2 done, 1 left  (this week)``; what does not fit in ``room`` cells
    (the week, the partly done sessions) goes on a line of its own under the figures."""
    head = f"  {shorten(item.title, width).ljust(width)}  "
    status: list[Piece] = []
    extra: list[Piece] = []
    if item.excused:
        status.append((f"excused today ({item.excused})", "italic"))
    elif not item.due_today:
        done = f" ({item.done} done)" if item.done else ""
        status.append((f"not due today: {item.week.text}{done}", "dim"))
    elif item.left == 0:
        status.append((f"✓ done ({item.done} of {item.due})", "bold green"))
    else:
        status.append((f"{item.done} of {item.due} done, {item.left} left", "bold"))
        if item.week.target != 7:
            extra.append((f"({item.week.text})", "dim"))
    if item.partial:
        extra.append((f"{item.partial} partly done", "dim"))
    line: list[Piece] = [head, *status]
    for piece in extra:
        if room is not None and _cells(line) + 2 + _cells([piece]) > room:
            line += ["\n", " " * max(2, min(len(head), room - _cells([piece])))]
        else:
            line.append("  ")
        line.append(piece)
    return line + ["\n"]


def _cells(pieces: Sequence[Piece]) -> int:
    """The width of the last line of ``pieces``."""
    text = "".join(p if isinstance(p, str) else p[0] for p in pieces)
    return len(text.rsplit("\n", 1)[-1])


def _effort_lines(data: TodayData) -> list[Piece]:
    """The streak, and the credit for effort: first, in words, when the strict streak is 0."""
    # lazy: off the first frame
    from coach.domain.progress import consistency_lines
    from coach.domain.streaks import streak_text

    streak: list[Piece] = ["Streak: ", (streak_text(data.streak), "bold"), "\n"]
    c = data.consistency
    if c is None:
        return streak
    lines = consistency_lines(c, data.streak.current)
    if data.streak.current == 0:  # the plan lines above already say this week
        head, rest = lines[0], [x for x in lines[1:] if not x.startswith("This week")][:2]
        pieces: list[Piece] = [(head + "\n", "bold")]
        pieces += [line + "\n" for line in rest]
        return pieces + streak
    return streak + [(line + "\n", "dim") for line in lines[:1]]


def today_content(data: TodayData, tz: tzinfo, room: int | None = None) -> Content:
    """The panel's text: one line per program routine, the streak and the credit for effort
    (effort first when the strict streak is 0), the last pain rating of every region rated.
    ``room``: the panel's width in cells (what does not fit goes on a line of its own or
    gives way; None: no limit)."""
    pieces: list[Piece] = [(f"Today, {data.today:%A} {data.today.day} {data.today:%B}\n", "bold")]
    if not data.plan:
        pieces.append(("  Nothing planned: add a routine to your program.\n", "dim"))
    width = min(32, max((len(i.title) for i in data.plan), default=0))
    if room is not None:  # the titles give way first, down to 12 characters
        status = max((len(f"{i.done} of {i.due} done, {i.left} left") for i in data.plan),
                     default=0)  # fmt: skip
        width = max(min(width, 12), min(width, room - 4 - status))
    for item in data.plan:
        pieces += _plan_line(item, width, room)
    for rid in data.missing:
        pieces.append((f"  The routine file of '{rid}' is missing.\n", "dim"))
    pieces += _effort_lines(data)
    pain = data.last_pain
    if pain is None:
        pieces.append(("No pain rating yet: press c to check in.", "dim"))
    else:
        pieces += _pain_lines(pain, data.today, tz, room)
    return literal(*pieces)


def _pain_lines(pain: LastPain, today: date, tz: tzinfo, room: int | None) -> list[Piece]:
    """``Last pain: neck 3/10 ▃▃▂, shoulder 2/10 ▂▂▂ (before a session, 08:00)``: every region
    of the latest check-in; the sparklines give way when the line does not fit in ``room``.
    Then each worrying trend's sentence."""
    # lazy: off the first frame
    from coach.domain.clinical import ONE_CHECKIN_WORDS
    from coach.domain.regions import region_words

    at = (pain.at if pain.at.tzinfo else pain.at.replace(tzinfo=UTC)).astimezone(tz)
    when = f"{at:%H:%M}" if at.date() == today else f"{at.day} {at:%b} {at:%H:%M}"
    context = ONE_CHECKIN_WORDS.get(pain.context, pain.context)
    sparks = [r.spark if r.spark.strip() else "" for r in pain.regions]
    single = len(pain.regions) == 1

    def line(with_sparks: bool, label: bool) -> list[Piece]:
        out: list[Piece] = ["Last pain: "]
        for i, (r, spark) in enumerate(zip(pain.regions, sparks, strict=True)):
            out += [", "] if i else []
            out.append((f"{region_words(r.region)} {r.value}/10", "bold"))
            if with_sparks and spark and not single:
                out += [" ", (spark, "cyan")]
        out.append(f" ({context}, {when})")
        if with_sparks and single and sparks[0]:
            out += ["  ", (sparks[0], "cyan")]
            if label:
                out.append((" recent days", "dim"))
        return out

    choices = [line(True, True), line(True, False), line(False, False)]
    pieces = next((c for c in choices if room is None or _cells(c) <= room), choices[-1])
    for r in pain.regions:
        if r.trend is not None and r.trend.flag:
            pieces += ["\n", (r.trend.sentence, "bold $warning")]
    return pieces
