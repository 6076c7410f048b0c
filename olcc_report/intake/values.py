"""Cell values as analysts type them: names and codes matched loosely, dates, numbers and
ja/nee parsed, or a ValueError saying what was expected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

import pandas as pd

from olcc_report.intake.params import date_pattern
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
_DATE_EXPECTED = "expected a date like 2020-03-31, 31-03-2020 or 31 maart 2020"

# Dutch month names as people and systems write them: "1 februari 2023", "1 feb. 2023",
# "1 mrt 2023", with or without the day of the week before it ("woensdag 1 februari 2023").
_MONTHS = {
    **dict.fromkeys(("januari", "jan"), 1),
    **dict.fromkeys(("februari", "feb", "febr"), 2),
    **dict.fromkeys(("maart", "mrt", "mar", "maa"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei",), 5),
    **dict.fromkeys(("juni", "jun"), 6),
    **dict.fromkeys(("juli", "jul"), 7),
    **dict.fromkeys(("augustus", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_MONTH_DATE = re.compile(
    r"(?:(?:maan|dins|woens|donder|vrij|zater|zon)dag,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})",
    re.IGNORECASE,
)


_EXCEL_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")
# Serial numbers of 1 January 1950 and 31 December 2099: a date cell of a plausible export.
_SERIAL_RANGE = (18264, 73050)


class DateParser:
    """Parses a date cell: a date or datetime (XLSX), an Excel serial number (an XLSX date
    column whose cells are formatted as numbers), or text in ``date_format`` (params
    ``data.date_format``) or, without one, ``2020-03-31`` or ``31-03-2020``."""

    def __init__(self, date_format: str | None = None):
        self.date_format = date_format
        self.pattern = None if date_format is None else date_pattern(date_format)

    def __call__(self, value: Any) -> pd.Timestamp:
        if isinstance(value, (pd.Timestamp, dt.datetime)):
            return pd.Timestamp(value).normalize()
        if isinstance(value, dt.date):
            return pd.Timestamp(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self._serial(value)
        text = str(value).strip()
        if self.pattern is not None:
            try:
                return pd.Timestamp(dt.datetime.strptime(text, self.pattern)).normalize()
            except ValueError:
                raise ValueError(self._expected(text)) from None
        for pattern, order in _DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
                try:
                    return pd.Timestamp(dt.date(parts["y"], parts["m"], parts["d"]))
                except ValueError:
                    raise ValueError(f"not an existing date; {self._expected(text)}") from None
        match = _MONTH_DATE.fullmatch(text)
        if match and match.group(2).casefold() in _MONTHS:
            day, month, year = match.groups()
            try:
                return pd.Timestamp(dt.date(int(year), _MONTHS[month.casefold()], int(day)))
            except ValueError:
                raise ValueError(f"not an existing date; {self._expected(text)}") from None
        raise ValueError(self._expected(text))

    def _serial(self, value: float) -> pd.Timestamp:
        from openpyxl.utils.datetime import from_excel

        if not (_SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]):
            raise ValueError("expected a date; this number is not an Excel date from 1950 to 2099")
        return pd.Timestamp(from_excel(value)).normalize()

    def _expected(self, text: str) -> str:
        if self.date_format is not None:
            expected = f"expected a date written as {self.date_format} (params data.date_format)"
        else:
            expected = _DATE_EXPECTED + " (or set data.date_format in the params)"
        if _EXCEL_SERIAL.fullmatch(text):
            expected += (
                "; this looks like an Excel serial date: format the column as a date in Excel "
                "before saving as CSV, or export as XLSX"
            )
        return expected


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
    if isinstance(value, (dt.date, pd.Timestamp)) or any(
        pattern.fullmatch(text) for pattern, _ in _DATE_PATTERNS
    ):
        raise ValueError(
            "expected a whole number, not a date; if the column holds birth dates, map it to "
            "geboortedatum (mapping.columns): the age on the registration date is computed"
        )
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
            for name, code in reference.region_names_2023().items():  # CBS's 2023 names
                self.table.setdefault(normalise(name), code)
            self.explanations = {
                normalise(name): (
                    f"'{name}' is a gemeente (in jeugdregio {m.regions[2025]}); map the column "
                    "to the field gemeente (mapping.columns) and the region follows from it"
                )
                for name, m in reference.municipalities().items()
                if not name.startswith("GM")
            }
            self.explanations.update(
                {
                    normalise(name): f"ambiguous region name: {why}; map it in params "
                    f"(mapping.values.{field.name})"
                    for name, why in reference.ambiguous_region_names().items()
                }
            )
        for value, code in mapped.items():
            self.table[normalise(value)] = code

    def expected(self) -> str:
        codes = self.field.codes
        if len(codes) > 12:
            return f"expected one of the {len(codes)} codes or names of the data dictionary"
        return "expected one of: " + ", ".join(codes)

    def __call__(self, value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number in Excel: 1.0 is "1"
        key = normalise(value)
        if key in self.table:
            return self.table[key]
        if key in self.explanations:
            raise ValueError(self.explanations[key])
        hint = difflib.get_close_matches(key, list(self.table), n=1, cutoff=0.75)
        message = f"unknown {self.field.name}; {self.expected()}"
        if hint:
            message += f" (did you mean '{self.table[hint[0]]}'?)"
        raise ValueError(message)


class MunicipalityLookup:
    """A municipality (CBS name, a former name of a merged one, or code ``GM0363``) → its
    youth-care region in CBS indeling ``indeling``."""

    def __init__(self, indeling: int):
        self.indeling = indeling
        self.table = {normalise(k): m for k, m in reference.municipalities().items()}
        self.split = {normalise(k): v for k, v in reference.split_municipalities().items()}

    def __call__(self, value: Any) -> str:
        municipality = self.table.get(normalise(value))
        if municipality is not None:
            return municipality.regions[self.indeling]
        if normalise(value) in self.split:
            raise ValueError(
                "a former municipality split over "
                f"{', '.join(self.split[normalise(value)])}: give the present municipality"
            )
        from rapidfuzz import process

        best = process.extractOne(normalise(value), list(self.table), score_cutoff=85)
        hint = f" (did you mean '{self.table[best[0]].name}'?)" if best else ""
        raise ValueError(
            f"unknown gemeente; expected a CBS municipality name or code like GM0363{hint}"
        )


# --- column mapping ----------------------------------------------------------------------------------
