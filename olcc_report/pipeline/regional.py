"""The regional books of a period: staged beside the national book, their notebooks run in the
same kernels, their downloads audited together with the national ones, and each built by Sphinx.

A regional book lives in ``_build/<period>/regio/<code>/`` (``src``, ``html``, ``.cache``). It
has a front page (``book/regio/intro.md``), the book's own pages (``book/<period>/<narrative>/``),
the regional chapter (``notebooks/regio/regio.ipynb``, run with the book's code) and its
colophon, with its own publisher and contact."""

from __future__ import annotations

import shutil
from collections.abc import Collection
from dataclasses import dataclass
from html import escape
from pathlib import Path

import markupsafe
import yaml

from olcc_report.book.audit import PublishedBook, audit_books, findings_message, read_book
from olcc_report.book.colophon import colophon_markdown
from olcc_report.book.downloads import appendix_sections, downloads, published_files
from olcc_report.book.sphinx_numbers import NUMBERS_FILE, numbering, write_numbers
from olcc_report.intake.params import LoadedParams, RegionalBook
from olcc_report.pipeline.notebooks import NotebookJob, notebook_jobs
from olcc_report.pipeline.outputs import build_html, run_tool, tool
from olcc_report.pipeline.project import BuildError, Project, Report, write_if_changed
from olcc_report.pipeline.staging import (
    book_config,
    git_state,
    page_templates,
    periods_script,
    regional_pages,
    remove_stale,
    render_context,
)
from olcc_report.records import schema
from olcc_report.records.contents import REGIONAL_CHAPTER, ROOT
from olcc_report.records.vocabulary import TABLES_DIR

REGIONAL_DIR = "regio"  # _build/<period>/regio/<code>/, book/regio/ (the shared pages)

BUILD_ROOT_FROM_REGIONAL = "../../../../"  # from _build/<period>/regio/<code>/html/


@dataclass
class RegionalOut:
    """One regional book between the build's phases."""

    region: RegionalBook
    loaded: LoadedParams  # the period's params as this book publishes them
    out: Path
    written: set[Path]
    config_changed: bool
    pages: list[str]  # in book order, the front page first

    @property
    def src(self) -> Path:
        return self.out / "src"


def regional_out(project: Project, period: str, code: str) -> Path:
    return project.build_dir(period).resolve() / REGIONAL_DIR / code


def regional_params(loaded: LoadedParams, region: RegionalBook) -> LoadedParams:
    """The period's params with this book's title, publisher and contact."""
    p = loaded.params
    publication = p.publication.model_copy(
        update={
            "publisher": region.publisher or p.publisher,
            "contact": region.contact or p.publication.contact,
            "url": None,
        }
    )
    title = f"{p.title}: {region.name}"
    return loaded.model_copy(
        update={"params": p.model_copy(update={"title": title, "publication": publication})}
    )


def selected(loaded: LoadedParams, codes: Collection[str] | None) -> list[RegionalBook]:
    """The regional books to build: all the params declare (``codes`` None), or those named."""
    books = list(loaded.params.regional_books())
    if codes is None:
        return books
    known = {b.code for b in books}
    unknown = sorted(set(codes) - known)
    if unknown:
        raise BuildError(
            f"{loaded.params.period} declares no regional book {', '.join(unknown)} (its params "
            f"declare: {', '.join(sorted(known)) or 'none'}; see 'regions:' in the params)"
        )
    return [b for b in books if b.code in set(codes)]


def _member_labels(region: RegionalBook) -> tuple[str, ...]:
    """The book's CBS regions as the national region table names them."""
    labels = schema.labels("jeugdregio")
    return tuple(labels[m] for m in region.members)


def _members(region: RegionalBook) -> str:
    return ", ".join(_member_labels(region))


def stage_regional(project: Project, loaded: LoadedParams, region: RegionalBook) -> RegionalOut:
    """Render the book's pages, colophon, toc and config into its ``src``."""
    period = loaded.params.period
    own = regional_params(loaded, region)
    out = regional_out(project, period, region.code)
    src = out / "src"
    written: set[Path] = set()

    def put(relative: str, data: bytes) -> bool:
        written.add(src / relative)
        return write_if_changed(src / relative, data)

    context = {
        **render_context(own, False, set()),
        "region_name": region.name,
        "region_members": _members(region),
        "region_is_group": region.is_group,
        "national_title": loaded.params.title,
        # an address outside this book: HTML, so Sphinx does not take it for a download
        "national_link": markupsafe.Markup(
            f'<a href="{BUILD_ROOT_FROM_REGIONAL}{escape(period)}/html/intro.html">'
            "het landelijke boek</a>"
        ),
    }
    shared = page_templates(project.book_dir / REGIONAL_DIR)
    put(f"{ROOT}.md", shared.get_template(f"{ROOT}.md").render(context).encode("utf-8"))
    if region.narrative:
        folder = project.book_dir / period / region.narrative
        if not folder.is_dir():
            raise BuildError(
                f"regional book {region.code}: narrative folder {folder} does not exist "
                "(see 'regions: narrative' in the params)"
            )
        own_pages = page_templates(folder)
        for page in sorted(folder.glob("*.md")):
            name = f"eigen_{page.stem}"
            put(f"{name}.md", own_pages.get_template(page.name).render(context).encode("utf-8"))
    pages = [p.removesuffix(".html") for p in regional_pages(project, period, region)]
    for asset in sorted((project.book_dir / "_static").rglob("*")):
        if asset.is_file():
            put(asset.relative_to(project.book_dir).as_posix(), asset.read_bytes())
    put(
        "_static/perioden.js",
        periods_script(project, period, region.code, BUILD_ROOT_FROM_REGIONAL).encode("utf-8"),
    )
    put("colofon.md", colophon_markdown(own, git_state(project.root)).encode("utf-8"))
    toc = {
        "format": "jb-book",
        "root": ROOT,
        "parts": [
            {"caption": region.name, "numbered": 1, "chapters": [{"file": p} for p in pages[1:]]}
        ],
    }
    changed = put(
        "_toc.yml",
        ("# Generated by olcc-report build.\n" + yaml.safe_dump(toc, allow_unicode=True)).encode(),
    )
    changed |= put("_config.yml", book_config(project, own))
    return RegionalOut(region, own, out, written, changed, pages)


def regional_template(project: Project) -> Path:
    return project.notebooks_dir / REGIONAL_DIR / f"{REGIONAL_CHAPTER}.ipynb"


def regional_jobs(
    project: Project, loaded: LoadedParams, book: RegionalOut, report: Report
) -> list[NotebookJob]:
    """The regional chapter notebook of one book, unless its inputs did not change."""
    return notebook_jobs(
        project,
        loaded,
        book.src,
        book.out / ".cache",
        report,
        templates=[regional_template(project)],
        parameters=(("region", book.region.code),),
    )


def file_prefix(region: RegionalBook) -> str:
    """What a regional download's name starts with: the book's code (``JZ14-aanmelder.csv``)."""
    return f"{region.code}-"


def assemble_regional(book: RegionalOut) -> dict[str, bytes]:
    """Number the book's tables and return its downloads under their published names."""
    src, region = book.src, book.region
    sections = appendix_sections(src, [REGIONAL_CHAPTER])
    numbers = {
        key: n.__class__(n.number, n.page, n.source, file_prefix(region) + n.file)
        for key, n in numbering(book.pages[1:], sections, book.loaded.params).items()
    }
    write_if_changed(src / NUMBERS_FILE, write_numbers(numbers))
    book.written.add(src / NUMBERS_FILE)
    files = downloads([src / f"{REGIONAL_CHAPTER}.ipynb"], book.loaded, numbers)
    book.written.add(src / f"{REGIONAL_CHAPTER}.ipynb")
    return {file_prefix(region) + n: d for n, d in published_files(files, book.loaded).items()}


def audit_set(
    loaded: LoadedParams, national: dict[str, bytes], regional: dict[str, dict[str, bytes]]
) -> None:
    """Audit the national book's downloads and every regional book's together, as one reader
    who downloads them all; a finding stops the build."""
    params = loaded.params
    books: list[PublishedBook] = [read_book(national, params.period, params.disclosure)]
    names = {r.code: r for r in params.regional_books()}
    for code, files in regional.items():
        region = names[code]
        prefix = file_prefix(region)
        own = {n.removeprefix(prefix): d for n, d in files.items() if n.startswith(prefix)}
        book = read_book(own, params.period, params.disclosure)
        books.append(
            PublishedBook(
                book.period,
                book.rules,
                book.tables,
                region=region.name,
                members=_member_labels(region),
            )
        )
    findings = audit_books(books)
    if findings:
        raise BuildError(findings_message(findings))


def finish_regional(
    project: Project,
    books: list[RegionalOut],
    files: dict[str, dict[str, bytes]],
    report: Report,
    in_process: bool,
) -> list[Path]:
    """Write each book's downloads, then build its HTML (no PDF: see the README)."""
    index = []
    for book in books:
        for name, data in files[book.region.code].items():
            write_if_changed(book.src / TABLES_DIR / name, data)
            book.written.add(book.src / TABLES_DIR / name)
        remove_stale(book.src, book.written)
        if book.config_changed or not (book.src / "conf.py").is_file():
            run_tool(
                [tool("jupyter-book"), "config", "sphinx", str(book.src)],
                "jupyter-book config sphinx",
            )
        html = book.out / "html"
        report(f"{book.region.code}: building the HTML book")
        doctrees, cache = book.out / "doctrees", book.out / ".cache"
        build_html(book.src, html, doctrees, cache, book.config_changed, report, in_process)
        index.append(html / "index.html")
    return index


def remove_undeclared(project: Project, period: str, keep: Collection[str]) -> None:
    """Regional books of the period its params no longer declare are removed."""
    folder = project.build_dir(period).resolve() / REGIONAL_DIR
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
