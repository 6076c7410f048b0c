"""Cell values as analysts type them: names and codes matched loosely, dates, numbers and
ja/nee parsed, or a ValueError saying what was expected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

import pandas as pd

from olcc_report.records import reference, schema


def normalise(text: Any) -> str:
    """Case-, accent- and spacing-insensitive key for matching names and values."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-/]+", " ", folded).strip().casefold()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, str) and not value.strip()


def show_value(value: Any) -> str:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


# --- cell parsers: value → parsed value, or raise ValueError with what was expected ----------------

_DATE_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
)
_DATE_EXPECTED = "expected a date like 2020-03-31 or 31-03-2020"


def parse_date(value: Any) -> pd.Timestamp:
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return pd.Timestamp(dt.date(parts["y"], parts["m"], parts["d"]))
            except ValueError:
                raise ValueError(f"not an existing date; {_DATE_EXPECTED}") from None
    raise ValueError(_DATE_EXPECTED)


def parse_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise ValueError("expected a whole number")


_TRUE = {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
_FALSE = {"nee", "n", "0", "false", "onwaar", "no"}


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = normalise(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError("expected ja or nee (or 1 or 0)")


class CategoryLookup:
    """Accepts a category's code, its Dutch label, known aliases and the params value mapping."""

    def __init__(self, field: schema.Field, mapped: dict[str, str]):
        self.field = field
        self.table: dict[str, str] = {}
        for category in field.categories:
            self.table[normalise(category.code)] = category.code
            self.table[normalise(category.label)] = category.code
        for alias, code in field.aliases.items():
            self.table[normalise(alias)] = code
        self.explanations: dict[str, str] = {}
        if field.name == "jeugdregio":
            for alias, code in reference.region_aliases().items():
                self.table.setdefault(normalise(alias), code)
            self.explanations = {
                normalise(name): why for name, why in reference.ambiguous_region_names().items()
            }
        for value, code in mapped.items():
            self.table[normalise(value)] = code

    def expected(self) -> str:
        codes = self.field.codes
        if len(codes) > 12:
            return f"expected one of the {len(codes)} codes or names of the data dictionary"
        return "expected one of: " + ", ".join(codes)

    def __call__(self, value: Any) -> str:
        key = normalise(value)
        if key in self.table:
            return self.table[key]
        if key in self.explanations:
            raise ValueError(
                f"ambiguous region name: {self.explanations[key]}; map it in params "
                f"(mapping.values.{self.field.name})"
            )
        hint = difflib.get_close_matches(key, list(self.table), n=1, cutoff=0.75)
        message = f"unknown {self.field.name}; {self.expected()}"
        if hint:
            message += f" (did you mean '{self.table[hint[0]]}'?)"
        raise ValueError(message)


# --- column mapping ----------------------------------------------------------------------------------
