"""Pure analysis functions: typed case frame in, tidy table of (unprotected) counts out.

Nothing here is published as is: every table passes :mod:`olcc_report.disclosure` first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from olcc_report.records import schema
from olcc_report.records.formatting import MONTHS_NL_SHORT

PROBLEM_COUNT_CAP = 6


def count_by(cases: pd.DataFrame, field_name: str) -> pd.DataFrame:
    """Cases per category of a categorical field, every category listed (zeros included)."""
    f = schema.get_field(field_name)
    counts = cases[field_name].value_counts().reindex(f.codes, fill_value=0)
    return pd.DataFrame(
        {
            field_name: f.codes,
            "label": [c.label for c in f.categories],
            "aantal": counts.to_numpy(dtype=int),
        }
    )


def count_multi(cases: pd.DataFrame, field_name: str) -> pd.DataFrame:
    """Cases that have each registered category of a multi-valued field (a case counts once per
    category)."""
    f = schema.get_field(field_name)
    codes = schema.registered_codes(field_name, cases.columns)
    return pd.DataFrame(
        {
            field_name: codes,
            "label": [c.label for c in f.categories if c.code in codes],
            "aantal": [int(cases[schema.indicator_column(field_name, c)].sum()) for c in codes],
        }
    )


@dataclass(frozen=True)
class Flow:
    """Monthly (or quarterly) inflow, outflow and open cases of the period."""

    frame: pd.DataFrame  # bucket, label, instroom, uitstroom, open_einde
    frequency: str  # "maand" or "kwartaal"


def choose_frequency(n_cases: int, start: dt.date, end: dt.date, min_count: int) -> str:
    """Months when an average month has at least twice the minimum count, else quarters."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months <= 3 or n_cases / months >= 2 * min_count:
        return "maand"
    return "kwartaal"


def flows(cases: pd.DataFrame, start: dt.date, end: dt.date, frequency: str = "maand") -> Flow:
    """Per month or quarter of the period: cases registered (instroom), closed (uitstroom) and
    open at its end. Only cases registered in the period are in the data, so "open" counts those."""
    freq = {"maand": "M", "kwartaal": "Q"}[frequency]
    buckets = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)
    registered = cases["aanmelddatum"].dt.to_period(freq).value_counts()
    closed_dates = cases["afsluitdatum"].dropna()
    closed_dates = closed_dates[closed_dates <= pd.Timestamp(end)]
    closed = closed_dates.dt.to_period(freq).value_counts()
    inflow = registered.reindex(buckets, fill_value=0).to_numpy(dtype=int)
    outflow = closed.reindex(buckets, fill_value=0).to_numpy(dtype=int)
    open_end = (inflow.cumsum() - outflow.cumsum()).astype(int)
    labels = [_bucket_label(b, frequency) for b in buckets]
    frame = pd.DataFrame(
        {
            "periode": [str(b) for b in buckets],
            "label": labels,
            "instroom": inflow,
            "uitstroom": outflow,
            "open_einde": open_end,
        }
    )
    return Flow(frame, frequency)


def _bucket_label(bucket: pd.Period, frequency: str) -> str:
    if frequency == "kwartaal":
        return f"{bucket.year} K{bucket.quarter}"
    return f"{MONTHS_NL_SHORT[bucket.month - 1]} {bucket.year}"
