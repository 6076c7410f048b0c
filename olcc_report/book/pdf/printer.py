"""Printing with headless Chromium (Debian's ``chromium``, driven by playwright; never
``playwright install``): each chapter on its own, kept by the hash of its print page, two at a
time; then the front matter and the page numbers, merged by pypdf."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from olcc_report.book.pdf.pages import (
    FIT_PRINT,
    LANDSCAPE_PX,
    PAGE_HEIGHT_PX,
    PDF_NAME,
    PORTRAIT_PX,
    PRINT_PAGE,
    SMALLEST_TABLE_PT,
    Cover,
    book_assets,
    chapter_prints,
    footer_print,
    front_print,
)
from olcc_report.book.pdf.structure import (
    finish_pdf,
    merge_structure,
    resolve_chapter_links,
    stamp,
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# The next chapter in a tab that shows one already: its body put in place, and its scripts
# (the charts' drawing calls) run, as they would on loading.
SWAP_BODY = """(body) => {
  document.body.innerHTML = body;
  for (const old of document.body.querySelectorAll('script')) {
    const script = document.createElement('script');
    for (const a of old.attributes) script.setAttribute(a.name, a.value);
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}"""


class TableTooWide(ValueError):
    """A table that does not fit a landscape page at the smallest legible type: the PDF
    would cut it, so no PDF is made."""

    def __init__(self, part: str, captions: list[str]) -> None:
        super().__init__(
            f"{part}: too wide for a landscape page at {SMALLEST_TABLE_PT} pt, so the PDF would "
            f"cut columns off: {'; '.join(captions)}. Shorten its labels or split the table."
        )


@dataclass(frozen=True)
class PrintJob:
    page: str  # the print page's HTML
    target: Path  # where its PDF goes
    background: bool = True  # False for the page numbers, laid over the printed pages


class Printer:
    """One headless Chromium for every print of a book, with one tab per print slot (two):
    each print puts its page into a free tab, waits for its charts and fonts, fits its tables
    and prints. A tab that shows a page with the same head (styles, fonts, chart library) only
    swaps the body (:data:`SWAP_BODY`) instead of loading them again. A print page loaded from a file
    sits next to the book's pages, so every relative link works, and is removed afterwards."""

    SLOTS = 2

    def __init__(self, chrome, html_dir: Path) -> None:
        import asyncio

        self.chrome, self.html_dir = chrome, html_dir
        self.tabs: asyncio.Queue = asyncio.Queue()
        self.opened = 0
        self.printed = 0
        self.heads: dict[int, str] = {}  # the head of the page each tab shows

    async def print(self, jobs: list[PrintJob]) -> None:
        import asyncio

        await asyncio.gather(*(self._one(job) for job in jobs))

    async def close(self) -> None:
        while not self.tabs.empty():
            await (await self.tabs.get()).close()

    async def _tab(self):
        if self.tabs.empty() and self.opened < self.SLOTS:
            self.opened += 1
            # laid out as on paper: the printed column's width and the print styles
            tab = await self.chrome.new_page(
                viewport={"width": PORTRAIT_PX, "height": PAGE_HEIGHT_PX}
            )
            await tab.emulate_media(media="print")
            return tab
        return await self.tabs.get()

    async def _load(self, page, job: PrintJob) -> None:
        """The job's page in the tab: when the tab shows a page with the same head (styles,
        fonts, chart library), only its body is put in and its chart scripts run; else the
        page is loaded from a file next to the book's pages."""
        head, _, body = job.page.partition("<body>")
        if self.heads.get(id(page)) == head:
            await page.evaluate(SWAP_BODY, body.rsplit("</body>", 1)[0])
            return
        self.printed += 1
        source = self.html_dir / f"{PRINT_PAGE.removesuffix('.html')}-{self.printed}.html"
        source.write_text(job.page, encoding="utf-8")
        try:
            await page.goto(source.as_uri(), wait_until="load")
            self.heads[id(page)] = head
        finally:
            source.unlink(missing_ok=True)

    async def _one(self, job: PrintJob) -> None:
        page = await self._tab()
        try:
            await self._load(page, job)
            if await page.locator(".olcc-chart").count():
                await page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.olcc-chart'))"
                    ".every(c => c.querySelector('svg, canvas'))",
                    timeout=60_000,
                )
            await page.evaluate("() => document.fonts.ready.then(() => true)")
            unfit = await page.evaluate(
                FIT_PRINT,
                {
                    "landscape": LANDSCAPE_PX,
                    "smallest": SMALLEST_TABLE_PT * 4 / 3,
                    "pageHeight": PAGE_HEIGHT_PX,
                },
            )
            if unfit:
                raise TableTooWide(job.target.stem, unfit)
            await page.pdf(
                path=str(job.target),
                format="A4",
                print_background=job.background,
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
        finally:
            self.tabs.put_nowait(page)


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def write_pdf(
    html_dir: Path,
    chapters: list[str],
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

    return asyncio.run(_write_pdf(html_dir, chapters, cover, browser, cache, salt, report))


async def _write_pdf(
    html_dir: Path,
    chapters: list[str],
    cover: Cover,
    browser: str,
    cache: Path,
    salt: bytes,
    report,
) -> Path:
    from playwright.async_api import async_playwright
    from pypdf import PdfReader, PdfWriter

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
        printer = Printer(chrome, html_dir)
        changed = [PrintJob(c.page, parts[c.name]) for c in prints if not parts[c.name].is_file()]
        # the longest first, so that the two tabs finish together (and chapters with charts,
        # which share a head, follow each other in a tab)
        changed.sort(key=lambda job: len(job.page), reverse=True)
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
            await printer.print([PrintJob(front_print(cover, head_assets, contents), front)])
            if _page_count(front) == front_pages:
                break
            front_pages = _page_count(front)
        writer = PdfWriter()
        readers = [(PdfReader(front), 0, "voorwerk", [])]
        writer.append(readers[0][0], import_outline=True)
        starts = {}
        for c in prints:
            starts[c.name] = len(writer.pages)
            readers.append((PdfReader(parts[c.name]), len(writer.pages), c.name, c.figures))
            writer.append(readers[-1][0], import_outline=True)
        footer = cache / "paginanummers.pdf"
        numbers = footer_print(
            cover,
            head_assets,
            [page.mediabox.width > page.mediabox.height for page in writer.pages],
        )
        await printer.print([PrintJob(numbers, footer, background=False)])
        await printer.close()
        await chrome.close()
    for page, numbers in zip(writer.pages, PdfReader(footer).pages, strict=True):
        stamp(writer, page, numbers)
    resolve_chapter_links(writer, starts)
    merge_structure(writer, readers)
    target = html_dir / PDF_NAME
    target.write_bytes(finish_pdf(writer, cover))
    return target
