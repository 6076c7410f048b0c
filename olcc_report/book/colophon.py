"""The colophon: which inputs (by SHA-256) and which software made this book. No clock time,
so the same inputs give the same page."""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.metadata import PackageNotFoundError, version

from olcc_report.book.publication import contact_markdown, dates_markdown, terms_markdown
from olcc_report.intake.params import LoadedParams
from olcc_report.records.formatting import markdown_literal

PROVENANCE_PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "papermill",
    "pandas",
    "numpy",
    "altair",
    "scipy",
    "pandera",
    "deduce",
)


def colophon_markdown(loaded: LoadedParams, source_state: str) -> str:
    """Provenance: which inputs and which software made this book; ``source_state`` is the git
    commit of the project (Markdown). No clock time: the same inputs give the same page."""
    params = loaded.params
    lines = [
        "# Colofon",
        "",
        markdown_literal(params.title),
        "",
        "## Uitgave",
        "",
        f"Uitgegeven door {markdown_literal(params.publisher)}"
        + (
            f", {markdown_literal(params.publication.address)}"
            if params.publication.address
            else ""
        )
        + ".",
        "",
        dates_markdown(params),
        "## Inlichtingen",
        "",
        contact_markdown(params),
        "## Hergebruik",
        "",
        terms_markdown(params),
        "## Technische verantwoording",
        "",
        "Welke invoer (met de SHA-256 van elk bestand) en welke software dit boek maakten. Met "
        "dezelfde invoer en software ontstaat hetzelfde boek.",
        "",
    ]
    lines += [
        "### Invoer",
        "",
        "| Bestand | SHA-256 |",
        "|---|---|",
        f"| `params/{loaded.path.name}` | `{hashlib.sha256(loaded.path.read_bytes()).hexdigest()}` |",
    ]
    if params.is_demo:
        lines.append(
            "| registratie | synthetische (verzonnen) gegevens voor deze demonstratie, geen echte casussen |"
        )
    for path in loaded.input_files():
        name = os.path.relpath(path, loaded.path.parent)
        lines.append(f"| `{name}` | `{hashlib.sha256(path.read_bytes()).hexdigest()}` |")
    packages = []
    for name in PROVENANCE_PACKAGES:
        try:
            packages.append(f"| {name} | {version(name)} |")
        except PackageNotFoundError:
            packages.append(f"| {name} | niet geïnstalleerd |")
    lines += [
        "",
        "### Software",
        "",
        "| Onderdeel | Versie |",
        "|---|---|",
        f"| olcc-report | {version('olcc-report')} |",
        f"| Python | {sys.version.split()[0]} |",
        *packages,
        "",
        f"Broncode: git-commit {source_state}.",
        "",
    ]
    return "\n".join(lines)
