"""The stille-vragen figure: registrations per region against what the national rates per CBS
age band lead one to expect (indirect standardisation), as a funnel plot of O/E against E with
exact Poisson limits, widened when the regions are overdispersed. Computed from the published
(protected) counts only: the region table and the national counts per age band."""

from __future__ import annotations

from dataclasses import astuple, dataclass

import altair as alt
import numpy as np
import pandas as pd

from olcc_report.analysis import funnel
from olcc_report.disclosure import ProtectedTable, rounding_interval
from olcc_report.figures.base import GREY, WIDTH, Figure, describe
from olcc_report.figures.release import Release
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import DisclosureParams
from olcc_report.intake.population import Population
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText, format_count, format_fixed, stable
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    FLOAT_DECIMALS,
    NIL_SYMBOL,
    NOT_APPLICABLE,
    SECRET_SYMBOL,
)

TITLE = "Aanmeldingen per jeugdregio tegen het verwachte aantal"
KEY = "stille-vragen"
NATIONAL_ROW = "Nederland,"  # the footer rows: "Nederland, 0 t/m 14 jaar", …
COLOURS = {
    "duidelijk_minder": "#882255",
    "minder": "#c1502e",
    "binnen": "#1f5a96",
    "meer": "#117733",
    "duidelijk_meer": "#0b4d1e",
    "ongetoetst": GREY,
}
SHAPES = {
    "duidelijk_minder": "triangle-down",
    "minder": "triangle-down",
    "binnen": "circle",
    "meer": "triangle-up",
    "duidelijk_meer": "triangle-up",
    "ongetoetst": "circle",
}


@dataclass(frozen=True)
class StilleVragen:
    figure: Figure
    candidates: DutchText  # a sentence naming the regions clearly below expectation, or none
    method: DutchText  # what the overdispersion test found and which limits judge the regions


def _band_counts(bands: ProtectedTable) -> dict[str, int] | None:
    """The published national count per CBS age band, or None when one is hidden."""
    out = {}
    for row in bands.cells.itertuples():
        if row.symbool in (SECRET_SYMBOL, AT_LEAST_SYMBOL):
            return None
        out[row.leeftijdsband] = 0 if row.symbool == NIL_SYMBOL else int(row.aantal)
    return out


def _interval(row, rules: DisclosureParams) -> tuple[int, int]:
    """What a published count says about the true one: nihil is 0; a shown count lies within
    its rounding interval and is at least ``min_count``."""
    if row.symbool == NIL_SYMBOL:
        return 0, 0
    low, high = rounding_interval(int(row.aantal), rules.rounding_base)
    return max(low, rules.min_count), high


def dispersion_text(d: funnel.Dispersion) -> str:
    if d.phi is None:
        have = "1 regio heeft" if d.regions == 1 else f"{format_count(d.regions)} regio's hebben"
        return (
            f"De regio's zijn niet beoordeeld: maar {have} een getoond aantal, en om te toetsen "
            "of regio's meer verschillen dan toeval verklaart (overspreiding) zijn er ten minste "
            f"{format_count(funnel.MIN_REGIONS_FOR_DISPERSION)} nodig. Zonder die toets zou een "
            "regio te snel als afwijkend gelden."
        )
    phi = format_fixed(d.phi, 2)
    p = f"= {format_fixed(d.p_value, 3)}" if d.p_value >= 0.001 else "< 0,001"
    if d.adjusted:
        return (
            f"De regio's verschillen meer dan toeval verklaart (overspreiding φ = {phi}, "
            f"p {p}, over {format_count(d.regions)} regio's). De grenzen zijn daarom verbreed "
            f"met de spreiding tussen regio's (τ = {format_fixed(np.sqrt(d.tau2), 3)}), en elke "
            "regio is tegen die verbrede grenzen beoordeeld."
        )
    return (
        f"De verschillen tussen regio's passen bij toeval (overspreiding φ = {phi}, p {p}, "
        f"over {format_count(d.regions)} regio's); de regio's zijn beoordeeld tegen de "
        "Poisson-grenzen."
    )


def stille_vragen(release: Release, population: Population) -> StilleVragen:
    """Observed registrations per region (the published region counts) against expected ones
    (the national published rate per CBS age band times the region's young people per band).

    A hidden count is not plotted, not judged and not used for the overdispersion test; a
    region is judged only when its whole rounding interval lies beyond a limit."""
    region_table, rules = release.table("jeugdregio"), release.rules
    counts = _band_counts(release.table("stille-vragen-leeftijd"))
    if counts is None or not sum(counts.values()):
        text = (
            "Het aantal aanmeldingen per leeftijdsband is geheim of nihil; zonder landelijk "
            "cijfer per band is geen verwacht aantal per regio te berekenen."
        )
        view = TableView(KEY, TITLE, (TITLE,), (), (), (text,))
        return StilleVragen(
            Figure(KEY, TITLE, text, None, view, region_table),
            DutchText("niet te bepalen"),
            DutchText(text),
        )
    people = population.frame.set_index("jeugdregio")
    expected = funnel.expected_counts(population.frame, schema.POPULATION_COLUMNS, counts)
    cells = region_table.cells.set_index("jeugdregio")
    shown = cells[~cells["symbool"].isin([SECRET_SYMBOL, AT_LEAST_SYMBOL])]
    observed = np.array(
        [0 if r.symbool == NIL_SYMBOL else int(r.aantal) for r in shown.itertuples()], float
    )
    dispersion = funnel.overdispersion(observed, expected[shown.index].to_numpy())
    records = []
    for code, row in cells.iterrows():
        e = stable(expected[code])
        lim = funnel.Limits(*(stable(v) for v in astuple(dispersion.limits(e))))
        hidden = row["symbool"] in (SECRET_SYMBOL, AT_LEAST_SYMBOL)
        status = "geheim"
        ratio = None
        if not hidden:
            low, high = _interval(row, rules)
            status = (
                funnel.classify(low / e, high / e, lim)
                if dispersion.phi is not None
                else "ongetoetst"
            )
            ratio = (0 if row["symbool"] == NIL_SYMBOL else int(row["aantal"])) / e
        records.append(
            {
                "jeugdregio": code,
                "label": row["jeugdregio_label"],
                "jeugdigen": int(people.loc[code, list(schema.POPULATION_COLUMNS.values())].sum()),
                "aantal": row["aantal"],
                "symbool": row["symbool"],
                "verwacht": e,
                "verhouding": None if ratio is None else stable(ratio),
                "ondergrens95": lim.low95,
                "bovengrens95": lim.high95,
                "ondergrens": lim.low998,
                "bovengrens": lim.high998,
                "status": status,
            }
        )
    frame = pd.DataFrame(records)
    view = _view(frame, counts, population, dispersion, region_table)
    chart = _chart(frame, dispersion)
    return StilleVragen(
        Figure(KEY, TITLE, describe("Trechterdiagram", view), chart, view, region_table),
        DutchText(_fewer_words(frame)),
        DutchText(dispersion_text(dispersion)),
    )


def _fewer_words(frame: pd.DataFrame) -> str:
    """The regions with fewer registrations than expected, at each level, as the table's
    Beoordeling column has them (the text never says more or less than the table)."""
    clearly = frame.loc[frame["status"] == "duidelijk_minder", "label"].tolist()
    fewer = frame.loc[frame["status"] == "minder", "label"].tolist()
    outer, inner = funnel.CLASS_MEANINGS["duidelijk_minder"], funnel.CLASS_MEANINGS["minder"]
    if not clearly and not fewer:
        return (
            f"Geen enkele beoordeelde regio had minder aanmeldingen dan verwacht ({inner}, "
            f"laat staan {outer})."
        )
    parts = []
    if clearly:
        parts.append(
            f"Duidelijk minder aanmeldingen dan verwacht ({outer}) hadden: {', '.join(clearly)}."
        )
    else:
        parts.append(
            f"Geen enkele beoordeelde regio had duidelijk minder aanmeldingen dan verwacht ({outer})."
        )
    if fewer:
        parts.append(f"Minder dan verwacht ({inner}, niet {outer}): {', '.join(fewer)}.")
    return " ".join(parts)


def _view(
    frame: pd.DataFrame,
    counts: dict[str, int],
    population: Population,
    dispersion: funnel.Dispersion,
    region_table: ProtectedTable,
) -> TableView:
    def ratio_cell(r) -> Cell:
        if r.verhouding is None or pd.isna(r.verhouding):
            return Cell.count(None, SECRET_SYMBOL)
        return Cell.decimal(r.verhouding, 2)

    rows = tuple(
        (
            r.label,
            (
                Cell.count(r.aantal, r.symbool),
                Cell(r.jeugdigen, "", "number"),
                Cell.decimal(r.verwacht, 1),
                ratio_cell(r),
                Cell.interval(r.ondergrens95, r.bovengrens95, 2),
                Cell.interval(r.ondergrens, r.bovengrens, 2),
                Cell(funnel.CLASS_NAMES[r.status], "", "text"),
            ),
        )
        for r in frame.itertuples()
    )
    na = Cell(NOT_APPLICABLE, "", "text")

    def national(label: str, count: int, people: int) -> tuple[str, tuple[Cell, ...]]:
        return (
            label,
            (Cell.count(count), Cell(people, "", "number"), Cell.count(count), na, na, na, na),
        )

    footer = tuple(
        national(
            f"{NATIONAL_ROW} {b.label}",
            counts[b.code],
            int(population.frame[schema.POPULATION_COLUMNS[b.code]].sum()),
        )
        for b in schema.CBS_AGE_BANDS
    )
    oldest = schema.CBS_AGE_BANDS[-1]
    notes = (
        "Verwacht: wat een regio zou hebben als elke leeftijdsband er even vaak werd aangemeld "
        "als landelijk (indirecte standaardisatie); de onderste rijen geven de landelijke "
        "aantallen per band.",
        f"Leeftijdsbanden: die van het CBS (0 t/m 14 en 15 t/m 24 jaar; een band tot 18 jaar "
        f"bestaat in deze CBS-cijfers niet). Casussen van 25 jaar en ouder tellen mee in de "
        f"band {oldest.label.lower()}: een eigen band zou naast de regiotabel laten zien waar "
        "die enkele casussen vandaan komen.",
        "Verhouding: aanmeldingen gedeeld door verwacht (1,00 = zoals verwacht). Grenzen: de "
        f"{funnel.INNER_TEXT}- en {funnel.OUTER_TEXT}-grenzen van die verhouding (exacte "
        f"Poisson-grenzen{', verbreed voor overspreiding' if dispersion.adjusted else ''}).",
        dispersion_text(dispersion),
        "Beoordeling: "
        + "; ".join(
            f"{funnel.CLASS_NAMES[code].lower()}: {meaning}"
            for code, meaning in funnel.CLASS_MEANINGS.items()
            if code in set(frame["status"])
        )
        + ". Een regio wordt alleen beoordeeld als het hele afrondingsbereik van het getoonde "
        "aantal buiten een grens valt.",
        f"Jeugdigen per regio: {population.source}.",
        *((population.note,) if population.note else ()),
        *region_table.notes,
    )
    return TableView(
        KEY,
        TITLE,
        (
            "Jeugdregio",
            "Aanmeldingen",
            "Jeugdigen 0–24 jaar",
            "Verwacht",
            "Verhouding",
            f"{funnel.INNER_TEXT}-grenzen",
            f"{funnel.OUTER_TEXT}-grenzen",
            "Beoordeling",
        ),
        rows,
        footer,
        notes,
    )


def _chart(frame: pd.DataFrame, dispersion: funnel.Dispersion) -> alt.LayerChart:
    points = frame[frame["status"] != "geheim"].copy()
    points["beoordeling"] = [funnel.CLASS_LABELS[s] for s in points["status"]]
    curve = funnel.funnel_curve(frame["verwacht"].to_numpy(dtype=float), dispersion)
    curve[["verwacht", "verhouding"]] = curve[["verwacht", "verhouding"]].round(FLOAT_DECIMALS)
    domain = [float(curve["verwacht"].min()), float(curve["verwacht"].max())]
    judged = [s for s in COLOURS if s in set(points["status"])] or ["binnen"]
    x = alt.X(
        "verwacht:Q",
        title="Verwacht aantal aanmeldingen (logaritmische schaal)",
        scale=alt.Scale(type="log", domain=domain, nice=False),
        axis=alt.Axis(format=",d", tickCount=4),
    )
    lines = (
        alt.Chart(curve)
        .mark_line(strokeWidth=1.2)
        .encode(
            x=x,
            y=alt.Y("verhouding:Q", title="Aanmeldingen gedeeld door verwacht"),
            detail="kant:N",
            strokeDash=alt.StrokeDash(
                "grens:N",
                title="Grens",
                scale=alt.Scale(
                    domain=[funnel.INNER_TEXT, funnel.OUTER_TEXT], range=[[4, 3], [1, 0]]
                ),
            ),
            color=alt.value(GREY),
        )
    )
    target = alt.Chart(pd.DataFrame({"verhouding": [1.0]})).mark_rule(color="#333333")
    target = target.encode(y="verhouding:Q")
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=70)
        .encode(
            x="verwacht:Q",
            y="verhouding:Q",
            color=alt.Color(
                "beoordeling:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[funnel.CLASS_LABELS[s] for s in judged],
                    range=[COLOURS[s] for s in judged],
                ),
            ),
            shape=alt.Shape(
                "beoordeling:N",
                legend=None,
                scale=alt.Scale(
                    domain=[funnel.CLASS_LABELS[s] for s in judged],
                    range=[SHAPES[s] for s in judged],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Jeugdregio"),
                alt.Tooltip("verwacht:Q", title="Verwacht", format=",.1f"),
                alt.Tooltip("verhouding:Q", title="Verhouding", format=",.2f"),
                alt.Tooltip("beoordeling:N", title="Beoordeling"),
            ],
        )
    )
    # A region outside the limits is named next to its point: right of it in the left half of
    # the (logarithmic) axis, left of it in the right half, so no name runs off a phone's chart.
    outside = points[points["status"] != "binnen"]
    middle = float(np.sqrt(domain[0] * domain[1]))
    names = [
        alt.Chart(part)
        .mark_text(align=align, dx=dx, fontSize=12, color="#333333")
        .encode(x="verwacht:Q", y="verhouding:Q", text="label:N")
        for part, align, dx in (
            (outside[outside["verwacht"] < middle], "left", 7),
            (outside[outside["verwacht"] >= middle], "right", -7),
        )
        if not part.empty
    ]
    return alt.layer(lines, target, dots, *names).properties(width=WIDTH + 60, height=320)
