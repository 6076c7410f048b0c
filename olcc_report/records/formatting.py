"""Dutch formats for everything a reader sees (1.234, 27%, 3 februari 2020), and text made safe
for the files a reader downloads."""

from __future__ import annotations

import datetime as dt
import math
import re

from olcc_report.records.vocabulary import FLOAT_DECIMALS, MISSING_SYMBOL, NIL_SYMBOL

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_NL_SHORT = (
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)

# Vega/d3 number locale for nl-NL: decimal comma, thousands dot.
VEGA_NL_NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€\u00a0", ""],
}


def format_count(value: int | float | None, missing: str = MISSING_SYMBOL) -> str:
    """Whole number with a dot as thousands separator: 1234 → '1.234'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return f"{int(value):,}".replace(",", ".")


def stable(value: float) -> float:
    """A float as it may reach an output: rounded to ``FLOAT_DECIMALS`` decimals (the same on
    any CPU, whatever its last bits were)."""
    return round(float(value), FLOAT_DECIMALS)


def format_percent(share: float | None, missing: str = MISSING_SYMBOL) -> str:
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


def format_decimal(value: float) -> str:
    """A number with as many decimals as it needs, decimal comma: 365.25 → '365,25'."""
    return f"{value:,g}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_fixed(value: float, decimals: int) -> str:
    """A number with a fixed number of decimals, Dutch: 1234.5 → '1.234,50' (2 decimals)."""
    return f"{value:,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_level(share: float) -> str:
    """A confidence level as Dutch text: 0.998 → '99,8%'."""
    return format_decimal(round(share * 100, 6)) + "%"


def date_nl(day: dt.date) -> str:
    """3 februari 2020."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def neutralise(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (=, +, -, @ at the start).

    The lone symbol ``-`` (nihil) is left as it is: a spreadsheet reads it as text."""
    text = str(text)
    if text and text[0] in "=+-@\t\r" and text != NIL_SYMBOL:
        return "'" + text
    return text


# Every ASCII punctuation mark: CommonMark (and so MyST) reads each one escaped as itself.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: object, paragraphs: bool = False) -> str:
    """Text that Markdown (MyST) shows exactly as written: every punctuation mark escaped, so
    no HTML, link, emphasis, role (``{glue}``), directive or substitution can come from it.
    Runs of white space become one space (so it fits in a heading or a table cell); with
    ``paragraphs``, blank lines still separate paragraphs."""
    blocks = re.split(r"\n\s*\n", str(text)) if paragraphs else [str(text)]
    return "\n\n".join(
        _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(b.split())) for b in blocks if b.strip()
    )


def markdown_code(text: object) -> str:
    """Text as a Markdown code span, fenced with more backticks than it contains."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
