"""Glued values and fields a period does not register.

A chapter notebook glues the numbers and labels the prose quotes. When a value needs a field
the period's registration does not record, its figure says "In deze periode niet geregistreerd"
and the glued value is a marker (:data:`~olcc_report.records.vocabulary.NOT_REGISTERED_GLUE`);
this module makes sure no page shows one:

* a notebook's own paragraphs that need such a field say so in their metadata
  (``olcc: {needs: [field, …]}``); :func:`drop_unregistered_text` keeps only their headings;
* :func:`unregistered_glue_references` finds every remaining reference, on narrative pages and
  in notebooks, to a glued marker, so the build can refuse the book naming page and glue name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from olcc_report.records.vocabulary import NOT_REGISTERED_GLUE

# {glue}`name`, {glue:text}`name:.1f`, {glue:text}`chapter.ipynb::name:` and the glue
# directives (```{glue:figure} name / :::{glue} name).
_ROLE = re.compile(r"\{glue(?::\w*)?\}`(?:([\w.-]+\.ipynb)::)?([^`:\s]+)")
_DIRECTIVE = re.compile(
    r"^(?:`{3,}|:{3,})\{glue(?::\w*)?\}[ \t]+(?:([\w.-]+\.ipynb)::)?(\S+)", re.MULTILINE
)


def needed_fields(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("olcc", {}).get("needs", []))


def drop_unregistered_text(
    nb: nbformat.NotebookNode, not_registered: Iterable[str]
) -> nbformat.NotebookNode:
    """Keep only the headings of the markdown cells that need a field the period does not
    register (the figures below them say it is not registered)."""
    missing = set(not_registered)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and missing & set(needed_fields(cell)):
            headings = [line for line in cell.source.splitlines() if line.startswith("#")]
            cell.source = "\n".join(headings)
    return nb


_DOC_OPTION = re.compile(r"\A(?:[ \t]*:[\w-]+:[^\n]*\n)*?[ \t]*:doc:[ \t]*(\S+)")


def glue_references(text: str) -> list[tuple[str | None, str]]:
    """Every glue reference in a page: (notebook or None for the page's own, glue name). A
    directive names its notebook before ``::`` or in its ``:doc:`` option."""
    out = [m.groups() for m in _ROLE.finditer(text)]
    for m in _DIRECTIVE.finditer(text):
        notebook, name = m.groups()
        if notebook is None:
            option = _DOC_OPTION.match(text[m.end() + 1 :])
            notebook = option.group(1) if option else None
        out.append((notebook, name))
    return out


def notebooks_quoted(text: str) -> set[str]:
    """The chapter notebooks a narrative page takes glued values from."""
    return {notebook for notebook, _ in glue_references(text) if notebook}


def unregistered_glue(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Glue name → the fields (as the marker names them) of every glued marker."""
    out = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            text = output.get("data", {}).get(f"{meta.get('mime_prefix', '')}text/plain", "")
            text = text.strip("'\"")
            if text.startswith(NOT_REGISTERED_GLUE):
                out[meta["name"]] = text.removeprefix(NOT_REGISTERED_GLUE).rstrip("⟩")
    return out


def unregistered_glue_references(src: Path, notebooks: Iterable[Path]) -> list[str]:
    """A message per reference, on a page of ``src`` or in a notebook, to a glued value that
    needs a field the period does not register."""
    executed = {path.name: nbformat.read(path, as_version=4) for path in notebooks}
    markers = {name: unregistered_glue(nb) for name, nb in executed.items()}
    pages: list[tuple[str, str | None, str]] = [
        (page.name, None, page.read_text(encoding="utf-8")) for page in sorted(src.glob("*.md"))
    ]
    for name, nb in executed.items():
        pages += [(name, name, c.source) for c in nb.cells if c.cell_type == "markdown"]
    problems = []
    for page, own, text in pages:
        for notebook, glue_name in glue_references(text):
            fields = markers.get(notebook or own or "", {}).get(glue_name)
            if fields is None:
                continue
            problems.append(
                f"{page}: glue '{glue_name}' needs {fields}, which this period does not "
                "register; leave the sentence out, or put it between "
                f"{{% if '{fields.split(', ')[0]}' in registered %}} and {{% endif %}}"
            )
    return sorted(set(problems))
