"""A REFI-QDA project read into the codings frame: every selection of a codebook code with its
case, and the quotes."""

from __future__ import annotations

import posixpath
from array import array

import pandas as pd

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import normalise
from olcc_report.qualitative.codebook import Codebook
from olcc_report.qualitative.refi.archive import (
    MAX_SELECTIONS,
    NS,
    normal_guid,
    project_root,
    read_zip,
    refuse,
)
from olcc_report.qualitative.refi.elements import (
    Links,
    Source,
    duplicate_guids,
    read_codes,
    read_links,
    read_sources,
)
from olcc_report.qualitative.refi.positions import (
    CONVENTIONS,
    Selection,
    detect_convention,
    index,
    unit_map,
)
from olcc_report.qualitative.segments import QUOTE_KIND, coding_frame

LINK_METHODS = {
    "case": "Case with SourceRef",
    "selection": "Case with SelectionRef",
    "set": "a Set named after the case",
    "variable": "a variable holding the case id",
    "name": "the source name (without extension)",
}


def _selections(sources: list[Source], file: str) -> tuple[list[Selection], list[Problem]]:
    out, problems = [], []
    for source in sources:
        for element in source.element.iter(f"{NS}PlainTextSelection"):
            if len(out) >= MAX_SELECTIONS:
                raise refuse(file, f"more than {MAX_SELECTIONS:,} selections".replace(",", "."))
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
                (normal_guid(ref.get("targetGUID")), coding.get("creatingUser") or "")
                for coding in element.iter(f"{NS}Coding")
                for ref in coding.iter(f"{NS}CodeRef")
            ]
            name = (element.get("name") or "").strip()
            out.append(Selection(source, normal_guid(element.get("guid")), start, end, name, codes))
    return out, problems


def _case_of(selection: Selection, links: Links, case_ids: set[str] | None) -> tuple[str, str]:
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
    members = read_zip(data, file)
    root = project_root(members, file)
    problems = duplicate_guids(root, file)
    users = {normal_guid(u.get("guid")): u.get("name", "") for u in root.iter(f"{NS}User")}
    case_names = {normalise(c.get("name", "")) for c in root.iter(f"{NS}Case") if c.get("name")}
    case_guids = {normal_guid(c.get("guid")) for c in root.iter(f"{NS}Case")}
    codes, code_problems, warnings = read_codes(root, codebook, case_names, case_guids, file)
    problems += code_problems
    links = read_links(root)
    sources, source_problems = read_sources(root, members, file)
    problems += source_problems
    selections, selection_problems = _selections(sources, file)
    problems += selection_problems
    if not selections and not problems:
        problems.append(
            Problem(file, None, "project.qde", None, "coded text selections; the project has none")
        )
    convention, fit_problems = detect_convention(selections, file)
    if fit_problems:  # never read shifted text
        return coding_frame([]), problems + fit_problems, warnings
    rows, quotes, methods = [], set(), {}
    maps: dict[int, array | None] = {}
    for s in selections:
        text = s.source.text
        if id(s.source) not in maps:
            maps[id(s.source)] = unit_map(text, convention)
        start = index(s.start, maps[id(s.source)], len(text))
        end = index(s.end, maps[id(s.source)], len(text))
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
                    "codeur": users.get(normal_guid(user), ""),
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
