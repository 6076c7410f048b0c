"""Figures of the qualitative chapters: themes, case evaluations, stille vragen and quotes.

Same rules as :mod:`olcc_report.figures.quantitative`: counts are protected before anything is built, charts
hold protected aggregates only, and quotes are only the approved, de-identified ones.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.analysis import counts as analysis
from olcc_report.analysis import funnel
from olcc_report.analysis import themes as theme_analysis
from olcc_report.disclosure import (
    ProtectedTable,
    protect_one_way,
    protect_two_way,
    rounding_interval,
)
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
    one_way_view,
    shown_rows,
)
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import DisclosureParams
from olcc_report.qualitative.codebook import KIND_LABELS, Codebook
from olcc_report.qualitative.codings import Qualitative
from olcc_report.qualitative.quotes import Quote
from olcc_report.records.formatting import DutchText, format_count, format_percent
from olcc_report.records.vocabulary import NIL_SYMBOL, RATE_PER, SECRET_SYMBOL

PER_TEXT = format_count(RATE_PER)

THEME_KINDS = ("thema", "stille_vraag")


@dataclass(frozen=True)
class ThemeData:
    """Per-case theme indicators of a period (library-internal, never shown as such)."""

    codebook: Codebook
    indicators: pd.DataFrame
    cases: pd.DataFrame
    rules: DisclosureParams

    @property
    def themes(self):
        return [t for kind in THEME_KINDS for t in self.codebook.of_kind(kind)]


def theme_data(q: Qualitative, cases: pd.DataFrame, rules: DisclosureParams) -> ThemeData:
    themes = [t for t in q.codebook.themes if t.kind != "citaat"]
    return ThemeData(
        q.codebook, theme_analysis.theme_indicators(q.codings.frame, cases, themes), cases, rules
    )


def theme_frequency(data: ThemeData) -> Figure:
    counts = theme_analysis.count_themes(data.indicators, data.themes)
    table = protect_one_way("themas", counts, "thema", len(data.cases), data.rules, kind="has")
    title = "Casussen naar thema"
    view = one_way_view(table, title, "Thema")
    return Figure(
        "themas", title, describe("Staafdiagram", view), bar_chart(table, "Thema"), view, table
    )


def themes_by(data: ThemeData, group_field: str, key: str, title: str, header: str) -> Figure:
    counts = theme_analysis.count_themes_by(data.indicators, data.themes, data.cases, group_field)
    groups = analysis.count_by(data.cases, group_field)["aantal"].tolist()
    margins = theme_analysis.count_themes(data.indicators, data.themes)["aantal"].tolist()
    table = protect_two_way(
        key,
        counts,
        "thema",
        group_field,
        data.rules,
        row_kind="has",
        row_margins=margins,
        column_margins=groups,
        total=len(data.cases),
        share_of="column",
    )
    view = cross_view(
        table, title, "Thema", total_column="Alle casussen", total_row="Casussen in de groep"
    )
    chart = heatmap(table, group_field, "thema", header, "Thema", "Aandeel van de groep")
    return Figure(key, title, describe("Heatmap", view), chart, view, table)


def theme_by_profile(by_profile: Figure, code: str, label: str) -> Figure:
    """One theme's row of the (already protected) themes × profile group table: the share of
    each profile group with the theme. The same published numbers, never protected again."""
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
    title = f"{label}: aandeel casussen per profielgroep"
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


def cooccurrence(data: ThemeData) -> Figure:
    """Cases with both themes, for each pair of themes (the diagonal: the theme itself)."""
    pairs = theme_analysis.theme_pairs(data.indicators, data.themes)
    table = protect_one_way(
        "thema-paren",
        pairs[["paar", "label", "aantal"]],
        "paar",
        len(data.cases),
        data.rules,
        kind="has",
    )
    cells = table.cells.assign(
        thema_a=pairs["thema_a"].to_numpy(), thema_b=pairs["thema_b"].to_numpy()
    )
    shown = shown_rows(cells)[["thema_a", "thema_b", "aantal", "aandeel_tekst"]]
    hidden = hidden_cells(cells, ["thema_a", "thema_b"])
    order = [t.label for t in data.themes]
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
    view = TableView(
        view.key,
        view.caption,
        view.columns,
        view.rows,
        view.footer,
        (*view.notes, "Op de diagonaal: de casussen met dat thema."),
    )
    return Figure(
        "thema-paren",
        title,
        describe("Heatmap", view),
        alt.layer(*layers).properties(width=300, height=300),
        view,
        table,
    )


def themes_by_year(history: list[tuple[str, ThemeData]], key: str = "themas-per-jaar") -> Figure:
    """Cases with each theme per year (each year protected on its own: they share no totals).

    A theme the year's codebook did not have is shown as ``.`` (no data), not as 0."""
    themes = history[-1][1].themes
    tables = []
    for year, data in history:
        known = {t.code for t in data.themes}
        counts = theme_analysis.count_themes(
            data.indicators, [t for t in data.themes if t.code in {x.code for x in themes}]
        )
        table = protect_one_way(
            f"themas-{year}", counts, "thema", len(data.cases), data.rules, kind="has"
        )
        tables.append((year, known, table))
    rows = []
    for theme in themes:
        cells = []
        for _, known, table in tables:
            if theme.code not in known:
                cells.append(Cell(None, ".", "percent"))
                continue
            row = table.cells.set_index("thema").loc[theme.code]
            cells.append(Cell.percent(row["aandeel"], row["symbool"]))
        rows.append((theme.label, tuple(cells)))
    footer = (("Casussen", tuple(Cell.count(t.total.value, t.total.symbol) for _, _, t in tables)),)
    title = "Aandeel casussen met het thema, per jaar"
    notes = (
        *tables[-1][2].notes,
        "Elk jaar is apart beveiligd; het aandeel is van de (afgeronde) casussen van dat jaar.",
        ". = het thema stond dat jaar niet in het codeboek.",
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
    evaluated: DutchText
    with_knot: DutchText
    with_success: DutchText


def evaluations(q: Qualitative, cases: pd.DataFrame, rules: DisclosureParams) -> Evaluations:
    """Knooppunten and succesmomenten by category, among the cases with a case evaluation."""
    codings = q.codings.frame
    evaluated = theme_analysis.evaluated_cases(codings, q.codebook)
    scope = cases[cases["case_id"].isin(evaluated)]
    knots, successes = q.codebook.of_kind("knooppunt"), q.codebook.of_kind("succesmoment")
    parents = [
        q.codebook.by_code[k] for k in ("knooppunt", "succesmoment") if k in q.codebook.by_code
    ]
    themes = [*parents, *knots, *successes]
    indicators = theme_analysis.theme_indicators(codings, scope, themes)
    counts = theme_analysis.count_themes(indicators, themes)
    counts["label"] = [
        f"{KIND_LABELS[t.kind]}: {t.label}" if t.parent else f"Eén of meer {t.label.lower()}en"
        for t in themes
    ]
    table = protect_one_way("casusevaluaties", counts, "thema", len(scope), rules, kind="has")
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
    rows["soort"] = [KIND_LABELS[q.codebook.by_code[c].kind] for c in rows["thema"]]
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

    def text(code: str) -> DutchText:
        row = table.cells.set_index("thema").loc[code]
        return DutchText(
            format_percent(float(row["aandeel"]))
            if not pd.isna(row["aandeel"])
            else "een onbekend deel"
        )

    total = table.total
    return Evaluations(
        figure,
        DutchText(format_count(total.value) if total.value is not None else total.symbol),
        text("knooppunt"),
        text("succesmoment"),
    )


# --- stille vragen ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StilleVragen:
    figure: Figure
    candidates: DutchText  # the named regions, or a sentence that there are none


def stille_vragen(
    region_table: ProtectedTable, population: pd.DataFrame, rules: DisclosureParams, source: str
) -> StilleVragen:
    """Registrations per 10,000 young people per region against the national rate, as a funnel.

    Everything is computed from what is published: the protected region counts (a hidden count
    is not plotted or judged) and the protected total. A region is judged only when its whole
    rounding interval lies outside a limit."""
    cells = region_table.cells.merge(population, on="jeugdregio", how="left", validate="1:1")
    total = region_table.total.value or 0
    rate = total / float(population["jeugdigen"].sum())
    records, judged = [], []
    for row in cells.itertuples():
        limits = funnel.funnel_limits(float(row.jeugdigen), rate)
        if row.symbool == SECRET_SYMBOL:
            status, per = "geheim", None
        else:
            count = int(row.aantal)
            low, high = (
                (0, 0)
                if row.symbool == NIL_SYMBOL
                else rounding_interval(count, rules.rounding_base)
            )
            low = low if row.symbool == NIL_SYMBOL else max(low, rules.min_count)
            status, per = funnel.classify(low, high, limits), count / row.jeugdigen * RATE_PER
        records.append(
            {
                "jeugdregio": row.jeugdregio,
                "label": row.jeugdregio_label,
                "jeugdigen": int(row.jeugdigen),
                "aantal": row.aantal,
                "symbool": row.symbool,
                "per_10000": per,
                "verwacht": limits.expected,
                "status": status,
            }
        )
        if status in ("lager_998", "lager_95"):
            judged.append(row.jeugdregio_label)
    frame = pd.DataFrame(records)
    title = f"Aanmeldingen per {PER_TEXT} jeugdigen per jeugdregio"

    def per_cell(r) -> Cell:
        if r.per_10000 is None:
            return Cell.count(None, r.symbool)
        return Cell(f"{r.per_10000:.1f}".replace(".", ","), "", "text")

    rows = tuple(
        (
            r.label,
            (
                Cell(r.jeugdigen, "", "number"),
                Cell.count(r.aantal, r.symbool),
                per_cell(r),
                Cell(f"{r.verwacht:.1f}".replace(".", ","), "", "text"),
                Cell(funnel.CLASS_LABELS[r.status], "", "text"),
            ),
        )
        for r in frame.itertuples()
    )
    notes = (
        f"Landelijk: {format_count(total)} aanmeldingen op "
        f"{format_count(int(population['jeugdigen'].sum()))} jeugdigen "
        f"({f'{rate * RATE_PER:.2f}'.replace('.', ',')} per {PER_TEXT}). Verwacht: het landelijke "
        "cijfer maal het aantal jeugdigen in de regio. Grenzen: Poisson, "
        f"{funnel.INNER_TEXT} en {funnel.OUTER_TEXT} tweezijdig.",
        "Een regio wordt alleen beoordeeld als het hele afrondingsbereik van het getoonde aantal "
        "buiten een grens valt; een geheim aantal wordt niet beoordeeld.",
        f"Jeugdigen per regio: {source}",
        *region_table.notes,
    )
    view = TableView(
        "stille-vragen",
        title,
        ("Jeugdregio", "Jeugdigen", "Aanmeldingen", f"Per {PER_TEXT}", "Verwacht", "Beoordeling"),
        rows,
        (),
        notes,
    )
    points = frame[frame["per_10000"].notna()][["label", "jeugdigen", "per_10000", "status"]].copy()
    points["beoordeling"] = [funnel.CLASS_LABELS[s] for s in points["status"]]
    curve = funnel.funnel_curve(population["jeugdigen"].to_numpy(dtype=float), rate)
    domain = [float(curve["jeugdigen"].min()), float(curve["jeugdigen"].max())]
    lines = (
        alt.Chart(curve)
        .mark_line(strokeWidth=1.2)
        .encode(
            x=alt.X(
                "jeugdigen:Q",
                title="Aantal jeugdigen in de regio (logaritmische schaal)",
                scale=alt.Scale(type="log", domain=domain, nice=False),
                axis=alt.Axis(format=",d", tickCount=4),
            ),
            y=alt.Y("per_10000:Q", title=f"Aanmeldingen per {PER_TEXT} jeugdigen"),
            detail="kant:N",
            strokeDash=alt.StrokeDash(
                "grens:N",
                title="Controlegrens",
                scale=alt.Scale(
                    domain=[funnel.INNER_TEXT, funnel.OUTER_TEXT], range=[[4, 3], [1, 0]]
                ),
            ),
            color=alt.value("#6b6b6b"),
        )
    )
    national = (
        alt.Chart(pd.DataFrame({"per_10000": [rate * RATE_PER]}))
        .mark_rule(color="#333333")
        .encode(y="per_10000:Q")
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=60)
        .encode(
            x="jeugdigen:Q",
            y="per_10000:Q",
            color=alt.Color(
                "beoordeling:N",
                title=None,
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
                scale=alt.Scale(
                    domain=[
                        funnel.CLASS_LABELS[k]
                        for k in ("lager_998", "lager_95", "binnen", "hoger_95", "hoger_998")
                    ],
                    range=["#882255", "#c1502e", "#1f5a96", "#117733", "#0b4d1e"],
                ),
            ),
            shape=alt.Shape("beoordeling:N", legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="Jeugdregio"),
                alt.Tooltip("jeugdigen:Q", title="Jeugdigen", format=",d"),
                alt.Tooltip("per_10000:Q", title=f"Per {PER_TEXT}", format=",.1f"),
                alt.Tooltip("beoordeling:N", title="Beoordeling"),
            ],
        )
    )
    chart = alt.layer(lines, national, dots).properties(width=WIDTH + 60, height=320)
    named = DutchText(", ".join(judged) if judged else "geen enkele regio")
    return StilleVragen(
        Figure(
            "stille-vragen", title, describe("Trechterdiagram", view), chart, view, region_table
        ),
        named,
    )


# --- quotes -------------------------------------------------------------------------------------------------


def quotes_html(
    quotes: list[Quote], codebook: Codebook, theme: str | None = None, limit: int = 3
) -> str:
    """Approved, de-identified quotes (of one theme) as blockquotes, in a stable order."""
    chosen = [q for q in quotes if theme is None or theme in q.themes][:limit]
    if not chosen:
        return '<p class="olcc-quote-none">Voor dit thema is (nog) geen citaat goedgekeurd.</p>\n'
    parts = []
    for quote in chosen:
        labels = ", ".join(codebook.label(t) for t in quote.themes if t in codebook.by_code)
        parts.append(
            f'<blockquote class="olcc-quote"><p>{html.escape(quote.text)}</p>'
            f"<footer>Uit een casusbeschrijving ({html.escape(labels)}); "
            "ge-de-identificeerd en door een analist goedgekeurd.</footer></blockquote>"
        )
    return "\n".join(parts) + "\n"


POPULATION_MISSING = (
    "Voor deze periode is geen aantal jeugdigen per jeugdregio opgegeven. Zonder dat aantal is een "
    "aanmeldcijfer per regio niet te berekenen, en dit hoofdstuk schat het niet. Geef in de params "
    "een bestand met jeugdigen per regio en de bron op (`population`)."
)
