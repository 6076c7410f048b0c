"""The mapping assistant on exports as other registration systems write them.

Each export here is the demo export renamed by hand the way another system would write it
(other header words and word order, abbreviations, capitals, accents missing, ja/nee, J/N or
x/empty columns per category, free-text columns), without the six optional fields of the
issue. The truth is the demo export itself: after ``map`` and ``validate``, with no hand edit,
the cases must be the demo's cases."""

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from conftest import SIX
from typer.testing import CliRunner

from olcc_report.demo.cases import generate_export
from olcc_report.intake.assistant import THRESHOLD, propose, similarity
from olcc_report.intake.draft import write_draft
from olcc_report.intake.params import DataParams, MappingParams, load_params
from olcc_report.intake.reader import read_export
from olcc_report.intake.validate import validate_export
from olcc_report.pipeline.cli import app
from olcc_report.pipeline.inputs import load_cases
from olcc_report.records import schema

START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
HEADERS = {
    "case_id": "Dossiernr.",
    "aanmelddatum": "Datum aanmelding",
    "afsluitdatum": "Einddatum",
    "aanmelder": "Aangemeld door",
    "geslacht": "Sekse",
    "leeftijd": "Lft.",
    "jeugdregio": "Regio",
    "woonsituatie": "Verblijf",
    "uitkomst": "Resultaat",
}
VALUES = {
    "aanmelder": {
        "Ouder(s)": "OUDERS",
        "Jeugdige zelf": "jeugdige",
        "Jeugdhulpprofessional": "Jeugdhulpprof.",
        "Regionaal expertteam": "RET",
        "Gecertificeerde instelling": "GI",
        "Ministerie (VWS)": "VWS",
        "Overig": "anders",
    },
    "geslacht": {"Jongen": "M", "Meisje": "V", "Anders of onbekend": "Onbekend"},
    "woonsituatie": {
        "Thuis (bij ouder(s))": "Bij ouders",
        "Pleeggezin of gezinshuis": "Pleeggezin",
        "Residentiële jeugdhulp": "Residentiele jeugdhulp",
        "JeugdzorgPlus of gesloten plaatsing": "JeugdzorgPlus",
        "Zelfstandig": "zelfstandig wonend",
        "Overig of onbekend": "Onbekend",
    },
    "uitkomst": {
        "Passende hulp gestart": "Passende hulp",
        "Ingezet pad ondersteund": "Pad ondersteund",
        "Teruggelegd bij regio of expertteam": "Teruggelegd",
        "Geen oplossing gevonden": "Geen oplossing",
    },
}
YES_NO = {"ja/nee": ("Ja", "Nee"), "J/N": ("J", "N"), "x/leeg": ("x", "")}
PREFIXES = {"problemen": "Probleem: {}", "verstoringen": "Verstoring - {}"}


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def renamed(style: str, year: int = 2020) -> pd.DataFrame:
    """The demo export of ``year`` as another system writes it."""
    demo = generate_export(year)
    out = pd.DataFrame(index=demo.index)
    for name, header in HEADERS.items():
        variants = VALUES.get(name, {})
        values = demo[name].map(lambda v, m=variants: m.get(v, v))
        if name == "jeugdregio":
            values = values.map(lambda v: _plain(v).upper())
        out[header] = values
    yes, no = YES_NO[style]
    for name, pattern in PREFIXES.items():
        for c in schema.get_field(name).categories:
            out[pattern.format(_plain(c.label).lower())] = demo[name].map(
                lambda v, label=c.label: yes if label in str(v).split("|") else no
            )
    out["Notities"] = "belde, mailde; kwam langs"
    out["BSN"] = "123456782"
    return out


def _truth() -> pd.DataFrame:
    demo = generate_export(2020).drop(columns=list(SIX))
    data = DataParams(cases="demo", not_registered=list(SIX))
    return validate_export(demo, MappingParams(), START, END, "demo", data)


def _expected_target(column: str) -> tuple[str, str | None]:
    """(field, code) the renamed column really holds."""
    for name, header in HEADERS.items():
        if header == column:
            return name, None
    for name, pattern in PREFIXES.items():
        for c in schema.get_field(name).categories:
            if pattern.format(_plain(c.label).lower()) == column:
                return name, c.code
    return "", None


def _hit_rate(proposal) -> tuple[int, int, list]:
    wrong, right = [], 0
    for column, guess in proposal.columns.items():
        ok = _expected_target(column) == (guess.target, None)
        right += ok
        if not ok:
            wrong.append((column, guess))
    for name, columns in proposal.indicators.items():
        for column, guess in columns.items():
            ok = _expected_target(column) == (name, guess.target)
            right += ok
            if not ok:
                wrong.append((column, guess))
    return right, len(HEADERS) + sum(len(schema.get_field(n).codes) for n in PREFIXES), wrong


@pytest.mark.parametrize("style", YES_NO)
def test_the_draft_places_every_header_and_nothing_wrongly(style):
    proposal = propose(renamed(style))
    right, total, wrong = _hit_rate(proposal)
    assert wrong == []  # never a wrong field or category, at any score
    assert right / total >= 0.95, (right, total)
    assert sorted(proposal.not_registered) == sorted(SIX)
    assert proposal.missing_core == []
    assert proposal.unused == ["Notities", "BSN"]
    assert proposal.unplaced == {}


def _write(raw: pd.DataFrame, path, kind: str) -> DataParams:
    if kind == "csv;":
        raw.to_csv(path, sep=";", index=False, encoding="utf-8")
        return DataParams(cases=path.name)
    if kind == "csv,bom":
        raw.to_csv(path, sep=",", index=False, encoding="utf-8-sig")
        return DataParams(cases=path.name)
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Casussen"
    sheet.append(["Export complexe casuïstiek"])
    sheet.append(["Peildatum 31-12-2020"])
    sheet.append(list(raw.columns))
    dates = {"Datum aanmelding", "Einddatum"}
    for _, row in raw.iterrows():
        cells = []
        for column, value in row.items():
            if column in dates and value:
                day, month, year = (int(p) for p in value.split("-"))
                value = dt.datetime(year, month, day)  # a date cell, as Excel stores it
            elif column == "Lft.":
                value = int(value)
            cells.append(value if value != "" else None)
        sheet.append(cells)
    for r in range(sheet.max_row + 1, sheet.max_row + 30):  # formatted empty rows below
        sheet.cell(row=r, column=1).number_format = "@"
    workbook.save(path)
    return DataParams(cases=path.name, sheet="Casussen", header_row=3)


@pytest.mark.parametrize("kind,style", [("csv;", "J/N"), ("csv,bom", "ja/nee"), ("xlsx", "x/leeg")])
def test_map_then_validate_gives_the_demo_cases_with_no_hand_edit(tmp_path, kind, style):
    export = tmp_path / ("export.xlsx" if kind == "xlsx" else "export.csv")
    reading = _write(renamed(style), export, kind)
    raw = read_export(export, reading)
    params_file = tmp_path / "params" / "2020.yaml"
    write_draft(params_file, "2020", propose(raw), export, reading)
    loaded = load_params(params_file)
    cases = load_cases(loaded)
    truth = _truth()
    assert list(cases["case_id"]) == list(truth["case_id"])
    columns = [c for c in truth.columns if c in cases.columns]
    assert columns == list(truth.columns)
    pd.testing.assert_frame_equal(
        cases[columns].reset_index(drop=True), truth[columns].reset_index(drop=True)
    )


def test_values_nothing_resembles_are_left_for_validation_with_suggestions(tmp_path):
    raw = renamed("J/N")
    raw.loc[raw.index[0], "Aangemeld door"] = "Buurvrouw"
    raw.loc[raw.index[1], "Aangemeld door"] = "Jeugd"  # as close to jeugdige as to jeugdhulp…
    proposal = propose(raw)
    assert set(proposal.unplaced["aanmelder"]) == {"Buurvrouw", "Jeugd"}
    assert "Buurvrouw" not in proposal.values.get("aanmelder", {})


def test_an_identical_name_is_certain_and_nothing_else_is():
    assert similarity("aanmelder", "aanmelder") == 100
    assert similarity("jeugdhulpprof.", "jeugdhulpprofessional") == 90
    assert similarity("probleem suicidaliteit", "probleem") < THRESHOLD  # a field name inside
    assert similarity("pad ondersteund", "ingezet pad ondersteund") == 90
    assert similarity("hulp", "passende hulp gestart") < THRESHOLD  # one word is not enough


def test_map_command_writes_the_params_and_refuses_to_overwrite_a_mapping(tmp_path):
    export = tmp_path / "export.csv"
    _write(renamed("ja/nee"), export, "csv;")
    (tmp_path / "params").mkdir()
    runner = CliRunner()
    args = ["map", "--period", "2020", "--file", str(export), "--project", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "not registered (no column found)" in result.output
    assert "Next: olcc-report validate --period 2020" in result.output
    text = (tmp_path / "params" / "2020.yaml").read_text(encoding="utf-8")
    assert '"Lft.": leeftijd  # guessed by' in text
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    valid = runner.invoke(app, ["validate", "--period", "2020", "--project", str(tmp_path)])
    assert valid.exit_code == 0, valid.output
    assert "Columns not used (dropped at reading" in valid.output


# --- a real year from its own export, end to end ---------------------------------------------------


def test_new_year_with_an_export_then_validate_then_build(project_copy, tmp_path):
    """`new-year --export` → `validate` → `build` with no hand edit: a real period (no demo
    inputs, title or trend years), every figure either drawn or saying it is not registered."""
    export = tmp_path / "registratie_2022.csv"
    renamed("J/N", 2022).to_csv(export, sep=";", index=False, encoding="utf-8-sig")
    runner = CliRunner()
    project = ["--project", str(project_copy)]
    result = runner.invoke(app, ["new-year", "2022", "--export", str(export), *project])
    assert result.exit_code == 0, result.output
    assert "qualitative in 2022.yaml" in result.output
    loaded = load_params(project_copy / "params" / "2022.yaml")
    params = loaded.params
    assert not params.is_demo and params.qualitative is None and params.population is None
    assert "demonstratie" not in params.title
    assert sorted(params.data.not_registered) == sorted(SIX)
    valid = runner.invoke(app, ["validate", "--period", "2022", *project])
    assert valid.exit_code == 0, valid.output
    # The analyst-only quality report does not compare the real year with a demo year either.
    assert "Quality report 2022 (no previous year)" in valid.output
    built = runner.invoke(app, ["build", "--period", "2022", *project])
    assert built.exit_code == 0, built.output
    assert "trauma.md is left out of the book" in built.output
    html = project_copy / "_build" / "2022" / "html"
    pages = {p.name: p.read_text(encoding="utf-8") for p in html.glob("*.html")}
    assert "trauma.html" not in pages and "kwalitatief.html" not in pages
    assert all("synthetisch" not in t and "demonstratie" not in t for t in pages.values())
    assert "In deze periode niet geregistreerd: profielgroep." in pages["welke_vragen.html"]
    # The trend chapter sets the real year beside no demo year.
    assert "2021" not in pages["rode_draden.html"].split("Casussen per jaar")[1][:3000]


# A second system: other words again, multi-valued fields as one cell ("TRAUMA, AUTISME"),
# J/N for a yes/no field, lower case without accents; three optional fields not registered.
SYSTEM_B = {
    "case_id": "Casusnummer",
    "aanmelddatum": "Aanmeld datum",
    "afsluitdatum": "Datum afgesloten",
    "aanmelder": "Verwijzer",
    "geslacht": "Gender",
    "leeftijd": "Leeftijd (jaren)",
    "jeugdregio": "Jeugdzorgregio",
    "woonsituatie": "Woonsituatie bij aanmelding",
    "problemen": "Problematiek",
    "verstoringen": "Knelpunten",
    "hulpvraag": "Vraag aan het team",
    "expertteam_betrokken": "RET betrokken",
    "uitkomst": "Uitkomst casus",
    "leefgebieden": "Leefgebied",
}


def system_b() -> pd.DataFrame:
    demo = generate_export(2020)
    out = pd.DataFrame(index=demo.index)
    for name, header in SYSTEM_B.items():
        values = demo[name]
        if schema.get_field(name).kind == "multi":
            values = values.map(lambda v: ", ".join(t.upper() for t in str(v).split("|") if t))
        elif name == "expertteam_betrokken":
            values = values.map({"ja": "J", "nee": "N"})
        elif schema.get_field(name).kind == "category" and name != "geslacht":
            values = values.map(lambda v: _plain(v).lower())
        out[header] = values
    out["Opmerkingen"] = "n.v.t."
    return out


def test_a_second_system_is_mapped_right_with_no_hand_edit(tmp_path):
    raw = system_b()
    proposal = propose(raw)
    assert {c: g.target for c, g in proposal.columns.items()} == {h: n for n, h in SYSTEM_B.items()}
    assert proposal.multi_separator == ","
    missing = sorted(set(SIX) - set(SYSTEM_B))
    assert sorted(proposal.not_registered) == missing
    export = tmp_path / "export.csv"
    raw.to_csv(export, sep=";", index=False, encoding="utf-8")
    params_file = tmp_path / "2020.yaml"
    write_draft(params_file, "2020", propose(read_export(export)), export)
    cases = load_cases(load_params(params_file))
    demo = generate_export(2020).drop(columns=missing)
    data = DataParams(cases="demo", not_registered=missing)
    truth = validate_export(demo, MappingParams(), START, END, "demo", data)
    pd.testing.assert_frame_equal(cases.reset_index(drop=True), truth.reset_index(drop=True))


DEFECTS = """\
Dossiernr.;Datum aanmelding;Einddatum;Aangemeld door;Lft.;Regio;Verblijf;Resultaat;\
Probleem: trauma;Probleem: autisme;Verstoring - wettelijk;Verstoring - organisatorisch
A-1;03-02-2020;01-05-2020;Ouders;14;Groningen;Bij ouders;Passende hulp;J;N;N;J
A-1;04-02-2020;;Gemeente;9;Groningen;Pleeggezin;;N;J;J;N
A-3;31-02-2020;;Gemeente;9;Groningen;Pleeggezin;;N;J;J;N
A-4;05-02-2020;;Gemeente;45;Groningen;Pleeggezin;;N;J;J;N
A-5;06-02-2020;;Gemeente;9;Atlantis;Pleeggezin;;N;J;J;N
A-6;07-02-2020;01-02-2020;Gemeente;9;Groningen;Pleeggezin;Geen oplossing;N;J;J;N
A-7;15-12-2019;;Gemeente;9;Groningen;Pleeggezin;;N;J;J;N
A-8;08-02-2020;;Gemeente;9;Groningen;Pleeggezin;;misschien;J;J;N
"""


def test_every_defect_of_a_mapped_export_is_listed_at_once(tmp_path):
    """The mapping is drafted from a clean export of the system; the next export has one
    defect per row (and lacks a core column). Expected rows, columns and values are read off
    the file above."""
    lines = DEFECTS.splitlines()
    header = lines[0].split(";")
    clean = pd.DataFrame([lines[1].split(";")], columns=header)
    clean.insert(4, "Sekse", "V")
    (tmp_path / "params").mkdir()
    clean_file = tmp_path / "schoon.csv"
    clean.to_csv(clean_file, sep=";", index=False)
    runner = CliRunner()
    project = ["--project", str(tmp_path)]
    drafted = runner.invoke(app, ["map", "--period", "2020", "--file", str(clean_file), *project])
    assert drafted.exit_code == 0, drafted.output
    defective = tmp_path / "export.csv"
    defective.write_text(DEFECTS, encoding="utf-8")
    result = runner.invoke(
        app, ["validate", "--period", "2020", "--file", str(defective), *project]
    )
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("  • ")]
    text = "\n".join(problems)
    expected = [
        ("rows (2, 3)", "Dossiernr.", "A-1", "case id occurs more than once"),
        ("row 4", "Datum aanmelding", "31-02-2020", "not an existing date"),
        ("row 5", "Lft.", "45", "whole number from 0 to 27"),
        ("row 6", "Regio", "Atlantis", "unknown jeugdregio"),
        ("row 7", "Einddatum", "01-02-2020", "closing date before the registration date"),
        ("row 8", "Datum aanmelding", "15-12-2019", "within the period"),
        ("row 9", "Probleem: trauma", "misschien", "expected ja or nee"),
    ]
    for row, column, value, what in expected:
        assert any(row in p and column in p and value in p and what in p for p in problems), (
            row,
            column,
            text,
        )
    assert "core column 'geslacht' (Geslacht) is missing" in text
    assert "nothing was built" in result.output
