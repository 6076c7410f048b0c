"""The params that say how a period's inputs are read: the export (file, sheet, header row,
separator, encoding, date format, fields not registered), the mapping onto the schema, the
disclosure rules, the codings and the population."""

from __future__ import annotations

import codecs
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from olcc_report.records import schema


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataParams(Strict):
    cases: str = Field(
        description="Path of the case export (CSV, XLSX or Parquet), or 'demo' for synthetic data."
    )
    sheet: str | None = Field(default=None, description="Worksheet of an XLSX export.")
    separator: str | None = Field(
        default=None,
        description="Separator of a CSV export (';', ',', 'tab' or '|'); guessed when empty.",
    )
    encoding: str | None = Field(
        default=None,
        description="Encoding of a CSV export (utf-8, cp1252, utf-16, …); guessed when empty.",
    )
    header_row: int | None = Field(
        default=None,
        ge=1,
        description="Row (as Excel numbers it) that holds the column names, below a title "
        "block; found by content when empty.",
    )
    date_format: str | None = Field(
        default=None,
        description="How dates are written, e.g. 'DD-MM-JJJJ' or 'MM/DD/JJJJ'; guessed when empty.",
    )
    jeugdregio_indeling: Literal[2023, 2025] = Field(
        default=2025,
        description="The CBS indeling (year) of the youth-care regions the export is coded in.",
    )
    not_registered: list[str] = Field(
        default_factory=list,
        description="Optional fields the registration system does not record, and categories "
        "of a multi-valued field it does not ask about (field.code, e.g. problemen.angst).",
    )
    max_rows: int = Field(
        default=100_000,
        ge=1,
        description="The most rows an export may have; reading stops with a message past it "
        "(a year of cases is far fewer: a larger file is likely the wrong one).",
    )
    layout: Literal["wide", "long"] = Field(
        default="wide",
        description="'long' when the export has one row per case and category (the case "
        "number repeats, e.g. one problem per row); the rows of a case are then combined.",
    )

    @model_validator(mode="after")
    def _reading_options(self) -> DataParams:
        if self.separator is not None and separator_character(self.separator) is None:
            raise ValueError(
                f"data.separator {self.separator!r}: give one of ';', ',', 'tab' or '|'"
            )
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValueError(
                    f"data.encoding {self.encoding!r} is not a known encoding "
                    "(e.g. utf-8, cp1252, utf-16)"
                ) from None
        if self.date_format is not None:
            date_pattern(self.date_format)  # raises ValueError saying what is allowed
        return self


_SEPARATORS = {";": ";", ",": ",", "|": "|", "tab": "\t", "\\t": "\t", "\t": "\t"}


def separator_character(name: str) -> str | None:
    """The character a ``data.separator`` value stands for (None if it is not one we read)."""
    return _SEPARATORS.get(name.strip().lower() if name.strip() else name)


_DATE_TOKENS = (
    ("JJJJ", "%Y"),
    ("YYYY", "%Y"),
    ("DD", "%d"),
    ("MM", "%m"),
    ("JJ", "%y"),
    ("YY", "%y"),
)


def date_pattern(date_format: str) -> str:
    """The ``strptime`` pattern of a ``data.date_format`` such as ``DD-MM-JJJJ``."""
    pattern, rest = "", date_format.strip().upper()
    while rest:
        for token, directive in _DATE_TOKENS:
            if rest.startswith(token):
                pattern, rest = pattern + directive, rest[len(token) :]
                break
        else:
            if rest[0] not in "-/. ":
                raise ValueError(
                    f"data.date_format {date_format!r}: use DD, MM and JJJJ (or YYYY) "
                    "separated by '-', '/', '.' or a space, e.g. 'DD-MM-JJJJ'"
                )
            pattern, rest = pattern + rest[0], rest[1:]
    parts = [pattern.count("%d"), pattern.count("%m"), pattern.count("%Y") + pattern.count("%y")]
    if parts != [1, 1, 1]:
        raise ValueError(f"data.date_format {date_format!r}: needs one day, month and year")
    return pattern


class MappingParams(Strict):
    columns: dict[str, str] = Field(
        default_factory=dict, description="Export column name → schema field name."
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Per schema field: export value → schema code."
    )
    indicator_columns: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Per multi-valued field: export 0/1 column → category code.",
    )
    multi_separator: str = Field(default=schema.MULTI_SEPARATOR)


class DisclosureParams(Strict):
    min_count: int = Field(default=10, ge=1, description="Counts from 1 to min_count-1 are hidden.")
    rounding_base: int = Field(
        default=5, ge=1, description="Shown counts are rounded to this base."
    )


class QualitativeParams(Strict):
    codebook: str = Field(description="Codebook YAML, relative to the params file.")
    codings: str = Field(description="Codings (CSV, XLSX or REFI-QDA .qdpx), or 'demo'.")
    sheet: str | None = Field(default=None, description="Worksheet of an XLSX codings file.")
    quotes: str | None = Field(default=None, description="Quote approval file (YAML).")


class PopulationParams(Strict):
    """Another population than the CBS figures shipped with the package (which are the default)."""

    file: str = Field(
        description="CSV with columns jeugdregio (CBS code), jeugdigen_0_14 and jongeren_15_24."
    )
    source: str = Field(description="Where the numbers come from (shown under the table).")
