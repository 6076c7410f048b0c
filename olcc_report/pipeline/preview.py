"""``olcc-report preview``: a period's HTML book on 127.0.0.1 that rebuilds when a page, the
params, a notebook or an input file is saved, and reloads the open page in the browser.

sphinx-autobuild does the watching, the serving and the live reload (its ``RebuildServer``,
``JavascriptInjectorMiddleware`` and ``IgnoreFilter``); the rebuild is :func:`build_period`
without the PDF, so validation, notebooks and Sphinx run only for what changed. Each rebuild
runs in a process forked from this one, which has Sphinx and its extensions imported already,
and runs Sphinx in that process: an edited narrative page shows in about a second and a half.
When a rebuild fails, the book is replaced by a page that says why (in Dutch, the problems as
text, never as markup), and the next good build brings the book back.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from olcc_report.intake.params import ParamsError
from olcc_report.intake.problems import ExportInvalid
from olcc_report.pipeline.build import BuildError, Project, build_period
from olcc_report.qualitative.codebook import CodebookError
from olcc_report.qualitative.codings import CodingsInvalid

# What the rebuild never looks at (outputs, caches, tools' folders).
IGNORED = (".git", ".venv", "venv", "_build", ".olcc-cache", ".ruff_cache", ".pytest_cache")
IGNORED_PATTERNS = (r"/notebooks/executed/", r"\.ipynb_checkpoints/", r"~$", r"\.sw[px]$")


def problem_lines(exc: Exception) -> list[str]:
    """Every problem an input error lists, one line each (as the command line prints them)."""
    if isinstance(exc, ParamsError):
        return [f"Params-bestand {exc.path} is niet geldig:", *exc.problems]
    if isinstance(exc, ExportInvalid):
        return [
            f"{len(exc.problems)} probleem/problemen in de export (rijen zoals Excel ze "
            "nummert, de kop is rij 1):",
            *(str(p) for p in exc.problems),
        ]
    return str(exc).splitlines()


def error_page(period: str, lines: Sequence[str]) -> str:
    """The page the preview shows instead of the book while its inputs do not build."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    first = html.escape(lines[0]) if lines else "Onbekende fout."
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Voorbeeld {html.escape(period)}: de bouw is mislukt</title>\n"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5}li{white-space:pre-wrap;margin:.3rem 0}</style>\n</head>\n<body>\n"
        f"<h1>Het boek van {html.escape(period)} is niet gebouwd</h1>\n<p>{first}</p>\n"
        f"<ul>{items}</ul>\n<p>Herstel het probleem en sla het bestand op: deze pagina "
        "ververst vanzelf.</p>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class Rebuild:
    """The change callback: build the HTML book (Sphinx in the forked worker), or write the
    error page where the book was. A class, so the worker pool can pickle it."""

    project: Project
    period: str
    say: Callable[[str], None] = print

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        names = ", ".join(sorted({p.name for p in changed_paths})[:5])
        if names:
            self.say(f"gewijzigd: {names}")
        try:
            build_period(self.project, self.period, pdf=False, in_process=True, report=self.say)
        except (BuildError, ParamsError, ExportInvalid, CodingsInvalid, CodebookError) as exc:
            lines = problem_lines(exc)
            self.say("de bouw is mislukt:\n  " + "\n  ".join(lines))
            html_dir = self.project.build_dir(self.period) / "html"
            html_dir.mkdir(parents=True, exist_ok=True)
            page = error_page(self.period, lines)
            for name in ("index.html", "404.html"):
                (html_dir / name).write_text(page, encoding="utf-8")
        else:
            self.say("klaar")


def watched(project: Project, period: str) -> list[Path]:
    """The project folder, and the folders of input files that live outside it."""
    root = project.root.resolve()
    folders = {root}
    loaded = project.params(period)
    for file in loaded.input_files():
        folder = file.resolve().parent
        if not folder.is_relative_to(root):
            folders.add(folder)
    return sorted(folders)


def _preload_sphinx() -> None:
    """Import Sphinx, the theme and the extensions once, so every forked rebuild has them."""
    import jupyter_book  # noqa: F401
    import myst_nb.sphinx_ext  # noqa: F401
    import sphinx.builders.html  # noqa: F401
    import sphinx.cmd.build  # noqa: F401
    import sphinx.search.nl  # noqa: F401
    import sphinx_book_theme  # noqa: F401

    import olcc_report.book.sphinx_numbers  # noqa: F401
    import olcc_report.book.sphinx_text  # noqa: F401


def serve(project: Project, period: str, port: int, say: Callable[[str], None] = print) -> None:
    """Build once, then serve ``_build/<period>/html`` on 127.0.0.1:``port`` and rebuild on
    every save until interrupted."""
    import uvicorn
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    _preload_sphinx()
    callback = Rebuild(project, period, say)
    callback()
    html_dir = project.build_dir(period) / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    root = project.root.resolve()
    ignore = IgnoreFilter([root / name for name in IGNORED], list(IGNORED_PATTERNS))
    host = f"127.0.0.1:{port}"
    watcher = RebuildServer(watched(project, period), ignore, change_callback=callback)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=html_dir, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=host)],
        lifespan=watcher.lifespan,
    )
    say(f"voorbeeld van {period} op http://{host}/ (stoppen: Ctrl+C)")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
