"""Figures of *Welke vragen zijn gesteld?*: the cases of the period, who registered them, age
and sex, problems and profile groups, verstoringen, living situation (regions: :mod:`.regions`).

Every function takes the period's :class:`~olcc_report.figures.release.Release` (all its tables,
protected as one model) and builds the chart, the table view and the description from the
protected numbers.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from olcc_report.disclosure import Total, table_notes
from olcc_report.figures.base import (
    SERIES,
    SEX_COLOURS,
    WIDTH,
    Figure,
    count_axis,
    cross_view,
    describe,
    release_figure,
    shown_rows,
    total_cell,
    with_base,
)
from olcc_report.figures.release import Release
from olcc_report.figures.render import TableView
from olcc_report.figures.statements import cases_sentences
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText


def period_totals(release: Release) -> dict[str, Total]:
    """Registered, closed and still open at the end (the book's key numbers and the yearly
    trend both publish exactly these)."""
    return release.key_numbers()


def case_sentences(release: Release) -> dict[str, DutchText]:
    """The key numbers as sentences for the prose (glue names ``aangemeld_zin``: how many were
    registered; ``casussen_zin``: that, and how many were closed and still open), each true in
    every state of its numbers."""
    totals = period_totals(release)
    registered, rest = cases_sentences(
        totals["aangemeld"],
        totals["afgesloten"],
        totals["open_einde_periode"],
        release.rules.rounding_base,
    )
    return {"aangemeld_zin": registered, "casussen_zin": DutchText(f"{registered} {rest}")}


def flows(release: Release) -> Figure:
    """Instroom, uitstroom and open cases per month (or quarter when months are too small)."""
    rules, flow = release.rules, release.flow
    frequency, frame = flow.frequency, flow.frame
    series = {
        "instroom": "Aangemeld (instroom)",
        "uitstroom": "Afgesloten (uitstroom)",
        "open_einde": "Open aan het eind",
    }
    values = release.flows()
    unit = "Maand" if frequency == "maand" else "Kwartaal"
    title = f"Instroom, uitstroom en open casussen per {unit.lower()}"
    columns = (unit, *series.values())
    rows = tuple(
        (label, tuple(total_cell(values[c][i]) for c in series))
        for i, label in enumerate(frame["label"])
    )
    notes = (
        *table_notes(rules, release.secondary),
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


def registrants(release: Release) -> Figure:
    return release_figure(release, "aanmelder", "Casussen naar aanmelder", "Aanmelder")


def expert_teams(release: Release) -> Figure:
    """Cases with a regional expert team involved, and cases handed back to one."""
    figure = release_figure(
        release, "expertteam", "Casussen met een regionaal expertteam", "Regionaal expertteam"
    )
    return with_base(figure, "alle casussen, afgesloten en nog lopend")


def age_by_sex(release: Release) -> Figure:
    table = release.table("leeftijd-geslacht")
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


def disruptions(release: Release) -> Figure:
    return release_figure(release, "verstoringen", "Casussen naar soort verstoring", "Verstoring")


def disruption_counts(release: Release) -> Figure:
    return release_figure(
        release,
        "aantal-verstoringen",
        "Casussen naar aantal verstoringen",
        "Aantal verstoringen",
    )


def living_situation(release: Release) -> Figure:
    return release_figure(release, "woonsituatie", "Casussen naar woonsituatie", "Woonsituatie")


def life_domain_counts(release: Release) -> Figure:
    return release_figure(
        release,
        "aantal-leefgebieden",
        "Casussen naar aantal leefgebieden met problemen",
        "Aantal leefgebieden",
    )
