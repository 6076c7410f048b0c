"""The print pages of a book: each chapter's article from the built HTML with the print styles,
the title page with the contents, the page-number overlay, and links a reader of the PDF can
follow."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

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
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
_CHART_NAME = re.compile(
    r'<div\b[^>]*\bclass="olcc-chart"[^>]*\brole="img"[^>]*\baria-label="([^"]*)"'
)

# The page and its margins (mm): the print page is laid out at the width of the printed
# column, so every chart is drawn for the paper, not scaled down from a screen.
PAGE_MM = (210, 297)
MARGIN_MM = (18, 16, 20, 16)  # top, right, bottom, left
MM = 96 / 25.4  # CSS pixels per millimetre
PORTRAIT_PX = int((PAGE_MM[0] - MARGIN_MM[1] - MARGIN_MM[3]) * MM)
LANDSCAPE_PX = int((PAGE_MM[1] - MARGIN_MM[1] - MARGIN_MM[3]) * MM)
PAGE_HEIGHT_PX = int((PAGE_MM[1] - MARGIN_MM[0] - MARGIN_MM[2]) * MM)
SMALLEST_TABLE_PT = 7.5  # a table too wide for its page gets a smaller type, not below this
LANDSCAPE_PAGE = "olcc-liggend"

# Before printing (Printer): a figure taller than a page may break between its drawings
# (kept whole, it would leave the page before it nearly empty and break anyway). Each table
# wider than its column gets a smaller type, then a landscape page (its notes with it), then a
# smaller type there; what still does not fit is named, and the PDF is not made. Returns the
# captions of those tables.
FIT_PRINT = """({landscape, smallest, pageHeight}) => {
  document.querySelectorAll('figure, blockquote, .admonition').forEach(e => {
    if (e.getBoundingClientRect().height > pageHeight) e.style.breakInside = 'auto';
  });
  const unfit = [];
  const wraps = document.querySelectorAll('.olcc-table-wrapper, .pst-scrollable-table-container');
  for (const wrap of wraps) {
    const table = wrap.querySelector('table');
    if (!table) continue;
    const fits = () => table.getBoundingClientRect().width <= wrap.getBoundingClientRect().width + 0.5;
    const base = parseFloat(getComputedStyle(table).fontSize);
    const shrink = () => {
      for (let size = base; size >= smallest; size -= 0.25) {
        table.style.fontSize = size + 'px';
        if (fits()) return true;
      }
      table.style.fontSize = '';
      return false;
    };
    if (fits() || shrink()) continue;
    const column = wrap.parentElement.getBoundingClientRect().width;
    const offset = document.documentElement.clientWidth - column;
    wrap.classList.add('olcc-print-landscape');
    wrap.style.maxWidth = 'none';
    wrap.style.width = (landscape - offset) + 'px';
    if (fits() || shrink()) continue;
    const caption = table.querySelector('caption');
    unfit.push(caption ? caption.textContent.trim() : (table.id || 'tabel'));
  }
  return unfit;
}"""

PRINT_CSS = (
    (
        f"@page {{ size: A4; margin: {' '.join(f'{m}mm' for m in MARGIN_MM)}; }}\n"
        f"@page {LANDSCAPE_PAGE} {{ size: A4 landscape; }}\n"
        f".olcc-print-landscape {{ page: {LANDSCAPE_PAGE}; }}\n"
    )
    + """
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
table, .bd-main .bd-content table { break-inside: auto !important; }
/* A heading and a short text under it go with what follows: no page ends on a lone intro. */
h2 + p, h3 + p { break-after: avoid; }
thead { display: table-header-group; }
/* Only the column header repeats on every page: the totals are printed once, at the end. */
tfoot { display: table-row-group; }
/* A long word in a column header wraps rather than widening the table; the first column
   does not stick on paper. */
.olcc-table th, .bd-article-container table th { overflow-wrap: break-word; }
.olcc-table th, .olcc-table td { padding: 0.2rem 0.35rem; position: static !important; }
tr, figure, blockquote, .admonition { break-inside: avoid; }
h1, h2, h3, h4, figcaption, caption { break-after: avoid; }
.olcc-periods, .olcc-download, .olcc-pdf-link, .olcc-scroll-hint, .headerlink,
.visually-hidden, .toctree-wrapper, .olcc-omslag { display: none !important; }
a { color: #1a1a1a; }
.olcc-print-address { overflow-wrap: anywhere; font-size: 0.9em; }
"""
)


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
        if url:  # on paper the address is read, not clicked: it is printed after the name
            address = html.escape(urljoin(url if url.endswith("/") else url + "/", target))
            return (
                f'<a{before} href="{address}"{after}>{text}</a>'
                f'<span class="olcc-print-address"> ({address})</span>'
            )
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

    @property
    def figures(self) -> list[str]:
        """The text alternative of each ``<figure>`` (Chromium tags one ``Figure`` for each),
        in the order of the page: its chart's, or, for a figure without a chart (a field not
        registered, a chart left out), what it says."""
        out = []
        for figure in _FIGURE.findall(self.page):
            chart = _CHART_NAME.search(figure)
            text = chart.group(1) if chart else " ".join(re.sub(r"<[^>]+>", " ", figure).split())
            out.append(html.unescape(text))
        return out


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
        # the chart library only where there are charts to draw (it takes the longest to load);
        # chapters with the same head share a print tab's loaded styles, fonts and library
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


def footer_print(cover: Cover, head_assets: str, landscape: list[bool]) -> str:
    """Empty pages that carry only the page-number line in their margin, one for each page
    of the merged PDF and turned as it is (``landscape``), laid over them (one numbering for
    parts printed apart)."""
    body = "".join(
        '<div class="olcc-print-blank olcc-print-landscape"></div>'
        if turned
        else '<div class="olcc-print-blank"></div>'
        for turned in landscape
    )
    css = (
        "html, body { background: none !important; }"
        ".olcc-print-blank { break-after: page; height: 1px; }" + _footer_css(cover.footer)
    )
    return _print_document(cover.title, _without_scripts(head_assets), css, body)
