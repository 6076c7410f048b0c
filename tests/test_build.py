"""End to end: build the demo book in a temp copy of the project and look at what a reader gets."""

import csv
import hashlib
import html as html_lib
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DEMO_PERIODS, ROOT, WITH_PDF, raw_export
from typer.testing import CliRunner

from olcc_report.book.downloads import notebook_tables
from olcc_report.demo.codings import PLANTED
from olcc_report.intake.params import load_params
from olcc_report.intake.validate import ExportInvalid
from olcc_report.pipeline.build import BuildError, Project, build_period
from olcc_report.pipeline.cli import app
from olcc_report.qualitative.quotes import read_approvals, write_approvals
from olcc_report.records import contents
from olcc_report.records.vocabulary import CHART_CALL, published_name

BANNER = "Demonstratie met synthetische gegevens"


# The figures each chapter shows come from the publication's declaration.
WELKE_VRAGEN = contents.chapter_tables("welke_vragen")
WAT_WE_DEDEN = contents.chapter_tables("wat_we_deden")
KWALITATIEF = contents.chapter_tables("kwalitatief")
CASUSEVALUATIES = contents.chapter_tables("casusevaluaties")
RODE_DRADEN = contents.chapter_tables("rode_draden")
WITHOUT_CHART = frozenset(t.key for t in contents.TABLES if not t.chart)
PAGES = {
    "welke_vragen.html": WELKE_VRAGEN,
    "wat_we_deden.html": WAT_WE_DEDEN,
    "kwalitatief.html": KWALITATIEF,
    "casusevaluaties.html": CASUSEVALUATIES,
    "rode_draden.html": RODE_DRADEN,
    "stille_vragen.html": contents.chapter_tables("stille_vragen"),
    "trauma.html": ("thema-trauma",),
    "contact.html": ("thema-contact",),
    "leefwereld.html": ("thema-leefwereld",),
}
# A demo year has every chapter: the root page, then each part's chapters in book order.
CHAPTERS = tuple(contents.book_order(c.name for c in contents.chapters()))
MIN_COUNT, BASE = 10, 5


@pytest.fixture(params=WITH_PDF)
def built(request, demo_books):
    """A demo year built with its PDF: the project and the book's index page."""
    project, books = demo_books
    return project, books[request.param]


def html_pages(html_dir: Path) -> list[Path]:
    return sorted(
        p for p in html_dir.glob("*.html") if p.name not in ("genindex.html", "search.html")
    )


def download(html: Path, name: str) -> Path:
    """A demo book's download, by the figure's own file name (published as synthetic)."""
    return html / "_static" / "tabellen" / published_name(name, demo=True)


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def tables_of(page: str) -> dict[str, str]:
    return dict(
        re.findall(r'<table class="olcc-table" id="tabel-([^"]+)">(.*?)</table>', page, re.S)
    )


def cell_texts(table: str, kind: str | None = None) -> list[str]:
    pattern = r'<td class="olcc-([a-z]+)">(.*?)</td>'
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", inner.split('<span class="visually-hidden">')[0]))
        for k, inner in re.findall(pattern, table, re.S)
        if kind is None or k == kind
    ]


def _csv_bound(text: str) -> str:
    """A lower bound as the CSV writes it: ≥ 1.234 → ≥ 1234, ≥ 2% → ≥ 2."""
    return "≥ " + text[2:].replace(".", "").rstrip("%") if text.startswith("≥ ") else text


def is_safe_count(text: str) -> bool:
    if text in ("x", "-", "."):
        return True
    if text.startswith("≥"):  # a lower bound says only "at least": never under the minimum
        return int(text.removeprefix("≥").strip().replace(".", "")) >= MIN_COUNT
    value = int(text.replace(".", ""))
    return value == 0 or (value >= MIN_COUNT and value % BASE == 0)


def test_book_has_every_figure_with_table_and_download(built):
    project, index = built
    html = index.parent
    period = html.parent.name
    intro = text_of(html / "intro.html")
    assert f"In de periode {period} pakte Team Oppakken en Leren van Complexe Casuïstiek" in intro
    assert "In deze periode werden " in intro and " casussen aangemeld." in intro
    for page_name, keys in PAGES.items():
        page = (html / page_name).read_text(encoding="utf-8")
        assert 'lang="nl"' in page
        tables = tables_of(page)
        assert set(tables) == set(keys), page_name
        for key in keys:
            assert f'id="figuur-{key}"' in page
            assert f'href="_static/tabellen/{key}-synthetisch.csv"' in page  # a demo says so
            assert download(html, f"{key}.csv").is_file()
        # A figure none of whose values can be shown says so instead of drawing (2019 regions).
        drawn = page.count('class="olcc-chart"') + page.count('class="olcc-no-chart"')
        assert drawn == len(set(keys) - WITHOUT_CHART), page_name
    # The CBS figures shipped are of 2019 and 2021–2024: a year uses its own where there is
    # one (2019), else the nearest, and the page says which and why (2020).
    funnel_page = text_of(html / "stille_vragen.html")
    assert "Jeugdigen per regio: CBS, Kerncijfers wijken en buurten 20" in funnel_page
    if period == "2019":
        assert "Kerncijfers wijken en buurten 2019 (tabel 84583NED)" in funnel_page
        assert "niet van 2019" not in funnel_page
    if period == "2020":
        assert "De jeugdigen per regio zijn die van 1 januari 2021, niet van 2020" in funnel_page
    for chapter in CHAPTERS:
        assert (html / f"{chapter}.html").is_file(), chapter
    appendix = (html / "bijlagen.html").read_text(encoding="utf-8")
    # Every table once, in the order a reader meets them: chapter by chapter, as on the page.
    in_book = [
        key
        for chapter in CHAPTERS
        for key in tables_of((html / f"{chapter}.html").read_text(encoding="utf-8"))
    ]
    listed = re.findall(r'href="_static/tabellen/([\w-]+)-synthetisch\.csv"', appendix)
    assert listed == in_book
    # Numbered per chapter in book order, the same number on the page, in the appendix and in
    # the table's metadata; a source line under every figure and table.
    chapters = [c for c in CHAPTERS if c != "intro"]
    expected = {}
    for chapter in chapters:
        keys = list(tables_of((html / f"{chapter}.html").read_text(encoding="utf-8")))
        for index, key in enumerate(keys, start=1):
            expected[key] = f"{chapters.index(chapter) + 1}.{index}"
    for chapter in chapters:
        page = (html / f"{chapter}.html").read_text(encoding="utf-8")
        for key in tables_of(page):
            number = expected[key]
            table = re.search(rf'id="tabel-{key}">\s*<caption>(.*?)</caption>', page, re.S)
            assert f"Tabel {number}</span>" in table.group(1), (key, table.group(1))
            assert re.search(
                rf'aria-label="Tabel {re.escape(number)}: [^"]+">\s*<table[^>]*id="tabel-{key}"',
                page,
            )
            if f'id="figuur-{key}"' in page and key not in WITHOUT_CHART:
                caption = re.search(
                    rf'id="figuur-{key}">\s*<figcaption>(.*?)</figcaption>', page, re.S
                )
                assert f"Figuur {number}</span>" in caption.group(1), key
        assert page.count('class="olcc-source">Bron: ') >= len(tables_of(page)), chapter
    appendix_text = text_of(html / "bijlagen.html")
    for key, number in expected.items():
        meta = download(html, f"{key}.meta.csv").read_text("utf-8-sig")
        assert {
            row["table_number"] for row in csv.DictReader(io.StringIO(meta), delimiter=";")
        } == {f"Tabel {number}"}
        assert f"Tabel {number} " in appendix_text
    stille = (html / "stille_vragen.html").read_text(encoding="utf-8")
    assert re.search(r'class="olcc-source">Bron: [^<]*CBS', stille)  # CBS data says so
    # The prose refers to a figure by its key; the book writes its number and links to it.
    assert re.search(
        rf'<a class="reference external" href="stille_vragen.html#figuur-stille-vragen">figuur {expected["stille-vragen"]}</a>',
        stille,
    )
    assert "perioden.js" in (html / "intro.html").read_text(encoding="utf-8")


def test_downloads_metadata_zip_and_colophon(built):
    project, index = built
    html = index.parent
    tables = html / "_static" / "tabellen"
    csvs = sorted(p.name for p in tables.glob("*.csv") if not p.name.endswith(".meta.csv"))
    assert len(csvs) >= 25
    assert all(re.search(r"-synthetisch(\.meta)?\.csv$", p.name) for p in tables.glob("*.csv"))
    with zipfile.ZipFile(tables / "tabellen-synthetisch.zip") as archive:
        names = set(archive.namelist())
        assert {p.name for p in tables.glob("*.csv")} == names
        assert archive.read(csvs[0]) == (tables / csvs[0]).read_bytes()
    for name in csvs:
        data = (tables / name).read_bytes()
        assert data.startswith("\ufeff".encode("utf-8"))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        meta = list(
            csv.DictReader(
                io.StringIO(
                    (tables / name.replace(".csv", ".meta.csv")).read_bytes().decode("utf-8-sig")
                ),
                delimiter=";",
            )
        )
        assert [m["label"] for m in meta] == rows[0], name  # one metadata row per column
        assert {m["status"] for m in meta} == {"definitief"}
        assert all(len(r) == len(rows[0]) for r in rows), name
    aanmelder = list(
        csv.reader(
            io.StringIO(download(html, "aanmelder.csv").read_text("utf-8-sig")), delimiter=";"
        )
    )
    assert aanmelder[-1][0] == "Totaal"
    colophon = text_of(html / "colofon.html")
    params = project.params_file(html.parent.name)
    assert hashlib.sha256(params.read_bytes()).hexdigest() in colophon
    assert "pandas" in colophon and "Python" in colophon
    assert not re.search(r"\b\d{1,2}:\d{2}\b", colophon)  # no clock time


def test_pdf_with_contents_page_numbers_and_charts(built):
    from pypdf import PdfReader

    project, index = built
    html = index.parent
    if not (html / "rapportage.pdf").is_file():
        assert shutil.which("chromium") is None and os.environ.get("CI") != "true", (
            "chromium is installed (or this is CI) but no PDF was made"
        )
        pytest.skip("no chromium: no PDF")
    assert 'href="rapportage.pdf"' in (html / "intro.html").read_text(encoding="utf-8")
    reader = PdfReader(html / "rapportage.pdf")
    assert len(reader.pages) >= 20
    contents = reader.pages[1].extract_text()
    for chapter in (
        "Inhoud",
        "Welke vragen zijn gesteld?",
        "Rode draden door de jaren heen",
        "Verantwoording",
    ):
        assert chapter in contents
    assert len(reader.outline) >= 15  # bookmarks from the headings
    # tagged: the structure Chromium wrote for each part printed apart, kept in one tree
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]
    parts = catalog["/StructTreeRoot"]["/K"]["/K"]
    assert len(parts) >= 15 and all(p.get_object()["/S"] == "/Part" for p in parts)
    # the contents page gives each chapter's page, found by a first print
    colophon = int(re.search(r"Colofon (\d+)", contents).group(1))

    def body(number: int) -> str:  # a page's text without its footer (drawn in its margin)
        text = reader.pages[number - 1].extract_text()
        return "\n".join(x for x in text.splitlines() if " — pagina " not in x).lstrip()

    assert re.match(r"(\d+\. )?Colofon", body(colophon))  # chapters are numbered
    assert colophon >= len(reader.pages) - 2  # the last chapter
    start = int(re.search(r"Welke vragen zijn gesteld\? (\d+)", contents).group(1))
    assert re.match(r"(\d+\. )?Welke vragen zijn gesteld\?", body(start))
    last = reader.pages[-1].extract_text()
    assert f"pagina {len(reader.pages)} van {len(reader.pages)}" in last
    assert "Demonstratie met synthetische gegevens" in last

    # A publication: its title page, its metadata, links a reader can follow, the site's font.
    params = load_params(project.params_file(html.parent.name)).params
    cover = " ".join(reader.pages[0].extract_text().split())
    for text in (params.organisation, params.title, "Periode: " + params.period, "Gepubliceerd op"):
        assert text in cover, (text, cover)
    assert BANNER in cover
    meta = reader.metadata
    assert meta.title == params.title and meta.author == params.organisation
    assert meta["/Keywords"] and params.period in meta["/Keywords"] and meta.subject
    assert meta.creator.startswith("olcc-report ")
    day = params.publication.date
    assert meta["/CreationDate"] == f"D:{day:%Y%m%d}000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/URI" in a.get_object().get("/A", {})
    ]
    assert not [u for u in uris if not re.match(r"(https|mailto):", u)], uris
    internal = [
        a for page in reader.pages for a in page.get("/Annots") or [] if "/Dest" in a.get_object()
    ]
    assert len(internal) >= 15  # the contents and the links between chapters stay in the PDF
    fonts = {
        f.get_object()["/BaseFont"].split("+")[-1]: f.get_object()
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any(name.startswith("SourceSans3") for name in fonts), sorted(fonts)
    for name, font in fonts.items():  # every font embedded (a CID font: in its descendant)
        descriptor = (font.get("/DescendantFonts") or [font])[0].get_object()["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name

    # The charts are printed as drawn (vector paths), on the pages of their figures: the page
    # with the region map draws far more paths than the colophon, which has no chart.
    def page_of(text: str) -> int:
        return next(i for i, p in enumerate(reader.pages) if text in p.extract_text())

    def paths(index: int) -> int:
        data = reader.pages[index].get_contents().get_data()
        return len(re.findall(rb"(?<![\w.])(?:m|l|c|re)(?![\w.])", data))

    # a page of text only: the foreword (the colophon's tables draw their rules as paths)
    text_page = int(re.search(r"Voorwoord (\d+)", contents).group(1)) - 1
    if html.parent.name == "2019":  # every region hidden: no map, a sentence; the provinces draw
        assert "Geen grafiek" in reader.pages[page_of("Casussen per jeugdregio")].extract_text()
        chart_page = page_of("Casussen per provincie")
    else:
        chart_page = page_of("Casussen per jeugdregio")
        assert paths(chart_page) > 500, paths(chart_page)
    assert paths(chart_page) > 20 * max(paths(text_page), 1)
    assert (html / "gegevenswoordenboek.html").is_file()


def test_no_count_under_the_threshold_in_tables_csvs_charts_or_alt_texts(built):
    _, index = built
    html = index.parent
    checked = 0
    for page_path in html_pages(html):
        page = page_path.read_text(encoding="utf-8")
        for key, table in tables_of(page).items():
            counts = cell_texts(table, "count")
            assert all(is_safe_count(t) for t in counts), (key, counts)
            checked += len(counts)
            # The CSV download holds exactly what the table shows.
            csv_text = download(html, f"{key}.csv").read_bytes().decode("utf-8")
            assert csv_text.startswith("\ufeff")
            rows = list(csv.reader(io.StringIO(csv_text[1:]), delimiter=";"))
            shown = [  # the page keeps "≥ 10" on one line (a no-break space), the CSV need not
                c.replace(".", "").rstrip("%") if re.fullmatch(r"\d[\d.]*%?", c) else c
                for c in (_csv_bound(t.replace("\xa0", " ")) for t in cell_texts(table))
            ]
            assert [c for row in rows[1:] for c in row[1:]] == shown, key
        calls = CHART_CALL.findall(page)
        # every chart's data is read (a chart may be drawn in several parts)
        assert len(calls) >= page.count('class="olcc-chart"'), page_path.name
        for _, spec_text in calls:
            spec = json.loads(spec_text.replace("<\\/", "</"))
            for records in spec.get("datasets", {}).values():
                if isinstance(records, dict):  # the region boundaries (TopoJSON)
                    assert records.get("type") == "Topology"
                    continue
                for record in records:
                    assert not RECORD_LEVEL & set(record), record
                    if "aantal" in record and record["aantal"] is not None:
                        assert is_safe_count(str(int(record["aantal"]))), record
                        checked += 1
        for chart_id, label in re.findall(
            r'<div id="grafiek-([^"]+)" class="olcc-chart" role="img" tabindex="0" '
            r'aria-label="([^"]*)"',
            page,
        ):
            table = tables_of(page)[chart_id]
            numbers = description_numbers(html_lib.unescape(label), table)
            # weeks, populations, and the limits of a verdict: what the table shows
            not_counts = set(cell_texts(table, "number")) | {
                n for t in cell_texts(table, "interval") for n in re.findall(r"\d[\d.]*", t)
            }
            assert all(is_safe_count(n) or n in not_counts for n in numbers), (chart_id, numbers)
    assert checked > 100


def description_numbers(description: str, table: str) -> list[str]:
    """The counts a chart's text alternative states: what is left after row labels (each part
    starts with one), column headers and percentages are taken out."""
    headers = [html_lib.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)]
    row_labels = sorted(
        (html_lib.unescape(h) for h in re.findall(r'<th scope="row">(.*?)</th>', table)),
        key=len,
        reverse=True,
    )
    body = description.split(". ", 1)[1]
    numbers = []
    for part in body.rstrip(".").split("; "):
        label = next((r for r in row_labels if part.startswith(r + ":")), None)
        assert label is not None, part
        rest = part[len(label) + 1 :]
        for header in sorted(headers, key=len, reverse=True):
            rest = re.sub(rf"(?<![\w.]){re.escape(header)}(?![\w])", " ", rest)
        rest = re.sub(r"\d+%", " ", rest)
        rest = re.sub(r"\d+,\d+", " ", rest)  # rates and expected values, not counts
        numbers += re.findall(r"\d+(?:\.\d{3})*", rest)
    return numbers


RECORD_LEVEL = {"case_id", "aanmelddatum", "afsluitdatum", "leeftijd", "dag", "days"}


def test_every_page_carries_the_demo_banner(built):
    _, index = built
    for page in html_pages(index.parent):
        if page.name == "index.html":
            continue  # a redirect to intro.html
        text = page.read_text(encoding="utf-8")
        assert BANNER in text, page.name
        assert "Laatste aanpassing" not in text, f"{page.name} shows a build timestamp"


def test_no_case_rows_reach_the_build(built):
    project, _ = built
    # The only dates written as numbers: the publications' own (in every .meta.csv).
    published = set()
    for period in project.periods():
        pub = load_params(project.params_file(period)).params.publication
        days = [pub.date, pub.next_update, *(r.date for r in pub.revisions)]
        published |= {d.isoformat() for d in days if d is not None}
    for path in (project.root / "_build").rglob("*"):
        if path.is_file() and path.suffix in (
            ".html",
            ".ipynb",
            ".js",
            ".md",
            ".json",
            ".txt",
            ".csv",
        ):
            text = path.read_text(encoding="utf-8", errors="ignore")
            for day in published:
                text = text.replace(day, "")
            assert "DEMO-20" not in text, path  # synthetic case ids
            assert not re.search(r"\b\d{2}-\d{2}-20\d\d\b|\b20\d\d-\d{2}-\d{2}\b", text), path


def test_no_planted_identifier_reaches_the_build(built):
    """The demo narratives carry invented names, places, institutions, numbers and dates; none
    may appear anywhere in what the build writes (pages, notebooks, downloads, search index)."""
    project, index = built
    period_dir = index.parent.parent
    # Everything the build writes, except the theme's and vega's own scripts and styles.
    files = [
        p
        for p in period_dir.rglob("*")
        if p.is_file() and ("_static" not in p.parts or "tabellen" in p.parts)
    ]
    assert len(files) > 50
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for identifier in PLANTED:
            assert identifier not in text, (identifier, path)
    page = (index.parent / "kwalitatief.html").read_text(encoding="utf-8")
    approvals = read_approvals(
        project.params_dir / "kwalitatief" / f"citaten-{period_dir.name}.yaml"
    )
    shown = page.count('<blockquote class="olcc-quote">')
    assert 0 < shown <= sum(a.approved for a in approvals)
    assert "[instelling]" in page or "[naam]" in page  # de-identified quotes are what is shown
    # No tag of the de-identification tool, no machine counter: plain Dutch placeholders only.
    tags = re.findall(r"\[([^\]\s]*[A-Z][A-Z_]+[^\]]*)\]", page)
    assert set(tags) <= {"BSN"}, tags


@pytest.mark.parametrize("period", DEMO_PERIODS)
def test_executed_notebooks_equal_the_committed_ones(period, demo_books):
    project, _ = demo_books
    loaded = load_params(project.params_file(period))
    committed = sorted((ROOT / "notebooks" / "executed" / period).glob("*.ipynb"))
    assert [p.name for p in committed] == [t.name for t in project.templates_for(loaded)]
    for path in committed:
        staged = project.root / "_build" / period / "src" / path.name
        assert staged.read_bytes() == path.read_bytes(), (
            f"{period}/{path.name} is stale: run `make notebooks` and commit"
        )


def test_rebuild_is_byte_identical_and_skips_work(built, tmp_path):
    """On a copy of the built project (the shared demo books stay as they are): its keys hold
    where the project moved, so nothing runs again; forced, it gives the same bytes."""
    shared, shared_index = built
    period = shared_index.parent.parent.name
    project = Project(tmp_path / "project")
    shutil.copytree(shared.root, project.root, symlinks=True)
    index = project.root / shared_index.relative_to(shared.root)
    src = project.root / "_build" / period / "src"
    outputs = [*src.rglob("*.ipynb"), *src.rglob("*.csv")]
    if (index.parent / "rapportage.pdf").is_file():
        outputs.append(index.parent / "rapportage.pdf")  # printed again below: the same bytes
    before = {p: p.read_bytes() for p in outputs}
    # Nothing changed: no notebook runs again, no file is rewritten, the PDF is not reprinted.
    stamps = {p: p.stat().st_mtime_ns for p in outputs}
    said: list[str] = []
    build_period(project, period, report=said.append)
    skipped = [s for s in said if s.endswith("unchanged inputs, not re-run")]
    assert len(skipped) == len(list(src.glob("*.ipynb"))), said
    assert not any(s.startswith("executing") for s in said), said
    if (index.parent / "rapportage.pdf").is_file():
        assert "PDF: pages unchanged, not printed again" in said
    assert {p: p.stat().st_mtime_ns for p in outputs} == stamps
    # Forced re-execution gives the same bytes.
    shutil.rmtree(project.root / "_build" / period / ".cache")
    said.clear()
    build_period(project, period, report=said.append)
    assert any(s.startswith("executing") for s in said), said
    # Named, not diffed: a byte diff of a PDF takes pytest longer than a CI run lasts.
    changed = sorted(
        str(p.relative_to(project.root)) for p in outputs if p.read_bytes() != before[p]
    )
    assert not changed, changed
    pdf = index.parent / "rapportage.pdf"
    if period != "2020" or not pdf.is_file():
        return
    # An edited narrative page reprints only its chapter, and the PDF is the one a print of
    # every chapter gives.
    page = project.book_dir / period / "voorwoord.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nEen zin die er eerst niet stond.\n", encoding="utf-8"
    )
    said.clear()
    build_period(project, period, report=said.append)
    assert "printing the PDF: 1 of" in "\n".join(said), said
    edited = pdf.read_bytes()
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Een zin die er eerst niet stond." in text
    shutil.rmtree(project.root / "_build" / period / ".cache" / "pdf")
    (project.root / "_build" / period / ".cache" / "pdf.sha256").unlink()
    said.clear()
    build_period(project, period, report=said.append)
    assert not [s for s in said if s.startswith("printing the PDF: 1 of")], said
    same = pdf.read_bytes() == edited  # a bool: pytest would diff the bytes
    assert same, "the PDF printed in one go differs from the one the edit printed"


def test_committed_periods_are_the_demo_periods():
    demo = sorted(
        p
        for p in Project(ROOT).periods()
        if load_params(Project(ROOT).params_file(p)).params.is_demo
    )
    committed = sorted(p.name for p in (ROOT / "notebooks" / "executed").iterdir() if p.is_dir())
    assert committed == demo


def test_notebooks_show_the_chapter_figures_in_order():
    """Each committed notebook shows exactly its chapter's figures (records.contents); a figure
    of a field the period does not register has no table, and says so."""
    for notebook in sorted((ROOT / "notebooks" / "executed").glob("*/*.ipynb")):
        params = load_params(ROOT / "params" / f"{notebook.parent.name}.yaml").params
        _, tables = notebook_tables(notebook)
        keys = [t["filename"].removesuffix(".csv") for t in tables]
        theme = contents.THEME_TABLE_PREFIX
        shown = [k for k in keys if not k.startswith(theme) or k in KWALITATIEF]
        figures = [
            k
            for k in contents.chapter_tables(notebook.stem)
            if k in shown or not contents.table(k).optional
        ]
        unregistered = [
            k for k in figures if set(contents.table(k).fields) & set(params.data.not_registered)
        ]
        assert shown == [k for k in figures if k not in unregistered], notebook
        text = notebook.read_text(encoding="utf-8")
        for key in unregistered:
            assert f'olcc-not-registered\\" id=\\"figuur-{key}' in text, (notebook, key)


def test_broken_export_builds_nothing(tmp_path, project_copy):
    bad = raw_export([{"case_id": "A"}, {"case_id": "A", "leeftijd": "40"}])
    bad.to_csv(project_copy / "params" / "export.csv", sep=";", index=False)
    (project_copy / "params" / "2022.yaml").write_text(
        'period: "2022"\ntitle: T\ndata:\n  cases: export.csv\n', encoding="utf-8"
    )
    with pytest.raises(ExportInvalid):
        build_period(Project(project_copy), "2022")
    assert not (project_copy / "_build" / "2022").exists()
    result = CliRunner().invoke(app, ["build", "--period", "2022", "--project", str(project_copy)])
    assert result.exit_code == 1
    assert "row 3" in result.output and "nothing was built" in result.output


def test_hand_edited_quote_stops_the_build(project_copy):
    """An approved text that is not what de-identification gives (here: a name typed back in)."""
    path = project_copy / "params" / "kwalitatief" / "citaten-2019.yaml"
    approvals = read_approvals(path)
    first = next(a for a in approvals if a.approved)
    write_approvals(
        path,
        [
            replace(a, text="Fleur de Vries zei het zelf.") if a.id == first.id else a
            for a in approvals
        ],
    )
    with pytest.raises(BuildError, match="approved quote"):
        build_period(Project(project_copy), "2019")
    assert not (project_copy / "_build" / "2019" / "html").exists()


# Read from the files directly (not with the build's own scanner): what pandas, Python and
# JavaScript print for a missing number, and a statistical table's cell left empty.
NAN_WORDS = re.compile(r"(?<![\w.])-?(?:nan|NaN|None|inf|Infinity)(?![\w-])")
EMPTY_CELL = re.compile(r'<td class="olcc-[a-z]+">\s*</td>')


def nan_like_in(html_dir: Path) -> list[tuple[str, str]]:
    found = []
    pages = sorted(html_dir.glob("*.html"))
    tables = sorted((html_dir / "_static" / "tabellen").glob("*.csv"))
    assert pages and tables
    for path in (*pages, *tables):
        text = path.read_text(encoding="utf-8")
        for match in (*NAN_WORDS.finditer(text), *EMPTY_CELL.finditer(text)):
            found.append((path.name, text[max(0, match.start() - 60) : match.end() + 20]))
        if path.suffix == ".csv" and not path.name.endswith(".meta.csv"):
            for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), 1):
                found += [(path.name, f"row {number} empty") for c in row[1:] if not c.strip()]
    return found


def test_no_nan_like_text_in_any_page_chart_or_csv(built):
    _, index = built
    assert nan_like_in(index.parent) == []
    # 2019 hides every region: its figure says so in a sentence instead of an empty map.
    page = (index.parent / "welke_vragen.html").read_text(encoding="utf-8")
    figure = page.split('id="figuur-jeugdregio"')[1].split("</figure>")[0]
    assert ('class="olcc-no-chart"' in figure) == (index.parent.parent.name == "2019")
    assert ('class="olcc-chart"' in figure) != (index.parent.parent.name == "2019")


@pytest.mark.parametrize("period", [p for p in DEMO_PERIODS if p not in WITH_PDF])
def test_no_nan_like_text_in_the_other_periods(period, demo_books):
    """The periods built HTML only (the PDF is tested above)."""
    index = demo_books[1][period]
    assert nan_like_in(index.parent) == []
    assert not (index.parent / "rapportage.pdf").exists()
    # and no link to a PDF that is not there
    assert "rapportage.pdf" not in (index.parent / "intro.html").read_text(encoding="utf-8")


def test_a_missing_value_in_a_page_stops_the_build(project_copy):
    intro = project_copy / "book" / "intro.md"
    intro.write_text(
        intro.read_text(encoding="utf-8") + "\n\nGemiddeld NaN casussen per maand.\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as raised:
        build_period(Project(project_copy), "2021-Q1", pdf=False)
    assert "intro.html, line " in str(raised.value) and "“NaN” in the text" in str(raised.value)
    assert not (project_copy / "_build" / "2021-Q1" / "html").exists()


# The previous period of the same kind among the demo periods (by their names).
PREVIOUS = {"2020": "2019", "2021": "2020", "2022-Q1": "2021-Q1"}


@pytest.mark.parametrize("period", DEMO_PERIODS)
def test_front_page_tiles_show_numbers_of_the_book_with_their_change(demo_books, period):
    _, books = demo_books
    html = books[period].parent
    intro = (html / "intro.html").read_text(encoding="utf-8")
    tiles = re.findall(r'<li class="olcc-tile">(.*?)</li>', intro, re.S)
    assert 4 <= len(tiles) <= 6, len(tiles)
    rest = " ".join(text_of(p) for p in html_pages(html) if p.name != "intro.html")
    for tile in tiles:
        value = html_lib.unescape(re.search(r'olcc-tile-value">([^<]+)<', tile).group(1))
        # no tile shows a number (or names a category) the book does not show elsewhere
        for part in re.split(r", | en ", re.sub(r" weken$", "", value)):
            assert part.lower() in rest.lower(), (period, value)
        changes = re.findall(r'olcc-tile-change">([^<]+)<', tile)
        if period in PREVIOUS:
            assert changes, (period, tile)
        else:
            assert not changes, (period, tile)
    if period in PREVIOUS:
        # registered cases: the change is the difference of both books' published numbers
        def registered(book: Path) -> int:
            page = (book.parent / "intro.html").read_text(encoding="utf-8")
            return int(re.search(r'olcc-tile-value">([\d.]+)<', page).group(1).replace(".", ""))

        now, earlier = registered(books[period]), registered(books[PREVIOUS[period]])
        change = re.search(r'olcc-tile-change">([^<]+)<', tiles[0]).group(1)
        if now == earlier:
            assert change.startswith("gelijk"), change
        else:
            sign = "+" if now > earlier else "−"
            assert change.startswith(f"{sign}{abs(now - earlier)} ") and f"({earlier})" in change
