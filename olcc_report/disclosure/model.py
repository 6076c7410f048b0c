"""The cell model and its protection: primary suppression, disclosive zeros, rounding, and the
attacker's linear (then integer) program that drives secondary suppression (see the package
docstring for the rules)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from olcc_report.disclosure.linked import CellModel, Exposure, Protection
from olcc_report.disclosure.rules import (
    complement_bounds,
    half_bound,
    large_cells,
    primary_unsafe,
    zeros_closed,
)
from olcc_report.intake.params import DisclosureParams
from olcc_report.intervals import (
    IntervalSolver,
    required_width,
    round_to_base,
    rounding_interval,
)
from olcc_report.records.vocabulary import AT_LEAST_SYMBOL, NIL_SYMBOL, SECRET_SYMBOL


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
        if i in self.model.fixed_bounds:
            return self.model.fixed_bounds[i], np.inf
        if value == 0:
            return 0, 0
        low, high = rounding_interval(
            round_to_base(value, rules.rounding_base), rules.rounding_base
        )
        return max(low, rules.min_count, 0), high

    def hide(self, hidden: set[int], bounded: dict[int, int] | None = None) -> None:
        """Set the bounds of the hidden cells to what a reader knows of them (nothing but ≥ 0),
        and of the cells published as a lower bound to that bound."""
        target = self.shown_bounds.copy()
        for i, bound in (bounded or {}).items():
            target[i] = (bound, np.inf)
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
    safe = skip if skip is not None else set()
    return _exposures(attacker, hidden, {}, first_only, integer, safe)


def _exposures(
    attacker: _Attacker,
    hidden: set[int],
    bounded: dict[int, int],
    first_only: bool,
    integer: bool,
    safe: set[int],
) -> list[Exposure]:
    attacker.hide(hidden, bounded)
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


def _to_hide(
    model: CellModel, exposed: int, hidden: set[int], large: set[int], last: set[int] = frozenset()
) -> int:
    """The shown cell to hide next: one linked to the exposed cell, searching outwards through
    unpublished cells; least information lost first (inner cells before totals, counts that
    are not half or more of a total before those that are, non-zero before zero, small
    first). ``last``: cells to hide only when no other is linked (large counts whose bounds
    did not suffice); the search passes through them."""
    frontier, seen, fallback = {exposed}, {exposed}, None
    while frontier:
        near = _neighbours(model, frontier) - seen
        candidates = [
            i for i in near if model.publishable[i] and i not in hidden and i not in model.fixed
        ]
        ordered = sorted(
            candidates,
            key=lambda i: (
                _is_grand_total(model, i),
                i in large,
                model.values[i] == 0,
                model.values[i],
                i,
            ),
        )
        if first := next((i for i in ordered if i not in last), None):
            return first
        fallback = fallback if fallback is not None else next(iter(ordered), None)
        seen |= near
        frontier = {i for i in near if not model.publishable[i] or i in hidden or i in last}
    if fallback is not None:
        return fallback
    raise RuntimeError("disclosure: cannot protect the tables (no cell left to hide)")


def protect(model: CellModel, rules: DisclosureParams) -> Protection:
    """Apply primary suppression, the zero rule, secondary suppression and rounding.

    Intervals are over whole numbers (a reader may use integer programming)."""
    primary = primary_unsafe(model, rules)
    bounded = complement_bounds(model, rules)
    hidden = set(primary)
    zeros = zeros_closed(model, hidden)
    attacker = _Attacker(model, rules)
    large = large_cells(model, rules)
    last: set[int] = set()
    safe: set[int] = set()
    while exposed := _exposures(attacker, hidden, bounded, True, True, safe):
        choice = _to_hide(model, exposed[0].cell, hidden, large, last)
        if choice in large:  # "≥ half its total", then "≥ min_count", before a bare x
            weaker = [
                b
                for b in (half_bound(model, rules, choice, hidden), rules.min_count)
                if b is not None and b < bounded.get(choice, model.values[choice] + 1)
            ]
            if weaker:
                bounded[choice] = weaker[0]
                if len(weaker) == 1:
                    last.add(choice)  # its weakest bound: hide others before it
                continue
        hidden.add(choice)
        bounded.pop(choice, None)
        zeros |= zeros_closed(model, hidden)
    shown: list[int | None] = []
    symbols: list[str] = []
    for i, value in enumerate(model.values):
        if model.publishable[i] and i in bounded:
            shown.append(None)
            symbols.append(AT_LEAST_SYMBOL)
        elif not model.publishable[i] or i in hidden:
            shown.append(None)
            symbols.append(SECRET_SYMBOL)
        elif value == 0:
            shown.append(0)
            symbols.append(NIL_SYMBOL)
        else:
            shown.append(round_to_base(value, rules.rounding_base))
            symbols.append("")
    return Protection(
        shown,
        symbols,
        frozenset(primary),
        frozenset(hidden - primary - zeros),
        frozenset(zeros),
        {i: b for i, b in bounded.items() if i not in hidden},
    )
