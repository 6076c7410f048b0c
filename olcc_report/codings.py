"""Codings of the qualitative analysis: which codebook themes were coded in which case's text.

Two ways in, one frame out (:func:`load_codings`):

* a table (CSV or XLSX) with one row per coded segment: ``casus`` (case id), ``code``, ``tekst``
  (the coded segment), ``codeur`` and optionally ``citaat`` (ja/nee: the analyst chose this
  segment as a quote), ``start``/``einde`` (character positions) and ``bekende_namen`` (names that
  occur in the text, ``;``-separated, used only to de-identify quotes);
* a REFI-QDA project (``.qdpx``), the exchange format of ATLAS.ti, MAXQDA, NVivo and QualCoder: a
  zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and the text sources.
  Codes (nested too), text sources, ``PlainTextSelection`` ranges with their ``Coding`` →
  ``CodeRef``, and ``Case`` → ``SourceRef`` links to our case ids. A selection that also carries
  the codebook's ``citaat`` code is a quote.

A ``.qdpx`` comes from outside, so it is opened defensively: the XML through defusedxml (no DTDs,
no entity expansion, no external entities), at most :data:`MAX_MEMBERS` zip members and
:data:`MAX_UNPACKED` bytes unpacked (counted while reading, not trusted from the header), and no
member name that is absolute or climbs out with ``..``.

The frame (:data:`COLUMNS`) holds case text and never leaves the library: analyses aggregate it,
and only approved, de-identified quotes are published (:mod:`olcc_report.quotes`).
"""

from __future__ import annotations

import difflib
import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from olcc_report.codebook import Codebook
from olcc_report.reader import ReadError, read_export
from olcc_report.validate import Problem, normalise, parse_boolean

NS = "{urn:QDA-XML:project:1.0}"
MAX_MEMBERS = 10_000
MAX_UNPACKED = 200 * 1024 * 1024
COLUMNS = ["case_id", "code", "tekst", "start", "einde", "codeur", "citaat", "bekende_namen", "waar"]
QUOTE_KIND = "citaat"

_TABLE_COLUMNS = {
    "case_id": ("casus", "case_id", "casusnummer", "case"),
    "code": ("code", "thema"),
    "tekst": ("tekst", "segment", "fragment", "text"),
    "codeur": ("codeur", "coder", "gecodeerd door"),
    "citaat": ("citaat", "quote"),
    "start": ("start", "begin"),
    "einde": ("einde", "eind", "end"),
    "bekende_namen": ("bekende namen", "bekende_namen", "namen"),
}
_REQUIRED = ("case_id", "code", "tekst")


class CodingsInvalid(Exception):
    """The codings cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.expected))
        super().__init__(f"{len(self.problems)} problem(s) in the codings")


@dataclass(frozen=True)
class Codings:
    frame: pd.DataFrame
    warnings: tuple[Problem, ...]
    source: str


# --- table ------------------------------------------------------------------------------------------


def read_codings_table(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV/XLSX of codings into the frame (codes still as typed)."""
    name = path.name
    try:
        raw = read_export(path, sheet)
    except ReadError as exc:
        raise CodingsInvalid([Problem(name, None, None, None, str(exc))]) from None
    found: dict[str, str] = {}
    for column in raw.columns:
        key = normalise(column)
        for field, names in _TABLE_COLUMNS.items():
            if key in {normalise(n) for n in names} and field not in found:
                found[field] = column
    problems = [
        Problem(name, None, _TABLE_COLUMNS[f][0], None,
                f"required column is missing (accepted names: {', '.join(_TABLE_COLUMNS[f])})")
        for f in _REQUIRED if f not in found
    ]
    if problems:
        raise CodingsInvalid(problems)
    rows = []
    for row_number, record in raw.iterrows():
        def cell(field: str) -> str:
            value = record[found[field]] if field in found else ""
            return "" if value is None or pd.isna(value) else str(value).strip()

        quote = False
        if cell("citaat"):
            try:
                quote = parse_boolean(cell("citaat"))
            except ValueError as exc:
                problems.append(Problem(name, int(row_number), found["citaat"], cell("citaat"), str(exc)))
        positions = []
        for field in ("start", "einde"):
            text = cell(field)
            if not text:
                positions.append(None)
            elif text.isdigit():
                positions.append(int(text))
            else:
                positions.append(None)
                problems.append(Problem(name, int(row_number), found[field], text,
                                        "a character position (whole number)"))
        rows.append({
            "case_id": cell("case_id"), "code": cell("code"), "tekst": cell("tekst"),
            "start": positions[0], "einde": positions[1], "codeur": cell("codeur"),
            "citaat": quote, "bekende_namen": cell("bekende_namen"),
            "waar": f"row {int(row_number)}", "rij": int(row_number),
        })
    for row in rows:
        for field in _REQUIRED:
            if not row[field]:
                problems.append(Problem(name, row["rij"], found[field], None, "a value is required"))
    return _frame(rows), problems


# --- REFI-QDA -----------------------------------------------------------------------------------------


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
        raise refuse(f"unsafe path(s) in the archive: {', '.join(unsafe[:5])} "
                     "(absolute or climbing out with '..')")
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
                    raise refuse(f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB "
                                 "(a zip bomb?)")
                chunks.append(chunk)
        members[posixpath.normpath(info.filename.replace("\\", "/"))] = b"".join(chunks)
    return members


def _text_of(source, members: dict[str, bytes]) -> str | None:
    inline = source.find(f"{NS}PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    path = source.get("plainTextPath", "")
    if path.startswith("internal://"):
        wanted = path[len("internal://"):].lower()
        for name, data in members.items():
            if posixpath.basename(name).lower() == posixpath.basename(wanted):
                return data.decode("utf-8-sig")
    return None


def read_qdpx(data: bytes, file: str, codebook: Codebook) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a REFI-QDA project into the codings frame (codes resolved through the codebook)."""
    members = _read_zip(data, file)
    project_name = next((n for n in members if posixpath.basename(n).lower() == "project.qde"), None)
    if project_name is None:
        raise CodingsInvalid([Problem(file, None, None, None, "no project.qde in the archive")])
    try:
        root = SafeET.fromstring(members[project_name], forbid_dtd=True)
    except DefusedXmlException as exc:
        raise CodingsInvalid([Problem(file, None, "project.qde", None,
                                      f"refused: the XML uses a DTD or entities ({type(exc).__name__})")]) from None
    except SafeET.ParseError as exc:
        raise CodingsInvalid([Problem(file, None, "project.qde", None, f"not valid XML: {exc}")]) from None
    if root.tag != f"{NS}Project":
        raise CodingsInvalid([Problem(file, None, "project.qde", root.tag,
                                      "a <Project> in namespace urn:QDA-XML:project:1.0")])
    problems: list[Problem] = []
    users = {u.get("guid"): u.get("name", "") for u in root.iter(f"{NS}User")}
    codes: dict[str, str | None] = {}
    for code in root.iter(f"{NS}Code"):
        name = code.get("name", "")
        resolved = codebook.resolve(name)
        codes[code.get("guid")] = resolved
        if resolved is None:
            problems.append(Problem(file, None, "CodeBook", name,
                                    "a code of the codebook (code or label); add it to the codebook "
                                    "or rename it in the QDA project"))
    names_variable = {v.get("guid") for v in root.iter(f"{NS}Variable")
                      if normalise(v.get("name", "")) == normalise("bekende_namen")}
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
    rows = []
    for source in root.iter(f"{NS}TextSource"):
        source_name = source.get("name", "")
        text = _text_of(source, members)
        where_source = f"TextSource '{source_name}'"
        if text is None:
            problems.append(Problem(file, None, where_source, source.get("plainTextPath"),
                                    "the source text (PlainTextContent or an internal:// file)"))
            continue
        case_id = case_of_source.get(source.get("guid"), source_name)
        for selection in source.iter(f"{NS}PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                problems.append(Problem(file, None, where_source, selection.get("guid"),
                                        "startPosition and endPosition as whole numbers"))
                continue
            where = f"{where_source}, selection {start}–{end}"
            if not 0 <= start < end <= len(text):
                problems.append(Problem(file, None, where, None,
                                        f"a range inside the text (0–{len(text)})"))
                continue
            refs = [(coding, ref) for coding in selection.iter(f"{NS}Coding")
                    for ref in coding.iter(f"{NS}CodeRef")]
            resolved = [(coding, codes.get(ref.get("targetGUID"), "?")) for coding, ref in refs]
            quote = any(code is not None and codebook.by_code.get(code) is not None
                        and codebook.by_code[code].kind == QUOTE_KIND for _, code in resolved)
            for coding, code in resolved:
                if code == "?":
                    problems.append(Problem(file, None, where, None,
                                            "a CodeRef to a code in the CodeBook"))
                    continue
                if code is None or codebook.by_code[code].kind == QUOTE_KIND:
                    continue
                rows.append({
                    "case_id": case_id, "code": code, "tekst": text[start:end], "start": start,
                    "einde": end, "codeur": users.get(coding.get("creatingUser"), ""),
                    "citaat": quote, "bekende_namen": names_of_case.get(case_id, ""),
                    "waar": where, "rij": None,
                })
    return _frame(rows), problems


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "rij"])
    for column in ("start", "einde"):
        frame[column] = frame[column].astype("Int64")
    frame["citaat"] = frame["citaat"].astype(bool)
    return frame


# --- checks ---------------------------------------------------------------------------------------------


def check_codings(frame: pd.DataFrame, codebook: Codebook, case_ids: set[str], file: str,
                  from_table: bool) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Resolve codes and check cases; returns (frame, errors, warnings).

    Errors: codes not in the codebook, codings of cases not in the period's case data.
    Warnings: the same code twice on overlapping text of one case (counted once)."""
    errors: list[Problem] = []
    if from_table:
        resolved = []
        for row in frame.itertuples():
            code = codebook.resolve(row.code)
            if code is None:
                close = difflib.get_close_matches(row.code, list(codebook.by_code), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                errors.append(Problem(file, row.rij, "code", row.code,
                                      f"a code of the codebook{hint}"))
            resolved.append(code)
        frame = frame.assign(code=resolved)
        quote_rows = frame["code"].map(
            lambda c: isinstance(c, str) and codebook.by_code[c].kind == QUOTE_KIND)
        frame = frame[~quote_rows]
    for row in frame.itertuples():
        if row.case_id not in case_ids:
            errors.append(Problem(file, row.rij, "casus" if from_table else row.waar, row.case_id,
                                  "a case id of this period's case data"))
    warnings = _overlaps(frame, file)
    keep = frame.drop(index=[w[1] for w in warnings]) if warnings else frame
    return keep.drop(columns="rij").reset_index(drop=True), errors, [w[0] for w in warnings]


def _overlaps(frame: pd.DataFrame, file: str) -> list[tuple[Problem, int]]:
    """Duplicate codings: same case and code on overlapping ranges (or the same text)."""
    found = []
    for (_, _), group in frame.groupby(["case_id", "code"], sort=False):
        kept: list[tuple[int | None, int | None, str]] = []
        for index, row in group.iterrows():
            start, end = row["start"], row["einde"]
            duplicate = any(
                (text == row["tekst"]) or (
                    s is not None and not pd.isna(start) and not pd.isna(end)
                    and int(start) < e and s < int(end))
                for s, e, text in kept
            )
            if duplicate:
                found.append((Problem(file, row["rij"], row["waar"] if row["rij"] is None else "code",
                                      row["code"], f"duplicate: case {row['case_id']} already has this "
                                      "code on overlapping text (counted once)"), index))
            else:
                kept.append((None if pd.isna(start) else int(start),
                             None if pd.isna(end) else int(end), row["tekst"]))
    return found


def load_codings(path: Path, codebook: Codebook, case_ids: set[str], sheet: str | None = None,
                 data: bytes | None = None) -> Codings:
    """Read and check a codings file (CSV, XLSX or QDPX); raises CodingsInvalid listing all errors."""
    name = path.name
    if path.suffix.lower() == ".qdpx":
        raw = data if data is not None else path.read_bytes()
        frame, problems = read_qdpx(raw, name, codebook)
        from_table = False
    else:
        frame, problems = read_codings_table(path, sheet)
        from_table = True
    frame, errors, warnings = check_codings(frame, codebook, case_ids, name, from_table)
    if problems or errors:
        raise CodingsInvalid(problems + errors)
    return Codings(frame, tuple(warnings), name)
