"""What every figure is made of: a protected table, its view, an altair chart drawn from the
shown cells only, a text alternative read from the view, and the CSV that travels with it.

Shared by every figure module: colours, the figure itself, table views, text alternatives, bar
charts and heatmaps (hidden cells grey with an ``x``).
"""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import numpy as np
import pandas as pd

from olcc_report.disclosure import ProtectedTable
from olcc_report.figures.figure import (
    GREY,
    HIDDEN_GREY,
    HIDDEN_TEXT,
    PRIMARY,
    SECONDARY,
    SERIES,
    SEX_COLOURS,
    WIDTH,
    Figure,
    not_registered_figure,
    show,
)
from olcc_report.figures.render import Cell, TableView
from olcc_report.figures.views import (
    count_cell,
    cross_view,
    describe,
    one_way_view,
    share_cell,
    table_share,
    total_cell,
)
from olcc_report.records import schema
from olcc_report.records.formatting import format_percent
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    MISSING_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
)

__all__ = [
    "Figure",
    "GREY",
    "HIDDEN_GREY",
    "HIDDEN_TEXT",
    "PRIMARY",
    "SECONDARY",
    "SERIES",
    "SEX_COLOURS",
    "WIDTH",
    "bar_chart",
    "count_axis",
    "count_cell",
    "cross_view",
    "describe",
    "heatmap",
    "left_out_words",
    "with_base",
    "hidden_cells",
    "hidden_overlay",
    "largest_first",
    "not_registered_figure",
    "one_way_figure",
    "one_way_view",
    "release_figure",
    "share_cell",
    "show",
    "shown_rows",
    "table_share",
    "total_cell",
    "unfilled_figure",
]


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
    counted = key.removeprefix("aantal-")
    if counted != key and (unasked := release.unasked(counted)):
        known = len(schema.get_field(counted).categories) - len(unasked)
        figure = replace(
            figure,
            view=figure.view.with_notes(
                f"Geteld over de {known} categorieën waar de registratie van deze periode naar "
                f"vraagt; niet geregistreerd: {', '.join(u.lower() for u in unasked)}."
            ),
        )
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
        left_out=left_out_words(table, header),
    )


def with_base(figure: Figure, base: str) -> Figure:
    """The figure with a note that says what its shares are of."""
    if figure.not_registered:
        return figure
    return replace(figure, view=figure.view.with_notes(f"Aandeel: van {base}."))


def left_out_words(table: ProtectedTable, header: str) -> str:
    """ "Niet in de grafiek: Anders, Gemeente (geheim); Trauma (alleen een ondergrens)." — the
    categories a bar chart of ``table`` does not draw, and why; "" when it draws them all."""
    cells, label = table.cells, f"{table.row_field}_label"
    parts = []
    for symbol, why in (
        (SECRET_SYMBOL, "geheim"),
        (AT_LEAST_SYMBOL, "alleen een ondergrens"),
        (MISSING_SYMBOL, "niet geregistreerd"),
    ):
        names = cells.loc[cells["symbool"] == symbol, label].tolist()
        if names:
            parts.append(f"{', '.join(names)} ({why})")
    if not parts:
        return ""
    return f"Niet in de grafiek ({header.lower()}): {'; '.join(parts)}; zie de tabel."


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
