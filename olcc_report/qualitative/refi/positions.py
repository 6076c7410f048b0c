"""Where a selection lies: the three position conventions tools write (code points, CRLF as
one, UTF-16 code units), detected per file by which one puts the selections on word boundaries."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import normalise
from olcc_report.qualitative.refi.elements import Source

CONVENTIONS = {
    "codepoints": "code points (the standard)",
    "crlf_one": "characters with CRLF counted as one (ATLAS.ti)",
    "utf16": "UTF-16 code units (NVivo for Windows)",
}
MIN_FIT = 0.6  # share of selections on word boundaries the chosen convention must reach


def unit_map(text: str, convention: str) -> array | None:
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


def index(position: int, units: array | None, length: int) -> int | None:
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
class Selection:
    source: Source
    guid: str
    start: int
    end: int
    name: str
    codes: list[tuple[str, str]]  # (code GUID, creating user)


def _fit(selections: list[Selection], convention: str) -> tuple[float, float]:
    """Share of selections that land on word boundaries or on the text they name, and share
    that land on the text they name. The text decides: a selection's name is only a label
    (an analyst may rename an ATLAS.ti quotation, a tool may name it after its code), so a
    name that matches nowhere counts for nothing."""
    if not selections:
        return 1.0, 0.0
    maps: dict[int, array | None] = {}
    good = named = 0
    for s in selections:
        text = s.source.text
        key = id(s.source)
        if key not in maps:
            maps[key] = unit_map(text, convention)
        start = index(s.start, maps[key], len(text))
        end = index(s.end, maps[key], len(text))
        if start is None or end is None or not start < end:
            continue
        names = bool(s.name) and len(s.name) >= 3 and not s.name.isdigit()
        match = names and normalise(text[start:end]).startswith(normalise(s.name)[:40])
        named += match
        good += match or _on_boundaries(text, start, end)
    return good / len(selections), named / len(selections)


def detect_convention(selections: list[Selection], file: str) -> tuple[str, list[Problem]]:
    scores = {c: _fit(selections, c) for c in CONVENTIONS}
    # Names that match decide between conventions that fit equally well.
    best = max(CONVENTIONS, key=lambda c: (scores[c][0], scores[c][1], c == "codepoints"))
    fits = {c: scores[c][0] for c in CONVENTIONS}
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
