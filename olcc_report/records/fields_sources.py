"""Source fields: what an export may have instead of a core field, turned into it at reading
and then dropped (never in the case frame, a cache or the book).

* ``geboortedatum`` → ``leeftijd``: the age in whole years on the registration date. A birth
  date identifies a child: no message ever shows one (:mod:`olcc_report.intake.problems`).
* ``gemeente`` → ``jeugdregio``: the youth-care region of the municipality (a CBS name, a former
  name of a merged municipality, or a code like ``GM0363``) in the CBS indeling of
  ``data.jeugdregio_indeling`` (:func:`olcc_report.records.reference.municipalities`).
"""

from __future__ import annotations

from olcc_report.records.field import Field


def source_fields() -> tuple[Field, ...]:
    return (
        Field(
            "geboortedatum",
            "date",
            "Geboortedatum",
            "Alleen om de leeftijd bij aanmelding te berekenen; daarna weggegooid.",
            feeds="leeftijd",
            headers=(
                "geb datum",
                "geb. datum",
                "geboren",
                "geboren op",
                "geboortedatum jeugdige",
                "date of birth",
                "dob",
            ),
        ),
        Field(
            "gemeente",
            "category",
            "Gemeente",
            "Woongemeente van de jeugdige (CBS-naam of -code); daaruit de jeugdregio.",
            feeds="jeugdregio",
            headers=(
                "woongemeente",
                "gemeente jeugdige",
                "gemeentecode",
                "gemeente (woonplaats)",
                "woonplaats gemeente",
                "municipality",
            ),
        ),
    )
