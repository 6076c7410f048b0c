"""The fields of the case record that say who a case is about and how it came in: case number,
dates, who registered it, sex, age, youth-care region and living situation."""

from __future__ import annotations

from olcc_report.records import reference
from olcc_report.records.field import (
    AGE_GROUPS,
    AGE_MAX,
    AGE_MIN,
    CBS_AGE_BANDS,
    Category,
    Field,
    cats,
)


def _region_categories() -> tuple[Category, ...]:
    return tuple(Category(r.code, r.name, r.province) for r in reference.regions())


def _province_categories() -> tuple[Category, ...]:
    frame = reference.provinces()
    return tuple(Category(row.code, row.naam, row.landsdeelnaam) for row in frame.itertuples())


def registration_fields() -> tuple[Field, ...]:
    """Case number to living situation, in the order of the data dictionary."""
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
            categories=cats(
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
            categories=cats(
                ("jongen", "Jongen"),
                ("meisje", "Meisje"),
                ("anders_onbekend", "Anders of onbekend"),
            ),
            # The codelists registration systems use: M/V/X (the X of the Dutch passport),
            # the BRP's M/V/O (O = onbekend), and NEN-ISO 5218 as in the iJw and Vektis
            # standards (0 onbekend, 1 mannelijk, 2 vrouwelijk, 9 niet van toepassing).
            aliases={
                "m": "jongen",
                "man": "jongen",
                "mannelijk": "jongen",
                "1": "jongen",
                "v": "meisje",
                "vrouw": "meisje",
                "vrouwelijk": "meisje",
                "2": "meisje",
                "x": "anders_onbekend",
                "o": "anders_onbekend",
                "0": "anders_onbekend",
                "9": "anders_onbekend",
                "onbekend": "anders_onbekend",
                "onbepaald": "anders_onbekend",
                "anders": "anders_onbekend",
                "non-binair": "anders_onbekend",
                "niet van toepassing": "anders_onbekend",
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
            categories=cats(
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
    )
