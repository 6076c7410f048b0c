"""Every word list the package shares, defined once: table symbols, period kinds, plan statuses,
the names under which tables travel from a notebook to the book, and the method constants the
methodology page quotes.

A module that needs one of these imports it from here; nothing else spells them out.
"""

from __future__ import annotations

import re

# --- table symbols (after CBS: x geheim, - nihil, . gegevens ontbreken) --------------------------

SECRET_SYMBOL = "x"
NIL_SYMBOL = "-"
MISSING_SYMBOL = "."
# Before a lower bound: "≥ 110" is a count of at least 110 (with exact counts, a count that
# holds nearly all of its total, so that the few cases outside it cannot be computed).
AT_LEAST_SYMBOL = "≥"
AT_LEAST_WORDS = "ten minste"
# A cell that cannot hold a value by its nature (e.g. a ratio in the national row).
NOT_APPLICABLE = "n.v.t."
# What a figure, table or sentence says about a field the period's registration does not record.
NOT_REGISTERED = "In deze periode niet geregistreerd"
# What a figure says instead of a chart when none of its values can be shown.
NO_CHART = (
    "Geen grafiek: geen enkele waarde van deze figuur kan getoond worden (alle cellen zijn "
    "geheim, nihil of ontbreken). De tabel hieronder laat per cel zien welk symbool geldt."
)
# What each symbol means, as the legend, the text alternatives and a screen reader say it.
SYMBOL_WORDS = {SECRET_SYMBOL: "geheim", NIL_SYMBOL: "nihil", MISSING_SYMBOL: "gegevens ontbreken"}


def symbol_word(text: str) -> str:
    """The word for a symbol, or the text itself when it is not one."""
    return SYMBOL_WORDS.get(text, text)


def symbol_legend(separator: str = "; ") -> str:
    """``x = geheim; - = nihil; . = gegevens ontbreken``."""
    return separator.join(f"{symbol} = {word}" for symbol, word in SYMBOL_WORDS.items())


# --- period kinds ---------------------------------------------------------------------------------

_CALENDAR_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?")


def period_kind(period: str) -> str:
    """``jaar`` for '2020', ``kwartaal`` for '2021-Q1', ``anders`` for any other period name."""
    match = _CALENDAR_PERIOD.fullmatch(period)
    if match is None:
        return "anders"
    return "jaar" if match.group(2) is None else "kwartaal"


def is_calendar_year(period: str) -> bool:
    """True for a period named like a calendar year ('2020'): only years have a plan, a
    history across years and a year before."""
    return period_kind(period) == "jaar"


def calendar_parts(period: str) -> tuple[int, int | None] | None:
    """(year, quarter or None) of a calendar period; None for any other name."""
    match = _CALENDAR_PERIOD.fullmatch(period)
    if match is None:
        return None
    return int(match.group(1)), None if match.group(2) is None else int(match.group(2))


# --- the eight-point plan -------------------------------------------------------------------------

# Status of a plan point a year later: code → Dutch label. ``None``: not filled in yet.
PLAN_STATUS_LABELS = {
    "gerealiseerd": "Gerealiseerd",
    "loopt": "Loopt",
    "niet_gestart": "Niet gestart",
    "vervallen": "Vervallen",
}
PLAN_STATUSES = tuple(PLAN_STATUS_LABELS)
PLAN_STATUS_UNKNOWN = "onbekend"
PLAN_STATUS_UNKNOWN_LABEL = "Nog niet ingevuld"

# --- tables travelling from a notebook to the book ---------------------------------------------------

TABLE_METADATA = "olcc_table"  # key of a figure's CSV in its notebook output's metadata

# Slots: what the book knows of a figure only when the whole book is assembled (its number, its
# source line, its download's published name). The figure's markup holds a slot where each goes;
# the book's Sphinx extension fills them (olcc_report.book.sphinx_numbers), and empties them for a
# figure the book does not number. Names: the number in the figure's or table's caption, the
# same as the start of its accessible name, the source line, the CSV's file name.
SLOT_NAMES = ("figuur", "figuur-naam", "tabel", "tabel-naam", "bron", "bestand")
SLOT = re.compile(r"<!--olcc:(?P<name>[a-z-]+):(?P<key>[\w-]+)-->")


# How a page calls vega-embed for one drawing of a chart: olcc_report.figures.render writes it,
# and the build's checks read the spec (JSON data) back out of it.
CHART_CALL = re.compile(
    r'vegaEmbed\("#(?P<id>[^"]+)", label\((?P<spec>\{.*?\})\), \{"actions"', re.S
)


def slot(name: str, key: str) -> str:
    """The slot ``name`` of the figure ``key`` in its markup."""
    if name not in SLOT_NAMES:
        raise ValueError(f"no slot {name!r}")
    return f"<!--olcc:{name}:{key}-->"


TABLES_DIR = "_static/tabellen"  # where the book publishes the CSV downloads
SYNTHETIC_MARK = "synthetisch"


def published_name(name: str, demo: bool) -> str:
    """A download's name on the site and in the zip: a demo book's says synthetic
    (``problemen-synthetisch.csv``), so a downloaded file is never taken for real figures."""
    if not demo:
        return name
    for suffix in (".meta.csv", ".csv", ".zip"):
        if name.endswith(suffix):
            return f"{name[: -len(suffix)]}-{SYNTHETIC_MARK}{suffix}"
    return name


# --- method constants the methodology page quotes --------------------------------------------------

DAYS_PER_YEAR = 365.25
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR  # a month of the Kaplan–Meier curve
# Combinations are listed of the most frequent problems only: every pair and every triple of
# them, shown or secret (a list of the most frequent combinations would tell that every
# combination left out is smaller, a relation between hidden counts).
TOP_PROBLEMS = 5
# Every float that reaches an output (chart data, tables, glued values, CSVs) is rounded to this
# many decimals where it is made: the last bits of scipy's and numpy's results differ between
# CPUs, and the same inputs must give the same bytes on any machine.
FLOAT_DECIMALS = 6

# --- the demo ------------------------------------------------------------------------------------

DEMO_NOTICE = "Demonstratie met synthetische gegevens — geen echte casuïstiek"
DEMO_LABEL = "synthetische gegevens"
