"""Build a period's book: validate → execute the chapter notebooks → assemble → Jupyter Book
(Sphinx) → PDF.

Nothing is executed when the export does not validate, and a failed book build leaves no
``html/`` behind.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from olcc_report.book.audit import audit_downloads, findings_message
from olcc_report.book.downloads import (
    DownloadError,
    appendix_markdown,
    appendix_sections,
    downloads,
    published_files,
)
from olcc_report.book.glue import unregistered_glue_references
from olcc_report.book.nanlike import book_problems, problems_message
from olcc_report.book.pdf import PDF_NAME, Cover, chromium_path, write_pdf
from olcc_report.book.shape import PARTS
from olcc_report.book.site import SiteEntry, site_index
from olcc_report.book.sphinx_numbers import NUMBERS_FILE, numbering, write_numbers
from olcc_report.figures.chapters import CBS_FIGURES
from olcc_report.intake.params import LoadedParams, load_params
from olcc_report.intake.population import PopulationError
from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
from olcc_report.pipeline.notebooks import (
    execute_in_one_kernel,
    execute_notebooks,
    notebook_jobs,
    run_notebooks,
)
from olcc_report.pipeline.period import period_population
from olcc_report.pipeline.project import (
    DEFAULT_PERIOD,
    BuildError,
    Key,
    Project,
    Report,
    Stages,
    package_fingerprint,
    sha256_of,
    write_if_changed,
)
from olcc_report.pipeline.staging import available_chapters, remove_stale, stage_sources
from olcc_report.qualitative.quotes import (
    DeidentificationCache,
    candidates,
    read_approvals,
    stale_approvals,
    unsuitable_approved,
)
from olcc_report.records.vocabulary import TABLES_DIR

__all__ = [
    "DEFAULT_PERIOD",
    "BuildError",
    "Project",
    "build_period",
    "build_site",
    "refresh_executed",
]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + "\n" + result.stderr).strip()
        raise BuildError(f"{what} failed:\n{output[-6000:]}")


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def check_quotes(
    project: Project, loaded: LoadedParams, cases, report: Report = lambda _: None
) -> None:
    """Check the codings and that every approved quote is exactly today's de-identified text.

    Raises CodingsInvalid or BuildError before anything is built."""
    q = loaded.params.qualitative
    if q is None:
        return
    report("checking codings and quotes")
    qualitative = load_qualitative_inputs(loaded, cases)
    if q.quotes is None:
        return
    approvals = read_approvals(loaded.resolve(q.quotes))
    unsuitable = unsuitable_approved(approvals)
    if unsuitable:
        raise BuildError(
            f"{len(unsuitable)} approved quote(s) in {q.quotes} are marked ongeschikt (too much "
            f"removed to say anything) and have no toch_publiceren reason: {', '.join(unsuitable)}"
        )
    if not any(a.approved for a in approvals):
        return
    report("checking approved quotes against de-identification (deduce)")
    stale = stale_approvals(
        candidates(qualitative.codings.frame),
        approvals,
        DeidentificationCache(project.cache_dir / "deidentified.json"),
    )
    if stale:
        raise BuildError(
            f"{len(stale)} approved quote(s) in {q.quotes} are not what de-identification gives "
            f"today (edited by hand, or the codings or rules changed): {', '.join(stale)}. "
            f"Run `olcc-report quotes --period {loaded.params.period}` and approve them again."
        )


RETIRED_DIR = "html-verouderd"
HTML_KEY, PDF_KEY = "html", "pdf"  # keys of the last good HTML build and PDF print


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


def build_period(
    project: Project,
    period: str,
    build_dir: Path | None = None,
    report: Report = lambda _: None,
    warn: Report = lambda _: None,
    pdf: bool = True,
    stages: Stages | None = None,
    in_process: bool = False,
) -> Path:
    """Build one period's book; returns the path of its ``index.html``. When validation or
    the build fails, an older book of the period is moved to ``html-verouderd/``. Without
    ``pdf`` the HTML book only; ``stages`` collects the seconds per stage (benchmark);
    ``in_process`` runs Sphinx in this process (the preview's forked workers, which have it
    imported already) instead of a fresh one."""
    out = (build_dir or project.build_dir(period)).resolve()
    try:
        index = _build_period(
            project, period, out, report, warn, pdf, stages or Stages(), in_process
        )
    except Exception:
        retire_book(out)
        raise
    shutil.rmtree(out / RETIRED_DIR, ignore_errors=True)
    return index


def _versions(*names: str) -> bytes:
    return " ".join(f"{n}=={version(n)}" for n in names).encode()


def validate_inputs(
    project: Project,
    loaded: LoadedParams,
    cache: Path,
    report: Report = lambda _: None,
    stage: Stages | None = None,
) -> None:
    """Validate the export, the population, the codings and the approved quotes — unless
    none of their bytes (nor the package) changed since they last passed (a key in
    ``cache``, never a case row)."""
    key = Key(
        cache,
        "validated",
        loaded.params.content(plan=False),  # the plan is not an input to validate
        *(str(f).encode() + f.read_bytes() for f in loaded.input_files()),
        package_fingerprint(),
        _versions("pandera", "deduce", "pandas"),
    )
    if key.unchanged():
        report("inputs unchanged since they were validated")
        return
    key.forget()
    stage = stage or Stages()
    with stage("validate cases"):
        report("validating the case export")
        cases = load_cases(loaded)  # raises ExportInvalid before anything runs
        try:
            period_population(loaded)
        except PopulationError as exc:
            raise BuildError(f"population: {exc}") from None
    with stage("codings and quotes"):
        check_quotes(project, loaded, cases, report)
    key.keep()


@dataclass
class _Book:
    """A period's book between the build's phases."""

    loaded: LoadedParams
    out: Path
    written: set[Path]  # the book sources this build wrote or kept
    config_changed: bool

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
    loaded = load_params(project.params_file(period))
    validate_inputs(project, loaded, out / ".cache", report, stage)
    with stage("narrative pages"):
        report("rendering narrative pages")
        written, config_changed = stage_sources(project, loaded, out / "src", warn, pdf)
    return _Book(loaded, out, written, config_changed)


def _finish(
    project: Project,
    book: _Book,
    notebooks_changed: bool,
    report: Report,
    warn: Report,
    pdf: bool,
    stage,
    in_process: bool,
) -> Path:
    """Number, audit and write the downloads; build the HTML book; print the PDF."""
    src, html, doctrees, cache = book.src, book.out / "html", book.out / "doctrees", book.cache
    with stage("downloads and audit"):
        notebooks = [src / t.name for t in project.templates_for(book.loaded)]
        written = book.written | set(notebooks)
        numbers_changed = _assemble(project, book.loaded, src, notebooks, written, cache, report)
        remove_stale(src, written)
    with stage("Sphinx"):
        if book.config_changed or not (src / "conf.py").is_file():
            report("writing the Sphinx configuration")
            _run([_bin("jupyter-book"), "config", "sphinx", str(src)], "jupyter-book config sphinx")
        # Glued numbers on narrative pages only refresh on a full rebuild (-E).
        full = notebooks_changed or book.config_changed or numbers_changed
        _sphinx(src, html, doctrees, cache, full, report, in_process)
    with stage("PDF"):
        if pdf:
            _print_pdf(book.loaded, book.out, report, warn)
        else:  # a PDF of earlier pages would not be this book
            (html / PDF_NAME).unlink(missing_ok=True)
            (cache / f"{PDF_KEY}.sha256").unlink(missing_ok=True)
    return html / "index.html"


def _build_period(
    project: Project,
    period: str,
    out: Path,
    report: Report,
    warn: Report,
    pdf: bool,
    stage: Stages,
    in_process: bool,
) -> Path:
    book = _prepare(project, period, out, report, warn, pdf, stage)
    with stage("notebooks"):
        changed = execute_notebooks(project, book.loaded, book.src, book.cache, report)
    return _finish(project, book, changed, report, warn, pdf, stage, in_process)


def build_periods(
    project: Project,
    periods: list[str],
    report: Callable[[str, str], None] = lambda _period, _step: None,
    warn: Callable[[str, str], None] = lambda _period, _message: None,
    pdf: bool = True,
    stages: Stages | None = None,
) -> dict[str, Path]:
    """Build several periods' books (``make report``) for less than one by one. Every
    period's inputs are validated first, so nothing runs when one of them does not validate;
    then the notebooks of all periods run in the same two kernels (each imports the package
    once and loads every period once, where one by one each book loads the years its rode
    draden and headline figures quote again); then each book is assembled, built and printed.
    A failure retires the book it happened in (all books with notebooks still to run, when
    it happened in a notebook) and is raised."""
    stage = stages or Stages()
    books: dict[str, _Book] = {}
    busy: list[str] = []

    def fail():
        for period in busy:
            retire_book(project.build_dir(period).resolve())

    try:
        for period in periods:
            busy[:] = [period]
            out = project.build_dir(period).resolve()
            books[period] = _prepare(
                project,
                period,
                out,
                lambda step, p=period: report(p, step),
                lambda message, p=period: warn(p, message),
                pdf,
                stage,
            )
        jobs = []
        for period, book in books.items():
            said = lambda step, p=period: report(p, step)  # noqa: E731
            jobs += notebook_jobs(project, book.loaded, book.src, book.cache, said)
        busy[:] = sorted({p for p, b in books.items() for j in jobs if j.output.parent == b.src})
        with stage("notebooks"):
            changed = run_notebooks(jobs, lambda step: report("alle perioden", step))
        index = {}
        for period, book in books.items():
            busy[:] = [period]
            index[period] = _finish(
                project,
                book,
                any(output.parent == book.src for output in changed),
                lambda step, p=period: report(p, step),
                lambda message, p=period: warn(p, message),
                pdf,
                stage,
                False,
            )
            shutil.rmtree(book.out / RETIRED_DIR, ignore_errors=True)
    except Exception:
        fail()
        raise
    return index


def _assemble(
    project: Project,
    loaded: LoadedParams,
    src: Path,
    notebooks: list[Path],
    written: set[Path],
    cache: Path,
    report: Report,
) -> bool:
    """Number the tables, audit the downloads (unless they are the bytes that passed last
    time) and write them and the appendix. True if the numbering changed."""
    unregistered = unregistered_glue_references(src, notebooks)
    if unregistered:
        raise BuildError(
            "pages quote numbers of fields this period does not register "
            "(data.not_registered):\n  " + "\n  ".join(unregistered)
        )
    available = available_chapters(project, loaded)
    chapters = [name for _, names in PARTS for name in names if name in available]
    sections = appendix_sections(src, chapters)
    numbers = numbering(chapters, sections, loaded.params, set(CBS_FIGURES))
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


def _sphinx(
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
            _run([sys.executable, "-m", "sphinx", *arguments], "the book build (Sphinx)")
        problems = book_problems(html)
        if problems:
            raise BuildError(problems_message(problems))
    except BuildError:
        shutil.rmtree(html, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
        raise
    built.keep()


def _print_pdf(loaded: LoadedParams, out: Path, report: Report, warn: Report) -> None:
    """Print ``rapportage.pdf`` unless no page changed since the last print."""
    browser = chromium_path()
    if browser is None:
        warn("chromium not found, so no PDF was made (Debian: apt-get install chromium)")
        return
    src, html = out / "src", out / "html"
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
    write_pdf(html, src, cover, browser, out / ".cache" / "pdf", salt.encode(), report)
    printed.keep()


def build_site(project: Project) -> Path:
    """``_build/index.html``: every period's book, newest first (the books link back to it)."""
    entries = []
    for period in sorted(project.periods(), reverse=True):
        if not (project.build_dir(period) / "html" / "intro.html").is_file():
            continue
        params = load_params(project.params_file(period)).params
        entries.append(SiteEntry(period, params.title, params.is_demo))
    index = project.root / "_build" / "index.html"
    write_if_changed(index, site_index(entries).encode("utf-8"))
    return index


def refresh_executed(project: Project, report: Report = lambda _: None) -> list[Path]:
    """Re-execute the committed demo notebooks (``notebooks/executed/<period>/``) on purpose,
    a period's notebooks in one kernel as the build runs them (nbval then runs each in a
    kernel of its own: the check that sharing changes nothing)."""
    written = []
    for period in project.periods():
        loaded = load_params(project.params_file(period))
        if not loaded.params.is_demo:
            continue
        out_dir = project.executed_dir / period
        jobs = notebook_jobs(project, loaded, out_dir)  # without a cache: every notebook
        report(f"{period}: executing {', '.join(j.template.name for j in jobs)}")
        execute_in_one_kernel(jobs)
        written += [j.output for j in jobs]
    return written
