"""Stille vragen: registrations per region against what the national rates per age band lead one
to expect (pure; :mod:`olcc_report.analysis.verdicts` judges the regions with it).

The picture and its limits (Spiegelhalter 2005, *Stat Med* 24:1185 and *Qual Saf Health Care*
14:347; as in NHS-R's FunnelPlotR and PHE Fingertips):

* **indirect standardisation**: the expected count of a region is Σ over age bands of the
  national rate of the band times the region's young people in that band;
* **exact Poisson tails** of the observed count O at each expected count E;
* **overdispersion**: z-scores on the square-root scale, z = 2(√O − √E), winsorised at 10% in
  each tail; φ = mean of the squared winsorised z-scores. When φ > 1 the regions differ more
  than chance explains, and a region is judged on the normal approximation of the square-root
  scale widened by the additive random-effects τ² (DerSimonian–Laird moment estimate):
  √(O/E) ~ N(1, 1/(4E) + τ²).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

WINSOR = 0.1  # share winsorised in each tail before φ is estimated
MIN_REGIONS_FOR_DISPERSION = 10  # fewer regions: φ is not estimated, and the page says so


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
class Dispersion:
    """The overdispersion test over the regions."""

    regions: int
    phi: float | None  # None: too few regions to estimate
    tau2: float
    p_value: float | None  # of n·φ against χ²(n − 1)

    @property
    def adjusted(self) -> bool:
        return self.phi is not None and self.phi > 1

    def p_lower(self, observed: np.ndarray, expected: float) -> np.ndarray:
        """P(a count this low or lower) for a region with ``expected`` and no shortfall."""
        observed = np.asarray(observed, dtype=float)
        if not self.adjusted:
            return stats.poisson.cdf(observed, expected)
        return stats.norm.cdf(self._z(observed, expected))

    def p_upper(self, observed: np.ndarray, expected: float) -> np.ndarray:
        """P(a count this high or higher) for a region with ``expected`` and no excess."""
        observed = np.asarray(observed, dtype=float)
        if not self.adjusted:
            return stats.poisson.sf(observed - 1, expected)
        return stats.norm.sf(self._z(observed, expected))

    def _z(self, observed: np.ndarray, expected: float) -> np.ndarray:
        return (np.sqrt(observed / expected) - 1) / np.sqrt(1 / (4 * expected) + self.tau2)

    def ratio_limits(self, expected: float, level: float) -> tuple[float, float]:
        """The funnel's lines: the (continuous) limits of O/E at a two-sided ``level``."""
        tail = (1 - level) / 2
        if not self.adjusted:
            low = stats.chi2.ppf(tail, 2 * expected) / (2 * expected)
            high = stats.chi2.ppf(1 - tail, 2 * (expected + 1)) / (2 * expected)
            return float(low), float(high)
        spread = float(stats.norm.ppf(1 - tail)) * np.sqrt(1 / (4 * expected) + self.tau2)
        return float(max(1 - spread, 0.0) ** 2), float((1 + spread) ** 2)


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
    return Dispersion(n, round(phi, 6), round(float(tau2), 9), float(stats.chi2.sf(n * phi, n - 1)))


def funnel_curve(
    expected: np.ndarray, dispersion: Dispersion, levels: dict[str, float], points: int = 60
) -> pd.DataFrame:
    """The limit lines (O/E) over the range of expected counts, for the chart: ``levels`` name →
    two-sided level."""
    grid = np.geomspace(max(float(expected.min()) * 0.8, 0.5), float(expected.max()) * 1.2, points)
    rows = []
    for e in grid:
        for name, level in levels.items():
            low, high = dispersion.ratio_limits(float(e), level)
            for side, value in (("onder", low), ("boven", high)):
                rows.append(
                    {"verwacht": float(e), "grens": name, "kant": side, "verhouding": value}
                )
    return pd.DataFrame(rows)
