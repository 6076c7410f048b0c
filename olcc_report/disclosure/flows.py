"""Inflow, outflow and open cases per month, protected as one linked model:
open(t) = open(t-1) + in(t) - out(t)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from olcc_report.disclosure.model import CellModel, protect
from olcc_report.disclosure.tables import Total, total_at
from olcc_report.intake.params import DisclosureParams


@dataclass(frozen=True)
class ProtectedFlows:
    """Inflow, outflow and open cases per time bucket, protected together."""

    inflow: list[Total]
    outflow: list[Total]
    open_end: list[Total]
    secondary: int


def protect_flows(
    inflow: Sequence[int], outflow: Sequence[int], total: int, rules: DisclosureParams
) -> ProtectedFlows:
    """Protect a time series of cases in, out and open: open(t) = open(t-1) + in(t) - out(t).

    The three series are linked (differences of the open cases give in minus out), so they are
    one model: the cases still open at the end are an unpublished rest of the outflow."""
    model = CellModel()
    total_index = model.add(total)
    ins = [model.add(v) for v in inflow]
    outs = [model.add(v) for v in outflow]
    model.total(total_index, ins)
    still_open = total - sum(outflow)
    model.total(
        total_index, outs + ([model.add(still_open, publishable=False)] if still_open else [])
    )
    stocks, previous, level = [], None, 0
    for i, o in zip(ins, outs, strict=True):
        level += model.values[i] - model.values[o]
        stock = model.add(level)
        model.balance([stock, o], [i] + ([previous] if previous is not None else []))
        stocks.append(stock)
        previous = stock
    protection = protect(model, rules)
    return ProtectedFlows(
        [total_at(protection, i) for i in ins],
        [total_at(protection, o) for o in outs],
        [total_at(protection, s) for s in stocks],
        len(protection.secondary),
    )
