"""De-identification of quotes with deduce 3.x and the rules it misses out of the box (ages in
brackets, dates without a year, youth-care institutions, schools, case numbers, phone numbers,
e-mail addresses), placeholders in plain Dutch, and the on-disk cache of results (keyed by a
hash of text, names and rule versions; never a quote's original text)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from importlib.metadata import version
from pathlib import Path

RULES_VERSION = "olcc-deid-2"  # bump when the output of de-identification changes

INSTITUTIONS = (
    "Raad voor de Kinderbescherming",
    "Veilig Thuis",
    "Jeugdbescherming",
    "William Schrikker",
    "Leger des Heils",
    "GGD",
    "CJG",
    "Centrum voor Jeugd en Gezin",
    "De Fjord",
    "Karakter",
    "Levvel",
    "Accare",
    "Lentis",
    "Pluryn",
    "Horizon",
    "Ipse de Bruggen",
    "Koraal",
    "Entrea",
)
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    "december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
EXTRA_RULES = {
    # (pattern, deduce tag): added to deduce's own annotators through its config.
    "olcc_leeftijd": (r"\(\s*\d{1,2}\s*(?:jaar|jr\.?)?\s*\)|\b\d{1,2}[- ]jarige?\b", "leeftijd"),
    "olcc_datum": (rf"(?i)\b\d{{1,2}}\s+(?:{_MONTHS})\b\.?(?:\s+\d{{4}})?", "datum"),
    "olcc_instelling": (
        r"\b(?:" + "|".join(re.escape(i) for i in INSTITUTIONS) + r")\b",
        "instelling",
    ),
    "olcc_school": (
        r"\b(?:OBS|CBS|RKBS|PCBS|SBO|SO|VSO|[Bb]asisschool|[Ss]chool|[Cc]ollege|"
        r"[Ll]yceum|[Mm]ontessorischool)\s+(?:(?:[Dd]e|[Hh]et|'t)\s+)?[A-Z][\w'-]+"
        r"(?:\s+[A-Z][\w'-]+)*",
        "instelling",
    ),
    "olcc_dossier": (
        r"\b(?:19|20)\d{2}[-/]\d{3,6}\b|\b(?:dossier|zaak|casus)(?:nummer|nr\.?)?\s*"
        r"[:#]?\s*[A-Z0-9][\w/-]{3,}",
        "id",
    ),
    "olcc_telefoon": (r"(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?\d(?:[\s-]?\d){8}", "telefoonnummer"),
    "olcc_email": (r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", "emailadres"),
}


# deduce's tags (and ours) → what a reader sees, in plain Dutch.
PLACEHOLDERS = {
    "patient": "naam",
    "persoon": "naam",
    "locatie": "plaats",
    "instelling": "instelling",
    "ziekenhuis": "instelling",
    "zorginstelling": "instelling",
    "datum": "datum",
    "leeftijd": "leeftijd",
    "telefoonnummer": "telefoonnummer",
    "emailadres": "e-mailadres",
    "bsn": "BSN",
    "id": "nummer",
    "url": "website",
}
_TAG = re.compile(r"\[([A-Za-z_]+)(?:-(\d+))?\]")
TAG_OUT = re.compile(r"\[[a-zA-Z-]+(?: \d+)?\]")  # a placeholder as readable() writes it


def readable(text: str) -> str:
    """deduce's tags as plain Dutch a reader understands: ``[PATIENT]`` → ``[naam]``,
    ``[LOCATIE-1]`` → ``[plaats]``; numbered (``[naam 1]``, ``[naam 2]``) only when one quote
    mentions two different people, places, … . An unknown tag becomes ``[weggelaten]``."""
    entities: dict[str, list[tuple[str, str | None]]] = {}
    for match in _TAG.finditer(text):
        kind = PLACEHOLDERS.get(match[1].lower(), "weggelaten")
        seen = entities.setdefault(kind, [])
        if (match[1].lower(), match[2]) not in seen:
            seen.append((match[1].lower(), match[2]))

    def replace(match: re.Match) -> str:
        kind = PLACEHOLDERS.get(match[1].lower(), "weggelaten")
        seen = entities[kind]
        if len(seen) == 1:
            return f"[{kind}]"
        return f"[{kind} {seen.index((match[1].lower(), match[2])) + 1}]"

    return _TAG.sub(replace, text)


def _deduce_config() -> dict:
    return {
        "annotators": {
            name: {
                "annotator_type": "docdeid.process.RegexpAnnotator",
                "group": "olcc",
                "args": {"regexp_pattern": pattern, "tag": tag},
            }
            for name, (pattern, tag) in EXTRA_RULES.items()
        }
    }


def _import_deduce():
    """Import deduce without letting it take over logging: at import it calls
    ``logging.basicConfig(stream=sys.stdout, level=DEBUG)``, which floods every later log line
    (papermill, kernels) onto stdout. Undo exactly that."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce
    from deduce.person import Person

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return deduce.Deduce, Person


class Deidentifier:
    """deduce with the extra rules, started on first use (it is slow to start)."""

    def __init__(self) -> None:
        self._deduce = None
        self._person = None

    def __call__(self, text: str, names: list[str]) -> str:
        if self._deduce is None:
            deduce_class, self._person = _import_deduce()
            self._deduce = deduce_class(config=_deduce_config())
        Person = self._person

        metadata = {}
        if names:
            metadata["patient"] = Person(
                first_names=[names[0]], surname=names[1] if len(names) > 1 else None
            )
        result = self._deduce.deidentify(text, metadata=metadata).deidentified_text
        for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
            result = re.sub(rf"(?i)(?<!\w){re.escape(name)}(?!\w)", "[PATIENT]", result)
        return readable(result)


def _key(text: str, names: list[str]) -> str:
    material = json.dumps([text, sorted(names), RULES_VERSION, version("deduce")])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class DeidentificationCache:
    """De-identified texts on disk, keyed by a hash of (text, names, rule versions).

    Holds de-identified text only, never an original. Lives outside ``_build/`` (it may hold
    quotes nobody approved yet) and is not committed."""

    def __init__(self, path: Path, deidentifier: Deidentifier | None = None):
        self.path = path
        self.deidentifier = deidentifier or Deidentifier()
        self._data: dict[str, str] = (
            json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        )

    def __call__(self, items: list[tuple[str, list[str]]]) -> list[str]:
        out, changed = [], False
        for text, names in items:
            key = _key(text, names)
            if key not in self._data:
                self._data[key] = self.deidentifier(text, names)
                changed = True
            out.append(self._data[key])
        if changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(
                json.dumps(self._data, sort_keys=True, ensure_ascii=False, indent=0),
                encoding="utf-8",
            )
            os.replace(tmp, self.path)
        return out
