"""The data-dictionary page of the book, generated from the schema."""

from __future__ import annotations

from collections.abc import Iterable

from olcc_report.records import reference, schema
from olcc_report.records.vocabulary import NOT_REGISTERED


def data_dictionary_markdown(not_registered: Iterable[str] = ()) -> str:
    """The Dutch data-dictionary page of the book (MyST Markdown); the fields the period does
    not register are marked so."""
    not_registered = set(not_registered)
    kind_nl = {
        "id": "tekst (uniek)",
        "date": "datum",
        "integer": "geheel getal",
        "category": "categorie",
        "multi": "meerdere categorieën",
        "boolean": "ja/nee",
    }
    lines = [
        "# Gegevenswoordenboek",
        "",
        "Dit overzicht wordt gemaakt uit dezelfde beschrijving van de velden waarmee elke "
        "registratie wordt gecontroleerd, en is daarmee altijd gelijk aan wat de controle doet.",
        "",
        "Kernvelden heeft elke registratie nodig; een optioneel veld registreert niet elk team. "
        f"Dan staat bij de figuren en tabellen die het veld nodig hebben: “{NOT_REGISTERED}”.",
        "",
        # Three columns, so that the description keeps the width it needs on a phone and a
        # printed page; what a field is comes in one cell, as a short list.
        "| Veld | Soort | Omschrijving |",
        "|---|---|---|",
    ]
    for f in schema.fields():
        kind = kind_nl[f.kind]
        if f.kind == "integer":
            kind += f" ({f.minimum} t/m {f.maximum})"
        sort = "afgeleid veld" if f.derived_from else ("kernveld" if f.core else "optioneel veld")
        source = f.derived_from or f.name
        status = "niet geregistreerd" if source in not_registered else "geregistreerd"
        if schema.unregistered_categories(not_registered, source):
            status = "deels geregistreerd (zie de categorieën)"
        required = "waarde verplicht" if f.required and not f.derived_from else "mag leeg zijn"
        lines.append(
            f"| `{f.name}` {f.label} | {kind}; {sort}; {required}; in deze periode {status} | "
            f"{f.description} |"
        )
    sources = "; ".join(
        f"in plaats van {schema.get_field(f.feeds).label.lower()} `{f.feeds}`: "
        f"{f.label.lower()} `{f.name}` ({f.description[0].lower()}{f.description[1:].rstrip('.')})"
        for f in schema.source_fields()
        if f.feeds
    )
    lines += [
        "",
        f"Een export mag ook geven: {sources}. Die bronvelden komen niet in de gegevens van het "
        "boek.",
        "",
        "Velden met meerdere categorieën staan in de export in één cel, gescheiden door `|`, "
        "of als één kolom per categorie met 0 of 1 (kolomnaam `veld_code`, bijvoorbeeld "
        "`problemen_trauma`).",
        "",
    ]
    for f in schema.fields():
        if not f.categories or f.name in ("jeugdregio", "provincie"):
            continue
        unasked = schema.unregistered_categories(not_registered, f.name)
        lines += [f"## {f.label} (`{f.name}`)", ""]
        if unasked:
            lines += [
                "De registratie van deze periode vraagt niet naar elke categorie: bij de "
                "categorieën met “niet geregistreerd” staat in de tabellen het symbool `.` "
                "(geen nul).",
                "",
            ]
        lines += ["| Code | Label | Toelichting |", "|---|---|---|"]
        lines += [
            f"| `{c.code}` | {c.label} | "
            + ("**Niet geregistreerd in deze periode.** " if c.code in unasked else "")
            + f"{c.description} |"
            for c in f.categories
        ]
        lines.append("")
    lines += [
        "## Jeugdregio's (`jeugdregio`)",
        "",
        "De jeugdzorgregio's volgens de CBS-indeling 2025. Bron: CBS / PDOK (CBS Gebiedsindelingen).",
        "",
        "| Code | Jeugdregio | Provincie |",
        "|---|---|---|",
    ]
    lines += [f"| `{r.code}` | {r.name} | {r.province} |" for r in reference.regions()]
    lines.append("")
    return "\n".join(lines)
