"""Exports as people make them (issue 31): the bytes Excel and other systems write, by hand.

Each fixture in ``tests/fixtures/exports/`` is written the way the tool writes it; the expected
numbers below are read off the file, not from our code."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from conftest import typed_cases
from typer.testing import CliRunner

from olcc_report.intake.draft import draft_from_export
from olcc_report.intake.params import DataParams, MappingParams, load_params
from olcc_report.intake.problems import ExportInvalid
from olcc_report.intake.reader import NOTICES, ReadError, read_export
from olcc_report.intake.validate import validate_export
from olcc_report.pipeline.cli import app
from olcc_report.pipeline.inputs import load_cases
from olcc_report.records import schema

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
            b"casusnummer;leeftijd\nA-1;12\n",
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


# --- a workbook as an analyst keeps it ------------------------------------------------------------
# A title block (rows 1–2), an empty row, the header on row 4 with an autofilter, six cases,
# a "Totaal" row that counts the ja/nee columns, a visible sheet of explanation before it and
# a hidden sheet of an old export. Dates typed as text, sex as M/V/X, problems as ja/nee
# columns "Probleem: …". Counts read off these rows by hand: 6 cases; sex M 3, V 2, X 1;
# trauma 5, agressie 2, autisme 1; registered in February 2 (rows 5, 6).
WORKBOOK_HEADER = [
    "Casusnummer", "Datum aanmelding", "Datum afgesloten", "Geslacht", "Leeftijd",
    "Jeugdregio", "Probleem: Trauma", "Probleem: Agressie", "Probleem: Autisme",
]  # fmt: skip
WORKBOOK_ROWS = [
    ["OL-23-001", "1 februari 2023", "3 april 2023", "M", 15, "Amsterdam-Amstelland", "ja", "nee", "nee"],
    ["OL-23-002", "14 feb. 2023", None, "V", 12, "Haaglanden", "ja", "ja", "nee"],
    ["OL-23-003", "2 maart 2023", "30 juni 2023", "X", 16, "Twente", "ja", "nee", "ja"],
    ["OL-23-004", "20 april 2023", None, "M", 9, "Rijnmond", "nee", "ja", "nee"],
    ["OL-23-005", "5 juni 2023", None, "V", 17, "Utrecht Stad", "ja", "nee", "nee"],
    ["OL-23-006", "1 september 2023", None, "M", 14, "Twente", "ja", "nee", "nee"],
]  # fmt: skip


def write_analysts_workbook(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.active.title = "Toelichting"
    book.active.append(["Deze werkmap bevat de registratie van 2023. Zie het tabblad Casussen."])
    old = book.create_sheet("Export 2022")
    old.sheet_state = "hidden"
    old.append(WORKBOOK_HEADER)
    sheet = book.create_sheet("Casussen")
    sheet.append(["Registratie OLCC-casuïstiek 2023"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Geëxporteerd op", "15-01-2024"])
    sheet.append([])
    sheet.append(WORKBOOK_HEADER)
    for row in WORKBOOK_ROWS:
        sheet.append(row)
    sheet.append(["Totaal", None, None, None, None, None, 5, 2, 1])
    sheet.auto_filter.ref = f"A4:I{4 + len(WORKBOOK_ROWS)}"
    book.save(path)


def test_a_formatted_workbook_is_read_as_the_analyst_sees_it(tmp_path):
    path = tmp_path / "registratie 2023.xlsx"
    write_analysts_workbook(path)
    raw = read_export(path)
    assert list(raw.columns) == WORKBOOK_HEADER
    assert list(raw.index) == [5, 6, 7, 8, 9, 10]  # as Excel numbers them
    notices = " | ".join(raw.attrs[NOTICES])
    assert "worksheet 'Casussen' read" in notices
    assert "the column names are on row 4" in notices
    assert "row 11 is a totals row ('Totaal'): left out" in notices


def test_a_formatted_workbook_maps_and_validates_with_no_hand_edit(tmp_path):
    path = tmp_path / "registratie 2023.xlsx"
    write_analysts_workbook(path)
    params_file = tmp_path / "params" / "2023.yaml"
    draft, proposal, rows, notices = draft_from_export(params_file, "2023", path)
    assert rows == 6
    assert "header_row: 4" in params_file.read_text(encoding="utf-8")
    assert set(proposal.indicators.get("problemen", {})) == {
        "Probleem: Trauma", "Probleem: Agressie", "Probleem: Autisme",
    }  # fmt: skip
    cases = load_cases(load_params(params_file))
    assert len(cases) == 6
    assert cases["geslacht"].value_counts().to_dict() == {
        "jongen": 3, "meisje": 2, "anders_onbekend": 1,
    }  # fmt: skip
    assert int(cases["problemen__trauma"].sum()) == 5
    assert int(cases["problemen__agressie"].sum()) == 2
    assert (cases["aanmelddatum"].dt.month == 2).sum() == 2
    # CBS codes (olcc_report/data/reference/jeugdregios.csv): Amsterdam-Amstelland JZ13,
    # Haaglanden JZ24, Twente JZ14.
    assert cases["jeugdregio"].tolist()[:3] == ["JZ13", "JZ24", "JZ14"]


def test_a_csv_saved_from_a_formatted_sheet():
    # excel-titel-totaal.csv: Excel pads every row to the sheet's width (";;;"): a title on
    # row 1, an empty row 2, the header on row 3, three cases and a row of sums (trauma 1+1+0).
    raw = read_export(FIXTURES / "excel-titel-totaal.csv")
    assert list(raw.columns) == ["casusnummer", "geslacht", "leeftijd", "probleem trauma"]
    assert list(raw.index) == [4, 5, 6]
    notices = " | ".join(raw.attrs[NOTICES])
    assert "the column names are on row 3" in notices
    assert "row 7 is a totals row (sums of the columns above): left out" in notices


# --- messages ----------------------------------------------------------------------------------


def test_the_same_problem_on_many_rows_is_one_line():
    # 40 rows with sex "onzijdig" (no codelist has it), and ages typed as birth dates on rows
    # 2–41: one line each, with the count and the first rows, and no date echoed.
    rows = [{"case_id": f"C-{i}", "geslacht": "onzijdig"} for i in range(40)]
    rows = [{**r, "leeftijd": f"{1 + i % 28:02d}-03-2008"} for i, r in enumerate(rows)]
    with pytest.raises(ExportInvalid) as caught:
        typed_cases(rows)
    lines = caught.value.lines()
    sex = [line for line in lines if "'geslacht'" in line]
    assert sex == [
        "test.csv, 40 rows (2, 3, 4, 5, 6 and 35 more), column 'geslacht': value 'onzijdig' — "
        "unknown geslacht; expected one of: jongen, meisje, anders_onbekend"
    ]
    age = [line for line in lines if "'leeftijd'" in line]
    assert len(age) == 1 and age[0].startswith("test.csv, 40 rows (2, 3, 4, 5, 6 and 35 more)")
    assert "(a date, not shown)" in age[0] and "map it to geboortedatum" in age[0]
    assert "2008" not in "\n".join(lines)


@pytest.mark.parametrize("bsn", ["123456782", "1234 56 782", "12345678"])
def test_a_bsn_like_number_is_described_not_echoed(bsn):
    with pytest.raises(ExportInvalid) as caught:
        typed_cases([{"leeftijd": bsn}])
    text = "\n".join(caught.value.lines())
    assert "could be a BSN" in text and bsn not in text


# --- new-year and map ------------------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    from olcc_report.pipeline.project import Project

    return Project(Path(__file__).parents[1]).copy_inputs(tmp_path / "project").root


def test_a_failed_new_year_leaves_nothing_behind(tmp_path):
    project = _project(tmp_path)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    pdf = tmp_path / "registratie_2023.csv"
    pdf.write_bytes(b"%PDF-1.7\n")
    runner = CliRunner()
    args = ["new-year", "2023", "--export", str(pdf), "--project", str(project)]
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1
    assert "a PDF document" in failed.output and "Nothing written for 2023" in failed.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    good = tmp_path / "registratie 2023.xlsx"
    write_analysts_workbook(good)
    retried = runner.invoke(
        app, ["new-year", "2023", "--export", str(good), "--project", str(project)]
    )
    assert retried.exit_code == 0, retried.output
    assert "read: the column names are on row 4" in retried.output


def test_map_asks_for_the_period_instead_of_overwriting_a_demo_period(tmp_path):
    project = _project(tmp_path)
    demo = (project / "params" / "2020.yaml").read_bytes()
    export = tmp_path / "registratie 2023.xlsx"
    write_analysts_workbook(export)
    result = CliRunner().invoke(app, ["map", "--file", str(export), "--project", str(project)])
    assert result.exit_code == 1 and "--period" in result.output
    assert (project / "params" / "2020.yaml").read_bytes() == demo


# --- long tables ---------------------------------------------------------------------------------
# lang-per-probleem.csv: one row per case and problem, as many case systems export: case
# 2023-001 on rows 2–4 (trauma, autisme, agressie), 2023-002 on row 5 (trauma), 2023-003 on
# rows 6–7 (agressie, eetproblemen). Three cases; trauma 2, agressie 2, autisme 1, eetproblemen 1.


def test_a_long_table_is_proposed_as_long_and_folded_to_one_row_per_case(tmp_path):
    export = FIXTURES / "lang-per-probleem.csv"
    params_file = tmp_path / "params" / "2023.yaml"
    draft_from_export(params_file, "2023", export)
    text = params_file.read_text(encoding="utf-8")
    assert "layout: long" in text
    cases = load_cases(load_params(params_file))
    assert cases["case_id"].tolist() == ["2023-001", "2023-002", "2023-003"]
    assert list(cases.index) == [2, 5, 6]  # each case at its first row, as Excel numbers it
    assert int(cases["problemen__trauma"].sum()) == 2
    assert int(cases["problemen__agressie"].sum()) == 2
    assert cases["problemen__autisme"].tolist() == [True, False, False]
    assert cases["problemen__eetproblemen"].tolist() == [False, False, True]


def test_a_long_table_without_the_layout_gets_one_line_that_says_so(tmp_path):
    raw = read_export(FIXTURES / "lang-per-probleem.csv")
    mapping = MappingParams(columns={"Casusnummer": "case_id", "Problematiek": "problemen"})
    with pytest.raises(ExportInvalid) as caught:
        validate_export(raw, mapping, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "x.csv", _data())
    text = "\n".join(caught.value.lines())
    assert "one row per case and category" in text and "layout: long" in text


def test_rows_of_one_case_that_disagree_are_an_error_naming_both(tmp_path):
    text = (FIXTURES / "lang-per-probleem.csv").read_text(encoding="utf-8")
    path = tmp_path / "x.csv"
    path.write_text(text.replace("2023-003;01-03-2023;;Jongen;16;Rijnmond;Eetproblemen",
                                 "2023-003;01-03-2023;;Meisje;16;Rijnmond;Eetproblemen"), "utf-8")  # fmt: skip
    mapping = MappingParams(columns={"Casusnummer": "case_id", "Problematiek": "problemen"})
    with pytest.raises(ExportInvalid) as caught:
        validate_export(
            read_export(path), mapping, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "x.csv",
            _data(layout="long"),
        )  # fmt: skip
    (problem,) = [p for p in caught.value.problems if p.column == "Geslacht"]
    assert problem.row == 7 and "case 2023-003 has another value here than on row 6" in (
        problem.expected
    )


def _data(**extra) -> DataParams:
    # The system registers the core fields and the problems only.
    optional = [f.name for f in schema.optional_fields() if f.name not in ("problemen",)]
    return DataParams(cases="x.csv", not_registered=optional, **extra)


# --- birth dates and municipalities ------------------------------------------------------------
# geboortedatum-gemeente.csv: a birth date instead of the age and the municipality instead of
# the youth-care region. Ages on the registration date, by hand: D-1 born 16-03-2008,
# registered 15-03-2023: 14 (the day before the birthday); D-2 born 15-03-2008, registered on
# the birthday: 15; D-3 born 29-02-2012, registered 02-05-2023: 11; D-4 born 2001, registered
# 10-10-2023: 22. Regions from CBS's table (gemeente_jeugdregio.csv): Súdwest-Fryslân GM1900 →
# JZ02; GM0363 Amsterdam → JZ13; Weesp (merged into Amsterdam in 2022) → JZ13; Tilburg GM0855
# → JZ35 (Midden-Brabant, 2023 and 2025).


def test_a_birth_date_and_a_municipality_give_the_age_and_the_region(tmp_path):
    export = FIXTURES / "geboortedatum-gemeente.csv"
    params_file = tmp_path / "params" / "2023.yaml"
    draft_from_export(params_file, "2023", export)
    text = params_file.read_text(encoding="utf-8")
    assert '"Geboortedatum": geboortedatum' in text and '"Woongemeente": gemeente' in text
    cases = load_cases(load_params(params_file))
    assert cases["leeftijd"].tolist() == [14, 15, 11, 22]
    assert cases["jeugdregio"].tolist() == ["JZ02", "JZ13", "JZ13", "JZ35"]
    assert "geboortedatum" not in cases.columns and "gemeente" not in cases.columns
    assert "2008" not in cases.to_csv()  # no birth date left in the case frame


def test_a_birth_date_is_never_shown_in_a_message(tmp_path):
    text = (FIXTURES / "geboortedatum-gemeente.csv").read_text(encoding="utf-8")
    path = tmp_path / "x.csv"
    path.write_text(
        text.replace("16-03-2008", "16-03-2024").replace("29-02-2012", "31-02-2012"), "utf-8"
    )
    mapping = MappingParams(
        columns={"Dossier": "case_id", "Geboortedatum": "geboortedatum", "Woongemeente": "gemeente"}
    )
    with pytest.raises(ExportInvalid) as caught:
        validate_export(
            read_export(path), mapping, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "x.csv",
            _data(),
        )  # fmt: skip
    lines = "\n".join(caught.value.lines())
    assert "row 2, column 'Geboortedatum' — birth date after the registration date" in lines
    assert "row 4, column 'Geboortedatum' — a birth date: not an existing date" in lines
    assert "2024" not in lines and "2012" not in lines


def test_a_municipality_in_the_region_column_gets_the_right_hint():
    with pytest.raises(ExportInvalid) as caught:
        typed_cases([{"jeugdregio": "Súdwest-Fryslân"}])
    assert "'Súdwest-Fryslân' is a gemeente (in jeugdregio JZ02)" in caught.value.lines()[0]
    # CBS's 2023 name of a region is a name of that region.
    assert typed_cases([{"jeugdregio": "Midden-Brabant"}])["jeugdregio"].iloc[0] == "JZ35"


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_past_the_row_limit_is_refused_while_reading(tmp_path, kind):
    # 60 plausible rows against data.max_rows 50: reading stops, and says why and what to do.
    rows = [["casusnummer", "leeftijd"], *([f"A-{i}", "12"] for i in range(60))]
    if kind == "csv":
        path = tmp_path / "groot.csv"
        path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        path = tmp_path / "groot.xlsx"
        book.save(path)
    with pytest.raises(ReadError) as caught:
        read_export(path, DataParams(cases=path.name, max_rows=10))
    assert "more than 10 rows (data.max_rows)" in str(caught.value)
    assert len(read_export(path, DataParams(cases=path.name, max_rows=60))) == 60


def test_a_large_utf16_export_is_read_past_the_first_megabyte(tmp_path):
    # Excel's "Unicode text": UTF-16 with a byte-order mark and tabs; 40.000 rows (> 1 MB).
    lines = ["casusnummer\tnaam"] + [f"A-{i}\tSuïcidaliteit" for i in range(40_000)]
    path = tmp_path / "unicode.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    raw = read_export(path)
    assert len(raw) == 40_000 and raw.loc[40_001, "naam"] == "Suïcidaliteit"


def test_a_split_municipality_asks_for_the_present_one():
    # Haaren was split on 1 January 2021 over Boxtel and Vught (JZ33) and Oisterwijk and
    # Tilburg (JZ35): no one region follows from it.
    from olcc_report.intake.values import MunicipalityLookup

    with pytest.raises(ValueError, match="split over Boxtel, Oisterwijk, Tilburg, Vught"):
        MunicipalityLookup(2025)("Haaren")
    assert MunicipalityLookup(2025)("Appingedam") == "JZ01"  # merged into Eemsdelta in 2021
