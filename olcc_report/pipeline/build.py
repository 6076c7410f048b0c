"""Build a period's book: validate → execute the chapter notebooks → assemble → Jupyter Book
(Sphinx) → PDF.

Nothing is executed when the export does not validate, and a failed book build leaves no
``html/`` behind.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from olcc_report.book.audit import audit_downloads, findings_message
from olcc_report.book.downloads import (
    DownloadError,
    appendix_markdown,
    appendix_sections,
    downloads,
    published_files,
)
from olcc_report.book.nanlike import book_problems, problems_message
from olcc_report.book.pdf import PDF_NAME
from olcc_report.book.shape import bare_glue
from olcc_report.book.site import SiteEntry, site_index
from olcc_report.book.sphinx_numbers import NUMBERS_FILE, numbering, write_numbers
from olcc_report.intake.params import LoadedParams
from olcc_report.pipeline.notebooks import (
    execute_in_one_kernel,
    notebook_jobs,
    run_notebooks,
)
from olcc_report.pipeline.outputs import HTML_KEY, PDF_KEY, build_html, print_pdf, run_tool, tool
from olcc_report.pipeline.period import load_period
from olcc_report.pipeline.project import (
    DEFAULT_PERIOD,
    BuildError,
    Key,
    Project,
    Report,
    Stages,
    package_fingerprint,
    write_if_changed,
)
from olcc_report.pipeline.regional import (
    REGIONAL_DIR,
    RegionalOut,
    assemble_regional,
    audit_set,
    finish_regional,
    regional_jobs,
    regional_out,
    regional_template,
    remove_undeclared,
    selected,
    stage_regional,
)
from olcc_report.pipeline.staging import available_chapters, remove_stale, stage_sources
from olcc_report.pipeline.validation import validate_inputs
from olcc_report.records.contents import book_order
from olcc_report.records.vocabulary import TABLES_DIR

__all__ = [
    "DEFAULT_PERIOD",
    "BuildError",
    "Project",
    "build_period",
    "build_site",
    "refresh_executed",
]

# A step the build reports that is a result to keep in the log, not progress: what the
# protection cost this book.
LOSS_LINE = "protection: "


RETIRED_DIR = "html-verouderd"


def retire_book(out: Path) -> Path | None:
    """Move a book built from earlier inputs out of the way (``html/`` → ``html-verouderd/``),
    so that after a failed validation or build nobody reads it as the current one."""
    html = out / "html"
    if not html.is_dir():
        return None
    retired = out / RETIRED_DIR
    shutil.rmtree(retired, ignore_errors=True)
    html.rename(retired)
    for key in (HTML_KEY, PDF_KEY):
        (out / ".cache" / f"{key}.sha256").unlink(missing_ok=True)
    return retired


@dataclass
class _Book:
    """A period's book between the build's phases."""

    loaded: LoadedParams
    out: Path
    written: set[Path]  # the book sources this build wrote or kept
    config_changed: bool
    chapters: list[str]  # the pages it has, in book order (the root page first)
    pdf: bool  # printed to a PDF too

    @property
    def src(self) -> Path:
        return self.out / "src"

    @property
    def cache(self) -> Path:
        return self.out / ".cache"


def _prepare(
    project: Project, period: str, out: Path, report: Report, warn: Report, pdf: bool, stage
) -> _Book:
    """Validate the inputs and render the narrative pages."""
    loaded = project.params(period)
    validate_inputs(project, loaded, out / ".cache", report, stage)
    with stage("narrative pages"):
        report("rendering narrative pages")
        written, config_changed = stage_sources(project, loaded, out / "src", warn, pdf)
    chapters = book_order(available_chapters(project, loaded))
    return _Book(loaded, out, written, config_changed, chapters, pdf)


def _finish(
    project: Project,
    book: _Book,
    notebooks_changed: bool,
    report: Report,
    warn: Report,
    stage,
    in_process: bool,
) -> Path:
    """Number, audit and write the downloads; build the HTML book; print the PDF."""
    src, html, doctrees, cache = book.src, book.out / "html", book.out / "doctrees", book.cache
    with stage("downloads and audit"):
        notebooks = [src / t.name for t in project.templates_for(book.loaded)]
        written = book.written | set(notebooks)
        numbers_changed = _assemble(
            book.loaded, book.chapters[1:], src, notebooks, written, cache, report
        )
        remove_stale(src, written)
    with stage("Sphinx"):
        if book.config_changed or not (src / "conf.py").is_file():
            report("writing the Sphinx configuration")
            run_tool(
                [tool("jupyter-book"), "config", "sphinx", str(src)], "jupyter-book config sphinx"
            )
        # Glued numbers on narrative pages only refresh on a full rebuild (-E).
        full = notebooks_changed or book.config_changed or numbers_changed
        build_html(src, html, doctrees, cache, full, report, in_process)
    with stage("PDF"):
        if book.pdf:
            print_pdf(book.loaded, book.out, book.chapters, report, warn)
        else:  # a PDF of earlier pages would not be this book
            (html / PDF_NAME).unlink(missing_ok=True)
            (cache / f"{PDF_KEY}.sha256").unlink(missing_ok=True)
    return html / "index.html"


def build_period(
    project: Project,
    period: str,
    report: Report = lambda _: None,
    warn: Report = lambda _: None,
    pdf: bool = True,
    stages: Stages | None = None,
    in_process: bool = False,
) -> Path:
    """One period's book: :func:`build_periods` of that period alone; returns its
    ``index.html``. ``in_process`` runs Sphinx in this process (the preview's forked workers,
    which have it imported already) instead of a fresh one."""
    return build_periods(
        project,
        [period],
        report=lambda _period, step: report(step),
        warn=lambda _period, message: warn(message),
        pdf=pdf,
        stages=stages,
        in_process=in_process,
    )[period]


def build_periods(
    project: Project,
    periods: list[str],
    report: Callable[[str, str], None] = lambda _period, _step: None,
    warn: Callable[[str, str], None] = lambda _period, _message: None,
    pdf: bool | Collection[str] = True,
    stages: Stages | None = None,
    in_process: bool = False,
    regions: Collection[str] | None = None,
) -> dict[str, Path]:
    """Build the periods' books (``make report``); returns each one's ``index.html``.

    Every period's inputs are validated first, so nothing runs when one of them does not
    validate; then the notebooks of all periods run in the same two kernels (each imports the
    package once and loads every period once); then each book is assembled, built and
    printed. A failure retires the book it happened in (``html/`` → ``html-verouderd/``; all
    books with notebooks still to run, when it happened in a notebook) and is raised. Without
    ``pdf`` the HTML books only (or a PDF for the periods it names); ``stages`` collects the
    seconds per stage (benchmark). A period's regional books (its params' ``regions``) are
    built with it, their notebooks in the same kernels, audited with it as one set (only
    those ``regions`` names, when given)."""
    stage = stages or Stages()
    books: dict[str, _Book] = {}
    regional: dict[str, list[RegionalOut]] = {}
    busy: list[str] = []

    def said(period: str) -> Report:
        return lambda step: report(period, step)

    def warned(period: str) -> Report:
        return lambda message: warn(period, message)

    try:
        for period in periods:
            busy[:] = [period]
            out = project.build_dir(period).resolve()
            printed = pdf if isinstance(pdf, bool) else period in pdf
            books[period] = _prepare(
                project, period, out, said(period), warned(period), printed, stage
            )
            loaded = books[period].loaded
            remove_undeclared(project, period, [r.code for r in loaded.params.regional_books()])
            with stage("regional pages"):
                regional[period] = [
                    stage_regional(project, loaded, r) for r in selected(loaded, regions)
                ]
        jobs = [
            job
            for period, book in books.items()
            for job in notebook_jobs(project, book.loaded, book.src, book.cache, said(period))
        ]
        jobs += [
            job
            for period, book in books.items()
            for r in regional[period]
            for job in regional_jobs(project, book.loaded, r, said(period))
        ]
        busy[:] = sorted({p for p, b in books.items() for j in jobs if j.output.parent == b.src})
        with stage("notebooks"):
            everyone = periods[0] if len(periods) == 1 else "alle perioden"
            changed = run_notebooks(jobs, said(everyone))
        index = {}
        for period, book in books.items():
            busy[:] = [period]
            notebooks_changed = any(output.parent == book.src for output in changed)
            index[period] = _finish(
                project,
                book,
                notebooks_changed,
                said(period),
                warned(period),
                stage,
                in_process,
            )
            shutil.rmtree(book.out / RETIRED_DIR, ignore_errors=True)
            if regional[period]:
                _finish_regional(project, book, regional[period], said(period), stage, in_process)
    except Exception:
        for period in busy:
            retire_book(project.build_dir(period).resolve())
            for r in regional.get(period, []):
                retire_book(r.out)
        raise
    return index


def _finish_regional(
    project: Project,
    national: _Book,
    books: list[RegionalOut],
    report: Report,
    stage,
    in_process: bool,
) -> None:
    """The period's regional books: their downloads, audited with the national ones as one
    set (all the books the params declare must be built to be audited together), then HTML."""
    with stage("regional downloads and audit"):
        files = {r.region.code: assemble_regional(r) for r in books}
        national_files = {p.name: p.read_bytes() for p in (national.src / TABLES_DIR).glob("*")}
        report(f"auditing the national and {len(books)} regional book(s) together")
        audit_set(national.loaded, national_files, files)
    with stage("regional Sphinx"):
        finish_regional(project, books, files, report, in_process)


def _assemble(
    loaded: LoadedParams,
    chapters: list[str],
    src: Path,
    notebooks: list[Path],
    written: set[Path],
    cache: Path,
    report: Report,
) -> bool:
    """Number the tables, audit the downloads (unless they are the bytes that passed last
    time) and write them and the appendix. True if the numbering changed."""
    bare = [
        f"{page.name}: {name}"
        for page in sorted(src.glob("*.md"))
        for name in bare_glue(page.read_text(encoding="utf-8"))
    ]
    if bare:
        raise BuildError(
            "pages glue a bare value into their text; glue a sentence instead (a name ending in "
            "_zin, made for every state of the value: shown, secret, missing, not registered; "
            "see the glue(...) calls at the top of each chapter notebook):\n  " + "\n  ".join(bare)
        )
    sections = appendix_sections(src, chapters)
    numbers = numbering(chapters, sections, loaded.params)
    numbers_changed = write_if_changed(src / NUMBERS_FILE, write_numbers(numbers))
    written.add(src / NUMBERS_FILE)
    try:
        files = downloads(notebooks, loaded, numbers)
    except DownloadError as exc:
        raise BuildError(str(exc)) from None
    audited = Key(
        cache,
        "audited",
        loaded.params.content(plan=False),
        *(name.encode() + data for name, data in sorted(files.items())),
        package_fingerprint(),
    )
    if not audited.unchanged():
        audited.forget()
        report("auditing the downloads as an intruder would")
        findings = audit_downloads(loaded, files)
        if findings:
            raise BuildError(findings_message(findings))
        report(f"{LOSS_LINE}{load_period(loaded.path).release.book.loss()}")
        problems = book_problems(files=files)
        if problems:
            raise BuildError(problems_message(problems))
        audited.keep()
    for name, data in published_files(files, loaded).items():
        write_if_changed(src / TABLES_DIR / name, data)
        written.add(src / TABLES_DIR / name)
    appendix = src / "bijlagen.md"
    write_if_changed(appendix, appendix_markdown(sections, loaded, numbers).encode("utf-8"))
    written.add(appendix)
    return numbers_changed


def build_site(project: Project) -> Path:
    """``_build/index.html``: every period's book, newest first (the books link back to it)."""
    entries = []
    for period in sorted(project.periods(), reverse=True):
        if not (project.build_dir(period) / "html" / "intro.html").is_file():
            continue
        params = project.params(period).params
        regions = tuple(
            (r.code, r.name)
            for r in params.regional_books()
            if (regional_out(project, period, r.code) / "html" / "intro.html").is_file()
        )
        entries.append(SiteEntry(period, params.title, params.is_demo, regions))
    index = project.root / "_build" / "index.html"
    write_if_changed(index, site_index(entries).encode("utf-8"))
    return index


def refresh_executed(project: Project, report: Report = lambda _: None) -> list[Path]:
    """Re-execute the committed demo notebooks (``notebooks/executed/<period>/``) on purpose,
    a period's notebooks in one kernel as the build runs them (nbval then runs each in a
    kernel of its own: the check that sharing changes nothing)."""
    written = []
    for period in project.periods():
        loaded = project.params(period)
        if not loaded.params.is_demo:
            continue
        out_dir = project.executed_dir / period
        jobs = notebook_jobs(project, loaded, out_dir)  # without a cache: every notebook
        for region in loaded.params.regional_books():
            jobs += notebook_jobs(
                project,
                loaded,
                out_dir / REGIONAL_DIR / region.code,
                templates=[regional_template(project)],
                parameters=(("region", region.code),),
            )
        report(f"{period}: executing {', '.join(j.template.name for j in jobs)}")
        execute_in_one_kernel(jobs)
        written += [j.output for j in jobs]
    return written
