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
    * where at least ``min_count`` cases were closed since the previous published point, month
      or quartile (month 0 counts as published): a step of the curve shows how many cases closed between two
      points, so no step may show fewer than ``min_count``. Months between are ``hidden``
      (symbol ``x``).

    ``quartiles``: weeks until 25%, 50% and 75% were closed, in whole weeks; ``x`` when fewer
    than ``min_count`` cases were at risk then, or fewer than ``min_count`` closed since the
    previous published point (a quartile is a point on the same curve as the months); ``.``
    when not reached in the period. ``shown``
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
    # Every published point of the curve, months and quartiles alike, in time order: a point
    # is published only when at least min_count cases closed since the previous one.
    points: list[tuple[float, int, int]] = []  # (day, 0 for a month / 1 for a quartile, which)
    for month in range(1, max_months + 1):
        if at_risk(month * DAYS_PER_MONTH) < rules.min_count:
            break  # no month from here on
        points.append((month * DAYS_PER_MONTH, 0, month))
    quartiles: list[Total] = []
    for i, share in enumerate((0.25, 0.5, 0.75)):
        day = survival_quantile(curve, share)
        if day is None:
            quartiles.append(Total(None, MISSING_SYMBOL))
            continue
        quartiles.append(secret)
        day = stable(day)  # a whole day stays one, whatever its last bits
        if at_risk(day) >= rules.min_count:
            points.append((day, 1, i))
    months: dict[int, float] = {0: 1.0}
    hidden = set()
    last_day = 0.0
    for day, kind, which in sorted(points):
        closures = int(((events > last_day) & (events <= day)).sum())
        if closures < rules.min_count:
            if kind == 0:
                hidden.add(which)
            continue
        last_day = day
        if kind == 0:
            months[which] = round(stable(survival_at(curve, day)), 2)
        else:
            quartiles[which] = Total(int(np.floor(day / 7 + 0.5)), "")
    return SurvivalSummary(True, months, tuple(quartiles), frozenset(hidden))
