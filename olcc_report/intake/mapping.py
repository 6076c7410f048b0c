"""Map an export's columns and values onto the schema and parse every cell: raw export →
typed frame (not yet validated), with every problem found."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from olcc_report.intake import layout as layout_rules
from olcc_report.intake.params import DataParams, MappingParams
from olcc_report.intake.problems import Problem
from olcc_report.intake.sources import fed_by_source, fill_from_sources
from olcc_report.intake.values import (
    CategoryLookup,
    DateParser,
    is_blank,
    normalise,
    parse_boolean,
    parse_integer,
    show_value,
)
from olcc_report.records import reference, schema


@dataclass
class ColumnPlan:
    """Which export column feeds which field (and for multi fields, which category)."""

    single: dict[str, str]  # field → export column
    indicators: dict[str, dict[str, str]]  # multi field → {code: export column}


def _single_columns(
    columns: list[str],
    by_norm: dict[str, str],
    explicit: dict[str, str],
    file: str,
    problems: list[Problem],
) -> dict[str, str]:
    """Field → export column: mapped in params, else named like the field or its label."""
    single: dict[str, str] = {}

    def claim(field_name: str, column: str) -> None:
        if field_name in single and single[field_name] != column:
            problems.append(
                Problem(
                    file,
                    None,
                    column,
                    None,
                    f"two columns map to field '{field_name}' "
                    f"('{single[field_name]}' and '{column}'); keep one",
                )
            )
        else:
            single[field_name] = column

    for column in columns:
        key = normalise(column)
        if key in explicit:
            claim(explicit[key], column)
    for f in schema.mapping_targets():
        if f.name in single:
            continue
        for candidate in (f.name, f.label):
            column = by_norm.get(normalise(candidate))
            if column is not None and normalise(column) not in explicit:
                claim(f.name, column)
                break
    return single


def plan_columns(
    columns: Iterable[str],
    mapping: MappingParams,
    file: str,
    not_registered: Iterable[str] = (),
) -> tuple[ColumnPlan, list[Problem]]:
    """Which export column feeds which field. A field in ``not_registered`` gets no column; a
    core field without one, or an optional field without one that the params do not declare
    not registered, is a problem."""
    columns = [c for c in columns if c]
    not_registered = set(not_registered)
    problems: list[Problem] = []
    by_norm = {normalise(c): c for c in columns}
    explicit = {normalise(k): v for k, v in mapping.columns.items()}
    single = _single_columns(columns, by_norm, explicit, file, problems)
    indicators: dict[str, dict[str, str]] = {}
    for f in schema.input_fields():
        if f.kind != "multi" or f.name in not_registered:
            continue
        found = _indicator_columns(f, mapping, by_norm, file, problems)
        if found:
            if f.name in single:
                problems.append(
                    Problem(
                        file,
                        None,
                        single[f.name],
                        None,
                        f"'{f.name}' is given both as one column and as 0/1 "
                        "columns per category; keep one form",
                    )
                )
            indicators[f.name] = found
            problems += _category_columns(f, found, not_registered, file)
    for name in sorted(not_registered & (set(single) | set(indicators))):
        column = single.get(name) or next(iter(indicators[name].values()))
        problems.append(
            Problem(
                file,
                None,
                column,
                None,
                f"the params say '{name}' is not registered (data.not_registered), but the "
                f"export has a column for it; remove '{name}' from data.not_registered to use "
                "it, or leave the column out of the export",
            )
        )
    used = set(single.values()) | {c for cols in indicators.values() for c in cols.values()}
    unused = [c for c in columns if c not in used]
    fed = fed_by_source(single)  # the age from a birth date, the region from a municipality
    absent = [
        f
        for f in schema.input_fields()
        if f.name not in single
        and f.name not in indicators
        and f.name not in not_registered
        and f.name not in fed
    ]
    undeclared = sorted([*not_registered, *(f.name for f in absent if not f.core)])
    for f in absent:
        problems.append(_missing_column(f, unused, by_norm, mapping, file, undeclared))
    return ColumnPlan(single, indicators), problems


def _category_columns(
    f: schema.Field, found: dict[str, str], not_registered: set[str], file: str
) -> list[Problem]:
    """A yes/no column per category: every category has one, or the params say the system
    does not register it (``data.not_registered: [problemen.angst]``): a missing column is
    never read as "no case has it"."""
    declared = set(schema.unregistered_categories(not_registered, f.name))
    missing = [c for c in f.codes if c not in found and c not in declared]
    problems = []
    if missing:
        entries = ", ".join(schema.category_entry(f.name, c) for c in missing)
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                f"'{f.name}' has a yes/no column for {len(found)} of its {len(f.codes)} "
                f"categories; none for {', '.join(missing)}. If your registration does not ask "
                f"about them, say so in the params under data: not_registered: [{entries}]",
            )
        )
    for code in sorted(declared & found.keys()):
        problems.append(
            Problem(
                file,
                None,
                found[code],
                None,
                f"the params say '{schema.category_entry(f.name, code)}' is not registered "
                "(data.not_registered), but the export has a column for it; remove it from "
                "data.not_registered to use it",
            )
        )
    return problems


def _indicator_columns(
    f: schema.Field,
    mapping: MappingParams,
    by_norm: dict[str, str],
    file: str,
    problems: list[Problem],
) -> dict[str, str]:
    """The 0/1 column of each category of a multi-valued field: named in params, or named
    ``<field>_<code>``."""
    found: dict[str, str] = {}
    for column, code in mapping.indicator_columns.get(f.name, {}).items():
        actual = by_norm.get(normalise(column))
        if actual is None:
            problems.append(
                Problem(
                    file,
                    None,
                    column,
                    None,
                    f"indicator column for {f.name} '{code}' named in params is not in the export",
                )
            )
        else:
            found[code] = actual
    for code in f.codes:
        for candidate in (f"{f.name}_{code}", f"{f.name}__{code}"):
            actual = by_norm.get(normalise(candidate))
            if actual is not None and code not in found:
                found[code] = actual
    return found


def _missing_column(
    f: schema.Field,
    unused: list[str],
    by_norm: dict[str, str],
    mapping: MappingParams,
    file: str,
    not_registered: list[str],
) -> Problem:
    """The problem of a field without a column: a hint at a similar column, and for an
    optional field the params line that declares it (and the others) not registered."""
    candidates = [normalise(c) for c in unused]
    hint = difflib.get_close_matches(
        normalise(f.name), candidates, n=1, cutoff=0.6
    ) or difflib.get_close_matches(normalise(f.label), candidates, n=1, cutoff=0.6)
    if f.core:
        message = f"core column '{f.name}' ({f.label}) is missing; without it there is no report"
    else:
        message = f"column for the optional field '{f.name}' ({f.label}) is missing"
    if hint:
        message += f"; did you mean '{by_norm[hint[0]]}'? (map it in params: mapping.columns)"
    elif f.kind == "multi":
        message += (
            f"; give one column '{f.name}' with values separated by "
            f"'{mapping.multi_separator}', or 0/1 columns like '{f.name}_{f.codes[0]}'"
        )
    if not f.core:
        message += (
            "; if your registration does not record it, say so in the params under data: "
            f"not_registered: [{', '.join(not_registered)}]"
        )
    return Problem(file, None, None, None, message)


# --- parsing -----------------------------------------------------------------------------------------


def _parse_column(
    raw: pd.Series,
    parser: Callable[[Any], Any],
    file: str,
    column: str,
    problems: list[Problem],
    bad: set[tuple[int, str]],
    field_name: str,
) -> list[Any]:
    out: list[Any] = []
    for row, value in raw.items():
        if is_blank(value):
            out.append(None)
            continue
        try:
            out.append(parser(value))
        except ValueError as exc:
            dates = schema.get_field(field_name).kind == "date"
            problems.append(Problem(file, int(row), column, show_value(value), str(exc), dates))
            bad.add((int(row), field_name))
            out.append(None)
    return out


def parse_export(
    raw: pd.DataFrame, mapping: MappingParams, file: str, data: DataParams
) -> tuple[pd.DataFrame, ColumnPlan, list[Problem], set[tuple[int, str]]]:
    """Raw export → typed frame (unvalidated), the column plan, problems, and cells that failed.

    The typed frame has columns for the registered fields only (see
    :func:`~olcc_report.records.schema.registered_fields`)."""
    not_registered = set(data.not_registered)
    plan, problems = plan_columns(list(raw.columns), mapping, file, not_registered)
    columns = layout_rules.columns_of(plan.single, plan.indicators)
    raw, folded = layout_rules.arrange(raw, columns, mapping.multi_separator, file, data.layout)
    problems += folded
    bad: set[tuple[int, str]] = set()
    typed = pd.DataFrame(index=raw.index)
    dates = DateParser(data.date_format)
    for f in schema.input_fields():
        if f.name in not_registered:
            continue
        if f.kind == "multi":
            typed = typed.join(_parse_multi(raw, f, plan, mapping, file, problems, bad))
            continue
        column = plan.single.get(f.name)
        if column is None:
            values: list[Any] = [None] * len(raw)
        elif f.kind == "id":
            values = [None if is_blank(v) else show_value(v) for v in raw[column]]
        else:
            parser = {
                "date": dates,
                "integer": parse_integer,
                "boolean": parse_boolean,
                "category": CategoryLookup(f, mapping.values.get(f.name, {})),
            }[f.kind]
            values = _parse_column(raw[column], parser, file, column, problems, bad, f.name)
        typed[f.name] = _as_dtype(f, values, raw.index)
    fill_from_sources(
        raw,
        plan.single,
        typed,
        file,
        problems,
        bad,
        data.date_format,
        data.jeugdregio_indeling,
        _parse_column,
    )
    typed = _derive(typed)
    return typed, plan, problems, bad


def _as_dtype(f: schema.Field, values: list[Any], index: pd.Index) -> pd.Series:
    if f.kind == "id":
        return pd.Series(values, index=index, dtype=object).astype("string").astype(object)
    if f.kind == "date":
        return pd.Series(
            pd.to_datetime(pd.Series(values, index=index, dtype=object)), index=index
        ).astype("datetime64[ns]")
    if f.kind == "integer":
        return pd.Series(values, index=index, dtype="Int64")
    if f.kind == "boolean":
        return pd.Series(values, index=index, dtype="boolean")
    return pd.Series(pd.Categorical(values, categories=f.codes, ordered=True), index=index)


def _parse_multi(
    raw: pd.DataFrame,
    f: schema.Field,
    plan: ColumnPlan,
    mapping: MappingParams,
    file: str,
    problems: list[Problem],
    bad: set[tuple[int, str]],
) -> pd.DataFrame:
    result = pd.DataFrame(False, index=raw.index, columns=schema.indicator_columns(f.name))
    if f.name in plan.indicators:
        # A yes/no column per category: the categories without one are not registered (the
        # system never asked), so they get no column rather than a column of "no".
        given = plan.indicators[f.name]
        result = result[[schema.indicator_column(f.name, c) for c in f.codes if c in given]]
        for code, column in given.items():
            flags = _parse_column(raw[column], parse_boolean, file, column, problems, bad, f.name)
            result[schema.indicator_column(f.name, code)] = [bool(v) for v in flags]
        return result.astype("boolean")
    column = plan.single.get(f.name)
    if column is None:
        return result.astype("boolean")
    lookup = CategoryLookup(f, mapping.values.get(f.name, {}))
    for row, value in raw[column].items():
        if is_blank(value):
            continue
        for token in str(value).split(mapping.multi_separator):
            if not token.strip():
                continue
            try:
                code = lookup(token)
            except ValueError as exc:
                problems.append(Problem(file, int(row), column, token.strip(), str(exc)))
                bad.add((int(row), f.name))
                continue
            result.loc[row, schema.indicator_column(f.name, code)] = True
    return result.astype("boolean")


def _derive(typed: pd.DataFrame) -> pd.DataFrame:
    ages = typed["leeftijd"]
    groups = [
        None
        if pd.isna(a) or not (schema.AGE_MIN <= a <= schema.AGE_MAX)
        else schema.age_group_of(int(a))
        for a in ages
    ]
    group_field = schema.get_field("leeftijdsgroep")
    typed["leeftijdsgroep"] = pd.Categorical(groups, categories=group_field.codes, ordered=True)
    bands = [
        None
        if pd.isna(a) or not (schema.AGE_MIN <= a <= schema.AGE_MAX)
        else schema.cbs_band_of(int(a))
        for a in ages
    ]
    typed["leeftijdsband"] = pd.Categorical(
        bands, categories=schema.get_field("leeftijdsband").codes, ordered=True
    )
    province_of = {r.code: r.province_code for r in reference.regions()}
    province_field = schema.get_field("provincie")
    typed["provincie"] = pd.Categorical(
        [None if pd.isna(r) else province_of[r] for r in typed["jeugdregio"]],
        categories=province_field.codes,
        ordered=True,
    )
    return typed
