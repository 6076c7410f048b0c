"""Stille vragen: the verdict on each region, the counts at which it changes, and what the
method can find (pure).

The method, for the registrations of the period pooled with those of up to two earlier periods
of the same kind (a region of 10 expected cases a year is judged on about 30):

* each region's count O is set against its expected count E (indirect standardisation,
  :mod:`olcc_report.analysis.funnel`) on the exact Poisson tails, or on the widened normal
  approximation when the regions are overdispersed;
* **"minder" / "meer dan verwacht"**: outside the two-sided 95% limits of its own E. A region
  without a shortfall is called "minder" in at most 2.5% of periods;
* **"duidelijk minder" / "duidelijk meer"**: also significant after the Benjamini–Hochberg
  procedure over all regions at a false discovery rate of 5% (Benjamini & Hochberg 1995, *JRSS
  B* 57:289): of the regions called "duidelijk", at most 5% are expected to be so by chance. The
  procedure comes down to one level α* for every region (k·q/m for k regions found among m; q/m
  when none is), so the funnel draws it as a line.

The verdict of a region is a statement about its pooled count: "minder" means a count within a
range of whole numbers (:class:`Band`). The ranges depend on E alone, and where one would be
narrower than the disclosure promise (``width``) it is widened or merged before any count is
looked at: "duidelijk" starts further out (stricter than the level α* asks), "minder" and
"duidelijk minder" become one verdict, or the region is not judged at all. So a verdict never tells more of a secret count than the promise allows, and
whether a region is judged tells nothing of its count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from olcc_report.analysis.funnel import Dispersion, overdispersion

LEVEL = 0.95  # the two-sided level of "minder" / "meer dan verwacht"
FALSE_DISCOVERY_RATE = 0.05  # of "duidelijk minder" / "duidelijk meer"
POWER_TARGET = 0.8  # the power statement: from which expected count a shortfall is found
SHORTFALL = 0.5  # … of this size (half the expected registrations)

CLASS_NAMES = {
    "duidelijk_minder": "Duidelijk minder dan verwacht",
    "minder": "Minder dan verwacht",
    "binnen": "Binnen de grenzen",
    "meer": "Meer dan verwacht",
    "duidelijk_meer": "Duidelijk meer dan verwacht",
    "te_klein": "Te klein om te beoordelen",
}
LOWER = ("duidelijk_minder", "minder")
JUDGED = ("duidelijk_minder", "minder", "binnen", "meer", "duidelijk_meer")


@dataclass(frozen=True)
class Band:
    """A verdict and the pooled counts that get it (``high`` None: no upper end)."""

    code: str
    low: int
    high: int | None

    def holds(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)


@dataclass(frozen=True)
class RegionBands:
    """The verdicts a region can get, over the whole numbers from 0 up (empty: not judged)."""

    bands: tuple[Band, ...]

    def verdict(self, count: int) -> str:
        return next((b.code for b in self.bands if b.holds(count)), "te_klein")

    def band(self, code: str) -> Band | None:
        return next((b for b in self.bands if b.code == code), None)

    @property
    def flagged_up_to(self) -> int | None:
        """The largest count called (duidelijk) minder dan verwacht."""
        lower = [b.high for b in self.bands if b.code in LOWER]
        return max(lower) if lower else None


def lower_threshold(expected: float, d: Dispersion, level: float) -> int:
    """The largest count outside the lower limit at a two-sided ``level`` (−1: none is)."""
    tail = (1 - level) / 2
    counts = np.arange(0, _top(expected, d, level))
    outside = counts[d.p_lower(counts, expected) <= tail]
    return int(outside.max()) if len(outside) else -1


def upper_threshold(expected: float, d: Dispersion, level: float) -> int:
    """The least count outside the upper limit at a two-sided ``level``."""
    tail = (1 - level) / 2
    counts = np.arange(0, _top(expected, d, level))
    return int(counts[d.p_upper(counts, expected) <= tail].min())


def _top(expected: float, d: Dispersion, level: float) -> int:
    """A count surely beyond the upper limit (z of at most 6 on the square-root scale)."""
    assert level < 1 - 2e-9
    spread = 6 * np.sqrt(1 / (4 * expected) + d.tau2)
    return int(np.ceil(expected * (1 + spread) ** 2)) + 30


def region_bands(expected: float, d: Dispersion, alpha: float, width: int) -> RegionBands:
    """The verdict ranges of a region with ``expected``, at 95% and at the level 1 − ``alpha``,
    merged where one is narrower than ``width`` (see the module's docstring)."""

    def wide(low: int, high: int) -> bool:
        return high - low >= width

    c95, c_fdr = (lower_threshold(expected, d, lv) for lv in (LEVEL, 1 - alpha))
    h95, h_fdr = (upper_threshold(expected, d, lv) for lv in (LEVEL, 1 - alpha))
    bands: list[Band] = []
    if c95 >= 0:
        if not wide(0, c95):
            return RegionBands(())
        cut = min(c_fdr, c95 - width - 1)  # so that "minder" alone spans ``width`` counts
        if cut >= 0 and wide(0, cut):
            bands += [Band("duidelijk_minder", 0, cut), Band("minder", cut + 1, c95)]
        else:
            bands.append(Band("minder", 0, c95))
    if not wide(c95 + 1, h95 - 1):
        return RegionBands(())
    lift = max(h_fdr, h95 + width + 1)  # so that "meer" alone spans ``width`` counts
    bands += [
        Band("binnen", c95 + 1, h95 - 1),
        Band("meer", h95, lift - 1),
        Band("duidelijk_meer", lift, None),
    ]
    return RegionBands(tuple(bands))


def fdr_level(p_values: np.ndarray, q: float = FALSE_DISCOVERY_RATE) -> float:
    """The Benjamini–Hochberg level: k·q/m for the largest k with p_(k) ≤ k·q/m (q/m if none)."""
    m = len(p_values)
    ordered = np.sort(np.asarray(p_values, dtype=float))
    found = np.nonzero(ordered <= q * np.arange(1, m + 1) / m)[0]
    return q * (int(found.max()) + 1 if len(found) else 1) / m


@dataclass(frozen=True)
class Judgement:
    dispersion: Dispersion
    alpha: float  # the two-sided level of "duidelijk", from the false discovery rate
    bands: tuple[RegionBands, ...]
    verdicts: tuple[str, ...]

    @property
    def level(self) -> float:
        return 1 - self.alpha


def judge(observed: np.ndarray, expected: np.ndarray, width: int) -> Judgement:
    """The verdict on every region from its true pooled count ``observed`` and ``expected``."""
    observed = np.asarray(observed, dtype=float)
    expected = np.asarray(expected, dtype=float)
    d = overdispersion(observed, expected)
    p = np.array(
        [
            min(1.0, 2 * min(float(d.p_lower(o, e)), float(d.p_upper(o, e))))
            for o, e in zip(observed, expected, strict=True)
        ]
    )
    alpha = round(fdr_level(p), 9)
    bands = tuple(region_bands(float(e), d, alpha, width) for e in expected)
    verdicts = tuple(b.verdict(int(o)) for b, o in zip(bands, observed, strict=True))
    return Judgement(d, alpha, bands, verdicts)


def power(expected: float, d: Dispersion, alpha: float, width: int, clearly: bool) -> float:
    """The chance that a region registering SHORTFALL of its expected count is called
    (``clearly``: duidelijk) minder dan verwacht, with Poisson variation around that rate."""
    bands = region_bands(expected, d, alpha, width)
    band = bands.band("duidelijk_minder") if clearly else None
    top = band.high if band is not None else (None if clearly else bands.flagged_up_to)
    if top is None:
        return 0.0
    return float(stats.poisson.cdf(top, SHORTFALL * expected))


def power_threshold(
    d: Dispersion, alpha: float, width: int, clearly: bool = False, largest: float = 400.0
) -> float | None:
    """The least expected count (in steps of 0,5) from which a shortfall of SHORTFALL is found
    with a chance of at least POWER_TARGET at every larger expected count up to ``largest``."""
    grid = np.arange(0.5, largest + 0.25, 0.5)
    found = np.array([power(float(e), d, alpha, width, clearly) >= POWER_TARGET for e in grid])
    if not found[-1]:
        return None
    misses = np.nonzero(~found)[0]
    return float(grid[misses.max() + 1]) if len(misses) else float(grid[0])
