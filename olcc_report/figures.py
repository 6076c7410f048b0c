"""The figures of the book: protected table + altair chart + text alternative, ready to show.

Charts are built from protected aggregate tables only (never from case rows): altair embeds its
whole data set in the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import HTML

from olcc_report import analysis, schema
from olcc_report.disclosure import ProtectedTable, protect_counts, protect_total
from olcc_report.formatting import DutchText, format_count, format_percent
from olcc_report.params import DisclosureParams
from olcc_report.render import chart_html, cross_table_html, table_html

PRIMARY = "#1f5a96"
SEX_COLOURS = {"jongen": "#1f5a96", "meisje": "#c1502e", "anders_onbekend": "#6b6b6b"}
WIDTH = 420


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    table: ProtectedTable
    chart: alt.TopLevelMixin
    table_markup: str

    def html(self) -> str:
        return (
            f'<figure class="olcc-figure" id="figuur-{self.key}">\n'
            f"<figcaption>{self.title}</figcaption>\n"
            f"{chart_html(self.chart, f'grafiek-{self.key}', self.description)}"
            f'<p class="visually-hidden">{self.description}</p>\n'
            "</figure>\n"
            f"{self.table_markup}"
        )

    def _repr_html_(self) -> str:
        return self.html()


def show(figure: Figure) -> HTML:
    return HTML(figure.html())


def _chart_rows(table: ProtectedTable, *columns: str) -> pd.DataFrame:
    """Only shown (protected, non-hidden) counts go into a chart."""
    frame = table.frame[table.frame["aantal"].notna()]
    out = frame[list(columns)].copy()
    out["aantal"] = out["aantal"].astype(int)
    out["aandeel_tekst"] = [format_percent(float(v)) for v in frame["aandeel"]]
    return out.reset_index(drop=True)


def _describe_one_way(subject: str, table: ProtectedTable) -> str:
    parts = []
    for row in table.frame.itertuples():
        if pd.isna(row.aantal):
            parts.append(f"{row.label}: geheim")
        else:
            parts.append(f"{row.label}: {format_count(row.aantal)} ({format_percent(row.aandeel)})")
    return f"Staafdiagram van {subject}. " + "; ".join(parts) + "."


def _bar(rows: pd.DataFrame, order: list[str], x_title: str, y_title: str) -> alt.Chart:
    return (
        alt.Chart(rows, width=WIDTH)
        .mark_bar(color=PRIMARY)
        .encode(
            y=alt.Y("label:N", sort=order, title=y_title),
            x=alt.X("aantal:Q", title=x_title, axis=alt.Axis(format=",d", tickMinStep=5)),
            tooltip=[alt.Tooltip("label:N", title=y_title),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                     alt.Tooltip("aandeel_tekst:N", title="Aandeel")],
        )
    )


def one_way_figure(key: str, counts: pd.DataFrame, total: int, rules: DisclosureParams,
                   title: str, subject: str, label_header: str) -> Figure:
    table = protect_counts(counts, [counts.columns[0], "label"], total, rules)
    chart = _bar(_chart_rows(table, "label", "aantal"), list(table.frame["label"]),
                 "Aantal casussen", label_header)
    return Figure(key, title, _describe_one_way(subject, table), table, chart,
                  table_html(table, title, "label", label_header))


def registrants(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return one_way_figure(
        "aanmelder", analysis.count_by(cases, "aanmelder"), len(cases), rules,
        "Casussen naar aanmelder", "het aantal casussen per aanmelder", "Aanmelder",
    )


def problem_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return one_way_figure(
        "aantal-problemen", analysis.count_categories_per_case(cases, "problemen"), len(cases),
        rules, "Casussen naar aantal problemen", "het aantal casussen naar aantal problemen",
        "Aantal problemen",
    )


def age_by_sex(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    counts = analysis.count_by_pair(cases, "leeftijdsgroep", "geslacht")
    keys = ["leeftijdsgroep", "leeftijdsgroep_label", "geslacht", "geslacht_label"]
    table = protect_counts(counts, keys, len(cases), rules)
    title = "Casussen naar leeftijdsgroep en geslacht"
    rows = _chart_rows(table, "leeftijdsgroep_label", "geslacht", "geslacht_label", "aantal")
    sexes = schema.get_field("geslacht")
    chart = (
        alt.Chart(rows, width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y("leeftijdsgroep_label:N", title="Leeftijdsgroep",
                    sort=[g.label for g in schema.AGE_GROUPS]),
            yOffset=alt.YOffset("geslacht_label:N", sort=[c.label for c in sexes.categories]),
            x=alt.X("aantal:Q", title="Aantal casussen", axis=alt.Axis(format=",d", tickMinStep=5)),
            color=alt.Color("geslacht_label:N", title="Geslacht",
                            legend=alt.Legend(orient="bottom"),
                            sort=[c.label for c in sexes.categories],
                            scale=alt.Scale(domain=[c.label for c in sexes.categories],
                                            range=[SEX_COLOURS[c.code] for c in sexes.categories])),
            tooltip=[alt.Tooltip("leeftijdsgroep_label:N", title="Leeftijdsgroep"),
                     alt.Tooltip("geslacht_label:N", title="Geslacht"),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d")],
        )
    )
    parts = []
    for row in table.frame.itertuples():
        value = "geheim" if pd.isna(row.aantal) else format_count(row.aantal)
        parts.append(f"{row.leeftijdsgroep_label}, {row.geslacht_label.lower()}: {value}")
    description = "Gegroepeerd staafdiagram van het aantal casussen per leeftijdsgroep en geslacht. " + "; ".join(parts) + "."
    markup = cross_table_html(table, title, "leeftijdsgroep", "geslacht", "Leeftijdsgroep")
    return Figure("leeftijd-geslacht", title, description, table, chart, markup)


def key_numbers(cases: pd.DataFrame, period_end, rules: DisclosureParams) -> dict[str, DutchText]:
    """Protected key numbers for the prose, formatted the Dutch way."""
    out = {}
    for key, value in analysis.period_counts(cases, period_end).items():
        shown, symbol = protect_total(value, rules)
        out[key] = DutchText(format_count(shown) if shown is not None else symbol)
    return out
