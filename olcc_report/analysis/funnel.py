"""Stille vragen: registrations per region against what the national rates per age band lead one
to expect (pure; the figure is made from protected counts in :mod:`olcc_report.figures`).

The method (Spiegelhalter 2005, *Stat Med* 24:1185 and *Qual Saf Health Care* 14:347; as in
NHS-R's FunnelPlotR and PHE Fingertips):

* **indirect standardisation**: the expected count of a region is Σ over age bands of the
  national rate of the band times the region's young people in that band;
* **exact Poisson limits** for the ratio observed/expected (O/E) at each expected count, at 95%
  and 99.8% (two-sided), from the chi-square form of the Poisson distribution;
* **overdispersion**: z-scores on the square-root scale, z = 2(√O − √E), winsorised at 10% in
  each tail; φ = mean of the squared winsorised z-scores. When φ > 1 the regions differ more
  than chance explains, and the limits widen by the additive random-effects τ² (DerSimonian–
  Laird moment estimate), (1 ± z_p·√(1/(4E) + τ²))², and a region is judged against those.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from olcc_report.records.formatting import format_level
from olcc_report.records.vocabulary import FUNNEL_LEVELS

INNER, OUTER = FUNNEL_LEVELS  # the 95% and 99.8% limits
INNER_TEXT, OUTER_TEXT = format_level(INNER), format_level(OUTER)
WINSOR = 0.1  # share winsorised in each tail before φ is estimated
MIN_REGIONS_FOR_DISPERSION = 10  # fewer judged regions: φ is not estimated, and the page says so


def expected_counts(
    population: pd.DataFrame, bands: dict[str, str], observed_per_band: dict[str, float]
) -> pd.Series:
    """Expected count per region (index: the population's ``jeugdregio``), by indirect
    standardisation: Σ_b (O_b / P_b) · P_rb, with ``bands`` band code → population column."""
    expected = pd.Series(0.0, index=population["jeugdregio"].to_numpy())
    for band, column in bands.items():
        people = population[column].to_numpy(dtype=float)
        rate = observed_per_band[band] / people.sum()
        expected += rate * people
    return expected


@dataclass(frozen=True)
class Limits:
    """Control limits of the ratio O/E at one expected count."""

    low95: float
    high95: float
    low998: float
    high998: float


def _z(level: float) -> float:
    return float(stats.norm.ppf((1 + level) / 2))


def poisson_limits(expected: float) -> Limits:
    """Exact Poisson limits of O/E when O ~ Poisson(E)."""

    def low(level: float) -> float:
        return float(stats.chi2.ppf((1 - level) / 2, 2 * expected) / (2 * expected))

    def high(level: float) -> float:
        return float(stats.chi2.ppf((1 + level) / 2, 2 * (expected + 1)) / (2 * expected))

    return Limits(low(INNER), high(INNER), low(OUTER), high(OUTER))


def adjusted_limits(expected: float, tau2: float) -> Limits:
    """Limits of O/E widened for overdispersion (square-root scale, additive τ²)."""
    spread = np.sqrt(1 / (4 * expected) + tau2)

    def bound(sign: int, level: float) -> float:
        root = 1 + sign * _z(level) * spread
        return float(max(root, 0.0) ** 2)

    return Limits(bound(-1, INNER), bound(1, INNER), bound(-1, OUTER), bound(1, OUTER))


@dataclass(frozen=True)
class Dispersion:
    """The overdispersion test over the regions with a shown count."""

    regions: int
    phi: float | None  # None: too few regions to estimate
    tau2: float
    p_value: float | None  # of n·φ against χ²(n − 1)

    @property
    def adjusted(self) -> bool:
        return self.phi is not None and self.phi > 1

    def limits(self, expected: float) -> Limits:
        return adjusted_limits(expected, self.tau2) if self.adjusted else poisson_limits(expected)


def z_scores(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Square-root-scale z-scores of O against E: (√(O/E) − 1) / (1 / (2√E)) = 2(√O − √E)."""
    return 2 * (np.sqrt(observed) - np.sqrt(expected))


def winsorised(z: np.ndarray, share: float = WINSOR) -> np.ndarray:
    low, high = np.quantile(z, [share, 1 - share])
    return np.clip(z, low, high)


def overdispersion(observed: np.ndarray, expected: np.ndarray) -> Dispersion:
    """φ from winsorised z-scores and the DerSimonian–Laird τ² (0 unless n·φ > n − 1)."""
    observed = np.asarray(observed, dtype=float)
    expected = np.asarray(expected, dtype=float)
    n = len(observed)
    if n < MIN_REGIONS_FOR_DISPERSION:
        return Dispersion(n, None, 0.0, None)
    z = winsorised(z_scores(observed, expected))
    phi = float(np.mean(z**2))
    weights = 4 * expected  # 1 / s² with s = 1 / (2√E)
    tau2 = 0.0
    if n * phi > n - 1:
        tau2 = max(0.0, (n * phi - (n - 1)) / (weights.sum() - (weights**2).sum() / weights.sum()))
    return Dispersion(n, phi, float(tau2), float(stats.chi2.sf(n * phi, n - 1)))


# Judgements, from the most clearly lower to the most clearly higher: the short name a table
# cell shows, and what it means (the chart's legend and the table's note say both).
CLASS_NAMES = {
    "duidelijk_minder": "Duidelijk minder dan verwacht",
    "minder": "Minder dan verwacht",
    "binnen": "Binnen de grenzen",
    "meer": "Meer dan verwacht",
    "duidelijk_meer": "Duidelijk meer dan verwacht",
    "geheim": "Niet te beoordelen",
    "ongetoetst": "Niet beoordeeld",
}
CLASS_MEANINGS = {
    "duidelijk_minder": f"onder de {OUTER_TEXT}-grens",
    "minder": f"onder de {INNER_TEXT}-grens",
    "meer": f"boven de {INNER_TEXT}-grens",
    "duidelijk_meer": f"boven de {OUTER_TEXT}-grens",
    "geheim": "aantal geheim",
    "ongetoetst": "te weinig regio's om de spreiding te toetsen",
}
CLASS_LABELS = {
    code: f"{name} ({CLASS_MEANINGS[code]})" if code in CLASS_MEANINGS else name
    for code, name in CLASS_NAMES.items()
}
JUDGED = ("duidelijk_minder", "minder", "binnen", "meer", "duidelijk_meer")


def classify(low: float, high: float, limits: Limits) -> str:
    """Where a ratio known to lie in [low, high] falls (the whole interval must be outside)."""
    if high < limits.low998:
        return "duidelijk_minder"
    if high < limits.low95:
        return "minder"
    if low > limits.high998:
        return "duidelijk_meer"
    if low > limits.high95:
        return "meer"
    return "binnen"


def funnel_curve(expected: np.ndarray, dispersion: Dispersion, points: int = 60) -> pd.DataFrame:
    """The limit lines (O/E) over the range of expected counts, for the chart."""
    grid = np.geomspace(max(float(expected.min()) * 0.8, 0.5), float(expected.max()) * 1.2, points)
    rows = []
    for e in grid:
        lim = dispersion.limits(float(e))
        for name, side, value in (
            (INNER_TEXT, "onder", lim.low95),
            (INNER_TEXT, "boven", lim.high95),
            (OUTER_TEXT, "onder", lim.low998),
            (OUTER_TEXT, "boven", lim.high998),
        ):
            rows.append({"verwacht": float(e), "grens": name, "kant": side, "verhouding": value})
    return pd.DataFrame(rows)
