"""Synthetic qualitative demo data: Dutch case narratives, codings and a REFI-QDA project.

Every narrative is invented and built from templates, seeded per case, so the demo is the same on
every machine. The narratives deliberately carry identifiers — invented names, real place names,
institutions, dates, ages, BSN-like numbers, phone numbers, e-mail addresses and case numbers —
so that de-identification is exercised; :data:`PLANTED` lists them for the test that scans the
built book for them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from olcc_report.demo.cases import BASE_SEED, generate_cases
from olcc_report.records.archive import deterministic_zip

NAMESPACE = uuid.UUID("6f1c1c8e-7a43-4c44-9d0e-4b7a2f3f0a11")

FIRST_NAMES = [
    "Fleur",
    "Daan",
    "Noor",
    "Sem",
    "Liam",
    "Saar",
    "Milan",
    "Yara",
    "Jesse",
    "Lotte",
    "Bram",
    "Anouk",
    "Thijs",
    "Iris",
    "Mohammed",
    "Fenna",
]
SURNAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Mulder",
    "de Boer",
    "Bos",
    "Hendriks",
    "Dekker",
    "van Dijk",
    "Kaya",
]
PLACES = ["Vlieland", "Amersfoort", "Zwolle", "Emmen", "Tilburg", "Hoorn", "Deventer", "Heerlen"]
SCHOOLS = ["OBS De Regenboog", "CBS De Wegwijzer", "SBO De Sprong"]
INSTITUTIONS = ["Raad voor de Kinderbescherming", "Veilig Thuis", "De Fjord", "Karakter"]
DATES = ["5 juni", "12 maart", "3 november"]

# Identifiers that must never reach the book (the e2e test scans every built file for them).
PLANTED = (
    "Fleur de Vries",
    "Daan Jansen",
    "Noor Bakker",
    "Vlieland",
    "OBS De Regenboog",
    "CBS De Wegwijzer",
    "De Fjord",
    "Raad voor de Kinderbescherming",
    "123456782",
    "06-12345678",
    "+31 6 2345 6789",
    "m.jansen@zorgpunt-noord.nl",
    "2023-0417",
    "5 juni",
    "(12)",
)


@dataclass
class Narrative:
    case_id: str
    text: str = ""
    names: list[str] = field(default_factory=list)
    segments: list[tuple[int, int, str, bool]] = field(
        default_factory=list
    )  # start, end, code, quote

    def add(self, sentence: str, codes: tuple[str, ...] = (), quote: bool = False) -> None:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        for code in codes:
            self.segments.append((start, start + len(sentence), code, quote))


def _rng(case_id: str) -> np.random.Generator:
    digest = int(hashlib.sha256(case_id.encode()).hexdigest()[:12], 16)
    return np.random.default_rng([BASE_SEED, digest])


def narrative(record: dict, planted: bool = False) -> Narrative:
    """One invented case narrative with its coded segments (codebook codes)."""
    rng = _rng(record["case_id"])
    first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    if planted:  # the first cases of a year carry the full set of planted identifiers
        first, surname = (
            ["Fleur", "Daan", "Noor"][int(record["case_id"][-1]) % 3],
            ["de Vries", "Jansen", "Bakker"][int(record["case_id"][-1]) % 3],
        )
    parent = f"{rng.choice(['moeder', 'vader'])} {rng.choice(FIRST_NAMES)} {surname}"
    place, school = rng.choice(PLACES), rng.choice(SCHOOLS)
    age = record["leeftijd"]
    n = Narrative(record["case_id"], names=[first, surname])
    n.add(f"{first} {surname} ({age}) woont in {place} en zat tot voor kort op {school}.")
    if planted:
        n.names.append(parent.split()[1])
        n.add(
            f"{first} {surname} (12) uit Vlieland zat op OBS De Regenboog; op 5 juni belde de "
            "Raad voor de Kinderbescherming (dossier 2023-0417). De "
            + parent.split()[0]
            + " is bereikbaar op 06-12345678 of +31 6 2345 6789 en via "
            "m.jansen@zorgpunt-noord.nl (BSN 123456782). De hulpverlener van De Fjord bleef elke "
            f"week komen bij {first.lower()}, en juist dat contact gaf rust.",
            ("contact",),
            quote=True,
        )
    problems = set(record["problemen"])
    if "trauma" in problems and rng.random() < 0.8:
        n.add(
            rng.choice(
                [
                    f"Na een uithuisplaatsing op {rng.choice(DATES)} is {first.lower()} het vertrouwen in "
                    "volwassenen kwijt; de hulpverlening zag vooral gedrag en niet de angst eronder.",
                    "Er is sprake van huiselijk geweld in het verleden; het traumagerichte aanbod kwam pas "
                    "na maanden op gang.",
                    "De jongere heeft meerdere breuken in de opvoeding meegemaakt, die in elk nieuw traject "
                    "opnieuw werden opgerakeld.",
                ]
            ),
            ("trauma",),
            quote=planted or rng.random() < 0.03,
        )
    if rng.random() < 0.45:
        n.add(
            rng.choice(
                [
                    f"Wat hielp was dat de ambulant hulpverlener van {rng.choice(INSTITUTIONS)} elke week "
                    "bleef komen, ook toen er niets leek te veranderen.",
                    "Het team hield wekelijks contact met het gezin; dat contact zelf gaf rust.",
                    f"Bel {parent.split()[0]} gerust op 06-12345678, zei de jeugdige; dat er iemand "
                    "bereikbaar was, maakte het verschil.",
                ]
            ),
            ("contact",),
            quote=rng.random() < 0.05,
        )
    if rng.random() < 0.35:
        n.add(
            rng.choice(
                [
                    "De voetbalclub en een buurvrouw bleken belangrijker dan welk behandelaanbod ook.",
                    f"Via {school} kwam er weer een plek in de klas, met een mentor die de jongere kende.",
                    "Het netwerk van opa en oma werd pas laat betrokken, terwijl daar de meeste steun zat.",
                ]
            ),
            ("leefwereld",),
            quote=rng.random() < 0.03,
        )
    if rng.random() < 0.08:
        n.add(
            "De vraag lag er al jaren, maar niemand meldde aan: de ouders wisten niet waar ze "
            "terecht konden.",
            ("stille_vraag",),
        )
    disruption_sentences = {
        "organisatorisch": "Partijen wisten niet van elkaar wat ze deden en niemand had de regie.",
        "wettelijk": "Met de achttiende verjaardag in zicht viel de jongere tussen Jeugdwet en Wmo.",
        "inhoudelijk": "Een passende plek bestond simpelweg niet; elke aanbieder zei nee.",
        "werkrelaties": "Het vertrouwen tussen ouders en gemeente was volledig weg.",
    }
    for kind in record["verstoringen"]:
        if rng.random() < 0.7:
            n.add(disruption_sentences[kind], (f"verstoring_{kind}",))
    if rng.random() < 0.3:  # a case evaluation (Routewijzer): many knooppunten, few successes
        n.add("Casusevaluatie met alle betrokkenen.")
        knots = [
            "knooppunt_wet_regelgeving",
            "knooppunt_financiering",
            "knooppunt_regie",
            "knooppunt_aanbod",
            "knooppunt_informatie",
        ]
        weights = np.array([5, 2.5, 2.5, 2, 1.5])
        for code in rng.choice(
            knots, size=int(rng.integers(1, 4)), replace=False, p=weights / weights.sum()
        ):
            n.add(_KNOT_SENTENCES[str(code)], (str(code),))
        if rng.random() < 0.45:
            code = rng.choice(
                [
                    "succes_contact",
                    "succes_maatwerk",
                    "succes_samen_aan_tafel",
                    "succes_doorzettingsmacht",
                ]
            )
            n.add(_SUCCESS_SENTENCES[str(code)], (str(code),))
    return n


_KNOT_SENTENCES = {
    "knooppunt_wet_regelgeving": "De indicatie paste niet bij de vraag; de kaders van de wet "
    "stonden passende hulp in de weg.",
    "knooppunt_financiering": "Weken gingen op aan de vraag wie de plaatsing zou betalen.",
    "knooppunt_regie": "Niemand voelde zich eigenaar van de casus.",
    "knooppunt_aanbod": "Er was een wachtlijst van maanden voor de benodigde behandeling.",
    "knooppunt_informatie": "Belangrijke informatie uit het vorige traject kwam niet mee.",
}
_SUCCESS_SENTENCES = {
    "succes_contact": "Eén vaste contactpersoon bleef, en dat gaf vertrouwen.",
    "succes_maatwerk": "Met een maatwerkoplossing buiten de bestaande kaders kwam er toch een plek.",
    "succes_samen_aan_tafel": "Iedereen zat met de jongere en de ouders tegelijk aan tafel.",
    "succes_doorzettingsmacht": "De gemeente nam een besluit en zette door.",
}


def narratives(year: int, case_ids: set[str] | None = None) -> list[Narrative]:
    """The narratives of a demo year's cases (only ``case_ids`` if given); the first three cases
    of the year carry every planted identifier."""
    records = generate_cases(year)
    return [
        narrative(r, planted=i < 3)
        for i, r in enumerate(records)
        if case_ids is None or r["case_id"] in case_ids
    ]


CODERS = ("analist A", "analist B")


def codings_csv(year: int) -> str:
    """The demo codings as the table an analyst would export (one row per coded segment)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(
        ["casus", "code", "tekst", "start", "einde", "codeur", "citaat", "bekende_namen"]
    )
    for number, n in enumerate(narratives(year)):
        for start, end, code, quote in n.segments:
            writer.writerow(
                [
                    n.case_id,
                    code,
                    n.text[start:end],
                    start,
                    end,
                    CODERS[number % 2],
                    "ja" if quote else "nee",
                    ";".join(n.names),
                ]
            )
    return buffer.getvalue()


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts))).upper()


def qdpx_bytes(
    year: int, codebook_codes: list[tuple[str, str]], case_ids: set[str] | None = None
) -> bytes:
    """The demo codings as a REFI-QDA project (.qdpx), written to the standard.

    ``codebook_codes`` are (code, label) pairs; the project names its codes by label, as a QDA
    tool would. Deterministic: GUIDs are name-based and the zip entries carry a fixed date."""
    users = [(_guid("user", c), c) for c in CODERS]
    code_guid = {code: _guid("code", code) for code, _ in codebook_codes}
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<Project xmlns="urn:QDA-XML:project:1.0" name={quoteattr(f"OLCC demo {year}")} '
        'origin="olcc-report">',
        "<Users>",
    ]
    lines += [f"<User guid={quoteattr(g)} name={quoteattr(name)}/>" for g, name in users]
    lines += ["</Users>", "<CodeBook><Codes>"]
    lines += [
        f'<Code guid={quoteattr(code_guid[code])} name={quoteattr(label)} isCodable="true"/>'
        for code, label in codebook_codes
    ]
    lines += [
        "</Codes></CodeBook>",
        "<Variables>",
        f'<Variable guid={quoteattr(_guid("var", "namen"))} name="bekende_namen" typeOfVariable="Text"/>',
        "</Variables>",
        "<Cases>",
    ]
    sources, files = [], {}
    for number, n in enumerate(narratives(year, case_ids)):
        source = _guid("source", n.case_id)
        user = users[number % 2][0]
        lines.append(
            f"<Case guid={quoteattr(_guid('case', n.case_id))} name={quoteattr(n.case_id)}>"
        )
        lines.append(
            f"<VariableValue><VariableRef targetGUID={quoteattr(_guid('var', 'namen'))}/>"
            f"<TextValue>{escape(';'.join(n.names))}</TextValue></VariableValue>"
        )
        lines.append(f"<SourceRef targetGUID={quoteattr(source)}/></Case>")
        by_range: dict[tuple[int, int], list[str]] = {}
        for start, end, code, quote in n.segments:
            by_range.setdefault((start, end), []).append(code)
            if quote and "citaat" not in by_range[(start, end)]:
                by_range[(start, end)].append("citaat")
        selections = []
        for (start, end), codes in by_range.items():
            codings = "".join(
                f"<Coding guid={quoteattr(_guid('coding', n.case_id, str(start), c))} "
                f"creatingUser={quoteattr(user)}><CodeRef targetGUID={quoteattr(code_guid[c])}/></Coding>"
                for c in codes
            )
            selections.append(
                f"<PlainTextSelection guid={quoteattr(_guid('sel', n.case_id, str(start)))} "
                f'startPosition="{start}" endPosition="{end}">{codings}</PlainTextSelection>'
            )
        sources.append(
            f"<TextSource guid={quoteattr(source)} name={quoteattr(n.case_id)} "
            f'plainTextPath="internal://{source}.txt">{"".join(selections)}</TextSource>'
        )
        files[f"Sources/{source}.txt"] = n.text.encode("utf-8")
    lines += ["</Cases>", "<Sources>", *sources, "</Sources>", "</Project>"]
    members = {"project.qde": "\n".join(lines).encode("utf-8"), **files}
    return deterministic_zip(members)
