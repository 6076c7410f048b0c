"""What the book's accessibility is tested with: the browser and PDF tests use these, and the
accessibility statement (``book/toegankelijkheid.md``) quotes them, so the page says what the
tests check."""

AXE_CORE = "4.14.1"  # the release package-lock.json pins (a test holds the two together)
SCREEN_WIDTHS = (1366, 390)  # a government laptop and a phone, in CSS pixels
SMALLEST_PRINT_PT = 7  # no text in the PDF is smaller
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
    }
