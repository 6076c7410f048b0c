"""The least and greatest whole-number value of one count under linear relations and bounds.

One HiGHS model, solved per count for its minimum and maximum. The linear program bounds the
whole-number interval from outside; every whole-number solution met on the way (the true
counts when they are known, an integral vertex, an integer optimum) is kept as a *witness* and
bounds it from inside, for every count at once. The integer program is solved only when
neither settles the question. Widening a bound (hiding a count) only adds solutions, so the
witnesses stay valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

TOLERANCE = 1e-6  # on widths and bounds
WHOLE = 1e-7  # how far from a whole number a solution value may lie and count as whole


class Unsolvable(RuntimeError):
    """The relations and bounds contradict each other (or HiGHS could not solve them)."""


@dataclass(frozen=True)
class Ends:
    low: float
    high: float
    integral: bool  # both optima are whole-number solutions (or unbounded)


class IntervalSolver:
    """Counts ``0 … n-1`` with bounds ``low ≤ x ≤ high`` (``high`` may be ``inf``), equations
    ``Σ c·x = 0`` and inequalities ``Σ c·x ≤ 0``, each a mapping count → coefficient.

    ``witness`` is a known whole-number solution (the true counts); without one, the solver
    finds one itself. ``what`` is the error when they cannot be solved."""

    def __init__(
        self,
        low: Sequence[float],
        high: Sequence[float],
        equalities: Iterable[Mapping[int, float]],
        at_most: Iterable[Mapping[int, float]] = (),
        witness: Sequence[float] | None = None,
        what: str = "the relations cannot be solved",
    ):
        self.n = n = len(low)
        self.what = what
        self.highs = h = highspy.Highs()
        h.silent()
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        inf = highspy.kHighsInf
        self.low = np.asarray(low, dtype=float).copy()
        self.high = np.asarray(high, dtype=float).copy()
        h.addVars(n, self.low, np.where(np.isinf(self.high), inf, self.high))
        for rows, lower in ((equalities, 0.0), (at_most, -inf)):
            for row in rows:
                index = np.array(list(row), dtype=np.int32)
                h.addRow(lower, 0.0, len(index), index, np.array(list(row.values()), dtype=float))
        self.columns = np.arange(n, dtype=np.int32)
        self.integer = False
        self.integer_solves = 0
        if witness is not None:
            self.seen_low = np.asarray(witness, dtype=float).copy()
            self.seen_high = self.seen_low.copy()
        else:
            self.seen_low, self.seen_high = np.full(n, np.inf), np.full(n, -np.inf)
            self._optimum(None, highspy.ObjSense.kMinimize, integer=True)

    # --- bounds -------------------------------------------------------------------------------

    def set_bounds(self, low: np.ndarray, high: np.ndarray) -> None:
        """New bounds for every count (only the changed ones reach HiGHS)."""
        changed = np.nonzero((low != self.low) | (high != self.high))[0]
        for i in changed:
            upper = highspy.kHighsInf if np.isinf(high[i]) else float(high[i])
            self.highs.changeColBounds(int(i), float(low[i]), upper)
        self.low, self.high = np.asarray(low, float).copy(), np.asarray(high, float).copy()

    # --- questions ----------------------------------------------------------------------------

    def ends(self, cell: int, integer: bool = False) -> Ends:
        """The least and greatest value of ``cell`` over real (or whole) numbers."""
        cost = np.zeros(self.n)
        cost[cell] = 1.0
        low, low_whole = self._optimum(cost, highspy.ObjSense.kMinimize, integer)
        high, high_whole = self._optimum(cost, highspy.ObjSense.kMaximize, integer)
        return Ends(low, high, low_whole and high_whole)

    def interval(self, cell: int, integer: bool = True) -> tuple[float, float]:
        """The least and greatest value of ``cell`` (over whole numbers when ``integer``)."""
        lp = self.ends(cell)
        if not integer or lp.integral:
            return lp.low, lp.high
        mip = self.ends(cell, integer=True)
        return mip.low, mip.high

    def _witnessed(self, cell: int) -> float:
        return self.seen_high[cell] - self.seen_low[cell]

    def narrower_than(self, cell: int, width: float) -> tuple[bool, float, float]:
        """Whether ``cell`` is pinned, over whole numbers, to an interval narrower than
        ``width``, with the interval found (from inside when it is wide enough)."""
        if self._witnessed(cell) >= width - TOLERANCE:
            return False, self.seen_low[cell], self.seen_high[cell]
        lp = self.ends(cell)
        if lp.high - lp.low < width - TOLERANCE or lp.integral:
            return lp.high - lp.low < width - TOLERANCE, lp.low, lp.high
        if self._witnessed(cell) >= width - TOLERANCE:
            return False, self.seen_low[cell], self.seen_high[cell]
        mip = self.ends(cell, integer=True)
        return mip.high - mip.low < width - TOLERANCE, mip.low, mip.high

    def small(self, cell: int, min_count: int, width: float) -> tuple[bool, float, float]:
        """Whether every whole-number solution puts ``cell`` within 1 … ``min_count - 1``, in
        an interval narrower than ``width`` (a difference that points at a few cases)."""

        def cleared() -> bool:
            return (
                self.seen_low[cell] <= 0
                or self.seen_high[cell] >= min_count
                or self._witnessed(cell) >= width - TOLERANCE
            )

        if cleared():
            return False, self.seen_low[cell], self.seen_high[cell]
        lp = self.ends(cell)
        if lp.high < 1 - TOLERANCE or lp.low > min_count - 1 + TOLERANCE or cleared():
            return False, lp.low, lp.high
        low, high = (lp.low, lp.high) if lp.integral else self.interval(cell, integer=True)
        return low >= 1 and high <= min_count - 1 and high - low < width - TOLERANCE, low, high

    # --- HiGHS --------------------------------------------------------------------------------

    def _optimum(self, cost: np.ndarray | None, sense, integer: bool) -> tuple[float, bool]:
        """The optimum and whether its solution is whole (an unbounded end counts as whole:
        it bounds nothing from inside)."""
        if integer != self.integer:
            kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
            self.highs.changeColsIntegrality(self.n, self.columns, np.full(self.n, kind))
            self.integer = integer
        self.highs.changeColsCost(self.n, self.columns, np.zeros(self.n) if cost is None else cost)
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        if integer:
            self.integer_solves += 1
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded or (
            sense == highspy.ObjSense.kMaximize
            and status == highspy.HighsModelStatus.kUnboundedOrInfeasible
        ):
            return np.inf, True
        if status != highspy.HighsModelStatus.kOptimal:
            raise Unsolvable(f"{self.what} ({self.highs.modelStatusToString(status)})")
        return float(self.highs.getInfo().objective_function_value), self._keep_if_whole()

    def _keep_if_whole(self) -> bool:
        """Whether the last solution is a whole-number one; then it is kept as a witness."""
        values = np.asarray(self.highs.getSolution().col_value)
        whole = bool(np.abs(values - np.round(values)).max(initial=0) < WHOLE)
        if whole:
            self.seen_low = np.minimum(self.seen_low, np.round(values))
            self.seen_high = np.maximum(self.seen_high, np.round(values))
        return whole
