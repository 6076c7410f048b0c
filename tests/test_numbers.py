"""Figure and table numbers and source lines, on HTML written by hand as the figures write it."""

from olcc_report.book.pdf import CHAPTER_LINK, print_links
from olcc_report.book.sphinx_numbers import Numbered, decorate, numbering
from olcc_report.intake.params import Params

FIGURE = (
    '<figure class="olcc-figure" id="figuur-regio">\n<figcaption>Casussen per regio</figcaption>\n'
    '<div id="grafiek-regio" class="olcc-chart" role="img" tabindex="0" '
    'aria-label="Staafdiagram: 3 regio\'s">'
    '<div id="grafiek-regio-tekening" class="olcc-chart-drawing" aria-hidden="true"></div></div>'
    '<script>vegaEmbed("#grafiek-regio-tekening", {"description":"Staafdiagram: 3 regio\'s"})'
    "</script>\n</figure>\n"
    '<div class="olcc-table-wrapper" tabindex="0" role="region" aria-label="Casussen per regio">\n'
    '<table class="olcc-table" id="tabel-regio">\n<caption>Casussen per regio</caption>\n'
    "<thead></thead>\n<tbody>\n</tbody>\n</table>\n"
    '<ul class="olcc-table-notes"><li>Afgerond op 5-tallen.</li></ul>\n</div>\n'
    '<p class="olcc-download"><a href="_static/tabellen/regio.csv">Download</a></p>\n'
)


def test_numbers_go_into_captions_text_alternatives_and_a_source_line_under_each():
    out = decorate(FIGURE, {"regio": Numbered("4.2", "welke_vragen", "OLCC, registratie 2020")})
    assert '<figcaption><span class="olcc-nummer">Figuur 4.2</span> Casussen per regio' in out
    assert 'aria-label="Figuur 4.2: Staafdiagram' in out
    assert '{"description":"Figuur 4.2: Staafdiagram: 3 regio\'s"}' in out
    assert 'aria-label="Tabel 4.2: Casussen per regio"' in out
    assert '<caption><span class="olcc-nummer">Tabel 4.2</span> Casussen per regio' in out
    # under the chart (inside the figure) and under the table's notes (inside its wrapper)
    assert out.count('<p class="olcc-source">Bron: OLCC, registratie 2020</p>') == 2
    assert '</ul>\n<p class="olcc-source">' in out
    assert '<p class="olcc-source">Bron: OLCC, registratie 2020</p>\n</figure>' in out
    assert decorate(FIGURE, {}) == FIGURE  # a figure the book does not number stays as it is


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
    assert 'href="https://www.example.nl/olcc/2020/_static/tabellen/regio.csv"' in online
    assert 'href="mailto:a@b.nl"' in online
    offline = print_links(body, "welke_vragen", chapters, None)
    assert '<span class="olcc-print-file">regio.csv</span>' in offline
    assert "_static" not in offline
