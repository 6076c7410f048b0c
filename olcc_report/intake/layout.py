"""Exports with one row per case and category (a "long" table: the case number repeats, the
problems are in one column "Problematiek" one per row, the other columns repeat), folded to one
row per case before the cells are parsed.

A case's rows may differ only in the columns of multi-valued fields; a single-valued field
with two different values in two rows of one case is an error naming both rows. The folded row
keeps the number of the case's first row, as Excel shows it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import is_blank, normalise, parse_boolean
from olcc_report.records import schema


@dataclass(frozen=True)
class Columns:
    """The export columns that matter for the layout (from the column plan)."""

    case_id: str | None
    single: list[str]  # mapped columns of single-valued fields (not the case id)
    multi: list[str]  # one-cell columns of multi-valued fields ("a|b")
    indicators: list[str]  # yes/no columns of categories


def columns_of(single: dict[str, str], indicators: dict[str, dict[str, str]]) -> Columns:
    """The layout's columns from a column plan (field → column; field → code → column)."""
    multi = [c for f, c in single.items() if schema.mapping_target(f).kind == "multi"]
    return Columns(
        single.get("case_id"),
        [c for f, c in single.items() if f != "case_id" and c not in multi],
        multi,
        [c for columns in indicators.values() for c in columns.values()],
    )


def _keys(raw: pd.DataFrame, columns: Columns) -> pd.Series | None:
    if columns.case_id is None:
        return None
    return raw[columns.case_id].map(lambda v: None if is_blank(v) else str(v).strip())


def _normalised(raw: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return raw[columns].map(lambda v: None if is_blank(v) else normalise(v))


def looks_long(raw: pd.DataFrame, columns: Columns) -> bool:
    """Case numbers repeat, the rows of each repeated case agree on every mapped
    single-valued column, and they differ in a multi-valued one: one row per case and
    category."""
    keys = _keys(raw, columns)
    if keys is None or not (columns.multi or columns.indicators):
        return False
    repeated = keys.notna() & keys.duplicated(keep=False)
    if not repeated.any():
        return False
    values = _normalised(raw.loc[repeated], columns.single)
    agree = bool((values.groupby(keys[repeated]).nunique() <= 1).all().all())
    # Rows that are copies of each other are duplicates, not a long table.
    categories = _normalised(raw.loc[repeated], [*columns.multi, *columns.indicators])
    differ = bool((categories.groupby(keys[repeated]).nunique() > 1).any().any())
    return agree and differ


def fold(
    raw: pd.DataFrame, columns: Columns, separator: str, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per case: single-valued columns from the case's rows (which must agree),
    multi-valued columns combined (values joined by ``separator``; a yes/no column yes when
    any row says yes)."""
    keys = _keys(raw, columns)
    if keys is None:
        return raw, []
    multi = [*columns.multi, *columns.indicators]
    indicator = set(columns.indicators)
    problems: list[Problem] = []
    values = _normalised(raw, columns.single)
    rows = []
    for key, group in raw.groupby(
        keys.fillna(pd.Series(raw.index.astype(str), raw.index)), sort=False
    ):
        first = group.index[0]
        out = group.loc[first].copy()
        for column in values.columns:
            seen = values.loc[group.index, column].dropna()
            if seen.nunique() > 1:
                other = seen.index[seen != seen.iloc[0]][0]
                problems.append(
                    Problem(
                        file,
                        int(other),
                        column,
                        None,
                        f"case {key} has another value here than on row {int(seen.index[0])}; "
                        "the rows of one case (data.layout: long) may differ only in "
                        f"{', '.join(repr(c) for c in multi)}",
                    )
                )
            if len(seen):
                out[column] = group.loc[seen.index[0], column]
        for column in multi:
            cells = [v for v in group[column] if not is_blank(v)]
            if column in indicator:
                out[column] = "ja" if any(_yes(v) for v in cells) else (cells[0] if cells else None)
            else:
                tokens = [t.strip() for v in cells for t in str(v).split(separator) if t.strip()]
                out[column] = separator.join(dict.fromkeys(tokens))
        rows.append(out)
    folded = pd.DataFrame(rows, columns=raw.columns)
    folded.index = pd.Index([int(i) for i in folded.index], name=raw.index.name)
    folded.attrs = dict(raw.attrs)
    return folded, problems


def _yes(value) -> bool:
    try:
        return parse_boolean(value)
    except ValueError:
        return False


def arrange(
    raw: pd.DataFrame, columns: Columns, separator: str, file: str, layout: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """A long export (``data.layout: long``) folded to one row per case; a wide one that
    looks long gets one problem that says so (not only a duplicate case number per row)."""
    if layout == "long":
        return fold(raw, columns, separator, file)
    if looks_long(raw, columns):
        return raw, [
            Problem(
                file,
                None,
                columns.case_id,
                None,
                "case numbers repeat, and the rows of each case differ only in "
                f"{', '.join(repr(c) for c in [*columns.multi, *columns.indicators])}: the "
                "export has one row per case and category. Say so in the params under data: "
                "layout: long (olcc-report map proposes it)",
            )
        ]
    return raw, []
