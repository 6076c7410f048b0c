"""REFI-QDA projects (``.qdpx``), the exchange format of ATLAS.ti, MAXQDA, NVivo and QualCoder: a
zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and the text sources.

Read as the tools write them (REFI-QDA 1.5, ``Project.xsd``):

* GUIDs compared normalised (upper or lower case, with or without braces); a GUID used by two
  elements is an error (except NVivo's case nodes: a code that is a case);
* codes nested in non-codable folders; folders and case nodes not in the codebook are ignored
  with a warning, a codable code not in the codebook is an error;
* text sources with ``PlainTextContent`` or a ``plainTextPath`` (with or without
  ``internal://``, any folder case), UTF-8 with or without BOM; a ``PDFSource``'s text codings
  through its ``Representation``;
* positions in one of three conventions, detected per file by which one puts the selections on
  word boundaries (and on the text a selection names): code points (the standard), CRLF counted
  as one (ATLAS.ti), UTF-16 code units (NVivo for Windows); none fits → refused;
* a quote is any selection coded with the codebook's ``citaat`` code: in the same selection, or
  as a second selection of the same range (QualCoder);
* a source is linked to a case by, in this order: ``Case`` + ``SourceRef``, ``Case`` +
  ``SelectionRef``, a ``Set`` whose name is a case id, a variable holding a case id, the source
  name without its extension. The warnings say which were used.

A ``.qdpx`` comes from outside, so it is opened defensively: the XML through defusedxml (no DTDs,
no entity expansion, no external entities), at most :data:`MAX_MEMBERS` zip members and
:data:`MAX_UNPACKED` bytes unpacked (counted while reading, not trusted from the header), and no
member name that is absolute or climbs out with ``..``.
"""

from __future__ import annotations

import codecs
import difflib
import io
import posixpath
import zipfile
import zlib
from array import array
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import normalise
from olcc_report.qualitative.codebook import Codebook
from olcc_report.qualitative.segments import QUOTE_KIND, CodingsInvalid, coding_frame

NS = "{urn:QDA-XML:project:1.0}"
MAX_MEMBERS = 10_000
MAX_UNPACKED = 200 * 1024 * 1024
# Limits on project.qde itself, so that no file makes the importer use more than a few hundred MB:
MAX_PROJECT_BYTES = 50 * 1024 * 1024
MAX_ELEMENTS = 500_000
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_SELECTIONS = 200_000


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (name[1:3] == ":\\" or name[1:3] == ":/"):
        return False
    return ".." not in path.parts


def _read_zip(data: bytes, file: str) -> dict[str, bytes]:
    """The members of a .qdpx, read with limits. Raises CodingsInvalid on anything unsafe."""

    def refuse(why: str) -> CodingsInvalid:
        return CodingsInvalid([Problem(file, None, None, None, f"refused: {why}")])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("not a zip archive (a .qdpx is a zip with project.qde)") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise refuse(f"{len(infos)} files in the archive (at most {MAX_MEMBERS})")
    unsafe = [i.filename for i in infos if not _safe_member_name(i.filename)]
    if unsafe:
        raise refuse(
            f"unsafe path(s) in the archive: {', '.join(unsafe[:5])} "
            "(absolute or climbing out with '..')"
        )
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        chunks = []
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise refuse(
                            f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB (a zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise refuse(f"{info.filename} in the archive is damaged ({exc})") from None
        members[posixpath.normpath(info.filename.replace("\\", "/"))] = b"".join(chunks)
    return members


# Never processed here, but no QDA tool writes it: a file that asks to include others is refused.
XINCLUDE = "{http://www.w3.org/2001/XInclude}"


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


# --- bounded parsing ------------------------------------------------------------------------------


def _refuse(file: str, why: str) -> CodingsInvalid:
    return CodingsInvalid([Problem(file, None, "project.qde", None, f"refused: {why}")])


def _parse(data: bytes, file: str):
    """``project.qde`` parsed incrementally (defused: no DTD, no entities), refused past
    :data:`MAX_PROJECT_BYTES` or :data:`MAX_ELEMENTS` before the tree grows further."""
    if len(data) > MAX_PROJECT_BYTES:
        raise _refuse(file, f"project.qde is larger than {MAX_PROJECT_BYTES // 2**20} MB")
    count = 0
    root = None
    try:
        for _, element in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
            if root is None:
                root = element
            count += 1
            if element.tag.startswith(XINCLUDE):
                raise _refuse(file, "the XML asks to include other files (XInclude)")
            if count > MAX_ELEMENTS:
                raise _refuse(file, f"more than {MAX_ELEMENTS:,} XML elements".replace(",", "."))
    except DefusedXmlException as exc:
        raise _refuse(file, f"the XML uses a DTD or entities ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise CodingsInvalid(
            [Problem(file, None, "project.qde", None, f"not valid XML: {exc}")]
        ) from None
    if root is None or root.tag != f"{NS}Project":
        raise CodingsInvalid(
            [
                Problem(
                    file,
                    None,
                    "project.qde",
                    None if root is None else root.tag,
                    "a <Project> in namespace urn:QDA-XML:project:1.0",
                )
            ]
        )
    return root


def _project_root(members: dict[str, bytes], file: str):
    name = next((n for n in members if posixpath.basename(n).lower() == "project.qde"), None)
    if name is None:
        raise CodingsInvalid([Problem(file, None, None, None, "no project.qde in the archive")])
    return _parse(members[name], file)


# --- the parts of a project -----------------------------------------------------------------------


def _describe(element) -> str:
    tag = element.tag.removeprefix(NS)
    name = element.get("name")
    return f"<{tag} name='{name}'>" if name else f"<{tag}>"


def _duplicate_guids(root, file: str) -> list[Problem]:
    """A GUID used by two elements (NVivo's case nodes, a Code and a Case of one name, aside)."""
    seen: dict[str, object] = {}
    problems = []
    for element in root.iter():
        guid = _guid(element.get("guid"))
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


def _codes(root, codebook: Codebook, case_names: set[str], case_guids: set[str], file: str):
    """GUID → code, with the problems (unknown codable codes) and warnings (ignored ones)."""
    codes: dict[str, _Code] = {}
    problems, warnings = [], []
    for code in root.iter(f"{NS}Code"):
        name = code.get("name", "")
        guid = _guid(code.get("guid"))
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
class _Links:
    by_source: dict[str, str]  # source GUID → case name (Case + SourceRef)
    by_selection: dict[str, str]  # selection GUID → case name (Case + SelectionRef)
    sets: dict[str, list[str]]  # source GUID → names of the Sets it is a member of
    names_of_case: dict[str, str]  # case name → its bekende_namen value


def _links(root) -> _Links:
    names_variable = {
        _guid(v.get("guid"))
        for v in root.iter(f"{NS}Variable")
        if normalise(v.get("name", "")) == normalise("bekende_namen")
    }
    links = _Links({}, {}, {}, {})
    for case in root.iter(f"{NS}Case"):
        name = (case.get("name") or "").strip()
        if not name:
            continue  # a nameless case (MAXQDA) links nothing by itself
        for ref in case.iter(f"{NS}SourceRef"):
            links.by_source[_guid(ref.get("targetGUID"))] = name
        for ref in case.iter(f"{NS}SelectionRef"):
            links.by_selection[_guid(ref.get("targetGUID"))] = name
        for value in case.iter(f"{NS}VariableValue"):
            ref = value.find(f"{NS}VariableRef")
            text = value.find(f"{NS}TextValue")
            if (
                ref is not None
                and _guid(ref.get("targetGUID")) in names_variable
                and text is not None
            ):
                links.names_of_case[name] = text.text or ""
    for group in root.iter(f"{NS}Set"):
        for member in group.iter(f"{NS}MemberSource"):
            links.sets.setdefault(_guid(member.get("targetGUID")), []).append(group.get("name", ""))
    return links


@dataclass
class _Source:
    guid: str  # the source a case links to (for a PDF's representation: the PDF)
    name: str
    text: str
    where: str
    element: object


def _sources(root, members: dict[str, bytes], file: str) -> tuple[list[_Source], list[Problem]]:
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
        sources.append(_Source(_guid(owner.get("guid")), name, text, where, element))
    return sources, problems


# --- positions ------------------------------------------------------------------------------------

CONVENTIONS = {
    "codepoints": "code points (the standard)",
    "crlf_one": "characters with CRLF counted as one (ATLAS.ti)",
    "utf16": "UTF-16 code units (NVivo for Windows)",
}
MIN_FIT = 0.6  # share of selections on word boundaries the chosen convention must reach


def _unit_map(text: str, convention: str) -> array | None:
    """Position in ``convention`` → index in ``text`` (−1 inside a unit); None when the
    convention counts this text exactly as code points."""
    if convention == "codepoints":
        return None
    if convention == "crlf_one" and "\r\n" not in text:
        return None
    if convention == "utf16" and all(ord(c) <= 0xFFFF for c in text):
        return None
    out = array("i")
    i = 0
    while i < len(text):
        out.append(i)
        if convention == "crlf_one" and text.startswith("\r\n", i):
            i += 2
            continue
        if convention == "utf16" and ord(text[i]) > 0xFFFF:
            out.append(-1)  # the second unit of a surrogate pair
        i += 1
    out.append(len(text))
    return out


def _index(position: int, units: array | None, length: int) -> int | None:
    if units is None:
        return position if 0 <= position <= length else None
    if not 0 <= position < len(units):
        return None
    index = units[position]
    return None if index < 0 else index


def _on_boundaries(text: str, start: int, end: int) -> bool:
    """A selection as a person makes one: from the start of a word to the end of one (not
    from a space, and not from or to the middle of a word)."""

    def boundary(i: int) -> bool:
        return i in (0, len(text)) or not (text[i - 1].isalnum() and text[i].isalnum())

    return (
        not text[start].isspace()
        and not text[end - 1].isspace()
        and boundary(start)
        and boundary(end)
    )


@dataclass
class _Selection:
    source: _Source
    guid: str
    start: int
    end: int
    name: str
    codes: list[tuple[str, str]]  # (code GUID, creating user)


def _fit(selections: list[_Selection], convention: str) -> float:
    """Share of selections that land on word boundaries (or on the text they name)."""
    if not selections:
        return 1.0
    maps: dict[int, array | None] = {}
    good = 0
    for s in selections:
        text = s.source.text
        key = id(s.source)
        if key not in maps:
            maps[key] = _unit_map(text, convention)
        start = _index(s.start, maps[key], len(text))
        end = _index(s.end, maps[key], len(text))
        if start is None or end is None or not start < end:
            continue
        if s.name and len(s.name) >= 3 and not s.name.isdigit():
            good += normalise(text[start:end]).startswith(normalise(s.name)[:40])
        else:
            good += _on_boundaries(text, start, end)
    return good / len(selections)


def _convention(selections: list[_Selection], file: str) -> tuple[str, list[Problem]]:
    fits = {c: _fit(selections, c) for c in CONVENTIONS}
    best = max(CONVENTIONS, key=lambda c: (fits[c], c == "codepoints"))
    if fits[best] < MIN_FIT:
        shares = "; ".join(f"{CONVENTIONS[c]}: {fits[c]:.0%}" for c in CONVENTIONS)
        return best, [
            Problem(
                file,
                None,
                "project.qde",
                None,
                "selection positions that fit the texts; in no way of counting do most "
                f"selections start and end on a word boundary ({shares}), so the coded text "
                "would be shifted: export the project again, or report the tool and version",
            )
        ]
    return best, []


# --- the project ----------------------------------------------------------------------------------

LINK_METHODS = {
    "case": "Case with SourceRef",
    "selection": "Case with SelectionRef",
    "set": "a Set named after the case",
    "variable": "a variable holding the case id",
    "name": "the source name (without extension)",
}


def _selections(sources: list[_Source], file: str) -> tuple[list[_Selection], list[Problem]]:
    out, problems = [], []
    for source in sources:
        for element in source.element.iter(f"{NS}PlainTextSelection"):
            if len(out) >= MAX_SELECTIONS:
                raise _refuse(file, f"more than {MAX_SELECTIONS:,} selections".replace(",", "."))
            try:
                start = int(element.get("startPosition"))
                end = int(element.get("endPosition"))
            except (TypeError, ValueError):
                problems.append(
                    Problem(
                        file,
                        None,
                        source.where,
                        element.get("guid"),
                        "startPosition and endPosition as whole numbers",
                    )
                )
                continue
            codes = [
                (_guid(ref.get("targetGUID")), coding.get("creatingUser") or "")
                for coding in element.iter(f"{NS}Coding")
                for ref in coding.iter(f"{NS}CodeRef")
            ]
            name = (element.get("name") or "").strip()
            out.append(_Selection(source, _guid(element.get("guid")), start, end, name, codes))
    return out, problems


def _case_of(selection: _Selection, links: _Links, case_ids: set[str] | None) -> tuple[str, str]:
    """(case id, how it was linked) for a selection's source."""
    source = selection.source
    if links.by_source.get(source.guid):
        return links.by_source[source.guid], "case"
    if links.by_selection.get(selection.guid):
        return links.by_selection[selection.guid], "selection"
    known = case_ids or set()
    for name in links.sets.get(source.guid, []):
        if name in known:
            return name, "set"
    for value in source.element.iter(f"{NS}TextValue"):
        if value.text and value.text.strip() in known:
            return value.text.strip(), "variable"
    stem = posixpath.splitext(source.name)[0] if "." in source.name else source.name
    return stem, "name"


def read_qdpx(
    data: bytes, file: str, codebook: Codebook, case_ids: set[str] | None = None
) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Read a REFI-QDA project into the codings frame: (frame, problems, warnings). The
    warnings say what was ignored, how positions were counted and how cases were linked."""
    members = _read_zip(data, file)
    root = _project_root(members, file)
    problems = _duplicate_guids(root, file)
    users = {_guid(u.get("guid")): u.get("name", "") for u in root.iter(f"{NS}User")}
    case_names = {normalise(c.get("name", "")) for c in root.iter(f"{NS}Case") if c.get("name")}
    case_guids = {_guid(c.get("guid")) for c in root.iter(f"{NS}Case")}
    codes, code_problems, warnings = _codes(root, codebook, case_names, case_guids, file)
    problems += code_problems
    links = _links(root)
    sources, source_problems = _sources(root, members, file)
    problems += source_problems
    selections, selection_problems = _selections(sources, file)
    problems += selection_problems
    if not selections and not problems:
        problems.append(
            Problem(file, None, "project.qde", None, "coded text selections; the project has none")
        )
    convention, fit_problems = _convention(selections, file)
    if fit_problems:  # never read shifted text
        return coding_frame([]), problems + fit_problems, warnings
    rows, quotes, methods = [], set(), {}
    maps: dict[int, array | None] = {}
    for s in selections:
        text = s.source.text
        if id(s.source) not in maps:
            maps[id(s.source)] = _unit_map(text, convention)
        start = _index(s.start, maps[id(s.source)], len(text))
        end = _index(s.end, maps[id(s.source)], len(text))
        where = f"{s.source.where}, selection {s.start}–{s.end}"
        if start is None or end is None or not start < end:
            problems.append(
                Problem(file, None, where, None, f"a range inside the text (0–{len(text)})")
            )
            continue
        case_id, how = _case_of(s, links, case_ids)
        methods[how] = methods.get(how, 0) + 1
        for guid, user in s.codes:
            if guid not in codes:
                problems.append(
                    Problem(file, None, where, guid, "a CodeRef to a code in the CodeBook")
                )
                continue
            code = codes[guid].code
            if code is None:
                continue
            if codebook.by_code[code].kind == QUOTE_KIND:
                quotes.add((s.source.guid, start, end))
                continue
            rows.append(
                {
                    "case_id": case_id,
                    "code": code,
                    "tekst": text[start:end],
                    "start": start,
                    "einde": end,
                    "codeur": users.get(_guid(user), ""),
                    "citaat": (s.source.guid, start, end),
                    "bekende_namen": links.names_of_case.get(case_id, ""),
                    "waar": where,
                    "rij": None,
                }
            )
    for row in rows:
        row["citaat"] = row["citaat"] in quotes
    warnings.append(
        Problem(
            file,
            None,
            "project.qde",
            None,
            f"positions read as {CONVENTIONS[convention]}; cases linked by "
            + ", ".join(f"{LINK_METHODS[m]} ({n} selections)" for m, n in methods.items()),
        )
    )
    return coding_frame(rows), problems, warnings
