"""The book's figures and tables as a publication cites them: "Figuur 3.2" and "Tabel 3.2" in
each caption and text alternative, and a "Bron:" line under each; and the roles ``{figuur}`` and
``{tabel}`` with which the narrative refers to one by its key (``{figuur}`problemen```), never by a
typed number.

The numbers depend on the book's shape (which chapters, which figures), which is known only after
the notebooks ran: the build writes them to ``_nummers.json`` in the book source
(:func:`write_numbers`), and this extension reads it. A figure's HTML comes from the notebook
outputs (``olcc_report.figures``) with a slot wherever a number, a source or the download's
published name goes (:func:`olcc_report.records.vocabulary.slot`); the slots are filled here,
where the page is written, so notebooks stay the same whatever the book around them. Nothing
here reads the HTML around the slots, and the chart's spec is never edited: vega takes the
chart's accessible name from its container when it draws.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from olcc_report.records import contents
from olcc_report.records.vocabulary import SLOT, published_name

if TYPE_CHECKING:  # the params are for the build; Sphinx loads this without them (faster)
    from olcc_report.intake.params import Params

NUMBERS_FILE = "_nummers.json"


@dataclass(frozen=True)
class Numbered:
    """One published figure with its table: its number ("3.2"), the page it is shown on, and
    its source line."""

    number: str
    page: str
    source: str
    file: str = ""  # the CSV's published name ("" keeps the figure's own)


def numbering(
    chapters: list[str],
    sections: list[tuple[str, str, list[dict]]],
    params: Params,
) -> dict[str, Numbered]:
    """Number every figure per chapter: ``chapters`` in book order (the first is chapter 1),
    ``sections`` (page name, title, tables in order) as the appendix lists them. A table made
    with CBS's figures (:mod:`olcc_report.records.contents`) says so in its source line."""
    from olcc_report.book.publication import source_line

    position = {name: index for index, name in enumerate(chapters, start=1)}
    numbers = {}
    for name, _, tables in sections:
        for index, table in enumerate(tables, start=1):
            key = table["filename"].removesuffix(".csv")
            numbers[key] = Numbered(
                f"{position[name]}.{index}",
                name,
                source_line(params, cbs=contents.table(key).cbs),
                published_name(table["filename"], params.is_demo),
            )
    return numbers


def write_numbers(numbers: dict[str, Numbered]) -> bytes:
    return json.dumps(
        {key: asdict(n) for key, n in numbers.items()}, ensure_ascii=False, indent=1, sort_keys=True
    ).encode("utf-8")


def read_numbers(srcdir: str | Path) -> dict[str, Numbered]:
    path = Path(srcdir) / NUMBERS_FILE
    if not path.is_file():
        return {}
    return {key: Numbered(**n) for key, n in json.loads(path.read_text(encoding="utf-8")).items()}


def _filled(name: str, key: str, numbers: dict[str, Numbered]) -> str:
    n = numbers.get(key)
    if name == "bestand":  # the download under its published name
        return n.file if n is not None and n.file else f"{key}.csv"
    if n is None:  # a figure this book does not number
        return ""
    return {
        "figuur": f'<span class="olcc-nummer">Figuur {n.number}</span> ',
        "figuur-naam": f"Figuur {n.number}: ",
        "tabel": f'<span class="olcc-nummer">Tabel {n.number}</span> ',
        "tabel-naam": f"Tabel {n.number}: ",
        "bron": f'<p class="olcc-source">Bron: {html.escape(n.source)}</p>\n',
    }[name]


def decorate(text: str, numbers: dict[str, Numbered]) -> str:
    """A figure's HTML with its slots filled (:func:`olcc_report.records.vocabulary.slot`): its
    number in the captions and at the start of the accessible names of its chart (which vega
    takes over when it draws) and its table, a source line under the chart and under the table,
    and its download's published name. A figure without a number keeps its own file name and
    gets neither number nor source."""
    return SLOT.sub(lambda m: _filled(m["name"], m["key"], numbers), text)


def _decorate_pages(app, doctree, docname) -> None:
    numbers = app.env.olcc_numbers
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        decorated = decorate(text, numbers)
        if decorated != text:
            node.replace_self(nodes.raw("", decorated, format="html"))


def _role(kind: str):
    label = {"figuur": "figuur", "tabel": "tabel"}[kind]

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        key = text.strip()
        numbered = env.olcc_numbers.get(key)
        if numbered is None:
            message = inliner.reporter.error(
                f"{{{kind}}}`{key}`: this book has no figure {key!r} "
                f"(known: {', '.join(sorted(env.olcc_numbers)) or 'none'})",
                line=lineno,
            )
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        reference = nodes.reference(
            rawtext,
            f"{label} {numbered.number}",
            refuri=f"{numbered.page}.html#{'figuur' if kind == 'figuur' else 'tabel'}-{key}",
        )
        return [reference], []

    return role


def _load(app) -> None:
    app.env.olcc_numbers = read_numbers(app.srcdir)


def setup(app):
    app.connect("builder-inited", _load)
    app.connect("doctree-resolved", _decorate_pages)
    app.add_role("figuur", _role("figuur"))
    app.add_role("tabel", _role("tabel"))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
