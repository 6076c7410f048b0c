"""Exports as people make them (issue 31): the bytes Excel and other systems write, by hand.

Each fixture in ``tests/fixtures/exports/`` is written the way the tool writes it; the expected
numbers below are read off the file, not from our code."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import typed_cases

from olcc_report.intake.reader import ReadError, read_export

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def test_excels_sep_line_sets_the_separator_and_is_not_a_row():
    # excel-sep.csv: "sep=;" then the header and two cases, CRLF as Excel writes. Excel hides
    # the sep line, so it shows the header on row 1 and the cases on rows 2 and 3.
    raw = read_export(FIXTURES / "excel-sep.csv")
    assert list(raw.columns) == ["casusnummer", "leeftijd", "geslacht"]
    assert list(raw.index) == [2, 3]
    assert raw.loc[3, "geslacht"] == "jongen"


def _workbook_bytes(tmp_path: Path) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["casusnummer", "leeftijd"])
    book.save(tmp_path / "w.xlsx")
    return (tmp_path / "w.xlsx").read_bytes()


@pytest.mark.parametrize(
    "name,content,said",
    [
        (
            "export.csv",
            "workbook",
            "is an Excel workbook (.xlsx), named '.csv': give it the extension .xlsx",
        ),
        (
            "export.csv",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
            "an old Excel workbook (.xls",
        ),
        (
            "export.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
            "save it as 'Excel-werkmap (.xlsx)'",
        ),
        ("export.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF document, named '.csv'"),
        (
            "export.xlsx",
            "casusnummer;leeftijd\nA-1;12\n".encode(),
            "the file is text (perhaps a CSV export), named '.xlsx'",
        ),
        ("export.csv", "zip", "is a zip archive, named '.csv': unpack it"),
    ],
)
def test_a_file_is_named_for_what_its_bytes_are(tmp_path, name, content, said):
    path = tmp_path / name
    if content == "workbook":
        content = _workbook_bytes(tmp_path)
    elif content == "zip":
        with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
            archive.writestr("export.csv", "casusnummer;leeftijd\n")
        content = (tmp_path / "a.zip").read_bytes()
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_export(path)
    assert said in str(caught.value)
    assert "UTF-16" not in str(caught.value)


@pytest.mark.parametrize(
    "written,code",
    [
        ("M", "jongen"),
        ("V", "meisje"),
        ("X", "anders_onbekend"),  # the X of the Dutch passport
        ("O", "anders_onbekend"),  # BRP: onbekend
        ("1", "jongen"),  # NEN-ISO 5218 (iJw, Vektis): 1 mannelijk
        (2.0, "meisje"),  # … 2 vrouwelijk, as an Excel number
        (0, "anders_onbekend"),  # … 0 onbekend
        ("9", "anders_onbekend"),  # … 9 niet van toepassing
    ],
)
def test_the_codelists_registration_systems_use_for_sex(written, code):
    cases = typed_cases([{"geslacht": written}])
    assert cases["geslacht"].iloc[0] == code


@pytest.mark.parametrize(
    "written,date",
    [
        ("1 februari 2023", "2023-02-01"),
        ("1 feb. 2023", "2023-02-01"),
        ("15 mrt 2023", "2023-03-15"),
        ("woensdag 1 februari 2023", "2023-02-01"),
        ("3 Oktober 2023", "2023-10-03"),
    ],
)
def test_dates_with_dutch_month_names(written, date):
    cases = typed_cases([{"aanmelddatum": written, "afsluitdatum": ""}], year=2023)
    assert str(cases["aanmelddatum"].iloc[0].date()) == date
