"""The report's page: its stylesheet (A4, page breaks kept out of charts and rows, colours kept in
print) and the self-contained HTML document around the sections :mod:`coach.services.report`
draws (pure; the title is escaped, the sections arrive escaped)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 760px;
       padding: 16px; line-height: 1.4; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; border-bottom: 2px solid #1f77b4; padding-bottom: 2px; margin: 22px 0 8px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 12px 0 4px; break-after: avoid; }
.meta { color: #555; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #ddd; }
th { background: #f2f2f2; }
tr, .chart-box, .sentence { break-inside: avoid; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }
.flag { color: #a61c00; font-weight: bold; }
.box { border: 1px solid #ccc; background: #fafafa; padding: 8px 12px; border-radius: 4px; }
.muted { color: #666; }
table.client { width: auto; margin: 0 0 6px; }
table.client th { background: none; padding-left: 0; }
table.exercises td:not(:first-child), table.exercises th:not(:first-child) { text-align: right; }
ul { margin: 4px 0 8px; padding-left: 20px; }
.notes li { white-space: pre-wrap; }
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  h2 { margin-top: 14px; }
}
"""


def page(title: str, body: Iterable[str]) -> str:
    """The whole document: ``title`` (escaped) and the sections' HTML, the style inline."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title, quote=True)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def chart_count(html: str) -> int:
    """How many SVG drawings a report holds (for tests and the CLI message)."""
    return html.count("<svg ")
