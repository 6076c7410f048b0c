"""What may be published of a Kaplan–Meier curve: whole months while enough cases are at risk,
quartiles in whole weeks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from olcc_report.analysis.survival import survival_at, survival_quantile
from olcc_report.disclosure.tables import Total
from olcc_report.intake.params import DisclosureParams
from olcc_report.records.formatting import stable
from olcc_report.records.vocabulary import DAYS_PER_MONTH, MISSING_SYMBOL, SECRET_SYMBOL


@dataclass(frozen=True)
class SurvivalSummary:
    """What may be published of a Kaplan–Meier curve.

    ``months``: whole month → share still open, in whole percents, published only

    * while at least ``min_count`` cases are still at risk (later months: ``.``), and
    * where at least ``min_count`` cases were closed since the previous published month (month
      0 counts as published): a step of the curve shows how many cases closed between two
      points, so no step may show fewer than ``min_count``. Months between are ``hidden``
      (symbol ``x``).

    ``quartiles``: weeks until 25%, 50% and 75% were closed, in whole weeks; ``x`` when fewer
    than ``min_count`` cases were at risk then, ``.`` when not reached in the period. ``shown``
    is False for groups under ``min_count``.
    """

    shown: bool
    months: dict[int, float]
    quartiles: tuple[Total, Total, Total]
    hidden: frozenset[int] = frozenset()


def protect_survival(
    days: np.ndarray,
    curve: pd.DataFrame,
    rules: DisclosureParams,
    max_months: int = 12,
    closed: np.ndarray | None = None,
) -> SurvivalSummary:
    """``closed`` marks the durations that end in a closure (the rest are censored); without
    it every duration is taken as a closure."""

    def at_risk(day: float) -> int:
        return int((days >= day).sum())

    events = days[closed] if closed is not None else days
    secret = Total(None, SECRET_SYMBOL)
    if len(days) < rules.min_count:
        return SurvivalSummary(False, {}, (secret, secret, secret))
    months: dict[int, float] = {0: 1.0}
    hidden = set()
    last_day = 0.0
    for month in range(1, max_months + 1):
        day = month * DAYS_PER_MONTH
        if at_risk(day) < rules.min_count:
            break
        closures = int(((events > last_day) & (events <= day)).sum())
        if closures >= rules.min_count:
            months[month] = round(stable(survival_at(curve, day)), 2)
            last_day = day
        else:
            hidden.add(month)
    quartiles = []
    for share in (0.25, 0.5, 0.75):
        day = survival_quantile(curve, share)
        if day is not None:
            day = stable(day)  # a whole day stays one, whatever its last bits
        if day is None:
            quartiles.append(Total(None, MISSING_SYMBOL))
        elif at_risk(day) < rules.min_count:
            quartiles.append(secret)
        else:
            quartiles.append(Total(int(np.floor(day / 7 + 0.5)), ""))
    return SurvivalSummary(True, months, tuple(quartiles), frozenset(hidden))
