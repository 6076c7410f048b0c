"""Statistical disclosure control: no published number may point at one child.

Every table leaves the library through one of the ``protect_*`` functions below; notebooks never
see an unprotected count. Rules (defaults in params, ``disclosure``; stated on the methodology page):

* **Minimum count.** A count from 1 to ``min_count - 1`` is never shown (symbol ``x``, *geheim*),
  in inner cells and in totals. A count is also hidden when a total it is part of, minus the
  count, is from 1 to ``min_count - 1``: otherwise a reader learns that only a handful of children
  are *not* in it. A true zero is shown (symbol ``-``, *nihil*).
* **Rounding.** Every shown count, totals included, is rounded half up to a multiple of
  ``rounding_base``; totals are rounded from the unrounded data, so shown cells need not add up.
* **Secondary suppression.** A hidden cell must not be computable from what is shown. The
  published numbers of a table (and of tables that share totals with it, such as regions within
  provinces) are linked by linear equations: a total is the sum of its parts. For every hidden cell
  an attacker's best interval follows from a linear program: minimise and maximise the cell subject
  to those equations, the shown values (each known up to its rounding), non-negativity and "a shown
  count is at least ``min_count``". While any hidden cell's interval is narrower than the required
  width (:func:`required_width`), one more cell is hidden: the smallest shown count in an equation
  with the exposed cell. With exact counts (``rounding_base: 1``) the interval must be at least
  ``min_count`` wide; with rounding, at least as wide as one rounding interval, so that no hidden
  count is known more precisely than a shown one. Rounding alone then almost always suffices.
* Shares, chart data, text alternatives and CSV downloads are computed from the protected counts.

The equations of these tables are totally unimodular (sums along rows, columns and a hierarchy), so
the LP interval equals the interval over whole numbers: the audit is exact, not a relaxation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from olcc_report.params import DisclosureParams
from olcc_report.schema import NIL_SYMBOL, SECRET_SYMBOL


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
        unsafe |= {p for p in minus
                   if model.publishable[p] and values[p] > 0 and 0 < total - values[p] < m}
    return unsafe


def required_width(rules: DisclosureParams) -> int:
    """How wide an attacker's interval for a hidden cell must at least be."""
    if rules.rounding_base <= 1:
        return rules.min_count
    return min(rules.min_count, rules.rounding_base - 1)


def _bounds(model: CellModel, hidden: set[int], rules: DisclosureParams) -> list[tuple]:
    """What an attacker knows about each cell from its published value alone."""
    bounds = []
    for i, value in enumerate(model.values):
        if not model.publishable[i] or i in hidden:
            bounds.append((0, None))
        elif value == 0:
            bounds.append((0, 0))
        else:
            low, high = rounding_interval(round_to_base(value, rules.rounding_base),
                                          rules.rounding_base)
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


def exposures(model: CellModel, hidden: set[int], rules: DisclosureParams,
              first_only: bool = False) -> list[Exposure]:
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
        candidates = [i for i in _neighbours(model, cell)
                      if model.publishable[i] and i not in hidden]
        if not candidates:  # widen the search: any shown cell linked to any hidden one
            candidates = [i for h in hidden for i in _neighbours(model, h)
                          if model.publishable[i] and i not in hidden]
        if not candidates:
            raise RuntimeError("disclosure: cannot protect the table (no cell left to hide)")
        # Least information lost: inner cells before totals, non-zero before zero, small first.
        choice = min(candidates, key=lambda i: (_is_grand_total(model, i),
                                                model.values[i] == 0, model.values[i], i))
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


# --- published tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    value: int | None
    symbol: str

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class ProtectedTable:
    """A table fit to publish.

    ``cells`` has the key columns (``<field>`` code and ``<field>_label`` for the row field and, in
    a two-way table, the column field) then ``aantal`` (rounded; NA when hidden), ``symbool``
    ('' or ``x`` or ``-``) and ``aandeel`` (share, from protected counts only; NA when unknown).
    Two-way tables carry their margins in ``row_totals`` and ``column_totals`` (same columns,
    one key). ``kind`` says what the counts are: ``partition`` (each case in one category) or
    ``has`` (a case counts in every category it has, so cells do not add up to the total).
    """

    key: str
    row_field: str
    cells: pd.DataFrame
    total: Total
    rules: DisclosureParams
    column_field: str | None = None
    row_totals: pd.DataFrame | None = None
    column_totals: pd.DataFrame | None = None
    row_kind: str = "partition"
    column_kind: str = "partition"
    secondary: int = 0
    share_of: str = "total"

    @property
    def notes(self) -> tuple[str, ...]:
        return table_notes(self.rules, self.secondary,
                           has_counts="has" in (self.row_kind, self.column_kind))

    def shown_counts(self) -> list[int]:
        """Every count a reader sees in this table (cells, margins and total)."""
        frames = [self.cells, self.row_totals, self.column_totals]
        values = [int(v) for f in frames if f is not None for v in f["aantal"].dropna()]
        return values + ([self.total.value] if self.total.value is not None else [])


def table_notes(rules: DisclosureParams, secondary: int = 0, has_counts: bool = False) -> tuple[str, ...]:
    notes = []
    if rules.rounding_base > 1:
        notes.append(
            f"Aantallen afgerond op {rules.rounding_base}-tallen; totalen zijn afgerond uit de "
            "onafgeronde gegevens, zodat de cellen niet altijd optellen tot het totaal."
        )
    if has_counts:
        notes.append("Een casus kan in meer categorieën voorkomen; de cellen tellen daarom niet op "
                     "tot het totaal.")
    notes.append(
        f"{SECRET_SYMBOL} = geheim: aantallen van 1 tot en met {rules.min_count - 1} worden niet "
        "getoond, ook niet als het verschil met een totaal zo klein is"
        + (f"; {secondary} cel(len) zijn extra verborgen zodat geheime cellen niet terug te "
           "rekenen zijn." if secondary else ".")
    )
    notes.append(f"{NIL_SYMBOL} = nihil.")
    return tuple(notes)


def _keys_frame(field_name: str, codes: Sequence[str], labels: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({field_name: list(codes), f"{field_name}_label": list(labels)})


def _published(keys: pd.DataFrame, indices: Sequence[int], protection: Protection,
               denominators: Sequence[int | None]) -> pd.DataFrame:
    frame = keys.reset_index(drop=True).copy()
    shown = [protection.shown[i] for i in indices]
    frame["aantal"] = pd.array(shown, dtype="Int64")
    frame["symbool"] = [protection.symbols[i] for i in indices]
    frame["aandeel"] = pd.array(
        [None if value is None or not d else value / d for value, d in zip(shown, denominators,
                                                                            strict=True)],
        dtype="Float64",
    )
    return frame


def _total(protection: Protection, index: int) -> Total:
    return Total(protection.shown[index], protection.symbols[index])


def _split(counts: pd.DataFrame, field_name: str) -> tuple[list[str], list[str], list[int]]:
    return (counts[field_name].astype(str).tolist(), counts["label"].astype(str).tolist(),
            [int(v) for v in counts["aantal"]])


def protect_one_way(key: str, counts: pd.DataFrame, field_name: str, total: int,
                    rules: DisclosureParams, kind: str = "partition") -> ProtectedTable:
    """A one-way table of ``counts`` (columns ``<field_name>``, ``label``, ``aantal``) about ``total`` cases.

    ``partition``: the cells are disjoint; if they do not cover ``total`` the rest (e.g. unknown)
    is an unpublished residual. ``has``: each cell is "cases with the category" and its own
    has / has-not split of ``total``.
    """
    codes, labels, values = _split(counts, field_name)
    model = CellModel()
    total_index = model.add(total)
    cells = [model.add(v) for v in values]
    if kind == "partition":
        rest = total - sum(values)
        parts = cells + ([model.add(rest, publishable=False)] if rest else [])
        model.total(total_index, parts)
    elif kind == "has":
        for cell, value in zip(cells, values, strict=True):
            model.total(total_index, [cell, model.add(total - value, publishable=False)])
    else:
        raise ValueError(f"unknown kind {kind!r}")
    protection = protect(model, rules)
    denominator = protection.shown[total_index]
    return ProtectedTable(
        key=key, row_field=field_name, rules=rules, row_kind=kind,
        cells=_published(_keys_frame(field_name, codes, labels), cells, protection,
                         [denominator] * len(cells)),
        total=_total(protection, total_index), secondary=len(protection.secondary),
    )


def protect_two_way(key: str, counts: pd.DataFrame, row_field: str, column_field: str,
                    rules: DisclosureParams, row_kind: str = "partition",
                    column_kind: str = "partition", row_margins: Sequence[int] | None = None,
                    column_margins: Sequence[int] | None = None, total: int | None = None,
                    share_of: str = "total") -> ProtectedTable:
    """A two-way table in long form (``<row>``, ``<row>_label``, ``<col>``, ``<col>_label``, ``aantal``).

    The row field may be multi-valued (``row_kind="has"``: a case counts in every row it has,
    within its one column); then ``row_margins`` (cases per row) and ``column_margins`` (cases
    per column) must be given. Likewise for the columns. At most one side can be ``has``.
    ``share_of`` is ``total``, ``row`` or ``column``: the margin each share is taken of.
    """
    if row_kind == "has" and column_kind == "has":
        raise ValueError("at most one side of a two-way table can be multi-valued")
    rows = list(dict.fromkeys(counts[row_field].astype(str)))
    columns = list(dict.fromkeys(counts[column_field].astype(str)))
    row_labels = dict(zip(counts[row_field].astype(str), counts[f"{row_field}_label"], strict=True))
    column_labels = dict(zip(counts[column_field].astype(str), counts[f"{column_field}_label"],
                             strict=True))
    grid = counts.pivot(index=row_field, columns=column_field, values="aantal")
    grid.index, grid.columns = grid.index.astype(str), grid.columns.astype(str)
    grid = grid.loc[rows, columns].astype(int).to_numpy()
    row_sums = grid.sum(axis=1) if row_margins is None else np.asarray(row_margins)
    column_sums = grid.sum(axis=0) if column_margins is None else np.asarray(column_margins)
    grand = int(total if total is not None else (column_sums.sum() if row_kind == "has"
                                                  else row_sums.sum()))
    model = CellModel()
    total_index = model.add(grand)
    row_index = [model.add(int(v)) for v in row_sums]
    column_index = [model.add(int(v)) for v in column_sums]
    cell_index = [[model.add(int(v)) for v in row] for row in grid]
    for i, r in enumerate(row_index):
        parts = cell_index[i]
        if column_kind == "has":
            for j, c in enumerate(parts):  # the cases of row i without column j are not shown
                model.total(r, [c, model.add(int(row_sums[i] - grid[i, j]), publishable=False)])
        else:
            model.total(r, parts)
    for j, c in enumerate(column_index):
        parts = [cell_index[i][j] for i in range(len(rows))]
        if row_kind == "has":
            for i, cell in enumerate(parts):
                model.total(c, [cell, model.add(int(column_sums[j] - grid[i, j]),
                                                publishable=False)])
        else:
            model.total(c, parts)
    for side_kind, side in ((row_kind, row_index), (column_kind, column_index)):
        if side_kind == "partition":
            rest = grand - sum(model.values[i] for i in side)
            extra = [model.add(rest, publishable=False)] if rest else []
            model.total(total_index, side + extra)
        else:
            for i in side:
                model.total(total_index, [i, model.add(grand - model.values[i], publishable=False)])
    protection = protect(model, rules)
    shown_total = protection.shown[total_index]
    keys = pd.DataFrame(
        [{row_field: r, f"{row_field}_label": row_labels[r],
          column_field: c, f"{column_field}_label": column_labels[c]} for r in rows for c in columns]
    )
    flat = [cell_index[i][j] for i in range(len(rows)) for j in range(len(columns))]
    if share_of == "row":
        denominators = [protection.shown[row_index[i]] for i in range(len(rows)) for _ in columns]
    elif share_of == "column":
        denominators = [protection.shown[column_index[j]] for _ in rows for j in range(len(columns))]
    else:
        denominators = [shown_total] * len(flat)
    return ProtectedTable(
        key=key, row_field=row_field, column_field=column_field, rules=rules,
        row_kind=row_kind, column_kind=column_kind, share_of=share_of,
        cells=_published(keys, flat, protection, denominators),
        row_totals=_published(_keys_frame(row_field, rows, [row_labels[r] for r in rows]),
                              row_index, protection, [shown_total] * len(rows)),
        column_totals=_published(
            _keys_frame(column_field, columns, [column_labels[c] for c in columns]),
            column_index, protection, [shown_total] * len(columns)),
        total=_total(protection, total_index), secondary=len(protection.secondary),
    )


def protect_hierarchy(key: str, parent_key: str, children: pd.DataFrame, child_field: str,
                      parents: pd.DataFrame, parent_field: str, parent_of: dict[str, str],
                      total: int, rules: DisclosureParams) -> tuple[ProtectedTable, ProtectedTable]:
    """Two one-way tables published together where each child lies in one parent (regions in
    provinces): protected jointly, so a hidden region cannot be computed from its province."""
    child_codes, child_labels, child_values = _split(children, child_field)
    parent_codes, parent_labels, parent_values = _split(parents, parent_field)
    model = CellModel()
    total_index = model.add(total)
    parent_index = {code: model.add(v) for code, v in zip(parent_codes, parent_values, strict=True)}
    child_index = [model.add(v) for v in child_values]
    for code, p in parent_index.items():
        model.total(p, [c for c, child in zip(child_index, child_codes, strict=True)
                        if parent_of[child] == code])
    rest = total - sum(parent_values)
    model.total(total_index, list(parent_index.values())
                + ([model.add(rest, publishable=False)] if rest else []))
    protection = protect(model, rules)
    shown_total = protection.shown[total_index]
    child_table = ProtectedTable(
        key=key, row_field=child_field, rules=rules,
        cells=_published(_keys_frame(child_field, child_codes, child_labels), child_index,
                         protection, [shown_total] * len(child_index)),
        total=_total(protection, total_index), secondary=len(protection.secondary),
    )
    parent_table = ProtectedTable(
        key=parent_key, row_field=parent_field, rules=rules,
        cells=_published(_keys_frame(parent_field, parent_codes, parent_labels),
                         list(parent_index.values()), protection,
                         [shown_total] * len(parent_index)),
        total=_total(protection, total_index), secondary=len(protection.secondary),
    )
    return child_table, parent_table


@dataclass(frozen=True)
class ProtectedFlows:
    """Inflow, outflow and open cases per time bucket, protected together."""

    inflow: list[Total]
    outflow: list[Total]
    open_end: list[Total]
    secondary: int


def protect_flows(inflow: Sequence[int], outflow: Sequence[int], total: int,
                  rules: DisclosureParams) -> ProtectedFlows:
    """Protect a time series of cases in, out and open: open(t) = open(t-1) + in(t) - out(t).

    The three series are linked (differences of the open cases give in minus out), so they are
    one model: the cases still open at the end are an unpublished rest of the outflow."""
    model = CellModel()
    total_index = model.add(total)
    ins = [model.add(v) for v in inflow]
    outs = [model.add(v) for v in outflow]
    model.total(total_index, ins)
    still_open = total - sum(outflow)
    model.total(total_index, outs + ([model.add(still_open, publishable=False)] if still_open else []))
    stocks, previous, level = [], None, 0
    for i, o in zip(ins, outs, strict=True):
        level += model.values[i] - model.values[o]
        stock = model.add(level)
        model.balance([stock, o], [i] + ([previous] if previous is not None else []))
        stocks.append(stock)
        previous = stock
    protection = protect(model, rules)
    return ProtectedFlows([_total(protection, i) for i in ins], [_total(protection, o) for o in outs],
                          [_total(protection, s) for s in stocks], len(protection.secondary))


def protect_count(value: int, rules: DisclosureParams) -> Total:
    """One count on its own (a key number): hidden when small, else rounded."""
    if value == 0:
        return Total(0, NIL_SYMBOL)
    if value < rules.min_count:
        return Total(None, SECRET_SYMBOL)
    return Total(round_to_base(value, rules.rounding_base), "")


# --- durations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurvivalSummary:
    """What may be published of a Kaplan–Meier curve.

    ``months``: whole month → share still open, rounded to whole percents, only while at least
    ``min_count`` cases are still at risk. ``quartiles``: weeks until 25%, 50% and 75% were
    closed, in whole weeks; symbol ``x`` when fewer than ``min_count`` cases were at risk then,
    ``.`` when not reached in the period. ``shown`` is False for groups under ``min_count``.
    """

    shown: bool
    months: dict[int, float]
    quartiles: tuple[Total, Total, Total]


def protect_survival(days: np.ndarray, curve: pd.DataFrame, rules: DisclosureParams,
                     max_months: int = 12) -> SurvivalSummary:
    from olcc_report.analysis import DAYS_PER_MONTH, survival_at, survival_quantile

    def at_risk(day: float) -> int:
        return int((days >= day).sum())

    secret = Total(None, SECRET_SYMBOL)
    if len(days) < rules.min_count:
        return SurvivalSummary(False, {}, (secret, secret, secret))
    months = {}
    for month in range(max_months + 1):
        day = month * DAYS_PER_MONTH
        if at_risk(day) < rules.min_count:
            break
        months[month] = round(survival_at(curve, day), 2)
    quartiles = []
    for share in (0.25, 0.5, 0.75):
        day = survival_quantile(curve, share)
        if day is None:
            quartiles.append(Total(None, "."))
        elif at_risk(day) < rules.min_count:
            quartiles.append(secret)
        else:
            quartiles.append(Total(int(np.floor(day / 7 + 0.5)), ""))
    return SurvivalSummary(True, months, tuple(quartiles))
