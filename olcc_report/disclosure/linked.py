"""The linked-cells model: counts that are published together, the equations that link them,
and what a protection makes of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


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
    fixed_bounds: dict[int, int] = field(default_factory=dict)  # published before as "≥ n"

    def add(self, value: int, publishable: bool = True, known: bool = False) -> int:
        if value < 0:
            raise ValueError(f"a count cannot be negative: {value}")
        self.values.append(int(value))
        self.publishable.append(publishable)
        self.known.append(known)
        return len(self.values) - 1

    def add_published(self, value: int, hidden: bool, at_least: int | None = None) -> int:
        """A count another book has already published, as it was shown (or hidden, or as a
        lower bound): it takes part in the equations, but this protection cannot change it."""
        index = self.add(value)
        self.fixed[index] = hidden
        if at_least is not None:
            self.fixed_bounds[index] = at_least
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
    at_least: dict[int, int] = field(default_factory=dict)  # cell → published lower bound


@dataclass(frozen=True)
class Loss:
    """What a protection costs a reader: how many published counts are hidden or only bounded,
    and the share of all cases counted in published cells that sit in hidden ones."""

    published: int
    hidden: int
    bounded: int
    weight_hidden: float

    def __str__(self) -> str:
        return (
            f"{self.hidden} of {self.published} counts hidden, {self.bounded} shown as a lower "
            f"bound; {self.weight_hidden:.1%} of the case weight in hidden counts"
        )


def information_loss(model: CellModel, protection: Protection) -> Loss:
    """The loss of this book's own counts (counts other books published before are theirs)."""
    own = [i for i, p in enumerate(model.publishable) if p and i not in model.fixed]
    hidden = [i for i in own if protection.shown[i] is None and i not in protection.at_least]
    weight = sum(model.values[i] for i in own)
    return Loss(
        len(own),
        len(hidden),
        sum(1 for i in own if i in protection.at_least),
        round(sum(model.values[i] for i in hidden) / weight, 6) if weight else 0.0,
    )
