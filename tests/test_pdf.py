"""The printed book read as its readers read it: every table whole (every column header on the
page of its table, the totals once), chart text at least 7 pt on paper, no page left nearly
empty, one title page, and a tagged PDF that assistive technology can read (language, title,
a text alternative for every chart, header cells, reading order). Read with pypdf from the PDF
the demo build printed."""

import html as html_lib
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import WITH_PDF

from olcc_report.book.accessibility import SMALLEST_PRINT_PT as SMALLEST_PT
from olcc_report.book.pdf.pages import MARGIN_MM, PAGE_MM

NEARLY_EMPTY = 0.25  # a page filled less than this far down must end a chapter


@pytest.fixture(params=WITH_PDF, scope="module")
def printed(request, demo_books):
    """A demo year's PDF (pypdf reader), its chapters in print order (name, HTML) and its
    page numbers where a chapter starts."""
    from pypdf import PdfReader

    _, books = demo_books
    html = books[request.param].parent
    reader = PdfReader(html / "rapportage.pdf")
    titles = {squash(t): name for name, t in ((p.stem, h1(p)) for p in html.glob("*.html")) if t}
    chapters, starts = [], set()
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        name = titles.get(squash(re.sub(r"^\d+\.", "", entry.title)))
        page = reader.get_destination_page_number(entry)
        if name is not None and page > 1:  # not the title page or the contents
            chapters.append((name, (html / f"{name}.html").read_text(encoding="utf-8")))
            starts.add(page)
    assert len(chapters) >= 15, [e.title for e in reader.outline if not isinstance(e, list)]
    return reader, chapters, starts


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("#", ""))


def h1(page: Path) -> str | None:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else None


class Tables(HTMLParser):
    """Each table of a page's article: its caption, column headers, first row label and
    footer row labels, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.part = self.cell = None
        self.row: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside = True
        if not self.inside:
            return
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "body": [], "foot": []})
        elif self.tables and tag in ("caption", "thead", "tbody", "tfoot"):
            self.part = tag
        elif self.tables and tag in ("th", "td"):
            self.cell = ""
        elif tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
        if not self.inside or not self.tables:
            return
        table = self.tables[-1]
        if tag in ("th", "td") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.part in ("thead", "tbody", "tfoot"):
            table[{"thead": "head", "tbody": "body", "tfoot": "foot"}[self.part]].append(self.row)
        elif tag == "caption":
            self.part = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.part == "caption" and self.tables:
            self.tables[-1]["caption"] += data


def tables(page: str) -> list[dict]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def texts(reader) -> list[str]:
    return [squash(p.extract_text()) for p in reader.pages]


def test_every_column_header_of_every_table_is_on_its_page_and_totals_print_once(printed):
    """No table is cut: each table's caption (or first row) is found in print order, and
    every column header is on that page. Its totals rows print once, not on every page."""
    reader, chapters, _ = printed
    pages = texts(reader)
    cursor, missing, repeated, checked = 2, [], [], 0
    for name, page in chapters:
        for table in tables(page):
            first_row = max(table["body"][0], key=len) if table["body"] else ""
            key = (squash(table["caption"]) or squash(first_row))[:40]
            headers = [squash(h) for row in table["head"] for h in row if h.strip()]

            def shown(i: int) -> str:  # the page, and the next for a header moved with its rows
                return "".join(pages[i : i + 2])

            candidates = [i for i in range(cursor, len(pages)) if key in pages[i]]
            assert candidates, (name, table["caption"] or table["body"][0])
            # a table without a caption: the first page with its first row and its headers
            found = next(
                (i for i in candidates if all(h in shown(i) for h in headers)), candidates[0]
            )
            cursor = found
            checked += len(headers)
            missing += [
                f"{name} p. {found + 1} {table['caption']!r}: {h!r}"
                for h in headers
                if h not in shown(found)
            ]
            if table["foot"] and len(table["body"]) > 1:
                # from the page of the caption to the page of the last row: each total once
                last = squash(table["body"][-1][0])
                end = next((i for i in range(found, len(pages)) if last in pages[i]), found)
                span = "".join(pages[found : end + 1])
                for row in table["foot"]:  # a totals row, label and numbers: printed once
                    if row and span.count(squash("".join(row))) > 1:
                        repeated.append(f"{name} {table['caption']!r}: {row[0]} on every page")
    assert checked >= 100
    assert not missing, "\n".join(missing)
    assert not repeated, "\n".join(repeated)


def placed_text(page) -> list[tuple[float, float, str]]:
    """Each piece of text on a page: its size on paper (pt), its height above the page's
    foot (pt) and the text."""
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        # the text matrix in page space: its vertical scale is the size on paper
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append((size * math.hypot(c, d), y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_text_on_every_page_is_at_least_7_pt(printed):
    """Charts are laid out for the paper's width, tables shrink no further than 7.5 pt: no
    text anywhere in the PDF is smaller than 7 pt (the charts printed at 5.7 pt before)."""
    reader, _, _ = printed
    small = [
        (number, round(size, 2), text)
        for number, page in enumerate(reader.pages, 1)
        for size, _, text in placed_text(page)
        if size < SMALLEST_PT
    ]
    assert not small, small[:10]


def test_no_page_is_left_nearly_empty_but_before_a_chapter(printed):
    """Every page is filled at least a quarter of the way down (measured by its lowest text
    above the footer), unless the next page starts a chapter or a figure (a chart is never cut,
    and shrunk its text would fall under 7 pt), or it is the last page. No page is blank."""
    reader, _, starts = printed
    mm = 72 / 25.4
    top = (PAGE_MM[1] - MARGIN_MM[0]) * mm
    bottom = MARGIN_MM[2] * mm
    empty = []
    for index, page in enumerate(reader.pages[:-1]):
        heights = [y for _, y, _ in placed_text(page) if y > bottom]
        if not heights:
            empty.append((index + 1, 0))  # a blank page, whatever follows
            continue
        if index + 1 in starts or page.mediabox.width > page.mediabox.height:
            continue  # the next page starts a chapter (or a landscape page: measured apart)
        following = reader.pages[index + 1]
        if following.extract_text().lstrip().startswith("Figuur"):
            # a whole figure (caption to source line) on the next page, taller than the room
            # left on this one: a chart is never cut, and shrunk its text would fall under 7 pt
            sources = [y for _, y, text in placed_text(following) if text.startswith("Bron:")]
            if sources and top - max(sources) > min(heights) - bottom:
                continue
        filled = (top - min(heights)) / (top - bottom)
        if filled < NEARLY_EMPTY:
            empty.append((index + 1, round(filled, 2)))
    assert not empty, empty


def structure(reader) -> list:
    """Every element of the structure tree, depth first (in reading order)."""
    out, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get") or "/S" not in node:
            continue
        out.append(node)
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            stack += reversed(list(kids) if isinstance(kids, list) else [node.raw_get("/K")])
    return out


def test_the_pdf_is_tagged_for_assistive_technology(printed):
    """Tagged, in Dutch, its title shown, every figure with a text alternative (as many as
    the pages have figures; a chart's is its Dutch description), every table with header cells, the structure in the
    order of the pages, and one title page (the front page does not repeat it)."""
    reader, chapters, _ = printed
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "nl"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    elements = structure(reader)
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == sum(page.count("<figure") for _, page in chapters) > 5
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    charts = [  # a chart's text alternative, as the page gives it
        re.sub(r"\s+", " ", html_lib.unescape(name))
        for _, page in chapters
        for name in re.findall(r'class="olcc-chart" role="img"[^>]*aria-label="([^"]*)"', page)
    ]
    named = [re.sub(r"\s+", " ", str(f["/Alt"])) for f in figures]
    assert charts and all(chart in named for chart in charts), [
        c for c in charts if c not in named
    ][:3]
    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(tables) >= 20
    heads = [e for e in elements if e["/S"] == "/TH"]
    assert len(heads) >= 2 * len(tables)
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    order = [numbers[e.raw_get("/Pg").idnum] for e in elements if "/Pg" in e]
    # reading order: page after page (an element across a page break may name either page)
    furthest, back = 0, []
    for index, number in enumerate(order):
        if number < furthest - 1:
            back.append((index, number, furthest))
        furthest = max(furthest, number)
    assert not back, back[:5]
    # one title page: the front page's chapter does not repeat its dates, status and notice
    cover, front = reader.pages[0].extract_text(), reader.pages[2].extract_text()
    assert "Gepubliceerd op" in cover and "Status:" in cover
    for repeated in ("Gepubliceerd op", "Status:", "geen enkele rij hoort bij een echt kind"):
        assert repeated not in front, repeated


def wide_table(columns: int, header: str) -> str:
    head = "".join(f'<th scope="col">{header} {i}</th>' for i in range(columns))
    row = "".join(f'<td class="olcc-count">{1000 + i}</td>' for i in range(columns))
    return (
        '<div class="olcc-table-wrapper"><table class="olcc-table"><caption>Tabel 1.1 Breed'
        f'</caption><thead><tr><th scope="col">Regio</th>{head}</tr></thead><tbody>'
        + f'<tr><th scope="row">Regio A</th>{row}</tr>' * 3
        + '</tbody></table><ul class="olcc-table-notes"><li>Een noot.</li></ul></div>'
    )


def print_chapter(tmp_path: Path, body: str) -> Path:
    from conftest import chromium

    from olcc_report.book.pdf import Cover, write_pdf

    html = tmp_path / "html"
    html.mkdir()
    page = f'<html><body><article class="bd-article"><h1>Breed</h1>{body}</article></body></html>'
    (html / "breed.html").write_text(page, encoding="utf-8")
    cover = Cover(
        "Uitgever", "Titel", "", "2020", ("Status: definitief",), "", (), None, None, None
    )
    return write_pdf(html, ["breed"], cover, chromium(), tmp_path / "cache")


def test_a_table_too_wide_for_portrait_prints_whole_on_a_landscape_page(tmp_path):
    from pypdf import PdfReader

    reader = PdfReader(print_chapter(tmp_path, "<p>Tekst.</p>" + wide_table(16, "Kolom")))
    turned = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(turned) == 1
    text = squash(turned[0].extract_text())
    assert all(f"Kolom{i}" in text for i in range(16)) and "Eennoot." in text
    assert text.endswith("pagina4van4")  # the title, contents, the text, then this page
    assert min(size for size, _, _ in placed_text(turned[0])) >= SMALLEST_PT


def test_a_table_too_wide_even_for_landscape_stops_the_pdf(tmp_path):
    from olcc_report.book.pdf.printer import TableTooWide

    with pytest.raises(TableTooWide, match="Tabel 1.1 Breed"):
        print_chapter(tmp_path, wide_table(40, "Een lange kolomnaam"))


def test_a_pdf_ua_checker_finds_no_broken_rule_but_the_known_ones(printed):
    """page-validation (PyPI, MIT) checks PDF/UA-1: only the rules the accessibility statement
    lists as not met may fail; every other rule it knows (figure alternatives, title, language,
    tagging, headers, links) passes."""
    import importlib.metadata

    import page

    from olcc_report.book.accessibility import PDF_UA_CHECKER, PDF_UA_KNOWN

    assert importlib.metadata.version(PDF_UA_CHECKER[0]) == PDF_UA_CHECKER[1]
    reader, _, _ = printed
    data = reader.stream.getvalue()  # pypdf read the file into memory
    report = page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
    failed = {f.rule_id: f.message for f in report.failures}
    assert report.rules.total > 90
    unknown = {rule: message for rule, message in failed.items() if rule not in PDF_UA_KNOWN}
    assert not unknown, unknown
