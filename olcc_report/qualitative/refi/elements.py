"""The elements of a ``project.qde``: GUIDs, codes (nested in folders), cases and their links,
sets and variables, and the text sources (plain text, ``plainTextPath``, a PDF's representation)."""

from __future__ import annotations

import codecs
import difflib
import posixpath
from dataclasses import dataclass

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import normalise
from olcc_report.qualitative.codebook import Codebook
from olcc_report.qualitative.refi.archive import MAX_SOURCE_BYTES, NS, normal_guid


def _describe(element) -> str:
    tag = element.tag.removeprefix(NS)
    name = element.get("name")
    return f"<{tag} name='{name}'>" if name else f"<{tag}>"


def duplicate_guids(root, file: str) -> list[Problem]:
    """A GUID used by two elements (NVivo's case nodes, a Code and a Case of one name, aside)."""
    seen: dict[str, object] = {}
    problems = []
    for element in root.iter():
        guid = normal_guid(element.get("guid"))
        if not guid:
            continue
        other = seen.get(guid)
        if other is None:
            seen[guid] = element
            continue
        tags = {other.tag, element.tag}
        if tags == {f"{NS}Code", f"{NS}Case"}:
            continue  # an NVivo case node: the code is the case
        problems.append(
            Problem(
                file,
                None,
                "project.qde",
                element.get("guid"),
                f"a GUID used once; it is used by {_identified(other)} and {_identified(element)}",
            )
        )
    return problems


def _identified(element) -> str:
    """An element as an analyst finds it in the file: tag, name, GUID as written, position."""
    start, end = element.get("startPosition"), element.get("endPosition")
    where = f", positions {start}–{end}" if start is not None else ""
    return f"{_describe(element)} (guid '{element.get('guid')}'{where})"


def _text_of(source, members: dict[str, bytes]) -> str | None:
    inline = source.find(f"{NS}PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    path = source.get("plainTextPath", "")
    if not path:
        return None
    wanted = posixpath.basename(path.removeprefix("internal://").replace("\\", "/")).lower()
    for name, data in members.items():
        if posixpath.basename(name).lower() == wanted:
            if len(data) > MAX_SOURCE_BYTES:
                return None
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return data.decode("utf-16")
            return data.decode("utf-8-sig", errors="replace")
    return None


@dataclass
class _Code:
    code: str | None  # the codebook's code; None: ignored (folder, case node)
    name: str


def read_codes(root, codebook: Codebook, case_names: set[str], case_guids: set[str], file: str):
    """GUID → code, with the problems (unknown codable codes) and warnings (ignored ones)."""
    codes: dict[str, _Code] = {}
    problems, warnings = [], []
    for code in root.iter(f"{NS}Code"):
        name = code.get("name", "")
        guid = normal_guid(code.get("guid"))
        resolved = codebook.resolve(name)
        if resolved is not None:
            codes[guid] = _Code(resolved, name)
            continue
        codes[guid] = _Code(None, name)
        if code.get("isCodable", "true").lower() == "false":
            warnings.append(Problem(file, None, "CodeBook", name, "a folder of codes: ignored"))
        elif guid in case_guids or normalise(name) in case_names:
            warnings.append(Problem(file, None, "CodeBook", name, "a case node: ignored"))
        else:
            names = [normalise(n) for t in codebook.themes for n in (t.code, t.label)]
            close = difflib.get_close_matches(normalise(name), names, n=1)
            hint = f" (did you mean '{codebook.resolve(close[0])}'?)" if close else ""
            problems.append(
                Problem(
                    file,
                    None,
                    "CodeBook",
                    name,
                    f"a code of the codebook (code or label){hint}; add it to the codebook "
                    "or rename it in the QDA project",
                )
            )
    return codes, problems, warnings


@dataclass
class Links:
    by_source: dict[str, str]  # source GUID → case name (Case + SourceRef)
    by_selection: dict[str, str]  # selection GUID → case name (Case + SelectionRef)
    sets: dict[str, list[str]]  # source GUID → names of the Sets it is a member of
    names_of_case: dict[str, str]  # case name → its bekende_namen value


def read_links(root) -> Links:
    names_variable = {
        normal_guid(v.get("guid"))
        for v in root.iter(f"{NS}Variable")
        if normalise(v.get("name", "")) == normalise("bekende_namen")
    }
    links = Links({}, {}, {}, {})
    for case in root.iter(f"{NS}Case"):
        name = (case.get("name") or "").strip()
        if not name:
            continue  # a nameless case (MAXQDA) links nothing by itself
        for ref in case.iter(f"{NS}SourceRef"):
            links.by_source[normal_guid(ref.get("targetGUID"))] = name
        for ref in case.iter(f"{NS}SelectionRef"):
            links.by_selection[normal_guid(ref.get("targetGUID"))] = name
        for value in case.iter(f"{NS}VariableValue"):
            ref = value.find(f"{NS}VariableRef")
            text = value.find(f"{NS}TextValue")
            if (
                ref is not None
                and normal_guid(ref.get("targetGUID")) in names_variable
                and text is not None
            ):
                links.names_of_case[name] = text.text or ""
    for group in root.iter(f"{NS}Set"):
        for member in group.iter(f"{NS}MemberSource"):
            links.sets.setdefault(normal_guid(member.get("targetGUID")), []).append(
                group.get("name", "")
            )
    return links


@dataclass
class Source:
    guid: str  # the source a case links to (for a PDF's representation: the PDF)
    name: str
    text: str
    where: str
    element: object


def read_sources(root, members: dict[str, bytes], file: str) -> tuple[list[Source], list[Problem]]:
    owners = {}
    for pdf in root.iter(f"{NS}PDFSource"):
        for representation in pdf.iter(f"{NS}Representation"):
            owners[id(representation)] = pdf
    sources, problems = [], []
    for element in root.iter():
        if element.tag not in (f"{NS}TextSource", f"{NS}Representation"):
            continue
        owner = owners.get(id(element), element)
        name = owner.get("name") or element.get("name") or ""
        where = f"{_describe(owner)}"
        text = _text_of(element, members)
        if text is None:
            if next(element.iter(f"{NS}PlainTextSelection"), None) is not None:
                problems.append(
                    Problem(
                        file,
                        None,
                        where,
                        element.get("plainTextPath"),
                        "the source text (PlainTextContent or a file in sources/, at most "
                        f"{MAX_SOURCE_BYTES // 2**20} MB)",
                    )
                )
            continue
        sources.append(Source(normal_guid(owner.get("guid")), name, text, where, element))
    return sources, problems
