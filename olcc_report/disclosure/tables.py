"""Published tables: each ``protect_*`` function turns unprotected counts into a table fit to
publish, by building its :class:`~olcc_report.disclosure.model.CellModel` and protecting it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from olcc_report.disclosure.model import CellModel, Protection, protect, round_to_base
from olcc_report.intake.params import DisclosureParams
from olcc_report.records.vocabulary import NIL_SYMBOL, SECRET_SYMBOL, SYMBOL_WORDS


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
        return table_notes(
            self.rules, self.secondary, has_counts="has" in (self.row_kind, self.column_kind)
        )

    def shown_counts(self) -> list[int]:
        """Every count a reader sees in this table (cells, margins and total)."""
        frames = [self.cells, self.row_totals, self.column_totals]
        values = [int(v) for f in frames if f is not None for v in f["aantal"].dropna()]
        return values + ([self.total.value] if self.total.value is not None else [])


def table_notes(
    rules: DisclosureParams, secondary: int = 0, has_counts: bool = False
) -> tuple[str, ...]:
    notes = []
    if rules.rounding_base > 1:
        notes.append(
            f"Aantallen afgerond op {rules.rounding_base}-tallen; totalen zijn afgerond uit de "
            "onafgeronde gegevens, zodat de cellen niet altijd optellen tot het totaal."
        )
    if has_counts:
        notes.append(
            "Een casus kan in meer categorieën voorkomen; de cellen tellen daarom niet op "
            "tot het totaal."
        )
    notes.append(
        f"{SECRET_SYMBOL} = {SYMBOL_WORDS[SECRET_SYMBOL]}: aantallen van 1 tot en met {rules.min_count - 1} worden niet "
        "getoond, ook niet als het verschil met een totaal zo klein is"
        + (
            f"; {secondary} cel(len) zijn extra verborgen zodat geheime cellen niet terug te "
            "rekenen zijn."
            if secondary
            else "."
        )
    )
    notes.append(f"{NIL_SYMBOL} = {SYMBOL_WORDS[NIL_SYMBOL]}.")
    return tuple(notes)


def _keys_frame(field_name: str, codes: Sequence[str], labels: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({field_name: list(codes), f"{field_name}_label": list(labels)})


def _published(
    keys: pd.DataFrame,
    indices: Sequence[int],
    protection: Protection,
    denominators: Sequence[int | None],
) -> pd.DataFrame:
    frame = keys.reset_index(drop=True).copy()
    shown = [protection.shown[i] for i in indices]
    frame["aantal"] = pd.array(shown, dtype="Int64")
    frame["symbool"] = [protection.symbols[i] for i in indices]
    frame["aandeel"] = pd.array(
        [
            None if value is None or not d else value / d
            for value, d in zip(shown, denominators, strict=True)
        ],
        dtype="Float64",
    )
    return frame


def total_at(protection: Protection, index: int) -> Total:
    return Total(protection.shown[index], protection.symbols[index])


def _split(counts: pd.DataFrame, field_name: str) -> tuple[list[str], list[str], list[int]]:
    return (
        counts[field_name].astype(str).tolist(),
        counts["label"].astype(str).tolist(),
        [int(v) for v in counts["aantal"]],
    )


def protect_one_way(
    key: str,
    counts: pd.DataFrame,
    field_name: str,
    total: int,
    rules: DisclosureParams,
    kind: str = "partition",
) -> ProtectedTable:
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
        key=key,
        row_field=field_name,
        rules=rules,
        row_kind=kind,
        cells=_published(
            _keys_frame(field_name, codes, labels), cells, protection, [denominator] * len(cells)
        ),
        total=total_at(protection, total_index),
        secondary=len(protection.secondary),
    )


def _link_to_total(model: CellModel, total: int, margins: list[int], kind: str) -> None:
    """State how one side's margins add up to the grand total: as parts (with the cases in none
    of them, unpublished) for a partition, or each margin with its unpublished complement."""
    grand = model.values[total]
    if kind == "partition":
        rest = grand - sum(model.values[i] for i in margins)
        extra = [model.add(rest, publishable=False)] if rest else []
        model.total(total, margins + extra)
        return
    for i in margins:
        model.total(total, [i, model.add(grand - model.values[i], publishable=False)])


def protect_two_way(
    key: str,
    counts: pd.DataFrame,
    row_field: str,
    column_field: str,
    rules: DisclosureParams,
    row_kind: str = "partition",
    column_kind: str = "partition",
    row_margins: Sequence[int] | None = None,
    column_margins: Sequence[int] | None = None,
    total: int | None = None,
    share_of: str = "total",
) -> ProtectedTable:
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
    column_labels = dict(
        zip(counts[column_field].astype(str), counts[f"{column_field}_label"], strict=True)
    )
    grid = counts.pivot(index=row_field, columns=column_field, values="aantal")
    grid.index, grid.columns = grid.index.astype(str), grid.columns.astype(str)
    grid = grid.loc[rows, columns].astype(int).to_numpy()
    row_sums = grid.sum(axis=1) if row_margins is None else np.asarray(row_margins)
    column_sums = grid.sum(axis=0) if column_margins is None else np.asarray(column_margins)
    grand = int(
        total if total is not None else (column_sums.sum() if row_kind == "has" else row_sums.sum())
    )
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
                model.total(
                    c, [cell, model.add(int(column_sums[j] - grid[i, j]), publishable=False)]
                )
        else:
            model.total(c, parts)
    for side_kind, side in ((row_kind, row_index), (column_kind, column_index)):
        _link_to_total(model, total_index, side, side_kind)
    protection = protect(model, rules)
    shown_total = protection.shown[total_index]
    keys = pd.DataFrame(
        [
            {
                row_field: r,
                f"{row_field}_label": row_labels[r],
                column_field: c,
                f"{column_field}_label": column_labels[c],
            }
            for r in rows
            for c in columns
        ]
    )
    flat = [cell_index[i][j] for i in range(len(rows)) for j in range(len(columns))]
    if share_of == "row":
        denominators = [protection.shown[row_index[i]] for i in range(len(rows)) for _ in columns]
    elif share_of == "column":
        denominators = [
            protection.shown[column_index[j]] for _ in rows for j in range(len(columns))
        ]
    else:
        denominators = [shown_total] * len(flat)
    return ProtectedTable(
        key=key,
        row_field=row_field,
        column_field=column_field,
        rules=rules,
        row_kind=row_kind,
        column_kind=column_kind,
        share_of=share_of,
        cells=_published(keys, flat, protection, denominators),
        row_totals=_published(
            _keys_frame(row_field, rows, [row_labels[r] for r in rows]),
            row_index,
            protection,
            [shown_total] * len(rows),
        ),
        column_totals=_published(
            _keys_frame(column_field, columns, [column_labels[c] for c in columns]),
            column_index,
            protection,
            [shown_total] * len(columns),
        ),
        total=total_at(protection, total_index),
        secondary=len(protection.secondary),
    )


def protect_hierarchy(
    key: str,
    parent_key: str,
    children: pd.DataFrame,
    child_field: str,
    parents: pd.DataFrame,
    parent_field: str,
    parent_of: dict[str, str],
    total: int,
    rules: DisclosureParams,
) -> tuple[ProtectedTable, ProtectedTable]:
    """Two one-way tables published together where each child lies in one parent (regions in
    provinces): protected jointly, so a hidden region cannot be computed from its province."""
    child_codes, child_labels, child_values = _split(children, child_field)
    parent_codes, parent_labels, parent_values = _split(parents, parent_field)
    model = CellModel()
    total_index = model.add(total)
    parent_index = {code: model.add(v) for code, v in zip(parent_codes, parent_values, strict=True)}
    child_index = [model.add(v) for v in child_values]
    for code, p in parent_index.items():
        model.total(
            p,
            [
                c
                for c, child in zip(child_index, child_codes, strict=True)
                if parent_of[child] == code
            ],
        )
    rest = total - sum(parent_values)
    model.total(
        total_index,
        list(parent_index.values()) + ([model.add(rest, publishable=False)] if rest else []),
    )
    protection = protect(model, rules)
    shown_total = protection.shown[total_index]
    child_table = ProtectedTable(
        key=key,
        row_field=child_field,
        rules=rules,
        cells=_published(
            _keys_frame(child_field, child_codes, child_labels),
            child_index,
            protection,
            [shown_total] * len(child_index),
        ),
        total=total_at(protection, total_index),
        secondary=len(protection.secondary),
    )
    parent_table = ProtectedTable(
        key=parent_key,
        row_field=parent_field,
        rules=rules,
        cells=_published(
            _keys_frame(parent_field, parent_codes, parent_labels),
            list(parent_index.values()),
            protection,
            [shown_total] * len(parent_index),
        ),
        total=total_at(protection, total_index),
        secondary=len(protection.secondary),
    )
    return child_table, parent_table


def protect_count(value: int, rules: DisclosureParams) -> Total:
    """One count on its own (a key number): hidden when small, else rounded."""
    if value == 0:
        return Total(0, NIL_SYMBOL)
    if value < rules.min_count:
        return Total(None, SECRET_SYMBOL)
    return Total(round_to_base(value, rules.rounding_base), "")
