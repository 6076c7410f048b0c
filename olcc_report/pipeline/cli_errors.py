"""How the command line tells a user what is wrong with their inputs: every problem at once,
grouped by file, rows as Excel shows them, and exit code 1."""

from __future__ import annotations

from contextlib import contextmanager

import typer
from rich.console import Console

from olcc_report.intake.params import ParamsError
from olcc_report.intake.problems import ExportInvalid
from olcc_report.qualitative.codebook import CodebookError
from olcc_report.qualitative.codings import CodingsInvalid

console = Console(stderr=True)
out = Console()


def _fail_params(exc: ParamsError) -> None:
    console.print(f"[bold red]Params file {exc.path} is not valid:[/]")
    for problem in exc.problems:
        console.print(f"  • {problem}")
    raise typer.Exit(1)


def _fail_export(exc: ExportInvalid) -> None:
    console.print(
        f"[bold red]{len(exc.problems)} problem(s) in the case export — nothing was built.[/]"
    )
    console.print("Rows are numbered as Excel shows them.")
    for line in exc.lines():
        console.print(f"  • {line}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _fail_codings(exc: CodingsInvalid | CodebookError) -> None:
    if isinstance(exc, CodebookError):
        console.print(f"[bold red]Codebook {exc.path} is not valid — nothing was built.[/]")
        problems = exc.problems
    else:
        console.print(
            f"[bold red]{len(exc.problems)} problem(s) in the codings — nothing was built.[/]"
        )
        problems = exc.problems
    for problem in problems:
        console.print(f"  • {problem}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def input_errors():
    """Bad params, export, codebook or codings: list every problem and exit 1."""
    try:
        yield
    except ParamsError as exc:
        _fail_params(exc)
    except ExportInvalid as exc:
        _fail_export(exc)
    except (CodingsInvalid, CodebookError) as exc:
        _fail_codings(exc)
