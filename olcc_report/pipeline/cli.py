"""Command line: ``olcc-report validate | build | refresh-notebooks | demo-export``."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from olcc_report.intake.periods import Periods
from olcc_report.intake.reader import NOTICES
from olcc_report.intake.validate import DROPPED_COLUMNS
from olcc_report.pipeline.build import (
    DEFAULT_PERIOD,
    LOSS_LINE,
    BuildError,
    Project,
    build_periods,
    build_site,
    refresh_executed,
)
from olcc_report.pipeline.cli_errors import console, input_errors, out
from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
from olcc_report.records.vocabulary import is_calendar_year

app = typer.Typer(
    help="Build the OLCC annual report from a case export.",
    no_args_is_help=True,
    add_completion=False,
)

ProjectOption = Annotated[
    Path, typer.Option("--project", help="Project folder (holds params/, notebooks/, book/).")
]


def _load_inputs(proj: Project, period: str, file: Path | None = None):
    """Params, validated cases and (unless a single export file is checked) codings; every
    problem is printed and exits 1."""

    with input_errors():
        loaded = proj.params(period)
        cases = load_cases(loaded, file)
        qualitative = None if file is not None else load_qualitative_inputs(loaded, cases)
    return loaded, cases, qualitative


@app.command()
def validate(
    period: Annotated[
        str, typer.Option(help="Reporting period: params/<period>.yaml")
    ] = DEFAULT_PERIOD,
    file: Annotated[
        Path | None, typer.Option(help="Check this export instead of the one in params.")
    ] = None,
    max_change: Annotated[
        float, typer.Option(help="Flag year-on-year changes beyond this share.")
    ] = 0.5,
    project: ProjectOption = Path("."),
) -> None:
    """Read and validate a period's case export (and codings); list every problem (exit 1).

    Then prints an analyst-only quality report against the year before (never published)."""
    loaded, cases, qualitative = _load_inputs(Project(project), period, file)
    out.print(f"OK: {len(cases)} cases in period {period} pass validation.")
    for notice in cases.attrs.get(NOTICES, []):
        out.print(f"Read: {notice}.", markup=False, highlight=False)
    not_registered = loaded.params.data.not_registered
    if not_registered:
        out.print(
            f"Not registered (data.not_registered): {', '.join(not_registered)} — the book says "
            "so wherever a figure needs them.",
            markup=False,
        )
    dropped = cases.attrs.get(DROPPED_COLUMNS, [])
    if dropped:
        out.print(
            f"Columns not used (dropped at reading, nothing from them is used): "
            f"{', '.join(dropped)}",
            markup=False,
            highlight=False,
        )
    if qualitative is not None:
        codings = qualitative.codings
        out.print(
            f"OK: {len(codings.frame)} codings in {codings.source} "
            f"(codebook {qualitative.codebook.version})."
        )
        for warning in codings.warnings:
            console.print(f"  ! {warning}", markup=False, highlight=False, soft_wrap=True)
    _quality(Project(project), loaded, cases, max_change)


def _quality(proj: Project, loaded, cases, max_change: float) -> None:
    from olcc_report.analysis.qa import quality_report

    period, previous = loaded.params.period, None
    if is_calendar_year(period):  # the year before, on the same kind of data
        earlier = Periods.beside(loaded).previous(loaded)
        previous = None if earlier is None else load_cases(earlier)
    findings = quality_report(cases, previous, max_change)
    against = f"against {int(period) - 1}" if previous is not None else "(no previous year)"
    out.print(
        f"Quality report {period} {against} — for analysts only, not published: "
        f"{len(findings)} finding(s)."
    )
    for finding in findings:
        out.print(f"  · {finding}", markup=False, highlight=False)


def _regions_option(text: str) -> list[str] | None:
    """``all`` → None (every declared regional book), ``none`` → [], else the codes."""
    if text.strip().lower() == "all":
        return None
    if text.strip().lower() == "none":
        return []
    return [code.strip() for code in text.split(",") if code.strip()]


@app.command()
def build(
    period: Annotated[
        str | None, typer.Option(help="Reporting period: params/<period>.yaml")
    ] = None,
    all_periods: Annotated[bool, typer.Option("--all", help="Build every params file.")] = False,
    html_only: Annotated[
        bool, typer.Option("--html-only", help="The HTML book only, no PDF (faster).")
    ] = False,
    regions: Annotated[
        str,
        typer.Option(
            help="Regional books to build: 'all' (every one the params declare under "
            "'regions'), 'none', or codes such as JZ14,noord."
        ),
    ] = "all",
    project: ProjectOption = Path("."),
) -> None:
    """Validate, execute the chapter notebooks and build the HTML book into _build/<period>/html
    and its PDF, and the period's regional books into _build/<period>/regio/<code>/html; then
    the site index _build/index.html that links all built books."""
    proj = Project(project.resolve())
    periods = proj.periods() if all_periods else [period or DEFAULT_PERIOD]
    warnings: list[str] = []
    current = [periods[0]]

    def step(period: str, what: str, status) -> None:
        current[0] = period if period in periods else current[0]
        if what.startswith(LOSS_LINE):  # a result, kept in the log
            console.print(f"{period}: {what}", markup=False, highlight=False)
        status.update(f"[bold]{period}[/]: {what}")

    try:
        with input_errors(), console.status(f"[bold]{periods[0]}[/]: starting") as status:
            # several periods: their notebooks share the kernels (cheaper than one by one)
            books = build_periods(
                proj,
                periods,
                report=lambda p, what: step(p, what, status),
                warn=lambda p, message: warnings.append(f"{p}: {message}"),
                pdf=not html_only,
                regions=_regions_option(regions),
            )
    except BuildError as exc:
        console.print(f"[bold red]Build of {current[0]} failed:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        for each in periods:
            _say_if_retired(proj, each)
    for index in books.values():
        out.print(str(index))
    site = build_site(proj)
    for message in warnings:
        console.print(f"[bold white on red] WARNING [/] {message}", highlight=False)
    out.print(f"All periods: {site}")


@app.command()
def preview(
    period: Annotated[
        str, typer.Option(help="Reporting period: params/<period>.yaml")
    ] = DEFAULT_PERIOD,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    project: ProjectOption = Path("."),
) -> None:
    """Serve the period's HTML book on http://127.0.0.1:PORT/ and rebuild it whenever a
    narrative page, the params, a notebook or an input file is saved; the open page reloads
    by itself. No PDF. Stop with Ctrl+C."""
    from olcc_report.pipeline.preview import serve

    proj = Project(project.resolve())
    with input_errors():
        proj.params(period)
    with suppress(KeyboardInterrupt):
        serve(proj, period, port, say=_say)


def _say(message: str) -> None:
    """Print a preview message (a function, not a lambda: the rebuild worker pickles it)."""
    console.print(message, highlight=False, markup=False)


def _say_if_retired(proj: Project, period: str) -> None:
    """After a failure: say where the older book went, and refresh the site index so it no
    longer links it."""
    from olcc_report.pipeline.build import RETIRED_DIR

    build = proj.build_dir(period)
    retired = build / RETIRED_DIR
    if retired.is_dir() and not (build / "html").is_dir():
        build_site(proj)
        console.print(
            f"The earlier book of {period} was moved to {retired}: it does not show the "
            "current inputs. Fix the problems above and build again.",
            highlight=False,
        )


@app.command()
def quotes(
    period: Annotated[
        str, typer.Option(help="Reporting period: params/<period>.yaml")
    ] = DEFAULT_PERIOD,
    project: ProjectOption = Path("."),
) -> None:
    """De-identify the quotes analysts marked and update the period's approval file.

    New quotes are added with `akkoord: false`; read each one and set `akkoord: true` to publish
    it. Quotes whose de-identified text changed are reset to `akkoord: false`."""
    from olcc_report.qualitative.quotes import (
        DeidentificationCache,
        candidates,
        read_approvals,
        update_approvals,
        write_approvals,
    )

    proj = Project(project.resolve())
    loaded, _, qualitative = _load_inputs(proj, period)
    q = loaded.params.qualitative
    if qualitative is None or q.quotes is None:
        console.print(f"[bold red]params/{period}.yaml has no qualitative.quotes file.[/]")
        raise typer.Exit(1)
    found = candidates(qualitative.codings.frame)
    with console.status(
        f"de-identifying {len(found)} quote(s) (deduce; the first run takes a minute)"
    ):
        texts = DeidentificationCache(proj.cache_dir / "deidentified.json")(
            [(c.text, list(c.names)) for c in found]
        )
    path = loaded.resolve(q.quotes)
    update = update_approvals(found, texts, read_approvals(path))
    write_approvals(path, update.approvals)
    approved = sum(a.approved for a in update.approvals)
    out.print(
        f"{path}: {len(update.approvals)} quote(s): {update.new} new, {update.kept} unchanged, "
        f"{update.reset} changed (approval reset), {update.dropped} no longer marked; "
        f"{approved} approved."
    )
    out.print("Read every quote and set 'akkoord: true' for those fit to publish.")


@app.command("new-year")
def new_year_command(
    year: Annotated[int, typer.Argument(help="The new reporting year, e.g. 2022.")],
    export: Annotated[
        Path | None,
        typer.Option(help="The year's own export: draft its mapping too (olcc-report map)."),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Start a new year: params/<year>.yaml and book/<year>/ from the latest year, to revise;
    with --export, a real period with a drafted mapping of that export."""
    from olcc_report.book.newyear import NewYearError, new_year

    if export is not None and not export.is_file():
        console.print(f"[bold red]Export not found: {export}[/]", highlight=False)
        raise typer.Exit(1)
    try:
        result = new_year(project.resolve(), year, export)
    except NewYearError as exc:
        console.print(f"[bold red]{exc}[/]")
        raise typer.Exit(1) from None
    if export is not None:
        try:
            write_mapping(Project(project.resolve()), str(year), export, force=True)
        except BaseException:  # typer.Exit too: nothing is left behind to retry over
            result.undo()
            console.print(f"Nothing written for {year}: fix the export and run new-year again.")
            raise
    out.print(f"Wrote {result.params_file} and {result.book_dir}/ from {result.source_year}.")
    if export is not None:
        import yaml

        from olcc_report.book.newyear import mark_unregistered_sentences

        drafted = yaml.safe_load(result.params_file.read_text(encoding="utf-8"))
        unregistered = (drafted.get("data") or {}).get("not_registered") or []
        result.todo[:0] = mark_unregistered_sentences(result.book_dir, unregistered)
    out.print("Now fill in:")
    for item in result.todo:
        out.print(f"  • {item}")
    out.print(f"Then: olcc-report validate --period {year} && make report PERIOD={year}")


@app.command("map")
def map_command(
    file: Annotated[Path, typer.Option(help="The export to map (CSV, XLSX or Parquet).")],
    period: Annotated[
        str | None,
        typer.Option(help="The period the export is for (e.g. 2023): writes params/<period>.yaml"),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Worksheet of an XLSX export.")] = None,
    header_row: Annotated[
        int | None,
        typer.Option(help="Row (as Excel numbers it) with the column names; found by content."),
    ] = None,
    separator: Annotated[
        str | None, typer.Option(help="CSV separator, if the guess is wrong.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="CSV encoding, if the guess is wrong.")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Replace a mapping: block the params file already has.")
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Propose a mapping for an export nobody mapped yet, and write it into params/<period>.yaml.

    Every guess gets a comment with its score and the runner-up; nothing below the threshold
    is guessed (validation then lists it)."""
    if period is None:  # never a demo period by default: it would overwrite the demo's params
        console.print(
            "[bold red]Which period is this export for?[/] Give it as --period, e.g. "
            f"--period {file.stem[-4:] if file.stem[-4:].isdigit() else '2023'}",
            highlight=False,
        )
        raise typer.Exit(1)
    write_mapping(
        Project(project.resolve()), period, file, sheet, header_row, separator, encoding, force
    )
    out.print(f"Next: olcc-report validate --period {period}")


def write_mapping(
    proj: Project,
    period: str,
    file: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    force: bool = False,
) -> None:
    from olcc_report.intake.draft import DraftError, draft_from_export, summary
    from olcc_report.intake.reader import ReadError

    try:
        draft, proposal, rows, notices = draft_from_export(
            proj.params_file(period), period, file, sheet, header_row, separator, encoding, force
        )
    except (ReadError, ValueError) as exc:
        console.print(f"[bold red]Cannot read {file}:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except DraftError as exc:
        console.print(f"[bold red]{exc}[/]", highlight=False)
        raise typer.Exit(1) from None
    verb = "Wrote" if draft.created else "Updated"
    out.print(f"{verb} {draft.params_file} from {file.name} ({rows} rows):", highlight=False)
    for line in notices:
        out.print(f"  read: {line}", markup=False, highlight=False)
    for line in summary(proposal):
        out.print(f"  {line}", markup=False, highlight=False)


@app.command("refresh-notebooks")
def refresh_notebooks(project: ProjectOption = Path(".")) -> None:
    """Re-execute the committed demo notebooks under notebooks/executed/ (checked by nbval)."""
    proj = Project(project.resolve())
    for path in refresh_executed(proj, report=lambda step: console.print(step)):
        out.print(str(path.relative_to(proj.root)))


@app.command("demo-export")
def demo_export(
    year: Annotated[int, typer.Option(help="Calendar year of the synthetic registrations.")] = 2020,
    output: Annotated[Path, typer.Option("--out", help="Where to write (.csv or .xlsx).")] = Path(
        "demo_export.csv"
    ),
) -> None:
    """Write the synthetic demo registrations as an export file (to try the reader and mappings)."""
    from olcc_report.demo.cases import write_export

    out.print(str(write_export(year, output)))


if __name__ == "__main__":  # pragma: no cover
    app()
