"""HTML for the book: charts (altair → vega-embed call) and accessible tables.

Charts are rendered by a small own renderer instead of altair's HTML template: the element id is
stable (altair's is a random uuid, which breaks reproducibility and nbval), and the page's own
vega / vega-lite / vega-embed scripts (served from the book's ``_static``) draw it, so nothing is
fetched from the internet.
"""

from __future__ import annotations

import html
import json

import altair as alt
import pandas as pd

from olcc_report.disclosure import ProtectedTable
from olcc_report.formatting import VEGA_NL_NUMBER_LOCALE, format_count, format_percent
from olcc_report.schema import MISSING_SYMBOL, NIL_SYMBOL, SYMBOL_WORDS


def _script_json(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def chart_html(chart: alt.TopLevelMixin, element_id: str, description: str) -> str:
    """A chart as an HTML fragment: a labelled container plus the vega-embed call that draws it."""
    spec = chart.to_dict()
    options = {"actions": False, "renderer": "svg", "formatLocale": VEGA_NL_NUMBER_LOCALE}
    return (
        f'<div id="{element_id}" class="olcc-chart" role="img" '
        f'aria-label="{html.escape(description, quote=True)}"></div>\n'
        "<script>(function () {\n"
        f'  var draw = function () {{ vegaEmbed("#{element_id}", {_script_json(spec)}, '
        f"{_script_json(options)}).catch(console.error); }};\n"
        '  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }\n'
        "  else { draw(); }\n"
        "})();</script>\n"
    )


def _cell(value: object, symbol: str, formatter) -> str:
    """A table cell: the formatted value, or its symbol with the word a screen reader says."""
    if symbol == NIL_SYMBOL or value is None or pd.isna(value):
        shown = symbol or MISSING_SYMBOL
        word = SYMBOL_WORDS[shown]
        return f'<span aria-hidden="true">{shown}</span><span class="visually-hidden">{word}</span>'
    return html.escape(formatter(value))


def table_html(table: ProtectedTable, caption: str, label_column: str, label_header: str) -> str:
    """A one-way protected table: category, aantal, aandeel, and a total row."""
    rows = []
    for record in table.frame.itertuples(index=False):
        record = record._asdict()
        rows.append(
            "<tr>"
            f'<th scope="row">{html.escape(str(record[label_column]))}</th>'
            f'<td>{_cell(record["aantal"], record["symbool"], format_count)}</td>'
            f'<td>{_cell(record["aandeel"], record["symbool"], format_percent)}</td>'
            "</tr>"
        )
    total = _cell(table.total, table.total_symbol, format_count)
    return _wrap_table(
        caption,
        f'<tr><th scope="col">{html.escape(label_header)}</th><th scope="col">Aantal casussen</th>'
        '<th scope="col">Aandeel</th></tr>',
        rows,
        f'<tr><th scope="row">Totaal</th><td>{total}</td><td></td></tr>',
        table.notes,
    )


def cross_table_html(table: ProtectedTable, caption: str, row_key: str, column_key: str,
                     row_header: str) -> str:
    """A two-way protected table in wide form: one row per row category, one column per column category."""
    frame = table.frame
    column_labels = list(dict.fromkeys(frame[f"{column_key}_label"]))
    head = f'<tr><th scope="col">{html.escape(row_header)}</th>' + "".join(
        f'<th scope="col">{html.escape(label)}</th>' for label in column_labels
    ) + "</tr>"
    rows = []
    for row_label, group in frame.groupby(f"{row_key}_label", sort=False):
        cells = "".join(
            f'<td>{_cell(r.aantal, r.symbool, format_count)}</td>' for r in group.itertuples()
        )
        rows.append(f'<tr><th scope="row">{html.escape(str(row_label))}</th>{cells}</tr>')
    total = _cell(table.total, table.total_symbol, format_count)
    foot = (f'<tr><th scope="row">Totaal (alle casussen)</th><td colspan="{len(column_labels)}">'
            f"{total}</td></tr>")
    return _wrap_table(caption, head, rows, foot, table.notes)


def _wrap_table(caption: str, head: str, rows: list[str], foot: str, notes: tuple[str, ...]) -> str:
    body = "\n".join(rows)
    legend = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    return (
        '<div class="olcc-table-wrapper">\n'
        f'<table class="olcc-table">\n<caption>{html.escape(caption)}</caption>\n'
        f"<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n<tfoot>{foot}</tfoot>\n</table>\n"
        f'<ul class="olcc-table-notes">{legend}</ul>\n</div>\n'
    )
