"""Exports as other systems write them: fields a team does not register, and files written by
Excel and other tools (separators, encodings, title blocks, serial dates). Every fixture is
written here by hand; the expected values are read off the fixture itself."""

import codecs
import datetime as dt
import json

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import SIX

from olcc_report.book.dictionary import data_dictionary_markdown
from olcc_report.book.glue import drop_unregistered_text
from olcc_report.figures import chapters, trend
from olcc_report.figures.release import release
from olcc_report.intake.params import DataParams, DisclosureParams, MappingParams, load_params
from olcc_report.intake.problems import ExportInvalid
from olcc_report.intake.reader import ReadError, read_export
from olcc_report.intake.validate import DROPPED_COLUMNS, validate_export
from olcc_report.records import schema
from olcc_report.records.vocabulary import MISSING_SYMBOL, NOT_REGISTERED

START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)

# An export of a system that registers the core fields, who registered the case, where the
# child lived, problems and verstoringen as one ja/nee column each, and nothing else.
# Columns: Casus; aanmelddatum; afsluitdatum; aanmelder; geslacht; leeftijd; jeugdregio;
# woonsituatie; problemen_* (3), verstoringen_* (4), uitkomst, plus a free-text note.
CORE_ONLY = """\
case_id;aanmelddatum;afsluitdatum;aanmelder;geslacht;leeftijd;jeugdregio;woonsituatie;\
problemen_trauma;problemen_autisme;problemen_agressie;verstoringen_organisatorisch;\
verstoringen_wettelijk;verstoringen_inhoudelijk;verstoringen_werkrelaties;uitkomst;Notitie
A-1;03-02-2020;01-05-2020;Ouder(s);meisje;14;JZ01;thuis;ja;nee;nee;ja;nee;nee;nee;passende_hulp;"belt op maandag, zegt: ""weet niet""; mama, papa"
A-2;10-02-2020;;gemeente;jongen;9;Groningen;residentieel;ja;ja;ja;nee;ja;ja;nee;;
A-3;17-03-2020;30-06-2020;Gemeente;jongen;16;JZ01;thuis;nee;ja;nee;nee;nee;ja;ja;geen_oplossing;x, y, z
"""
# The problems this system does not ask about (it has a column for three of them only).
UNASKED = [
    schema.category_entry("problemen", c)
    for c in schema.get_field("problemen").codes
    if c not in ("trauma", "autisme", "agressie")
]
NOT_THERE = [*SIX, *UNASKED]  # what the params of this system declare not registered


def _write(tmp_path, text: str, name="export.csv", encoding="utf-8") -> object:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _validate(path, data: DataParams):
    raw = read_export(path, data)
    return validate_export(raw, MappingParams(), START, END, path.name, data)


def test_fields_a_system_does_not_register_are_reported_with_the_params_line(tmp_path):
    path = _write(tmp_path, CORE_ONLY)
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(cases=path.name))
    messages = [p.expected for p in info.value.problems]
    # One problem per missing optional field, no row-level noise, and each carries the line;
    # and one for the problems it has no column for (a missing column is not "no").
    unasked = [m for m in messages if "has a yes/no column for 3 of its 15" in m]
    assert len(unasked) == 1 and f"not_registered: [{', '.join(UNASKED)}]" in unasked[0]
    messages = [m for m in messages if m not in unasked]
    assert len(messages) == len(SIX)
    assert all(p.row is None for p in info.value.problems)
    line = f"not_registered: [{', '.join(sorted(SIX))}]"
    assert all(line in m for m in messages), messages
    assert any("'hulpvraag' (Hulpvraag) is missing" in m for m in messages)


def test_an_export_without_six_optional_fields_validates_when_the_params_say_so(tmp_path):
    path = _write(tmp_path, CORE_ONLY)
    cases = _validate(path, DataParams(cases=path.name, not_registered=NOT_THERE))
    assert list(cases["case_id"]) == ["A-1", "A-2", "A-3"]
    registered = schema.registered_fields(cases.columns)
    assert not registered & set(SIX)
    assert {"aanmelder", "woonsituatie", "problemen", "verstoringen", "uitkomst"} <= registered
    # A category without a column is not registered: no column in the case frame, not "no".
    assert cases.loc[3, "problemen__trauma"] and "problemen__lvb" not in cases.columns
    assert schema.registered_codes("problemen", cases.columns) == ["agressie", "autisme", "trauma"]
    assert cases["verstoringen__inhoudelijk"].tolist() == [False, True, True]
    assert cases.attrs[DROPPED_COLUMNS] == ["Notitie"]


def test_a_not_registered_field_that_has_a_column_is_a_problem(tmp_path):
    path = _write(tmp_path, CORE_ONLY)
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(cases=path.name, not_registered=[*NOT_THERE, "woonsituatie"]))
    (problem,) = info.value.problems
    assert problem.column == "woonsituatie"
    assert "remove 'woonsituatie' from data.not_registered" in problem.expected


def test_params_refuse_a_core_field_or_an_unknown_one_as_not_registered(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        'period: "2020"\ntitle: t\ndata:\n  cases: demo\n  not_registered: [leeftijd, kleur]\n',
        encoding="utf-8",
    )
    with pytest.raises(Exception) as info:
        load_params(path)
    problems = info.value.problems
    assert "data.not_registered: 'leeftijd' is a core field" in problems[0]
    assert "'kleur' is not an optional field" in problems[1]


def test_a_missing_core_column_is_refused(tmp_path):
    text = CORE_ONLY.replace("geslacht;", "sekse;", 1)
    path = _write(tmp_path, text)
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(cases=path.name, not_registered=NOT_THERE))
    messages = " ".join(p.expected for p in info.value.problems)
    assert "core column 'geslacht' (Geslacht) is missing" in messages


# --- the book of a period without those fields ---------------------------------------------------


@pytest.fixture(scope="module")
def without_six():
    from olcc_report.demo.cases import generate_export

    raw = generate_export(2020).drop(columns=list(SIX))
    data = DataParams(cases="demo", not_registered=list(SIX))
    cases = validate_export(raw, MappingParams(), START, END, "demo", data)
    return release(cases, START, END, DisclosureParams())


def test_figures_of_unregistered_fields_say_so_and_offer_no_table(without_six):
    figures = {f.key: f for f in chapters.chapter(without_six)}
    stated = {k for k, f in figures.items() if f.not_registered}
    assert stated == {
        "expertteam",
        "profielgroepen",
        "problemen-profielgroep",
        "aantal-leefgebieden",
        "hulpvraag-inzet",
    }
    for key in stated:
        html = figures[key].html()
        assert NOT_REGISTERED in html and "<table" not in html and ".csv" not in html
        _, metadata = figures[key]._repr_mimebundle_()
        assert metadata == {}
    # The others are drawn as usual.
    assert figures["aanmelder"].chart is not None and figures["aanmelder"].table is not None


def test_notebook_paragraphs_that_need_a_missing_field_keep_only_their_heading():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell("## Hulpvraag\n\nDe vraag was {glue}`x`.")
    cell.metadata["olcc"] = {"needs": ["hulpvraag"]}
    other = nbformat.v4.new_markdown_cell("## Regio\n\nTekst.")
    nb.cells = [cell, other]
    drop_unregistered_text(nb, ["hulpvraag"])
    assert nb.cells[0].source == "## Hulpvraag"
    assert nb.cells[1].source == "## Regio\n\nTekst."


def test_trend_shows_a_year_without_the_field_as_missing_never_zero(without_six):
    from olcc_report.demo.cases import generate_export

    cases = validate_export(generate_export(2020), MappingParams(), START, END, "demo")
    full = release(cases, START, END, DisclosureParams())
    years = [trend.Year("2019", without_six), trend.Year("2020", full)]
    figure = trend.shares_per_year(years, "profielgroepen", "trend-p", "Profielgroepen", "Groep")
    for _, cells in figure.view.rows:
        assert cells[0].text() == MISSING_SYMBOL
        assert cells[1].text() != MISSING_SYMBOL
    assert figure.view.footer[0][1][0].text() == MISSING_SYMBOL
    assert any("2019 niet geregistreerd" in n for n in figure.view.notes)
    # No year has it: the figure says so.
    only = trend.shares_per_year([years[0]], "profielgroepen", "trend-p", "P", "G")
    assert only.not_registered == ("profielgroep",)


def test_a_field_registered_but_empty_for_every_case_is_missing_not_nil(tmp_path):
    from olcc_report.demo.cases import generate_export
    from olcc_report.figures import outcomes

    raw = generate_export(2020)
    raw["uitkomst"] = ""
    cases = validate_export(raw, MappingParams(), START, END, "demo")
    figure = outcomes(release(cases, START, END, DisclosureParams()))
    texts = {cells[0].text() for _, cells in figure.view.rows}
    assert texts == {MISSING_SYMBOL}
    assert figure.chart is None
    assert any("bij geen enkele casus ingevuld" in n for n in figure.view.notes)
    from olcc_report.figures.statements import largest_category

    assert str(largest_category(figure, "uitkomst")) == (
        "Over uitkomst is niets te zeggen: uitkomst is bij geen enkele casus ingevuld."
    )


def test_the_data_dictionary_marks_the_fields_not_registered():
    page = data_dictionary_markdown(["hulpvraag"])
    row = next(line for line in page.splitlines() if line.startswith("| `hulpvraag`"))
    assert "; optioneel veld; waarde verplicht; in deze periode niet geregistreerd |" in row
    row = next(line for line in page.splitlines() if line.startswith("| `leeftijd`"))
    assert "; kernveld; waarde verplicht; in deze periode geregistreerd |" in row


# --- files as Excel and other tools write them ---------------------------------------------------


def test_a_semicolon_file_with_commas_in_a_quoted_text_column_is_read_as_semicolons(tmp_path):
    # Every record has more commas (in the quoted note) than semicolons in the header line.
    header = "case_id;aanmelddatum;Samenvatting"
    rows = [
        f'A-{i};0{i}-02-2020;"Belt, mailt, komt langs, twijfelt, {i}, ja, nee"' for i in range(1, 6)
    ]
    path = _write(tmp_path, "\n".join([header, *rows]) + "\n")
    raw = read_export(path)
    assert list(raw.columns) == ["case_id", "aanmelddatum", "Samenvatting"]
    assert raw.loc[2, "Samenvatting"] == "Belt, mailt, komt langs, twijfelt, 1, ja, nee"


def test_a_utf8_bom_comma_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        codecs.BOM_UTF8 + 'case_id,aanmelddatum,Notitie\nA-1,03-02-2020,"één, twee"\n'.encode()
    )
    raw = read_export(path)
    assert list(raw.columns) == ["case_id", "aanmelddatum", "Notitie"]
    assert raw.loc[2, "Notitie"] == "één, twee"


def test_utf16_unicode_text_is_read_and_without_bom_refused_by_name(tmp_path):
    text = "case_id\taanmelddatum\tgeslacht\nA-1\t03-02-2020\tmeisje\n"
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("utf-16"))  # with BOM, as Excel writes "Unicode text"
    raw = read_export(path)
    assert list(raw.columns) == ["case_id", "aanmelddatum", "geslacht"]
    assert raw.loc[2, "geslacht"] == "meisje"
    path.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(ReadError, match="looks like UTF-16"):
        read_export(path)
    assert list(read_export(path, DataParams(cases="x", encoding="utf-16-le")).columns)[0] == (
        "case_id"
    )


def test_blank_and_header_only_files(tmp_path):
    path = _write(tmp_path, "\n\n  \n")
    with pytest.raises(ReadError, match="the file is empty"):
        read_export(path)
    path = _write(tmp_path, CORE_ONLY.splitlines()[0] + "\n")
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(cases=path.name, not_registered=NOT_THERE))
    assert [p.expected for p in info.value.problems] == ["the export has no case rows"]


def test_reading_options_from_the_params(tmp_path):
    # A '|' file with American dates and two title lines above the header.
    text = "Export registratiesysteem\ngemaakt door: team\n" + CORE_ONLY.replace(";", "|").replace(
        "03-02-2020", "02/03/2020"
    ).replace("10-02-2020", "02/10/2020").replace("17-03-2020", "03/17/2020").replace(
        "01-05-2020", "05/01/2020"
    ).replace("30-06-2020", "06/30/2020")
    path = _write(tmp_path, text)
    data = DataParams(
        cases=path.name,
        separator="|",
        header_row=3,
        date_format="MM/DD/JJJJ",
        not_registered=NOT_THERE,
    )
    cases = _validate(path, data)
    assert list(cases.index) == [4, 5, 6]  # rows as Excel numbers them
    assert cases.loc[4, "aanmelddatum"] == pd.Timestamp("2020-02-03")
    assert cases.loc[6, "afsluitdatum"] == pd.Timestamp("2020-06-30")
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(**{**data.model_dump(), "date_format": "DD-MM-JJJJ"}))
    first = info.value.problems[0]
    assert (first.row, first.column, first.value) == (4, "aanmelddatum", "02/03/2020")
    assert "written as DD-MM-JJJJ" in first.expected


def test_bad_reading_options_are_refused():
    for bad in ({"separator": "::"}, {"encoding": "klingon"}, {"date_format": "DD-MM"}):
        with pytest.raises(ValueError):
            DataParams(cases="x", **bad)


def test_xlsx_with_title_block_date_cells_serial_dates_and_formatted_empty_rows(tmp_path):
    import openpyxl

    header = CORE_ONLY.splitlines()[0].split(";")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Registratie complexe casuïstiek"])
    sheet.append(["Peildatum: 31-12-2020"])
    sheet.append(header)
    sheet.append(
        [
            "A-1",
            dt.datetime(2020, 2, 3),  # a date cell
            43952,  # a date column formatted as a number: 1 May 2020 as Excel counts days
            "Ouder(s)",
            "meisje",
            14,
            "JZ01",
            "thuis",
            *["ja", "nee", "nee"],
            *["ja", "nee", "nee", "nee"],
            "passende_hulp",
            "notitie",
        ]
    )
    for r in range(5, 40):  # formatted but empty rows below the data
        sheet.cell(row=r, column=1).number_format = "@"
        sheet.cell(row=r, column=2).value = None
    workbook.save(tmp_path / "export.xlsx")
    path = tmp_path / "export.xlsx"
    cases = _validate(path, DataParams(cases=path.name, header_row=3, not_registered=NOT_THERE))
    assert list(cases.index) == [4]
    assert cases.loc[4, "aanmelddatum"] == pd.Timestamp("2020-02-03")
    assert cases.loc[4, "afsluitdatum"] == pd.Timestamp("2020-05-01")


def test_a_serial_date_in_a_csv_gets_the_hint(tmp_path):
    path = _write(tmp_path, CORE_ONLY.replace("03-02-2020", "43864"))
    with pytest.raises(ExportInvalid) as info:
        _validate(path, DataParams(cases=path.name, not_registered=NOT_THERE))
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "aanmelddatum", "43864")
    assert "looks like an Excel serial date" in problem.expected


def test_the_demo_period_without_six_fields_is_committed(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    loaded = load_params(root / "params" / "2022-Q1.yaml")
    assert set(loaded.params.data.not_registered) == set(SIX)
    executed = root / "notebooks" / "executed" / "2022-Q1" / "welke_vragen.ipynb"
    text = json.dumps(nbformat.read(executed, as_version=4).cells)
    assert NOT_REGISTERED in text


# --- safety rails around real data ---------------------------------------------------------------


def _real_params(tmp_path, extra: str) -> object:
    (tmp_path / "export.csv").write_text(CORE_ONLY, encoding="utf-8")
    (tmp_path / "demo").mkdir(exist_ok=True)
    (tmp_path / "demo" / "pop.csv").write_text("jeugdregio;jeugdigen\n", encoding="utf-8")
    path = tmp_path / "2020.yaml"
    path.write_text(
        f'period: "2020"\ntitle: Jaarrapportage 2020\ndata:\n  cases: export.csv\n{extra}',
        encoding="utf-8",
    )
    return path


def test_a_real_export_never_takes_demo_codings(tmp_path):
    from olcc_report.intake.params import ParamsError

    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    codebook = root / "params" / "kwalitatief" / "codeboek.yaml"
    path = _real_params(
        tmp_path,
        f"qualitative:\n  codebook: {codebook}\n  codings: demo\n",
    )
    with pytest.raises(ParamsError) as info:
        load_params(path)
    problems = " ".join(info.value.problems)
    assert (
        "qualitative.codings: 'demo' (synthetic codings) cannot go with a real export" in problems
    )


def test_a_qualitative_block_without_codings_is_an_error(tmp_path):
    from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
    from olcc_report.qualitative.segments import CodingsInvalid

    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    codebook = root / "params" / "kwalitatief" / "codeboek.yaml"
    (tmp_path / "codings.csv").write_text("casus;code;tekst\n", encoding="utf-8")
    path = _real_params(
        tmp_path,
        f"  not_registered: [{', '.join(NOT_THERE)}]\n"
        f"qualitative:\n  codebook: {codebook}\n  codings: codings.csv\n",
    )
    loaded = load_params(path)
    cases = load_cases(loaded)
    with pytest.raises(CodingsInvalid) as info:
        load_qualitative_inputs(loaded, cases)
    assert "no codings of this period's cases were found" in str(info.value.problems[-1])


def test_a_failed_build_moves_the_older_book_aside(project_copy):
    from olcc_report.pipeline.build import RETIRED_DIR, build_period
    from olcc_report.pipeline.project import Project

    project = Project(project_copy)
    html = project.build_dir("2020") / "html"
    html.mkdir(parents=True)
    (html / "intro.html").write_text("het boek van gisteren", encoding="utf-8")
    params = project.params_file("2020")
    params.write_text(params.read_text(encoding="utf-8") + "onbekend: 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown key 'onbekend'"):
        build_period(project, "2020")
    assert not html.exists()
    assert (project.build_dir("2020") / RETIRED_DIR / "intro.html").is_file()


def test_narrative_that_quotes_a_chapter_without_inputs_is_left_out(project_copy):
    from olcc_report.pipeline.project import Project
    from olcc_report.pipeline.staging import available_chapters, left_out_pages

    project = Project(project_copy)
    params = project.params_file("2020")
    values = yaml.safe_load(params.read_text(encoding="utf-8"))
    del values["qualitative"]
    params.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    loaded = load_params(params)
    left_out = left_out_pages(project, loaded)
    assert left_out["trauma.md"] == ["kwalitatief.ipynb"]
    assert "trauma" not in available_chapters(project, loaded)


def test_a_page_quoting_a_sentence_of_an_unregistered_field_says_so(project_copy):
    """A glued sentence has a state for "not registered": the page says it, in Dutch, instead
    of a number (the chapter notebooks glue sentences, never bare numbers of optional fields)."""
    from olcc_report.pipeline.build import BuildError, build_period
    from olcc_report.pipeline.project import Project

    project = Project(project_copy)
    page = project.book_dir / "2022-Q1" / "voorwoord.md"
    page.parent.mkdir()
    page.write_text(
        "# Voorwoord\n\n{glue:text}`welke_vragen.ipynb::expertteam_zin:` "
        "{glue:text}`welke_vragen.ipynb::aangemeld_zin:`\n",
        encoding="utf-8",
    )
    index = build_period(project, "2022-Q1", pdf=False)
    text = (index.parent / "voorwoord.html").read_text(encoding="utf-8")
    assert (
        "In deze periode zijn expertteam betrokken en teruggelegd bij expertteam niet "
        "geregistreerd." in text
    )
    # A bare value glued into the text would read "Bij x van de casussen": refused, by name.
    page.write_text(
        "# Voorwoord\n\nDe helft na {glue:text}`wat_we_deden.ipynb::mediaan_weken:` weken.\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="voorwoord.md: mediaan_weken"):
        build_period(project, "2022-Q1", pdf=False)
