"""An export of another system, end to end: ``new-year --export`` → ``validate`` → ``build``
with no hand edit (issue 31). Written the way Excel saves a sheet: a ``sep=;`` first line,
a title above the header, Dutch month names in the dates, sex as M/V/X, a yes/no column for
nine of the fifteen problems only, a totals row at the bottom; a birth date instead of the age,
a BSN and a free-text note (planted: none may reach a message, a cache or the book).

The counts the book must show are read off the rows below by hand (rounded to fives, as the
params copied from the demo year publish them): 45 cases; trauma 35, agressie 20, autisme 15,
depressie 10; the six problems without a column are not registered (".")."""

from __future__ import annotations

import csv
import datetime as dt
import io

from typer.testing import CliRunner

from olcc_report.pipeline.cli import app

ASKED = [
    "Suïcidaliteit", "Agressie", "Autisme", "Trauma", "Depressie", "Zelfbeschadiging",
    "Eetproblemen", "Verslaving", "LVB",
]  # fmt: skip
HEADER = [
    "Casusnummer", "Datum aanmelding", "Datum afgesloten", "Geslacht", "Geboortedatum", "BSN",
    "Jeugdregio", *(f"Probleem: {p}" for p in ASKED), "Notitie",
]  # fmt: skip
# (how many, sex, registered, closed, birth date, region, problems with "ja"): ages on the
# registration date 15, 12 and 16 (the birthdays lie before it).
BLOCKS = [
    (20, "M", "1 februari 2023", "1 april 2023", "14-07-2007", "Twente", {"Trauma", "Agressie"}),
    (15, "V", "3 mrt. 2023", "", "21-01-2011", "Haaglanden", {"Trauma", "Autisme"}),
    (10, "X", "1 juni 2023", "", "09-05-2007", "Rijnmond", {"Depressie"}),
]
PLANTED = ["14-07-2007", "21-01-2011", "09-05-2007", "2007-07-14", "2011-01-21", "123456782",
           "Moeder belde huilend", "Sanne de Vries"]  # fmt: skip


def _export() -> str:
    out = io.StringIO()
    out.write("sep=;\r\n")
    rows = csv.writer(out, delimiter=";", lineterminator="\r\n")
    width = len(HEADER)
    rows.writerow(["Registratie casuïstiek 2023", *[""] * (width - 1)])
    rows.writerow([""] * width)
    rows.writerow(HEADER)
    number = 0
    for count, sex, registered, closed, born, region, problems in BLOCKS:
        for _ in range(count):
            number += 1
            flags = ["ja" if p in problems else "nee" for p in ASKED]
            note = "Moeder belde huilend; Sanne de Vries (school) bezorgd" if number == 7 else ""
            rows.writerow(
                [
                    f"RC-{number:03d}",
                    registered,
                    closed,
                    sex,
                    born,
                    "123456782",
                    region,
                    *flags,
                    note,
                ]
            )
    rows.writerow(
        ["Totaal", "", "", "", "", "", "", "0", "20", "15", "35", "10", "0", "0", "0", "0", ""]
    )
    return out.getvalue()


def test_another_systems_export_becomes_a_book_with_no_hand_edit(project_copy, tmp_path):
    export = tmp_path / "registratie_2023.csv"
    export.write_text(_export(), encoding="utf-8-sig")
    runner = CliRunner()
    project = ["--project", str(project_copy)]
    started = runner.invoke(app, ["new-year", "2023", "--export", str(export), *project])
    assert started.exit_code == 0, started.output
    assert "totals row ('Totaal'): left out" in started.output
    # The copied pages: a sentence about a field this export does not register is marked.
    page = project_copy / "book" / "2023" / "wie_zijn_wij.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    marked = next(i for i, line in enumerate(lines, start=1) if "verstoring_zin" in line)
    assert lines[marked - 2].startswith("% TE HERZIEN: de zin hieronder gaat over verstoringen")
    assert f"book/2023/wie_zijn_wij.md, line {marked}: its sentence is about verstoringen" in (
        started.output.replace("\n", " ")
    )
    valid = runner.invoke(app, ["validate", "--period", "2023", *project])
    assert valid.exit_code == 0, valid.output
    assert "OK: 45 cases in period 2023" in valid.output
    built = runner.invoke(app, ["build", "--period", "2023", "--html-only", *project])
    assert built.exit_code == 0, built.output
    html = project_copy / "_build" / "2023" / "html"
    counts = _csv(html / "_static" / "tabellen" / "problemen.csv", "Probleem", "Aantal casussen")
    assert counts["Trauma"] == "35" and counts["Agressie"] == "20"
    assert counts["Autisme"] == "15" and counts["Depressie"] == "10"
    assert counts["Totaal (alle casussen)"] == "45"
    unasked = [
        "Bedreigde persoonlijkheidsontwikkeling", "Hechtingsproblematiek", "Angst", "Psychose",
        "Disharmonisch intelligentieprofiel", "Seksueel grensoverschrijdend gedrag",
    ]  # fmt: skip
    assert all(counts[label] == "." for label in unasked)  # not registered: no zero
    assert counts["Suïcidaliteit"] == "-"  # asked, and nobody had it: nihil
    sexes = _csv(html / "_static" / "tabellen" / "leeftijd-geslacht.csv", "Leeftijdsgroep", None)
    assert sexes["Totaal"] == {"Jongen": "20", "Meisje": "15", "Anders of onbekend": "10"}
    assert sexes["13 t/m 17 jaar"]["Jongen"] == "20" and sexes["5 t/m 12 jaar"]["Meisje"] == "15"
    # Nothing planted reaches a message, a cache, a notebook or the book.
    said = started.output + valid.output + built.output
    written = [p for p in project_copy.rglob("*") if p.is_file()]  # params, caches, _build
    for value in PLANTED:
        assert value not in said, value
        for path in written:
            assert value.encode() not in path.read_bytes(), (value, path)
    page = (html / "welke_vragen.html").read_text(encoding="utf-8")
    assert ". = niet geregistreerd: de registratie van deze periode vraagt niet naar" in page
    assert "6 problemen worden in deze periode niet geregistreerd" in page


def _csv(path, key: str, value: str | None) -> dict:
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
    if value is not None:
        return {row[key]: row[value] for row in rows}
    return {row[key]: {k: v for k, v in row.items() if k not in (key, "Totaal")} for row in rows}


# A workbook as an analyst keeps it, from a system that exports one row per case and problem,
# with a birth date instead of the age and the municipality instead of the region: a title
# block, a hidden sheet of last year, a "Totaal" row; sex as the BRP writes it (M/V/O); dates
# as Excel date cells. Counted by hand (rounded to fives as published): 32 cases (30);
# trauma 22 (20), agressie 12 (10), autisme, depressie and angst 10 each; ages on the
# registration date 15 (12 cases), 11 (10) and 16 (10): 13 t/m 17 jaar 22 (20), 5 t/m 12
# jaar 10; regions from CBS's table: Enschede → Twente 12 (10), Weesp → Amsterdam-Amstelland
# 10, GM0855 (Tilburg) → Midden-Brabant (Hart van Brabant) 10.
LONG_BLOCKS = [
    (12, "M", dt.date(2023, 2, 6), dt.date(2023, 5, 1), dt.date(2008, 1, 10), "Enschede",
     ["Trauma", "Agressie"]),
    (10, "V", dt.date(2023, 3, 13), None, dt.date(2011, 6, 30), "Weesp", ["Trauma"]),
    (10, "O", dt.date(2023, 9, 4), None, dt.date(2006, 9, 5), "GM0855",
     ["Autisme", "Depressie", "Angst"]),
]  # fmt: skip


def _long_workbook(path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Casussen"
    sheet = book.active
    sheet.append(["Export casusregistratie 2023"])
    sheet.append([])
    sheet.append(["Dossiernummer", "Aanmelddatum", "Einddatum", "Geslacht", "Geboortedatum",
                  "Woongemeente", "Problematiek"])  # fmt: skip
    number = 0
    for count, sex, registered, closed, born, municipality, problems in LONG_BLOCKS:
        for _ in range(count):
            number += 1
            for problem in problems:
                sheet.append([f"D{number:04d}", registered, closed, sex, born, municipality,
                              problem])  # fmt: skip
    sheet.append(["Totaal", None, None, None, None, None, None])
    old = book.create_sheet("Export 2022")
    old.sheet_state = "hidden"
    old.append(["Dossiernummer", "Aanmelddatum"])
    book.save(path)


def test_a_long_workbook_with_birth_dates_and_municipalities_becomes_a_book(project_copy, tmp_path):
    export = tmp_path / "casusregistratie 2023.xlsx"
    _long_workbook(export)
    runner = CliRunner()
    project = ["--project", str(project_copy)]
    started = runner.invoke(app, ["new-year", "2023", "--export", str(export), *project])
    assert started.exit_code == 0, started.output
    params = (project_copy / "params" / "2023.yaml").read_text(encoding="utf-8")
    assert "layout: long" in params and "header_row: 3" in params
    valid = runner.invoke(app, ["validate", "--period", "2023", *project])
    assert valid.exit_code == 0, valid.output
    assert "OK: 32 cases in period 2023" in valid.output
    built = runner.invoke(app, ["build", "--period", "2023", "--html-only", *project])
    assert built.exit_code == 0, built.output
    tables = project_copy / "_build" / "2023" / "html" / "_static" / "tabellen"
    problems = _csv(tables / "problemen.csv", "Probleem", "Aantal casussen")
    assert problems["Totaal (alle casussen)"] == "30" and problems["Trauma"] == "20"
    assert [problems[p] for p in ("Agressie", "Autisme", "Depressie", "Angst")] == ["10"] * 4
    ages = _csv(tables / "leeftijd-geslacht.csv", "Leeftijdsgroep", "Totaal")
    assert ages["13 t/m 17 jaar"] == "20" and ages["5 t/m 12 jaar"] == "10"
    regions = _csv(tables / "jeugdregio.csv", "Jeugdregio", "Aantal casussen")
    assert regions["Twente"] == "10" and regions["Amsterdam-Amstelland"] == "10"
    assert regions["Midden-Brabant (Hart van Brabant)"] == "10"
    said = started.output + valid.output + built.output
    for born in ("2008-01-10", "2011-06-30", "2006-09-05", "10-01-2008"):
        assert born not in said
        assert not any(
            born.encode() in p.read_bytes() for p in project_copy.rglob("*") if p.is_file()
        )
