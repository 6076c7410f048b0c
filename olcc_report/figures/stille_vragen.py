"""The stille-vragen figure: registrations per region against the national rate, as a funnel
plot, computed from the published (protected) region counts only."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.analysis import funnel
from olcc_report.disclosure import (
    ProtectedTable,
    rounding_interval,
)
from olcc_report.figures.base import (
    WIDTH,
    Figure,
    describe,
)
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import DisclosureParams
from olcc_report.records.formatting import DutchText, format_count
from olcc_report.records.vocabulary import NIL_SYMBOL, RATE_PER, SECRET_SYMBOL

PER_TEXT = format_count(RATE_PER)


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


POPULATION_MISSING = (
    "Voor deze periode is geen aantal jeugdigen per jeugdregio opgegeven. Zonder dat aantal is een "
    "aanmeldcijfer per regio niet te berekenen, en dit hoofdstuk schat het niet. Geef in de params "
    "een bestand met jeugdigen per regio en de bron op (`population`)."
)
