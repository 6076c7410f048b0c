"""The stille-vragen figure: each region's registrations, pooled over this period and up to two
earlier ones, against what the national rates per CBS age band lead one to expect (indirect
standardisation), as a funnel plot of O/E against E; the verdicts and the counts at which they
change (:mod:`olcc_report.analysis.verdicts`), the power of the method, and the sentence naming
the regions with fewer registrations than expected. Everything shown is published: the pooled
counts as protected, a hidden one as the range its verdict stands for."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olcc_report.analysis import verdicts
from olcc_report.figures.base import Figure, describe
from olcc_report.figures.release import Release
from olcc_report.figures.release_stille import Pool, published_bands
from olcc_report.figures.render import Cell, TableView
from olcc_report.figures.stille_vragen_chart import funnel_chart
from olcc_report.figures.stille_vragen_text import (
    fewer_words,
    join_nl,
    level_text,
    method_text,
    notes,
)
from olcc_report.intake.population import Population
from olcc_report.intervals import required_width
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText, format_count, stable
from olcc_report.records.vocabulary import AT_LEAST_SYMBOL, NOT_APPLICABLE, SECRET_SYMBOL

TITLE = "Aanmeldingen per jeugdregio tegen het verwachte aantal"
KEY = "stille-vragen"
NATIONAL_ROW = "Nederland,"  # the footer rows: "Nederland, 0 t/m 14 jaar", …


@dataclass(frozen=True)
class StilleVragen:
    figure: Figure
    candidates: DutchText  # a sentence naming the regions below expectation, or none
    method: DutchText  # the pool, the overdispersion, the limits used and the power


def stille_vragen(release: Release, population: Population) -> StilleVragen:
    """The funnel, its table and its sentences, from the release's pool (see
    :mod:`olcc_report.figures.release_stille`)."""
    region_table, pool = release.table("jeugdregio"), release.pool
    if pool is None or published_bands(release.book) != pool.band_counts[-1]:
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
    frame = _frame(release, pool)
    width = required_width(release.rules)
    view = _view(frame, pool, region_table, width)
    chart = funnel_chart(frame, pool)
    return StilleVragen(
        Figure(KEY, TITLE, describe("Trechterdiagram", view), chart, view, region_table),
        DutchText(fewer_words(frame, pool)),
        DutchText(method_text(pool, width)),
    )


def _frame(release: Release, pool: Pool) -> pd.DataFrame:
    """One row per region: its own and pooled published counts, E, the verdict and its range."""
    own = release.table("jeugdregio").cells.set_index("jeugdregio")
    records = []
    for r, e, bands, verdict in zip(
        pool.regions, pool.expected, pool.judgement.bands, pool.judgement.verdicts, strict=True
    ):
        total = release.book.pool_total(r)
        band = bands.band(verdict)
        shown = total.value is not None
        low = total.value if shown else (band.low if band else (total.at_least or 0))
        high = total.value if shown else (band.high if band else None)
        if not shown and total.at_least is not None:
            low = max(low, total.at_least)
        records.append(
            {
                "jeugdregio": r,
                "label": own.loc[r, "jeugdregio_label"],
                "eigen": Cell.of(own.loc[r]),
                "samen": total.value,
                "samen_symbool": total.symbol,
                "samen_ten_minste": total.at_least,
                "verwacht": e,
                "laag": stable(low / e),
                "hoog": None if high is None else stable(high / e),
                "status": verdict,
                "binnen": bands.band("binnen"),
                "duidelijk": (bands.band("duidelijk_minder"), bands.band("duidelijk_meer")),
            }
        )
    return pd.DataFrame(records)


def _pooled_cell(r) -> Cell:
    """The pooled count as protected: shown, a symbol, or a lower bound ("≥ 110")."""
    if r.samen_symbool == AT_LEAST_SYMBOL and not pd.isna(r.samen_ten_minste):
        return Cell(int(r.samen_ten_minste), AT_LEAST_SYMBOL, "count")
    return Cell.count(r.samen, r.samen_symbool)


def _range_text(frame_row) -> str:
    b = frame_row.binnen
    return NOT_APPLICABLE if b is None else f"{format_count(b.low)} t/m {format_count(b.high)}"


def _clearly_text(frame_row) -> str:
    low, high = frame_row.duidelijk
    parts = []
    if low is not None:
        parts.append(f"≤ {format_count(low.high)}")
    if high is not None:
        parts.append(f"≥ {format_count(high.low)}")
    return " of ".join(parts) if parts else NOT_APPLICABLE


def _ratio_cell(r) -> Cell:
    if r.samen is not None and not pd.isna(r.samen):
        return Cell.decimal(r.laag, 2)
    if r.status == "te_klein":
        return Cell.count(None, SECRET_SYMBOL)
    if r.hoog is None or pd.isna(r.hoog):
        return Cell(f"≥ {r.laag:.2f}".replace(".", ","), "", "text")
    return Cell.interval(r.laag, r.hoog, 2)


def _view(frame: pd.DataFrame, pool: Pool, region_table, width: int) -> TableView:
    pooled = len(pool.periods) > 1
    this = pool.periods[-1]
    rows = tuple(
        (
            r.label,
            (
                r.eigen,
                *((_pooled_cell(r),) if pooled else ()),
                Cell.decimal(r.verwacht, 1),
                _ratio_cell(r),
                Cell.limits(_range_text(r)),
                Cell.limits(_clearly_text(r)),
                Cell(verdicts.CLASS_NAMES[r.status], "", "text"),
            ),
        )
        for r in frame.itertuples()
    )
    na = Cell(NOT_APPLICABLE, "", "text")
    own_bands = pool.band_counts[-1]
    footer = tuple(
        (
            f"{NATIONAL_ROW} {b.label}",
            (Cell.count(own_bands[b.code]), *((na,) if pooled else ()), na, na, na, na, na),
        )
        for b in schema.CBS_AGE_BANDS
    )
    columns = (
        "Jeugdregio",
        f"Aanmeldingen {this}",
        *((f"Aanmeldingen {join_nl(pool.periods)}",) if pooled else ()),
        "Verwacht",
        "Verhouding",
        f"Binnen de grenzen ({level_text(verdicts.LEVEL)})",
        f"Duidelijk afwijkend ({level_text(pool.judgement.level)})",
        "Beoordeling",
    )
    return TableView(
        KEY, TITLE, columns, rows, footer, notes(frame, pool, width, region_table.notes)
    )
