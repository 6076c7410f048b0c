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
from olcc_report.records.vocabulary import (
    DAYS_PER_MONTH,
    FLOAT_DECIMALS,
    MISSING_SYMBOL,
    SECRET_SYMBOL,
)


@dataclass(frozen=True)
class SurvivalSummary:
    """What may be published of a Kaplan–Meier curve.

    ``months``: whole month → share still open, in whole percents, published only

    * while at least ``min_count`` cases are still at risk (later months: ``.``), and
    * where at least ``min_count`` cases were closed between it and each published point beside
      it, month or quartile (month 0 counts as published; the median goes first, then the
      months, then the other quartiles): a step of the curve shows how many cases closed between two
      points, so no step may show fewer than ``min_count``. Months between are ``hidden``
      (symbol ``x``).

    ``quartiles``: weeks until 25%, 50% and 75% were closed, in whole weeks; ``x`` when fewer
    than ``min_count`` cases were at risk then, or fewer than ``min_count`` closed between it
    and a published point beside it (a quartile is a point on the same curve as the months); ``.``
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
    # Durations as they may be compared: a few last bits must not move a closure across a
    # published point (a quartile lies on a closure's day).
    days = np.round(np.asarray(days, dtype=float), FLOAT_DECIMALS)

    def at_risk(day: float) -> int:
        return int((days >= day).sum())

    events = days[closed] if closed is not None else days
    secret = Total(None, SECRET_SYMBOL)
    if len(days) < rules.min_count:
        return SurvivalSummary(False, {}, (secret, secret, secret))
    # Every published point of the curve, months and quartiles alike: a point is published
    # only when at least min_count cases closed between it and each published point beside
    # it. Points are taken in order of use: the median, the months, then the other quartiles.
    months_due: list[tuple[float, int, int]] = []  # (day, 0 for a month / 1 for a quartile, which)
    for month in range(1, max_months + 1):
        if at_risk(month * DAYS_PER_MONTH) < rules.min_count:
            break  # no month from here on
        months_due.append((month * DAYS_PER_MONTH, 0, month))
    quartiles: list[Total] = []
    quartiles_due: dict[int, tuple[float, int, int]] = {}
    for i, share in enumerate((0.25, 0.5, 0.75)):
        day = survival_quantile(curve, share)
        if day is None:
            quartiles.append(Total(None, MISSING_SYMBOL))
            continue
        quartiles.append(secret)
        day = stable(day)  # a whole day stays one, whatever its last bits
        if at_risk(day) >= rules.min_count:
            quartiles_due[i] = (day, 1, i)
    order = [*([quartiles_due[1]] if 1 in quartiles_due else []), *months_due]
    order += [quartiles_due[i] for i in (0, 2) if i in quartiles_due]
    months: dict[int, float] = {0: 1.0}
    hidden = set()
    for (day, kind, which), fits in _place(order, events, rules.min_count):
        if kind == 0 and fits:
            months[which] = round(stable(survival_at(curve, day)), 2)
        elif kind == 0:
            hidden.add(which)
        elif fits:
            quartiles[which] = Total(int(np.floor(day / 7 + 0.5)), "")
    months = dict(sorted(months.items()))
    return SurvivalSummary(True, months, tuple(quartiles), frozenset(hidden))


def _place(order, events: np.ndarray, min_count: int):
    """Each candidate point (day, kind, which), in ``order``, and whether it is published: at
    least ``min_count`` closures lie between it and each published point beside it (day 0 is
    published)."""
    published = [0.0]

    def closures(a: float, b: float) -> int:
        return int(((events > min(a, b)) & (events <= max(a, b))).sum())

    for point in order:
        day = point[0]
        before = max(d for d in published if d <= day)
        after = min((d for d in published if d > day), default=None)
        fits = closures(before, day) >= min_count and (
            after is None or closures(day, after) >= min_count
        )
        if fits:
            published.append(day)
        yield point, fits
