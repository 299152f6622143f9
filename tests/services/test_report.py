"""The HTML report: one self-contained file, valid HTML with its SVG charts, everything escaped.

Built from records in memory (no storage) with a fixed "now", through the same review assembly
the CLI uses.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.domain.records import CheckInRecord, PainRating, SessionRecord
from coach.domain.validation import parse_routine
from coach.library import Library, LoadedRoutine
from coach.services.report import build_report, dose_text, flare_reasons
from coach.services.review import Review, build_review
from coach.storage.models import ProgramEntry

TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=TZ)
TODAY = NOW.date()
EVIL = "<script>alert(1)</script> & \"quotes\""
ROUTINE = {
    "format": 1,
    "id": "neck-x",
    "title": f"Neck {EVIL}",
    "advice": "Stop if <b>sharp</b>.",
    "frequency": {"per_day": 1, "days_per_week": 7},
    "check_in": {"regions": ["neck"], "measures": [
        {"id": "turn", "label": "Turn <left>", "unit": "°", "better": "higher"}]},
    "exercises": [
        {"name": "Chin <tuck>", "kind": "posture", "region": "neck", "sets": 2, "reps": 10,
         "hold_s": 5, "rest_s": 30},
        {"name": "Stretch", "kind": "stretch", "region": "neck", "side": "each", "hold_s": 30},
    ],
}


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def review(empty: bool = False) -> Review:
    loaded = LoadedRoutine(parse_routine(json.dumps(ROUTINE).encode(), "neck-x.json"),
                           Path("neck-x.json"), "h", "user")
    library = Library(routines={"neck-x": loaded})
    start = TODAY - timedelta(days=40)
    entry = ProgramEntry(routine_id="neck-x", path="p", sha256="h", added_at=at(start))
    sessions, checkins = [], []
    if not empty:
        for n in range(41):
            day = start + timedelta(days=n)
            if n % 5 != 0:
                sessions.append(SessionRecord(
                    id=f"s{n}", routine_id="neck-x", routine_title=str(ROUTINE["title"]),
                    routine_hash="h", started_at=at(day), status="complete"))
            pain = 6 if n < 20 else 3
            if n == 35:
                pain = 9  # a flare: 3 points above the baseline
            checkins.append(CheckInRecord(
                id=f"c{n}", at=at(day, 8), context="before_session",
                pain=[PainRating(region="neck", value=pain)], measures={"turn": 40 + n / 2},
                function={"a1": 3 + n // 10},
                note=f"note {EVIL}" if n == 33 else None))
    excused = {TODAY - timedelta(days=3): "flare", TODAY - timedelta(days=60): "rest"}
    return build_review(sessions, checkins, [entry], library, excused,
                        {"a1": "Lifting <heavy> bags"}, NOW, TZ)


class Collector(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def html() -> str:
    return build_report(review(), TODAY - timedelta(days=27), NOW)


def parsed(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    c.close()
    return c


def test_report_is_self_contained_html_without_scripts(html: str) -> None:
    c = parsed(html)
    names = [t for t, _ in c.tags]
    assert names[:2] == ["html", "head"] and "body" in names
    assert "script" not in names and "<script" not in html.lower().replace("&lt;script", "")
    for tag, attrs in c.tags:
        for name in attrs:
            assert name not in {"src", "href", "xlink:href", "srcset", "action"}, (tag, name)
            assert not name.startswith("on"), (tag, name)
    assert "url(" not in html and "@import" not in html
    assert "@media print" in html and "@page" in html and "break-inside: avoid" in html


def test_report_holds_its_svg_charts_well_formed(html: str) -> None:
    chunks = html.split("<svg ")[1:]
    svgs = ["<svg " + chunk.split("</svg>")[0] + "</svg>" for chunk in chunks]
    assert len(svgs) == 4  # calendar, neck pain, the measure, everyday activities
    roots = [ET.fromstring(svg) for svg in svgs]  # well-formed XML, text escaped
    ns = "{http://www.w3.org/2000/svg}"
    heatmap = roots[0]
    days = [r for r in heatmap.iter(f"{ns}rect") if (r.get("class") or "").startswith("day-")]
    assert len(days) == 7 * 7  # from the week of the program's first day (15 Oct) on
    # Monday 12 - Wednesday 14 Oct before the program; the rest day of 25 Sep not shown
    assert sum(1 for r in days if r.get("class") == "day-before") == 3
    assert sum(1 for r in days if r.get("class") == "day-excused") == 0
    assert any(r.get("class") == "day-partial" or r.get("class") == "day-missed" for r in days)
    for chart in roots[1:]:
        assert chart.find(f"{ns}polyline") is not None  # the 7-day line
        assert chart.find(f"{ns}title") is not None
    pain_marks = [p for p in roots[1].iter(f"{ns}path") if p.get("class") == "flare-mark"]
    assert len(pain_marks) == 2  # the excused flare day and the day rated 9


def test_every_user_and_routine_text_is_escaped(html: str) -> None:
    c = parsed(html)
    text = "".join(c.text)
    assert f"Neck {EVIL}" in text and f"note {EVIL}" in text
    assert "Chin <tuck>" in text and "Lifting <heavy> bags" in text
    assert "Turn <left>" in text and "Stop if <b>sharp</b>." in text
    tags = {t for t, _ in c.tags}
    assert not tags & {"tuck", "left", "heavy", "script"}  # no text ever became a tag
    assert "<b>sharp" not in html and "Stop if &lt;b&gt;sharp&lt;/b&gt;." in html


def test_report_sections_and_sentences(html: str) -> None:
    text = "".join(parsed(html).text)
    for heading in ("Program", "Adherence", "The last 7 weeks", "Pain", "Mobility",
                    "Everyday activities", "Changes since the start", "Flare days", "Notes"):
        assert heading in text
    assert "Neck pain is down" in text and "clinically meaningful" in text
    assert "2 × 10 reps, hold 5 s, rest 30 s" in text
    assert "Period: Wednesday 28 October 2026 to Tuesday 24 November 2026." in text


def test_flare_reasons_explain_each_flare_day() -> None:
    reasons = flare_reasons(review(), TODAY - timedelta(days=27))
    assert reasons == {
        TODAY - timedelta(days=5): ["neck, before sessions 9/10 (usual 6.0)"],
        TODAY - timedelta(days=3): ["marked as a flare day"],
    }


def test_dose_text() -> None:
    routine = parse_routine(json.dumps(ROUTINE).encode(), "r.json")
    assert [dose_text(e) for e in routine.exercises] == [
        "2 × 10 reps, hold 5 s, rest 30 s", "hold 30 s, each side"]


def test_an_empty_log_still_makes_a_report() -> None:
    html = build_report(review(empty=True), TODAY - timedelta(days=27), NOW)
    text = "".join(parsed(html).text)
    assert "Nothing has been logged yet." in text and "No pain ratings yet." in text
    assert html.count("<svg ") == 1  # the (empty) calendar


def test_regions_read_as_words_in_the_report_and_the_trend_labels() -> None:
    from coach.services.review import pain_label

    exercise = {"name": "Chin <tuck>", "kind": "posture", "region": "low-back", "reps": 10}
    back = {**ROUTINE, "exercises": [exercise]}  # the table names the region in words
    loaded = LoadedRoutine(parse_routine(json.dumps(back).encode(), "neck-x.json"),
                           Path("neck-x.json"), "h", "user")
    start = TODAY - timedelta(days=10)
    entry = ProgramEntry(routine_id="neck-x", path="p", sha256="h", added_at=at(start))
    checkins = [
        CheckInRecord(id=f"c{n}", at=at(start + timedelta(days=n), 8), context="before_session",
                      pain=[PainRating(region="low-back", value=5 - n // 4)])
        for n in range(10)
    ]
    rv = build_review([], checkins, [entry], Library(routines={"neck-x": loaded}), {}, {}, NOW, TZ)
    report = build_report(rv, start, NOW)
    text = " ".join(parsed(report).text)
    assert "Low back pain" in text and "low-back" not in text.lower()
    assert "<td>Chin &lt;tuck&gt;</td><td>posture</td><td>low back</td>" in report
    assert [pain_label(t) for t in rv.summary.pain] == ["low back, before sessions"]


@pytest.mark.parametrize(
    ("days_ago", "weeks", "heading"),
    [(0, 1, "This week"), (1, 1, "This week"), (8, 2, "The last 2 weeks"),
     (400, 26, "The last 26 weeks")],
)  # fmt: skip
def test_the_calendar_starts_at_the_clients_first_week(
    days_ago: int, weeks: int, heading: str
) -> None:
    """Today is Tuesday: the program added today or yesterday (Monday) shows this week alone;
    a week earlier two; more than 26 weeks ago the last 26."""
    loaded = LoadedRoutine(parse_routine(json.dumps(ROUTINE).encode(), "neck-x.json"),
                           Path("neck-x.json"), "h", "user")
    added = at(TODAY - timedelta(days=days_ago))
    entry = ProgramEntry(routine_id="neck-x", path="p", sha256="h", added_at=added)
    rv = build_review([], [], [entry], Library(routines={"neck-x": loaded}), {}, {}, NOW, TZ)
    report = build_report(rv, TODAY - timedelta(days=27), NOW)
    assert f"<h3>{heading}</h3>" in report
    assert report.count("class='day-") + report.count('class="day-') == weeks * 7


@pytest.mark.parametrize("weeks", [1, 2, 26])
@pytest.mark.parametrize("flare", [False, True])
def test_the_calendars_legend_is_never_cut(weeks: int, flare: bool) -> None:
    """The SVG is as wide as its legend's last words: a first week's calendar (one column)
    and the flare legend item were drawn past the picture's edge."""
    import re

    from coach.services import report_svg

    start = TODAY - timedelta(days=TODAY.weekday() + 7 * (weeks - 1))
    days = [start + timedelta(days=n) for n in range(7 * weeks)]
    columns = [[(day, "complete") for day in days[i : i + 7]] for i in range(0, len(days), 7)]
    svg = report_svg.heatmap(columns, flare_days={TODAY} if flare else set())  # type: ignore[arg-type]
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
    last = "flare version" if flare else "nothing due"
    legend = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="11">([^<]+)</text>', svg)
    x, words = legend[-1]
    assert words == last and float(x) + 7 * len(last) <= width
