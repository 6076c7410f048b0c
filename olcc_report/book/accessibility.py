"""What the book's accessibility is tested with: the browser and PDF tests use these, and the
accessibility statement (``book/toegankelijkheid.md``) quotes them, so the page says what the
tests check."""

AXE_CORE = "4.14.1"  # the release package-lock.json pins (a test holds the two together)
SCREEN_WIDTHS = (1366, 390)  # a government laptop and a phone, in CSS pixels
SMALLEST_PRINT_PT = 7  # no text in the PDF is smaller
# The PDF/UA-1 checker the PDF test runs (PyPI, MIT), and the rules it still finds broken in
# the PDF, with why: the test fails on any other. The PDF does not claim PDF/UA for that reason.
PDF_UA_CHECKER = ("page-validation", "0.11.0")
PDF_UA_PROFILE = "PDF/UA-1"
PDF_UA_KNOWN = {
    "PDFUA1-ID-PART-001": "de PDF zegt niet dat hij aan PDF/UA voldoet, omdat hij dat niet "
    "volledig doet",
    "PDFUA1-ID-SCHEMA-001": "idem: de PDF/UA-identificatie ontbreekt in de metadata",
    "PDFUA1-CONTENT-TAGGING-001": "lijnen en vlakken die Chromium tekent (zoals randen en "
    "achtergronden) zijn niet als decoratie gemarkeerd",
    "PDFUA1-LI-KIDS-001": "in de tags van lijsten staat de tekst van een punt niet altijd in een "
    "LBody-element",
    "PDFUA1-TABLE-COLUMN-ROWSPAN-001": "in de tags van sommige tabellen tellen de kolommen niet "
    "even veel rijen",
    "PDFUA1-TABLE-ROW-COLUMNSPAN-001": "in de tags van sommige tabellen tellen de rijen niet "
    "even veel cellen",
}
# The standard Dutch government sites must meet, and the rules axe-core runs by default.
STANDARD = "de Europese norm EN 301 549, die de richtlijnen WCAG 2.1 op niveau AA bevat"
AXE_RULES = "WCAG 2.0, 2.1 en 2.2 op niveau A en AA, en goede praktijken"


def statement_context() -> dict:
    """The accessibility statement's facts, for the page's template."""
    return {
        "axe_version": AXE_CORE,
        "screen_widths": " en ".join(f"{w} pixels" for w in SCREEN_WIDTHS),
        "smallest_print_pt": SMALLEST_PRINT_PT,
        "accessibility_standard": STANDARD,
        "axe_rules": AXE_RULES,
        "pdf_ua_checker": " ".join(PDF_UA_CHECKER),
        "pdf_ua_known": sorted(PDF_UA_KNOWN.items()),
        "pdf_ua_profile": PDF_UA_PROFILE,
    }
