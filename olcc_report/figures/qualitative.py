"""Figures of the qualitative chapters: themes, case evaluations, stille vragen and quotes.

Same rules as the quantitative figures: every table comes from the period's
:class:`~olcc_report.figures.release.Release` (protected with all other tables of the book),
charts hold protected aggregates only, and quotes are only the approved, de-identified ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.disclosure import ProtectedTable
from olcc_report.figures.base import (
    PRIMARY,
    SECONDARY,
    SERIES,
    WIDTH,
    Figure,
    bar_chart,
    cross_view,
    describe,
    heatmap,
    hidden_cells,
    hidden_overlay,
    left_out_words,
    not_registered_figure,
    one_way_view,
    shown_rows,
)

# The stille-vragen figure lives in its own module; notebooks reach it as figures_qual.*.
from olcc_report.figures.quotes import quotes_html
from olcc_report.figures.release import Release
from olcc_report.figures.render import Cell, TableView
from olcc_report.figures.statements import evaluation_sentences
from olcc_report.figures.stille_vragen import StilleVragen, stille_vragen
from olcc_report.qualitative.codebook import KIND_LABELS
from olcc_report.records.formatting import DutchText
from olcc_report.records.vocabulary import MISSING_SYMBOL

__all__ = [
    "Evaluations",
    "StilleVragen",
    "cooccurrence",
    "evaluations",
    "quotes_html",
    "stille_vragen",
    "theme_by_profile",
    "theme_frequency",
    "themes_by",
    "themes_by_year",
]


def theme_frequency(release: Release) -> Figure:
    table = release.table("themas")
    title = "Casussen naar thema"
    view = one_way_view(table, title, "Thema")
    return Figure(
        "themas",
        title,
        describe("Staafdiagram", view),
        bar_chart(table, "Thema"),
        view,
        table,
        left_out=left_out_words(table, "Thema"),
    )


def themes_by(release: Release, group_field: str, key: str, title: str, header: str) -> Figure:
    if missing := release.not_registered(key):
        return not_registered_figure(key, title, missing)
    table = release.table(key)
    view = cross_view(
        table, title, "Thema", total_column="Alle casussen", total_row="Casussen in de groep"
    )
    chart = heatmap(table, group_field, "thema", header, "Thema", "Aandeel van de groep")
    return Figure(key, title, describe("Kleurentabel", view), chart, view, table)


def theme_by_profile(by_profile: Figure, code: str, label: str) -> Figure:
    """One theme's row of the (already protected) themes × profile group table: the share of
    each profile group with the theme. The same published numbers, never protected again."""
    # "thema": not the registered problem of the same name, which counts other cases
    title = f"Thema {label.lower()} in de casusbeschrijvingen: aandeel casussen per profielgroep"
    if by_profile.not_registered:
        return not_registered_figure(f"thema-{code}", title, by_profile.not_registered)
    table = by_profile.table
    cells = table.cells[table.cells["thema"] == code].reset_index(drop=True)
    one_way = ProtectedTable(
        key=f"thema-{code}",
        row_field="profielgroep",
        cells=cells,
        total=table.total,
        rules=table.rules,
        row_kind="has",
        secondary=table.secondary,
    )
    view = one_way_view(one_way, title, "Profielgroep")
    view = TableView(
        view.key,
        view.caption,
        view.columns,
        view.rows,
        (),
        (*view.notes[:-1], "Aandeel: van de casussen in de profielgroep.", view.notes[-1]),
    )
    rows = shown_rows(cells)
    rows = rows[rows["aandeel"].notna()]
    chart = (
        alt.Chart(rows[["profielgroep_label", "aantal", "aandeel", "aandeel_tekst"]], width=WIDTH)
        .mark_bar(color=PRIMARY)
        .encode(
            y=alt.Y(
                "profielgroep_label:N",
                title="Profielgroep",
                sort=list(table.column_totals["profielgroep_label"]),
            ),
            x=alt.X(
                "aandeel:Q",
                title="Aandeel van de profielgroep",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("profielgroep_label:N", title="Profielgroep"),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
            ],
        )
    )
    return Figure(f"thema-{code}", title, describe("Staafdiagram", view), chart, view, one_way)


def cooccurrence(release: Release) -> Figure:
    """Cases with both themes, for each pair of two different themes."""
    pairs = release.themes.pairs
    table = release.table("thema-paren")
    cells = table.cells.assign(
        thema_a=pairs["thema_a"].to_numpy(), thema_b=pairs["thema_b"].to_numpy()
    )
    shown = shown_rows(cells)[["thema_a", "thema_b", "aantal", "aandeel_tekst"]]
    hidden = hidden_cells(cells, ["thema_a", "thema_b"])
    order = [t.label for t in release.themes.themes]
    x = alt.X("thema_a:N", title=None, sort=order, axis=alt.Axis(labelAngle=-30, labelLimit=200))
    y = alt.Y("thema_b:N", title=None, sort=order)
    colour = (
        alt.Chart(shown)
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "aantal:Q",
                title="Casussen met beide",
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format=",d"),
            ),
            tooltip=[
                alt.Tooltip("thema_a:N", title="Thema"),
                alt.Tooltip("thema_b:N", title="En"),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel van alle casussen"),
            ],
        )
    )
    layers = [colour, *hidden_overlay(hidden, x, y)]
    title = "Thema's die samen voorkomen"
    view = one_way_view(table, title, "Combinatie van thema's")
    return Figure(
        "thema-paren",
        title,
        describe("Kleurentabel", view),
        alt.layer(*layers).properties(width=300, height=300),
        view,
        table,
    )


def themes_by_year(history: list[tuple[str, Release]], key: str = "trend-themas") -> Figure:
    """Cases with each theme per year: each year's own published numbers (its table
    ``themas``), put side by side.

    A theme the year's codebook did not have is shown as ``.`` (no data), not as 0."""
    themes = history[-1][1].themes.themes
    tables = [(year, {t.code for t in r.themes.themes}, r.table("themas")) for year, r in history]
    rows = []
    for theme in themes:
        cells = []
        for _, known, table in tables:
            if theme.code not in known:
                cells.append(Cell(None, ".", "percent"))
                continue
            row = table.cells.set_index("thema").loc[theme.code]
            cells.append(Cell.of(row, "percent"))
        rows.append((theme.label, tuple(cells)))
    footer = (("Casussen", tuple(Cell.count(t.total.value, t.total.symbol) for _, _, t in tables)),)
    title = "Aandeel casussen met het thema, per jaar"
    notes = (
        *tables[-1][2].notes,
        "Per jaar dezelfde cijfers als in de rapportage van dat jaar; het aandeel is van de "
        "(afgeronde) casussen van dat jaar.",
        f"{MISSING_SYMBOL} = het thema stond dat jaar niet in het codeboek.",
    )
    view = TableView(key, title, ("Thema", *(y for y, _, _ in tables)), tuple(rows), footer, notes)
    points = pd.DataFrame(
        [
            {"jaar": year, "thema": label, "aandeel": c.value}
            for label, cells in rows
            for (year, _, _), c in zip(tables, cells, strict=True)
            if not c.missing
        ],
        columns=["jaar", "thema", "aandeel"],
    )
    chart = (
        alt.Chart(points, width=WIDTH)
        .mark_line(point=True)
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "aandeel:Q",
                title="Aandeel casussen",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "thema:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=[t.label for t in themes], range=SERIES[: len(themes)]),
            ),
            strokeDash=alt.StrokeDash("thema:N", legend=None),
            tooltip=[
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("thema:N", title="Thema"),
                alt.Tooltip("aandeel:Q", title="Aandeel", format=".0%"),
            ],
        )
    )
    return Figure(key, title, describe("Lijndiagram", view), chart, view)


# --- case evaluations ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluations:
    figure: Figure
    evaluated: DutchText  # a sentence: how many cases were evaluated
    named: DutchText  # a sentence: how often a knooppunt and a succesmoment were named


def evaluations(release: Release) -> Evaluations:
    """Knooppunten and succesmomenten by category, among the cases with a case evaluation."""
    codebook = release.themes.codebook
    knots, successes = codebook.of_kind("knooppunt"), codebook.of_kind("succesmoment")
    table = release.table("casusevaluaties")
    title = "Knooppunten en succesmomenten in de casusevaluaties"
    view = one_way_view(table, title, "Knooppunt of succesmoment")
    view = TableView(
        view.key,
        view.caption,
        view.columns,
        view.rows,
        (("Geëvalueerde casussen", view.footer[0][1]),),
        (
            *view.notes,
            "Aandeel: van de geëvalueerde casussen. Een casus kan meer "
            "knooppunten en succesmomenten hebben.",
        ),
    )
    rows = shown_rows(table.cells[table.cells["thema"].isin([t.code for t in knots + successes])])
    rows["soort"] = [KIND_LABELS[codebook.by_code[c].kind] for c in rows["thema"]]
    chart = (
        alt.Chart(rows[["thema_label", "aantal", "aandeel_tekst", "soort"]], width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y("thema_label:N", title=None, sort=list(table.cells["thema_label"])),
            x=alt.X("aantal:Q", title="Aantal geëvalueerde casussen", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "soort:N",
                title=None,
                scale=alt.Scale(domain=["Knooppunt", "Succesmoment"], range=[SECONDARY, PRIMARY]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("thema_label:N", title="Categorie"),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
            ],
        )
    )
    figure = Figure("casusevaluaties", title, describe("Staafdiagram", view), chart, view, table)

    return Evaluations(figure, *evaluation_sentences(table))


# --- stille vragen ----------------------------------------------------------------------------------------


# --- quotes -------------------------------------------------------------------------------------------------
