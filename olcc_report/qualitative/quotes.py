"""Quotes: chosen by an analyst, de-identified by deduce, approved by an analyst, then published.

1. **Candidates** are the coded segments an analyst marked as quote (the ``citaat`` column of a
   codings table, or the ``citaat`` code in a QDA project). Each has an id: the first 16 hex
   digits of the SHA-256 of its original text (the text itself never leaves the library).
2. **De-identification** with deduce 3.x (rule-based Dutch de-identification, offline), extended
   with what it misses out of the box: ages in brackets, dates without a year, youth-care
   institutions, school names, case numbers, ``+31`` phone numbers, e-mail addresses on any
   domain. Known names of the case (from the codings) are passed as the patient and replaced in
   any letter case. Results are cached on disk keyed by a hash of text, names and rule versions,
   so deduce (≈10 s and ≈1.2 GB to start) runs only for new texts, and never in a notebook.
3. **Approval**: ``olcc-report quotes --period P`` writes the de-identified candidates into the
   period's approval file (``akkoord: false``). The analyst reads each one — no tool catches a
   unique combination such as "de enige 13-jarige op Vlieland" — and sets ``akkoord: true``.
4. **Publication**: only approved quotes whose candidate still exists are published, and the build
   first checks that each approved text is exactly what de-identification gives today (an edited
   or stale approval stops the build).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import yaml

from olcc_report.qualitative.deidentify import (
    EXTRA_RULES,
    INSTITUTIONS,
    PLACEHOLDERS,
    RULES_VERSION,
    TAG_OUT,
    DeidentificationCache,
    Deidentifier,
    readable,
)

__all__ = [
    "Approval",
    "ApprovalUpdate",
    "Candidate",
    "DeidentificationCache",
    "Deidentifier",
    "EXTRA_RULES",
    "HEADER",
    "INSTITUTIONS",
    "MAX_PLACEHOLDERS",
    "MAX_REMOVED_SHARE",
    "PLACEHOLDERS",
    "Quote",
    "RULES_VERSION",
    "TAG_OUT",
    "candidates",
    "published",
    "read_approvals",
    "readable",
    "removal",
    "stale_approvals",
    "unsuitable_approved",
    "update_approvals",
    "write_approvals",
]


@dataclass(frozen=True)
class Candidate:
    id: str
    case_ids: tuple[str, ...]  # the cases whose text has this quote (one decision for all)
    themes: tuple[str, ...]
    text: str
    names: tuple[str, ...]


def _same_text(text: str) -> str:
    """Texts that differ only in spacing or capitals are one candidate."""
    return " ".join(text.split()).casefold()


def candidates(codings: pd.DataFrame) -> list[Candidate]:
    """Segments marked as quote, one per text (the same text in several cases is one candidate,
    so it gets one decision), with every theme coded on it and every case's known names."""
    marked = codings[codings["citaat"]].sort_values(["case_id", "tekst"], kind="stable")
    out = []
    for key, group in marked.groupby(marked["tekst"].map(_same_text), sort=True):
        names = tuple(n.strip() for n in ";".join(group["bekende_namen"]).split(";") if n.strip())
        out.append(
            Candidate(
                hashlib.sha256(key.encode()).hexdigest()[:16],
                tuple(dict.fromkeys(group["case_id"])),
                tuple(dict.fromkeys(group["code"])),
                str(group["tekst"].iloc[0]),
                tuple(dict.fromkeys(names)),
            )
        )
    return sorted(out, key=lambda c: c.id)


# --- approval file -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    id: str
    themes: tuple[str, ...]
    text: str
    approved: bool
    by: str = ""
    removed: str = ""  # how much de-identification took out, for the reader of the file
    unsuitable: bool = False  # so much was taken out that the quote says little
    override: str = ""  # why it is published although unsuitable (required for that)
    cases: int = 1  # how many cases have this text

    @property
    def publishable(self) -> bool:
        return self.approved and (not self.unsuitable or bool(self.override.strip()))


# A quote says little once de-identification took out more than this share of its words, or
# more than this many placeholders.
MAX_REMOVED_SHARE = 1 / 3
MAX_PLACEHOLDERS = 3
_WORD = re.compile(r"\w+")


def removal(original: str, deidentified: str) -> tuple[str, bool]:
    """How much de-identification removed ("7 van 40 woorden, 3 labels") and whether that
    leaves too little of the quote."""
    words = len(_WORD.findall(original))
    placeholders = len(TAG_OUT.findall(deidentified))
    kept = len(_WORD.findall(TAG_OUT.sub(" ", deidentified)))
    removed = max(words - kept, 0)
    unsuitable = placeholders > MAX_PLACEHOLDERS or (words and removed / words > MAX_REMOVED_SHARE)
    label = "label" if placeholders == 1 else "labels"
    return f"{removed} van {words} woorden, {placeholders} {label}", bool(unsuitable)


HEADER = (
    "# Citaten voor het rapport. Elk citaat is automatisch ge-de-identificeerd (deduce + extra\n"
    "# regels). Lees elk citaat: kan iemand het kind of gezin herkennen (ook aan een combinatie,\n"
    "# zoals 'de enige 13-jarige op Vlieland')? Zo nee: zet akkoord op true en vul door in.\n"
    "# Alleen citaten met akkoord: true komen in het rapport. Pas de tekst hier niet aan: kies bij\n"
    "# twijfel een ander fragment of laat akkoord op false.\n"
    "# verwijderd: hoeveel de de-identificatie wegnam. ongeschikt: true als er zoveel is\n"
    "# weggenomen dat het citaat weinig zegt; zo'n citaat komt alleen in het rapport met akkoord:\n"
    "# true en een reden bij toch_publiceren. casussen: in hoeveel casussen deze tekst staat (één\n"
    "# besluit voor allemaal).\n"
)


def read_approvals(path: Path) -> list[Approval]:
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Approval(
            str(e["id"]),
            tuple(e.get("thema", [])),
            str(e["tekst"]),
            bool(e.get("akkoord", False)),
            str(e.get("door", "") or ""),
            str(e.get("verwijderd", "") or ""),
            bool(e.get("ongeschikt", False)),
            str(e.get("toch_publiceren", "") or ""),
            int(e.get("casussen", 1) or 1),
        )
        for e in raw.get("citaten", [])
    ]


def write_approvals(path: Path, approvals: list[Approval]) -> None:
    entries = [
        {
            "id": a.id,
            "thema": list(a.themes),
            "tekst": a.text,
            "casussen": a.cases,
            "verwijderd": a.removed,
            "ongeschikt": a.unsuitable,
            "akkoord": a.approved,
            "door": a.by,
            **({"toch_publiceren": a.override} if a.unsuitable else {}),
        }
        for a in approvals
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        HEADER
        + yaml.safe_dump({"citaten": entries}, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )


def _one_per_text(found: list[Candidate], deidentified: list[str]) -> list[tuple[Candidate, str]]:
    """Candidates whose de-identified text is the same (the same sentence about different
    children, say) are one quote: one decision, shown once. The group keeps the id of its first
    candidate, so the build's checks find it, with every case and theme of its members."""
    groups: dict[str, list[tuple[Candidate, str]]] = {}
    for candidate, text in zip(found, deidentified, strict=True):
        groups.setdefault(_same_text(text), []).append((candidate, text))
    out = []
    for members in groups.values():
        first, text = members[0]
        merged = replace(
            first,
            case_ids=tuple(dict.fromkeys(i for c, _ in members for i in c.case_ids)),
            themes=tuple(dict.fromkeys(t for c, _ in members for t in c.themes)),
        )
        out.append((merged, text))
    return out


@dataclass(frozen=True)
class ApprovalUpdate:
    approvals: list[Approval]
    new: int
    kept: int
    reset: int
    dropped: int


def update_approvals(
    found: list[Candidate], deidentified: list[str], existing: list[Approval]
) -> ApprovalUpdate:
    """Merge today's candidates into the approval list: keep approvals whose text did not change,
    reset those whose de-identified text changed, add new ones unapproved, drop vanished ones."""
    old = {a.id: a for a in existing}
    out, new, kept, reset = [], 0, 0, 0
    for candidate, text in _one_per_text(found, deidentified):
        previous = old.get(candidate.id)
        removed, unsuitable = removal(candidate.text, text)
        fresh = Approval(
            candidate.id,
            candidate.themes,
            text,
            False,
            "",
            removed,
            unsuitable,
            cases=len(candidate.case_ids),
        )
        if previous is None:
            new += 1
            out.append(fresh)
        elif previous.text == text:
            kept += 1
            out.append(
                replace(
                    fresh, approved=previous.approved, by=previous.by, override=previous.override
                )
            )
        else:
            reset += 1
            out.append(fresh)
    dropped = len(set(old) - {c.id for c in found})
    return ApprovalUpdate(out, new, kept, reset, dropped)


@dataclass(frozen=True)
class Quote:
    id: str
    themes: tuple[str, ...]
    text: str


def published(found: list[Candidate], approvals: list[Approval]) -> list[Quote]:
    """Approved quotes whose candidate still exists (nothing else is ever shown)."""
    ids = {c.id for c in found}
    return [Quote(a.id, a.themes, a.text) for a in approvals if a.publishable and a.id in ids]


def unsuitable_approved(approvals: list[Approval]) -> list[str]:
    """Approved quotes marked unsuitable without a reason to publish them anyway."""
    return [a.id for a in approvals if a.approved and not a.publishable]


def stale_approvals(
    found: list[Candidate], approvals: list[Approval], deidentify: DeidentificationCache
) -> list[str]:
    """Approved quotes whose text is not what de-identification gives today (edited or stale)."""
    by_id = {c.id: c for c in found}
    approved = [a for a in approvals if a.approved and a.id in by_id]
    today = deidentify([(by_id[a.id].text, list(by_id[a.id].names)) for a in approved])
    return [a.id for a, text in zip(approved, today, strict=True) if text != a.text]
