"""Pure analysis functions: typed case frame in, tidy table of (unprotected) counts out.

Nothing here is published as is: every table passes :mod:`olcc_report.disclosure` first.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from olcc_report import schema

PROBLEM_COUNT_CAP = 6


def period_counts(cases: pd.DataFrame, period_end: dt.date) -> dict[str, int]:
    """Cases registered in the period, closed within it, and still open at its end."""
    end = pd.Timestamp(period_end)
    closed = cases["afsluitdatum"].notna() & (cases["afsluitdatum"] <= end)
    return {
        "aangemeld": int(len(cases)),
        "afgesloten": int(closed.sum()),
        "open_einde_periode": int((~closed).sum()),
    }


def count_by(cases: pd.DataFrame, field_name: str) -> pd.DataFrame:
    """Cases per category of a categorical field, every category listed (zeros included)."""
    f = schema.get_field(field_name)
    counts = cases[field_name].value_counts().reindex(f.codes, fill_value=0)
    return pd.DataFrame({
        field_name: f.codes,
        "label": [c.label for c in f.categories],
        "aantal": counts.to_numpy(dtype=int),
    })


def count_by_pair(cases: pd.DataFrame, row_field: str, column_field: str) -> pd.DataFrame:
    """Cases per combination of two categorical fields, long format, all combinations listed."""
    rows, columns = schema.get_field(row_field), schema.get_field(column_field)
    grid = pd.crosstab(cases[row_field], cases[column_field], dropna=False)
    grid = grid.reindex(index=rows.codes, columns=columns.codes, fill_value=0)
    records = [
        {row_field: r.code, f"{row_field}_label": r.label,
         column_field: c.code, f"{column_field}_label": c.label,
         "aantal": int(grid.loc[r.code, c.code])}
        for r in rows.categories for c in columns.categories
    ]
    return pd.DataFrame.from_records(records)


def count_multi(cases: pd.DataFrame, field_name: str) -> pd.DataFrame:
    """Cases that have each category of a multi-valued field (a case counts once per category)."""
    f = schema.get_field(field_name)
    return pd.DataFrame({
        field_name: f.codes,
        "label": [c.label for c in f.categories],
        "aantal": [int(cases[schema.indicator_column(field_name, c)].sum()) for c in f.codes],
    })


def count_categories_per_case(cases: pd.DataFrame, field_name: str,
                              cap: int = PROBLEM_COUNT_CAP) -> pd.DataFrame:
    """Distribution of the number of categories per case (0, 1, ..., 'cap of meer')."""
    per_case = cases[schema.indicator_columns(field_name)].astype(int).sum(axis=1).clip(upper=cap)
    counts = per_case.value_counts().reindex(range(cap + 1), fill_value=0)
    labels = [str(k) for k in range(cap)] + [f"{cap} of meer"]
    return pd.DataFrame({
        "aantal_categorieen": [str(k) for k in range(cap + 1)],
        "label": labels,
        "aantal": counts.to_numpy(dtype=int),
    })
