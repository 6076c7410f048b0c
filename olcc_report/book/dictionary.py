"""The data-dictionary page of the book, generated from the schema."""

from __future__ import annotations

from olcc_report.records import reference, schema


def data_dictionary_markdown() -> str:
    """The Dutch data-dictionary page of the book (MyST Markdown)."""
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
        "Dit overzicht wordt gegenereerd uit het schema van het pakket `olcc_report` "
        "(`olcc_report/records/schema.py`) en is daarmee altijd gelijk aan wat de validatie controleert.",
        "",
        "| Veld | Naam | Type | Verplicht | Omschrijving |",
        "|---|---|---|---|---|",
    ]
    for f in schema.fields():
        kind = kind_nl[f.kind]
        if f.kind == "integer":
            kind += f" ({f.minimum} t/m {f.maximum})"
        required = "afgeleid" if f.derived_from else ("ja" if f.required else "nee")
        lines.append(f"| `{f.name}` | {f.label} | {kind} | {required} | {f.description} |")
    lines += [
        "",
        "Velden met meerdere categorieën staan in de export in één cel, gescheiden door `|`, "
        "of als één kolom per categorie met 0 of 1 (kolomnaam `veld_code`, bijvoorbeeld "
        "`problemen_trauma`).",
        "",
    ]
    for f in schema.fields():
        if not f.categories or f.name in ("jeugdregio", "provincie"):
            continue
        lines += [
            f"## {f.label} (`{f.name}`)",
            "",
            "| Code | Label | Toelichting |",
            "|---|---|---|",
        ]
        lines += [f"| `{c.code}` | {c.label} | {c.description} |" for c in f.categories]
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
