"""Cases per youth-care region (map from the CBS TopoJSON and a sorted bar chart) and per
province, protected as one model."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import altair as alt

from olcc_report.figures.base import (
    Figure,
    bar_chart,
    describe,
    left_out_words,
    one_way_view,
)
from olcc_report.figures.release import Release
from olcc_report.figures.render import Cell
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
    symbol_word,
)


@cache
def _topojson() -> dict:
    path = resources.files("olcc_report").joinpath("data/reference/jeugdregio_2025.topojson")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Regions:
    regions: Figure
    provinces: Figure


def regions(release: Release) -> Regions:
    region_table, province_table = release.table("jeugdregio"), release.table("provincie")
    title = "Casussen per jeugdregio"
    view = one_way_view(region_table, title, "Jeugdregio")
    view = view.with_notes(
        "Jeugdregio's volgens de CBS-indeling 2025, ook voor eerdere jaren, zodat regio's over de "
        "jaren te vergelijken zijn. Kaart: CBS / PDOK "
        "(CBS Gebiedsindelingen), vereenvoudigd door cartomap."
    )
    cells = region_table.cells.copy()
    # A count shown only as a lower bound has no colour on the map: grey, as a secret one.
    cells["status"] = [
        SYMBOL_WORDS.get(SECRET_SYMBOL if s == AT_LEAST_SYMBOL else s, "getoond")
        for s in cells["symbool"]
    ]
    # The tooltip says what the table says: the count, "≥ 110", or the symbol's word.
    cells["aantal_tekst"] = [symbol_word(Cell.of(row).text()) for _, row in cells.iterrows()]
    lookup = cells[["jeugdregio", "jeugdregio_label", "status", "aantal_tekst"]].copy()
    lookup["aantal"] = cells["aantal"].astype(float)
    shapes = alt.InlineData(
        values=_topojson(), format=alt.DataFormat(type="topojson", feature="jeugdregio_2025")
    )
    base = (
        alt.Chart(shapes)
        .transform_lookup(
            lookup="properties.statcode",
            from_=alt.LookupData(
                lookup, "jeugdregio", ["jeugdregio_label", "aantal", "status", "aantal_tekst"]
            ),
        )
        .properties(width=250, height=290)
        .project(type="mercator")
    )
    tooltip = [
        alt.Tooltip("jeugdregio_label:N", title="Jeugdregio"),
        alt.Tooltip("aantal_tekst:N", title="Aantal casussen"),
    ]
    shown_map = (
        base.mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(
            color=alt.Color(
                "aantal:Q",
                title="Aantal casussen",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(format=",d", orient="bottom"),
            ),
            tooltip=tooltip,
        )
        .transform_filter("datum.status == 'getoond'")
    )
    other_map = (
        # Outlined, so the near-white nihil regions stand out from the page.
        base.mark_geoshape(stroke="#6b6b6b", strokeWidth=0.6)
        .encode(
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(
                    domain=[SYMBOL_WORDS[SECRET_SYMBOL], SYMBOL_WORDS[NIL_SYMBOL]],
                    range=["#bdbdbd", "#f2f2f2"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=tooltip,
        )
        .transform_filter("datum.status != 'getoond'")
    )
    # One above the other: a concatenated chart cannot take its column's width, so each part is
    # narrow enough for a phone.
    bars = bar_chart(region_table, "Jeugdregio", sort="-x").properties(width=170)
    chart = alt.vconcat(
        alt.layer(other_map, shown_map).resolve_scale(color="independent"), bars, spacing=24
    )
    not_drawn = int(region_table.cells["aantal"].isna().sum())
    region_figure = Figure(
        "jeugdregio",
        title,
        describe("Kaart en staafdiagram", view),
        chart,
        view,
        region_table,
        left_out=(
            f"Niet in het staafdiagram: {not_drawn} jeugdregio's waarvan het aantal geheim is "
            "(op de kaart grijs); zie de tabel."
            if not_drawn
            else ""
        ),
    )
    province_title = "Casussen per provincie"
    province_view = one_way_view(province_table, province_title, "Provincie")
    province_figure = Figure(
        "provincie",
        province_title,
        describe("Staafdiagram", province_view),
        bar_chart(province_table, "Provincie", sort="-x"),
        province_view,
        province_table,
        left_out=left_out_words(province_table, "Provincie"),
    )
    return Regions(region_figure, province_figure)
