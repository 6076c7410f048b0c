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
from olcc_report.intake.values import is_blank, parse_boolean
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
    """Cells as compared between the rows of a case: stripped, case-folded, blank → None."""
    out = raw[columns].astype("string").apply(lambda s: s.str.strip().str.casefold())
    return out.where(out.notna() & (out != ""), None).astype(object)


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
    any row says yes). Column-wise, so that 100.000 rows fold in seconds."""
    keys = _keys(raw, columns)
    if keys is None:
        return raw, []
    # A row without a case number stays a row of its own (validation reports it).
    keys = keys.where(keys.notna(), "\0row " + pd.Series(raw.index.astype(str), raw.index))
    rows = pd.Series(raw.index, index=raw.index)
    first_row = rows.groupby(keys, sort=False).first()
    text = raw.astype("string").apply(lambda s: s.str.strip())
    blanked = raw.where(text.notna() & (text != ""), None)
    out = blanked.groupby(keys, sort=False).first()  # the first value given, per column
    problems = _disagreements(raw, columns, keys, file)
    for column in columns.multi:
        tokens = blanked[column].dropna().astype(str).str.split(separator).explode().str.strip()
        tokens = tokens[tokens != ""]
        pairs = pd.DataFrame({"key": keys[tokens.index], "token": tokens}).drop_duplicates()
        joined = pairs.groupby("key", sort=False)["token"].agg(separator.join)
        out[column] = joined.reindex(out.index)
    for column in columns.indicators:
        yes = blanked[column].map(lambda v: v is not None and _yes(v))
        anyone = yes.groupby(keys, sort=False).any()
        out.loc[anyone[anyone].index, column] = "ja"
    out = out.reindex(columns=raw.columns)
    out.index = pd.Index([int(first_row[k]) for k in out.index], name=raw.index.name)
    out.attrs = dict(raw.attrs)
    return out.astype(object), problems


def _disagreements(
    raw: pd.DataFrame, columns: Columns, keys: pd.Series, file: str
) -> list[Problem]:
    """A single-valued column with two values in the rows of one case: the first row that
    differs from the case's first value, and that first value's row."""
    problems = []
    multi = [*columns.multi, *columns.indicators]
    values = _normalised(raw, columns.single)
    for column in columns.single:
        given = values[column].dropna()
        if given.empty:
            continue
        group = keys[given.index]
        first = given.groupby(group, sort=False).transform("first")
        first_row = pd.Series(given.index, index=given.index).groupby(group).transform("first")
        differs = given[given != first]
        for row in differs.index[~group[differs.index].duplicated()]:
            problems.append(
                Problem(
                    file,
                    int(row),
                    column,
                    None,
                    f"case {keys[row]} has another value here than on row "
                    f"{int(first_row[row])}; the rows of one case (data.layout: long) may "
                    f"differ only in {', '.join(repr(c) for c in multi)}",
                )
            )
    return problems


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
