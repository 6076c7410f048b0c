"""Codings of the qualitative analysis: which codebook themes were coded in which case's text.

Two ways in, one frame out (:func:`load_codings`):

* a table (CSV or XLSX) with one row per coded segment: ``casus`` (case id), ``code``, ``tekst``
  (the coded segment), ``codeur`` and optionally ``citaat`` (ja/nee: the analyst chose this
  segment as a quote), ``start``/``einde`` (character positions) and ``bekende_namen`` (names that
  occur in the text, ``;``-separated, used only to de-identify quotes);
* a REFI-QDA project (``.qdpx``, :mod:`olcc_report.qualitative.refi`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from olcc_report.intake.params import DEMO_SOURCE, DataParams, LoadedParams
from olcc_report.intake.problems import Problem
from olcc_report.intake.reader import ReadError, read_export
from olcc_report.intake.values import normalise, parse_boolean
from olcc_report.qualitative.codebook import Codebook, load_codebook
from olcc_report.qualitative.refi import read_qdpx
from olcc_report.qualitative.segments import QUOTE_KIND, Codings, CodingsInvalid, coding_frame

_TABLE_COLUMNS = {
    "case_id": ("casus", "case_id", "casusnummer", "case"),
    "code": ("code", "thema"),
    "tekst": ("tekst", "segment", "fragment", "text"),
    "codeur": ("codeur", "coder", "gecodeerd door"),
    "citaat": ("citaat", "quote"),
    "start": ("start", "begin"),
    "einde": ("einde", "eind", "end"),
    "bekende_namen": ("bekende namen", "bekende_namen", "namen"),
}
_REQUIRED = ("case_id", "code", "tekst")
_NO_CODINGS = (
    "no codings of this period's cases were found: a qualitative chapter without codings "
    "would be empty (check the file, or remove the qualitative: block from the params until "
    "the codings are done)"
)


def _table_columns(columns, name: str) -> dict[str, str]:
    """Field → the table's column for it (any of the accepted names); CodingsInvalid when a
    required one is missing."""
    found: dict[str, str] = {}
    for column in columns:
        key = normalise(column)
        for field, names in _TABLE_COLUMNS.items():
            if key in {normalise(n) for n in names} and field not in found:
                found[field] = column
    problems = [
        Problem(
            name,
            None,
            _TABLE_COLUMNS[f][0],
            None,
            f"required column is missing (accepted names: {', '.join(_TABLE_COLUMNS[f])})",
        )
        for f in _REQUIRED
        if f not in found
    ]
    if problems:
        raise CodingsInvalid(problems)
    return found


def _position(text: str, name: str, row: int, column: str | None, problems: list[Problem]):
    """A character position, None when empty (or not a whole number: then a problem)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    problems.append(Problem(name, row, column, text, "a character position (whole number)"))
    return None


def read_codings_table(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV/XLSX of codings into the frame (codes still as typed)."""
    name = path.name
    try:
        raw = read_export(path, DataParams(cases=name, sheet=sheet))
    except ReadError as exc:
        raise CodingsInvalid([Problem(name, None, None, None, str(exc))]) from None
    found = _table_columns(raw.columns, name)
    problems: list[Problem] = []
    rows = []
    for row_number, record in raw.iterrows():

        def cell(field: str, record=record) -> str:
            value = record[found[field]] if field in found else ""
            return "" if value is None or pd.isna(value) else str(value).strip()

        quote = False
        if cell("citaat"):
            try:
                quote = parse_boolean(cell("citaat"))
            except ValueError as exc:
                problems.append(
                    Problem(name, int(row_number), found["citaat"], cell("citaat"), str(exc))
                )
        positions = [
            _position(cell(field), name, int(row_number), found.get(field), problems)
            for field in ("start", "einde")
        ]
        rows.append(
            {
                "case_id": cell("case_id"),
                "code": cell("code"),
                "tekst": cell("tekst"),
                "start": positions[0],
                "einde": positions[1],
                "codeur": cell("codeur"),
                "citaat": quote,
                "bekende_namen": cell("bekende_namen"),
                "waar": f"row {int(row_number)}",
                "rij": int(row_number),
            }
        )
    for row in rows:
        for field in _REQUIRED:
            if not row[field]:
                problems.append(
                    Problem(name, row["rij"], found[field], None, "a value is required")
                )
    return coding_frame(rows), problems


# --- checks ---------------------------------------------------------------------------------------------


def check_codings(
    frame: pd.DataFrame, codebook: Codebook, case_ids: set[str], file: str, from_table: bool
) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Resolve codes and check cases; returns (frame, errors, warnings).

    Errors: codes not in the codebook, codings of cases not in the period's case data.
    Warnings: the same code twice on overlapping text of one case (counted once)."""
    errors: list[Problem] = []
    if from_table:
        resolved = []
        for row in frame.itertuples():
            code = codebook.resolve(row.code)
            if code is None:
                close = difflib.get_close_matches(row.code, list(codebook.by_code), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                errors.append(
                    Problem(file, row.rij, "code", row.code, f"a code of the codebook{hint}")
                )
            resolved.append(code)
        frame = frame.assign(code=resolved)
        quote_rows = frame["code"].map(
            lambda c: isinstance(c, str) and codebook.by_code[c].kind == QUOTE_KIND
        )
        frame = frame[~quote_rows]
    for row in frame.itertuples():
        if row.case_id not in case_ids:
            errors.append(
                Problem(
                    file,
                    row.rij,
                    "casus" if from_table else row.waar,
                    row.case_id,
                    "a case id of this period's case data",
                )
            )
    warnings = _overlaps(frame, file)
    keep = frame.drop(index=[w[1] for w in warnings]) if warnings else frame
    return keep.drop(columns="rij").reset_index(drop=True), errors, [w[0] for w in warnings]


def _overlaps(frame: pd.DataFrame, file: str) -> list[tuple[Problem, int]]:
    """Duplicate codings: same case and code on overlapping ranges (or the same text)."""
    found = []
    for (_, _), group in frame.groupby(["case_id", "code"], sort=False):
        kept: list[tuple[int | None, int | None, str]] = []
        for index, row in group.iterrows():
            start, end = row["start"], row["einde"]
            duplicate = any(
                (text == row["tekst"])
                or (
                    s is not None
                    and not pd.isna(start)
                    and not pd.isna(end)
                    and int(start) < e
                    and s < int(end)
                )
                for s, e, text in kept
            )
            if duplicate:
                found.append(
                    (
                        Problem(
                            file,
                            row["rij"],
                            row["waar"] if row["rij"] is None else "code",
                            row["code"],
                            f"duplicate: case {row['case_id']} already has this "
                            "code on overlapping text (counted once)",
                        ),
                        index,
                    )
                )
            else:
                kept.append(
                    (
                        None if pd.isna(start) else int(start),
                        None if pd.isna(end) else int(end),
                        row["tekst"],
                    )
                )
    return found


def load_codings(
    path: Path,
    codebook: Codebook,
    case_ids: set[str],
    sheet: str | None = None,
    data: bytes | None = None,
) -> Codings:
    """Read and check a codings file (CSV, XLSX or QDPX); raises CodingsInvalid listing all errors."""
    name = path.name
    if path.suffix.lower() == ".qdpx":
        raw = data if data is not None else path.read_bytes()
        frame, problems, import_warnings = read_qdpx(raw, name, codebook, case_ids)
        from_table = False
    else:
        frame, problems = read_codings_table(path, sheet)
        import_warnings = []
        from_table = True
    if frame.empty and not problems:
        raise CodingsInvalid([Problem(name, None, None, None, _NO_CODINGS)])
    frame, errors, warnings = check_codings(frame, codebook, case_ids, name, from_table)
    if problems or errors:
        raise CodingsInvalid(problems + errors)
    return Codings(frame, tuple(import_warnings + warnings), name)


@dataclass(frozen=True)
class Qualitative:
    """A period's codebook and its checked codings."""

    codebook: Codebook
    codings: Codings


DemoCodings = Callable[[LoadedParams, Codebook, set[str]], bytes]


def load_qualitative(
    loaded: LoadedParams, cases: pd.DataFrame, demo_codings: DemoCodings | None = None
) -> Qualitative | None:
    """The period's codebook and checked codings, or None when the period has none.

    For the demo (``codings: demo``) ``demo_codings`` writes the synthetic ``.qdpx``; it comes
    from the pipeline, the only layer that may use the demo package."""
    q = loaded.params.qualitative
    if q is None:
        return None
    codebook = load_codebook(loaded.resolve(q.codebook))
    case_ids = set(cases["case_id"])
    if q.codings == DEMO_SOURCE:
        if demo_codings is None:
            raise ValueError("demo codings need the demo generator (olcc_report.demo)")
        data = demo_codings(loaded, codebook, case_ids)
        codings = load_codings(
            Path(f"demo-{loaded.params.period}.qdpx"), codebook, case_ids, data=data
        )
    else:
        codings = load_codings(loaded.resolve(q.codings), codebook, case_ids, q.sheet)
    if codings.frame.empty:
        raise CodingsInvalid([Problem(codings.source, None, None, None, _NO_CODINGS)])
    return Qualitative(codebook, codings)
