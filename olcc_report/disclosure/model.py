"""The cell model and its protection: primary suppression, rounding, and the linear-program
audit that drives secondary suppression (see the package docstring for the rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

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
    cases *without* a category, which are never shown). Each balance says sum(plus) == sum(minus);
    a balance with one cell on the plus side is a total with its parts, which also drives the
    complement rule.
    """

    values: list[int] = field(default_factory=list)
    publishable: list[bool] = field(default_factory=list)
    balances: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)

    def add(self, value: int, publishable: bool = True) -> int:
        if value < 0:
            raise ValueError(f"a count cannot be negative: {value}")
        self.values.append(int(value))
        self.publishable.append(publishable)
        return len(self.values) - 1

    def total(self, total: int, parts: Sequence[int]) -> None:
        """``total`` is the sum of ``parts`` (cell indices); the values must agree."""
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(
                f"total {self.values[total]} is not the sum of its parts "
                f"{[self.values[p] for p in parts]}"
            )
        self.balances.append(((total,), tuple(parts)))

    def balance(self, plus: Sequence[int], minus: Sequence[int]) -> None:
        if sum(self.values[i] for i in plus) != sum(self.values[i] for i in minus):
            raise ValueError("balance does not hold for the true values")
        self.balances.append((tuple(plus), tuple(minus)))


@dataclass(frozen=True)
class Exposure:
    """A hidden cell and the interval an attacker can derive for it."""

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


def primary_unsafe(model: CellModel, rules: DisclosureParams) -> set[int]:
    """Cells hidden by the minimum-count rule and its complement."""
    m = rules.min_count
    values = model.values
    unsafe = {i for i, v in enumerate(values) if model.publishable[i] and 0 < v < m}
    for plus, minus in model.balances:
        if len(plus) != 1:
            continue
        total = values[plus[0]]
        unsafe |= {
            p for p in minus if model.publishable[p] and values[p] > 0 and 0 < total - values[p] < m
        }
    return unsafe


def required_width(rules: DisclosureParams) -> int:
    """How wide an attacker's interval for a hidden cell must at least be: ``min_count`` with
    exact counts, else one rounding interval (a hidden count is then known no more precisely
    than a shown one)."""
    if rules.rounding_base <= 1:
        return rules.min_count
    low, high = rounding_interval(0, rules.rounding_base)
    return min(rules.min_count, high - low)


def _bounds(model: CellModel, hidden: set[int], rules: DisclosureParams) -> list[tuple]:
    """What an attacker knows about each cell from its published value alone."""
    bounds = []
    for i, value in enumerate(model.values):
        if not model.publishable[i] or i in hidden:
            bounds.append((0, None))
        elif value == 0:
            bounds.append((0, 0))
        else:
            low, high = rounding_interval(
                round_to_base(value, rules.rounding_base), rules.rounding_base
            )
            bounds.append((max(low, rules.min_count, 0), high))
    return bounds


def _equations(model: CellModel) -> tuple[np.ndarray | None, np.ndarray | None]:
    rows = []
    for plus, minus in model.balances:
        row = np.zeros(len(model.values))
        row[list(plus)] += 1
        row[list(minus)] -= 1
        rows.append(row)
    return (np.array(rows), np.zeros(len(rows))) if rows else (None, None)


def _interval(cell: int, a_eq, b_eq, bounds, n: int) -> tuple[float, float]:
    objective = np.zeros(n)
    objective[cell] = 1
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if low.status != 0:
        raise RuntimeError(f"disclosure audit: infeasible model ({low.message})")
    upper = float("inf") if high.status == 3 else -float(high.fun)
    return float(low.fun), upper


def exposures(
    model: CellModel, hidden: set[int], rules: DisclosureParams, first_only: bool = False
) -> list[Exposure]:
    """Hidden cells whose attacker interval is narrower than :func:`required_width`."""
    a_eq, b_eq = _equations(model)
    bounds = _bounds(model, hidden, rules)
    found = []
    for cell in sorted(hidden):
        if not model.publishable[cell]:
            continue
        low, high = _interval(cell, a_eq, b_eq, bounds, len(model.values))
        if high - low < required_width(rules) - 1e-6:
            found.append(Exposure(cell, low, high))
            if first_only:
                break
    return found


def _neighbours(model: CellModel, cell: int) -> set[int]:
    out: set[int] = set()
    for plus, minus in model.balances:
        members = (*plus, *minus)
        if cell in members:
            out |= set(members)
    out.discard(cell)
    return out


def _is_grand_total(model: CellModel, cell: int) -> bool:
    return any(len(plus) == 1 and plus[0] == cell for plus, _ in model.balances) and not any(
        cell in minus for _, minus in model.balances
    )


def protect(model: CellModel, rules: DisclosureParams) -> Protection:
    """Apply primary and secondary suppression and rounding to every publishable cell."""
    primary = primary_unsafe(model, rules)
    hidden = set(primary)
    while True:
        exposed = exposures(model, hidden, rules, first_only=True)
        if not exposed:
            break
        cell = exposed[0].cell
        candidates = [
            i for i in _neighbours(model, cell) if model.publishable[i] and i not in hidden
        ]
        if not candidates:  # widen the search: any shown cell linked to any hidden one
            candidates = [
                i
                for h in hidden
                for i in _neighbours(model, h)
                if model.publishable[i] and i not in hidden
            ]
        if not candidates:
            raise RuntimeError("disclosure: cannot protect the table (no cell left to hide)")
        # Least information lost: inner cells before totals, non-zero before zero, small first.
        choice = min(
            candidates,
            key=lambda i: (_is_grand_total(model, i), model.values[i] == 0, model.values[i], i),
        )
        hidden.add(choice)
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
    return Protection(shown, symbols, frozenset(primary), frozenset(hidden - primary))
