"""The build's scan for missing values shown as text, on hand-written pages and CSVs."""

import pytest

from olcc_report.book.nanlike import book_problems, csv_problems, page_problems
from olcc_report.figures.base import describe
from olcc_report.figures.render import Cell, TableView

CLEAN_PAGE = """<!DOCTYPE html><html lang="nl"><body>
<p>In 2020 waren er 1.234 aanmeldingen; informatie over de financiën (Infinity-project niet).</p>
<div id="grafiek-a" class="olcc-chart" role="img" aria-label="Staafdiagram: 27% jongens"></div>
<script>(function () {
  var draw = function () { vegaEmbed("#grafiek-a", label({"datasets":{"d":[{"aantal":null,"label":"x"},
  {"aantal":15,"label":"Noord"}]},"mark":"bar"}), {"actions":false}).catch(console.error); };
})();</script>
<script>var theme = {"mode": "none"};</script>
<table class="olcc-table"><tbody>
<tr><th scope="row">Noord</th><td class="olcc-count">15</td><td class="olcc-percent">27%</td></tr>
<tr><th scope="row">Zuid</th><td class="olcc-count"><span aria-hidden="true">x</span>
<span class="visually-hidden">geheim</span></td><td class="olcc-percent">n.v.t.</td></tr>
</tbody></table>
<table class="docutils"><tr><td>synoniem</td><td></td></tr></table>
</body></html>
"""


def write(tmp_path, text, name="pagina.html"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_page_has_no_problems(tmp_path):
    # Dutch words that contain the letters (informatie, financiën), a JSON null in chart data
    # (a hidden value the chart leaves out) and an empty cell of a non-statistical table pass.
    assert page_problems(write(tmp_path, CLEAN_PAGE)) == []


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ("1.234 aanmeldingen", "nan aanmeldingen", "“nan” in the text"),
        ("27% jongens", "NaN% jongens", "“NaN” in the aria-label of <div>"),
        ('"label":"Noord"', '"label":"None"', "“None” in the chart's text or data"),
        ('"aantal":15', '"aantal":NaN', "the value nan in the chart's data"),
        ('"aantal":15', '"aantal":-Infinity', "the value -inf in the chart's data"),
        ('<td class="olcc-count">15</td>', '<td class="olcc-count"> </td>', "an empty table cell"),
        ('<td class="olcc-percent">27%</td>', '<td class="olcc-percent">inf%</td>', "“inf”"),
        ("n.v.t.", "&lt;NA&gt;", "“<NA>”"),
    ],
)
def test_each_spelling_of_a_missing_value_is_found_and_located(tmp_path, old, new, found):
    assert old in CLEAN_PAGE
    page = write(tmp_path, CLEAN_PAGE.replace(old, new, 1))
    problems = page_problems(page)
    assert len(problems) == 1, problems
    assert problems[0].startswith("pagina.html, ")
    assert found in problems[0]


def test_csv_cells_are_named_as_excel_numbers_them():
    data = "\ufeffRegio;Aantal;Aandeel\r\nNoord;15;27\r\nZuid;nan;\r\nTotaal;None;100\r\n"
    assert csv_problems("regio.csv", data.encode("utf-8")) == [
        "regio.csv, row 3, column 2: “nan”",
        "regio.csv, row 3, column 3: empty (a value or a symbol x, - or . belongs there)",
        "regio.csv, row 4, column 2: “None”",
    ]


def test_metadata_may_leave_cells_empty_and_the_zip_is_not_read(tmp_path):
    meta = "\ufeffcol_name;unit;footnotes\r\nregio;;\r\naantal;casussen;\r\n".encode()
    files = {"regio.meta.csv": meta, "tabellen.zip": b"PK\x03\x04\xfe\xff"}
    assert book_problems(None, files) == []


def test_every_page_of_the_book_is_read(tmp_path):
    write(tmp_path, CLEAN_PAGE, "a.html")
    write(tmp_path, CLEAN_PAGE.replace("1.234", "NaN"), "b.html")
    assert [p.split(",")[0] for p in book_problems(tmp_path)] == ["b.html"]


def test_a_table_view_shows_a_symbol_where_its_value_is_missing(tmp_path):
    # What the figures render passes the scan: a missing percentage becomes ".", not "nan".
    view = TableView(
        "t",
        "Tabel",
        ("Groep", "Aantal", "Aandeel"),
        (("A", (Cell.count(None, "x"), Cell.percent(float("nan")))),),
    )
    page = write(tmp_path, f"<html><body>{view.html()}</body></html>")
    assert page_problems(page) == []
    assert csv_problems("t.csv", view.csv_text().encode()) == []


def test_a_text_alternative_reads_every_kind_of_cell():
    view = TableView(
        "t",
        "Regio's",
        ("Regio", "Aanmeldingen", "Verwacht", "Beoordeling"),
        (
            ("Noord", (Cell.count(15), Cell("3,9", "", "text"), Cell("Binnen", "", "text"))),
            ("Zuid", (Cell.count(None, "x"), Cell("8,5", "", "text"), Cell("n.v.t.", "", "text"))),
        ),
    )
    assert describe("Trechterdiagram", view) == (
        "Trechterdiagram: Regio's. Noord: Aanmeldingen 15, Verwacht 3,9, Beoordeling Binnen; "
        "Zuid: Aanmeldingen geheim, Verwacht 8,5, Beoordeling n.v.t."
    )
