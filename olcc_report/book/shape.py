"""Checks on the team's narrative (the book's parts, chapters and tables are declared in
:mod:`olcc_report.records.contents`).

Every number in the team's narrative must come from a notebook (glue): :func:`stray_numbers`
finds digits that are not a year, a heading number or inside a glue reference, and the test suite
fails on any; :func:`bare_glue` finds values glued into running text that are not whole
sentences. :data:`REVISION_MARK` marks text carried over by ``olcc-report new-year``.
"""

from __future__ import annotations

import re

REVISION_MARK = "TE HERZIEN"


_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`[^`]*`|```\{glue(?::[a-z]+)?\}[^\n]*")
_HEADING_NUMBER = re.compile(r"^(#+\s*)(\d+(?:\.\d+)*)[.)]?\s")
_LIST_NUMBER = re.compile(r"^(\s*)(\d+)[.)]\s")
_YEAR = re.compile(r"^(19|20)\d{2}$")
# A template expression that names a value (params, a constant) is computed, not typed.
_TEMPLATE = re.compile(r"\{\{[^}]*[A-Za-z_][^}]*\}\}|\{%.*?%\}")


def stray_numbers(text: str) -> list[tuple[int, str]]:
    """Digit sequences a reader would take for a figure that no notebook computed.

    Allowed: years (1900–2099), heading and list numbers, anything inside a glue reference or a
    template expression (``{{ … }}``, ``{% … %}``), HTML comments and code. Returns (line number, number) pairs."""
    found = []
    in_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```") and "{glue" not in line:
            in_code = not in_code
            continue
        if in_code:
            continue
        line = re.sub(r"<!--.*?-->", "", line)
        line = _TEMPLATE.sub("", line)  # values the build fills in from params and constants
        line = _GLUE.sub("", line)
        line = re.sub(r"`[^`]*`", "", line)  # inline code (file names, keys)
        line = _HEADING_NUMBER.sub(r"\1", line)
        line = _LIST_NUMBER.sub(r"\1", line)
        line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets
        for match in re.finditer(r"\d+(?:[.,]\d+)*", line):
            if not _YEAR.match(match.group()):
                found.append((number, match.group()))
    return found


# A value glued into running text: ``{glue:text}`welke_vragen.ipynb::casussen_zin:```.
_TEXT_GLUE = re.compile(r"\{glue:text\}`[^`:]*::([A-Za-z0-9_]+)")
SENTENCE_SUFFIX = "_zin"  # a glued sentence: complete Dutch for every state of its values


def bare_glue(text: str) -> list[str]:
    """Values glued into the team's running text that are not whole sentences (their names do
    not end in ``_zin``): a bare number reads "na x weken" or "na onbekend weken" when it is
    secret or missing, so narrative pages glue only sentences the notebooks make for every
    state of a value (:mod:`olcc_report.figures.statements`)."""
    return [k for k in _TEXT_GLUE.findall(text) if not k.endswith(SENTENCE_SUFFIX)]


def revision_marked(text: str) -> bool:
    return REVISION_MARK in text
