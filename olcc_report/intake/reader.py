"""Read a case export as it comes out of a registration system or Excel.

Supported: CSV separated by ``;``, ``,``, tab or ``|`` (guessed from how consistently each splits
the records) in UTF-8, UTF-8 with BOM, cp1252 (Excel on Dutch Windows) or UTF-16 with BOM
(Excel's "Unicode text"); XLSX (dates, or Excel serial numbers in date columns); Parquet. The
params can name the separator, encoding, worksheet and header row where the guess is wrong. The result keeps every cell as the raw value (strings for CSV), with
the index set to the row number a spreadsheet program shows (header = row 1), so that every error
message can point at the row the analyst sees.

A file is judged by its first bytes, not only by its name: a workbook, an old ``.xls``, a PDF or
an archive renamed ``.csv`` is named for what it is, with what to do. Excel's ``sep=;`` first line
(which Excel itself hides) sets the separator and does not count as a row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from olcc_report.intake.filetype import SUPPORTED_SUFFIXES, TEXT_SUFFIXES, ReadError, check_kind
from olcc_report.intake.params import DataParams, separator_character


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """A text file as Excel and other tools save it: the given encoding, or UTF-16 with a
    byte-order mark, UTF-8 (with or without BOM) or Windows-1252; ReadError otherwise."""
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"cannot decode the file as {encoding} (params data.encoding) at byte {exc.start}"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with a byte-order mark (and usually tabs).
        return data.decode("utf-16").removeprefix("\ufeff")
    if b"\x00" in data[:4096]:
        raise ReadError(
            "the file contains NUL bytes: it looks like UTF-16 ('Unicode text') without a "
            "byte-order mark; save it as 'CSV UTF-8' from Excel, or set data.encoding: utf-16-le"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Dutch Windows saves "CSV" as cp1252; latin-1 would silently accept anything.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"cannot decode the file as UTF-8 or Windows-1252 (byte {exc.start}): "
                "save it as 'CSV UTF-8' from Excel, or set data.encoding in the params"
            ) from None


CANDIDATE_SEPARATORS = (";", ",", "\t", "|")
_SEP_LINE = re.compile(r"\s*sep=(.)\s*", re.IGNORECASE)
_SAMPLE_RECORDS = 200


def guess_separator(text: str) -> str:
    """The separator that splits a sample of records most consistently into as many cells as
    most records have (quoted cells are read as csv reads them, so commas inside a quoted
    free-text column do not count); ties go to the wider record."""
    best, best_score = ";", (-1, 0)
    for separator in CANDIDATE_SEPARATORS:
        reader = csv.reader(io.StringIO(text), delimiter=separator)
        rows = [row for _, row in zip(range(_SAMPLE_RECORDS), reader, strict=False) if row]
        widths = Counter(len(row) for row in rows if len(row) >= 2)
        if not widths:
            continue
        # The most common width (a title line above the header has another one).
        width, consistent = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (consistent, width)
        if score > best_score:
            best, best_score = separator, score
    return best


NOTICES = "reader_notices"  # frame attribute: what the reader decided, for the analyst
HEADER_ROW = "header_row"  # frame attribute: the row (as Excel numbers it) the header was on
_HEADER_SCAN = 30
_TOTAL_WORDS = {"totaal", "totalen", "eindtotaal", "totaal generaal", "total", "grand total", "som"}


def _filled(row: list) -> list:
    return [v for v in row if not (v is None or (isinstance(v, str) and not v.strip()))]


def find_header(rows: list[list]) -> int:
    """The row (1-based) holding the column names, found by content: the first of the first
    rows with at least half as many filled cells as the fullest of them, all of them text
    (a title block, an empty row or an export date above it have one or two)."""
    scanned = rows[:_HEADER_SCAN]
    fullest = max((len(_filled(r)) for r in scanned), default=0)
    for number, row in enumerate(scanned, start=1):
        cells = _filled(row)
        if len(cells) >= max(2, -(-fullest // 2)) and all(
            isinstance(v, str) and not _NUMBER.fullmatch(v.strip()) for v in cells
        ):
            return number
    return 1


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.fullmatch(value.strip()))


def _as_number(value) -> float:
    return float(value) if not isinstance(value, str) else float(value.strip().replace(",", "."))


def _is_totals_row(row: list, above: list[list]) -> bool:
    """A row a spreadsheet adds below the data: its first filled cell says "Totaal" (or
    "Eindtotaal", …), or its first cell is empty and each number in it is the sum of the
    numbers above it in its column."""
    cells = _filled(row)
    if not cells:
        return False
    first = cells[0]
    if isinstance(first, str) and first.strip().rstrip(":").casefold() in _TOTAL_WORDS:
        return True
    if _filled(row[:1]) or not all(_is_number(v) for v in cells):
        return False
    for column, value in enumerate(row):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        numbers = [r[column] for r in above if column < len(r) and _is_number(r[column])]
        if len(numbers) < 2 or abs(sum(map(_as_number, numbers)) - _as_number(value)) > 1e-9:
            return False
    return True


def _table(rows: list[list], header_row: int | None, where: str) -> pd.DataFrame:
    """The rows of a sheet or CSV as a frame of raw values, indexed by the row numbers a
    spreadsheet shows; the header found by content unless ``header_row`` is given; totals rows
    at the bottom left out. What was decided is in ``attrs[NOTICES]``."""
    notices = []
    if header_row is None:
        header_row = find_header(rows)
        if header_row > 1:
            notices.append(
                f"the column names are on row {header_row}; rows 1–{header_row - 1} above "
                "them are left out (a title block). Set data.header_row if that is wrong"
            )
    if len(rows) < header_row:
        raise ReadError(f"{where} has fewer than {header_row} rows (params data.header_row)")
    header = _header(list(rows[header_row - 1]), f"row {header_row} of {where}")
    width = len(header)
    body = [(list(row) + [None] * width)[:width] for row in rows[header_row:]]
    end = len(body)
    while end and not _filled(body[end - 1]):
        end -= 1
    while end > 1 and _is_totals_row(body[end - 1], body[: end - 1]):
        first = _filled(body[end - 1])[0]
        label = "" if _is_number(first) else str(first).strip()
        notices.append(
            f"row {header_row + end} is a totals row"
            + (f" ('{label}')" if label else " (sums of the columns above)")
            + ": left out"
        )
        end -= 1
    frame = _with_excel_rows(pd.DataFrame(body[:end], columns=header, dtype=object), header_row)
    frame.attrs[NOTICES] = notices
    frame.attrs[HEADER_ROW] = header_row
    return frame


def _with_excel_rows(frame: pd.DataFrame, header_row: int = 1) -> pd.DataFrame:
    frame = frame.copy()
    frame.index = pd.RangeIndex(header_row + 1, len(frame) + header_row + 1, name="rij")
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


def _header(cells: list, where: str) -> list[str]:
    header = ["" if h is None else str(h).strip() for h in cells]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise ReadError(
            f"{where} is empty: expected the column names there (params data.header_row)"
        )
    return header


def read_csv_rows(
    rows: list[list[str]], delimiter: str, header_row: int | None = None
) -> pd.DataFrame:
    """CSV records (as csv reads them) → the raw frame, the header found by content unless
    ``header_row`` is given."""
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise ReadError("the file is empty")
    found = header_row or find_header(rows)
    width = len(_header(rows[found - 1], f"row {found}")) if len(rows) >= found else 0
    for number, row in enumerate(rows[found:], start=found + 1):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            shown = "tab" if delimiter == "\t" else delimiter
            raise ReadError(
                f"row {number} has {len(row)} cells but the header has {width} "
                f"(separator: '{shown}'; set data.separator in the params if that is wrong)"
            )
    rows = [row + [""] * (width - len(row)) for row in rows]
    return _table(rows, header_row, "the file")


_HEAD_BYTES = 1 << 20  # what the encoding and the separator are judged on


def _csv_records(
    path: Path, encoding: str | None, separator: str | None, limit: int
) -> tuple[list[list[str]], str]:
    """The records of a CSV export, read as a stream (memory bounded by ``limit`` rows, the
    file is never held whole), and the separator."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if len(head) == _HEAD_BYTES:  # judge whole lines (and whole UTF-16 units) only
        cut = head.rfind(b"\n") + 1 or len(head)
        head = head[: cut + (cut % 2 if head.startswith(codecs.BOM_UTF16_LE) else 0)]
    text = decode_text(head, encoding)
    if encoding is None:
        encoding = _encoding_of(head)
    first, _, rest = text.partition("\n")
    directive = _SEP_LINE.fullmatch(first.rstrip("\r"))
    if directive:  # Excel's "sep=;": it sets the separator and Excel does not show it as a row
        separator = separator or directive.group(1)
    delimiter = separator or guess_separator(rest if directive else text)
    records: list[list[str]] = []
    try:
        with path.open(encoding=encoding, newline="") as handle:
            if directive:
                handle.readline()
            for record in csv.reader(handle, delimiter=delimiter):
                records.append(record)
                if len(records) > limit + _HEADER_SCAN:
                    raise ReadError(_too_many(limit))
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"cannot decode the file as {encoding} at byte {exc.start} of a line: save it as "
            "'CSV UTF-8' from Excel, or set data.encoding in the params"
        ) from None
    return records, delimiter


def _encoding_of(head: bytes) -> str:
    """The encoding :func:`decode_text` chose for the first bytes, for reading on."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _too_many(limit: int) -> str:
    return (
        f"the export has more than {limit:,} rows (data.max_rows), far more than a year of "
        "cases: is it the right file (not an export of the whole system)? If it is, raise "
        "data.max_rows in the params"
    ).replace(",", ".")


def _sheet(workbook, sheet: str | None, notices: list[str]):
    """The worksheet named in the params, else the one with the cases: hidden sheets are
    ignored, and of several visible ones the one with the most filled rows is taken."""
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise ReadError(
                f"worksheet '{sheet}' not found (sheets: {', '.join(workbook.sheetnames)})"
            )
        return workbook[sheet]
    visible = [w for w in workbook.worksheets if w.sheet_state == "visible"]
    if not visible:
        raise ReadError("the workbook has no visible worksheet")
    if len(visible) == 1:
        return visible[0]
    sizes = {
        w.title: sum(1 for row in w.iter_rows(values_only=True) if len(_filled(list(row))) >= 2)
        for w in visible
    }
    chosen = max(visible, key=lambda w: sizes[w.title])
    notices.append(
        f"worksheet '{chosen.title}' read ({sizes[chosen.title]} filled rows; the other "
        f"sheets: {', '.join(w.title for w in visible if w is not chosen)}). Set data.sheet "
        "if that is wrong"
    )
    return chosen


def _read_xlsx(path: Path, sheet: str | None, header_row: int | None, limit: int) -> pd.DataFrame:
    # openpyxl directly, not pandas: pandas drops blank rows, which would shift row numbers.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(f"not a readable Excel workbook: {exc}") from None
    notices: list[str] = []
    try:
        worksheet = _sheet(workbook, sheet, notices)
        # Formatted but empty rows below the data come as all-None rows: kept for the row
        # numbers, dropped with the other blank rows.
        rows = []
        for row in worksheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > limit + _HEADER_SCAN:
                raise ReadError(_too_many(limit))
    finally:
        workbook.close()
    if not rows:
        raise ReadError("the worksheet is empty")
    frame = _table(rows, header_row, "the worksheet")
    frame.attrs[NOTICES] = notices + frame.attrs[NOTICES]
    return frame


def read_export(path: str | Path, data: DataParams | None = None) -> pd.DataFrame:
    """Read an export into a frame of raw cell values indexed by spreadsheet row number, with
    the reading options of the params (``data.sheet``, ``separator``, ``encoding``,
    ``header_row``) where the guess would be wrong."""
    path = Path(path)
    data = data or DataParams(cases=path.name)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError("file not found")
    if path.stat().st_size == 0:
        raise ReadError("the file is empty")
    check_kind(path, suffix)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"unsupported file type '{suffix}' (expected one of {', '.join(SUPPORTED_SUFFIXES)})"
        )
    if suffix in TEXT_SUFFIXES:
        separator = None if data.separator is None else separator_character(data.separator)
        records, delimiter = _csv_records(path, data.encoding, separator, data.max_rows)
        return read_csv_rows(records, delimiter, data.header_row)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, data.sheet, data.header_row, data.max_rows)
    try:
        import pyarrow.parquet as pq

        if pq.ParquetFile(path).metadata.num_rows > data.max_rows:
            raise ReadError(_too_many(data.max_rows))
        frame = pd.read_parquet(path)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"not a readable Parquet file: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return _with_excel_rows(frame.astype(object))
