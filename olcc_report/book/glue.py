"""Glue references, and notebook text that needs a field a period does not register.

A chapter notebook glues the sentences and figures the prose quotes; every glued sentence is
made for each state of its value (:mod:`olcc_report.figures.statements`), so a page never needs
to know whether a field is registered. A notebook's own paragraphs that need such a field say so
in their metadata (``olcc: {needs: [field, …]}``); :func:`drop_unregistered_text` keeps only
their headings (the figures below them say the field is not registered).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nbformat

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
