"""Themes per case: codings in, unprotected counts of cases per theme out (pure).

Everything that is published passes :mod:`olcc_report.disclosure` first (in
:mod:`olcc_report.figures.qualitative`).
"""

from __future__ import annotations

import pandas as pd

from olcc_report.qualitative.codebook import Codebook, Theme
from olcc_report.records import schema


def theme_indicators(
    codings: pd.DataFrame, cases: pd.DataFrame, themes: list[Theme]
) -> pd.DataFrame:
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
    return pd.DataFrame(
        {
            "thema": [t.code for t in themes],
            "label": [t.label for t in themes],
            "aantal": [int(indicators[t.code].sum()) for t in themes],
        }
    )


def count_themes_by(
    indicators: pd.DataFrame, themes: list[Theme], cases: pd.DataFrame, group_field: str
) -> pd.DataFrame:
    """Cases with each theme within each group of a categorical case field (long format)."""
    group = schema.get_field(group_field)
    sums = (
        indicators[[t.code for t in themes]]
        .astype(int)
        .groupby(cases[group_field], observed=False)
        .sum()
        .reindex(index=group.codes, fill_value=0)
    )
    return pd.DataFrame.from_records(
        [
            {
                "thema": t.code,
                "thema_label": t.label,
                group_field: g.code,
                f"{group_field}_label": g.label,
                "aantal": int(sums.loc[g.code, t.code]),
            }
            for t in themes
            for g in group.categories
        ]
    )


def theme_pairs(indicators: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Cases with both themes, for every pair of two different themes (a theme with itself
    would only repeat its own count)."""
    matrix = indicators[[t.code for t in themes]].to_numpy(dtype=int)
    both = matrix.T @ matrix
    return pd.DataFrame.from_records(
        [
            {
                "paar": f"{a.code}+{b.code}",
                "label": f"{a.label} + {b.label}",
                "thema_a": a.label,
                "thema_b": b.label,
                "aantal": int(both[i, j]),
            }
            for i, a in enumerate(themes)
            for j, b in enumerate(themes)
            if i < j
        ]
    )


def evaluated_cases(codings: pd.DataFrame, codebook: Codebook) -> set[str]:
    """Cases with a case evaluation: at least one knooppunt or succesmoment coded."""
    kinds = {t.code for t in codebook.themes if t.kind in ("knooppunt", "succesmoment")}
    return set(codings.loc[codings["code"].isin(kinds), "case_id"])
