import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import GOOD_ROW, raw_export, typed_cases
from typer.testing import CliRunner

from olcc_report.demo import cases as synth
from olcc_report.intake.params import DataParams, MappingParams
from olcc_report.intake.problems import grouped
from olcc_report.intake.reader import ReadError, read_export
from olcc_report.intake.validate import ExportInvalid, validate_export
from olcc_report.pipeline.cli import app
from olcc_report.records import schema
from olcc_report.records.case_frame import case_frame_schema

START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)


def problems_of(raw: pd.DataFrame, mapping: MappingParams | None = None) -> list:
    with pytest.raises(ExportInvalid) as info:
        validate_export(raw, mapping or MappingParams(), START, END, "export.csv")
    return info.value.problems


def test_good_rows_become_a_typed_case_frame():
    cases = typed_cases(
        [
            {},
            {
                "case_id": "C-2",
                "afsluitdatum": "",
                "uitkomst": "",
                "leeftijd": "19",
                "jeugdregio": "Regio Amersfoort",
            },
        ]
    )
    assert list(cases.index) == [2, 3]
    assert cases.loc[2, "aanmelddatum"] == pd.Timestamp("2020-02-03")
    assert pd.isna(cases.loc[3, "afsluitdatum"])
    assert cases.loc[3, "leeftijdsgroep"] == "18-23"
    assert cases.loc[3, "jeugdregio"] == "JZ20"
    assert cases.loc[3, "provincie"] == "PV26"
    assert bool(cases.loc[2, "problemen__trauma"]) and not bool(cases.loc[2, "problemen__agressie"])
    assert cases["expertteam_betrokken"].dtype == "boolean"
    case_frame_schema().validate(cases)


def test_labels_aliases_and_spelling_variants_are_accepted():
    cases = typed_cases(
        [
            {
                "aanmelder": "OUDER(S)",
                "geslacht": "V",
                "woonsituatie": "Pleeggezin of gezinshuis",
                "problemen": "Suïcidaliteit | autisme",
                "aanmelddatum": "3-2-2020",
                "expertteam_betrokken": "1",
            }
        ]
    )
    row = cases.iloc[0]
    assert (row.aanmelder, row.geslacht, row.woonsituatie) == (
        "ouder",
        "meisje",
        "pleeggezin_gezinshuis",
    )
    assert row.aanmelddatum == pd.Timestamp("2020-02-03")
    assert bool(row.problemen__autisme)


def test_every_problem_is_listed_at_once_with_excel_rows():
    raw = raw_export(
        [
            {"case_id": "A"},
            {"case_id": "A"},  # row 3: duplicate of row 2
            {"case_id": "B", "aanmelddatum": "2019-12-31"},  # row 4: before the period
            {"case_id": "C", "afsluitdatum": "2020-01-15"},  # row 5: closes before registration
            {"case_id": "D", "aanmelder": "buurvrouw"},  # row 6: unknown category
            {"case_id": "E", "leeftijd": "31"},  # row 7: age out of range
            {"case_id": "F", "aanmelddatum": "31-02-2020"},  # row 8: impossible date
            {"case_id": "G", "problemen": "trauma|spinnenangst"},  # row 9: unknown multi value
            {"case_id": "H", "geslacht": ""},  # row 10: required value missing
            {"case_id": "I", "afsluitdatum": "2021-01-05"},  # row 11: after the period
            {"case_id": "J", "leeftijd": "twaalf"},  # row 12: not a number
            {"case_id": "K", "aanmelder": "gemeete"},  # row 13: typo → hint
        ]
    )
    problems = problems_of(raw)
    by_row = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(p)
    assert set(by_row) == {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    assert all(p.file == "export.csv" for p in problems)
    assert by_row[3][0].expected == "case id occurs more than once"
    assert "2 rows (2, 3), column 'case_id': value 'A' — case id occurs more than once" in (
        "\n".join(grouped(problems))
    )
    assert by_row[4][0].column == "aanmelddatum" and "within the period" in by_row[4][0].expected
    assert by_row[4][0].value == "2019-12-31"
    assert "before the registration date" in by_row[5][0].expected
    assert by_row[6][0].value == "buurvrouw" and "ouder" in by_row[6][0].expected
    assert by_row[7][0].value == "31" and "0 to 27" in by_row[7][0].expected
    assert "not an existing date" in by_row[8][0].expected
    assert by_row[9][0].value == "spinnenangst"
    assert by_row[10][0].column == "geslacht" and "required" in by_row[10][0].expected
    assert "after the period end" in by_row[11][0].expected
    assert "whole number" in by_row[12][0].expected
    assert "did you mean 'gemeente'" in by_row[13][0].expected
    text = str(by_row[7][0])
    assert text.startswith("export.csv, row 7, column 'leeftijd': value '31'")


def test_missing_required_column_gets_a_did_you_mean_hint():
    raw = raw_export([{}, {"case_id": "C-2", "leeftijd": "45"}]).rename(
        columns={"aanmelddatum": "aanmeld_datum"}
    )
    raw = raw.drop(columns=["geslacht"])
    problems = problems_of(raw)
    messages = " ".join(p.expected for p in problems)
    # row-level problems are still listed, but not "required" once per row for a missing column
    assert [(p.row, p.column, p.value) for p in problems if p.row] == [(3, "leeftijd", "45")]
    assert "core column 'aanmelddatum'" in messages
    assert "did you mean 'aanmeld_datum'" in messages
    assert "core column 'geslacht'" in messages


def test_params_map_export_columns_and_values():
    raw = raw_export([{}]).rename(columns={"case_id": "Dossiernummer", "aanmelder": "Melder"})
    raw["Melder"] = "Moeder"
    mapping = MappingParams(
        columns={"Dossiernummer": "case_id", "Melder": "aanmelder"},
        values={"aanmelder": {"Moeder": "ouder"}},
    )
    cases = validate_export(raw, mapping, START, END, "x.csv")
    assert cases.iloc[0]["aanmelder"] == "ouder"
    assert cases.iloc[0]["case_id"] == "C-1"


def test_multi_valued_fields_as_indicator_columns():
    raw = raw_export([{}, {"case_id": "C-2"}]).drop(columns=["problemen"])
    raw["problemen_trauma"] = ["1", "0"]
    raw["Probleem: agressie"] = ["ja", "nee"]
    mapping = MappingParams(indicator_columns={"problemen": {"Probleem: agressie": "agressie"}})
    # Columns for two of the fifteen problems: the others must be declared not registered.
    with pytest.raises(ExportInvalid) as caught:
        validate_export(raw, mapping, START, END, "x.csv")
    (problem,) = caught.value.problems
    assert "'problemen' has a yes/no column for 2 of its 15 categories" in problem.expected
    unasked = [
        f"problemen.{c}"
        for c in schema.get_field("problemen").codes
        if c not in ("trauma", "agressie")
    ]
    data = DataParams(cases="x.csv", not_registered=unasked)
    cases = validate_export(raw, mapping, START, END, "x.csv", data)
    assert cases["problemen__trauma"].tolist() == [True, False]
    assert cases["problemen__agressie"].tolist() == [True, False]
    assert "problemen__autisme" not in cases.columns  # not registered: no column, not "no"


def test_unknown_columns_are_dropped_not_carried():
    raw = raw_export([{}])
    raw["Naam jeugdige"] = "Jan Jansen"
    raw["BSN"] = "123456782"
    cases = validate_export(raw, MappingParams(), START, END, "x.csv")
    assert "Naam jeugdige" not in cases.columns and "BSN" not in cases.columns
    assert "Jan Jansen" not in cases.astype(str).to_string()


def test_ambiguous_region_name_explains_itself():
    problems = problems_of(raw_export([{"jeugdregio": "Noord-Holland Noord"}]))
    assert "ambiguous region name" in problems[0].expected and "JZ03" in problems[0].expected


# --- files --------------------------------------------------------------------------------------


def _demo(tmp_path: Path) -> pd.DataFrame:
    return synth.generate_export(2020, cases=30)


@pytest.mark.parametrize(
    "encoding,sep",
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", ",")],
)
def test_csv_encodings_and_separators(tmp_path, encoding, sep):
    frame = _demo(tmp_path)
    path = tmp_path / "export.csv"
    frame.to_csv(path, sep=sep, index=False, encoding=encoding)
    raw = read_export(path)
    assert list(raw.columns) == list(frame.columns)
    assert raw.loc[2, "problemen"] == frame.loc[2, "problemen"]  # accents survive (Suïcidaliteit)
    cases = validate_export(raw, MappingParams(), START, END, path.name)
    assert len(cases) == 30


def test_xlsx_and_parquet(tmp_path):
    frame = _demo(tmp_path)
    xlsx, parquet = tmp_path / "export.xlsx", tmp_path / "export.parquet"
    synth.write_export(2020, xlsx, cases=30)
    frame.to_parquet(parquet)
    for path in (xlsx, parquet):
        cases = validate_export(read_export(path), MappingParams(), START, END, path.name)
        assert len(cases) == 30


def test_blank_rows_keep_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "export.csv"
    lines = [
        ";".join(GOOD_ROW),
        ";".join(GOOD_ROW.values()),
        ";" * (len(GOOD_ROW) - 1),
        ";".join({**GOOD_ROW, "case_id": "C-2", "leeftijd": "99"}.values()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_export(path)
    assert list(raw.index) == [2, 4]
    problems = problems_of(raw)
    assert [(p.row, p.column) for p in problems] == [(4, "leeftijd")]
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(GOOD_ROW))
    sheet.append(list(GOOD_ROW.values()))
    sheet.append([None] * len(GOOD_ROW))
    sheet.append(list({**GOOD_ROW, "case_id": "C-2", "leeftijd": 99}.values()))
    workbook.save(tmp_path / "export.xlsx")
    assert list(read_export(tmp_path / "export.xlsx").index) == [2, 4]


def test_unreadable_files_are_reported(tmp_path):
    with pytest.raises(ReadError, match="a PDF is a print, not an export"):
        (tmp_path / "x.pdf").write_bytes(b"%PDF")
        read_export(tmp_path / "x.pdf")
    with pytest.raises(ReadError, match="empty"):
        (tmp_path / "e.csv").write_bytes(b"")
        read_export(tmp_path / "e.csv")
    with pytest.raises(ReadError, match="the file is text"):
        (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
        read_export(tmp_path / "bad.xlsx")
    with pytest.raises(ReadError, match="unsupported file type '.dat'"):
        (tmp_path / "x.dat").write_bytes(b"kolom;kolom\n")
        read_export(tmp_path / "x.dat")


def test_cli_validate_lists_all_problems_and_exits_1(tmp_path, project_copy):
    bad = raw_export([{"case_id": "A"}, {"case_id": "A", "leeftijd": "30"}])
    path = tmp_path / "broken.csv"
    bad.to_csv(path, sep=";", index=False, encoding="cp1252")
    runner = CliRunner()
    result = runner.invoke(
        app, ["validate", "--period", "2020", "--file", str(path), "--project", str(project_copy)]
    )
    assert result.exit_code == 1
    assert "broken.csv" in result.output
    assert "more than once" in result.output and "0 to 27" in result.output
    ok = runner.invoke(app, ["validate", "--period", "2020", "--project", str(project_copy)])
    assert ok.exit_code == 0, ok.output
    assert "440 cases" in ok.output
