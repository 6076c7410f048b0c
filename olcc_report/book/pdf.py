"""One PDF per period: the book's chapters on one print-styled page, printed by headless Chromium.

The chapters' article content is taken from the built HTML in table-of-contents order and put on
``afdruk.html`` (next to the book's pages, so every relative link and script still works), with a
title page, a table of contents and the demo notice. Chromium draws the vega charts as SVG, so
the PDF has the same charts as the site, static; the footer carries page numbers and the PDF an
outline (bookmarks) from the headings. Needs Debian's ``chromium`` (playwright drives it; never
``playwright install``).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import yaml

PDF_NAME = "rapportage.pdf"
PRINT_PAGE = "afdruk.html"
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_HEAD_ASSETS = re.compile(
    r'<link rel="stylesheet"[^>]*>|<script src="_static/(?:vega-bundle)[^"]*"></script>'
)

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { background: #fff; font-size: 10.5pt; }
.olcc-print-chapter { break-before: page; }
.olcc-print-title { text-align: center; padding-top: 30vh; }
.olcc-print-toc li { margin: 0.2rem 0; display: flex; }
.olcc-print-toc li a { flex: 1; border-bottom: 1px dotted #888; }
.olcc-print-page { padding-left: 0.5rem; }
.olcc-chart { overflow: visible !important; }
.olcc-chart svg { max-width: 100%; height: auto; }
.olcc-table-wrapper { overflow: visible !important; }
table, figure, blockquote { break-inside: avoid; }
.olcc-periods, .olcc-download, .headerlink, .visually-hidden { display: none !important; }
a { color: #1a1a1a; }
"""


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


def print_page(
    html_dir: Path,
    chapters: list[str],
    title: str,
    notice: str,
    page_numbers: dict[str, int] | None = None,
) -> str:
    """The whole book on one page, for printing (with the chapters' page numbers in the
    contents once they are known from a first print)."""
    first = (html_dir / f"{chapters[0]}.html").read_text(encoding="utf-8")
    head_assets = "\n".join(_HEAD_ASSETS.findall(first))
    bodies, toc = [], []
    for number, name in enumerate(chapters):
        page = (html_dir / f"{name}.html").read_text(encoding="utf-8")
        match = _ARTICLE.search(page)
        if match is None:
            continue
        body = match.group(1)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        label = (
            re.sub(r"<[^>]+>", "", heading.group(1)).replace("#", "").strip() if heading else name
        )
        anchor = f"hoofdstuk-{number}"
        at = (page_numbers or {}).get(label)
        where = f'<span class="olcc-print-page">{at}</span>' if at else ""
        toc.append(f'<li><a href="#{anchor}">{html.escape(label)}</a>{where}</li>')
        bodies.append(f'<section class="olcc-print-chapter" id="{anchor}">{body}</section>')
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="icon" href="_static/favicon.svg">\n'
        f"{head_assets}\n<style>{PRINT_CSS}</style>\n</head>\n"
        '<body>\n<main class="bd-main"><div class="bd-content"><div class="bd-article-container">\n'
        f'<section class="olcc-print-title"><h1>{html.escape(title)}</h1>'
        f"<p>{html.escape(notice)}</p></section>\n"
        '<section class="olcc-print-chapter"><h1>Inhoud</h1><ol class="olcc-print-toc">'
        f"{''.join(toc)}</ol></section>\n{''.join(bodies)}\n"
        "</div></div></main>\n</body>\n</html>\n"
    )


def chapter_pages(pdf: Path, labels: list[str]) -> dict[str, int]:
    """The page each chapter starts on: chapters start on a new page with their title first."""
    from pypdf import PdfReader

    found: dict[str, int] = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        text = " ".join(page.extract_text().split())
        for label in labels:
            if label not in found and number > 2 and text.startswith(" ".join(label.split())):
                found[label] = number
    return found


def write_pdf(html_dir: Path, src: Path, title: str, notice: str, browser: str) -> Path:
    """Print the period's book to ``html_dir / rapportage.pdf``: a first print finds the page of
    each chapter, the second prints the contents with those page numbers."""
    from playwright.sync_api import sync_playwright

    chapters = chapter_order(src)
    page_path = html_dir / PRINT_PAGE
    target = html_dir / PDF_NAME
    footer = (
        '<div style="font-size:8px;width:100%;text-align:center;color:#333;">'
        f'{html.escape(notice)} — pagina <span class="pageNumber"></span> van '
        '<span class="totalPages"></span></div>'
    )
    with sync_playwright() as p:
        chrome = p.chromium.launch(
            executable_path=browser,
            args=CHROMIUM_ARGS,
        )
        numbers: dict[str, int] | None = None
        for _ in range(2):
            page_path.write_text(
                print_page(html_dir, chapters, title, notice, numbers), encoding="utf-8"
            )
            page = chrome.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            if page.locator(".olcc-chart").count():
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.olcc-chart'))"
                    ".every(c => c.querySelector('svg, canvas'))",
                    timeout=60_000,
                )
            labels = page.eval_on_selector_all(
                ".olcc-print-toc a", "els => els.map(e => e.textContent)"
            )
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=footer,
                outline=True,
                tagged=True,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
            )
            page.close()
            numbers = chapter_pages(target, labels)
        chrome.close()
    return target
