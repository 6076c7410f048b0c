"""No ``nan`` anywhere: find text a reader should never see in a built book.

A missing value that slipped past a figure's symbols shows up as ``nan``, ``NaN``, ``None`` or
``inf`` (pandas, Python and JavaScript spell it differently), or as an empty table cell where a
symbol (x, -, .) belongs in one of the book's statistical tables. The build scans every CSV download before it is written and every page
(its text, its text alternatives and labels, and the data and text of each chart spec) after
Sphinx, and refuses the book when any is found.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

from olcc_report.records.vocabulary import CHART_CALL

# What pandas, numpy, Python and JavaScript print for a missing or infinite number.
NAN_LIKE = re.compile(
    r"(?<![\w.])[-+]?(?:nan|NaN|NAN|NaT|None|inf|Inf|INF|Infinity|undefined)(?![\w-])|<NA>"
)
# Attributes whose text a reader hears or sees (screen reader names, tooltips, image texts).
READ_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
_LIMIT = 40


def nan_like(text: str) -> str | None:
    """The first nan-like word in ``text``, or None."""
    match = NAN_LIKE.search(text)
    return match.group(0) if match else None


def _json_problems(value: object, where: str) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            yield f"{where}: the value {item!r} in the chart's data"
        elif isinstance(item, str) and (word := nan_like(item)) is not None:
            yield f"{where}: “{word}” in the chart's text or data ({item[:80]!r})"


class _PageScanner(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.problems: list[str] = []
        self._raw = 0  # inside <script> or <style>
        self._script: list[str] = []
        self._cell: list[str] | None = None  # text of the open <td>
        self._cell_line = 0
        self._tables: list[bool] = []  # open <table>s: is it a statistical table (symbols)?

    def _at(self) -> str:
        return f"{self.name}, line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._raw += 1
            self._script = []
            return
        if tag == "table":
            self._tables.append("olcc-table" in (dict(attrs).get("class") or "").split())
        if tag == "td" and self._tables and self._tables[-1]:
            self._cell, self._cell_line = [], self.getpos()[0]
        for key, value in attrs:
            if key in READ_ATTRIBUTES and value and (word := nan_like(value)) is not None:
                self.problems.append(f"{self._at()}: “{word}” in the {key} of <{tag}>")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw = max(0, self._raw - 1)
            if tag == "script":
                self._scan_script("".join(self._script))
            return
        if tag == "table" and self._tables:
            self._tables.pop()
        if tag == "td" and self._cell is not None:
            if not "".join(self._cell).strip():
                self.problems.append(
                    f"{self.name}, line {self._cell_line}: an empty table cell (a value or a "
                    "symbol x, - or . belongs there)"
                )
            self._cell = None

    def handle_data(self, data):
        if self._raw:
            self._script.append(data)
            return
        if self._cell is not None:
            self._cell.append(data)
        if (word := nan_like(data)) is not None:
            self.problems.append(f"{self._at()}: “{word}” in the text ({data.strip()[:80]!r})")

    def _scan_script(self, text: str) -> None:
        for element_id, spec_text in CHART_CALL.findall(text):
            where = f"{self.name}, chart {element_id}"
            try:
                spec = json.loads(spec_text.replace("<\\/", "</"))
            except json.JSONDecodeError:
                self.problems.append(f"{where}: the chart's specification is not valid JSON")
                continue
            self.problems.extend(_json_problems(spec, where))


def page_problems(path: Path) -> list[str]:
    """Every nan-like text and empty table cell on one built page."""
    scanner = _PageScanner(path.name)
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.problems


def csv_problems(name: str, data: bytes) -> list[str]:
    """Every nan-like cell of a CSV download, and every empty value cell of a table (not of
    its ``.meta.csv``), as Excel numbers the rows and columns."""
    text = data.decode("utf-8-sig")
    problems = []
    is_table = not name.endswith(".meta.csv")
    for row_number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        for column_number, cell in enumerate(row, start=1):
            where = f"{name}, row {row_number}, column {column_number}"
            if (word := nan_like(cell)) is not None:
                problems.append(f"{where}: “{word}”")
            elif is_table and row_number > 1 and column_number > 1 and not cell.strip():
                problems.append(f"{where}: empty (a value or a symbol x, - or . belongs there)")
    return problems


def book_problems(
    html_dir: Path | None = None, files: Mapping[str, bytes] | None = None
) -> list[str]:
    """Nan-like text in the CSV downloads among ``files`` and in every page of ``html_dir``."""
    problems = [
        p
        for name, data in sorted((files or {}).items())
        if name.endswith(".csv")
        for p in csv_problems(name, data)
    ]
    if html_dir is not None:
        for page in sorted(html_dir.glob("*.html")):
            problems.extend(page_problems(page))
    return problems


def problems_message(problems: list[str]) -> str:
    shown = "\n  ".join(problems[:_LIMIT])
    more = f"\n  … and {len(problems) - _LIMIT} more" if len(problems) > _LIMIT else ""
    return (
        f"the book shows {len(problems)} missing value(s) as text (nan, None, inf) or as an "
        f"empty cell instead of a symbol:\n  {shown}{more}"
    )
