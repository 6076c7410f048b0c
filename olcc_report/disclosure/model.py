"""The cell model and its protection: primary suppression, disclosive zeros, rounding, and the
attacker's linear (then integer) program that drives secondary suppression (see the package
docstring for the rules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from olcc_report.intake.params import DisclosureParams
from olcc_report.records.vocabulary import NIL_SYMBOL, SECRET_SYMBOL


def round_to_base(count: int, base: int) -> int:
    """Round half up to a multiple of ``base``."""
    return int((count + base / 2) // base * base)


def rounding_interval(shown: int, base: int) -> tuple[int, int]:
    """The whole numbers that round (half up) to ``shown``."""
    return shown - base // 2, shown + (base + 1) // 2 - 1


# --- the linked-cells model -------------------------------------------------------------------------


@dataclass
class CellModel:
    """Counts that are published together and the equations that link them.

    ``publishable`` is False for counts that exist only to state an equation (for instance the
    cases *without* a category, which are never shown). ``known`` marks unpublished counts that
    a reader knows from the definitions alone (a structural zero). Each equation is a mapping
    cell → coefficient whose weighted sum is 0; a *total* is an equation ``total − Σ parts = 0``
    and also drives the complement rule and the rule for disclosive zeros.
    """

    values: list[int] = field(default_factory=list)
    publishable: list[bool] = field(default_factory=list)
    known: list[bool] = field(default_factory=list)
    equations: list[dict[int, int]] = field(default_factory=list)
    totals: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    fixed: dict[int, bool] = field(default_factory=dict)  # published before: cell → hidden?

    def add(self, value: int, publishable: bool = True, known: bool = False) -> int:
        if value < 0:
            raise ValueError(f"a count cannot be negative: {value}")
        self.values.append(int(value))
        self.publishable.append(publishable)
        self.known.append(known)
        return len(self.values) - 1

    def add_published(self, value: int, hidden: bool) -> int:
        """A count another book has already published, as it was shown (or hidden): it takes
        part in the equations, but this protection cannot change it."""
        index = self.add(value)
        self.fixed[index] = hidden
        return index

    def total(self, total: int, parts: Sequence[int]) -> None:
        """``total`` is the sum of ``parts`` (cell indices); the values must agree."""
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(
                f"total {self.values[total]} is not the sum of its parts "
                f"{[self.values[p] for p in parts]}"
            )
        self.totals.append((total, tuple(parts)))
        self._equation([(total, 1), *((p, -1) for p in parts)])

    def balance(self, plus: Sequence[int], minus: Sequence[int]) -> None:
        """Σ plus = Σ minus."""
        self.weighted([(i, 1) for i in plus], [(i, 1) for i in minus])

    def weighted(self, plus: Iterable[tuple[int, int]], minus: Iterable[tuple[int, int]]) -> None:
        """Σ coefficient·cell over ``plus`` = the same over ``minus`` (e.g. Σ k·n_k = Σ has)."""
        terms = [*plus, *((i, -c) for i, c in minus)]
        if sum(c * self.values[i] for i, c in terms) != 0:
            raise ValueError("an equation does not hold for the true values")
        self._equation(terms)

    def _equation(self, terms: Iterable[tuple[int, int]]) -> None:
        row: dict[int, int] = {}
        for i, c in terms:
            row[i] = row.get(i, 0) + c
        self.equations.append({i: c for i, c in row.items() if c})


@dataclass(frozen=True)
class Exposure:
    """A hidden (or unpublished small) cell and the interval an attacker can derive for it."""

    cell: int
    low: float
    high: float


@dataclass(frozen=True)
class Protection:
    """Outcome of protecting a :class:`CellModel`."""

    shown: list[int | None]  # rounded value, 0 for nihil, None when hidden or not publishable
    symbols: list[str]
    primary: frozenset[int]
    secondary: frozenset[int]
    zeros: frozenset[int] = frozenset()


def primary_unsafe(model: CellModel, rules: DisclosureParams) -> set[int]:
    """Cells hidden by the minimum-count rule and its complement (a shown part of a shown total
    that leaves 1 to ``min_count - 1`` cases)."""
    m = rules.min_count
    values = model.values
    unsafe = {i for i, v in enumerate(values) if model.publishable[i] and 0 < v < m}
    for total, parts in model.totals:
        if not model.publishable[total]:
            continue
        unsafe |= {
            p
            for p in parts
            if model.publishable[p] and values[p] > 0 and 0 < values[total] - values[p] < m
        }
    return (unsafe - model.fixed.keys()) | {i for i, hidden in model.fixed.items() if hidden}


def disclosive_zeros(model: CellModel, hidden: Iterable[int]) -> set[int]:
    """Published zeros among the parts of a hidden total: "0 t/m 4 jaar: x; -; -; x" would tell
    that the few children of that age are all boys, and a hidden row with "-" for some kinds
    of help what none of them got. A zero among the parts of a shown total tells nothing about
    hidden cases and stays "-"; a zero the definitions imply (``known``) is never hidden."""
    hidden = set(hidden)
    out: set[int] = set()
    for total, parts in model.totals:
        if total in hidden and model.publishable[total]:
            out |= {
                i
                for i in parts
                if model.publishable[i] and model.values[i] == 0 and not model.known[i]
            }
    return out - hidden - model.fixed.keys()


def _zeros_closed(model: CellModel, hidden: set[int]) -> set[int]:
    """Apply the zero rule until nothing changes: a zero hidden under a hidden total is a
    hidden total too, so zeros under it are hidden as well. Adds them to ``hidden``; returns
    them."""
    out: set[int] = set()
    while new := disclosive_zeros(model, hidden):
        out |= new
        hidden |= new
    return out


def required_width(rules: DisclosureParams) -> int:
    """How wide an attacker's interval for a hidden cell must at least be: ``min_count`` with
    exact counts, else one rounding interval (a hidden count is then known no more precisely
    than a shown one)."""
    if rules.rounding_base <= 1:
        return rules.min_count
    low, high = rounding_interval(0, rules.rounding_base)
    return min(rules.min_count, high - low)


@dataclass(frozen=True)
class _Ends:
    low: float
    high: float
    integral: bool  # both optima are whole-number solutions


class _Attacker:
    """The reader's optimisation problem: the equations, and what each cell's published value
    (or symbol) says about it; one HiGHS model, solved per cell for its minimum and maximum,
    as a linear program (fast) or over whole numbers (what a reader with an integer solver
    finds)."""

    def __init__(self, model: CellModel, rules: DisclosureParams):
        self.model, self.rules = model, rules
        n = len(model.values)
        self.n = n
        self.shown_bounds = np.array([self._shown_bound(i) for i in range(n)], dtype=float)
        self.highs = highspy.Highs()
        self.highs.silent()
        self.highs.setOptionValue("random_seed", 0)
        self.highs.setOptionValue("threads", 1)
        inf = highspy.kHighsInf
        lower, upper = (
            self.shown_bounds[:, 0],
            np.where(np.isinf(self.shown_bounds[:, 1]), inf, self.shown_bounds[:, 1]),
        )
        self.highs.addVars(n, lower, upper)
        for equation in model.equations:
            index = np.array(list(equation), dtype=np.int32)
            coefficients = np.array(list(equation.values()), dtype=float)
            self.highs.addRow(0.0, 0.0, len(index), index, coefficients)
        self._current = self.shown_bounds.copy()
        self._integer = False
        self.integer_solves = 0
        truth = np.array(model.values, dtype=float)  # a whole-number solution
        self.seen_low, self.seen_high = truth.copy(), truth.copy()

    def _shown_bound(self, i: int) -> tuple[float, float]:
        value, rules = self.model.values[i], self.rules
        if self.model.known[i]:
            return value, value
        if not self.model.publishable[i]:
            return 0, np.inf
        if value == 0:
            return 0, 0
        low, high = rounding_interval(
            round_to_base(value, rules.rounding_base), rules.rounding_base
        )
        return max(low, rules.min_count, 0), high

    def hide(self, hidden: set[int]) -> None:
        """Set the bounds of the hidden cells to what a reader knows of them: nothing but ≥ 0."""
        target = self.shown_bounds.copy()
        for i in hidden:
            if not self.model.known[i]:
                target[i] = (0, np.inf)
        changed = np.nonzero((target != self._current).any(axis=1))[0]
        for i in changed:
            high = highspy.kHighsInf if np.isinf(target[i, 1]) else target[i, 1]
            self.highs.changeColBounds(int(i), float(target[i, 0]), float(high))
        self._current = target

    def _integrality(self, on: bool) -> None:
        if on != self._integer:
            kind = highspy.HighsVarType.kInteger if on else highspy.HighsVarType.kContinuous
            self.highs.changeColsIntegrality(
                self.n, np.arange(self.n, dtype=np.int32), np.full(self.n, kind)
            )
            self._integer = on

    def interval(self, cell: int, integer: bool = True) -> tuple[float, float]:
        """The least and greatest value of ``cell`` a reader can derive (over whole numbers
        when ``integer``; :meth:`narrower_than` is the fast check)."""
        lp = self._lp_ends(cell)
        if not integer or lp.integral:
            return lp.low, lp.high
        return self._mip(cell, highspy.ObjSense.kMinimize), self._mip(
            cell, highspy.ObjSense.kMaximize
        )

    def narrower_than(self, cell: int, width: float) -> tuple[bool, float, float]:
        """Whether a reader can pin ``cell`` to an interval narrower than ``width`` (over whole
        numbers), with the interval found.

        Whole-number solutions bound the interval from inside: every one met on the way (the
        true counts, each integral vertex, each integer optimum) is kept, and two at least
        ``width`` apart prove it wide. Hiding more only adds solutions, so they stay valid.
        The linear program bounds it from outside: narrower there means exposed. Only when
        neither settles it is the integer program solved."""
        if self.seen_high[cell] - self.seen_low[cell] >= width - 1e-6:
            return False, self.seen_low[cell], self.seen_high[cell]
        lp = self._lp_ends(cell)
        if lp.high - lp.low < width - 1e-6 or lp.integral:
            return lp.high - lp.low < width - 1e-6, lp.low, lp.high
        if self.seen_high[cell] - self.seen_low[cell] >= width - 1e-6:
            return False, self.seen_low[cell], self.seen_high[cell]
        low = self._mip(cell, highspy.ObjSense.kMinimize)
        high = self._mip(cell, highspy.ObjSense.kMaximize)
        return high - low < width - 1e-6, low, high

    def _objective(self, cell: int) -> None:
        self.highs.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), np.zeros(self.n))
        self.highs.changeColCost(cell, 1.0)

    def _lp_ends(self, cell: int) -> _Ends:
        self._objective(cell)
        self._integrality(False)
        low = self._solve(highspy.ObjSense.kMinimize)
        integral = not np.isfinite(low) or self._integral()
        high = self._solve(highspy.ObjSense.kMaximize)
        integral = integral and (not np.isfinite(high) or self._integral())
        return _Ends(low, high, integral)

    def _mip(self, cell: int, sense) -> float:
        """The optimum over whole numbers."""
        self._objective(cell)
        self._integrality(True)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        value = self._solve(sense)
        if np.isfinite(value):
            self._integral()
        self.integer_solves += 1
        return value

    def _integral(self) -> bool:
        """Whether the last solution is a whole-number one (then it is kept as a witness)."""
        values = np.asarray(self.highs.getSolution().col_value)
        whole = bool(np.all(np.abs(values - np.round(values)) < 1e-7))
        if whole:
            self.seen_low = np.minimum(self.seen_low, np.round(values))
            self.seen_high = np.maximum(self.seen_high, np.round(values))
        return whole

    def _solve(self, sense) -> float:
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(self.highs.getInfo().objective_function_value)
        if status == highspy.HighsModelStatus.kUnbounded or (
            sense == highspy.ObjSense.kMaximize
            and status == highspy.HighsModelStatus.kUnboundedOrInfeasible
        ):
            return np.inf
        raise RuntimeError(
            f"disclosure audit: the model cannot be solved ({self.highs.modelStatusToString(status)})"
        )


def watched(model: CellModel, hidden: set[int], rules: DisclosureParams) -> list[int]:
    """Cells whose attacker interval must be wide: every hidden publishable cell, and every
    unpublished count from 1 to ``min_count - 1`` (a difference a reader could compute)."""
    small = [
        i
        for i, v in enumerate(model.values)
        if not model.publishable[i] and not model.known[i] and 0 < v < rules.min_count
    ]
    return sorted(i for i in hidden if model.publishable[i]) + small


def exposures(
    model: CellModel,
    hidden: set[int],
    rules: DisclosureParams,
    first_only: bool = False,
    integer: bool = True,
    skip: set[int] | None = None,
) -> list[Exposure]:
    """Watched cells whose attacker interval is narrower than :func:`required_width`."""
    attacker = _Attacker(model, rules)
    return _exposures(attacker, hidden, first_only, integer, skip if skip is not None else set())


def _exposures(
    attacker: _Attacker, hidden: set[int], first_only: bool, integer: bool, safe: set[int]
) -> list[Exposure]:
    attacker.hide(hidden)
    width = required_width(attacker.rules)
    found = []
    for cell in watched(attacker.model, hidden, attacker.rules):
        if cell in safe:
            continue
        if integer:
            exposed, low, high = attacker.narrower_than(cell, width)
        else:
            low, high = attacker.interval(cell, integer=False)
            exposed = high - low < width - 1e-6
        if exposed:
            found.append(Exposure(cell, low, high))
            if first_only:
                break
        else:
            safe.add(cell)  # hiding more only widens intervals: it stays safe
    return found


def _neighbours(model: CellModel, cells: Iterable[int]) -> set[int]:
    cells = set(cells)
    out: set[int] = set()
    for equation in model.equations:
        if cells & equation.keys():
            out |= equation.keys()
    return out - cells


def _is_grand_total(model: CellModel, cell: int) -> bool:
    return any(total == cell for total, _ in model.totals) and not any(
        cell in parts for _, parts in model.totals
    )


def _to_hide(model: CellModel, exposed: int, hidden: set[int]) -> int:
    """The shown cell to hide next: one linked to the exposed cell, searching outwards through
    unpublished cells; least information lost first (inner cells before totals, non-zero
    before zero, small first)."""
    frontier, seen = {exposed}, {exposed}
    while frontier:
        near = _neighbours(model, frontier) - seen
        candidates = [
            i for i in near if model.publishable[i] and i not in hidden and i not in model.fixed
        ]
        if candidates:
            return min(
                candidates,
                key=lambda i: (_is_grand_total(model, i), model.values[i] == 0, model.values[i], i),
            )
        seen |= near
        frontier = {i for i in near if not model.publishable[i] or i in hidden}
    raise RuntimeError("disclosure: cannot protect the tables (no cell left to hide)")


def protect(model: CellModel, rules: DisclosureParams) -> Protection:
    """Apply primary suppression, the zero rule, secondary suppression and rounding.

    Intervals are over whole numbers (a reader may use integer programming)."""
    primary = primary_unsafe(model, rules)
    hidden = set(primary)
    zeros = _zeros_closed(model, hidden)
    attacker = _Attacker(model, rules)
    safe: set[int] = set()
    while exposed := _exposures(attacker, hidden, True, True, safe):
        choice = _to_hide(model, exposed[0].cell, hidden)
        hidden.add(choice)
        zeros |= _zeros_closed(model, hidden)
    shown: list[int | None] = []
    symbols: list[str] = []
    for i, value in enumerate(model.values):
        if not model.publishable[i] or i in hidden:
            shown.append(None)
            symbols.append(SECRET_SYMBOL)
        elif value == 0:
            shown.append(0)
            symbols.append(NIL_SYMBOL)
        else:
            shown.append(round_to_base(value, rules.rounding_base))
            symbols.append("")
    return Protection(
        shown, symbols, frozenset(primary), frozenset(hidden - primary - zeros), frozenset(zeros)
    )
