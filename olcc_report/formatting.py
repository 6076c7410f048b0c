"""Dutch number formats for everything a reader sees: 1.234 and 27%."""

from __future__ import annotations

import math

# Vega/d3 number locale for nl-NL: decimal comma, thousands dot.
VEGA_NL_NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€\u00a0", ""],
}


def format_count(value: int | float | None, missing: str = ".") -> str:
    """Whole number with a dot as thousands separator: 1234 → '1.234'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return f"{int(value):,}".replace(",", ".")


def format_percent(share: float | None, missing: str = ".") -> str:
    """Share (0–1) as a whole percentage: 0.274 → '27%'. Rounded half up."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return missing
    return f"{math.floor(share * 100 + 0.5)}%"


class DutchText:
    """Text whose repr is itself, so myst-nb glue shows it without quotes (a str would get them)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text
