"""Figures across periods (rode draden): each year's numbers are taken from that year's own
:class:`~olcc_report.figures.release.Release`, exactly as that year's book publishes them, and
only then put side by side (a year's numbers are never protected a second time)."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.disclosure import table_notes
from olcc_report.figures.base import SERIES, WIDTH, Figure, describe, not_registered_figure
from olcc_report.figures.release import Release
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import DisclosureParams
from olcc_report.records.vocabulary import (
    MISSING_SYMBOL,
    PLAN_STATUS_LABELS,
    PLAN_STATUS_UNKNOWN,
    PLAN_STATUS_UNKNOWN_LABEL,
    PLAN_STATUSES,
    SYMBOL_WORDS,
)


@dataclass(frozen=True)
class Year:
    label: str
    release: Release

    @property
    def rules(self) -> DisclosureParams:
        return self.release.rules


def _line(points: pd.DataFrame, y_title: str, percent: bool, order: list[str]) -> alt.Chart:
    axis = alt.Axis(format=".0%") if percent else alt.Axis(format=",d")
    return (
        alt.Chart(points, width=WIDTH)
        .mark_line(point=True)
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "waarde:Q",
                title=y_title,
                axis=axis,
                scale=alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=True),
            ),
            color=alt.Color(
                "reeks:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=order, range=(SERIES * 3)[: len(order)]),
            ),
            strokeDash=alt.StrokeDash("reeks:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("reeks:N", title="Reeks"),
                alt.Tooltip("waarde:Q", title=y_title, format=".0%" if percent else ",d"),
            ],
        )
    )


def _figure(
    key: str,
    title: str,
    header: str,
    years: list[Year],
    rows: list[tuple[str, list[Cell]]],
    footer: tuple,
    notes: tuple,
    y_title: str,
    percent: bool,
    kind: str = "Lijndiagram",
) -> Figure:
    view = TableView(
        key,
        title,
        (header, *(y.label for y in years)),
        tuple((label, tuple(cells)) for label, cells in rows),
        footer,
        notes,
    )
    points = pd.DataFrame(
        [
            {"jaar": y.label, "reeks": label, "waarde": c.value}
            for label, cells in rows
            for y, c in zip(years, cells, strict=True)
            if not c.missing
        ],
        columns=["jaar", "reeks", "waarde"],
    )
    chart = _line(points, y_title, percent, [label for label, _ in rows])
    return Figure(key, title, describe(kind, view), chart, view)


def case_numbers(years: list[Year]) -> Figure:
    """Registered, closed and still open at the end, per year."""
    series = {
        "aangemeld": "Aangemeld",
        "afgesloten": "Afgesloten in het jaar",
        "open_einde_periode": "Open aan het eind van het jaar",
    }
    cells: dict[str, list[Cell]] = {k: [] for k in series}
    for year in years:
        for key, total in year.release.key_numbers().items():
            cells[key].append(Cell.count(total.value, total.symbol))
    rows = [(series[k], cells[k]) for k in series]
    return _figure(
        "trend-casussen",
        "Casussen per jaar",
        "",
        years,
        rows,
        (),
        table_notes(years[-1].rules),
        "Aantal casussen",
        percent=False,
    )


def shares_per_year(years: list[Year], source: str, key: str, title: str, header: str) -> Figure:
    """The share of each category per year, from each year's published table ``source``; a
    year that did not register what the table counts is ``.`` (gegevens ontbreken)."""
    per_year = [
        None if y.release.not_registered(source) else y.release.table(source) for y in years
    ]
    latest = next((t for t in reversed(per_year) if t is not None), None)
    if latest is None:
        return not_registered_figure(key, title, years[-1].release.not_registered(source))
    field_name, kind = latest.row_field, latest.row_kind
    missing = Cell.percent(None, MISSING_SYMBOL)
    rows = []
    for code, label in zip(
        latest.cells[field_name], latest.cells[f"{field_name}_label"], strict=True
    ):
        cells = []
        for table in per_year:
            if table is None:
                cells.append(missing)
                continue
            row = table.cells.set_index(field_name).loc[code]
            cells.append(Cell.of(row, "percent"))
        rows.append((label, cells))
    footer = (
        (
            "Casussen",
            tuple(
                Cell.count(None, MISSING_SYMBOL)
                if t is None
                else Cell.count(t.total.value, t.total.symbol)
                for t in per_year
            ),
        ),
    )
    unregistered = [y.label for y, t in zip(years, per_year, strict=True) if t is None]
    notes = (
        *table_notes(years[-1].rules, has_counts=kind == "has"),
        "Per jaar dezelfde cijfers als in de rapportage van dat jaar; het aandeel is van de "
        "(afgeronde) casussen van dat jaar.",
        *(
            [
                f"{MISSING_SYMBOL} = {SYMBOL_WORDS[MISSING_SYMBOL]}: in "
                f"{', '.join(unregistered)} niet geregistreerd."
            ]
            if unregistered
            else []
        ),
    )
    return _figure(key, title, header, years, rows, footer, notes, "Aandeel casussen", percent=True)


def duration_per_year(years: list[Year]) -> Figure:
    """Quartiles of the time to closure (Kaplan–Meier, whole weeks) per year."""
    labels = ("25% afgesloten na (weken)", "Mediaan (weken)", "75% afgesloten na (weken)")
    columns: list[list[Cell]] = [[], [], []]
    for year in years:
        summary = year.release.survival["totaal"]
        for i, q in enumerate(summary.quartiles):
            columns[i].append(Cell(q.value, q.symbol, "number"))
    rows = list(zip(labels, columns, strict=True))
    notes = (
        "Kaplan–Meier-schatting; casussen die aan het eind van het jaar nog liepen, tellen mee "
        "tot dat moment. Hele weken.",
        f"{MISSING_SYMBOL} = niet bereikt binnen het jaar.",
    )
    figure = _figure(
        "trend-doorlooptijd",
        "Doorlooptijd per jaar",
        "",
        years,
        rows,
        (),
        notes,
        "Weken",
        percent=False,
    )
    return figure


def plan_table(overview: pd.DataFrame) -> Figure:
    """How many points of each year's plan reached each status (no case counts: no protection)."""
    statuses = [*PLAN_STATUSES, PLAN_STATUS_UNKNOWN]
    header = (
        "Plan van",
        "Punten",
        *(PLAN_STATUS_LABELS.get(s, PLAN_STATUS_UNKNOWN_LABEL) for s in statuses),
    )
    rows = tuple(
        (
            str(int(r["jaar"]) - 1),
            (
                Cell(int(r["punten"]), "", "number"),
                *(Cell(int(r.get(s, 0)), "", "number") for s in statuses),
            ),
        )
        for _, r in overview.iterrows()
    )
    title = "Het achtpuntenplan door de jaren heen"
    view = TableView(
        "trend-plannen",
        title,
        header,
        rows,
        (),
        (
            "Per plan: hoe de punten er een jaar later voor stonden (zie het hoofdstuk "
            "Achtpuntenplan van elk jaar).",
        ),
    )
    return Figure("trend-plannen", title, describe("Tabel", view), None, view)
