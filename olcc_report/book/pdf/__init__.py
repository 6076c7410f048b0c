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

from olcc_report.book.pdf.pages import (
    CHAPTER_LINK,
    PDF_NAME,
    Cover,
    chapter_prints,
    print_links,
)
from olcc_report.book.pdf.printer import (
    CHROMIUM_ARGS,
    Printer,
    PrintJob,
    chromium_path,
    write_pdf,
)
from olcc_report.book.pdf.structure import finish_pdf

__all__ = [
    "CHAPTER_LINK",
    "CHROMIUM_ARGS",
    "PDF_NAME",
    "Cover",
    "PrintJob",
    "Printer",
    "chapter_prints",
    "chromium_path",
    "finish_pdf",
    "print_links",
    "write_pdf",
]
