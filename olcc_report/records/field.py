"""What a field of the case record is (its kind, categories, synonyms and Dutch label) and the
age groups and CBS age bands; the fields themselves are declared in :mod:`.fields_registration`
and :mod:`.fields_course`, and :mod:`.schema` is what the rest of the package reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from olcc_report.records import reference

Kind = Literal["id", "date", "integer", "category", "multi", "boolean"]

MULTI_SEPARATOR = "|"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str
    description: str
    required: bool = True  # every case has a value (when the field is registered)
    core: bool = False  # without it there is no report; every other input field is optional
    categories: tuple[Category, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    derived_from: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # other spellings of values → code
    headers: tuple[str, ...] = ()  # other names of the column in exports (the mapping assistant)
    # A source field (:mod:`.fields_sources`): the core field it gives when the export has no
    # column for that one; it never reaches the case frame.
    feeds: str | None = None

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.categories]

    def label_of(self, code: str) -> str:
        for category in self.categories:
            if category.code == code:
                return category.label
        raise KeyError(f"{self.name}: unknown code {code!r}")


def cats(*items: tuple[str, str] | tuple[str, str, str]) -> tuple[Category, ...]:
    return tuple(Category(*item) for item in items)


@dataclass(frozen=True)
class AgeGroup:
    code: str
    label: str
    low: int
    high: int  # inclusive


AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("0-4", "0 t/m 4 jaar", 0, 4),
    AgeGroup("5-12", "5 t/m 12 jaar", 5, 12),
    AgeGroup("13-17", "13 t/m 17 jaar", 13, 17),
    AgeGroup("18-23", "18 t/m 23 jaar", 18, 23),
    AgeGroup("24+", "24 jaar en ouder", 24, 27),
)

AGE_MIN, AGE_MAX = 0, 27

# CBS's age bands of young people ("Kerncijfers wijken en buurten": 0–14 and 15–24; no 0–17
# band exists there), the basis of the stille-vragen chapter's expected counts. The few cases
# older than 24 are counted in the oldest band: a band of their own would let a reader subtract
# it from the region table and find them per region. Each band has its population column.
CBS_AGE_BANDS: tuple[AgeGroup, ...] = (
    AgeGroup("0_14", "0 t/m 14 jaar", 0, 14),
    AgeGroup("15_plus", "15 jaar en ouder", 15, AGE_MAX),
)
POPULATION_COLUMNS = dict(
    zip((b.code for b in CBS_AGE_BANDS), reference.POPULATION_BANDS, strict=True)
)
