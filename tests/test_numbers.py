"""Figure and table numbers and source lines: the slots of a figure's HTML, filled by the book."""

import json

import altair as alt
import pandas as pd

from olcc_report.book.pdf import CHAPTER_LINK, print_links
from olcc_report.book.sphinx_numbers import Numbered, decorate, numbering
from olcc_report.figures.figure import Figure
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import Params
from olcc_report.records.vocabulary import CHART_CALL


def _figure() -> str:
    """A figure's HTML as the figures write it (with its slots)."""
    chart = alt.Chart(pd.DataFrame({"regio": ["A"], "aantal": [10]})).mark_bar()
    chart = chart.encode(x="aantal:Q", y="regio:N")
    view = TableView(
        "regio",
        "Casussen per regio",
        ("Regio", "Aantal"),
        (("A", (Cell.count(10),)),),
        notes=("Afgerond op 5-tallen.",),
    )
    return Figure("regio", "Casussen per regio", "Staafdiagram: 1 regio", chart, view, None).html()


FIGURE = _figure()


def test_numbers_go_into_captions_text_alternatives_and_a_source_line_under_each():
    out = decorate(FIGURE, {"regio": Numbered("4.2", "welke_vragen", "OLCC, registratie 2020")})
    assert '<figcaption><span class="olcc-nummer">Figuur 4.2</span> Casussen per regio' in out
    assert 'aria-label="Figuur 4.2: Staafdiagram: 1 regio"' in out
    # vega names its drawing, when it draws, after the chart's container (the spec is not edited)
    assert 'spec.description = document.getElementById("grafiek-regio").getAttribute' in out
    assert 'aria-label="Tabel 4.2: Casussen per regio"' in out
    assert '<caption><span class="olcc-nummer">Tabel 4.2</span> Casussen per regio' in out
    # under the chart (inside the figure) and under the table's notes (inside its wrapper)
    assert out.count('<p class="olcc-source">Bron: OLCC, registratie 2020</p>') == 2
    assert '</ul>\n<p class="olcc-source">' in out
    assert '<p class="olcc-source">Bron: OLCC, registratie 2020</p>\n</figure>' in out
    assert "<!--olcc:" not in out


def test_a_figure_the_book_does_not_number_keeps_its_text_and_file():
    out = decorate(FIGURE, {})
    assert "<!--olcc:" not in out and "Figuur" not in out and "Bron:" not in out
    assert 'aria-label="Staafdiagram: 1 regio"' in out
    assert 'href="_static/tabellen/regio.csv" download="regio.csv"' in out


def test_the_download_gets_its_published_name():
    numbered = {"regio": Numbered("1.1", "p", "Team", "regio-synthetisch.csv")}
    assert 'download="regio-synthetisch.csv"' in decorate(FIGURE, numbered)


def test_source_text_is_escaped():
    out = decorate(FIGURE, {"regio": Numbered("1.1", "p", "<b>Team</b> & co")})
    assert "Bron: &lt;b&gt;Team&lt;/b&gt; &amp; co" in out


def test_numbering_is_per_chapter_in_book_order():
    sections = [
        (
            "welke_vragen",
            "Welke vragen",
            [{"filename": "aanmelder.csv"}, {"filename": "jeugdregio.csv"}],
        ),
        ("trauma", "Trauma", [{"filename": "thema-trauma.csv"}]),
    ]
    params = Params.model_validate(
        {"period": "2020", "title": "T", "organisation": "Team", "data": {"cases": "demo"}}
    )
    # The region table is made with CBS's figures (records.contents): its source says so.
    numbers = numbering(["voorwoord", "welke_vragen", "stille_vragen", "trauma"], sections, params)
    demo = "Team, registratie 2020 (synthetische gegevens, demonstratie)"
    assert {k: (n.number, n.page, n.source, n.file) for k, n in numbers.items()} == {
        "aanmelder": ("2.1", "welke_vragen", demo, "aanmelder-synthetisch.csv"),
        "jeugdregio": (
            "2.2",
            "welke_vragen",
            demo + "; CBS (jeugdigen per regio, regiogrenzen), bewerking Team",
            "jeugdregio-synthetisch.csv",
        ),
        "thema-trauma": ("4.1", "trauma", demo, "thema-trauma-synthetisch.csv"),
    }


def test_pdf_links_stay_inside_the_pdf_or_go_to_the_published_site():
    body = (
        '<a class="reference internal" href="verantwoording.html#geheimhouding">x</a>'
        '<a href="welke_vragen.html">y</a><a href="#hier">z</a>'
        '<a href="welke_vragen.html#tabel">t</a>'
        '<a href="_static/tabellen/regio.csv" download>regio.csv</a>'
        '<a href="https://example.org/a">e</a><a href="mailto:a@b.nl">m</a>'
    )
    chapters = {"verantwoording", "welke_vragen"}
    online = print_links(body, "welke_vragen", chapters, "https://www.example.nl/olcc/2020")
    # another chapter (printed apart): a link the merge points at that chapter's first page
    assert f'href="{CHAPTER_LINK}verantwoording"' in online
    assert f'href="{CHAPTER_LINK}welke_vragen">y' in online
    assert 'href="#tabel"' in online  # a place in the chapter itself stays an anchor
    assert 'href="#hier"' in online and 'href="https://example.org/a"' in online
    address = "https://www.example.nl/olcc/2020/_static/tabellen/regio.csv"
    assert f'href="{address}"' in online
    assert f'regio.csv</a><span class="olcc-print-address"> ({address})</span>' in online
    assert 'href="mailto:a@b.nl"' in online
    offline = print_links(body, "welke_vragen", chapters, None)
    assert '<span class="olcc-print-file">regio.csv</span>' in offline
    assert "_static" not in offline


def test_every_drawing_of_a_chart_is_a_call_the_checks_can_read():
    """The build's checks read each chart's data back out of the page (records.vocabulary
    CHART_CALL): a change to how a chart is called must not hide its data from them."""
    calls = CHART_CALL.findall(decorate(FIGURE, {}))
    assert [element for element, _ in calls] == ["grafiek-regio-tekening"]
    assert json.loads(calls[0][1])["datasets"]
