"""Core fields computed from a source field when the export has no column for them: the age
on the registration date from a birth date, the youth-care region from the municipality
(:mod:`olcc_report.records.fields_sources`). The source values stay in the raw export only:
the typed frame gets the computed field, and no message shows a birth date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from olcc_report.intake.problems import Problem
from olcc_report.intake.values import DateParser, MunicipalityLookup, is_blank
from olcc_report.records import schema


def fed_by_source(single: dict[str, str]) -> set[str]:
    """The fields without a column of their own whose source field has one."""
    return {
        f.feeds
        for f in schema.source_fields()
        if f.name in single and f.feeds is not None and f.feeds not in single
    }


def fill_from_sources(
    raw: pd.DataFrame,
    single: dict[str, str],
    typed: pd.DataFrame,
    file: str,
    problems: list[Problem],
    bad: set[tuple[int, str]],
    date_format: str | None,
    indeling: int,
    parse_column: Callable[..., list[Any]],
) -> None:
    """``parse_column``: the mapping's own cell parser (one problem per cell it refuses)."""
    fed = fed_by_source(single)
    if "leeftijd" in fed:
        typed["leeftijd"] = pd.Series(
            _ages(raw, single["geboortedatum"], typed, file, problems, bad, date_format),
            index=typed.index,
            dtype="Int64",
        )
    if "jeugdregio" in fed:
        column = single["gemeente"]
        lookup = MunicipalityLookup(indeling)
        regions = parse_column(raw[column], lookup, file, column, problems, bad, "jeugdregio")
        codes = schema.get_field("jeugdregio").codes
        typed["jeugdregio"] = pd.Categorical(regions, categories=codes, ordered=True)


def _ages(raw, column, typed, file, problems, bad, date_format) -> list[int | None]:
    """Whole years from the birth date to the registration date. A problem names the row and
    column and what is wrong, never the birth date."""
    parse = DateParser(date_format)
    ages: list[int | None] = []
    for row, value in raw[column].items():
        if is_blank(value):
            ages.append(None)
            continue
        try:
            born = parse(value)
        except ValueError as exc:
            problems.append(Problem(file, int(row), column, None, f"a birth date: {exc}"))
            bad.add((int(row), "leeftijd"))
            ages.append(None)
            continue
        registered = typed.loc[row, "aanmelddatum"]
        if pd.isna(registered):
            ages.append(None)
            continue
        if born > registered:
            problems.append(
                Problem(file, int(row), column, None, "birth date after the registration date")
            )
            bad.add((int(row), "leeftijd"))
            ages.append(None)
            continue
        before_birthday = (registered.month, registered.day) < (born.month, born.day)
        ages.append(registered.year - born.year - int(before_birthday))
    return ages
