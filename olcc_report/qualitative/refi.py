"""REFI-QDA projects (``.qdpx``), the exchange format of ATLAS.ti, MAXQDA, NVivo and QualCoder: a
zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and the text sources.

Codes (nested too), text sources, ``PlainTextSelection`` ranges with their ``Coding`` →
``CodeRef``, and ``Case`` → ``SourceRef`` links to our case ids. A selection that also carries
the codebook's ``citaat`` code is a quote.

A ``.qdpx`` comes from outside, so it is opened defensively: the XML through defusedxml (no DTDs,
no entity expansion, no external entities), at most :data:`MAX_MEMBERS` zip members and
:data:`MAX_UNPACKED` bytes unpacked (counted while reading, not trusted from the header), and no
member name that is absolute or climbs out with ``..``.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
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
        with archive.open(info) as handle:
            while chunk := handle.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNPACKED:
                    raise refuse(
                        f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB (a zip bomb?)"
                    )
                chunks.append(chunk)
        members[posixpath.normpath(info.filename.replace("\\", "/"))] = b"".join(chunks)
    return members


def _text_of(source, members: dict[str, bytes]) -> str | None:
    inline = source.find(f"{NS}PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    path = source.get("plainTextPath", "")
    if path.startswith("internal://"):
        wanted = path[len("internal://") :].lower()
        for name, data in members.items():
            if posixpath.basename(name).lower() == posixpath.basename(wanted):
                return data.decode("utf-8-sig")
    return None


def _project_root(members: dict[str, bytes], file: str):
    """The parsed ``project.qde`` (defused), or CodingsInvalid."""
    project_name = next(
        (n for n in members if posixpath.basename(n).lower() == "project.qde"), None
    )
    if project_name is None:
        raise CodingsInvalid([Problem(file, None, None, None, "no project.qde in the archive")])
    try:
        root = SafeET.fromstring(members[project_name], forbid_dtd=True)
    except DefusedXmlException as exc:
        raise CodingsInvalid(
            [
                Problem(
                    file,
                    None,
                    "project.qde",
                    None,
                    f"refused: the XML uses a DTD or entities ({type(exc).__name__})",
                )
            ]
        ) from None
    except SafeET.ParseError as exc:
        raise CodingsInvalid(
            [Problem(file, None, "project.qde", None, f"not valid XML: {exc}")]
        ) from None
    if root.tag != f"{NS}Project":
        raise CodingsInvalid(
            [
                Problem(
                    file,
                    None,
                    "project.qde",
                    root.tag,
                    "a <Project> in namespace urn:QDA-XML:project:1.0",
                )
            ]
        )
    return root


def _cases(root) -> tuple[dict[str, str], dict[str, str]]:
    """Source GUID → case name, and case name → its ``bekende_namen`` value."""
    names_variable = {
        v.get("guid")
        for v in root.iter(f"{NS}Variable")
        if normalise(v.get("name", "")) == normalise("bekende_namen")
    }
    case_of_source: dict[str, str] = {}
    names_of_case: dict[str, str] = {}
    for case in root.iter(f"{NS}Case"):
        for ref in case.iter(f"{NS}SourceRef"):
            case_of_source[ref.get("targetGUID")] = case.get("name", "")
        for value in case.iter(f"{NS}VariableValue"):
            ref = value.find(f"{NS}VariableRef")
            text = value.find(f"{NS}TextValue")
            if ref is not None and ref.get("targetGUID") in names_variable and text is not None:
                names_of_case[case.get("name", "")] = text.text or ""
    return case_of_source, names_of_case


def read_qdpx(data: bytes, file: str, codebook: Codebook) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a REFI-QDA project into the codings frame (codes resolved through the codebook)."""
    members = _read_zip(data, file)
    root = _project_root(members, file)
    problems: list[Problem] = []
    users = {u.get("guid"): u.get("name", "") for u in root.iter(f"{NS}User")}
    codes: dict[str, str | None] = {}
    for code in root.iter(f"{NS}Code"):
        name = code.get("name", "")
        resolved = codebook.resolve(name)
        codes[code.get("guid")] = resolved
        if resolved is None:
            problems.append(
                Problem(
                    file,
                    None,
                    "CodeBook",
                    name,
                    "a code of the codebook (code or label); add it to the codebook "
                    "or rename it in the QDA project",
                )
            )
    case_of_source, names_of_case = _cases(root)
    rows = []
    for source in root.iter(f"{NS}TextSource"):
        source_name = source.get("name", "")
        text = _text_of(source, members)
        where_source = f"TextSource '{source_name}'"
        if text is None:
            problems.append(
                Problem(
                    file,
                    None,
                    where_source,
                    source.get("plainTextPath"),
                    "the source text (PlainTextContent or an internal:// file)",
                )
            )
            continue
        case_id = case_of_source.get(source.get("guid"), source_name)
        for selection in source.iter(f"{NS}PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                problems.append(
                    Problem(
                        file,
                        None,
                        where_source,
                        selection.get("guid"),
                        "startPosition and endPosition as whole numbers",
                    )
                )
                continue
            where = f"{where_source}, selection {start}–{end}"
            if not 0 <= start < end <= len(text):
                problems.append(
                    Problem(file, None, where, None, f"a range inside the text (0–{len(text)})")
                )
                continue
            refs = [
                (coding, ref)
                for coding in selection.iter(f"{NS}Coding")
                for ref in coding.iter(f"{NS}CodeRef")
            ]
            resolved = [(coding, codes.get(ref.get("targetGUID"), "?")) for coding, ref in refs]
            quote = any(
                code is not None
                and codebook.by_code.get(code) is not None
                and codebook.by_code[code].kind == QUOTE_KIND
                for _, code in resolved
            )
            for coding, code in resolved:
                if code == "?":
                    problems.append(
                        Problem(file, None, where, None, "a CodeRef to a code in the CodeBook")
                    )
                    continue
                if code is None or codebook.by_code[code].kind == QUOTE_KIND:
                    continue
                rows.append(
                    {
                        "case_id": case_id,
                        "code": code,
                        "tekst": text[start:end],
                        "start": start,
                        "einde": end,
                        "codeur": users.get(coding.get("creatingUser"), ""),
                        "citaat": quote,
                        "bekende_namen": names_of_case.get(case_id, ""),
                        "waar": where,
                        "rij": None,
                    }
                )
    return coding_frame(rows), problems
