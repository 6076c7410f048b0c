"""The qualitative analysis: load codebook and codings, count themes per case, stille vragen.

Analysis functions are pure (frames in, tidy tables of unprotected counts out); everything that is
published passes :mod:`olcc_report.disclosure` first (in :mod:`olcc_report.figures_qual`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from olcc_report import analysis, reference, schema
from olcc_report.codebook import Codebook, Theme, load_codebook
from olcc_report.codings import Codings, load_codings
from olcc_report.params import DEMO_SOURCE, LoadedParams

PER = 10_000  # rates per 10,000 young people


@dataclass(frozen=True)
class Qualitative:
    codebook: Codebook
    codings: Codings


def load_qualitative(loaded: LoadedParams, cases: pd.DataFrame) -> Qualitative | None:
    """The period's codebook and checked codings, or None when the period has none."""
    q = loaded.params.qualitative
    if q is None:
        return None
    codebook = load_codebook(loaded.resolve(q.codebook))
    case_ids = set(cases["case_id"])
    if q.codings == DEMO_SOURCE:
        from olcc_report.synth_qual import qdpx_bytes

        start = loaded.params.period_start
        data = qdpx_bytes(start.year, [(t.code, t.label) for t in codebook.themes], case_ids)
        codings = load_codings(Path(f"demo-{loaded.params.period}.qdpx"), codebook, case_ids,
                               data=data)
    else:
        codings = load_codings(loaded.resolve(q.codings), codebook, case_ids, q.sheet)
    return Qualitative(codebook, codings)


# --- themes per case ------------------------------------------------------------------------------


def theme_indicators(codings: pd.DataFrame, cases: pd.DataFrame,
                     themes: list[Theme]) -> pd.DataFrame:
    """One row per case (the case frame's index), one boolean column per theme: coded at least
    once in the case, or (for a parent theme) one of its categories among ``themes`` was."""
    out = pd.DataFrame(index=cases.index)
    case_ids = cases["case_id"]
    for theme in themes:
        codes = {theme.code} | {t.code for t in themes if t.parent == theme.code}
        coded = set(codings.loc[codings["code"].isin(codes), "case_id"])
        out[theme.code] = case_ids.isin(coded).to_numpy()
    return out


def count_themes(indicators: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Cases with each theme: columns ``thema``, ``label``, ``aantal``."""
    return pd.DataFrame({
        "thema": [t.code for t in themes], "label": [t.label for t in themes],
        "aantal": [int(indicators[t.code].sum()) for t in themes],
    })


def count_themes_by(indicators: pd.DataFrame, themes: list[Theme], cases: pd.DataFrame,
                    group_field: str) -> pd.DataFrame:
    """Cases with each theme within each group of a categorical case field (long format)."""
    group = schema.get_field(group_field)
    sums = indicators[[t.code for t in themes]].astype(int).groupby(
        cases[group_field], observed=False).sum().reindex(index=group.codes, fill_value=0)
    return pd.DataFrame.from_records([
        {"thema": t.code, "thema_label": t.label, group_field: g.code,
         f"{group_field}_label": g.label, "aantal": int(sums.loc[g.code, t.code])}
        for t in themes for g in group.categories
    ])


def theme_pairs(indicators: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Cases with both themes, for every pair (and each theme with itself on the diagonal)."""
    matrix = indicators[[t.code for t in themes]].to_numpy(dtype=int)
    both = matrix.T @ matrix
    return pd.DataFrame.from_records([
        {"paar": f"{a.code}+{b.code}", "label": f"{a.label} + {b.label}",
         "thema_a": a.label, "thema_b": b.label, "aantal": int(both[i, j])}
        for i, a in enumerate(themes) for j, b in enumerate(themes) if i <= j
    ])


def theme_combinations(indicators: pd.DataFrame, themes: list[Theme], size: int) -> pd.DataFrame:
    return analysis.indicator_combinations(indicators[[t.code for t in themes]].to_numpy(dtype=bool),
                                           [t.code for t in themes], [t.label for t in themes], size)


def evaluated_cases(codings: pd.DataFrame, codebook: Codebook) -> set[str]:
    """Cases with a case evaluation: at least one knooppunt or succesmoment coded."""
    kinds = {t.code for t in codebook.themes if t.kind in ("knooppunt", "succesmoment")}
    return set(codings.loc[codings["code"].isin(kinds), "case_id"])


# --- stille vragen: registrations per region against the national rate --------------------------------


class PopulationError(Exception):
    pass


def read_population(path: Path) -> pd.DataFrame:
    """Young people per youth-care region: CSV with ``jeugdregio`` (CBS code) and ``jeugdigen``."""
    frame = pd.read_csv(path, dtype={"jeugdregio": str}, comment="#")
    missing = {"jeugdregio", "jeugdigen"} - set(frame.columns)
    if missing:
        raise PopulationError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    known = {r.code for r in reference.regions()}
    unknown = sorted(set(frame["jeugdregio"]) - known)
    absent = sorted(known - set(frame["jeugdregio"]))
    if unknown or absent:
        raise PopulationError(f"{path.name}: unknown region code(s) {unknown}; missing {absent}")
    if (frame["jeugdigen"] <= 0).any():
        raise PopulationError(f"{path.name}: every region needs a positive number of young people")
    return frame[["jeugdregio", "jeugdigen"]].reset_index(drop=True)


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
        float(stats.poisson.ppf(0.025, expected)), float(stats.poisson.ppf(0.975, expected)),
        float(stats.poisson.ppf(0.001, expected)), float(stats.poisson.ppf(0.999, expected)),
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
    "lager_998": "Veel lager dan verwacht (buiten 99,8%-grens)",
    "lager_95": "Lager dan verwacht (buiten 95%-grens)",
    "binnen": "Binnen de verwachting",
    "hoger_95": "Hoger dan verwacht (buiten 95%-grens)",
    "hoger_998": "Veel hoger dan verwacht (buiten 99,8%-grens)",
    "geheim": "Niet te beoordelen (aantal geheim)",
}


def funnel_curve(populations: np.ndarray, rate: float, points: int = 60) -> pd.DataFrame:
    """The funnel's limit lines (rate per 10,000) over the range of populations."""
    grid = np.geomspace(max(populations.min() * 0.8, 1), populations.max() * 1.1, points)
    rows = []
    for pop in grid:
        lim = funnel_limits(pop, rate)
        for name, value in (("95%", lim.low95), ("95%", lim.high95),
                            ("99,8%", lim.low998), ("99,8%", lim.high998)):
            rows.append({"jeugdigen": float(pop), "grens": name,
                         "kant": "onder" if value <= lim.expected else "boven",
                         "per_10000": value / pop * PER})
    return pd.DataFrame(rows)

