"""Map an export onto the schema, parse it and validate it: raw export → typed case frame.

Every problem is collected before anything is refused, so an analyst fixes the export in one round.
Each problem names the file, the row as a spreadsheet program shows it, the column as the export
names it, the value and what was expected.

Columns the schema does not know are dropped at once: an export often carries names, addresses
or BSNs that the report must never touch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from olcc_report.intake.mapping import parse_export
from olcc_report.intake.params import FROM_REGIONS, DataParams, LoadedParams, MappingParams
from olcc_report.intake.problems import ExportInvalid, Problem
from olcc_report.intake.reader import NOTICES, ReadError, read_export
from olcc_report.intake.sources import fed_by_source
from olcc_report.intake.values import show_value
from olcc_report.records import schema
from olcc_report.records.case_frame import case_frame_schema

DROPPED_COLUMNS = "export_columns_dropped"  # case-frame attribute: export columns not read

# --- validation --------------------------------------------------------------------------------------


def _expected(field_name: str, check: str, start: dt.date, end: dt.date) -> str:
    f = schema.get_field(field_name)
    # pandera names a check by its kind; on a date column the kind tells which period rule failed.
    if f.kind == "date" and check.startswith("in_range"):
        return f"expected a date within the period ({start:%Y-%m-%d} to {end:%Y-%m-%d})"
    if f.kind == "date" and check.startswith("less_than_or_equal_to"):
        return (
            f"closing date after the period end ({end:%Y-%m-%d}); leave it empty for a case "
            "still open at the end of the period"
        )
    if check.startswith("in_range"):
        return f"expected a whole number from {f.minimum} to {f.maximum}"
    if check == "not_nullable":
        return "a value is required here"
    if check == "field_uniqueness":
        return "case id occurs more than once"
    return f"failed check {check}"


def validate_export(
    raw: pd.DataFrame,
    mapping: MappingParams,
    start: dt.date,
    end: dt.date,
    file: str,
    data: DataParams | None = None,
) -> pd.DataFrame:
    """Raw export → validated typed case frame, with columns for the registered fields only
    (``data.not_registered`` leaves the others out). Raises :class:`ExportInvalid` with all
    problems."""
    data = data or DataParams(cases=file)
    typed, plan, problems, bad = parse_export(raw, mapping, file, data)
    if not len(raw):
        # Nothing to check row by row (and an empty frame has no types to check).
        raise ExportInvalid(
            [*problems, Problem(file, None, None, None, "the export has no case rows")]
        )
    # A field whose column is missing is reported once, not once per row.
    missing = {
        f.name
        for f in schema.input_fields()
        if f.name not in plan.single
        and f.name not in plan.indicators
        and f.name not in data.not_registered
        and f.name not in fed_by_source(plan.single)
    }
    for row in typed.index:
        bad.update((int(row), name) for name in missing)
    export_column = dict(plan.single)
    registered = schema.registered_fields(typed.columns) | missing
    try:
        case_frame_schema(start, end, registered).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _translate(exc.failure_cases, typed, raw, export_column, bad, start, end, file)
    if problems:
        raise ExportInvalid(problems)
    used = set(plan.single.values()) | {c for cs in plan.indicators.values() for c in cs.values()}
    # Column names only (never values): so the analyst sees what was left unread.
    typed.attrs[DROPPED_COLUMNS] = [c for c in raw.columns if c and c not in used]
    typed.attrs[NOTICES] = list(raw.attrs.get(NOTICES, []))
    return typed


def _translate(
    failures: pd.DataFrame,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    export_column: dict[str, str],
    bad: set[tuple[int, str]],
    start: dt.date,
    end: dt.date,
    file: str,
) -> list[Problem]:
    problems: set[Problem] = set()
    for failure in failures.itertuples():
        row = None if pd.isna(failure.index) else int(failure.index)
        column = failure.column
        if failure.check == "closing_after_registration":
            if column != "afsluitdatum":
                continue
            opened = typed.loc[row, "aanmelddatum"]
            problems.add(
                Problem(
                    file,
                    row,
                    export_column.get("afsluitdatum", "afsluitdatum"),
                    show_value(raw.loc[row, export_column["afsluitdatum"]]),
                    f"closing date before the registration date ({show_value(opened)})",
                    date_field=True,
                )
            )
            continue
        if row is not None and (row, column) in bad:
            continue  # already reported as unparseable
        if column in schema.field_by_name() and schema.get_field(column).derived_from:
            continue  # a derived value is missing only when its source was reported
        value = (
            None
            if failure.failure_case is None or pd.isna(failure.failure_case)
            else show_value(failure.failure_case)
        )
        if row is not None and column in export_column and value is not None:
            value = show_value(raw.loc[row, export_column[column]])  # as the analyst typed it
        expected = _expected(column, str(failure.check), start, end)
        if failure.check == "field_uniqueness":
            expected = "case id occurs more than once"  # the message lists its rows
        dates = column in schema.field_by_name() and schema.get_field(column).kind == "date"
        problems.add(Problem(file, row, export_column.get(column, column), value, expected, dates))
    return list(problems)


# --- reading -----------------------------------------------------------------------------------------


def read_cases(loaded: LoadedParams, path: Path | str | None = None) -> pd.DataFrame:
    """Read, map and validate a period's case export: ``path`` if given (``olcc-report validate
    --file``), else the export its params point at. Raises :class:`ExportInvalid`.

    The demo's synthetic cases are made by the pipeline (:mod:`olcc_report.pipeline.inputs`)."""
    params = loaded.params
    if path is None and params.data.cases == FROM_REGIONS:
        return _combined(loaded)
    path = Path(path) if path is not None else loaded.cases_path
    if path is None:
        raise ValueError(f"period {params.period} has no case export (data.cases)")
    try:
        raw = read_export(path, params.data)
    except ReadError as exc:
        raise ExportInvalid([Problem(path.name, None, None, None, str(exc))]) from None
    return validate_export(
        raw, params.mapping, params.period_start, params.period_end, path.name, params.data
    )


def _combined(loaded: LoadedParams) -> pd.DataFrame:
    """The national cases as the regional books' own exports together (``data.cases:
    "regio's"``): each read and validated as a national export is, each row checked to be a
    case of its book's regions, a case number in two exports refused; every problem at once."""
    params = loaded.params
    frames, problems, seen = [], [], {}
    for book, path in loaded.case_exports():
        try:
            raw = read_export(path, params.data)
            typed = validate_export(
                raw, params.mapping, params.period_start, params.period_end, path.name, params.data
            )
        except ReadError as exc:
            problems.append(Problem(path.name, None, None, None, str(exc)))
            continue
        except ExportInvalid as exc:
            problems += exc.problems
            continue
        expected = (
            f"a case of {book.name} ({', '.join(book.members)}): this is {book.code}'s export"
        )
        for row, region in typed["jeugdregio"].items():
            if region not in book.members:
                problems.append(Problem(path.name, int(row), "jeugdregio", str(region), expected))
        for row, case in typed["case_id"].items():
            if case in seen:
                problems.append(
                    Problem(path.name, int(row), "case_id", None, f"case id also in {seen[case]}")
                )
            seen.setdefault(case, path.name)
        frames.append(typed)
    if problems:
        raise ExportInvalid(problems)
    combined = pd.concat(frames, ignore_index=True)
    combined.attrs[DROPPED_COLUMNS] = sorted({c for f in frames for c in f.attrs[DROPPED_COLUMNS]})
    combined.attrs[NOTICES] = [n for f in frames for n in f.attrs.get(NOTICES, [])]
    return combined
