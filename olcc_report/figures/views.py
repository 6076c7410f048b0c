"""Table views of protected tables (one-way and cross tables of counts and shares), the text
alternative read from a view, and what a table says in words (a share, the largest row)."""

from __future__ import annotations

import pandas as pd

from olcc_report.disclosure import ProtectedTable, Total
from olcc_report.figures.render import Cell, TableView
from olcc_report.records.vocabulary import (
    symbol_word,
)


def count_cell(frame_row) -> Cell:
    return Cell.of(frame_row)


def share_cell(frame_row) -> Cell:
    return Cell.of(frame_row, "percent")


def total_cell(total: Total) -> Cell:
    if total.at_least is not None:
        return Cell(total.at_least, total.symbol, "count")
    return Cell.count(total.value, total.symbol)


def one_way_view(
    table: ProtectedTable, caption: str, header: str, shares: bool = True
) -> TableView:
    label = f"{table.row_field}_label"
    columns = (header, "Aantal casussen", *(["Aandeel"] if shares else []))
    rows = tuple(
        (str(r[label]), (count_cell(r), *([share_cell(r)] if shares else [])))
        for _, r in table.cells.iterrows()
    )
    total_label = "Totaal (alle casussen)" if table.row_kind == "has" else "Totaal"
    # Shares are of the total (for a multiple-answer table: of all cases), so it is 100%.
    whole = (Cell.percent(1.0),) if shares else ()
    footer = ((total_label, (total_cell(table.total), *whole)),)
    return TableView(table.key, caption, columns, rows, footer, table.notes)


def cross_view(
    table: ProtectedTable,
    caption: str,
    row_header: str,
    total_row: str = "Totaal",
    total_column: str = "Totaal",
) -> TableView:
    row_label, column_label = f"{table.row_field}_label", f"{table.column_field}_label"
    column_names = list(table.column_totals[column_label])
    rows = []
    for (_, total_row_values), (_code, group) in zip(
        table.row_totals.iterrows(), table.cells.groupby(table.row_field, sort=False), strict=True
    ):
        cells = tuple(count_cell(r) for _, r in group.iterrows())
        rows.append((str(total_row_values[row_label]), (*cells, count_cell(total_row_values))))
    footer = (
        (
            total_row,
            (*(count_cell(r) for _, r in table.column_totals.iterrows()), total_cell(table.total)),
        ),
    )
    return TableView(
        table.key,
        caption,
        (row_header, *column_names, total_column),
        tuple(rows),
        footer,
        table.notes,
    )


def describe(kind: str, view: TableView, limit: int | None = None) -> str:
    """A text alternative for a chart, read from its (protected) table view."""

    def words(cell: Cell) -> str:
        return cell.text() if cell.literal else symbol_word(cell.text())

    rows = view.rows if limit is None else view.rows[:limit]
    parts = []
    for label, cells in rows:
        if len(view.columns) == 2 or (len(view.columns) == 3 and view.columns[2] == "Aandeel"):
            value = words(cells[0])
            if len(cells) > 1 and cells[1].kind == "percent" and not cells[1].missing:
                value += f" ({cells[1].text()})"
            parts.append(f"{label}: {value}")
        else:
            inner = ", ".join(
                f"{col} {words(c)}" for col, c in zip(view.columns[1:], cells, strict=False)
            )
            parts.append(f"{label}: {inner}")
    more = (
        ""
        if limit is None or len(view.rows) <= limit
        else f" (eerste {limit} van {len(view.rows)})"
    )
    text = f"{kind}: {view.caption}{more}. " + "; ".join(parts)
    return text if text.endswith(".") else f"{text}."


def table_share(table: ProtectedTable, code: str) -> float | None:
    """The protected share of one category of a table; None when its count is hidden."""
    row = table.cells.set_index(table.row_field).loc[code]
    return None if pd.isna(row["aandeel"]) else float(row["aandeel"])
