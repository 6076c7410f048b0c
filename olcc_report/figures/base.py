"""What every figure is made of: a protected table, its view, an altair chart drawn from the
shown cells only, a text alternative read from the view, and the CSV that travels with it.

Shared by every figure module: colours, the figure itself, table views, text alternatives, bar
charts and heatmaps (hidden cells grey with an ``x``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

import altair as alt
import numpy as np
import pandas as pd
from IPython.display import display

from olcc_report.disclosure import ProtectedTable, Total
from olcc_report.figures.render import Cell, TableView, chart_html
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText, format_percent
from olcc_report.records.vocabulary import (
    MISSING_SYMBOL,
    NIL_SYMBOL,
    NO_CHART,
    NOT_REGISTERED,
    NOT_REGISTERED_GLUE,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
    TABLE_METADATA,
    TABLES_DIR,
    symbol_word,
)

PRIMARY = "#1f5a96"


SECONDARY = "#c1502e"


GREY = "#6b6b6b"


SERIES = ["#1f5a96", "#c1502e", "#117733", "#6b6b6b", "#882255", "#8a6d00"]


SEX_COLOURS = {"jongen": "#1f5a96", "meisje": "#c1502e", "anders_onbekend": "#6b6b6b"}


WIDTH = 420
HIDDEN_GREY = "#d9d9d9"
HIDDEN_TEXT = "#333333"


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    chart: alt.TopLevelMixin | None
    view: TableView
    table: ProtectedTable | None = None
    not_registered: tuple[str, ...] = ()  # fields it needs that the period does not register
    unfilled: tuple[str, ...] = ()  # fields it needs that no case has a value for

    @property
    def csv_name(self) -> str:
        return f"{self.key}.csv"

    def html(self) -> str:
        if self.not_registered:
            return (
                f'<figure class="olcc-figure olcc-not-registered" id="figuur-{self.key}">\n'
                f"<figcaption>{html.escape(self.title)}</figcaption>\n"
                f"<p>{html.escape(self.description)}</p>\n</figure>\n"
            )
        chart = ""
        if self.chart is not None and not self.view.shows_values():
            chart = f'<p class="olcc-no-chart">{NO_CHART}</p>\n'
        elif self.chart is not None:
            chart = (
                f"{chart_html(self.chart, f'grafiek-{self.key}', self.description)}"
                f'<p class="visually-hidden">{html.escape(self.description)}</p>\n'
            )
        return (
            f'<figure class="olcc-figure" id="figuur-{self.key}">\n'
            f"<figcaption>{html.escape(self.title)}</figcaption>\n{chart}</figure>\n"
            f"{self.view.html()}"
            f'<p class="olcc-download"><a href="{TABLES_DIR}/{self.csv_name}" '
            f'download="{self.csv_name}">Download de tabel “{html.escape(self.title)}” (CSV)</a></p>\n'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        """HTML for the page; the table travels along as CSV in the output's metadata (key
        ``olcc_table``), which the build writes to ``_static/tabellen/`` as the download. Also
        when the figure is glued into a narrative page. A figure of a field the period does not
        register has no table to download."""
        if self.not_registered:
            return {"text/html": self.html()}, {}
        return {"text/html": self.html()}, {
            TABLE_METADATA: {
                "filename": self.csv_name,
                "title": self.title,
                "csv": self.view.csv_text(),
                "columns": list(self.view.columns),
                "kinds": self.view.column_kinds(),
                "decimals": self.view.column_decimals(),
                "notes": list(self.view.notes),
            }
        }


def not_registered_figure(key: str, title: str, fields: tuple[str, ...]) -> Figure:
    """The figure of a table whose fields the period does not register: its title and the
    statement, no chart and no CSV."""
    labels = ", ".join(schema.get_field(f).label.lower() for f in fields)
    statement = f"{NOT_REGISTERED}: {labels}."
    view = TableView(key, title, (title,), (), (), (statement,))
    return Figure(key, title, statement, None, view, None, fields)


def not_registered_text(fields: tuple[str, ...]) -> DutchText:
    """A glued value that needs a field the period does not register: the build refuses any
    page that shows it (see :func:`olcc_report.book.glue.check_not_registered`)."""
    return DutchText(f"{NOT_REGISTERED_GLUE}{', '.join(fields)}⟩")


def show(figure: Figure) -> None:
    """Display a figure in a notebook."""
    display(figure)


def count_cell(frame_row) -> Cell:
    return Cell.count(frame_row["aantal"], frame_row["symbool"])


def share_cell(frame_row) -> Cell:
    return Cell.percent(frame_row["aandeel"], frame_row["symbool"])


def total_cell(total: Total) -> Cell:
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


def shown_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Only shown (protected, non-hidden) counts go into a chart."""
    out = frame[frame["aantal"].notna()].copy()
    out["aantal"] = out["aantal"].astype(int)
    out["aandeel"] = out["aandeel"].astype(float)
    out["aandeel_tekst"] = [format_percent(v) if not np.isnan(v) else "" for v in out["aandeel"]]
    return out.reset_index(drop=True)


def count_axis(title: str = "Aantal casussen") -> alt.X:
    return alt.X("aantal:Q", title=title, axis=alt.Axis(format=",d", tickMinStep=5))


def bar_chart(
    table: ProtectedTable, y_title: str, sort: str | list[str] | None = None, colour: str = PRIMARY
) -> alt.Chart:
    label = f"{table.row_field}_label"
    rows = shown_rows(table.cells)[[label, "aantal", "aandeel_tekst"]]
    order = sort if sort is not None else list(table.cells[label])
    return (
        alt.Chart(rows, width=WIDTH)
        .mark_bar(color=colour)
        .encode(
            y=alt.Y(f"{label}:N", sort=order, title=y_title),
            x=count_axis(),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=y_title),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
            ],
        )
    )


def release_figure(
    release, key: str, title: str, header: str, sort: str | list[str] | None = None
) -> Figure:
    """The bar chart and table of the period's one-way table ``key``, or the statement that
    the period does not register what it counts."""
    missing = release.not_registered(key)
    if missing:
        return not_registered_figure(key, title, missing)
    figure = one_way_figure(release.table(key), title, header, sort)
    unfilled = release.unfilled(key)
    return unfilled_figure(figure, unfilled) if unfilled else figure


def unfilled_figure(figure: Figure, fields: tuple[str, ...]) -> Figure:
    """A figure of fields that are registered but filled in for no case: its zeros are
    ``.`` (gegevens ontbreken), not ``-`` (nihil), the note says why, and there is no chart."""

    def cells(values: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(
            Cell(None, MISSING_SYMBOL, c.kind) if c.symbol == NIL_SYMBOL else c for c in values
        )

    labels = ", ".join(schema.get_field(f).label.lower() for f in fields)
    note = (
        f"{MISSING_SYMBOL} = {SYMBOL_WORDS[MISSING_SYMBOL]}: {labels} is wel geregistreerd, maar "
        "bij geen enkele casus ingevuld (bijvoorbeeld omdat nog geen casus is afgesloten)."
    )
    view = figure.view
    view = TableView(
        view.key,
        view.caption,
        view.columns,
        tuple((label, cells(values)) for label, values in view.rows),
        tuple((label, cells(values)) for label, values in view.footer),
        (*view.notes, note),
    )
    return Figure(
        figure.key, figure.title, describe("Tabel", view), None, view, figure.table, (), fields
    )


def largest_first(table: ProtectedTable) -> list[str]:
    """The row labels from the largest shown count down (ties in table order), the hidden and
    empty ones last: the order of a bar chart sorted by size, and of its table."""
    label = f"{table.row_field}_label"
    cells = table.cells.reset_index(drop=True)
    shown = cells["aantal"].notna()
    order = sorted(
        range(len(cells)),
        key=lambda i: (not shown[i], -(cells["aantal"][i] if shown[i] else 0), i),
    )
    return [str(cells[label][i]) for i in order]


def one_way_figure(
    table: ProtectedTable, title: str, header: str, sort: str | list[str] | None = None
) -> Figure:
    """A bar chart and table of a protected one-way table; ``sort="-x"``: both largest first."""
    view = one_way_view(table, title, header)
    if sort == "-x":
        sort = largest_first(table)
        rank = {label: i for i, label in enumerate(sort)}
        view = replace(view, rows=tuple(sorted(view.rows, key=lambda row: rank[row[0]])))
    return Figure(
        table.key,
        title,
        describe("Staafdiagram", view),
        bar_chart(table, header, sort),
        view,
        table,
    )


def heatmap(
    table: ProtectedTable, x_field: str, y_field: str, x_title: str, y_title: str, share_title: str
) -> alt.LayerChart:
    """Shares as colour; hidden cells grey with an x (their data carry labels only)."""
    x, y = f"{x_field}_label", f"{y_field}_label"
    x_axis = alt.X(
        f"{x}:N",
        title=x_title,
        axis=alt.Axis(labelAngle=-30, labelLimit=200),
        sort=list(
            table.column_totals[f"{table.column_field}_label"]
            if x_field == table.column_field
            else table.row_totals[f"{table.row_field}_label"]
        ),
    )
    y_axis = alt.Y(
        f"{y}:N",
        title=y_title,
        sort=list(
            table.row_totals[f"{table.row_field}_label"]
            if y_field == table.row_field
            else table.column_totals[f"{table.column_field}_label"]
        ),
    )
    shown = shown_rows(table.cells)
    shown = shown[shown["aandeel"].notna()][[x, y, "aantal", "aandeel", "aandeel_tekst"]]
    hidden = hidden_cells(table.cells, [x, y])
    colour = (
        alt.Chart(shown)
        .mark_rect()
        .encode(
            x=x_axis,
            y=y_axis,
            color=alt.Color(
                "aandeel:Q",
                title=share_title,
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip(f"{y}:N", title=y_title),
                alt.Tooltip(f"{x}:N", title=x_title),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                alt.Tooltip("aandeel_tekst:N", title=share_title),
            ],
        )
    )
    return alt.layer(colour, *hidden_overlay(hidden, x_axis, y_axis)).properties(width=340)


def hidden_cells(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The hidden cells of a protected table: their labels only, and the symbol to draw."""
    return cells[cells["symbool"] == SECRET_SYMBOL][keys].assign(status=SECRET_SYMBOL)


def hidden_overlay(hidden: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Layers that draw hidden cells of a heatmap grey with their symbol (none if none)."""
    if hidden.empty:
        return []
    secret = alt.Chart(hidden).encode(x=x, y=y)
    return [
        secret.mark_rect(color=HIDDEN_GREY),
        secret.mark_text(color=HIDDEN_TEXT, fontSize=12).encode(text="status:N"),
    ]


def table_share(table: ProtectedTable, code: str) -> float | None:
    """The protected share of one category of a table; None when its count is hidden."""
    row = table.cells.set_index(table.row_field).loc[code]
    return None if pd.isna(row["aandeel"]) else float(row["aandeel"])


def largest_row(table: ProtectedTable) -> pd.Series | None:
    """The row with the largest shown count (ties: first in table order); None when no count
    above zero is shown."""
    cells = table.cells.dropna(subset=["aantal"])
    if cells.empty or not cells["aantal"].astype(int).max():
        return None
    return cells.loc[cells["aantal"].astype(int).idxmax()]


def share_text(figure: Figure, code: str, complement: bool = False) -> DutchText:
    """The protected share of one category of a figure's table, as Dutch text ("27%").

    ``complement``: the share of cases *not* in the category. Unknown when the count is hidden."""
    if figure.not_registered:
        return not_registered_text(figure.not_registered)
    share = table_share(figure.table, code)
    if share is None:
        return DutchText("een onbekend deel")
    return DutchText(format_percent(1 - share if complement else share))


def largest_label(figure: Figure) -> DutchText:
    """The label of the category with the largest shown count (ties: first in table order)."""
    if figure.not_registered:
        return not_registered_text(figure.not_registered)
    if figure.unfilled:
        labels = ", ".join(schema.get_field(f).label.lower() for f in figure.unfilled)
        return DutchText(f"onbekend ({labels} is bij geen enkele casus ingevuld)")
    best = largest_row(figure.table)
    if best is None:
        return DutchText("onbekend")
    return DutchText(str(best[f"{figure.table.row_field}_label"]).lower())
