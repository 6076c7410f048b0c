"""The cell model and its protection: primary suppression, disclosive zeros, rounding, and the
attacker's linear (then integer) program that drives secondary suppression (see the package
docstring for the rules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from olcc_report.intake.params import DisclosureParams
from olcc_report.intervals import (
    IntervalSolver,
    required_width,
    round_to_base,
    rounding_interval,
)
from olcc_report.records.vocabulary import NIL_SYMBOL, SECRET_SYMBOL

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
    # Unpublished cells that only state an inequality (the slack of ``larger ≥ smaller``): a
    # difference of two counts, not a count of children, so never watched.
    slack: set[int] = field(default_factory=set)

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

    def not_less(self, larger: int, smaller: int) -> None:
        """``larger`` ≥ ``smaller``: an order a publication reveals by what it selects (the
        problems whose combinations are listed are the most frequent)."""
        gap = self.add(self.values[larger] - self.values[smaller], publishable=False)
        self.slack.add(gap)
        self.weighted([(larger, 1)], [(smaller, 1), (gap, 1)])

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
    """Cells hidden by the minimum-count rule and, with exact counts, its complement (a shown
    part of a shown total that leaves 1 to ``min_count - 1`` cases).

    With rounding the complement rule is not applied: a rounded part next to its rounded total
    leaves the difference an interval of two rounding intervals, and the reader's check
    (:func:`exposures`, which watches every unpublished difference from 1 to ``min_count - 1``)
    hides more wherever that is not so. A count that holds nearly all of its total stays
    readable."""
    m = rules.min_count
    values = model.values
    unsafe = {i for i, v in enumerate(values) if model.publishable[i] and 0 < v < m}
    for total, parts in model.totals if rules.rounding_base <= 1 else ():
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


class _Attacker:
    """The reader's optimisation problem: the equations, and what each cell's published value
    (or symbol) says about it, solved per cell for its least and greatest whole value."""

    def __init__(self, model: CellModel, rules: DisclosureParams):
        self.model, self.rules = model, rules
        self.shown_bounds = np.array(
            [self._shown_bound(i) for i in range(len(model.values))], dtype=float
        ).reshape(-1, 2)
        self.solver = IntervalSolver(
            self.shown_bounds[:, 0],
            self.shown_bounds[:, 1],
            model.equations,
            witness=model.values,  # the true counts: a whole-number solution
            what="disclosure: the cell model cannot be solved",
        )

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
        self.solver.set_bounds(target[:, 0], target[:, 1])


def watched(model: CellModel, hidden: set[int], rules: DisclosureParams) -> list[int]:
    """Cells whose attacker interval must be wide: every hidden publishable cell, and every
    unpublished count from 1 to ``min_count - 1`` (a difference a reader could compute)."""
    small = [
        i
        for i, v in enumerate(model.values)
        if not model.publishable[i]
        and not model.known[i]
        and i not in model.slack
        and 0 < v < rules.min_count
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
            exposed, low, high = attacker.solver.narrower_than(cell, width)
        else:
            low, high = attacker.solver.interval(cell, integer=False)
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


def large_cells(model: CellModel, rules: DisclosureParams) -> set[int]:
    """Publishable counts of at least ``min_count`` that hold half or more of a publishable total
    they are part of: what a reader most needs, hidden last."""
    out: set[int] = set()
    for total, parts in model.totals:
        if model.publishable[total] and model.values[total] > 0:
            out |= {
                p
                for p in parts
                if model.publishable[p]
                and model.values[p] >= rules.min_count
                and 2 * model.values[p] >= model.values[total]
            }
    return out


def _to_hide(model: CellModel, exposed: int, hidden: set[int], large: set[int]) -> int:
    """The shown cell to hide next: one linked to the exposed cell, searching outwards through
    unpublished cells; least information lost first (inner cells before totals, counts that
    are not half or more of a total before those that are, non-zero before zero, small
    first)."""
    frontier, seen = {exposed}, {exposed}
    while frontier:
        near = _neighbours(model, frontier) - seen
        candidates = [
            i for i in near if model.publishable[i] and i not in hidden and i not in model.fixed
        ]
        if candidates:
            return min(
                candidates,
                key=lambda i: (
                    _is_grand_total(model, i),
                    i in large,
                    model.values[i] == 0,
                    model.values[i],
                    i,
                ),
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
    large = large_cells(model, rules)
    safe: set[int] = set()
    while exposed := _exposures(attacker, hidden, True, True, safe):
        choice = _to_hide(model, exposed[0].cell, hidden, large)
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
