"""Figures of *Wat we deden met de vragen*: the question asked × what the team did, outcomes,
and time to closure (Kaplan–Meier curve and quartiles)."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.figures.base import (
    SERIES,
    WIDTH,
    Figure,
    cross_view,
    describe,
    heatmap,
    not_registered_figure,
    release_figure,
    with_base,
)
from olcc_report.figures.release import Release
from olcc_report.figures.render import Cell, TableView
from olcc_report.figures.statements import median_sentence
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText
from olcc_report.records.vocabulary import MISSING_SYMBOL, SECRET_SYMBOL, SYMBOL_WORDS


def asked_vs_done(release: Release) -> Figure:
    # rows: the question (one per case); columns: what the team did (several per case)
    key, title = "hulpvraag-inzet", "Wat werd gevraagd en wat deed het team"
    if missing := release.not_registered(key):
        return not_registered_figure(key, title, missing)
    table = release.table(key)
    view = cross_view(
        table, title, "Hulpvraag", total_row="Alle casussen", total_column="Casussen met deze vraag"
    )
    chart = heatmap(
        table, "inzet", "hulpvraag", "Inzet van het team", "Hulpvraag", "Aandeel van de vraag"
    )
    return Figure("hulpvraag-inzet", title, describe("Kleurentabel", view), chart, view, table)


def outcomes(release: Release) -> Figure:
    figure = release_figure(release, "uitkomst", "Afgesloten casussen naar uitkomst", "Uitkomst")
    return with_base(figure, "de afgesloten casussen")


@dataclass(frozen=True)
class Duration:
    curve: Figure
    quartiles: Figure
    median_sentence: DutchText


def duration(release: Release) -> Duration:
    """Kaplan–Meier: share of cases still open after whole months; quartiles in weeks.

    Published only for groups of at least ``min_count`` cases (overall and per profile group),
    only while at least ``min_count`` cases are at risk, and only at months between which at
    least ``min_count`` cases were closed (:func:`protect_survival`)."""
    rules = release.rules
    group_labels = {"totaal": "Alle casussen", **schema.labels("profielgroep")}
    summaries = {group_labels[code]: s for code, s in release.survival.items()}
    groups_shown = [label for label, s in summaries.items() if s.months]
    # A secret month is a gap in its line, not a straight line across it: each run of shown
    # months is drawn as its own piece (``deel``).
    records = []
    for label in groups_shown:
        summary, piece = summaries[label], 0
        for m in sorted({*summary.months, *summary.hidden}):
            if m in summary.hidden:
                piece += 1
                continue
            records.append(
                {"groep": label, "deel": piece, "maand": m, "aandeel_open": summary.months[m]}
            )
    frame = pd.DataFrame(records, columns=["groep", "deel", "maand", "aandeel_open"])
    last_month = max((m for s in summaries.values() for m in (*s.months, *s.hidden)), default=0)

    def month_cell(summary, month: int) -> Cell:
        if month in summary.months:
            return Cell.percent(summary.months[month])
        if month in summary.hidden:
            return Cell(None, SECRET_SYMBOL, "percent")
        return Cell(None, MISSING_SYMBOL, "percent")

    month_rows = tuple(
        (str(m), tuple(month_cell(summaries[g], m) for g in groups_shown))
        for m in range(last_month + 1)
    )
    quartile_rows = tuple(
        (label, tuple(Cell(q.value, q.symbol, "number") for q in s.quartiles))
        for label, s in summaries.items()
    )
    overall = summaries["Alle casussen"].quartiles[1]
    median = median_sentence(overall)
    title = "Doorlooptijd: aandeel casussen dat nog loopt, naar maanden sinds aanmelding"
    notes = (
        "Kaplan–Meier-schatting: casussen die aan het eind van de periode nog liepen, tellen mee "
        "tot dat moment (gecensureerd). Alleen groepen waarvan het aantal casussen getoond "
        f"wordt, en alleen zolang nog ten minste {rules.min_count} casussen liepen; hele "
        "maanden, percentages afgerond.",
        f"{SECRET_SYMBOL} = {SYMBOL_WORDS[SECRET_SYMBOL]}: een maand wordt alleen getoond als "
        "tussen die maand en elk getoond punt van de curve ernaast (een maand of een kwartiel uit "
        f"de tabel met kwartielen) ten minste {rules.min_count} casussen zijn afgesloten, "
        "zodat uit de stappen van de lijn niet is af te lezen dat enkele casussen zijn afgesloten. "
        "De lijn is onderbroken bij een geheime maand.",
        f"{MISSING_SYMBOL} = {SYMBOL_WORDS[MISSING_SYMBOL]} (te weinig casussen die zo lang liepen).",
    )
    view = TableView(
        "doorlooptijd", title, ("Maanden na aanmelding", *groups_shown), month_rows, (), notes
    )
    chart = (
        alt.Chart(frame, width=WIDTH)
        .mark_line(point=True)
        .encode(
            x=alt.X("maand:Q", title="Maanden na aanmelding", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(
                "aandeel_open:Q",
                title="Aandeel dat nog loopt",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "groep:N",
                title=None,
                sort=groups_shown,
                scale=alt.Scale(domain=groups_shown, range=SERIES[: len(groups_shown)]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("groep:N", sort=groups_shown, legend=None),
            detail="deel:N",
            tooltip=[
                alt.Tooltip("groep:N", title="Groep"),
                alt.Tooltip("maand:Q", title="Maand"),
                alt.Tooltip("aandeel_open:Q", title="Loopt nog", format=".0%"),
            ],
        )
    )
    curve_figure = Figure("doorlooptijd", title, describe("Lijndiagram", view), chart, view)
    q_title = "Doorlooptijd in weken: kwartielen"
    q_view = TableView(
        "doorlooptijd-kwartielen",
        q_title,
        ("Groep", "25% afgesloten na (weken)", "Mediaan (weken)", "75% afgesloten na (weken)"),
        quartile_rows,
        (),
        (
            "Weken afgerond op hele weken.",
            f"{SECRET_SYMBOL} = {SYMBOL_WORDS[SECRET_SYMBOL]}: het aantal casussen van de groep "
            f"is geheim, op dat moment liepen er minder dan {rules.min_count}, of tussen het "
            "kwartiel en een getoond punt van de curve ernaast (een maand of een ander kwartiel) "
            f"zijn minder dan {rules.min_count} casussen afgesloten.",
            f"{MISSING_SYMBOL} = niet bereikt binnen de periode.",
        ),
    )
    return Duration(
        curve_figure,
        Figure("doorlooptijd-kwartielen", q_title, describe("Tabel", q_view), None, q_view),
        median,
    )
