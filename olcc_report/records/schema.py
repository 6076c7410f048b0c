"""The case registration record: the single source of truth for columns, types, categories and labels.

Everything else derives from ``FIELDS``: the reader's column recognition, the pandera schema of the
typed case frame, the Dutch labels in tables and charts, and the data-dictionary page of the book.

Typed case frame (what :func:`olcc_report.intake.validate.validate_export` returns):

* one row per case, index = the row number as a spreadsheet program shows it in the export;
* ``id``: string; ``date``: ``datetime64``; ``integer``: ``Int64``; ``boolean``: ``boolean``;
* ``category``: pandas ``Categorical`` of the stable codes, in the order listed here;
* ``multi``: one boolean column per category, named ``<field>__<code>`` (see :func:`indicator_column`);
* derived fields (``leeftijdsgroep``, ``leeftijdsband``, ``provincie``) are added by the validator.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from olcc_report.records.field import (
    AGE_GROUPS,
    AGE_MAX,
    AGE_MIN,
    CBS_AGE_BANDS,
    MULTI_SEPARATOR,
    POPULATION_COLUMNS,
    AgeGroup,
    Category,
    Field,
    Kind,
)
from olcc_report.records.fields_course import course_fields
from olcc_report.records.fields_registration import registration_fields
from olcc_report.records.fields_sources import source_fields

__all__ = [
    "AGE_GROUPS",
    "AGE_MAX",
    "AGE_MIN",
    "CBS_AGE_BANDS",
    "MULTI_SEPARATOR",
    "POPULATION_COLUMNS",
    "REGISTRATION_FIELDS",
    "AgeGroup",
    "Category",
    "Field",
    "Kind",
    "fields",
    "source_fields",
]


@cache
def fields() -> tuple[Field, ...]:
    """All fields of the case record, in the order of the data dictionary."""
    return registration_fields() + course_fields()


@cache
def field_by_name() -> dict[str, Field]:
    return {f.name: f for f in fields()}


def get_field(name: str) -> Field:
    return field_by_name()[name]


def source_for(field_name: str) -> Field | None:
    """The source field an export may give instead of ``field_name`` (a birth date for the
    age, a municipality for the region), or None."""
    return next((f for f in source_fields() if f.feeds == field_name), None)


def mapping_target(name: str) -> Field:
    """An input field or a source field by name."""
    return next(f for f in mapping_targets() if f.name == name)


def mapping_targets() -> tuple[Field, ...]:
    """What an export column can be mapped to: the input fields and the source fields."""
    return input_fields() + source_fields()


def input_fields() -> tuple[Field, ...]:
    """Fields an export provides (not derived)."""
    return tuple(f for f in fields() if f.derived_from is None)


def optional_fields() -> tuple[Field, ...]:
    """Input fields a team may not register (``data.not_registered`` in the params)."""
    return tuple(f for f in input_fields() if not f.core)


def registered_fields(columns: Iterable[str]) -> frozenset[str]:
    """The fields a typed case frame with these columns registers: a field is registered when
    its column (for a multi-valued field: an indicator column of at least one category, see
    :func:`registered_codes`) is in the frame. Derived fields count as registered with their
    source."""
    present = set(columns)
    out = set()
    for f in fields():
        source = get_field(f.derived_from) if f.derived_from else f
        if source.kind == "multi":
            if registered_codes(source.name, present):
                out.add(f.name)
        elif source.name in present:
            out.add(f.name)
    return frozenset(out)


def category_entry(field_name: str, code: str) -> str:
    """How ``data.not_registered`` names one category of a multi-valued field that an export
    does not register (a system asking about nine of the fifteen problems): ``problemen.angst``."""
    return f"{field_name}.{code}"


def unregistered_categories(not_registered: Iterable[str], field_name: str) -> list[str]:
    """The categories of ``field_name`` that ``data.not_registered`` names, in schema order."""
    prefix = f"{field_name}."
    named = {entry.removeprefix(prefix) for entry in not_registered if entry.startswith(prefix)}
    return [c for c in get_field(field_name).codes if c in named]


def registered_codes(field_name: str, columns: Iterable[str]) -> list[str]:
    """The categories of a multi-valued field a case frame with these columns registers (an
    export with a yes/no column for some categories only registers those)."""
    present = set(columns)
    return [c for c in get_field(field_name).codes if indicator_column(field_name, c) in present]


def indicator_column(field_name: str, code: str) -> str:
    """Name of the boolean column for one category of a multi-valued field."""
    return f"{field_name}__{code}"


def indicator_columns(field_name: str) -> list[str]:
    return [indicator_column(field_name, code) for code in get_field(field_name).codes]


def age_group_of(age: int) -> str:
    for group in AGE_GROUPS:
        if group.low <= age <= group.high:
            return group.code
    raise ValueError(f"age {age} outside {AGE_MIN}-{AGE_MAX}")


def cbs_band_of(age: int) -> str:
    for band in CBS_AGE_BANDS:
        if band.low <= age <= band.high:
            return band.code
    raise ValueError(f"age {age} outside {AGE_MIN}-{AGE_MAX}")


def age_ranges_meet(group: str, band: str) -> bool:
    """Whether an age group and a CBS age band share any age (unknown values: yes)."""
    groups = {g.code: g for g in AGE_GROUPS}
    bands = {b.code: b for b in CBS_AGE_BANDS}
    if group not in groups or band not in bands:
        return True
    g, b = groups[group], bands[band]
    return g.low <= b.high and b.low <= g.high


def labels(field_name: str) -> dict[str, str]:
    """Stable code → Dutch label for a categorical or multi-valued field."""
    return {c.code: c.label for c in get_field(field_name).categories}


# Fields a case has from its registration on (not what happened after): a quarter's counts of
# them lie within its year's. Used by the book's cell model and by the intruder's audit.
REGISTRATION_FIELDS = frozenset(
    {
        "aanmelder",
        "leeftijdsgroep",
        "leeftijdsband",
        "geslacht",
        "problemen",
        "profielgroep",
        "jeugdregio",
        "provincie",
        "verstoringen",
        "woonsituatie",
        "hulpvraag",
        "leefgebieden",
    }
)
