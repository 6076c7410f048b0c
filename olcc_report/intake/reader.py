"""Read a case export as it comes out of a registration system or Excel.

Supported: CSV separated by ``;`` or ``,`` (detected) in UTF-8, UTF-8 with BOM or cp1252 (Excel on
Dutch Windows); XLSX; Parquet. The result keeps every cell as the raw value (strings for CSV), with
the index set to the row number a spreadsheet program shows (header = row 1), so that every error
message can point at the row the analyst sees.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet")


class ReadError(Exception):
    """The file could not be read as a table at all."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Dutch Windows saves "CSV" as cp1252; latin-1 would silently accept anything.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"cannot decode the file as UTF-8 or Windows-1252 (byte {exc.start}): "
                "save it as 'CSV UTF-8' from Excel"
            ) from None


def _delimiter(text: str) -> str:
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=";,").delimiter
    except csv.Error:
        return ";" if header.count(";") >= header.count(",") else ","


def _with_excel_rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="rij")
    blank = frame.apply(
        lambda col: col.map(
            lambda v: (
                v is None
                or (isinstance(v, float) and pd.isna(v))
                or (isinstance(v, str) and not v.strip())
            )
        )
    ).all(axis=1)
    return frame.loc[~blank]


def read_csv_text(text: str) -> pd.DataFrame:
    delimiter = _delimiter(text)
    reader = csv.reader(text.splitlines(keepends=True) if text else [], delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise ReadError("the file is empty")
    header = [h.strip() for h in rows[0]]
    width = len(header)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise ReadError(
                f"row {number} has {len(row)} cells but the header has {width} "
                f"(separator detected: '{delimiter}')"
            )
        body.append((row + [""] * width)[:width])
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return _with_excel_rows(frame)


def _read_xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    # openpyxl directly, not pandas: pandas drops blank rows, which would shift row numbers.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(f"not a readable Excel workbook: {exc}") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ReadError(
                f"worksheet '{sheet}' not found (sheets: {', '.join(workbook.sheetnames)})"
            )
        rows = list(
            (workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True)
        )
    finally:
        workbook.close()
    if not rows:
        raise ReadError("the worksheet is empty")
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = [(list(row) + [None] * width)[:width] for row in rows[1:]]
    return _with_excel_rows(pd.DataFrame(body, columns=header, dtype=object))


def read_export(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read an export into a frame of raw cell values indexed by spreadsheet row number."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError("file not found")
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"unsupported file type '{suffix}' (expected one of {', '.join(SUPPORTED_SUFFIXES)})"
        )
    if suffix in (".csv", ".txt"):
        return read_csv_text(_decode(path.read_bytes()))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:
        raise ReadError(f"not a readable Parquet file: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return _with_excel_rows(frame.astype(object))
