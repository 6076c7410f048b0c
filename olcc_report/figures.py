"""The figures of the book: protected table + altair chart + text alternative + CSV, ready to show.

Charts are built from protected aggregate tables only (never from case rows): altair embeds its
whole data set in the page. Every function here takes the typed case frame, computes with
:mod:`olcc_report.analysis`, protects with :mod:`olcc_report.disclosure` and only then builds the
chart, the table view and the description from the protected numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import altair as alt
import numpy as np
import pandas as pd
from IPython.display import display

from olcc_report import analysis, reference, schema
from olcc_report.disclosure import (
    ProtectedTable,
    Total,
    protect_survival,
    protect_flows,
    protect_hierarchy,
    protect_one_way,
    protect_two_way,
    table_notes,
)
from olcc_report.formatting import DutchText, format_count, format_percent
from olcc_report.params import DisclosureParams
from olcc_report.render import Cell, TableView, chart_html

PRIMARY = "#1f5a96"
SECONDARY = "#c1502e"
GREY = "#6b6b6b"
# Colour-blind safe (Okabe–Ito based), each with contrast ≥ 3:1 on white.
SERIES = ["#1f5a96", "#c1502e", "#117733", "#6b6b6b", "#882255", "#8a6d00"]
SEX_COLOURS = {"jongen": "#1f5a96", "meisje": "#c1502e", "anders_onbekend": "#6b6b6b"}
WIDTH = 420
DOWNLOAD_DIR = "_static/tabellen"
TABLE_METADATA = "olcc_table"
TOP_COMBINATIONS = 10


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    chart: alt.TopLevelMixin | None
    view: TableView
    table: ProtectedTable | None = None

    @property
    def csv_name(self) -> str:
        return f"{self.key}.csv"

    def html(self) -> str:
        chart = ""
        if self.chart is not None:
            chart = (f"{chart_html(self.chart, f'grafiek-{self.key}', self.description)}"
                     f'<p class="visually-hidden">{self.description}</p>\n')
        return (
            f'<figure class="olcc-figure" id="figuur-{self.key}">\n'
            f"<figcaption>{self.title}</figcaption>\n{chart}</figure>\n"
            f"{self.view.html()}"
            f'<p class="olcc-download"><a href="{DOWNLOAD_DIR}/{self.csv_name}" '
            f'download="{self.csv_name}">Download de tabel “{self.title}” (CSV)</a></p>\n'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        """HTML for the page; the table travels along as CSV in the output's metadata (key
        ``olcc_table``), which the build writes to ``_static/tabellen/`` as the download. Also
        when the figure is glued into a narrative page."""
        return {"text/html": self.html()}, {TABLE_METADATA: {
            "filename": self.csv_name, "title": self.title, "csv": self.view.csv_text(),
            "columns": list(self.view.columns), "kinds": self.view.column_kinds(),
            "notes": list(self.view.notes)}}


def show(figure: Figure) -> None:
    """Display a figure in a notebook."""
    display(figure)


# --- views and descriptions ---------------------------------------------------------------------------


def _count(frame_row) -> Cell:
    return Cell.count(frame_row["aantal"], frame_row["symbool"])


def _share(frame_row) -> Cell:
    return Cell.percent(frame_row["aandeel"], frame_row["symbool"])


def _total_cell(total: Total) -> Cell:
    return Cell.count(total.value, total.symbol)


def one_way_view(table: ProtectedTable, caption: str, header: str, shares: bool = True) -> TableView:
    label = f"{table.row_field}_label"
    columns = (header, "Aantal casussen", *(["Aandeel"] if shares else []))
    rows = tuple(
        (str(r[label]), (_count(r), *([_share(r)] if shares else [])))
        for _, r in table.cells.iterrows()
    )
    total_label = "Totaal (alle casussen)" if table.row_kind == "has" else "Totaal"
    blank = (Cell("", "", "text"),) if shares else ()
    footer = ((total_label, (_total_cell(table.total), *blank)),)
    return TableView(table.key, caption, columns, rows, footer, table.notes)


def cross_view(table: ProtectedTable, caption: str, row_header: str,
               total_row: str = "Totaal", total_column: str = "Totaal") -> TableView:
    row_label, column_label = f"{table.row_field}_label", f"{table.column_field}_label"
    column_names = list(table.column_totals[column_label])
    rows = []
    for (_, total_row_values), (code, group) in zip(
        table.row_totals.iterrows(), table.cells.groupby(table.row_field, sort=False), strict=True
    ):
        cells = tuple(_count(r) for _, r in group.iterrows())
        rows.append((str(total_row_values[row_label]), (*cells, _count(total_row_values))))
    footer = ((total_row, (*(_count(r) for _, r in table.column_totals.iterrows()),
                           _total_cell(table.total))),)
    return TableView(table.key, caption, (row_header, *column_names, total_column), tuple(rows),
                     footer, table.notes)


def describe(kind: str, view: TableView, limit: int | None = None) -> str:
    """A text alternative for a chart, read from its (protected) table view."""
    def words(cell: Cell) -> str:
        if cell.kind == "text":
            return ""
        text = cell.text()
        return {"x": "geheim", "-": "nihil", ".": "onbekend"}.get(text, text)

    rows = view.rows if limit is None else view.rows[:limit]
    parts = []
    for label, cells in rows:
        if len(view.columns) == 2 or (len(view.columns) == 3 and view.columns[2] == "Aandeel"):
            value = words(cells[0])
            if len(cells) > 1 and cells[1].kind == "percent" and not cells[1].missing:
                value += f" ({cells[1].text()})"
            parts.append(f"{label}: {value}")
        else:
            inner = ", ".join(f"{col} {words(c)}" for col, c in zip(view.columns[1:], cells))
            parts.append(f"{label}: {inner}")
    more = "" if limit is None or len(view.rows) <= limit else f" (eerste {limit} van {len(view.rows)})"
    return f"{kind}: {view.caption}{more}. " + "; ".join(parts) + "."


# --- chart helpers --------------------------------------------------------------------------------


def shown_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Only shown (protected, non-hidden) counts go into a chart."""
    out = frame[frame["aantal"].notna()].copy()
    out["aantal"] = out["aantal"].astype(int)
    out["aandeel"] = out["aandeel"].astype(float)
    out["aandeel_tekst"] = [format_percent(v) if not np.isnan(v) else "" for v in out["aandeel"]]
    return out.reset_index(drop=True)


def _count_axis(title: str = "Aantal casussen") -> alt.X:
    return alt.X("aantal:Q", title=title, axis=alt.Axis(format=",d", tickMinStep=5))


def bar_chart(table: ProtectedTable, y_title: str, sort: str | list[str] | None = None,
         colour: str = PRIMARY) -> alt.Chart:
    label = f"{table.row_field}_label"
    rows = shown_rows(table.cells)[[label, "aantal", "aandeel_tekst"]]
    order = sort if sort is not None else list(table.cells[label])
    return (
        alt.Chart(rows, width=WIDTH)
        .mark_bar(color=colour)
        .encode(
            y=alt.Y(f"{label}:N", sort=order, title=y_title),
            x=_count_axis(),
            tooltip=[alt.Tooltip(f"{label}:N", title=y_title),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                     alt.Tooltip("aandeel_tekst:N", title="Aandeel")],
        )
    )


def _one_way(key: str, counts: pd.DataFrame, field_name: str, total: int,
             rules: DisclosureParams, title: str, header: str, kind: str = "partition",
             sort: str | list[str] | None = None) -> Figure:
    table = protect_one_way(key, counts, field_name, total, rules, kind=kind)
    view = one_way_view(table, title, header)
    return Figure(key, title, describe("Staafdiagram", view), bar_chart(table, header, sort), view, table)


# --- 1. cases in the period -----------------------------------------------------------------------


def period_totals(cases: pd.DataFrame, period_end: dt.date,
                  rules: DisclosureParams) -> dict[str, Total]:
    """Registered, closed and still open at the end, protected as one table (the book's key
    numbers and the yearly trend both publish exactly these)."""
    counts = analysis.period_counts(cases, period_end)
    table = protect_one_way(
        "periode", pd.DataFrame({"status": ["afgesloten", "open_einde_periode"],
                                 "label": ["afgesloten", "open"],
                                 "aantal": [counts["afgesloten"], counts["open_einde_periode"]]}),
        "status", counts["aangemeld"], rules,
    )
    out = {"aangemeld": table.total}
    for _, row in table.cells.iterrows():
        out[row["status"]] = Total(None if pd.isna(row["aantal"]) else int(row["aantal"]),
                                   row["symbool"])
    return out


def key_numbers(cases: pd.DataFrame, period_end: dt.date, rules: DisclosureParams) -> dict[str, DutchText]:
    """Protected key numbers for the prose, formatted the Dutch way."""
    return {key: _text(total) for key, total in period_totals(cases, period_end, rules).items()}


def _text(total: Total) -> DutchText:
    return DutchText(format_count(total.value) if total.value is not None else total.symbol)


def share_text(figure: Figure, code: str, complement: bool = False) -> DutchText:
    """The protected share of one category of a figure's table, as Dutch text ("27%").

    ``complement``: the share of cases *not* in the category. Unknown when the count is hidden."""
    row = figure.table.cells.set_index(figure.table.row_field).loc[code]
    if pd.isna(row["aandeel"]):
        return DutchText("een onbekend deel")
    share = float(row["aandeel"])
    return DutchText(format_percent(1 - share if complement else share))


def largest_label(figure: Figure) -> DutchText:
    """The label of the category with the largest shown count (ties: first in table order)."""
    cells = figure.table.cells.dropna(subset=["aantal"])
    if cells.empty:
        return DutchText("onbekend")
    best = cells.loc[cells["aantal"].astype(int).idxmax()]
    return DutchText(str(best[f"{figure.table.row_field}_label"]).lower())


def flows(cases: pd.DataFrame, start: dt.date, end: dt.date, rules: DisclosureParams) -> Figure:
    """Instroom, uitstroom and open cases per month (or quarter when months are too small)."""
    frequency = analysis.choose_frequency(len(cases), start, end, rules.min_count)
    flow = analysis.flows(cases, start, end, frequency)
    frame = flow.frame
    series = {"instroom": "Aangemeld (instroom)", "uitstroom": "Afgesloten (uitstroom)",
              "open_einde": "Open aan het eind"}
    protected = protect_flows(frame["instroom"].tolist(), frame["uitstroom"].tolist(), len(cases),
                              rules)
    values = {"instroom": protected.inflow, "uitstroom": protected.outflow,
              "open_einde": protected.open_end}
    unit = "Maand" if frequency == "maand" else "Kwartaal"
    title = f"Instroom, uitstroom en open casussen per {unit.lower()}"
    columns = (unit, *series.values())
    rows = tuple(
        (label, tuple(_total_cell(values[c][i]) for c in series))
        for i, label in enumerate(frame["label"])
    )
    notes = (*table_notes(rules, protected.secondary),
             "Open aan het eind: casussen uit deze periode die aan het eind van de maand of het "
             "kwartaal nog liepen. Casussen die vóór de periode zijn aangemeld, zitten niet in "
             "de gegevens.")
    view = TableView("instroom-uitstroom", title, columns, rows, (), notes)
    long = pd.DataFrame(
        [{"label": label, "aantal": values[c][i].value, "reeks": series[c]}
         for c in series for i, label in enumerate(frame["label"]) if values[c][i].shown],
        columns=["label", "aantal", "reeks"],
    )
    order = list(frame["label"])
    chart = (
        alt.Chart(long, width=WIDTH + 80)
        .mark_line(point=True)
        .encode(
            x=alt.X("label:O", sort=order, title=unit, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("aantal:Q", title="Aantal casussen", axis=alt.Axis(format=",d")),
            color=alt.Color("reeks:N", title=None, sort=list(series.values()),
                            scale=alt.Scale(domain=list(series.values()), range=SERIES[:3]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("reeks:N", sort=list(series.values()), legend=None),
            tooltip=[alt.Tooltip("label:O", title=unit), alt.Tooltip("reeks:N", title="Reeks"),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d")],
        )
    )
    return Figure("instroom-uitstroom", title, describe("Lijndiagram", view), chart, view)


# --- 2. who registered ------------------------------------------------------------------------------


def registrants(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return _one_way("aanmelder", analysis.count_by(cases, "aanmelder"), "aanmelder", len(cases),
                    rules, "Casussen naar aanmelder", "Aanmelder")


def expert_teams(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    """Cases with a regional expert team involved, and cases handed back to one."""
    counts = pd.DataFrame({
        "expertteam": ["expertteam_betrokken", "teruggelegd_bij_expertteam"],
        "label": [schema.get_field("expertteam_betrokken").label,
                  schema.get_field("teruggelegd_bij_expertteam").label],
        "aantal": [analysis.count_true(cases, "expertteam_betrokken"),
                   analysis.count_true(cases, "teruggelegd_bij_expertteam")],
    })
    return _one_way("expertteam", counts, "expertteam", len(cases), rules,
                    "Casussen met een regionaal expertteam", "Regionaal expertteam", kind="has")


# --- 3. age and sex ---------------------------------------------------------------------------------


def age_by_sex(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    counts = analysis.count_by_pair(cases, "leeftijdsgroep", "geslacht")
    table = protect_two_way("leeftijd-geslacht", counts, "leeftijdsgroep", "geslacht", rules)
    title = "Casussen naar leeftijdsgroep en geslacht"
    rows = shown_rows(table.cells)
    sexes = schema.get_field("geslacht")
    sex_labels = [c.label for c in sexes.categories]
    chart = (
        alt.Chart(rows, width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y("leeftijdsgroep_label:N", title="Leeftijdsgroep",
                    sort=[g.label for g in schema.AGE_GROUPS]),
            yOffset=alt.YOffset("geslacht_label:N", sort=sex_labels),
            x=_count_axis(),
            color=alt.Color("geslacht_label:N", title="Geslacht", legend=alt.Legend(orient="bottom"),
                            sort=sex_labels,
                            scale=alt.Scale(domain=sex_labels,
                                            range=[SEX_COLOURS[c.code] for c in sexes.categories])),
            tooltip=[alt.Tooltip("leeftijdsgroep_label:N", title="Leeftijdsgroep"),
                     alt.Tooltip("geslacht_label:N", title="Geslacht"),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d")],
        )
    )
    view = cross_view(table, title, "Leeftijdsgroep")
    return Figure("leeftijd-geslacht", title, describe("Gegroepeerd staafdiagram", view), chart,
                  view, table)


# --- 4. problems per case and combinations ------------------------------------------------------------


def problem_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return _categories_per_case("aantal-problemen", cases, "problemen", rules,
                                "Casussen naar aantal problemen", "Aantal problemen")


def _categories_per_case(key: str, cases: pd.DataFrame, field_name: str, rules: DisclosureParams,
                         title: str, header: str, cap: int = analysis.PROBLEM_COUNT_CAP) -> Figure:
    counts = analysis.count_categories_per_case(cases, field_name, cap)
    return _one_way(key, counts, "aantal_categorieen", len(cases), rules, title, header)


def combinations(cases: pd.DataFrame, rules: DisclosureParams, size: int,
                 top: int = TOP_COMBINATIONS) -> Figure:
    """The most frequent combinations of ``size`` problems (cases that have at least these)."""
    counts = analysis.combinations(cases, "problemen", size)
    # Only the combinations that are published are protected (the rest never leaves).
    counts = counts[counts["aantal"] >= rules.min_count].head(top)
    table = protect_one_way(f"combinaties-{size}", counts, "combinatie", len(cases), rules,
                            kind="has")
    what = {2: "twee", 3: "drie"}.get(size, str(size))
    title = f"Meest voorkomende combinaties van {what} problemen"
    view = one_way_view(table, title, "Combinatie")
    view = TableView(view.key, view.caption, view.columns, view.rows, view.footer,
                     (*view.notes, f"De {top} combinaties met de meeste casussen; een casus met "
                      "meer problemen telt bij elke combinatie die hij heeft."))
    chart = bar_chart(table, "Combinatie", sort="-x")
    return Figure(table.key, title, describe("Staafdiagram", view), chart, view, table)


def heatmap(table: ProtectedTable, x_field: str, y_field: str, x_title: str, y_title: str,
             share_title: str) -> alt.LayerChart:
    """Shares as colour; hidden cells grey with an x (their data carry labels only)."""
    x, y = f"{x_field}_label", f"{y_field}_label"
    x_axis = alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=-30, labelLimit=200),
                   sort=list(table.column_totals[f"{table.column_field}_label"]
                             if x_field == table.column_field
                             else table.row_totals[f"{table.row_field}_label"]))
    y_axis = alt.Y(f"{y}:N", title=y_title,
                   sort=list(table.row_totals[f"{table.row_field}_label"]
                             if y_field == table.row_field
                             else table.column_totals[f"{table.column_field}_label"]))
    shown = shown_rows(table.cells)
    shown = shown[shown["aandeel"].notna()][[x, y, "aantal", "aandeel", "aandeel_tekst"]]
    hidden = table.cells[table.cells["symbool"] == "x"][[x, y]].assign(status="x")
    colour = (
        alt.Chart(shown).mark_rect().encode(
            x=x_axis, y=y_axis,
            color=alt.Color("aandeel:Q", title=share_title,
                            scale=alt.Scale(scheme="blues", domain=[0, 1]),
                            legend=alt.Legend(format=".0%")),
            tooltip=[alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:N", title=x_title),
                     alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
                     alt.Tooltip("aandeel_tekst:N", title=share_title)],
        )
    )
    secret = alt.Chart(hidden).encode(x=x_axis, y=y_axis)
    layers = [colour]
    if not hidden.empty:
        layers += [secret.mark_rect(color="#d9d9d9"),
                   secret.mark_text(color="#333333", fontSize=11).encode(text="status:N")]
    return alt.layer(*layers).properties(width=340)


# --- 5. problems by profile group ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemProfile:
    """Problems × profile group, and the two one-way tables that are its margins."""

    cross: Figure
    problems: Figure
    groups: Figure
    table: ProtectedTable


def _multi_by_group(key: str, cases: pd.DataFrame, multi_field: str, group_field: str,
                    rules: DisclosureParams, multi_on_rows: bool) -> ProtectedTable:
    """Cases with each category of a multi-valued field within each group of a categorical one,
    with both margins; shares are of the group."""
    counts = analysis.count_multi_by(cases, multi_field, group_field)
    multi = analysis.count_multi(cases, multi_field)["aantal"].tolist()
    groups = analysis.count_by(cases, group_field)["aantal"].tolist()
    if multi_on_rows:
        return protect_two_way(key, counts, multi_field, group_field, rules, row_kind="has",
                               row_margins=multi, column_margins=groups, total=len(cases),
                               share_of="column")
    return protect_two_way(key, counts, group_field, multi_field, rules, column_kind="has",
                           row_margins=groups, column_margins=multi, total=len(cases),
                           share_of="row")


def _margin_figure(table: ProtectedTable, margin: str, key: str, title: str, header: str,
                   sort: str | None = None) -> Figure:
    """A one-way figure of a two-way table's margin: the same protected numbers, never
    protected again on their own (that could hide them differently and undo the protection)."""
    field_name, kind, cells = (
        (table.row_field, table.row_kind, table.row_totals) if margin == "rows"
        else (table.column_field, table.column_kind, table.column_totals))
    one_way = ProtectedTable(key=key, row_field=field_name, cells=cells, total=table.total,
                             rules=table.rules, row_kind=kind, secondary=table.secondary)
    view = one_way_view(one_way, title, header)
    return Figure(key, title, describe("Staafdiagram", view), bar_chart(one_way, header, sort), view,
                  one_way)


def problems_by_profile(cases: pd.DataFrame, rules: DisclosureParams) -> ProblemProfile:
    table = _multi_by_group("problemen-profielgroep", cases, "problemen", "profielgroep", rules,
                            multi_on_rows=True)
    title = "Problemen per profielgroep"
    view = cross_view(table, title, "Probleem", total_column="Alle casussen",
                      total_row="Casussen in de groep")
    cross_chart = heatmap(table, "profielgroep", "problemen", "Profielgroep", "Probleem",
                       "Aandeel van de groep")
    cross = Figure("problemen-profielgroep", title, describe("Heatmap", view), cross_chart, view, table)
    problems_figure = _margin_figure(table, "rows", "problemen", "Casussen naar probleem",
                                     "Probleem", sort="-x")
    groups_figure = _margin_figure(table, "columns", "profielgroepen",
                                   "Casussen naar profielgroep", "Profielgroep")
    return ProblemProfile(cross, problems_figure, groups_figure, table)


# --- 6. regions and provinces --------------------------------------------------------------------------


@cache
def _topojson() -> dict:
    path = resources.files("olcc_report").joinpath("data/reference/jeugdregio_2025.topojson")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Regions:
    regions: Figure
    provinces: Figure


def regions(cases: pd.DataFrame, rules: DisclosureParams) -> Regions:
    region_counts = analysis.count_by(cases, "jeugdregio")
    province_counts = analysis.count_by(cases, "provincie")
    parent = {r.code: r.province_code for r in reference.regions()}
    region_table, province_table = protect_hierarchy(
        "jeugdregio", "provincie", region_counts, "jeugdregio", province_counts, "provincie",
        parent, len(cases), rules)
    title = "Casussen per jeugdregio"
    view = one_way_view(region_table, title, "Jeugdregio")
    view = TableView(view.key, view.caption, view.columns, view.rows, view.footer,
                     (*view.notes, "Jeugdregio's volgens de CBS-indeling 2025. Kaart: CBS / PDOK "
                      "(CBS Gebiedsindelingen), vereenvoudigd door cartomap."))
    cells = region_table.cells.copy()
    cells["status"] = [
        "geheim" if s == "x" else ("nihil" if s == "-" else "getoond") for s in cells["symbool"]
    ]
    cells["aantal_tekst"] = [
        "geheim" if s == "x" else format_count(v) for v, s in zip(cells["aantal"], cells["symbool"])
    ]
    lookup = cells[["jeugdregio", "jeugdregio_label", "status", "aantal_tekst"]].copy()
    lookup["aantal"] = cells["aantal"].astype(float)
    shapes = alt.InlineData(values=_topojson(),
                            format=alt.DataFormat(type="topojson", feature="jeugdregio_2025"))
    base = alt.Chart(shapes).transform_lookup(
        lookup="properties.statcode",
        from_=alt.LookupData(lookup, "jeugdregio",
                             ["jeugdregio_label", "aantal", "status", "aantal_tekst"]),
    ).properties(width=250, height=290).project(type="mercator")
    tooltip = [alt.Tooltip("jeugdregio_label:N", title="Jeugdregio"),
               alt.Tooltip("aantal_tekst:N", title="Aantal casussen")]
    shown_map = base.mark_geoshape(stroke="white", strokeWidth=0.6).encode(
        color=alt.Color("aantal:Q", title="Aantal casussen",
                        scale=alt.Scale(scheme="blues", domainMin=0),
                        legend=alt.Legend(format=",d", orient="bottom")),
        tooltip=tooltip,
    ).transform_filter("datum.status == 'getoond'")
    other_map = base.mark_geoshape(stroke="white", strokeWidth=0.6).encode(
        color=alt.Color("status:N", title=None,
                        scale=alt.Scale(domain=["geheim", "nihil"], range=["#bdbdbd", "#f2f2f2"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=tooltip,
    ).transform_filter("datum.status != 'getoond'")
    bars = bar_chart(region_table, "Jeugdregio", sort="-x").properties(width=200)
    chart = alt.hconcat(alt.layer(other_map, shown_map).resolve_scale(color="independent"), bars)
    region_figure = Figure("jeugdregio", title,
                           describe("Kaart en staafdiagram", view), chart, view, region_table)
    province_title = "Casussen per provincie"
    province_view = one_way_view(province_table, province_title, "Provincie")
    province_figure = Figure("provincie", province_title,
                             describe("Staafdiagram", province_view),
                             bar_chart(province_table, "Provincie", sort="-x"), province_view,
                             province_table)
    return Regions(region_figure, province_figure)


# --- 7. verstoringen -----------------------------------------------------------------------------------


def disruptions(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return _one_way("verstoringen", analysis.count_multi(cases, "verstoringen"), "verstoringen",
                    len(cases), rules, "Casussen naar soort verstoring", "Verstoring", kind="has")


def disruption_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    n = len(schema.get_field("verstoringen").categories)
    return _categories_per_case("aantal-verstoringen", cases, "verstoringen", rules,
                                "Casussen naar aantal verstoringen", "Aantal verstoringen", cap=n)


# --- 8. living situation and life domains ------------------------------------------------------------------


def living_situation(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return _one_way("woonsituatie", analysis.count_by(cases, "woonsituatie"), "woonsituatie",
                    len(cases), rules, "Casussen naar woonsituatie", "Woonsituatie")


def life_domain_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    n = len(schema.get_field("leefgebieden").categories)
    return _categories_per_case("aantal-leefgebieden", cases, "leefgebieden", rules,
                                "Casussen naar aantal leefgebieden met problemen",
                                "Aantal leefgebieden", cap=min(n, 6))


# --- 9. asked vs done -----------------------------------------------------------------------------------


def asked_vs_done(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    # rows: the question (one per case); columns: what the team did (several per case)
    table = _multi_by_group("hulpvraag-inzet", cases, "inzet", "hulpvraag", rules,
                            multi_on_rows=False)
    title = "Wat werd gevraagd en wat deed het team"
    view = cross_view(table, title, "Hulpvraag", total_row="Alle casussen",
                      total_column="Casussen met deze vraag")
    chart = heatmap(table, "inzet", "hulpvraag", "Inzet van het team", "Hulpvraag",
                     "Aandeel van de vraag")
    return Figure("hulpvraag-inzet", title, describe("Heatmap", view), chart, view, table)


def outcomes(cases: pd.DataFrame, period_end: dt.date, rules: DisclosureParams) -> Figure:
    closed = cases[cases["afsluitdatum"].notna()]
    return _one_way("uitkomst", analysis.count_by(closed, "uitkomst"), "uitkomst", len(closed),
                    rules, "Afgesloten casussen naar uitkomst", "Uitkomst")


# --- 10. time to closure ---------------------------------------------------------------------------------

MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Duration:
    curve: Figure
    quartiles: Figure
    median_weeks: DutchText


def duration(cases: pd.DataFrame, period_end: dt.date, rules: DisclosureParams) -> Duration:
    """Kaplan–Meier: share of cases still open after whole months; quartiles in weeks.

    Published only for groups of at least ``min_count`` cases (overall and per profile group)
    and only while at least ``min_count`` cases are at risk (:func:`protect_survival`)."""
    curves = analysis.survival_by(cases, period_end, "profielgroep")
    group_labels = {"totaal": "Alle casussen", **schema.labels("profielgroep")}
    summaries = {group_labels[code]: protect_survival(d.days, curve, rules, MONTHS_SHOWN)
                 for code, (d, curve) in curves.items()}
    groups_shown = [label for label, s in summaries.items() if s.months]
    frame = pd.DataFrame(
        [{"groep": label, "maand": m, "aandeel_open": share}
         for label in groups_shown for m, share in summaries[label].months.items()],
        columns=["groep", "maand", "aandeel_open"],
    )
    last_month = max((m for s in summaries.values() for m in s.months), default=0)
    month_rows = tuple(
        (str(m), tuple(Cell.percent(summaries[g].months[m]) if m in summaries[g].months
                       else Cell(None, ".", "percent") for g in groups_shown))
        for m in range(last_month + 1)
    )
    quartile_rows = tuple(
        (label, tuple(Cell(q.value, q.symbol, "number") for q in s.quartiles))
        for label, s in summaries.items()
    )
    overall = summaries["Alle casussen"].quartiles[1]
    median = DutchText(format_count(overall.value) if overall.value is not None else "onbekend")
    title = "Doorlooptijd: aandeel casussen dat nog loopt, naar maanden sinds aanmelding"
    notes = (
        "Kaplan–Meier-schatting: casussen die aan het eind van de periode nog liepen, tellen mee "
        "tot dat moment (gecensureerd). Alleen groepen van ten minste "
        f"{rules.min_count} casussen, en alleen zolang nog ten minste {rules.min_count} casussen "
        "liepen; hele maanden, percentages afgerond.",
        ". = gegevens ontbreken (te weinig casussen die zo lang liepen).",
    )
    view = TableView("doorlooptijd", title, ("Maanden na aanmelding", *groups_shown),
                     month_rows, (), notes)
    chart = (
        alt.Chart(frame, width=WIDTH)
        .mark_line(interpolate="step-after", point=False)
        .encode(
            x=alt.X("maand:Q", title="Maanden na aanmelding", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("aandeel_open:Q", title="Aandeel dat nog loopt",
                    axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("groep:N", title=None, sort=groups_shown,
                            scale=alt.Scale(domain=groups_shown,
                                            range=SERIES[:len(groups_shown)]),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
            strokeDash=alt.StrokeDash("groep:N", sort=groups_shown, legend=None),
            tooltip=[alt.Tooltip("groep:N", title="Groep"),
                     alt.Tooltip("maand:Q", title="Maand"),
                     alt.Tooltip("aandeel_open:Q", title="Loopt nog", format=".0%")],
        )
    )
    curve_figure = Figure("doorlooptijd", title, describe("Lijndiagram", view), chart, view)
    q_title = "Doorlooptijd in weken: kwartielen"
    q_view = TableView(
        "doorlooptijd-kwartielen", q_title,
        ("Groep", "25% afgesloten na (weken)", "Mediaan (weken)", "75% afgesloten na (weken)"),
        quartile_rows, (),
        ("Weken afgerond op hele weken.",
         f"x = geheim: de groep telt minder dan {rules.min_count} casussen, of op dat moment "
         f"liepen er minder dan {rules.min_count}.",
         ". = niet bereikt binnen de periode."),
    )
    return Duration(curve_figure, Figure("doorlooptijd-kwartielen", q_title,
                                         describe("Tabel", q_view), None, q_view), median)


def chapter(cases: pd.DataFrame, start: dt.date, end: dt.date,
            rules: DisclosureParams) -> list[Figure]:
    """Every figure of the quantitative chapters, in book order (tests and benchmarks use this;
    the notebooks call the same functions one by one, next to their text)."""
    profile = problems_by_profile(cases, rules)
    region = regions(cases, rules)
    times = duration(cases, end, rules)
    return [
        flows(cases, start, end, rules), registrants(cases, rules), expert_teams(cases, rules),
        age_by_sex(cases, rules), profile.problems, problem_counts(cases, rules),
        combinations(cases, rules, 2), combinations(cases, rules, 3), profile.groups,
        profile.cross, region.regions, region.provinces, disruptions(cases, rules),
        disruption_counts(cases, rules), living_situation(cases, rules),
        life_domain_counts(cases, rules), asked_vs_done(cases, rules),
        outcomes(cases, end, rules), times.curve, times.quartiles,
    ]
