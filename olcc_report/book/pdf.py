"""One PDF per period: the book's chapters on one print-styled page, printed by headless Chromium.

The chapters' article content is taken from the built HTML in table-of-contents order and put on
``afdruk.html`` (next to the book's pages, so every relative link and script still works; removed
after printing), with a title page (publisher, title, period, dates, status, the demo notice) and
a table of contents. Chromium draws the vega charts as SVG, so the PDF has the same charts as the
site, static, in the book's typeface; the page margin carries the page numbers and the PDF an
outline (bookmarks) from the headings. Links go where a reader of the PDF can follow them
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
_FOOTER_LINE = re.compile(r"— pagina \d+ van \d+\s*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { background: #fff; font-size: 10.5pt; }
.olcc-print-chapter { break-before: page; }
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


def print_links(body: str, anchors: dict[str, str], url: str | None) -> str:
    """Links a reader of the PDF can follow: a page of the book becomes a link inside the PDF
    (``anchors``: page name → its chapter's anchor), anything else of the book (a CSV, the
    zip) an address on the published site (``url``) or, without one, its file name as text.
    Never a path of the machine that printed it."""

    def link(match: re.Match) -> str:
        before, href, after, text = match.groups()
        target = html.unescape(href)
        if target.startswith("#") or _SCHEME.match(target):
            return match.group(0)
        page, _, fragment = target.partition("#")
        name = page.removesuffix(".html")
        if page.endswith(".html") and name in anchors:
            return f'<a{before} href="#{html.escape(fragment or anchors[name])}"{after}>{text}</a>'
        if url:
            address = urljoin(url if url.endswith("/") else url + "/", target)
            return f'<a{before} href="{html.escape(address)}"{after}>{text}</a>'
        return f'<span class="olcc-print-file">{text}</span>'

    return _LINK.sub(link, body)


def print_page(
    html_dir: Path,
    chapters: list[str],
    cover: Cover,
    page_numbers: dict[str, int] | None = None,
) -> str:
    """The whole book on one page, for printing: the title page, the contents (with the
    chapters' page numbers once a first print has found them) and every chapter."""
    first = (html_dir / f"{chapters[0]}.html").read_text(encoding="utf-8")
    head_assets = "\n".join(_HEAD_ASSETS.findall(first))
    anchors = {name: f"hoofdstuk-{number}" for number, name in enumerate(chapters)}
    bodies, toc = [], []
    for name in chapters:
        page = (html_dir / f"{name}.html").read_text(encoding="utf-8")
        match = _ARTICLE.search(page)
        if match is None:
            continue
        body = print_links(match.group(1), anchors, cover.url)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        label = (
            re.sub(r"<[^>]+>", "", heading.group(1)).replace("#", "").strip() if heading else name
        )
        anchor = anchors[name]
        at = (page_numbers or {}).get(label)
        where = f'<span class="olcc-print-page">{at}</span>' if at else ""
        toc.append(f'<li><a href="#{anchor}">{html.escape(label)}</a>{where}</li>')
        bodies.append(f'<section class="olcc-print-chapter" id="{anchor}">{body}</section>')
    facts = "".join(
        f"<li>{html.escape(line)}</li>" for line in (f"Periode: {cover.period}", *cover.facts)
    )
    notice = f'<p class="olcc-print-notice">{html.escape(cover.notice)}</p>' if cover.notice else ""
    subtitle = (
        f'<p class="olcc-print-subtitle">{html.escape(cover.subtitle)}</p>'
        if cover.subtitle
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(cover.title)}</title>\n"
        '<link rel="icon" href="_static/favicon.svg">\n'
        f"{head_assets}\n<style>{PRINT_CSS}{_footer_css(cover.footer)}</style>\n</head>\n"
        '<body>\n<main class="bd-main"><div class="bd-content"><div class="bd-article-container">\n'
        f'<section class="olcc-print-cover"><p class="olcc-print-publisher">'
        f"{html.escape(cover.publisher)}</p><h1>{html.escape(cover.title)}</h1>{subtitle}"
        f"<ul>{facts}</ul>{notice}</section>\n"
        '<section class="olcc-print-chapter"><h1>Inhoud</h1><ol class="olcc-print-toc">'
        f"{''.join(toc)}</ol></section>\n{''.join(bodies)}\n"
        "</div></div></main>\n</body>\n</html>\n"
    )


def chapter_pages(pdf: Path, labels: list[str]) -> dict[str, int]:
    """The page each chapter starts on: chapters start on a new page with their title first."""
    from pypdf import PdfReader

    found: dict[str, int] = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        lines = [x for x in page.extract_text().splitlines() if not _FOOTER_LINE.search(x)]
        text = " ".join(" ".join(lines).split())
        for label in labels:
            if label not in found and number > 2 and text.startswith(" ".join(label.split())):
                found[label] = number
    return found


def write_pdf(html_dir: Path, src: Path, cover: Cover, browser: str) -> Path:
    """Print the period's book to ``html_dir / rapportage.pdf``: a first print finds the page of
    each chapter, the second prints the contents with those page numbers; then the document's
    metadata, dates and ID are set (:func:`finish_pdf`)."""
    from playwright.sync_api import sync_playwright

    chapters = chapter_order(src)
    page_path = html_dir / PRINT_PAGE
    target = html_dir / PDF_NAME
    with sync_playwright() as p:
        chrome = p.chromium.launch(
            executable_path=browser,
            args=CHROMIUM_ARGS,
        )
        numbers: dict[str, int] | None = None
        for _ in range(2):
            page_path.write_text(print_page(html_dir, chapters, cover, numbers), encoding="utf-8")
            page = chrome.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            if page.locator(".olcc-chart").count():
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.olcc-chart'))"
                    ".every(c => c.querySelector('svg, canvas'))",
                    timeout=60_000,
                )
            page.evaluate("() => document.fonts.ready.then(() => true)")
            labels = page.eval_on_selector_all(
                ".olcc-print-toc a", "els => els.map(e => e.textContent)"
            )
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
            page.close()
            numbers = chapter_pages(target, labels)
        chrome.close()
    page_path.unlink()  # the print's source is not a page of the book
    target.write_bytes(finish_pdf(target.read_bytes(), cover))
    return target


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def finish_pdf(data: bytes, cover: Cover) -> bytes:
    """The printed PDF as a publication: title, author (the publisher), subject, keywords,
    language ``nl`` and creator "olcc-report <version>"; creation and modification dates from
    the publication (none without one) instead of the clock; and a document ID from the
    content, so the same book gives the same bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
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
    identity = hashlib.sha256(_written(writer)).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identity), ByteStringObject(identity)])
    return _written(writer)


def _written(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
