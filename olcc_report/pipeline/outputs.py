"""From the assembled sources to what a reader opens: the HTML book (Jupyter Book's Sphinx,
warnings as errors; a failed build leaves no ``html/``) and the PDF (headless Chromium). Each is
skipped while its inputs are those of the last good run."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

from olcc_report.book.nanlike import book_problems, problems_message
from olcc_report.book.pdf import PDF_NAME, Cover, chromium_path, write_pdf
from olcc_report.intake.params import LoadedParams
from olcc_report.pipeline.project import BuildError, Key, Report, package_fingerprint, sha256_of

HTML_KEY, PDF_KEY = "html", "pdf"  # keys of the last good HTML build and PDF print


def run_tool(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + "\n" + result.stderr).strip()
        raise BuildError(f"{what} failed:\n{output[-6000:]}")


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _sphinx_here(arguments: list[str]) -> None:
    from sphinx.cmd.build import build_main

    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        failed = build_main(arguments)
    if failed:
        raise BuildError(f"the book build (Sphinx) failed:\n{output.getvalue()[-6000:]}")


def _source_bytes(src: Path) -> list[bytes]:
    return [
        str(f.relative_to(src)).encode() + f.read_bytes()
        for f in sorted(src.rglob("*"))
        if f.is_file()
    ]


def build_html(
    src: Path, html: Path, doctrees: Path, cache: Path, full: bool, report, in_process: bool
) -> None:
    """Build the HTML book, unless the sources are those of the last good build."""
    built = Key(cache, HTML_KEY, *_source_bytes(src), package_fingerprint())
    if not full and built.unchanged() and (html / "index.html").is_file():
        report("book sources unchanged, HTML not built again")
        return
    built.forget()
    report("building the HTML book")
    arguments = [
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-q",
        *(["-E"] if full else []),
        "-d",
        str(doctrees),
        str(src),
        str(html),
    ]
    try:
        if in_process:
            _sphinx_here(arguments)
        else:
            run_tool([sys.executable, "-m", "sphinx", *arguments], "the book build (Sphinx)")
        problems = book_problems(html)
        if problems:
            raise BuildError(problems_message(problems))
    except BuildError:
        shutil.rmtree(html, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
        raise
    built.keep()


def print_pdf(
    loaded: LoadedParams, out: Path, chapters: list[str], report: Report, warn: Report
) -> None:
    """Print ``rapportage.pdf`` (``chapters``: the pages in book order) unless no page changed
    since the last print."""
    browser = chromium_path()
    if browser is None:
        warn("chromium not found, so no PDF was made (Debian: apt-get install chromium)")
        return
    html = out / "html"
    cover = Cover.of(loaded.params)
    pages = sorted(html.glob("*.html"))
    chromium = Path(browser).resolve().stat()
    salt = sha256_of(package_fingerprint(), f"{chromium.st_size} {chromium.st_mtime_ns}".encode())
    printed = Key(
        out / ".cache",
        PDF_KEY,
        repr(cover).encode(),
        salt.encode(),
        *(p.name.encode() + p.read_bytes() for p in pages),
    )
    if (html / PDF_NAME).is_file() and printed.unchanged():
        report("PDF: pages unchanged, not printed again")
        return
    printed.forget()
    report("printing the PDF (headless Chromium)")
    write_pdf(html, chapters, cover, browser, out / ".cache" / "pdf", salt.encode(), report)
    printed.keep()
