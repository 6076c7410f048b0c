"""The stille-vragen pool of a book: each region's registrations over this period and up to two
earlier ones of the same kind, what was expected, and the verdict, declared on the book so that
the pooled counts and what each verdict says of them are protected with every other count.

Expected counts come from the national counts per CBS age band as each book publishes them
(rounded), never from the exact ones: an expected count with a decimal would otherwise give them
away. The verdict is judged on the true pooled count (:mod:`olcc_report.analysis.verdicts`); it
enters the model as the range of counts it stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from olcc_report.analysis import funnel, verdicts
from olcc_report.analysis.cells import cell
from olcc_report.disclosure.book import Book
from olcc_report.intake.population import Population
from olcc_report.intervals import required_width, round_to_base
from olcc_report.records import reference, schema
from olcc_report.records.formatting import stable

POOLED_PERIODS = 3  # the period and the two before it of the same kind
BANDS = "stille-vragen-leeftijd"


@dataclass(frozen=True)
class PoolPart:
    """An earlier period in the pool: its label, its (published) book and its population."""

    period: str
    book: Book
    population: Population
    pool: Pool | None  # what its own stille-vragen chapter pooled and judged


@dataclass(frozen=True)
class Pool:
    periods: tuple[str, ...]  # oldest first; the last is this book's
    band_counts: tuple[dict[str, int], ...]  # the published national count per band, per period
    populations: tuple[Population, ...]
    regions: tuple[str, ...]
    expected: tuple[float, ...]  # pooled, per region
    judgement: verdicts.Judgement
    left_out: tuple[str, ...]  # earlier periods whose band counts are not all shown


def published_bands(book: Book) -> dict[str, int] | None:
    """The national count per CBS age band as ``book`` publishes it (None when one is hidden)."""
    table = book.table(BANDS)
    out = {}
    for row in table.cells.itertuples():
        if pd.isna(row.aantal):
            return None
        out[row.leeftijdsband] = int(row.aantal)
    return out


def _predicted_bands(book: Book) -> dict[str, int] | None:
    """The band counts this book will publish: rounded, and shown when at least the minimum
    (the build checks afterwards that the protection showed them so)."""
    rules, out = book.rules, {}
    for code in schema.get_field("leeftijdsband").codes:
        value = book.universe.count(cell(("leeftijdsband", code)))
        if 0 < value < rules.min_count:
            return None
        out[code] = round_to_base(value, rules.rounding_base)
    return out


def declare_pool(
    book: Book, period: str, population: Population, earlier: Sequence[PoolPart]
) -> Pool | None:
    """Judge every region on the pooled counts and declare pools and verdicts on ``book``."""
    own = _predicted_bands(book)
    if own is None or not sum(own.values()):
        return None
    parts = [(p, published_bands(p.book)) for p in earlier]
    used = [p for p, bands in parts if bands is not None and sum(bands.values())]
    band_counts = [bands for _, bands in parts if bands is not None and sum(bands.values())]
    band_counts.append(own)
    populations = [p.population for p in used] + [population]
    expected = sum(
        funnel.expected_counts(pop.frame, schema.POPULATION_COLUMNS, bands)
        for pop, bands in zip(populations, band_counts, strict=True)
    )
    regions = list(schema.get_field("jeugdregio").codes)
    expected = np.array([stable(float(expected[r])) for r in regions])
    region = {r: cell(("jeugdregio", r)) for r in regions}
    observed = np.array(
        [
            book.universe.count(region[r]) + sum(_value(p.book, region[r]) for p in used)
            for r in regions
        ]
    )
    judgement = verdicts.judge(observed, expected, required_width(book.rules))
    for k, (r, bands, verdict) in enumerate(
        zip(regions, judgement.bands, judgement.verdicts, strict=True)
    ):
        book.pooled(r, region[r], {p.period: _as_published(p.book, region[r]) for p in used})
        band = bands.band(verdict)
        if band is not None:
            book.between(r, band.low, band.high)
        for p in used:  # what the earlier books published of their own pools
            if p.pool is not None:
                own_band = p.pool.judgement.bands[k].band(p.pool.judgement.verdicts[k])
                book.earlier_pool(
                    r,
                    p.book.pool_published(r),
                    p.pool.periods,
                    None if own_band is None else (own_band.low, own_band.high),
                )
    for p in used:  # the provinces and the total of the earlier books, over their regions
        for province in schema.get_field("provincie").codes:
            inside = [r.code for r in reference.regions() if r.province_code == province]
            name = cell(("provincie", province))
            book.earlier_sum(p.period, _as_published(p.book, name), inside)
        book.earlier_sum(p.period, _as_published(p.book, cell()), regions)
    return Pool(
        tuple([p.period for p in used] + [period]),
        tuple(band_counts),
        tuple(populations),
        tuple(regions),
        tuple(float(e) for e in expected),
        judgement,
        tuple(p.period for p, bands in parts if p not in used),
    )


def _value(book: Book, name) -> int:
    return book.model.values[book.index[name]]


def _as_published(book: Book, name) -> tuple[int, bool, int | None]:
    protection = book.protect()
    j = book.index[name]
    bound = protection.at_least.get(j)
    return book.model.values[j], protection.shown[j] is None and bound is None, bound
