"""The book's downloads: every table a notebook showed, as CSV with its ``.meta.csv`` (after the
UK DfE open-data metadata), one zip of all of them, and the appendix page that lists them.

The tables travel from the notebooks in their outputs' metadata (key
:data:`~olcc_report.records.vocabulary.TABLE_METADATA`); this module only reads notebooks.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from olcc_report.book.glue import glue_references
from olcc_report.book.publication import source_line
from olcc_report.book.sphinx_numbers import Numbered
from olcc_report.intake.params import LoadedParams
from olcc_report.records.archive import deterministic_zip
from olcc_report.records.formatting import markdown_literal, neutralise
from olcc_report.records.vocabulary import (
    TABLE_METADATA,
    TABLES_DIR,
    published_name,
    symbol_legend,
)

UNITS = {
    "count": "aantal casussen",
    "percent": "procent",
    "number": "getal",
    "decimal": "getal",
    "interval": "interval",
    "text": "tekst",
}
ZIP_NAME = "tabellen.zip"


class DownloadError(Exception):
    """A notebook's table output cannot be published as a download (the message says why)."""


def notebook_tables(notebook: Path) -> tuple[str, list[dict]]:
    """A notebook's title (its first heading) and the tables its outputs carry, in order."""
    nb = nbformat.read(notebook, as_version=4)
    return _title(nb), [table for table, _ in _tables(nb)]


def _title(nb: nbformat.NotebookNode) -> str:
    """A chapter notebook's title: its first heading."""
    return nb.cells[0].source.lstrip("# ").strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "kolom"


def meta_csv(table: dict, loaded: LoadedParams, numbered: Numbered) -> str:
    """``<table>.meta.csv``: one row per column of the table's CSV (label, unit, decimals), with
    the table's status, symbols, footnotes and source (after the UK DfE open-data metadata)."""
    params = loaded.params
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "table_number",
            "col_name",
            "col_type",
            "label",
            "unit",
            "decimals",
            "status",
            "publication_date",
            "symbols",
            "footnotes",
            "source",
        ]
    )
    columns, kinds = table.get("columns", []), table.get("kinds", [])
    decimals = table.get("decimals", [])
    symbols = symbol_legend()
    notes = " | ".join(table.get("notes", []))
    for index, label in enumerate(columns):
        kind = None if index == 0 else (kinds[index - 1] if index - 1 < len(kinds) else "text")
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    f"Tabel {numbered.number}" if numbered.number else "",
                    _slug(label) if label else "rij",
                    "Filter" if kind is None else "Indicator",
                    label,
                    "" if kind is None else UNITS[kind],
                    ""
                    if kind in (None, "text")
                    else str(decimals[index - 1] if index - 1 < len(decimals) else 0),
                    params.publication.status,
                    "" if params.publication.date is None else params.publication.date.isoformat(),
                    symbols,
                    notes,
                    numbered.source,
                )
            ]
        )
    return buffer.getvalue()


def downloads(
    notebooks: list[Path], loaded: LoadedParams, numbers: dict[str, Numbered] | None = None
) -> dict[str, bytes]:
    """Every table a notebook displayed or glued (the CSV in its output metadata) as a download,
    with its ``.meta.csv``: file name (the figure's key) → bytes; see :func:`published_files`
    for the names a reader downloads them under.

    UTF-8 with BOM and ``;`` separators, so Dutch Excel opens them as tables."""
    source: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for notebook in notebooks:
        for table in notebook_tables(notebook)[1]:
            name = table.get("filename")
            if not name or "/" in name or name.startswith("."):
                raise DownloadError(f"{notebook.name}: table output without a safe file name")
            if name in source:
                raise DownloadError(
                    f"table {name} is written by both {source[name]} and {notebook.name}"
                )
            source[name] = notebook.name
            files[name] = ("\ufeff" + table["csv"]).encode("utf-8")
            files[name.replace(".csv", ".meta.csv")] = (
                "\ufeff" + meta_csv(table, loaded, _numbered(numbers, name, loaded))
            ).encode("utf-8")
    return files


def published_files(files: dict[str, bytes], loaded: LoadedParams) -> dict[str, bytes]:
    """The downloads under their published names (a demo's say synthetic), with
    :data:`ZIP_NAME` holding all of them."""
    demo = loaded.params.is_demo
    named = {published_name(name, demo): data for name, data in files.items()}
    return {**named, published_name(ZIP_NAME, demo): deterministic_zip(named)}


def _numbered(numbers: dict[str, Numbered] | None, name: str, loaded: LoadedParams) -> Numbered:
    """A table's number and source; a table that no page of this book shows has no number."""
    return (numbers or {}).get(name.removesuffix(".csv")) or Numbered(
        "", "", source_line(loaded.params)
    )


def appendix_sections(src: Path, chapters: Iterable[str]) -> list[tuple[str, str, list[dict]]]:
    """The book's chapters in book order (``chapters``: their file names without suffix), each
    with its name, its title (Markdown) and the tables a reader finds in it: a chapter notebook's own
    tables, and those a narrative page shows by glue (a theme chapter's figure is glued from the
    qualitative notebook, so it is listed under the theme). Chapters without tables are left out."""
    own: dict[str, tuple[str, list[dict]]] = {}
    glued: dict[tuple[str, str], dict] = {}
    for notebook in sorted(src.glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        shown = []
        for table, glue_name in _tables(nb):
            if glue_name is None:
                shown.append(table)
            else:
                glued[(notebook.name, glue_name)] = table
        own[notebook.stem] = (markdown_literal(_title(nb)), shown)
    sections = []
    for name in chapters:
        page = src / f"{name}.md"
        if name in own:
            title, tables = own[name]
        elif page.is_file():
            text = page.read_text(encoding="utf-8")
            title = next(
                (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), name
            )
            tables = [glued[ref] for ref in glue_references(text) if ref in glued]
        else:
            continue
        if tables:
            sections.append((name, title, tables))
    return sections


def _tables(nb: nbformat.NotebookNode) -> list[tuple[dict, str | None]]:
    """Every table a notebook's outputs carry, in order, with its glue name when it is glued."""
    return [
        (output["metadata"][TABLE_METADATA], output["metadata"].get("scrapbook", {}).get("name"))
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if TABLE_METADATA in output.get("metadata", {})
    ]


def appendix_markdown(
    sections: list[tuple[str, str, list[dict]]],
    loaded: LoadedParams,
    numbers: dict[str, Numbered],
) -> str:
    """The appendix page: every table of the book by its number, with a link to its CSV and
    metadata."""
    status = loaded.params.publication.status
    demo = loaded.params.is_demo
    zip_name = published_name(ZIP_NAME, demo)
    lines = [
        "# Bijlagen: alle tabellen",
        "",
        "Alle tabellen van dit boek, beveiligd zoals beschreven in de verantwoording, als "
        "CSV-bestand (puntkomma-gescheiden, UTF-8; opent in Excel). Bij elke tabel hoort een "
        "bestand `.meta.csv` met per kolom het label, de eenheid en het aantal decimalen, en "
        "de voetnoten, symbolen en bron.",
        "",
        f"Status van alle cijfers in deze periode: **{status}**.",
        "",
        "Alle tabellen en metadata in één zip-bestand: "
        f'<a href="{TABLES_DIR}/{zip_name}" download>{zip_name}</a>.',
        "",
    ]
    for _, title, tables in sections:
        lines += [f"## {title}", ""]
        for t in tables:
            number = numbers[t["filename"].removesuffix(".csv")].number
            name = published_name(t["filename"], demo)
            meta = published_name(t["filename"].replace(".csv", ".meta.csv"), demo)
            lines.append(
                f"- Tabel {number} {markdown_literal(t.get('title', name))}: "
                f'<a href="{TABLES_DIR}/{name}" download>{name}</a>, metadata '
                f'<a href="{TABLES_DIR}/{meta}" download>{meta}</a>'
            )
        lines.append("")
    return "\n".join(lines)
