"""One cell model per book: every count a period publishes, in every table, protected together.

Tables are first *declared* on a :class:`Book` (which cells they show, by name; see
:mod:`olcc_report.analysis.cells`), then :meth:`Book.protect` builds one
:class:`~olcc_report.disclosure.model.CellModel` from all of them and protects it once. Two tables
that show the same quantity (the profile-group sizes as the margin of problems × profile group,
as a one-way table and as the margin of themes × profile group) show one cell, so they can never
show it differently.

The relations a reader can write down follow from the names: every cell is the sum of its cells
along any variable it is split by (:meth:`Book._close` adds them, counting the unpublished cells
on the cases, until the set of cells is closed). That gives margins, has / has-not, pairs and
triples bounded by their parts, and theme tables against group sizes. Relations that do not
follow from the names are added explicitly: Σ k·n_k = Σ has, inflow − outflow = change in open
cases, regions within provinces, a parent theme against its categories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from olcc_report.analysis.cells import (
    CLOSED_IN,
    OPEN,
    OPEN_AFTER,
    REGISTERED_IN,
    STATUS,
    STILL_OPEN,
    YES,
    CellName,
    Condition,
    Universe,
    cell,
    count_variable,
    has,
)
from olcc_report.disclosure.linked import CellModel, Loss, Protection, information_loss
from olcc_report.disclosure.model import protect
from olcc_report.disclosure.pools import Pools
from olcc_report.disclosure.tables import ProtectedTable, Total, frame_of, published_frame
from olcc_report.intake.params import DisclosureParams
from olcc_report.records import schema
from olcc_report.records.vocabulary import MISSING_SYMBOL


@dataclass(frozen=True)
class Entry:
    """One row (or column) of a table: its code, label and the conditions it adds."""

    code: str
    label: str
    conditions: tuple[Condition, ...]


def partition_side(variable: str, codes: Sequence[str], labels: Sequence[str]) -> list[Entry]:
    return [Entry(c, lab, ((variable, c),)) for c, lab in zip(codes, labels, strict=True)]


def has_side(field_name: str, codes: Sequence[str], labels: Sequence[str]) -> list[Entry]:
    return [
        Entry(c, lab, ((has(field_name, c), YES),)) for c, lab in zip(codes, labels, strict=True)
    ]


def field_side(field_name: str) -> list[Entry]:
    """One entry per category of a field of the record (has-entries for a multi-valued one)."""
    f = schema.get_field(field_name)
    codes, labels = f.codes, [c.label for c in f.categories]
    if f.kind == "multi":
        return has_side(field_name, codes, labels)
    return partition_side(field_name, codes, labels)


@dataclass
class Book(Pools):
    """The published counts of one period, declared table by table, then protected at once."""

    universe: Universe
    rules: DisclosureParams
    model: CellModel = field(default_factory=CellModel)
    index: dict[CellName, int] = field(default_factory=dict)
    layouts: dict[str, Callable[[Callable[[CellName], Total]], ProtectedTable]] = field(
        default_factory=dict
    )
    structural: Callable[[CellName], bool] = lambda name: False
    _published: set[CellName] = field(default_factory=set)
    _extra: list[Callable[[], None]] = field(default_factory=list)
    _pools: dict[str, int] = field(default_factory=dict)
    _pool_parts: dict[str, dict[str, int]] = field(default_factory=dict)
    _protection: Protection | None = None

    # --- cells ------------------------------------------------------------------------------------

    def registers(self, name: CellName) -> bool:
        """Whether the period registers what the cell counts (an export without a column for
        a category does not): a cell it does not is no count, published as "."."""
        return all(variable in self.universe.variables for variable, _ in name)

    def cell(self, name: CellName, publish: bool = False) -> int:
        if publish:
            self._published.add(name)
        if name not in self.index:
            self.index[name] = self.model.add(
                self.universe.count(name), publishable=False, known=self.structural(name)
            )
        return self.index[name]

    def publish(self, *conditions: Condition) -> CellName:
        name = cell(*conditions)
        if self.registers(name):
            self.cell(name, publish=True)
        return name

    def relate(self, relation: Callable[[], None]) -> None:
        """An explicit relation, stated when the model is built (after every table)."""
        self._extra.append(relation)

    # --- tables -----------------------------------------------------------------------------------

    def one_way(
        self,
        key: str,
        field_name: str,
        entries: Sequence[Entry],
        scope: tuple[Condition, ...] = (),
        kind: str = "partition",
    ) -> None:
        """A one-way table: the cases in ``scope``, and the cases of each entry within it."""
        total = self.publish(*scope)
        names = [self.publish(*scope, *e.conditions) for e in entries]

        def layout(lookup: Callable[[CellName], Total]) -> ProtectedTable:
            grand = lookup(total)
            return ProtectedTable(
                key=key,
                row_field=field_name,
                cells=published_frame(field_name, entries, [lookup(n) for n in names], grand),
                total=grand,
                rules=self.rules,
                row_kind=kind,
                secondary=self.secondary,
            )

        self.layouts[key] = layout

    def two_way(
        self,
        key: str,
        row_field: str,
        rows: Sequence[Entry],
        column_field: str,
        columns: Sequence[Entry],
        scope: tuple[Condition, ...] = (),
        row_kind: str = "partition",
        column_kind: str = "partition",
        share_of: str = "total",
    ) -> None:
        total = self.publish(*scope)
        row_names = [self.publish(*scope, *r.conditions) for r in rows]
        column_names = [self.publish(*scope, *c.conditions) for c in columns]
        cell_names = [
            [self.publish(*scope, *r.conditions, *c.conditions) for c in columns] for r in rows
        ]

        def layout(lookup: Callable[[CellName], Total]) -> ProtectedTable:
            grand = lookup(total)
            row_totals = [lookup(n) for n in row_names]
            column_totals = [lookup(n) for n in column_names]
            keys, shown, denominators = [], [], []
            for i, r in enumerate(rows):
                for j, c in enumerate(columns):
                    keys.append(
                        {
                            row_field: r.code,
                            f"{row_field}_label": r.label,
                            column_field: c.code,
                            f"{column_field}_label": c.label,
                        }
                    )
                    shown.append(lookup(cell_names[i][j]))
                    denominators.append(
                        {"row": row_totals[i], "column": column_totals[j]}.get(share_of, grand)
                    )
            return ProtectedTable(
                key=key,
                row_field=row_field,
                column_field=column_field,
                rules=self.rules,
                row_kind=row_kind,
                column_kind=column_kind,
                share_of=share_of,
                cells=frame_of(pd.DataFrame(keys), shown, denominators),
                row_totals=published_frame(row_field, rows, row_totals, grand),
                column_totals=published_frame(column_field, columns, column_totals, grand),
                total=grand,
                secondary=self.secondary,
            )

        self.layouts[key] = layout

    def flows(self, buckets: Sequence[str], scope: tuple[Condition, ...] = ()) -> None:
        """Cases registered in, closed in and open after each month (or quarter) of the period
        (within ``scope``: a region's): open(t) + closed(t) = registered(t) + open(t - 1), and
        after the last one the cases still open at the period end."""
        for i, b in enumerate(buckets):
            stock = self.publish(*scope, (has(OPEN_AFTER, b), YES))
            inflow = self.publish(*scope, (REGISTERED_IN, b))
            outflow = self.publish(*scope, (CLOSED_IN, b))
            before = [cell(*scope, (has(OPEN_AFTER, buckets[i - 1]), YES))] if i else []
            self.relate(
                lambda s=stock, o=outflow, n=inflow, p=before: self.model.balance(
                    [self.cell(s), self.cell(o)], [self.cell(n), *(self.cell(x) for x in p)]
                )
            )
        last, still_open = (
            cell(*scope, (has(OPEN_AFTER, buckets[-1]), YES)),
            cell(*scope, (STATUS, OPEN)),
        )
        self.same(last, still_open)
        self.same(cell(*scope, (CLOSED_IN, STILL_OPEN)), still_open)

    def at_least(self, larger: CellName, smaller: CellName) -> None:
        """``larger`` counts every case ``smaller`` counts (a parent theme and its category)."""

        def relation() -> None:
            big, small = self.cell(larger), self.cell(smaller)
            rest = self.model.add(self.model.values[big] - self.model.values[small], False)
            self.model.total(big, [small, rest])

        self.relate(relation)

    def ranked_above(self, above: Sequence[CellName], below: Sequence[CellName]) -> None:
        """Each of ``above`` counts at least as many cases as each of ``below``: what a
        selection of the most frequent categories tells a reader."""

        def relation() -> None:
            for a in above:
                for b in below:
                    self.model.not_less(self.cell(a), self.cell(b))

        self.relate(relation)

    def parts(self, whole: CellName, parts: Sequence[CellName]) -> None:
        """``whole`` is the sum of ``parts`` by definition (a province and its regions)."""
        self.relate(lambda: self.model.total(self.cell(whole), [self.cell(p) for p in parts]))

    def same(self, a: CellName, b: CellName) -> None:
        """Two names of one quantity (the cases open after the last month and at the end)."""
        self.relate(lambda: self.model.balance([self.cell(a)], [self.cell(b)]))

    def per_case(self, field_name: str) -> None:
        """Σ k·(cases with k categories) + what the cap leaves out = Σ (cases with each
        category): the distribution of categories per case against the has-counts."""

        def relation() -> None:
            cap = self.universe.caps[field_name]
            variable = count_variable(field_name)
            plus = [(self.cell(cell((variable, str(k)))), k) for k in range(1, cap + 1)]
            categories = [v for v in self.universe.variables if v.startswith(f"{field_name}=")]
            minus = [(self.cell(cell((v, YES))), 1) for v in categories]
            excess = self.model.add(
                self.universe.total_excess(field_name),
                publishable=False,
                known=cap >= len(categories),
            )
            self.model.weighted([*plus, (excess, 1)], minus)

        self.relate(relation)

    def within(self, earlier: Book, stable: Callable[[str], bool]) -> None:
        """This period contains ``earlier``'s (a quarter within its year), whose book is
        already published: each count it showed of ``stable`` variables (what a case has from
        registration on) lies within this period's same count, and a month of registration
        both books show is the same count. Its counts take part as they were published, so
        this book cannot undo the earlier protection (it hides more of its own instead)."""
        earlier_protection = earlier.protect()

        def relation() -> None:
            for name in sorted(earlier._published):
                if not all(stable(v) for v, _ in name) or not all(
                    v in self.universe.variables and value in self.universe.variables[v]
                    for v, value in name
                ):
                    continue
                j = earlier.index[name]
                bound = earlier_protection.at_least.get(j)
                part = self.model.add_published(
                    earlier.model.values[j],
                    hidden=earlier_protection.shown[j] is None and bound is None,
                    at_least=bound,
                )
                whole = self.cell(name)
                rest = self.model.values[whole] - earlier.model.values[j]
                if rest < 0:
                    raise ValueError(
                        f"the earlier period counts {earlier.model.values[j]} cases for "
                        f"{dict(name)}, this one only {self.model.values[whole]}: its data "
                        "do not lie within this period's"
                    )
                same_cases = any(v == REGISTERED_IN for v, _ in name)
                self.model.total(whole, [part, self.model.add(rest, False, known=same_cases)])

        self.relate(relation)

    # --- protection -------------------------------------------------------------------------------

    def _close(self) -> None:
        """Add every cell's split along each of its variables, until no new cell appears."""
        done: set[tuple[CellName, str]] = set()
        queue = list(self.index)
        while queue:
            name = queue.pop()
            for condition in name:
                variable = condition[0]
                parent = tuple(c for c in name if c != condition)
                if (parent, variable) in done:
                    continue
                done.add((parent, variable))
                new = [parent] if parent not in self.index else []
                siblings = [cell(*parent, (variable, v)) for v in self.universe.values(variable)]
                new += [s for s in siblings if s not in self.index]
                queue += new
                self.model.total(self.cell(parent), [self.cell(s) for s in siblings])

    def protect(self) -> Protection:
        if self._protection is None:
            for name in self._published:
                self.model.publishable[self.cell(name)] = True
            for relation in self._extra:
                relation()
            self._close()
            self._protection = protect(self.model, self.rules)
        return self._protection

    def loss(self) -> Loss:
        """What the protection costs a reader (the build reports it)."""
        return information_loss(self.model, self.protect())

    @property
    def secondary(self) -> int:
        return len(self.protect().secondary) + len(self.protect().zeros)

    def total(self, name: CellName) -> Total:
        if not self.registers(name):
            return Total(None, MISSING_SYMBOL)
        p = self.protect()
        i = self.index[name]
        return Total(p.shown[i], p.symbols[i], p.at_least.get(i))

    def table(self, key: str) -> ProtectedTable:
        self.protect()
        return self.layouts[key](self.total)

    def cells(self) -> dict[CellName, Total]:
        """Every published cell and what is shown of it (for the audit and tests)."""
        return {name: self.total(name) for name in sorted(self._published)}
