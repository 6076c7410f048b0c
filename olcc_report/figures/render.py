"""HTML for the book: charts (altair → vega-embed call) and accessible tables.

Charts are rendered by a small own renderer instead of altair's HTML template: the element id is
stable (altair's is a random uuid, which breaks reproducibility and nbval), and the page's own
vega / vega-lite / vega-embed scripts (served from the book's ``_static``) draw it, so nothing is
fetched from the internet.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd

from olcc_report.figures.fit import fit
from olcc_report.records.formatting import (
    VEGA_NL_NUMBER_LOCALE,
    format_count,
    format_fixed,
    format_percent,
    neutralise,
    stable,
)
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    AT_LEAST_WORDS,
    MISSING_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
    slot,
)


def _script_json(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def chart_html(chart: alt.TopLevelMixin, key: str, description: str) -> str:
    """A chart as an HTML fragment: a labelled container plus the vega-embed call that draws it.

    The outer element is the image a screen reader announces, named by the Dutch text
    alternative after the figure's number (a slot the book fills); vega draws into the inner one
    and names it, at drawing, with the outer one's name (the spec's ``description``), which
    assistive technology skips as part of the image."""
    element_id = f"grafiek-{key}"
    options = {
        "actions": False,
        "mode": "vega-lite",
        "renderer": "svg",
        "formatLocale": VEGA_NL_NUMBER_LOCALE,
    }
    drawings, calls = [], []
    for i, spec in enumerate(fit(chart.to_dict(), description)):
        # The schema address is never fetched, but a page holds no internet address it does
        # not need (a content policy would flag it); the mode says what the schema would.
        spec.pop("$schema", None)
        part = f"{element_id}-tekening" + (f"-{i + 1}" if i else "")
        drawings.append(f'<div id="{part}" class="olcc-chart-drawing" aria-hidden="true"></div>')
        calls.append(
            f'vegaEmbed("#{part}", label({_script_json(spec)}), {_script_json(options)})'
            ".then(named).catch(console.error);"
        )
    name = slot("figuur-naam", key) + html.escape(description, quote=True)
    return (
        f'<div id="{element_id}" class="olcc-chart" role="img" tabindex="0" '
        f'aria-label="{name}">{"".join(drawings)}</div>\n'
        "<script>(function () {\n"
        '  var named = function (r) { r.view.container().setAttribute("aria-roledescription", '
        '"grafiek"); };\n'
        "  var label = function (spec) { spec.description = document.getElementById("
        f'"{element_id}").getAttribute("aria-label"); return spec; }};\n'
        f"  var draw = function () {{ {' '.join(calls)} }};\n"
        '  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }\n'
        "  else { draw(); }\n"
        "})();</script>\n"
    )


@dataclass(frozen=True)
class Cell:
    """One published value of a table: a number with its symbol, formatted by ``kind``."""

    value: float | int | None
    symbol: str = ""
    kind: str = "count"  # count | percent | number | decimal | interval | text
    decimals: int = 0  # of a decimal or an interval

    @classmethod
    def decimal(cls, value, decimals: int) -> Cell:
        """A number with a fixed number of decimals (15,9; 0,87)."""
        return cls(round(float(value), decimals), "", "decimal", decimals)

    @classmethod
    def interval(cls, low, high, decimals: int) -> Cell:
        """A range of two numbers (0,00 – 5,71), never broken over two lines."""
        text = f"{format_fixed(float(low), decimals)} – {format_fixed(float(high), decimals)}"
        return cls(text, "", "interval", decimals)

    @classmethod
    def limits(cls, text: str) -> Cell:
        """Counts at which something changes (12 t/m 29; ≤ 6 of ≥ 35): limits, not counts of
        cases."""
        return cls(text, "", "interval", 0)

    @classmethod
    def count(cls, value, symbol: str = "") -> Cell:
        return cls(None if value is None or pd.isna(value) else int(value), symbol, "count")

    @classmethod
    def percent(cls, share, symbol: str = "") -> Cell:
        return cls(None if share is None or pd.isna(share) else stable(share), symbol, "percent")

    @classmethod
    def of(cls, row, kind: str = "count") -> Cell:
        """A count (or its share, ``kind="percent"``) from a row of a protected table: shown,
        a symbol, or a lower bound ("≥ 110")."""
        bound = row.get("ten_minste")
        if row["symbool"] == AT_LEAST_SYMBOL and bound is not None and not pd.isna(bound):
            if kind == "percent":
                share = row.get("aandeel_ten_minste")
                if share is None or pd.isna(share):
                    return cls(None, SECRET_SYMBOL, "percent")
                return cls(stable(share), AT_LEAST_SYMBOL, "percent")
            return cls(int(bound), AT_LEAST_SYMBOL, "count")
        if kind == "percent":
            return cls.percent(row["aandeel"], row["symbool"])
        return cls.count(row["aantal"], row["symbool"])

    @property
    def bound(self) -> bool:
        """A lower bound: "≥ 110"."""
        return self.symbol == AT_LEAST_SYMBOL and self.value is not None

    @property
    def literal(self) -> bool:
        """Its value is the text shown (a label, or an interval written out), not a number."""
        return self.kind in ("text", "interval")

    @property
    def missing(self) -> bool:
        return self.symbol == NIL_SYMBOL or self.value is None

    def shown_symbol(self) -> str:
        if self.symbol == NIL_SYMBOL and self.kind == "percent":
            return NIL_SYMBOL
        if self.symbol == AT_LEAST_SYMBOL:  # a bound without its number: say only that it is
            return SECRET_SYMBOL  # not shown
        return self.symbol or MISSING_SYMBOL

    def text(self) -> str:
        """As a reader sees it: 1.234, 27%, ≥ 110, or a symbol."""
        if self.literal:
            return str(self.value)
        if self.missing:
            return self.shown_symbol()
        if self.bound:
            return f"{AT_LEAST_SYMBOL}\u00a0{replace(self, symbol='').text()}"
        if self.kind == "percent":
            return format_percent(float(self.value))
        if self.kind == "decimal":
            return format_fixed(float(self.value), self.decimals)
        return format_count(self.value)

    def csv(self) -> str:
        """As the CSV download has it: whole numbers without separators, percentages as whole
        numbers, symbols as themselves."""
        if self.literal:
            return str(self.value)
        if self.missing:
            return self.shown_symbol()
        if self.bound:
            return f"{AT_LEAST_SYMBOL} {replace(self, symbol='').csv()}"
        if self.kind == "percent":
            return format_percent(float(self.value)).rstrip("%")
        if self.kind == "decimal":
            return self.text()  # with a decimal comma, as Dutch Excel reads it
        return str(int(self.value))

    def html(self) -> str:
        if self.bound:
            plain = replace(self, symbol="").text()
            return (
                f'<span aria-hidden="true">{html.escape(self.text())}</span>'
                f'<span class="visually-hidden">{AT_LEAST_WORDS} {html.escape(plain)}</span>'
            )
        if not self.literal and self.missing:
            shown = self.shown_symbol()
            return (
                f'<span aria-hidden="true">{shown}</span>'
                f'<span class="visually-hidden">{SYMBOL_WORDS[shown]}</span>'
            )
        return html.escape(self.text())


@dataclass(frozen=True)
class TableView:
    """A published table as a reader sees it, in the page and in its CSV download.

    ``columns`` are the column headers (the first heads the row labels); ``rows`` and
    ``footer`` are (row label, cells). One view feeds both the HTML and the CSV, so they agree.
    """

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    footer: tuple[tuple[str, tuple[Cell, ...]], ...] = ()
    notes: tuple[str, ...] = ()

    def with_notes(self, *notes: str) -> TableView:
        """The same table with ``notes`` added below the others."""
        return replace(self, notes=(*self.notes, *notes))

    def html(self) -> str:
        head = (
            "<tr>"
            + "".join(f'<th scope="col">{html.escape(c)}</th>' for c in self.columns)
            + "</tr>"
        )

        def line(label: str, cells: tuple[Cell, ...]) -> str:
            return (
                f'<tr><th scope="row">{html.escape(label)}</th>'
                + "".join(f'<td class="olcc-{c.kind}">{c.html()}</td>' for c in cells)
                + "</tr>"
            )

        body = "\n".join(line(label, cells) for label, cells in self.rows)
        foot = "".join(line(label, cells) for label, cells in self.footer)
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self.notes)
        return (
            '<div class="olcc-table-wrapper" tabindex="0" role="region" '
            f'aria-label="{slot("tabel-naam", self.key)}{html.escape(self.caption, quote=True)}">\n'
            f'<table class="olcc-table" id="tabel-{self.key}">\n'
            f"<caption>{slot('tabel', self.key)}{html.escape(self.caption)}</caption>\n"
            f"<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n"
            + (f"<tfoot>{foot}</tfoot>\n" if foot else "")
            + "</table>\n"
            + (f'<ul class="olcc-table-notes">{notes}</ul>\n' if notes else "")
            + f"{slot('bron', self.key)}</div>\n"
        )

    def shows_values(self) -> bool:
        """True when at least one body cell shows a number other than zero: otherwise a chart
        of the table would draw nothing but grey (hidden) or empty (nil) marks."""
        return any(
            not c.literal and not c.missing and c.value != 0
            for _, cells in self.rows
            for c in cells
        )

    def column_kinds(self) -> list[str]:
        """The kind of each value column (count, percent, number, text), from the first row
        that has it."""
        rows = [cells for _, cells in (*self.rows, *self.footer)]
        width = len(self.columns) - 1
        return [next((r[i].kind for r in rows if i < len(r)), "text") for i in range(width)]

    def column_decimals(self) -> list[int]:
        """The decimals of each value column, from the first row that has it."""
        rows = [cells for _, cells in (*self.rows, *self.footer)]
        width = len(self.columns) - 1
        return [next((r[i].decimals for r in rows if i < len(r)), 0) for i in range(width)]

    def csv_text(self) -> str:
        """Semicolon-separated (Dutch Excel), one header row, rows, footer rows (e.g. Totaal)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([neutralise(c) for c in self.columns])
        for label, cells in (*self.rows, *self.footer):
            writer.writerow([neutralise(label), *(neutralise(c.csv()) for c in cells)])
        return buffer.getvalue()
