"""Stage a period's book source: the shared pages and the period's narrative rendered with its
params, the generated pages (data dictionary, plan, colophon), the period switcher, the toc and
the Jupyter Book config."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jinja2
import markupsafe
import yaml

from olcc_report.analysis import verdicts
from olcc_report.book.accessibility import statement_context
from olcc_report.book.colophon import colophon_markdown
from olcc_report.book.dictionary import data_dictionary_markdown
from olcc_report.book.glue import notebooks_quoted
from olcc_report.book.pdf import PDF_NAME, chromium_path
from olcc_report.book.plan import plan_markdown
from olcc_report.book.publication import contact_markdown, dates_markdown
from olcc_report.book.shape import REVISION_MARK, revision_marked
from olcc_report.figures.release_stille import POOLED_PERIODS
from olcc_report.intake.params import LoadedParams
from olcc_report.intervals import required_width
from olcc_report.pipeline.project import Project, Report, write_if_changed
from olcc_report.qualitative.codebook import theme_labels
from olcc_report.records import reference, schema
from olcc_report.records.contents import (
    REGIONAL_CHAPTER,
    ROOT,
    reading_guide,
    table_of_contents,
)
from olcc_report.records.formatting import (
    date_nl,
    format_decimal,
    format_level,
    markdown_code,
    markdown_literal,
)
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    AT_LEAST_WORDS,
    DAYS_PER_YEAR,
    DEMO_NOTICE,
    MONTHS_PER_YEAR,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
    TOP_PROBLEMS,
    is_calendar_year,
)


def render_context(loaded: LoadedParams, pdf: bool, available: set[str]) -> dict:
    p = loaded.params
    start, end = p.period_start, p.period_end
    return {
        "params": p,
        # the codebook's name of each theme, so a chapter is called what its charts call it:
        # {{ themes.trauma }}
        "themes": theme_labels(loaded),
        # for narrative pages: {% if 'hulpvraag' in registered %} … {% endif %}
        "registered": sorted(
            f.name
            for f in schema.fields()
            if f.name not in p.data.not_registered
            and (f.derived_from or f.name) not in p.data.not_registered
        ),
        "period_label": p.period_label,
        # the period's regional books, protected with this one (the methodology says so)
        "regional_books": [b.name for b in p.regional_books()],
        "publication_dates": markupsafe.Markup(dates_markdown(p)),
        "publication_contact": markupsafe.Markup(contact_markdown(p)),
        # the front page's reading guide: only the parts this book has
        "reading_guide": markupsafe.Markup(
            "\n".join(f"- **{caption}**: {guide}." for caption, guide in reading_guide(available))
        ),
        "start_nl": date_nl(start),
        "end_nl": date_nl(end),
        "cases_file": "" if loaded.cases_path is None else loaded.cases_path.name,
        "age_min": schema.AGE_MIN,
        "age_max": schema.AGE_MAX,
        "required_width": required_width(p.disclosure),
        # only a book that gets its PDF links to one
        "pdf_link": PDF_NAME if pdf and chromium_path() else None,
        # method constants, so the methodology page quotes what the code uses
        "funnel_inner": format_level(verdicts.LEVEL),
        "funnel_fdr": format_level(verdicts.FALSE_DISCOVERY_RATE),
        "funnel_pooled": POOLED_PERIODS,
        "funnel_tail": format_level((1 - verdicts.LEVEL) / 2),
        "funnel_power": format_level(verdicts.POWER_TARGET),
        "funnel_shortfall": "de helft"
        if verdicts.SHORTFALL == 0.5
        else format_level(verdicts.SHORTFALL),
        "days_per_month": f"{format_decimal(DAYS_PER_YEAR)} / {MONTHS_PER_YEAR}",
        "top_problems": TOP_PROBLEMS,
        "symbol_words": SYMBOL_WORDS,
        "at_least_symbol": AT_LEAST_SYMBOL,
        "at_least_words": AT_LEAST_WORDS,
        "cbs_bands": " en ".join(b.label for b in schema.CBS_AGE_BANDS),
        "cbs_licence": reference.CBS_LICENCE,
        "secret_symbol": SECRET_SYMBOL,
        "nil_symbol": NIL_SYMBOL,
        # what the accessibility statement says was tested, with which tools
        **statement_context(),
    }


def book_config(project: Project, loaded: LoadedParams) -> bytes:
    config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8"))
    p = loaded.params
    # Escaped where the theme shows them (olcc_report.book.sphinx_text).
    config["title"] = p.title
    config["author"] = p.organisation
    if p.is_demo:
        config.setdefault("html", {})["announcement"] = DEMO_NOTICE
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True).encode("utf-8")


def _literal(value: object) -> object:
    """Every ``{{ value }}`` of a narrative page reaches Markdown as literal text (params text
    never becomes markup); ``| code`` makes a code span, ``| e`` text for an HTML attribute."""
    if isinstance(value, markupsafe.Markup):
        return value
    return markdown_literal(value, paragraphs=True)


def page_templates(folder: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_literal,
    )
    environment.filters["code"] = lambda value: markupsafe.Markup(markdown_code(value))
    return environment


def narrative_files(project: Project, period: str) -> list[Path]:
    """The team's narrative pages for a period (``book/<period>/*.md``)."""
    return sorted((project.book_dir / period).glob("*.md"))


def _chapters_without_inputs(project: Project, loaded: LoadedParams) -> list[str]:
    """Calendar-year chapters the period does not have because an input is not given."""
    if not is_calendar_year(loaded.params.period):
        return []
    have = {t.name for t in project.templates_for(loaded)}
    return [
        f"{t.stem} (needs: {', '.join(needs)})"
        for t in project.templates()
        if t.name not in have and (needs := [n for n in _requires(t) if n != "year"])
    ]


def _requires(template: Path) -> list[str]:
    import nbformat

    return nbformat.read(template, as_version=4).metadata.get("olcc", {}).get("requires", [])


def left_out_pages(project: Project, loaded: LoadedParams) -> dict[str, list[str]]:
    """Narrative pages that quote a chapter notebook the period does not have (its inputs,
    e.g. the codings, are not given yet) → those notebooks. The book leaves them out, and
    the build warns, until the inputs are there."""
    have = {t.name for t in project.templates_for(loaded)}
    out = {}
    for page in narrative_files(project, loaded.params.period):
        missing = sorted(notebooks_quoted(page.read_text(encoding="utf-8")) - have)
        if missing:
            out[page.name] = missing
    return out


def git_state(root: Path) -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "--",
                "params",
                "book",
                "notebooks",
                "olcc_report",
                "_config.yml",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "geen git-repository"
    return f"`{commit}`" + (" met niet-vastgelegde wijzigingen" if dirty else "")


def available_chapters(project: Project, loaded: LoadedParams) -> set[str]:
    """The chapter files a period's book has (see :mod:`olcc_report.records.contents`)."""
    available = {p.stem for p in project.book_dir.glob("*.md")}
    left_out = left_out_pages(project, loaded)
    available |= {
        p.stem for p in narrative_files(project, loaded.params.period) if p.name not in left_out
    }
    available |= {"gegevenswoordenboek", "achtpuntenplan", "bijlagen", "colofon"}
    available |= {t.stem for t in project.templates_for(loaded)}
    return available


def periods_script(
    project: Project, current: str, book: str | None = None, root: str = "../../"
) -> str:
    """``_static/perioden.js``: the periods of the project and their pages (the period
    switcher), this period's regional books and their pages (the region switcher), which book
    this is (None: the national one), and the way from its pages back to ``_build/``."""
    entries, books = [], []
    for period in project.periods():
        loaded = project.params(period)
        pages = sorted(f"{name}.html" for name in available_chapters(project, loaded))
        regional = loaded.params.regional_books()
        entries.append(
            {
                "period": period,
                "title": loaded.params.title,
                "pages": pages,
                "regions": [r.code for r in regional],
            }
        )
        if period == current:
            books = [
                {"code": r.code, "name": r.name, "pages": regional_pages(project, period, r)}
                for r in regional
            ]
    data = {"OLCC_ROOT": root, "OLCC_PERIOD": current, "OLCC_BOOK": book}
    data |= {"OLCC_PERIODS": entries, "OLCC_BOOKS": books}
    return "".join(
        f"window.{name} = {json.dumps(value, ensure_ascii=False, sort_keys=True)};\n"
        for name, value in data.items()
    )


def regional_pages(project: Project, period: str, region) -> list[str]:
    """The pages of a regional book (its own pages are named ``eigen_<file>``)."""
    own = []
    if region.narrative:
        folder = project.book_dir / period / region.narrative
        own = [f"eigen_{p.stem}" for p in sorted(folder.glob("*.md"))]
    return [f"{name}.html" for name in (ROOT, *own, REGIONAL_CHAPTER, "colofon")]


def stage_sources(
    project: Project,
    loaded: LoadedParams,
    src: Path,
    warn: Report = lambda _: None,
    pdf: bool = True,
) -> tuple[set[Path], bool]:
    """Render the shared pages, the period's narrative, the plan page, the data dictionary, the
    toc and the config into ``src``. Returns (files written, config changed)."""
    context = render_context(loaded, pdf, available_chapters(project, loaded))
    written: set[Path] = set()

    def put(relative: str, data: bytes) -> bool:
        target = src / relative
        written.add(target)
        return write_if_changed(target, data)

    shared = page_templates(project.book_dir)
    for page in sorted(project.book_dir.glob("*.md")):
        put(page.name, shared.get_template(page.name).render(context).encode("utf-8"))
    for asset in sorted((project.book_dir / "_static").rglob("*")):
        if asset.is_file():
            put(asset.relative_to(project.book_dir).as_posix(), asset.read_bytes())
    period = loaded.params.period
    marked = []
    narrative = (
        page_templates(project.book_dir / period) if (project.book_dir / period).is_dir() else None
    )
    left_out = left_out_pages(project, loaded)
    absent = _chapters_without_inputs(project, loaded)
    if absent:
        warn(f"chapters left out until their inputs are given in the params: {', '.join(absent)}")
    for name, notebooks in left_out.items():
        warn(
            f"book/{period}/{name} is left out of the book: it quotes {', '.join(notebooks)}, "
            "a chapter this period has no inputs for (see the params: qualitative)"
        )
    for page in narrative_files(project, period):
        if page.name in left_out:
            continue
        text = narrative.get_template(page.name).render(context)
        if revision_marked(text):
            marked.append(page.name)
        put(page.name, text.encode("utf-8"))
    if marked:
        warn(
            f" {len(marked)} page(s) of book/{period}/ still carry '{REVISION_MARK}' "
            f"(text copied from last year): {', '.join(marked)}"
        )
    put(
        "gegevenswoordenboek.md",
        data_dictionary_markdown(loaded.params.data.not_registered).encode("utf-8"),
    )
    put("achtpuntenplan.md", plan_markdown(loaded).encode("utf-8"))
    put("colofon.md", colophon_markdown(loaded, git_state(project.root)).encode("utf-8"))
    put("_static/perioden.js", periods_script(project, period).encode("utf-8"))
    toc = yaml.safe_dump(
        table_of_contents(available_chapters(project, loaded)), allow_unicode=True, sort_keys=False
    )
    config_changed = put("_toc.yml", ("# Generated by olcc-report build.\n" + toc).encode("utf-8"))
    config_changed |= put("_config.yml", book_config(project, loaded))
    return written, config_changed


def remove_stale(src: Path, keep: set[Path]) -> None:
    for path in sorted(src.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and path.name != "conf.py":
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
