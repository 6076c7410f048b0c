"""The case registration record: the single source of truth for columns, types, categories and labels.

Everything else derives from ``FIELDS``: the reader's column recognition, the pandera schema of the
typed case frame, the Dutch labels in tables and charts, and the data-dictionary page of the book.

Typed case frame (what :func:`olcc_report.intake.validate.validate_export` returns):

* one row per case, index = the row number as a spreadsheet program shows it in the export;
* ``id``: string; ``date``: ``datetime64``; ``integer``: ``Int64``; ``boolean``: ``boolean``;
* ``category``: pandas ``Categorical`` of the stable codes, in the order listed here;
* ``multi``: one boolean column per category, named ``<field>__<code>`` (see :func:`indicator_column`);
* derived fields (``leeftijdsgroep``, ``leeftijdsband``, ``provincie``) are added by the validator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from olcc_report.records import reference

Kind = Literal["id", "date", "integer", "category", "multi", "boolean"]

MULTI_SEPARATOR = "|"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str
    description: str
    required: bool = True  # every case has a value (when the field is registered)
    core: bool = False  # without it there is no report; every other input field is optional
    categories: tuple[Category, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    derived_from: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # other spellings of values → code
    headers: tuple[str, ...] = ()  # other names of the column in exports (the mapping assistant)

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.categories]

    def label_of(self, code: str) -> str:
        for category in self.categories:
            if category.code == code:
                return category.label
        raise KeyError(f"{self.name}: unknown code {code!r}")


def _cats(*items: tuple[str, str] | tuple[str, str, str]) -> tuple[Category, ...]:
    return tuple(Category(*item) for item in items)


@dataclass(frozen=True)
class AgeGroup:
    code: str
    label: str
    low: int
    high: int  # inclusive


AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("0-4", "0 t/m 4 jaar", 0, 4),
    AgeGroup("5-12", "5 t/m 12 jaar", 5, 12),
    AgeGroup("13-17", "13 t/m 17 jaar", 13, 17),
    AgeGroup("18-23", "18 t/m 23 jaar", 18, 23),
    AgeGroup("24+", "24 jaar en ouder", 24, 27),
)

AGE_MIN, AGE_MAX = 0, 27

# CBS's age bands of young people ("Kerncijfers wijken en buurten": 0–14 and 15–24; no 0–17
# band exists there), the basis of the stille-vragen chapter's expected counts. The few cases
# older than 24 are counted in the oldest band: a band of their own would let a reader subtract
# it from the region table and find them per region. Each band has its population column.
CBS_AGE_BANDS: tuple[AgeGroup, ...] = (
    AgeGroup("0_14", "0 t/m 14 jaar", 0, 14),
    AgeGroup("15_plus", "15 jaar en ouder", 15, AGE_MAX),
)
POPULATION_COLUMNS = dict(
    zip((b.code for b in CBS_AGE_BANDS), reference.POPULATION_BANDS, strict=True)
)


def _region_categories() -> tuple[Category, ...]:
    return tuple(Category(r.code, r.name, r.province) for r in reference.regions())


def _province_categories() -> tuple[Category, ...]:
    frame = reference.provinces()
    return tuple(Category(row.code, row.naam, row.landsdeelnaam) for row in frame.itertuples())


@cache
def fields() -> tuple[Field, ...]:
    """All fields of the case record, in the order of the data dictionary."""
    return (
        Field(
            "case_id",
            "id",
            "Casusnummer",
            "Unieke, niet-herleidbare code van de casus (geen BSN of naam).",
            core=True,
            headers=(
                "casus",
                "casus id",
                "casusnr",
                "dossiernummer",
                "dossier",
                "registratienummer",
                "zaaknummer",
                "id",
            ),
        ),
        Field(
            "aanmelddatum",
            "date",
            "Aanmelddatum",
            "Datum waarop de casus bij het team is aangemeld; valt binnen de verslagperiode.",
            core=True,
            headers=(
                "datum aanmelding",
                "datum van aanmelding",
                "startdatum",
                "datum binnenkomst",
                "aangemeld op",
                "datum melding",
            ),
        ),
        Field(
            "afsluitdatum",
            "date",
            "Afsluitdatum",
            "Datum waarop het team de casus afsloot; leeg als de casus aan het eind van de "
            "periode nog loopt. Niet vóór de aanmelddatum en niet na het eind van de periode.",
            required=False,
            core=True,
            headers=("datum afsluiting", "einddatum", "afgesloten op", "datum einde", "sluitdatum"),
        ),
        Field(
            "aanmelder",
            "category",
            "Aanmelder",
            "Wie de casus bij het team aanmeldde.",
            categories=_cats(
                ("ouder", "Ouder(s)"),
                ("jeugdige", "Jeugdige zelf"),
                ("jeugdhulpprofessional", "Jeugdhulpprofessional"),
                ("regionaal_expertteam", "Regionaal expertteam"),
                ("gemeente", "Gemeente"),
                ("gecertificeerde_instelling", "Gecertificeerde instelling"),
                ("ministerie", "Ministerie (VWS)"),
                ("overig", "Overig"),
            ),
            headers=(
                "aangemeld door",
                "verwijzer",
                "melder",
                "wie meldde aan",
                "aanmeldende partij",
            ),
            aliases={
                "ouders": "ouder",
                "moeder": "ouder",
                "vader": "ouder",
                "jongere": "jeugdige",
                "jeugdige": "jeugdige",
                "zorgaanbieder": "jeugdhulpprofessional",
                "hulpverlener": "jeugdhulpprofessional",
                "professional": "jeugdhulpprofessional",
                "ret": "regionaal_expertteam",
                "expertteam": "regionaal_expertteam",
                "gi": "gecertificeerde_instelling",
                "jeugdbescherming": "gecertificeerde_instelling",
                "vws": "ministerie",
                "ministerie": "ministerie",
                "anders": "overig",
            },
        ),
        Field(
            "geslacht",
            "category",
            "Geslacht",
            "Geslacht van de jeugdige.",
            categories=_cats(
                ("jongen", "Jongen"),
                ("meisje", "Meisje"),
                ("anders_onbekend", "Anders of onbekend"),
            ),
            aliases={
                "m": "jongen",
                "man": "jongen",
                "v": "meisje",
                "vrouw": "meisje",
                "onbekend": "anders_onbekend",
                "anders": "anders_onbekend",
            },
            core=True,
            headers=("sekse", "gender", "m v"),
        ),
        Field(
            "leeftijd",
            "integer",
            "Leeftijd",
            "Leeftijd van de jeugdige in hele jaren bij aanmelding.",
            minimum=AGE_MIN,
            maximum=AGE_MAX,
            core=True,
            headers=("leeftijd bij aanmelding", "leeftijd jeugdige", "lft", "age"),
        ),
        Field(
            "leeftijdsgroep",
            "category",
            "Leeftijdsgroep",
            "Afgeleid uit de leeftijd.",
            categories=tuple(Category(g.code, g.label) for g in AGE_GROUPS),
            derived_from="leeftijd",
        ),
        Field(
            "leeftijdsband",
            "category",
            "Leeftijdsband (CBS)",
            "Afgeleid uit de leeftijd, in de leeftijdsbanden van de CBS-bevolkingscijfers "
            "(voor het hoofdstuk stille vragen).",
            categories=tuple(Category(g.code, g.label) for g in CBS_AGE_BANDS),
            derived_from="leeftijd",
        ),
        Field(
            "jeugdregio",
            "category",
            "Jeugdregio",
            "Jeugdzorgregio waar de jeugdige woont (CBS-indeling 2025, code JZxx of naam).",
            categories=_region_categories(),
            core=True,
            headers=("regio", "jeugdzorgregio", "zorgregio", "regio jeugdige"),
        ),
        Field(
            "provincie",
            "category",
            "Provincie",
            "Afgeleid uit de jeugdregio (hoofdprovincie van de regio volgens CBS).",
            categories=_province_categories(),
            derived_from="jeugdregio",
        ),
        Field(
            "woonsituatie",
            "category",
            "Woonsituatie",
            "Waar de jeugdige woonde bij aanmelding.",
            categories=_cats(
                ("thuis", "Thuis (bij ouder(s))"),
                ("pleeggezin_gezinshuis", "Pleeggezin of gezinshuis"),
                ("residentieel", "Residentiële jeugdhulp"),
                ("jeugdzorgplus_gesloten", "JeugdzorgPlus of gesloten plaatsing"),
                ("zelfstandig", "Zelfstandig"),
                ("overig_onbekend", "Overig of onbekend"),
            ),
            headers=("verblijf", "woonplek", "verblijfplaats", "woont"),
            aliases={
                "bij ouders": "thuis",
                "thuiswonend": "thuis",
                "pleeggezin": "pleeggezin_gezinshuis",
                "gezinshuis": "pleeggezin_gezinshuis",
                "residentieel": "residentieel",
                "instelling": "residentieel",
                "jeugdzorgplus": "jeugdzorgplus_gesloten",
                "gesloten jeugdzorg": "jeugdzorgplus_gesloten",
                "gesloten plaatsing": "jeugdzorgplus_gesloten",
                "zelfstandig wonend": "zelfstandig",
                "onbekend": "overig_onbekend",
                "overig": "overig_onbekend",
            },
        ),
        Field(
            "problemen",
            "multi",
            "Problemen",
            "Problemen die in de casus speelden (meerdere mogelijk).",
            categories=_cats(
                ("suicidaliteit", "Suïcidaliteit"),
                ("agressie", "Agressie"),
                ("autisme", "Autisme"),
                ("trauma", "Trauma"),
                ("depressie", "Depressie"),
                ("zelfbeschadiging", "Zelfbeschadiging"),
                ("eetproblemen", "Eetproblemen"),
                ("verslaving", "Verslaving"),
                ("lvb", "Licht verstandelijke beperking (LVB)"),
                ("persoonlijkheid", "Bedreigde persoonlijkheidsontwikkeling"),
                ("hechting", "Hechtingsproblematiek"),
                ("angst", "Angst"),
                ("psychose", "Psychose"),
                ("disharmonisch_profiel", "Disharmonisch intelligentieprofiel"),
                ("seksueel_grensoverschrijdend", "Seksueel grensoverschrijdend gedrag"),
            ),
            headers=("probleem", "problematiek", "problemen jeugdige"),
            aliases={
                "lvb": "lvb",
                "licht verstandelijke beperking": "lvb",
                "ass": "autisme",
                "autismespectrumstoornis": "autisme",
                "suicidaal": "suicidaliteit",
                "suicide": "suicidaliteit",
                "eetstoornis": "eetproblemen",
                "middelengebruik": "verslaving",
                "hechtingsproblemen": "hechting",
                "angststoornis": "angst",
                "sgg": "seksueel_grensoverschrijdend",
                "persoonlijkheidsproblematiek": "persoonlijkheid",
                "disharmonisch iq": "disharmonisch_profiel",
            },
        ),
        Field(
            "leefgebieden",
            "multi",
            "Leefgebieden",
            "Leefgebieden waarop problemen speelden (meerdere mogelijk).",
            categories=_cats(
                ("gezin", "Gezin en opvoeding"),
                ("onderwijs", "Onderwijs of dagbesteding"),
                ("wonen", "Wonen en verblijf"),
                ("gezondheid", "Lichamelijke gezondheid"),
                ("psychisch", "Psychische gezondheid"),
                ("sociaal", "Sociaal netwerk en vrije tijd"),
                ("financien", "Financiën en werk"),
                ("justitie", "Justitie en veiligheid"),
            ),
            headers=("leefgebied", "domeinen", "levensgebieden"),
            aliases={
                "gezin": "gezin",
                "opvoeding": "gezin",
                "school": "onderwijs",
                "dagbesteding": "onderwijs",
                "wonen": "wonen",
                "gezondheid": "gezondheid",
                "psychisch": "psychisch",
                "sociaal": "sociaal",
                "vrije tijd": "sociaal",
                "financien": "financien",
                "werk": "financien",
                "justitie": "justitie",
                "veiligheid": "justitie",
            },
        ),
        Field(
            "verstoringen",
            "multi",
            "Verstoringen",
            "Verstoringen rond de vraag die tot vastlopen leidden (het verstoringenmodel).",
            categories=_cats(
                (
                    "organisatorisch",
                    "Organisatorisch",
                    "Problemen in samenwerking, coördinatie en kennis van de sociale kaart.",
                ),
                (
                    "wettelijk",
                    "Wettelijk",
                    "Wettelijke beperkingen: 18-/18+, scheidslijn Wmo–Wlz–Zvw.",
                ),
                ("inhoudelijk", "Inhoudelijk: geen passend aanbod"),
                (
                    "werkrelaties",
                    "Verstoorde werkrelaties of conflict",
                    "Conflicten tussen ouders, zorgorganisatie en/of gemeente.",
                ),
            ),
            headers=("verstoring", "knelpunten", "knelpunt", "oorzaak vastlopen"),
            aliases={
                "geen passend aanbod": "inhoudelijk",
                "inhoudelijke beperkingen": "inhoudelijk",
                "organisatorische beperkingen": "organisatorisch",
                "wettelijke beperkingen": "wettelijk",
                "conflict": "werkrelaties",
                "verstoorde werkrelaties": "werkrelaties",
            },
        ),
        Field(
            "hulpvraag",
            "category",
            "Hulpvraag",
            "Wat aan het team werd gevraagd (de hoofdvraag).",
            categories=_cats(
                ("zorgaanbod_zoeken", "Zoeken naar zorgaanbod"),
                ("maatwerk", "Meedenken over maatwerk"),
                ("coordinatie", "Coördinatie"),
                ("bemiddeling", "Bemiddeling"),
                ("advies", "Advies of consultatie"),
                ("overig", "Overig"),
            ),
            headers=("vraag", "hoofdvraag", "vraag aan het team", "soort vraag"),
            aliases={
                "zoeken zorgaanbod": "zorgaanbod_zoeken",
                "plek zoeken": "zorgaanbod_zoeken",
                "maatwerk": "maatwerk",
                "consultatie": "advies",
                "advies": "advies",
            },
        ),
        Field(
            "inzet",
            "multi",
            "Inzet van het team",
            "Wat het team deed (meerdere mogelijk).",
            categories=_cats(
                ("bemiddeling", "Bemiddeling"),
                ("consultatie", "Consultatie"),
                ("advies", "Advies"),
                ("verbinden", "In contact brengen met andere organisaties"),
                ("doorgeleiding", "Doorgeleiding (bijv. naar CCE)"),
                ("coordinatie", "Coördinatie"),
                ("maatwerk_organiseren", "Maatwerk helpen organiseren"),
            ),
            headers=("inzet team", "acties", "interventie", "wat deed het team"),
            aliases={
                "bemiddelen": "bemiddeling",
                "consult": "consultatie",
                "verbinding": "verbinden",
                "doorverwijzing": "doorgeleiding",
                "cce": "doorgeleiding",
                "maatwerk": "maatwerk_organiseren",
            },
        ),
        Field(
            "expertteam_betrokken",
            "boolean",
            "Expertteam betrokken",
            "Of een regionaal expertteam bij de casus betrokken was.",
            headers=("ret betrokken", "regionaal expertteam betrokken", "expertteam"),
        ),
        Field(
            "teruggelegd_bij_expertteam",
            "boolean",
            "Teruggelegd bij expertteam",
            "Of de casus werd teruggelegd bij (overgenomen door) het regionaal expertteam.",
            headers=(
                "teruggelegd",
                "terug naar ret",
                "overgedragen aan expertteam",
                "teruggelegd ret",
            ),
        ),
        Field(
            "profielgroep",
            "category",
            "Profielgroep",
            "Groep van inhoudelijke kenmerken (jaarrapportage 2019).",
            categories=_cats(
                (
                    "groep_1",
                    "Groep 1: meiden vanaf middelbareschoolleeftijd",
                    "Suïcidaliteit, depressie, zelfbeschadiging, trauma, eetproblemen, autisme "
                    "en/of bedreigde persoonlijkheidsontwikkeling.",
                ),
                (
                    "groep_2",
                    "Groep 2: jongens van 8 tot 14 jaar",
                    "Autisme, trauma, agressie en vaker een lagere intelligentie.",
                ),
                (
                    "groep_3",
                    "Groep 3: jongens en meiden vanaf 17 jaar",
                    "Vaak in JeugdzorgPlus; autisme, agressie, verslaving en een disharmonisch "
                    "intelligentieprofiel.",
                ),
                ("ethisch", "Ethisch vraagstuk"),
                ("overig", "Past in geen van de groepen"),
            ),
            headers=("profiel", "groep", "doelgroep"),
            aliases={
                "groep 1": "groep_1",
                "groep 2": "groep_2",
                "groep 3": "groep_3",
                "ethisch": "ethisch",
                "geen groep": "overig",
            },
        ),
        Field(
            "uitkomst",
            "category",
            "Uitkomst",
            "Hoe de casus afliep; leeg zolang de casus loopt.",
            required=False,
            categories=_cats(
                ("passende_hulp", "Passende hulp gestart"),
                ("op_weg_geholpen", "Ingezet pad ondersteund"),
                ("teruggelegd", "Teruggelegd bij regio of expertteam"),
                ("geen_oplossing", "Geen oplossing gevonden"),
                ("overig", "Overig"),
            ),
            headers=("resultaat", "afloop", "uitkomst casus"),
            aliases={
                "passende hulp": "passende_hulp",
                "hulp gestart": "passende_hulp",
                "teruggelegd": "teruggelegd",
                "geen oplossing": "geen_oplossing",
            },
        ),
    )


@cache
def field_by_name() -> dict[str, Field]:
    return {f.name: f for f in fields()}


def get_field(name: str) -> Field:
    return field_by_name()[name]


def input_fields() -> tuple[Field, ...]:
    """Fields an export provides (not derived)."""
    return tuple(f for f in fields() if f.derived_from is None)


def optional_fields() -> tuple[Field, ...]:
    """Input fields a team may not register (``data.not_registered`` in the params)."""
    return tuple(f for f in input_fields() if not f.core)


def registered_fields(columns: Iterable[str]) -> frozenset[str]:
    """The fields a typed case frame with these columns registers: a field is registered when
    its column (for a multi-valued field: its indicator columns) is in the frame. Derived
    fields count as registered with their source."""
    present = set(columns)
    out = set()
    for f in fields():
        source = get_field(f.derived_from) if f.derived_from else f
        if source.kind == "multi":
            if all(indicator_column(source.name, c) in present for c in source.codes):
                out.add(f.name)
        elif source.name in present:
            out.add(f.name)
    return frozenset(out)


def indicator_column(field_name: str, code: str) -> str:
    """Name of the boolean column for one category of a multi-valued field."""
    return f"{field_name}__{code}"


def indicator_columns(field_name: str) -> list[str]:
    return [indicator_column(field_name, code) for code in get_field(field_name).codes]


def age_group_of(age: int) -> str:
    for group in AGE_GROUPS:
        if group.low <= age <= group.high:
            return group.code
    raise ValueError(f"age {age} outside {AGE_MIN}-{AGE_MAX}")


def cbs_band_of(age: int) -> str:
    for band in CBS_AGE_BANDS:
        if band.low <= age <= band.high:
            return band.code
    raise ValueError(f"age {age} outside {AGE_MIN}-{AGE_MAX}")


def age_ranges_meet(group: str, band: str) -> bool:
    """Whether an age group and a CBS age band share any age (unknown values: yes)."""
    groups = {g.code: g for g in AGE_GROUPS}
    bands = {b.code: b for b in CBS_AGE_BANDS}
    if group not in groups or band not in bands:
        return True
    g, b = groups[group], bands[band]
    return g.low <= b.high and b.low <= g.high


def labels(field_name: str) -> dict[str, str]:
    """Stable code → Dutch label for a categorical or multi-valued field."""
    return {c.code: c.label for c in get_field(field_name).categories}


# Fields a case has from its registration on (not what happened after): a quarter's counts of
# them lie within its year's. Used by the book's cell model and by the intruder's audit.
REGISTRATION_FIELDS = frozenset(
    {
        "aanmelder",
        "leeftijdsgroep",
        "leeftijdsband",
        "geslacht",
        "problemen",
        "profielgroep",
        "jeugdregio",
        "provincie",
        "verstoringen",
        "woonsituatie",
        "hulpvraag",
        "leefgebieden",
    }
)
