"""The regional books of a period (``regions:`` in the params): which CBS youth-care regions, or
named groups of them, get a book of their own beside the national one, and who publishes it.

Every regional book comes from the same cases as the national book: the books of a period are
protected together (see :mod:`olcc_report.figures.release_regions`), so the set is part of
the params, not of a command-line option."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from olcc_report.intake.params_inputs import Strict
from olcc_report.intake.params_publication import ContactParams
from olcc_report.records import reference

ALL_REGIONS = "alle"  # every CBS youth-care region its own book
FROM_REGIONS = "regio's"  # data.cases: the national cases are the regional books' own exports
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


class RegionalBookParams(Strict):
    code: str = Field(
        description="A CBS youth-care region (JZ14), or a short code of your own for a group."
    )
    name: str | None = Field(default=None, description="Default: CBS's name of the region.")
    regions: list[str] = Field(
        default_factory=list,
        description="A group of regions (a supra-regional network): their CBS codes.",
    )
    publisher: str | None = Field(default=None, description="Default: the national publisher.")
    contact: ContactParams | None = Field(default=None, description="Default: the national one.")
    narrative: str | None = Field(
        default=None,
        description="Folder with the book's own pages (Markdown), relative to book/<period>/.",
    )
    cases: str | None = Field(
        default=None,
        description="This book's own export, when data.cases is \"regio's\": the national "
        "cases are the books' exports together (same columns and mapping).",
    )

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.fullmatch(value):
            raise ValueError("use letters, digits and '-' only (it names the book's folder)")
        return value


@dataclass(frozen=True)
class RegionalBook:
    """One regional book, resolved: its code, name, CBS regions and publisher."""

    code: str
    name: str
    members: tuple[str, ...]  # CBS youth-care region codes
    publisher: str | None
    contact: ContactParams | None
    narrative: str | None
    cases: str | None = None  # its own export (relative to the params), if the params say so

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1


def _known() -> dict[str, str]:
    return {r.code: r.name for r in reference.regions()}


def _book_problems(books: list[RegionalBookParams]) -> list[str]:
    """Unknown regions, groups without a name, a region in two books."""
    known, problems, taken, codes = _known(), [], {}, set()
    for book in books:
        if book.code in codes:
            problems.append(f"'regions': book {book.code} is declared twice")
        codes.add(book.code)
        if book.regions and book.name is None:
            problems.append(f"'regions': the group {book.code} needs a 'name'")
        if not book.regions and book.code not in known:
            problems.append(
                f"'regions': {book.code} is not a CBS youth-care region code (JZ01 … JZ43); "
                "for a group of regions, give 'name' and 'regions'"
            )
        for code in book.regions or [book.code]:
            if code not in known:
                if book.regions:
                    problems.append(f"'regions': {code} (in {book.code}) is not a CBS region code")
            elif code in taken:
                problems.append(
                    f"'regions': {code} is in both {taken[code]} and {book.code}; the books "
                    "of a period cover disjoint regions"
                )
            taken.setdefault(code, book.code)
    return problems


def _export_problems(books: list[RegionalBookParams], from_regions: bool) -> list[str]:
    """Every book gives its own export exactly when the national cases are combined from them."""
    if from_regions:
        missing = [
            f"'regions': {b.code} has no 'cases' (data.cases is \"regio's\": every book "
            "gives its own export)"
            for b in books
            if b.cases is None
        ]
        return missing + ([] if books else ['data.cases "regio\'s" needs regional books'])
    return [
        f"'regions': {b.code} gives 'cases', but data.cases is not \"regio's\" (the national "
        "export is split by region; to combine the books' exports, set data.cases: \"regio's\")"
        for b in books
        if b.cases is not None
    ]


class RegionsMixin(Strict):
    regions: list[RegionalBookParams] | Literal["alle"] = Field(
        default_factory=list,
        description="Regional books beside the national one ('alle': every CBS region).",
    )

    @model_validator(mode="after")
    def _regions_known(self):
        from_regions = self.data.cases == FROM_REGIONS
        if self.regions == ALL_REGIONS:
            if from_regions:
                raise ValueError(
                    'data.cases "regio\'s" needs a list of regional books, each with its '
                    "'cases' (regions: alle has none)"
                )
            return self
        problems = _book_problems(self.regions) + _export_problems(self.regions, from_regions)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def regional_books(self) -> tuple[RegionalBook, ...]:
        """The period's regional books, in the order the params give them (CBS's for 'alle')."""
        known = _known()
        if self.regions == ALL_REGIONS:
            return tuple(
                RegionalBook(code, name, (code,), None, None, None) for code, name in known.items()
            )
        return tuple(
            RegionalBook(
                b.code,
                b.name or known[b.code],
                tuple(b.regions or [b.code]),
                b.publisher,
                b.contact,
                b.narrative,
                b.cases,
            )
            for b in self.regions
        )
