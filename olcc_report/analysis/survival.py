"""Time to closure: durations censored at the period end and their Kaplan–Meier curve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from olcc_report.records import schema


@dataclass(frozen=True)
class Durations:
    """Time from registration to closure, censored at the period end for open cases."""

    days: np.ndarray
    closed: np.ndarray  # bool: closure observed


def durations(cases: pd.DataFrame, period_end: dt.date) -> Durations:
    end = pd.Timestamp(period_end)
    closed = cases["afsluitdatum"].notna() & (cases["afsluitdatum"] <= end)
    stop = cases["afsluitdatum"].where(closed, end)
    days = (stop - cases["aanmelddatum"]).dt.days.to_numpy(dtype=float)
    return Durations(days, closed.to_numpy(dtype=bool))


def kaplan_meier(d: Durations) -> pd.DataFrame:
    """Kaplan–Meier estimate of the share still open, at every event time (days).

    Uses scipy's ``ecdf`` for right-censored data. Columns ``dag`` and ``aandeel_open``.
    """
    if len(d.days) == 0:
        return pd.DataFrame({"dag": [0.0], "aandeel_open": [1.0]})
    data = stats.CensoredData(uncensored=d.days[d.closed], right=d.days[~d.closed])
    result = stats.ecdf(data).sf
    return pd.DataFrame(
        {
            "dag": np.concatenate([[0.0], result.quantiles]),
            "aandeel_open": np.concatenate([[1.0], result.probabilities]),
        }
    )


def survival_at(curve: pd.DataFrame, day: float) -> float:
    """The step function's value at ``day``."""
    before = curve[curve["dag"] <= day]
    return float(before["aandeel_open"].iloc[-1])


def survival_quantile(curve: pd.DataFrame, share_closed: float) -> float | None:
    """First day at which at least ``share_closed`` of the cases is closed (None if never)."""
    reached = curve[curve["aandeel_open"] <= 1 - share_closed + 1e-12]
    return None if reached.empty else float(reached["dag"].iloc[0])


def survival_by(
    cases: pd.DataFrame, period_end: dt.date, group_field: str | None = None
) -> dict[str, tuple[Durations, pd.DataFrame]]:
    """Durations and Kaplan–Meier curve overall (key ``totaal``) and per group."""
    out = {"totaal": _curve(durations(cases, period_end))}
    if group_field is not None:
        for code in schema.get_field(group_field).codes:
            out[code] = _curve(durations(cases[cases[group_field] == code], period_end))
    return out


def _curve(d: Durations) -> tuple[Durations, pd.DataFrame]:
    return d, kaplan_meier(d)
