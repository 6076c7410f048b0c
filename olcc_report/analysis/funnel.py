"""Stille vragen: registrations per region against the national rate, with Poisson control
limits (pure; the figure is made from protected counts in :mod:`olcc_report.figures.qualitative`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from olcc_report.records.formatting import format_level
from olcc_report.records.vocabulary import FUNNEL_LEVELS, RATE_PER

INNER, OUTER = FUNNEL_LEVELS  # the 95% and 99.8% limits
INNER_TEXT, OUTER_TEXT = format_level(INNER), format_level(OUTER)


@dataclass(frozen=True)
class FunnelLimits:
    """Expected count and Poisson control limits (counts) for one region."""

    expected: float
    low95: float
    high95: float
    low998: float
    high998: float


def funnel_limits(population: float, rate: float) -> FunnelLimits:
    """Poisson control limits of a count at ``rate`` per person: 95% and 99.8% two-sided."""
    expected = rate * population
    return FunnelLimits(
        expected,
        float(stats.poisson.ppf((1 - INNER) / 2, expected)),
        float(stats.poisson.ppf((1 + INNER) / 2, expected)),
        float(stats.poisson.ppf((1 - OUTER) / 2, expected)),
        float(stats.poisson.ppf((1 + OUTER) / 2, expected)),
    )


def classify(low: float, high: float, limits: FunnelLimits) -> str:
    """Where a count known to lie in [low, high] falls against the limits (the whole interval
    must be outside a limit to call it significant)."""
    if high < limits.low998:
        return "lager_998"
    if high < limits.low95:
        return "lager_95"
    if low > limits.high998:
        return "hoger_998"
    if low > limits.high95:
        return "hoger_95"
    return "binnen"


CLASS_LABELS = {
    "lager_998": f"Veel lager dan verwacht (buiten {OUTER_TEXT}-grens)",
    "lager_95": f"Lager dan verwacht (buiten {INNER_TEXT}-grens)",
    "binnen": "Binnen de verwachting",
    "hoger_95": f"Hoger dan verwacht (buiten {INNER_TEXT}-grens)",
    "hoger_998": f"Veel hoger dan verwacht (buiten {OUTER_TEXT}-grens)",
    "geheim": "Niet te beoordelen (aantal geheim)",
}


def funnel_curve(populations: np.ndarray, rate: float, points: int = 60) -> pd.DataFrame:
    """The funnel's limit lines (rate per 10,000) over the range of populations."""
    grid = np.geomspace(max(populations.min() * 0.8, 1), populations.max() * 1.1, points)
    rows = []
    for pop in grid:
        lim = funnel_limits(pop, rate)
        for name, value in (
            (INNER_TEXT, lim.low95),
            (INNER_TEXT, lim.high95),
            (OUTER_TEXT, lim.low998),
            (OUTER_TEXT, lim.high998),
        ):
            rows.append(
                {
                    "jeugdigen": float(pop),
                    "grens": name,
                    "kant": "onder" if value <= lim.expected else "boven",
                    "per_10000": value / pop * RATE_PER,
                }
            )
    return pd.DataFrame(rows)
