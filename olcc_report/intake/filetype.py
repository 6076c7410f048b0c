"""What a file is by its first bytes (its signature), not by its name: a workbook, an old
``.xls``, a PDF, an archive, a Word or LibreOffice file renamed ``.csv`` is named for what it is,
with what to do."""

from __future__ import annotations

from pathlib import Path

SUPPORTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


class ReadError(Exception):
    """The file could not be read as a table at all."""


_SAVE_AS = "open it in Excel and save it as 'Excel-werkmap (.xlsx)' or 'CSV UTF-8'"

# What a file is, by its first bytes (the file's own signature), and what to do with it.
_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"%PDF", "pdf"),
    (b"PAR1", "parquet"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
)
_WHAT = {
    "xlsx": "an Excel workbook (.xlsx)",
    "zip": "a zip archive",
    "docx": "a Word document",
    "ods": "an OpenDocument file (LibreOffice)",
    "ole2": "an old Excel workbook (.xls, Excel 97–2003) or another old Office file",
    "pdf": "a PDF document",
    "parquet": "a Parquet file",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "image": "an image",
}
_DO = {
    "xlsx": "give it the extension .xlsx, or save it from Excel as 'CSV UTF-8'",
    "zip": "unpack it and give the export inside",
    "docx": "export the cases from the registration system as CSV or Excel",
    "ods": "save it from LibreOffice as 'Excel 2007-365 (.xlsx)' or as CSV",
    "ole2": _SAVE_AS,
    "pdf": "a PDF is a print, not an export: export the cases from the registration "
    "system as CSV or Excel",
    "parquet": "give it the extension .parquet",
    "gzip": "unpack it and give the export inside",
    "7z": "unpack it and give the export inside",
    "rar": "unpack it and give the export inside",
    "image": "export the cases from the registration system as CSV or Excel",
}


def sniff(path: Path) -> str:
    """What the file is by its first bytes: ``xlsx``, another kind of :data:`_SIGNATURES`, or
    ``text`` (anything else; the decoder judges it)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    kind = next((k for signature, k in _SIGNATURES if head.startswith(signature)), "text")
    if kind == "zip":
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                    return "ods"
        except zipfile.BadZipFile:
            return "zip"
    return kind


def _misnamed(kind: str, suffix: str) -> ReadError:
    named = f"named '{suffix}'" if suffix else "without an extension"
    return ReadError(f"the file is {_WHAT[kind]}, {named}: {_DO[kind]}")


def check_kind(path: Path, suffix: str) -> None:
    """Refuse a file whose bytes are not what its name says, saying what it is."""
    kind = sniff(path)
    expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet"}.get(suffix, "text")
    if kind == expected:
        return
    if suffix == ".xls" and kind == "ole2":
        raise ReadError(f"the file is an old Excel workbook (.xls, Excel 97–2003): {_SAVE_AS}")
    if kind != "text":
        raise _misnamed(kind, suffix)
    if suffix in SUPPORTED_SUFFIXES and suffix not in TEXT_SUFFIXES:
        raise ReadError(
            f"the file is text (perhaps a CSV export), named '{suffix}': give it the extension .csv"
        )
