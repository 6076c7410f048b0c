"""Figures of *Welke vragen zijn gesteld?*: the cases of the period, who registered them, age
and sex, problems and profile groups, verstoringen, living situation (regions: :mod:`.regions`).

Every function takes the typed case frame, computes with :mod:`olcc_report.analysis`, protects
with :mod:`olcc_report.disclosure` and only then builds the chart, the table view and the
description from the protected numbers.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from olcc_report.analysis import counts as analysis
from olcc_report.disclosure import (
    Total,
    protect_flows,
    protect_one_way,
    protect_two_way,
    table_notes,
)
from olcc_report.figures.base import (
    SERIES,
    SEX_COLOURS,
    WIDTH,
    Figure,
    count_axis,
    cross_view,
    describe,
    one_way_figure,
    shown_rows,
    total_cell,
)
from olcc_report.figures.problems import categories_per_case
from olcc_report.figures.render import TableView
from olcc_report.intake.params import DisclosureParams
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText, format_count


def period_totals(
    cases: pd.DataFrame, period_end: dt.date, rules: DisclosureParams
) -> dict[str, Total]:
    """Registered, closed and still open at the end, protected as one table (the book's key
    numbers and the yearly trend both publish exactly these)."""
    counts = analysis.period_counts(cases, period_end)
    table = protect_one_way(
        "periode",
        pd.DataFrame(
            {
                "status": ["afgesloten", "open_einde_periode"],
                "label": ["afgesloten", "open"],
                "aantal": [counts["afgesloten"], counts["open_einde_periode"]],
            }
        ),
        "status",
        counts["aangemeld"],
        rules,
    )
    out = {"aangemeld": table.total}
    for _, row in table.cells.iterrows():
        out[row["status"]] = Total(
            None if pd.isna(row["aantal"]) else int(row["aantal"]), row["symbool"]
        )
    return out


def key_numbers(
    cases: pd.DataFrame, period_end: dt.date, rules: DisclosureParams
) -> dict[str, DutchText]:
    """Protected key numbers for the prose, formatted the Dutch way."""
    return {key: _text(total) for key, total in period_totals(cases, period_end, rules).items()}


def _text(total: Total) -> DutchText:
    return DutchText(format_count(total.value) if total.value is not None else total.symbol)


def flows(cases: pd.DataFrame, start: dt.date, end: dt.date, rules: DisclosureParams) -> Figure:
    """Instroom, uitstroom and open cases per month (or quarter when months are too small)."""
    frequency = analysis.choose_frequency(len(cases), start, end, rules.min_count)
    flow = analysis.flows(cases, start, end, frequency)
    frame = flow.frame
    series = {
        "instroom": "Aangemeld (instroom)",
        "uitstroom": "Afgesloten (uitstroom)",
        "open_einde": "Open aan het eind",
    }
    protected = protect_flows(
        frame["instroom"].tolist(), frame["uitstroom"].tolist(), len(cases), rules
    )
    values = {
        "instroom": protected.inflow,
        "uitstroom": protected.outflow,
        "open_einde": protected.open_end,
    }
    unit = "Maand" if frequency == "maand" else "Kwartaal"
    title = f"Instroom, uitstroom en open casussen per {unit.lower()}"
    columns = (unit, *series.values())
    rows = tuple(
        (label, tuple(total_cell(values[c][i]) for c in series))
        for i, label in enumerate(frame["label"])
    )
    notes = (
        *table_notes(rules, protected.secondary),
        "Open aan het eind: casussen uit deze periode die aan het eind van de maand of het "
        "kwartaal nog liepen. Casussen die vóór de periode zijn aangemeld, zitten niet in "
        "de gegevens.",
    )
    view = TableView("instroom-uitstroom", title, columns, rows, (), notes)
    long = pd.DataFrame(
        [
            {"label": label, "aantal": values[c][i].value, "reeks": series[c]}
            for c in series
            for i, label in enumerate(frame["label"])
            if values[c][i].shown
        ],
        columns=["label", "aantal", "reeks"],
    )
    order = list(frame["label"])
    chart = (
        alt.Chart(long, width=WIDTH + 80)
        .mark_line(point=True)
        .encode(
            x=alt.X("label:O", sort=order, title=unit, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("aantal:Q", title="Aantal casussen", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "reeks:N",
                title=None,
                sort=list(series.values()),
                scale=alt.Scale(domain=list(series.values()), range=SERIES[:3]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("reeks:N", sort=list(series.values()), legend=None),
            tooltip=[
                alt.Tooltip("label:O", title=unit),
                alt.Tooltip("reeks:N", title="Reeks"),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
            ],
        )
    )
    return Figure("instroom-uitstroom", title, describe("Lijndiagram", view), chart, view)


def registrants(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return one_way_figure(
        "aanmelder",
        analysis.count_by(cases, "aanmelder"),
        "aanmelder",
        len(cases),
        rules,
        "Casussen naar aanmelder",
        "Aanmelder",
    )


def expert_teams(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    """Cases with a regional expert team involved, and cases handed back to one."""
    counts = pd.DataFrame(
        {
            "expertteam": ["expertteam_betrokken", "teruggelegd_bij_expertteam"],
            "label": [
                schema.get_field("expertteam_betrokken").label,
                schema.get_field("teruggelegd_bij_expertteam").label,
            ],
            "aantal": [
                analysis.count_true(cases, "expertteam_betrokken"),
                analysis.count_true(cases, "teruggelegd_bij_expertteam"),
            ],
        }
    )
    return one_way_figure(
        "expertteam",
        counts,
        "expertteam",
        len(cases),
        rules,
        "Casussen met een regionaal expertteam",
        "Regionaal expertteam",
        kind="has",
    )


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
            y=alt.Y(
                "leeftijdsgroep_label:N",
                title="Leeftijdsgroep",
                sort=[g.label for g in schema.AGE_GROUPS],
            ),
            yOffset=alt.YOffset("geslacht_label:N", sort=sex_labels),
            x=count_axis(),
            color=alt.Color(
                "geslacht_label:N",
                title="Geslacht",
                legend=alt.Legend(orient="bottom"),
                sort=sex_labels,
                scale=alt.Scale(
                    domain=sex_labels, range=[SEX_COLOURS[c.code] for c in sexes.categories]
                ),
            ),
            tooltip=[
                alt.Tooltip("leeftijdsgroep_label:N", title="Leeftijdsgroep"),
                alt.Tooltip("geslacht_label:N", title="Geslacht"),
                alt.Tooltip("aantal:Q", title="Aantal", format=",d"),
            ],
        )
    )
    view = cross_view(table, title, "Leeftijdsgroep")
    return Figure(
        "leeftijd-geslacht", title, describe("Gegroepeerd staafdiagram", view), chart, view, table
    )


def disruptions(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return one_way_figure(
        "verstoringen",
        analysis.count_multi(cases, "verstoringen"),
        "verstoringen",
        len(cases),
        rules,
        "Casussen naar soort verstoring",
        "Verstoring",
        kind="has",
    )


def disruption_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    n = len(schema.get_field("verstoringen").categories)
    return categories_per_case(
        "aantal-verstoringen",
        cases,
        "verstoringen",
        rules,
        "Casussen naar aantal verstoringen",
        "Aantal verstoringen",
        cap=n,
    )


def living_situation(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return one_way_figure(
        "woonsituatie",
        analysis.count_by(cases, "woonsituatie"),
        "woonsituatie",
        len(cases),
        rules,
        "Casussen naar woonsituatie",
        "Woonsituatie",
    )


def life_domain_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    n = len(schema.get_field("leefgebieden").categories)
    return categories_per_case(
        "aantal-leefgebieden",
        cases,
        "leefgebieden",
        rules,
        "Casussen naar aantal leefgebieden met problemen",
        "Aantal leefgebieden",
        cap=min(n, 6),
    )
