"""Map an export onto the schema, parse it and validate it: raw export → typed case frame.

Every problem is collected before anything is refused, so an analyst fixes the export in one round.
Each problem names the file, the row as a spreadsheet program shows it, the column as the export
names it, the value and what was expected.

Columns the schema does not know are dropped at once: an export often carries names, addresses
or BSNs that the report must never touch.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from olcc_report import reference, schema
from olcc_report.params import LoadedParams, MappingParams
from olcc_report.reader import ReadError, read_export


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        value = "" if self.value is None else f": value '{self.value}'"
        return f"{', '.join(where)}{value} — {self.expected}"


class ExportInvalid(Exception):
    """The export cannot be used; ``problems`` holds every problem found, in row order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.expected))
        super().__init__(f"{len(self.problems)} problem(s) in the case export")


def normalise(text: Any) -> str:
    """Case-, accent- and spacing-insensitive key for matching names and values."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-/]+", " ", folded).strip().casefold()


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, str) and not value.strip()


def _show(value: Any) -> str:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


# --- cell parsers: value → parsed value, or raise ValueError with what was expected ----------------

_DATE_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
)
_DATE_EXPECTED = "expected a date like 2020-03-31 or 31-03-2020"


def parse_date(value: Any) -> pd.Timestamp:
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return pd.Timestamp(dt.date(parts["y"], parts["m"], parts["d"]))
            except ValueError:
                raise ValueError(f"not an existing date; {_DATE_EXPECTED}") from None
    raise ValueError(_DATE_EXPECTED)


def parse_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise ValueError("expected a whole number")


_TRUE = {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
_FALSE = {"nee", "n", "0", "false", "onwaar", "no"}


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = normalise(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError("expected ja or nee (or 1 or 0)")


class CategoryLookup:
    """Accepts a category's code, its Dutch label, known aliases and the params value mapping."""

    def __init__(self, field: schema.Field, mapped: dict[str, str]):
        self.field = field
        self.table: dict[str, str] = {}
        for category in field.categories:
            self.table[normalise(category.code)] = category.code
            self.table[normalise(category.label)] = category.code
        for alias, code in field.aliases.items():
            self.table[normalise(alias)] = code
        self.explanations: dict[str, str] = {}
        if field.name == "jeugdregio":
            for alias, code in reference.region_aliases().items():
                self.table.setdefault(normalise(alias), code)
            self.explanations = {
                normalise(name): why for name, why in reference.ambiguous_region_names().items()
            }
        for value, code in mapped.items():
            self.table[normalise(value)] = code

    def expected(self) -> str:
        codes = self.field.codes
        if len(codes) > 12:
            return f"expected one of the {len(codes)} codes or names of the data dictionary"
        return "expected one of: " + ", ".join(codes)

    def __call__(self, value: Any) -> str:
        key = normalise(value)
        if key in self.table:
            return self.table[key]
        if key in self.explanations:
            raise ValueError(
                f"ambiguous region name: {self.explanations[key]}; map it in params "
                f"(mapping.values.{self.field.name})"
            )
        hint = difflib.get_close_matches(key, list(self.table), n=1, cutoff=0.75)
        message = f"unknown {self.field.name}; {self.expected()}"
        if hint:
            message += f" (did you mean '{self.table[hint[0]]}'?)"
        raise ValueError(message)


# --- column mapping ----------------------------------------------------------------------------------


@dataclass
class ColumnPlan:
    """Which export column feeds which field (and for multi fields, which category)."""

    single: dict[str, str]  # field → export column
    indicators: dict[str, dict[str, str]]  # multi field → {code: export column}


def plan_columns(columns: Iterable[str], mapping: MappingParams, file: str) -> tuple[ColumnPlan, list[Problem]]:
    columns = [c for c in columns if c]
    problems: list[Problem] = []
    by_norm = {normalise(c): c for c in columns}
    explicit = {normalise(k): v for k, v in mapping.columns.items()}
    single: dict[str, str] = {}
    indicators: dict[str, dict[str, str]] = {}

    def claim(field_name: str, column: str) -> None:
        if field_name in single and single[field_name] != column:
            problems.append(Problem(file, None, column, None,
                                    f"two columns map to field '{field_name}' "
                                    f"('{single[field_name]}' and '{column}'); keep one"))
        else:
            single[field_name] = column

    for column in columns:
        key = normalise(column)
        if key in explicit:
            claim(explicit[key], column)
    for f in schema.input_fields():
        if f.name in single:
            continue
        for candidate in (f.name, f.label):
            column = by_norm.get(normalise(candidate))
            if column is not None and normalise(column) not in explicit:
                claim(f.name, column)
                break
    for f in schema.input_fields():
        if f.kind != "multi":
            continue
        found: dict[str, str] = {}
        for column, code in mapping.indicator_columns.get(f.name, {}).items():
            actual = by_norm.get(normalise(column))
            if actual is None:
                problems.append(Problem(file, None, column, None,
                                        f"indicator column for {f.name} '{code}' named in params "
                                        "is not in the export"))
            else:
                found[code] = actual
        for code in f.codes:
            for candidate in (f"{f.name}_{code}", f"{f.name}__{code}"):
                actual = by_norm.get(normalise(candidate))
                if actual is not None and code not in found:
                    found[code] = actual
        if found:
            if f.name in single:
                problems.append(Problem(file, None, single[f.name], None,
                                        f"'{f.name}' is given both as one column and as 0/1 "
                                        "columns per category; keep one form"))
            indicators[f.name] = found
    used = set(single.values()) | {c for cols in indicators.values() for c in cols.values()}
    unused = [c for c in columns if c not in used]
    for f in schema.input_fields():
        if f.required and f.name not in single and f.name not in indicators:
            hint = difflib.get_close_matches(
                normalise(f.name), [normalise(c) for c in unused], n=1, cutoff=0.6
            ) or difflib.get_close_matches(
                normalise(f.label), [normalise(c) for c in unused], n=1, cutoff=0.6
            )
            message = f"required column '{f.name}' ({f.label}) is missing"
            if hint:
                message += f"; did you mean '{by_norm[hint[0]]}'? (map it in params: mapping.columns)"
            elif f.kind == "multi":
                message += (f"; give one column '{f.name}' with values separated by "
                            f"'{mapping.multi_separator}', or 0/1 columns like '{f.name}_{f.codes[0]}'")
            problems.append(Problem(file, None, None, None, message))
    return ColumnPlan(single, indicators), problems


# --- parsing -----------------------------------------------------------------------------------------


def _parse_column(raw: pd.Series, parser: Callable[[Any], Any], file: str, column: str,
                  problems: list[Problem], bad: set[tuple[int, str]], field_name: str) -> list[Any]:
    out: list[Any] = []
    for row, value in raw.items():
        if _is_blank(value):
            out.append(None)
            continue
        try:
            out.append(parser(value))
        except ValueError as exc:
            problems.append(Problem(file, int(row), column, _show(value), str(exc)))
            bad.add((int(row), field_name))
            out.append(None)
    return out


def parse_export(raw: pd.DataFrame, mapping: MappingParams, file: str) -> tuple[pd.DataFrame, ColumnPlan, list[Problem], set[tuple[int, str]]]:
    """Raw export → typed frame (unvalidated), the column plan, problems, and cells that failed."""
    plan, problems = plan_columns(list(raw.columns), mapping, file)
    bad: set[tuple[int, str]] = set()
    typed = pd.DataFrame(index=raw.index)
    for f in schema.input_fields():
        if f.kind == "multi":
            typed = typed.join(_parse_multi(raw, f, plan, mapping, file, problems, bad))
            continue
        column = plan.single.get(f.name)
        if column is None:
            values: list[Any] = [None] * len(raw)
        elif f.kind == "id":
            values = [None if _is_blank(v) else _show(v) for v in raw[column]]
        else:
            parser = {
                "date": parse_date,
                "integer": parse_integer,
                "boolean": parse_boolean,
                "category": CategoryLookup(f, mapping.values.get(f.name, {})),
            }[f.kind]
            values = _parse_column(raw[column], parser, file, column, problems, bad, f.name)
        typed[f.name] = _as_dtype(f, values, raw.index)
    typed = _derive(typed)
    return typed, plan, problems, bad


def _as_dtype(f: schema.Field, values: list[Any], index: pd.Index) -> pd.Series:
    if f.kind == "id":
        return pd.Series(values, index=index, dtype=object).astype("string").astype(object)
    if f.kind == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, index=index, dtype=object)), index=index).astype("datetime64[ns]")
    if f.kind == "integer":
        return pd.Series(values, index=index, dtype="Int64")
    if f.kind == "boolean":
        return pd.Series(values, index=index, dtype="boolean")
    return pd.Series(pd.Categorical(values, categories=f.codes, ordered=True), index=index)


def _parse_multi(raw: pd.DataFrame, f: schema.Field, plan: ColumnPlan, mapping: MappingParams,
                 file: str, problems: list[Problem], bad: set[tuple[int, str]]) -> pd.DataFrame:
    result = pd.DataFrame(False, index=raw.index, columns=schema.indicator_columns(f.name))
    if f.name in plan.indicators:
        for code, column in plan.indicators[f.name].items():
            flags = _parse_column(raw[column], parse_boolean, file, column, problems, bad, f.name)
            result[schema.indicator_column(f.name, code)] = [bool(v) for v in flags]
        return result.astype("boolean")
    column = plan.single.get(f.name)
    if column is None:
        return result.astype("boolean")
    lookup = CategoryLookup(f, mapping.values.get(f.name, {}))
    for row, value in raw[column].items():
        if _is_blank(value):
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
        None if pd.isna(a) or not (schema.AGE_MIN <= a <= schema.AGE_MAX) else schema.age_group_of(int(a))
        for a in ages
    ]
    group_field = schema.get_field("leeftijdsgroep")
    typed["leeftijdsgroep"] = pd.Categorical(groups, categories=group_field.codes, ordered=True)
    province_of = {r.code: r.province_code for r in reference.regions()}
    province_field = schema.get_field("provincie")
    typed["provincie"] = pd.Categorical(
        [None if pd.isna(r) else province_of[r] for r in typed["jeugdregio"]],
        categories=province_field.codes, ordered=True,
    )
    return typed


# --- validation --------------------------------------------------------------------------------------


def _expected(field_name: str, check: str, start: dt.date, end: dt.date) -> str:
    f = schema.get_field(field_name)
    # pandera names a check by its kind; on a date column the kind tells which period rule failed.
    if f.kind == "date" and check.startswith("in_range"):
        return f"expected a date within the period ({start:%Y-%m-%d} to {end:%Y-%m-%d})"
    if f.kind == "date" and check.startswith("less_than_or_equal_to"):
        return (f"closing date after the period end ({end:%Y-%m-%d}); leave it empty for a case "
                "still open at the end of the period")
    if check.startswith("in_range"):
        return f"expected a whole number from {f.minimum} to {f.maximum}"
    if check == "not_nullable":
        return "a value is required here"
    if check == "field_uniqueness":
        return "case id occurs more than once"
    return f"failed check {check}"


def validate_export(raw: pd.DataFrame, mapping: MappingParams, start: dt.date, end: dt.date,
                    file: str) -> pd.DataFrame:
    """Raw export → validated typed case frame. Raises :class:`ExportInvalid` with all problems."""
    typed, plan, problems, bad = parse_export(raw, mapping, file)
    if not len(raw):
        problems.append(Problem(file, None, None, None, "the export has no case rows"))
    # A field whose column is missing is reported once, not once per row.
    missing = {f.name for f in schema.input_fields()
               if f.name not in plan.single and f.name not in plan.indicators}
    for row in typed.index:
        bad.update((int(row), name) for name in missing)
    export_column = dict(plan.single)
    try:
        schema.case_frame_schema(start, end).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _translate(exc.failure_cases, typed, raw, export_column, bad, start, end, file)
    if problems:
        raise ExportInvalid(problems)
    return typed


def _translate(failures: pd.DataFrame, typed: pd.DataFrame, raw: pd.DataFrame,
               export_column: dict[str, str],
               bad: set[tuple[int, str]], start: dt.date, end: dt.date, file: str) -> list[Problem]:
    problems: set[Problem] = set()
    for failure in failures.itertuples():
        row = None if pd.isna(failure.index) else int(failure.index)
        column = failure.column
        if failure.check == "closing_after_registration":
            if column != "afsluitdatum":
                continue
            opened = typed.loc[row, "aanmelddatum"]
            problems.add(Problem(file, row, export_column.get("afsluitdatum", "afsluitdatum"),
                                 _show(raw.loc[row, export_column["afsluitdatum"]]),
                                 f"closing date before the registration date ({_show(opened)})"))
            continue
        if row is not None and (row, column) in bad:
            continue  # already reported as unparseable
        if column in schema.field_by_name() and schema.get_field(column).derived_from:
            continue  # a derived value is missing only when its source was reported
        value = None if failure.failure_case is None or pd.isna(failure.failure_case) else _show(failure.failure_case)
        if row is not None and column in export_column and value is not None:
            value = _show(raw.loc[row, export_column[column]])  # as the analyst typed it
        expected = _expected(column, str(failure.check), start, end)
        if failure.check == "field_uniqueness":
            rows = typed.index[typed["case_id"] == failure.failure_case].tolist()
            expected = f"case id occurs more than once (rows {', '.join(map(str, rows))})"
        problems.add(Problem(file, row, export_column.get(column, column), value, expected))
    return list(problems)


# --- loading -----------------------------------------------------------------------------------------


def load_cases(loaded: LoadedParams, path: Path | str | None = None) -> pd.DataFrame:
    """Read, map and validate a period's case data: ``path`` if given (``olcc-report validate
    --file``), else the export or demo data its params point at."""
    params = loaded.params
    if path is None and params.is_demo:
        from olcc_report.synth import generate_period_export

        raw = generate_period_export(params.period_start, params.period_end)
        name = f"demo:{params.period}"
    else:
        path = Path(path) if path is not None else loaded.cases_path
        assert path is not None
        name = path.name
        try:
            raw = read_export(path, params.data.sheet)
        except ReadError as exc:
            raise ExportInvalid([Problem(name, None, None, None, str(exc))]) from None
    return validate_export(raw, params.mapping, params.period_start, params.period_end, name)
