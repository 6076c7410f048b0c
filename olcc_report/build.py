"""Build a period's book: validate → execute the chapter notebooks → assemble → Jupyter Book (Sphinx).

Layout of a build (``_build/<period>/`` by default)::

    src/        the period's book source: rendered narrative pages, executed notebooks,
                generated _toc.yml, _config.yml and conf.py (aggregates only, never case rows)
    html/       the HTML book (index.html)
    doctrees/   Sphinx's cache
    .cache/     keys of the executed notebooks (skip re-execution when nothing changed)

Nothing is executed when the export does not validate, and a failed book build leaves no
``html/`` behind.
"""

from __future__ import annotations

import datetime as dt
import re
import concurrent.futures
import csv
import hashlib
import html
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
import yaml

from olcc_report import schema
from olcc_report.book import REVISION_MARK, revision_marked, table_of_contents
from olcc_report.plan import plan_markdown
from olcc_report.disclosure import required_width
from olcc_report.figures import TABLE_METADATA
from olcc_report.pdf import PDF_NAME, PRINT_PAGE, chromium_path, write_pdf
from olcc_report.render import neutralise
from olcc_report.params import LoadedParams, load_params
from olcc_report.validate import load_cases

DEFAULT_PERIOD = "2020"
KERNEL = "python3"
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")

Report = Callable[[str], None]


class BuildError(Exception):
    """The book could not be built (the message says which step failed and why)."""


@dataclass(frozen=True)
class Project:
    """Where a project's inputs live: params/, notebooks/, book/ and _config.yml under ``root``."""

    root: Path

    @property
    def params_dir(self) -> Path:
        return self.root / "params"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def book_dir(self) -> Path:
        return self.root / "book"

    @property
    def executed_dir(self) -> Path:
        """Committed executed demo notebooks, checked by nbval."""
        return self.notebooks_dir / "executed"

    def params_file(self, period: str) -> Path:
        return self.params_dir / f"{period}.yaml"

    def periods(self) -> list[str]:
        return sorted(p.stem for p in self.params_dir.glob("*.yaml"))

    def templates(self) -> list[Path]:
        return sorted(self.notebooks_dir.glob("*.ipynb"))

    def templates_for(self, loaded: LoadedParams) -> list[Path]:
        """The chapter notebooks a period has the inputs for: a notebook lists what it needs in
        its metadata (``olcc.requires``: ``qualitative`` and/or ``population``)."""
        have = {"qualitative": loaded.params.qualitative is not None,
                "population": loaded.params.population is not None,
                "year": loaded.params.period.isdigit()}
        out = []
        for template in self.templates():
            needs = nbformat.read(template, as_version=4).metadata.get("olcc", {}).get("requires", [])
            if all(have.get(n, False) for n in needs):
                out.append(template)
        return out

    @property
    def cache_dir(self) -> Path:
        """Project-local cache outside _build/ (de-identified texts); never committed."""
        return self.root / ".olcc-cache"

    def build_dir(self, period: str) -> Path:
        return self.root / "_build" / period

    def copy_inputs(self, destination: Path) -> Project:
        """Copy params/, notebooks/, book/ and _config.yml to a new folder (tests, benchmarks)."""
        destination.mkdir(parents=True, exist_ok=True)
        for name in ("params", "notebooks", "book"):
            shutil.copytree(self.root / name, destination / name)
        shutil.copy(self.root / "_config.yml", destination / "_config.yml")
        return Project(destination)


def date_nl(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _package_fingerprint() -> bytes:
    package = Path(__file__).parent
    files = sorted(package.rglob("*.py")) + sorted((package / "data").rglob("*"))
    return b"".join(
        str(f.relative_to(package)).encode() + f.read_bytes() for f in files if f.is_file()
    )


# --- notebooks ------------------------------------------------------------------------------------


def normalise_executed(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what differs between runs (timings, paths, random ids) and hide the injected cell."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def execute_notebook(template: Path, output: Path, params_file: Path) -> bool:
    """Run one template with papermill; write it to ``output`` if its bytes changed."""
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    relative = os.path.relpath(params_file.resolve(), output.parent.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / output.name
        try:
            papermill.execute_notebook(
                str(template), str(raw), parameters={"params_file": Path(relative).as_posix()},
                cwd=str(output.parent), kernel_name=KERNEL, progress_bar=False, log_output=False,
                request_save_on_cell_execute=False,
            )
        except papermill.PapermillExecutionError as exc:
            raise BuildError(
                f"notebook {template.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            ) from None
        nb = normalise_executed(nbformat.read(raw, as_version=4))
    return _write_if_changed(output, (nbformat.writes(nb) + "\n").encode("utf-8"))


NOTEBOOK_WORKERS = 2  # measured on 2 cores: two kernels at a time is the fastest


def execute_notebooks(project: Project, loaded: LoadedParams, out_dir: Path,
                      cache_dir: Path | None = None, report: Report = lambda _: None) -> bool:
    """Execute every chapter template for a period into ``out_dir`` (two at a time). True if
    any output changed."""
    params_bytes = loaded.path.read_bytes()
    data_bytes = b"".join(_sha256(str(p).encode(), p.read_bytes()).encode()
                          for p in loaded.input_files())
    fingerprint = _package_fingerprint()
    jobs = []
    for template in project.templates_for(loaded):
        output = out_dir / template.name
        key = _sha256(template.read_bytes(), params_bytes, data_bytes, fingerprint,
                      str(os.path.relpath(loaded.path, out_dir.resolve())).encode())
        key_file = cache_dir / f"{template.stem}.sha256" if cache_dir else None
        if key_file and output.is_file() and key_file.is_file() and key_file.read_text() == key:
            report(f"notebook {template.name}: unchanged inputs, not re-run")
            continue
        jobs.append((template, output, key, key_file))
    if not jobs:
        return False
    report(f"executing {len(jobs)} notebook(s): {', '.join(t.name for t, *_ in jobs)}")
    changed = False
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(NOTEBOOK_WORKERS, len(jobs))) as pool:
        futures = [(pool.submit(execute_notebook, t, o, loaded.path), key, key_file)
                   for t, o, key, key_file in jobs]
        for future, key, key_file in futures:
            changed |= future.result()
            if key_file:
                _write_if_changed(key_file, key.encode())
    return changed


# --- book source -----------------------------------------------------------------------------------


def _render_context(loaded: LoadedParams) -> dict:
    p = loaded.params
    start, end = p.period_start, p.period_end
    label = p.period if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
        and start.year == end.year else f"{date_nl(start)} tot en met {date_nl(end)}"
    return {
        "params": p,
        "period_label": label,
        "start_nl": date_nl(start),
        "end_nl": date_nl(end),
        "cases_file": "" if loaded.cases_path is None else loaded.cases_path.name,
        "age_min": schema.AGE_MIN,
        "age_max": schema.AGE_MAX,
        "required_width": required_width(p.disclosure),
        "pdf_link": PDF_NAME if chromium_path() else None,
    }


def _book_config(project: Project, loaded: LoadedParams) -> bytes:
    config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8"))
    p = loaded.params
    config["title"] = p.title
    config["author"] = p.organisation
    if p.is_demo:
        config.setdefault("html", {})["announcement"] = (
            "Demonstratie met synthetische gegevens — geen echte casuïstiek"
        )
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True).encode("utf-8")


def _jinja(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False,
    )


def narrative_files(project: Project, period: str) -> list[Path]:
    """The team's narrative pages for a period (``book/<period>/*.md``)."""
    return sorted((project.book_dir / period).glob("*.md"))


PROVENANCE_PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "papermill", "pandas", "numpy",
                       "altair", "scipy", "pandera", "deduce")


def _git_state(root: Path) -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "params", "book", "notebooks",
                                "olcc_report", "_config.yml"], cwd=root, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "geen git-repository"
    return f"`{commit}`" + (" met niet-vastgelegde wijzigingen" if dirty else "")


def colophon_markdown(project: Project, loaded: LoadedParams) -> str:
    """Provenance: which inputs and which software made this book. No clock time: the same
    inputs give the same page."""
    from importlib.metadata import PackageNotFoundError, version

    lines = ["# Colofon", "",
             f"{loaded.params.title}. Uitgegeven door {loaded.params.organisation}.", "",
             f"Status van de cijfers: **{loaded.params.publication.status}**.", ""]
    if loaded.params.publication.revision:
        lines += [f"Herziening: {loaded.params.publication.revision}", ""]
    lines += ["## Invoer", "", "| Bestand | SHA-256 |", "|---|---|",
              f"| `params/{loaded.path.name}` | `{hashlib.sha256(loaded.path.read_bytes()).hexdigest()}` |"]
    if loaded.params.is_demo:
        lines.append("| registratie | synthetische gegevens, gegenereerd door het pakket |")
    for path in loaded.input_files():
        name = os.path.relpath(path, loaded.path.parent)
        lines.append(f"| `{name}` | `{hashlib.sha256(path.read_bytes()).hexdigest()}` |")
    packages = []
    for name in PROVENANCE_PACKAGES:
        try:
            packages.append(f"| {name} | {version(name)} |")
        except PackageNotFoundError:
            packages.append(f"| {name} | niet geïnstalleerd |")
    lines += ["", "## Software", "", "| Onderdeel | Versie |", "|---|---|",
              f"| olcc-report | {version('olcc-report')} |",
              f"| Python | {sys.version.split()[0]} |", *packages, "",
              f"Broncode: git-commit {_git_state(project.root)}.", ""]
    return "\n".join(lines)


def available_chapters(project: Project, loaded: LoadedParams) -> set[str]:
    """The chapter files a period's book has (see :mod:`olcc_report.book`)."""
    available = {p.stem for p in project.book_dir.glob("*.md")}
    available |= {p.stem for p in narrative_files(project, loaded.params.period)}
    available |= {"gegevenswoordenboek", "achtpuntenplan", "bijlagen", "colofon"}
    available |= {t.stem for t in project.templates_for(loaded)}
    return available


def periods_script(project: Project, current: str) -> str:
    """``_static/perioden.js``: the periods of the project and their pages, for the switcher."""
    entries = []
    for period in project.periods():
        loaded = load_params(project.params_file(period))
        pages = sorted(f"{name}.html" for name in available_chapters(project, loaded))
        entries.append({"period": period, "title": loaded.params.title, "pages": pages})
    return (f"window.OLCC_PERIOD = {json.dumps(current)};\n"
            f"window.OLCC_PERIODS = {json.dumps(entries, ensure_ascii=False, sort_keys=True)};\n")


def stage_sources(project: Project, loaded: LoadedParams, src: Path,
                  warn: Report = lambda _: None) -> tuple[set[Path], bool]:
    """Render the shared pages, the period's narrative, the plan page, the data dictionary, the
    toc and the config into ``src``. Returns (files written, config changed)."""
    context = _render_context(loaded)
    written: set[Path] = set()

    def put(relative: str, data: bytes) -> bool:
        target = src / relative
        written.add(target)
        return _write_if_changed(target, data)

    shared = _jinja(project.book_dir)
    for page in sorted(project.book_dir.glob("*.md")):
        put(page.name, shared.get_template(page.name).render(context).encode("utf-8"))
    for asset in sorted((project.book_dir / "_static").rglob("*")):
        if asset.is_file():
            put(asset.relative_to(project.book_dir).as_posix(), asset.read_bytes())
    period = loaded.params.period
    marked = []
    narrative = _jinja(project.book_dir / period) if (project.book_dir / period).is_dir() else None
    for page in narrative_files(project, period):
        text = narrative.get_template(page.name).render(context)
        if revision_marked(text):
            marked.append(page.name)
        put(page.name, text.encode("utf-8"))
    if marked:
        warn(f" {len(marked)} page(s) of book/{period}/ still carry '{REVISION_MARK}' "
               f"(text copied from last year): {', '.join(marked)}")
    put("gegevenswoordenboek.md", schema.data_dictionary_markdown().encode("utf-8"))
    put("achtpuntenplan.md", plan_markdown(loaded).encode("utf-8"))
    put("colofon.md", colophon_markdown(project, loaded).encode("utf-8"))
    put("_static/perioden.js", periods_script(project, period).encode("utf-8"))
    toc = yaml.safe_dump(table_of_contents(available_chapters(project, loaded)),
                         allow_unicode=True, sort_keys=False)
    config_changed = put("_toc.yml", ("# Generated by olcc-report build.\n" + toc).encode("utf-8"))
    config_changed |= put("_config.yml", _book_config(project, loaded))
    return written, config_changed


TABLES_DIR = "_static/tabellen"


UNITS = {"count": "aantal casussen", "percent": "procent", "number": "getal", "text": "tekst"}
ZIP_NAME = "tabellen.zip"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "kolom"


def meta_csv(table: dict, loaded: LoadedParams) -> str:
    """``<table>.meta.csv``: one row per column of the table's CSV (label, unit, decimals), with
    the table's status, symbols, footnotes and source (after the UK DfE open-data metadata)."""
    params = loaded.params
    source = f"{params.organisation}, registratie {params.period}" + (
        " (synthetische gegevens, demonstratie)" if params.is_demo else "")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["col_name", "col_type", "label", "unit", "decimals", "status", "symbols",
                     "footnotes", "source"])
    columns, kinds = table.get("columns", []), table.get("kinds", [])
    symbols = "x = geheim; - = nihil; . = gegevens ontbreken"
    notes = " | ".join(table.get("notes", []))
    for index, label in enumerate(columns):
        kind = None if index == 0 else (kinds[index - 1] if index - 1 < len(kinds) else "text")
        writer.writerow([neutralise(v) for v in (
            _slug(label) if label else "rij", "Filter" if kind is None else "Indicator", label,
            "" if kind is None else UNITS[kind], "" if kind in (None, "text") else "0",
            params.publication.status, symbols, notes, source)])
    return buffer.getvalue()


def write_downloads(notebooks: list[Path], out_dir: Path, loaded: LoadedParams) -> set[Path]:
    """Write every table a notebook displayed or glued (the CSV in its output metadata) as a
    download, with its ``.meta.csv``, and one zip of all of them.

    UTF-8 with BOM and ``;`` separators, so Dutch Excel opens them as tables."""
    written: dict[Path, Path] = {}
    files: dict[str, bytes] = {}
    for notebook in notebooks:
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                table = output.get("metadata", {}).get(TABLE_METADATA)
                if table is None:
                    continue
                name = table.get("filename")
                if not name or "/" in name or name.startswith("."):
                    raise BuildError(f"{notebook.name}: table output without a safe file name")
                target = out_dir / name
                if target in written:
                    raise BuildError(f"table {name} is written by both {written[target].name} "
                                     f"and {notebook.name}")
                written[target] = notebook
                files[name] = ("\ufeff" + table["csv"]).encode("utf-8")
                files[name.replace(".csv", ".meta.csv")] = ("\ufeff" + meta_csv(table, loaded)).encode("utf-8")
    out: set[Path] = set()
    for name, data in files.items():
        _write_if_changed(out_dir / name, data)
        out.add(out_dir / name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    _write_if_changed(out_dir / ZIP_NAME, buffer.getvalue())
    out.add(out_dir / ZIP_NAME)
    return out


def appendix_markdown(notebooks: list[Path], loaded: LoadedParams) -> str:
    """The appendix page: every table of the book, with a link to its CSV and metadata."""
    status = loaded.params.publication.status
    lines = ["# Bijlagen: alle tabellen", "",
             "Alle tabellen van dit boek, beveiligd zoals beschreven in de verantwoording, als "
             "CSV-bestand (puntkomma-gescheiden, UTF-8; opent in Excel). Bij elke tabel hoort een "
             "bestand `.meta.csv` met per kolom het label, de eenheid en het aantal decimalen, en "
             "de voetnoten, symbolen en bron.", "",
             f"Status van alle cijfers in deze periode: **{status}**.", "",
             f'<a href="{TABLES_DIR}/{ZIP_NAME}" download>Alle tabellen en metadata in één zip-bestand</a>', ""]
    for notebook in notebooks:
        tables = []
        for cell in nbformat.read(notebook, as_version=4).cells:
            for output in cell.get("outputs", []):
                table = output.get("metadata", {}).get(TABLE_METADATA)
                if table is not None:
                    tables.append(table)
        if not tables:
            continue
        title = nbformat.read(notebook, as_version=4).cells[0].source.lstrip("# ").strip()
        lines += [f"## {title}", ""]
        lines += [f'- <a href="{TABLES_DIR}/{t["filename"]}" download>{html.escape(t.get("title", t["filename"]))}</a> '
                  f'(<a href="{TABLES_DIR}/{t["filename"].replace(".csv", ".meta.csv")}" download>metadata</a>)'
                  for t in tables]
        lines.append("")
    return "\n".join(lines)


def _remove_stale(src: Path, keep: set[Path]) -> None:
    for path in sorted(src.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and path.name != "conf.py":
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + "\n" + result.stderr).strip()
        raise BuildError(f"{what} failed:\n{output[-6000:]}")


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def check_quotes(project: Project, loaded: LoadedParams, cases, report: Report = lambda _: None) -> None:
    """Check the codings and that every approved quote is exactly today's de-identified text.

    Raises CodingsInvalid or BuildError before anything is built."""
    q = loaded.params.qualitative
    if q is None:
        return
    from olcc_report.qualitative import load_qualitative
    from olcc_report.quotes import (
        DeidentificationCache,
        candidates,
        read_approvals,
        stale_approvals,
    )

    report("checking codings and quotes")
    qualitative = load_qualitative(loaded, cases)
    if q.quotes is None:
        return
    approvals = read_approvals(loaded.resolve(q.quotes))
    if not any(a.approved for a in approvals):
        return
    report("checking approved quotes against de-identification (deduce)")
    stale = stale_approvals(candidates(qualitative.codings.frame), approvals,
                            DeidentificationCache(project.cache_dir / "deidentified.json"))
    if stale:
        raise BuildError(
            f"{len(stale)} approved quote(s) in {q.quotes} are not what de-identification gives "
            f"today (edited by hand, or the codings or rules changed): {', '.join(stale)}. "
            f"Run `olcc-report quotes --period {loaded.params.period}` and approve them again."
        )


def build_period(project: Project, period: str, build_dir: Path | None = None,
                 report: Report = lambda _: None, warn: Report = lambda _: None) -> Path:
    """Build one period's book; returns the path of its ``index.html``."""
    loaded = load_params(project.params_file(period))
    report("validating the case export")
    cases = load_cases(loaded)  # raises ExportInvalid before anything runs
    check_quotes(project, loaded, cases, report)
    out = (build_dir or project.build_dir(period)).resolve()
    src, html, doctrees = out / "src", out / "html", out / "doctrees"
    report("rendering narrative pages")
    written, config_changed = stage_sources(project, loaded, src, warn)
    notebooks_changed = execute_notebooks(project, loaded, src, out / ".cache", report)
    notebooks = [src / t.name for t in project.templates_for(loaded)]
    written |= set(notebooks)
    downloads = write_downloads(notebooks, src / TABLES_DIR, loaded)
    written |= downloads
    appendix = src / "bijlagen.md"
    _write_if_changed(appendix, appendix_markdown(notebooks, loaded).encode("utf-8"))
    written.add(appendix)
    _remove_stale(src, written)
    if config_changed or not (src / "conf.py").is_file():
        report("writing the Sphinx configuration")
        _run([_bin("jupyter-book"), "config", "sphinx", str(src)], "jupyter-book config sphinx")
    report("building the HTML book")
    # Glued numbers on narrative pages only refresh on a full rebuild (-E).
    full = ["-E"] if notebooks_changed or config_changed else []
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", *full,
               "-d", str(doctrees), str(src), str(html)]
    try:
        _run(command, "the book build (Sphinx)")
    except BuildError:
        shutil.rmtree(html, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
        raise
    browser = chromium_path()
    if browser is None:
        warn("chromium not found, so no PDF was made (Debian: apt-get install chromium)")
    else:
        notice = ("Demonstratie met synthetische gegevens — geen echte casuïstiek"
                  if loaded.params.is_demo else loaded.params.organisation)
        pages = sorted(html.glob("*.html"))
        key = _sha256(loaded.params.title.encode(), notice.encode(),
                      *(p.name.encode() + p.read_bytes() for p in pages if p.name != PRINT_PAGE))
        key_file = out / ".cache" / "pdf.sha256"
        if (html / PDF_NAME).is_file() and key_file.is_file() and key_file.read_text() == key:
            report("PDF: pages unchanged, not printed again")
        else:
            report("printing the PDF (headless Chromium)")
            write_pdf(html, src, loaded.params.title, notice, browser)
            _write_if_changed(key_file, key.encode())
    return html / "index.html"


def build_site(project: Project) -> Path:
    """``_build/index.html``: every period's book, newest first (the books link back to it)."""
    items = []
    for period in sorted(project.periods(), reverse=True):
        if not (project.build_dir(period) / "html" / "intro.html").is_file():
            continue
        params = load_params(project.params_file(period)).params
        demo = " (synthetische gegevens)" if params.is_demo else ""
        items.append(f'<li><a href="{html.escape(period)}/html/intro.html">'
                     f"{html.escape(params.title)}</a>{demo}</li>")
    page = (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Rapportages Oppakken en Leren van Complexe Casuïstiek</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#1a1a1a}a{color:#1f5a96}</style>\n</head>\n<body>\n<main>\n"
        "<h1>Rapportages Oppakken en Leren van Complexe Casuïstiek</h1>\n"
        "<p>Kies een periode. Elke pagina van een rapportage heeft bovenaan een keuze om dezelfde "
        "pagina in een andere periode te openen.</p>\n"
        f"<ul>\n{chr(10).join(items)}\n</ul>\n</main>\n</body>\n</html>\n"
    )
    index = project.root / "_build" / "index.html"
    _write_if_changed(index, page.encode("utf-8"))
    return index


def refresh_executed(project: Project, report: Report = lambda _: None) -> list[Path]:
    """Re-execute the committed demo notebooks (``notebooks/executed/<period>/``) on purpose."""
    written = []
    for period in project.periods():
        loaded = load_params(project.params_file(period))
        if not loaded.params.is_demo:
            continue
        out_dir = project.executed_dir / period
        for template in project.templates_for(loaded):
            report(f"{period}: executing {template.name}")
            execute_notebook(template, out_dir / template.name, loaded.path)
            written.append(out_dir / template.name)
    return written
