"""One PDF per period: the book's chapters printed by headless Chromium, merged by pypdf.

Each chapter's article content is taken from the built HTML and printed on its own, with the
print styles (a page ``afdruk-N.html`` next to the book's pages, so every relative link and
script still works; removed after printing). A chapter's PDF is kept by the hash of its print
page, so an edit reprints only its chapter. Then a title page (publisher, title, period, dates,
status, the demo notice) and the contents with the pages pypdf counted, the merge in
table-of-contents order with the outline (bookmarks) from the headings, and one page-number line
over every page. Chromium draws the vega charts as SVG, so the PDF has the same charts as the
site, static, in the book's typeface. Links go where a reader of the PDF can follow them
(:func:`print_links`), and :func:`finish_pdf` sets the metadata, the dates and the ID, so the
same book gives the same bytes. Needs Debian's ``chromium`` (playwright drives it; never
``playwright install``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

import yaml

from olcc_report.book.publication import dates_lines
from olcc_report.intake.params import Params
from olcc_report.records.vocabulary import DEMO_NOTICE, is_calendar_year

PDF_NAME = "rapportage.pdf"
PRINT_PAGE = "afdruk.html"
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_HEAD_ASSETS = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*>|<script src="_static/(?:vega-bundle)[^"]*"></script>'
)
_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { background: #fff; font-size: 10.5pt; }
.olcc-print-cover { break-after: page; padding-top: 22vh; }
.olcc-print-cover .olcc-print-publisher { font-size: 1.1rem; font-weight: 600; }
.olcc-print-cover h1 { font-size: 2.2rem; margin: 1rem 0; }
.olcc-print-cover .olcc-print-subtitle { font-size: 1.15rem; }
.olcc-print-cover ul { list-style: none; padding: 0; margin: 2rem 0; }
.olcc-print-notice { border: 2px solid #8a5300; padding: 0.6rem 0.8rem; font-weight: 600; }
.olcc-print-toc li { margin: 0.2rem 0; display: flex; }
.olcc-print-toc li a { flex: 1; border-bottom: 1px dotted #888; }
.olcc-print-page { padding-left: 0.5rem; }
.olcc-chart { overflow: visible !important; }
.olcc-chart svg { max-width: 100%; height: auto; }
.olcc-table-wrapper { overflow: visible !important; }
/* A long table breaks across pages, its header row repeated; a figure stays with its caption. */
table { break-inside: auto; }
thead { display: table-header-group; }
tr, figure, blockquote, .admonition { break-inside: avoid; }
h1, h2, h3, h4, figcaption, caption { break-after: avoid; }
.olcc-periods, .olcc-download, .olcc-pdf-link, .olcc-scroll-hint, .headerlink,
.visually-hidden { display: none !important; }
a { color: #1a1a1a; }
"""


@dataclass(frozen=True)
class Cover:
    """What the title page and the document's metadata say."""

    publisher: str
    title: str
    subtitle: str
    period: str
    facts: tuple[str, ...]  # dates and status, one line each
    notice: str  # the demo notice, or ""
    keywords: tuple[str, ...]
    url: str | None  # where the period's book is published
    created: dt.date | None
    modified: dt.date | None

    @classmethod
    def of(cls, params: Params) -> Cover:
        pub = params.publication
        return cls(
            publisher=params.publisher,
            title=params.title,
            subtitle=params.subtitle or "",
            period=params.period_label,
            facts=tuple(dates_lines(params)),
            notice=DEMO_NOTICE if params.is_demo else "",
            keywords=(
                "jeugdhulp",
                "complexe casuïstiek",
                "OLCC",
                "jaarrapportage" if is_calendar_year(params.period) else "kwartaalmonitor",
                params.period,
            ),
            url=pub.url,
            created=pub.date,
            modified=pub.revised or pub.date,
        )

    @property
    def footer(self) -> str:
        return self.notice or self.publisher


# Headless Chromium as root, kept from calling out (background updates, sync, first-run pages).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chapter_order(src: Path) -> list[str]:
    toc = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def _footer_css(text: str) -> str:
    """Page numbers in the page's own margin (drawn with the book's typeface, which a
    Chromium footer template cannot load)."""
    quoted = "".join(c if c.isalnum() or c in " —-,.()" else f"\\{ord(c):x} " for c in text)
    return (
        '@page { @bottom-center { content: "' + quoted + ' — pagina " counter(page) " van " '
        "counter(pages); font-family: 'Source Sans 3', sans-serif; font-size: 8pt; color: #333; } }"
    )


# A link to another chapter, printed on its own: after the merge it goes to that chapter's
# first page (:func:`_resolve_chapter_links`). The reserved .invalid domain never resolves.
CHAPTER_LINK = "https://hoofdstuk.olcc-afdruk.invalid/"


def print_links(body: str, current: str, chapters: set[str], url: str | None) -> str:
    """Links a reader of the PDF can follow: a place in the same chapter stays an anchor, a
    page of the book (``chapters``) becomes a link to that chapter inside the PDF, anything
    else of the book (a CSV, the zip) an address on the published site (``url``) or, without
    one, its file name as text. Never a path of the machine that printed it."""

    def link(match: re.Match) -> str:
        before, href, after, text = match.groups()
        target = html.unescape(href)
        if target.startswith("#") or _SCHEME.match(target):
            return match.group(0)
        page, _, fragment = target.partition("#")
        name = page.removesuffix(".html")
        if page.endswith(".html") and name in chapters:
            if name == current and fragment:
                return f'<a{before} href="#{html.escape(fragment)}"{after}>{text}</a>'
            return f'<a{before} href="{CHAPTER_LINK}{html.escape(name)}"{after}>{text}</a>'
        if url:
            address = urljoin(url if url.endswith("/") else url + "/", target)
            return f'<a{before} href="{html.escape(address)}"{after}>{text}</a>'
        return f'<span class="olcc-print-file">{text}</span>'

    return _LINK.sub(link, body)


def _print_document(title: str, head_assets: str, css: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="icon" href="_static/favicon.svg">\n'
        f"{head_assets}\n<style>{PRINT_CSS}{css}</style>\n</head>\n"
        '<body>\n<main class="bd-main"><div class="bd-content"><div class="bd-article-container">\n'
        f"{body}\n</div></div></main>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class PrintedChapter:
    """One chapter as printed on its own: its name, its title and its print page."""

    name: str
    label: str
    page: str


_CACHE_QUERY = re.compile(r'\?v=[0-9a-f]+(?=")')
_ASSET = re.compile(r'(?:href|src)="(_static/[^"?]+)')


def book_assets(html_dir: Path, chapters: list[str]) -> tuple[str, bytes]:
    """The stylesheets and the chart library the print pages load (from the first chapter's
    head), and the bytes of those files. Without Sphinx's ``?v=`` checksums: a page written
    by a full build lacks some that an incremental one writes, and a print page must not
    change with them (the files' own bytes key the print instead)."""
    first = (html_dir / f"{chapters[0]}.html").read_text(encoding="utf-8")
    assets = _CACHE_QUERY.sub("", "\n".join(_HEAD_ASSETS.findall(first)))
    files = sorted(set(_ASSET.findall(assets)))
    return assets, b"".join(name.encode() + (html_dir / name).read_bytes() for name in files)


def chapter_prints(html_dir: Path, chapters: list[str], cover: Cover) -> list[PrintedChapter]:
    """Every chapter's print page: its article content with print styles and without the
    page numbers (drawn over the merged PDF)."""
    head_assets, _ = book_assets(html_dir, chapters)
    articles = {}
    for name in chapters:
        match = _ARTICLE.search((html_dir / f"{name}.html").read_text(encoding="utf-8"))
        if match is not None:
            articles[name] = match.group(1)
    prints = []
    for name, article in articles.items():
        body = print_links(article, name, set(articles), cover.url)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        label = (
            re.sub(r"<[^>]+>", "", heading.group(1)).replace("#", "").strip() if heading else name
        )
        section = f'<section class="olcc-print-part">{body}</section>'
        # the chart library only where there are charts to draw (it takes the longest to load)
        assets = head_assets if 'class="olcc-chart' in body else _without_scripts(head_assets)
        prints.append(
            PrintedChapter(name, label, _print_document(cover.title, assets, "", section))
        )
    return prints


def _without_scripts(head_assets: str) -> str:
    return re.sub(r"<script\b[^>]*></script>", "", head_assets)


def front_print(cover: Cover, head_assets: str, contents: list[tuple[str, str, int]]) -> str:
    """The title page and the contents (label, chapter name, first page)."""
    toc = "".join(
        f'<li><a href="{CHAPTER_LINK}{html.escape(name)}">{html.escape(label)}</a>'
        f'<span class="olcc-print-page">{page}</span></li>'
        for label, name, page in contents
    )
    facts = "".join(
        f"<li>{html.escape(line)}</li>" for line in (f"Periode: {cover.period}", *cover.facts)
    )
    notice = f'<p class="olcc-print-notice">{html.escape(cover.notice)}</p>' if cover.notice else ""
    subtitle = (
        f'<p class="olcc-print-subtitle">{html.escape(cover.subtitle)}</p>'
        if cover.subtitle
        else ""
    )
    body = (
        f'<section class="olcc-print-cover"><p class="olcc-print-publisher">'
        f"{html.escape(cover.publisher)}</p><h1>{html.escape(cover.title)}</h1>{subtitle}"
        f"<ul>{facts}</ul>{notice}</section>\n"
        '<section class="olcc-print-part"><h1>Inhoud</h1><ol class="olcc-print-toc">'
        f"{toc}</ol></section>"
    )
    return _print_document(cover.title, _without_scripts(head_assets), "", body)


def footer_print(cover: Cover, head_assets: str, pages: int) -> str:
    """``pages`` empty pages that carry only the page-number line in their margin, laid over
    the merged PDF's pages (one numbering for parts printed apart)."""
    body = '<div class="olcc-print-blank"></div>' * pages
    css = (
        "html, body { background: none !important; }"
        ".olcc-print-blank { break-after: page; height: 1px; }" + _footer_css(cover.footer)
    )
    return _print_document(cover.title, _without_scripts(head_assets), css, body)


@dataclass(frozen=True)
class _Job:
    page: str  # the print page's HTML
    target: Path  # where its PDF goes
    background: bool = True  # False for the page numbers, laid over the printed pages


class _Printer:
    """One headless Chromium for every print of a book: pages are printed two at a time
    (each waits for its charts and fonts). A print page sits next to the book's pages, so
    every relative link works, and is removed afterwards."""

    def __init__(self, chrome, html_dir: Path) -> None:
        import asyncio

        self.chrome, self.html_dir = chrome, html_dir
        self.slots = asyncio.Semaphore(2)
        self.printed = 0

    async def print(self, jobs: list[_Job]) -> None:
        import asyncio

        await asyncio.gather(*(self._one(job) for job in jobs))

    async def _one(self, job: _Job) -> None:
        async with self.slots:
            self.printed += 1
            source = self.html_dir / f"{PRINT_PAGE.removesuffix('.html')}-{self.printed}.html"
            source.write_text(job.page, encoding="utf-8")
            try:
                page = await self.chrome.new_page()
                await page.goto(source.as_uri(), wait_until="load")
                if await page.locator(".olcc-chart").count():
                    await page.wait_for_function(
                        "() => Array.from(document.querySelectorAll('.olcc-chart'))"
                        ".every(c => c.querySelector('svg, canvas'))",
                        timeout=60_000,
                    )
                await page.evaluate("() => document.fonts.ready.then(() => true)")
                await page.pdf(
                    path=str(job.target),
                    format="A4",
                    print_background=job.background,
                    prefer_css_page_size=True,
                    outline=True,
                    tagged=True,
                )
                await page.close()
            finally:
                source.unlink(missing_ok=True)


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def write_pdf(
    html_dir: Path,
    src: Path,
    cover: Cover,
    browser: str,
    cache: Path,
    salt: bytes = b"",
    report: Callable[[str], None] = lambda _: None,
) -> Path:
    """Print the period's book to ``html_dir / rapportage.pdf``. Each chapter is printed on
    its own and kept in ``cache`` by the hash of its print page, so an edit reprints only
    its chapter (``salt``: what else the print depends on, e.g. the package and the browser);
    the chapters print two at a time. Then the title page and the contents (with the pages
    pypdf counted), the merge (outline from the headings, links between chapters), the page
    numbers over every page, and the document's metadata, dates and ID (:func:`finish_pdf`)."""
    import asyncio

    return asyncio.run(_write_pdf(html_dir, src, cover, browser, cache, salt, report))


async def _write_pdf(
    html_dir: Path, src: Path, cover: Cover, browser: str, cache: Path, salt: bytes, report
) -> Path:
    from playwright.async_api import async_playwright
    from pypdf import PdfReader, PdfWriter

    chapters = chapter_order(src)
    prints = chapter_prints(html_dir, chapters, cover)
    head_assets, asset_bytes = book_assets(html_dir, chapters)
    salt += hashlib.sha256(asset_bytes).digest()  # a changed stylesheet reprints every chapter
    cache.mkdir(parents=True, exist_ok=True)
    parts = {
        c.name: cache / f"{c.name}-{hashlib.sha256(salt + c.page.encode()).hexdigest()[:20]}.pdf"
        for c in prints
    }
    for stale in set(cache.glob("*.pdf")) - set(parts.values()):
        stale.unlink()
    async with async_playwright() as p:
        chrome = await p.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
        printer = _Printer(chrome, html_dir)
        changed = [_Job(c.page, parts[c.name]) for c in prints if not parts[c.name].is_file()]
        report(f"printing the PDF: {len(changed)} of {len(prints)} chapters changed")
        await printer.print(changed)
        counts = {name: _page_count(path) for name, path in parts.items()}
        front = cache / "voorwerk.pdf"
        front_pages = 2  # the title page and one page of contents, unless the print says more
        for _ in range(2):
            first, contents = front_pages + 1, []
            for c in prints:
                contents.append((c.label, c.name, first))
                first += counts[c.name]
            await printer.print([_Job(front_print(cover, head_assets, contents), front)])
            if _page_count(front) == front_pages:
                break
            front_pages = _page_count(front)
        writer = PdfWriter()
        readers = [(PdfReader(front), 0)]
        writer.append(readers[0][0], import_outline=True)
        starts = {}
        for c in prints:
            starts[c.name] = len(writer.pages)
            readers.append((PdfReader(parts[c.name]), len(writer.pages)))
            writer.append(readers[-1][0], import_outline=True)
        footer = cache / "paginanummers.pdf"
        numbers = footer_print(cover, head_assets, len(writer.pages))
        await printer.print([_Job(numbers, footer, background=False)])
        await chrome.close()
    for page, numbers in zip(writer.pages, PdfReader(footer).pages, strict=True):
        _stamp(writer, page, numbers)
    _resolve_chapter_links(writer, starts)
    _merge_structure(writer, readers)
    target = html_dir / PDF_NAME
    target.write_bytes(finish_pdf(writer, cover))
    return target


def _number_tree(node) -> list:
    """The (key, value) pairs of a PDF number tree, in order."""
    node = node.get_object()
    pairs = list(node.get("/Nums") or [])
    for kid in node.get("/Kids") or []:
        pairs += _number_tree(kid)
    return pairs


def _merge_structure(writer, readers: list) -> None:
    """Keep the PDF tagged: pypdf's merge copies the pages but not the structure tree that
    Chromium wrote for each part (headings, paragraphs, tables, figures with their text
    alternatives). Each part's tree becomes a ``Part`` of one ``Document``; the keys by which
    the pages and links point into the tree are moved past the parts before them.
    ``readers``: each part's reader and the index of its first page in ``writer``."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    document = writer._add_object(DictionaryObject())
    root = writer._add_object(DictionaryObject())
    parts, nums, offset = ArrayObject(), ArrayObject(), 0
    for reader, first in readers:
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            continue
        tree = tree.get_object()
        # The structure points at pages and links: at the merged ones, not at new copies.
        same = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        for index, page in enumerate(reader.pages):
            merged = writer.pages[first + index]
            same[page.indirect_reference.idnum] = merged.indirect_reference.idnum
            own, copied = page.get("/Annots") or [], merged.get("/Annots") or []
            for annotation, copy in zip(own, copied, strict=len(own) == len(copied)):
                same[annotation.idnum] = copy.idnum
        top = tree.raw_get("/K")
        for ref in list(top.get_object()) if isinstance(top.get_object(), ArrayObject) else [top]:
            ref.get_object()[NameObject("/P")] = NullObject()  # not the part's old root
            clone = ref.clone(writer)
            element = clone.get_object()
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
            element[NameObject("/P")] = document
            parts.append(clone)
        pairs = _number_tree(tree["/ParentTree"])
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            nums += [NumberObject(key + offset), value.clone(writer)]
        _shift_keys(writer, reader, first, offset)
        offset += int(tree.get("/ParentTreeNextKey", 0))
    document.get_object().update(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/Lang"): TextStringObject("nl"),
            NameObject("/P"): root,
            NameObject("/K"): parts,
        }
    )
    ids = ArrayObject()
    for number, part in enumerate(parts):
        for name, element in _renamed_ids(part.get_object(), f"deel{number:02d}"):
            ids += [TextStringObject(name), element]
    root.get_object().update(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/IDTree"): writer._add_object(
                DictionaryObject({NameObject("/Names"): ids})
            ),
            NameObject("/K"): document,
            NameObject("/ParentTree"): writer._add_object(
                DictionaryObject({NameObject("/Nums"): nums})
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(offset),
        }
    )
    writer._root_object[NameObject("/StructTreeRoot")] = root
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )


def _shift_keys(writer, reader, first: int, offset: int) -> None:
    """The keys by which one part's pages (pypdf drops them) and links point into the parent
    tree, moved past the parts before it."""
    from pypdf.generic import NameObject, NumberObject

    for index, page in enumerate(reader.pages):
        merged = writer.pages[first + index]
        if "/StructParents" in page:
            merged[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
        for annotation in merged.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    annotation["/StructParent"] + offset
                )


def _elements(element) -> list:
    """A structure element and every element below it, depth first, as (reference, element)."""
    found, stack = [], [element]
    while stack:
        ref = stack.pop()
        item = ref.get_object()
        if not hasattr(item, "get") or "/S" not in item:
            continue  # marked content or an object reference, not an element
        found.append((ref, item))
        kids = item.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        children = list(kids) if isinstance(kids, list) else [item.raw_get("/K")]
        stack += reversed(children)
    return found


def _renamed_ids(part, prefix: str) -> list:
    """Give the elements of one part IDs in document order (Chromium numbers them by the
    page's nodes, which differ from print to print, and the parts would share them), and
    point the table cells' ``/Headers`` at the new IDs. Returns (ID, element) pairs, sorted
    by ID as a name tree wants them."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    elements = _elements(part)
    names = {}
    for _, item in elements:
        if "/ID" in item:
            new = names[str(item["/ID"])] = f"{prefix}-{len(names) + 1:05d}"
            item[NameObject("/ID")] = TextStringObject(new)
    for _, item in elements:
        attributes = item.get("/A")
        if attributes is None:
            continue
        attributes = attributes.get_object()
        for attribute in attributes if isinstance(attributes, list) else [attributes]:
            attribute = attribute.get_object()
            if "/Headers" in attribute:
                attribute[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(names.get(str(h), str(h))) for h in attribute["/Headers"]
                )
    refs = [(str(item["/ID"]), ref) for ref, item in elements if "/ID" in item]
    return sorted(refs)


def _resolve_chapter_links(writer, starts: dict[str, int]) -> None:
    """Turn every link to another chapter (:data:`CHAPTER_LINK`) into a link to the page
    where that chapter starts."""
    from pypdf.generic import ArrayObject, NameObject

    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            uri = str((annotation.get("/A") or {}).get("/URI", ""))
            if not uri.startswith(CHAPTER_LINK):
                continue
            name = uri.removeprefix(CHAPTER_LINK).partition("#")[0]
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject(
                [writer.pages[starts[name]].indirect_reference, NameObject("/Fit")]
            )


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def finish_pdf(writer, cover: Cover) -> bytes:
    """The merged PDF as a publication: title, author (the publisher), subject, keywords,
    language ``nl`` and creator "olcc-report <version>"; creation and modification dates from
    the publication (none without one) instead of the clock; and a document ID from the
    content (written once with a blank ID, which is then replaced by the hash of those bytes),
    so the same book gives the same bytes."""
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    metadata = {
        "/Title": cover.title,
        "/Author": cover.publisher,
        "/Subject": f"{cover.title}, {cover.period}"
        + (f" — {cover.notice}" if cover.notice else ""),
        "/Keywords": ", ".join(cover.keywords),
        "/Creator": f"olcc-report {version('olcc-report')}",
        "/Producer": f"Chromium (Skia/PDF), pypdf {version('pypdf')}",
    }
    if cover.created is not None:
        metadata["/CreationDate"] = _pdf_date(cover.created)
        metadata["/ModDate"] = _pdf_date(cover.modified or cover.created)
    writer.metadata = metadata
    writer._root_object[NameObject("/Lang")] = TextStringObject("nl")
    blank = bytes(16)
    writer._ID = ArrayObject([ByteStringObject(blank), ByteStringObject(blank)])
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    body, trailer = data.rsplit(b"trailer", 1)
    identity = hashlib.sha256(data).hexdigest()[:32].encode()
    return body + b"trailer" + trailer.replace(f"<{blank.hex()}>".encode(), b"<" + identity + b">")


def _stamp(writer, page, stamp, name: str = "/OlccPaginanummer") -> None:
    """Draw ``stamp`` (a page of another PDF) over ``page`` as a form XObject, without
    parsing the page's own content (pypdf's ``merge_page`` parses both): the page's content
    is wrapped in q/Q so whatever state it leaves cannot move the stamp."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes, **entries):
        obj = DecodedStreamObject()
        obj.set_data(data)
        obj.update({NameObject(k): v for k, v in entries.items()})
        return writer._add_object(obj)

    form = stream(
        stamp.get_contents().get_data(),
        **{
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Form"),
            "/BBox": ArrayObject(stamp.mediabox),
            "/Resources": stamp["/Resources"].get_object().clone(writer),
        },
    )
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = form
    contents = page.get("/Contents")  # a page has one stream or an array of them
    own = (
        list(contents.get_object())
        if isinstance(contents.get_object(), ArrayObject)
        else [contents]
    )
    page[NameObject("/Contents")] = ArrayObject(
        [
            stream(b"q\n"),
            *own,
            # the page number is a pagination artifact, outside the structure tree
            stream(f"\nQ\n/Artifact <</Type /Pagination>> BDC q {name} Do Q EMC\n".encode()),
        ]
    )
